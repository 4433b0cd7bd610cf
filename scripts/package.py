#!/usr/bin/env python3
"""Build ``dist/wertvoll-<version>.zip``: exactly what runs in QGIS, in a folder ``wertvoll/``.

Included: metadata.txt, the Python packages the plugin imports, resources, compiled
translations (.qm; run ``make i18n`` first), LICENSE, README.md, CHANGELOG.md, and ``ext_libs/``:
the pure-Python wheels of requirements-bundled.txt unpacked (licence files included), downloaded
once into build/wheels with pip. Left out: tests, scripts, bench, CI and build files, .ts sources,
caches. Needs only Python with pip and the compiled translations.
"""
import argparse
import configparser
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP_FILES = ["metadata.txt", "LICENSE", "README.md", "CHANGELOG.md"]  # and every *.py of the root
PACKAGES = ["algorithms", "ui", "kernels", "report", "resources", "i18n"]
SKIP_SUFFIXES = {".pyc", ".ts", ".pro"}
SKIP_PARTS = {"__pycache__", ".pytest_cache"}
SKIP_NAMES = {".DS_Store"}
BUNDLED = ROOT / "requirements-bundled.txt"
WHEELS = ROOT / "build" / "wheels"
MAX_ZIP_BYTES = 25 * 1024 * 1024  # plugins.qgis.org refuses larger uploads


def version():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "metadata.txt", encoding="utf-8")
    return parser.get("general", "version")


def plugin_files():
    """Paths (relative to the repo root) that go into the zip, sorted."""
    files = [ROOT / name for name in TOP_FILES if (ROOT / name).exists()] + sorted(ROOT.glob("*.py"))
    for package in PACKAGES:
        base = ROOT / package
        if base.is_dir():
            files += [
                p for p in base.rglob("*")
                if p.is_file() and p.suffix not in SKIP_SUFFIXES and p.name not in SKIP_NAMES
                and not SKIP_PARTS.intersection(p.relative_to(ROOT).parts)
            ]
    return sorted(p.relative_to(ROOT) for p in files)


def bundled_requirements():
    """``[(distribution, version)]`` of requirements-bundled.txt."""
    lines = (line.split("#")[0].strip() for line in BUNDLED.read_text(encoding="utf-8").splitlines())
    return [tuple(line.split("==")) for line in lines if line]


def bundled_wheels():
    """The wheel of every bundled requirement, downloaded into build/wheels when missing."""
    wanted = bundled_requirements()

    def found():
        return {(name, version): sorted(WHEELS.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
                for name, version in wanted}

    if not all(found().values()):
        WHEELS.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                   "--no-deps", "--only-binary=:all:", "--dest", str(WHEELS)]
        subprocess.run(command + [f"{name}=={version}" for name, version in wanted], check=True)
    missing = [f"{name}=={version}" for (name, version), wheels in found().items() if not wheels]
    if missing:
        sys.exit(f"package: no wheel for {', '.join(missing)} in {WHEELS}")
    return [wheels[-1] for wheels in found().values()]


def add_bundled(archive):
    """Unpack the bundled wheels into ``wertvoll/ext_libs/`` of *archive*; returns the file count."""
    count = 0
    for wheel in bundled_wheels():
        with zipfile.ZipFile(wheel) as source:
            for name in source.namelist():
                if not name.endswith("/") and not name.endswith(".pyc"):
                    archive.writestr(f"wertvoll/ext_libs/{name}", source.read(name))
                    count += 1
    return count


def build(out_dir):
    files = plugin_files()
    if not any(f.suffix == ".qm" for f in files):
        sys.exit("package: no compiled translation (.qm) in i18n/ - run 'make i18n' first")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"wertvoll-{version()}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel in files:
            archive.write(ROOT / rel, f"wertvoll/{rel.as_posix()}")
        bundled = add_bundled(archive)
    size = target.stat().st_size
    print(f"package: {target} ({len(files)} files + {bundled} bundled, {size / 1024:.0f} KiB)")
    if size > MAX_ZIP_BYTES:
        sys.exit(f"package: {target} is larger than plugins.qgis.org's limit of 25 MB")
    return target


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    build(parser.parse_args().out)
