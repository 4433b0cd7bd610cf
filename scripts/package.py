#!/usr/bin/env python3
"""Build ``dist/wertvoll-<version>.zip``: exactly what runs in QGIS, in a folder ``wertvoll/``.

Included: metadata.txt, the Python packages the plugin imports, resources, compiled
translations (.qm; run ``make i18n`` first), LICENSE, README.md, CHANGELOG.md.
Left out: tests, scripts, bench, CI and build files, .ts sources, caches.
"""
import argparse
import configparser
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP_FILES = ["metadata.txt", "__init__.py", "plugin.py", "LICENSE", "README.md", "CHANGELOG.md"]
PACKAGES = ["algorithms", "ui", "kernels", "report", "resources", "i18n"]
SKIP_SUFFIXES = {".pyc", ".ts", ".pro"}
SKIP_PARTS = {"__pycache__", ".pytest_cache"}
SKIP_NAMES = {".DS_Store"}


def version():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "metadata.txt", encoding="utf-8")
    return parser.get("general", "version")


def plugin_files():
    """Paths (relative to the repo root) that go into the zip, sorted."""
    files = [ROOT / name for name in TOP_FILES if (ROOT / name).exists()]
    for package in PACKAGES:
        base = ROOT / package
        if base.is_dir():
            files += [
                p for p in base.rglob("*")
                if p.is_file() and p.suffix not in SKIP_SUFFIXES and p.name not in SKIP_NAMES
                and not SKIP_PARTS.intersection(p.relative_to(ROOT).parts)
            ]
    return sorted(p.relative_to(ROOT) for p in files)


def build(out_dir):
    files = plugin_files()
    if not any(f.suffix == ".qm" for f in files):
        sys.exit("package: no compiled translation (.qm) in i18n/ - run 'make i18n' first")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"wertvoll-{version()}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel in files:
            archive.write(ROOT / rel, f"wertvoll/{rel.as_posix()}")
    print(f"package: {target} ({len(files)} files, {target.stat().st_size / 1024:.0f} KiB)")
    return target


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    build(parser.parse_args().out)
