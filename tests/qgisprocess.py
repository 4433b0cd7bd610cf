"""qgis_process.bin the way a planner runs it: the QGIS's own Python, no venv, a throw-away profile.

qgis_process.bin embeds the system Python (on Debian /usr/bin/python3): it never sees the dev venv,
so what it imports is what a planner's QGIS has. Debian's /usr/bin/qgis_process wrapper adds
--noversioncheck and fails, hence the .bin.

* :func:`plugin_folder` unpacks the packaged zip (``make package``), so the bundled ``ext_libs`` are
  what is tested, not the source tree.
* :func:`user_site_with_pip_shapely` installs shapely exactly as the in-app hint says (``pip install
  --user`` with numpy and scipy pinned to the system's), into a user site under build/ instead of
  the real home (``PYTHONUSERBASE``), and ``--upgrade`` so that a QGIS whose distribution ships
  shapely gets pip's newest wheel too: a wheel with its own GEOS in a process that loaded QGIS's.
"""
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QGIS_PROCESS = shutil.which("qgis_process.bin")
SYSTEM_PYTHON = str(Path(sys.base_prefix) / "bin" / "python3")


def plugin_folder(tmp_path):
    """A plugins folder holding the packaged plugin (dist/wertvoll-<version>.zip) unpacked."""
    from qgis_desktop import plugin_zip

    archive = plugin_zip(tmp_path)
    folder = Path(tmp_path) / "plugins"
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(folder)
    return folder


def environment(tmp_path, plugins, locale=None, user_base=None):
    """Environment for qgis_process.bin: *plugins* folder, a fresh profile with WERTvoll enabled.

    *locale* ("de") sets the QGIS user interface language; *user_base* a PYTHONUSERBASE.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONUSERBASE", "VIRTUAL_ENV")}
    env.update(QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=str(plugins),
               QGIS_CUSTOM_CONFIG_PATH=str(Path(tmp_path) / "profile"))
    if user_base:
        env["PYTHONUSERBASE"] = str(user_base)
    run(env, "plugins", "enable", "wertvoll")
    if locale:
        ini = Path(tmp_path) / "profile" / "profiles" / "default" / "QGIS" / "QGIS3.ini"
        with ini.open("a", encoding="utf-8") as handle:
            handle.write(f"\n[locale]\noverrideFlag=true\nuserLocale={locale}\n")
    return env


def run(env, *args, check=True, timeout=600):
    """qgis_process.bin *args*; raises with its output when it fails and *check* is set."""
    result = subprocess.run([QGIS_PROCESS, *args], env=env, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"qgis_process {' '.join(args[:3])} failed ({result.returncode}):\n"
                             f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def run_json(env, algorithm, parameters):
    """Run *algorithm* with *parameters* ({name: value or list}) and return its JSON results."""
    arguments = []
    for name, value in parameters.items():
        for item in value if isinstance(value, list) else [value]:
            arguments.append(f"{name}={item}")
    return json.loads(run(env, "--json", "run", algorithm, "--", *arguments).stdout)["results"]


def system_probe(code, env=None):
    """Run *code* in the system Python (the one qgis_process embeds) and return its stdout."""
    result = subprocess.run([SYSTEM_PYTHON, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def installed_version(name):
    return system_probe(f"import importlib.metadata as m; print(m.version('{name}'))")


def user_site_with_pip_shapely():
    """A PYTHONUSERBASE folder under build/ holding pip's newest shapely for the system Python.

    Made once per Python version with the in-app hint's command (numpy, scipy pinned) plus --upgrade.
    Returns ``(user_base, site_packages, shapely version)``.
    """
    tag = f"py{sys.version_info.major}{sys.version_info.minor}"
    user_base = ROOT / "build" / f"pip-shapely-{tag}"
    env = dict(os.environ, PYTHONUSERBASE=str(user_base))
    env.pop("PYTHONPATH", None)
    site = Path(sysconfig.get_path("purelib", f"{os.name}_user", vars={"userbase": str(user_base)}))
    if not (site / "shapely").is_dir():
        pins = [f"{name}=={installed_version(name)}" for name in ("numpy", "scipy")]
        command = [SYSTEM_PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                   "--user", "--break-system-packages", "--upgrade", "shapely>=2", *pins]
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    assert not (site / "numpy").exists(), "pip replaced numpy: the pins did not hold"
    version = system_probe("import shapely; print(shapely.__version__, shapely.__file__)", env=env)
    assert str(site) in version, f"the system Python does not import pip's shapely: {version}"
    return user_base, site, version.split()[0]


# -- the shipped model on a small demo region: run here (reference) or in another process -------

def demo_region(folder):
    """A small demo region (scale 0.1, seed 42) in *folder*: ``(region.gpkg, dem.tif)``."""
    from make_demo_region import generate

    region, dem = Path(folder) / "demo_region.gpkg", Path(folder) / "demo_dem.tif"
    if not region.exists():
        generate(Path(folder), seed=42, scale=0.1)
    return region, dem


def model_parameters(region, dem, out):
    """The model's parameters with every result under *out* (folders made)."""
    from run_demo import model_parameters as demo_parameters

    for folder in (out / "results", out / "reports"):
        folder.mkdir(parents=True, exist_ok=True)
    return demo_parameters(region, dem, out / "results", out, out / "reports")


def layer_figures(path):
    """``[(layer, features, total area, total length)]`` of *path*, read with OGR of the system Python."""
    printed = system_probe(
        "from osgeo import ogr\n"
        f"ds = ogr.Open({str(path)!r})\n"
        "for i in range(ds.GetLayerCount()):\n"
        "    layer = ds.GetLayerByIndex(i); n = a = l = 0\n"
        "    for f in layer:\n"
        "        g = f.GetGeometryRef(); n += 1\n"
        "        if g is not None: a += g.GetArea(); l += g.Length()\n"
        "    print(layer.GetName(), n, a, l)\n")
    rows = (line.split() for line in printed.splitlines())
    return [(name, int(count), float(area), float(length)) for name, count, area, length in rows]


def model_figures(out):
    """:func:`layer_figures` of every result GeoPackage of a model run into *out*."""
    from run_demo import LAYERS

    return {table: layer_figures(out / "results" / f"{table}.gpkg") for table, _n, _k in LAYERS.values()}


def assert_same_figures(got, expected):
    """Same layers and feature counts; areas and lengths equal to 1e-9 (another GEOS may round otherwise)."""
    import pytest

    assert got.keys() == expected.keys()
    for table, figures in expected.items():
        assert [f[:2] for f in got[table]] == [f[:2] for f in figures], table
        for mine, theirs in zip(got[table], figures):
            assert mine[2:] == pytest.approx(theirs[2:], rel=1e-9, abs=1e-6), table
