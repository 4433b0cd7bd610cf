"""The command-line path as a planner meets it: qgis_process.bin with the QGIS's own Python, no venv.

The plugin comes from the packaged zip (bundled ext_libs included). Proven in real processes,
never by monkeypatching: the provider loads and lists everything whatever is missing or broken,
a tool that cannot run says what to do in the user's language, the command it prints works, and
the four geometry tools give the same results with pip's newest shapely (its own GEOS, loaded into
a process that already holds QGIS's GEOS) as with the shapely of the test run.
"""
import re
import shlex
import subprocess

import pytest

from qgisprocess import (
    QGIS_PROCESS,
    assert_same_figures,
    demo_region,
    environment,
    model_figures,
    model_parameters,
    plugin_folder,
    run,
    run_json,
    system_probe,
    user_site_with_pip_shapely,
)
from wertvoll.algorithms.provider import algorithm_ids

pytestmark = pytest.mark.skipif(QGIS_PROCESS is None, reason="qgis_process.bin not installed (package qgis)")

BROKEN = ("shapely", "pandas", "scipy", "skimage")


def parcels_gpkg(path):
    """One 100 m x 100 m arable parcel (EPSG:25833) written with OGR of the system Python."""
    system_probe(
        "from osgeo import ogr, osr\n"
        f"ds = ogr.GetDriverByName('GPKG').CreateDataSource({str(path)!r}); srs = osr.SpatialReference()\n"
        "srs.ImportFromEPSG(25833); layer = ds.CreateLayer('p', srs, ogr.wkbPolygon)\n"
        "layer.CreateField(ogr.FieldDefn('nutzung', ogr.OFTString))\n"
        "f = ogr.Feature(layer.GetLayerDefn()); f.SetField('nutzung', '43001_1010')\n"
        "f.SetGeometry(ogr.CreateGeometryFromWkt('POLYGON((0 0,100 0,100 100,0 100,0 0))'))\n"
        "layer.CreateFeature(f); ds = None\n")
    return path


def screening(env, tmp_path, check=False):
    source = parcels_gpkg(tmp_path / "parcels.gpkg") if not (tmp_path / "parcels.gpkg").exists() \
        else tmp_path / "parcels.gpkg"
    return run(env, "run", "wertvoll:compensationscreening", "--", f"INPUT={source}", "LANDUSE_FIELD=nutzung",
               f"OUTPUT={tmp_path / 'out.gpkg'}", f"OUTPUT_SUMMARY={tmp_path / 'summary.csv'}", check=check)


def test_lists_every_algorithm_and_the_model(tmp_path):
    import json

    env = environment(tmp_path, plugin_folder(tmp_path))
    assert "* wertvoll" in run(env, "plugins").stdout
    provider = json.loads(run(env, "--json", "list").stdout)["providers"]["wertvoll"]
    assert provider["is_active"] and provider["name"] == "WERTvoll city–countryside"
    assert sorted(provider["algorithms"]) == sorted(algorithm_ids())


def test_broken_packages_leave_every_tool_listed_and_explained(tmp_path):
    """pandas, scipy, scikit-image (and shapely) that fail to import, as after pip replaced numpy.

    QGIS 3.34 and newer import shapely themselves when PyQGIS starts (for QgsGeometry.as_shapely) and
    catch only a missing one: a broken shapely stops PyQGIS before any plugin. It is broken here only
    where QGIS does not import it (3.22).
    """
    import json

    qgis_imports_shapely = system_probe("import sys, qgis.core; print('shapely' in sys.modules)") == "True"
    broken = [name for name in BROKEN if not (name == "shapely" and qgis_imports_shapely)]
    shadow = tmp_path / "broken"
    for name in broken:
        (shadow / name).mkdir(parents=True)
        (shadow / name / "__init__.py").write_text(
            "raise ImportError('numpy.core.multiarray failed to import')\n", encoding="utf-8")
    env = environment(tmp_path, plugin_folder(tmp_path), locale="de")
    env["PYTHONPATH"] = str(shadow)
    listing = json.loads(run(env, "--json", "list").stdout)["providers"]["wertvoll"]
    assert sorted(listing["algorithms"]) == sorted(algorithm_ids())
    refused = screening(env, tmp_path)
    assert refused.returncode != 0 and not (tmp_path / "out.gpkg").exists()
    message = refused.stdout + refused.stderr
    assert "Traceback" not in message
    assert "Python-Pakete" in message, message  # German
    assert "pandas: installiert, aber fehlerhaft: ImportError: numpy.core.multiarray" in message, message
    if "shapely" in broken:
        assert "shapely>=2: installiert, aber fehlerhaft" in message, message


def test_bare_python_refuses_then_the_printed_command_makes_it_work(tmp_path):
    """Debian 12's QGIS Python has no shapely: the hint's command, run as printed, fixes it."""
    if system_probe("import importlib.util as u; print(u.find_spec('shapely') is not None)") == "True":
        pytest.skip("this QGIS's Python ships shapely (Debian 13 and newer): nothing to refuse here; "
                    "test_broken_packages_... covers the refusal on every version")
    env = environment(tmp_path, plugin_folder(tmp_path), locale="de")
    refused = screening(env, tmp_path)
    message = refused.stdout + refused.stderr
    assert refused.returncode != 0 and "shapely>=2: nicht installiert" in message, message
    command = re.search(r"(\S*python3 -m pip install [^—\n]+?)\s+—", message).group(1)
    assert '"numpy==' in command  # pip may add packages, never replace numpy
    user_base = tmp_path / "user_base"  # what --user writes to ~/.local, here a folder of the test
    done = subprocess.run(shlex.split(command), env=dict(env, PYTHONUSERBASE=str(user_base)),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, command + "\n" + done.stderr
    env["PYTHONUSERBASE"] = str(user_base)
    assert screening(env, tmp_path, check=True).returncode == 0
    assert (tmp_path / "out.gpkg").exists()


def test_report_writes_html_and_word_with_the_qgis_python(tmp_path, provider):
    """The report needs no install: docxtpl and python-docx come from the zip when the system has none."""
    import processing
    from test_report import candidates_layer, docx_rows, german_number, value

    bundled = system_probe("import importlib.util as u; print(u.find_spec('docxtpl') is None)") == "True"
    plugins = plugin_folder(tmp_path)
    env = environment(tmp_path, plugins)
    source = tmp_path / "kandidaten.gpkg"
    processing.run("native:savefeatures", {"INPUT": candidates_layer(), "OUTPUT": str(source)})
    html, word = tmp_path / "bericht.html", tmp_path / "bericht.docx"
    run(env, "run", "wertvoll:report", "--", "TEMPLATE=kompensation", f"COMPENSATION={source}",
        'FIELDS={"author": "Kommandozeile"}', f"OUTPUT_HTML={html}", f"OUTPUT_DOCX={word}")
    rows = docx_rows(word)
    assert value(rows, "Bearbeitung") == "Kommandozeile"
    assert german_number(value(rows, "Aufwertung (Wertpunkte)")) == 591000  # six candidates: the sum of their uplift_pts
    assert "data:image/png;base64," in html.read_text(encoding="utf-8")  # the map, drawn on the main thread
    if bundled:  # Debian 12: the zip's copy was the one used
        assert (plugins / "wertvoll" / "ext_libs" / "docxtpl").is_dir()


def test_model_with_pip_newest_shapely_matches_the_test_run(tmp_path, provider):
    """Strips, flood zones, corridors and screening in qgis_process.bin with pip's newest shapely."""
    import processing
    from run_demo import MODEL

    user_base, _site, version = user_site_with_pip_shapely()
    region, dem = demo_region(tmp_path / "region")
    processing.run(MODEL, model_parameters(region, dem, tmp_path / "here"))
    env = environment(tmp_path / "env", plugin_folder(tmp_path / "env"), user_base=user_base)
    run_json(env, MODEL, model_parameters(region, dem, tmp_path / "qgis_process"))
    print(f"pip's shapely in qgis_process.bin: {version}")
    here = model_figures(tmp_path / "here")
    assert_same_figures(model_figures(tmp_path / "qgis_process"), here)
    for table in ("kompensationskandidaten", "gewaesserrandstreifen", "hochwasserzonen", "verbund_kernflaechen"):
        assert here[table][0][1] > 0, table  # each of the four tools found something


def test_model_needs_only_its_inputs_and_final_outputs(tmp_path):
    """qgis_process runs the model given the inputs and the two final outputs; the rest is temporary."""
    from qgisprocess import layer_figures

    user_base, _site, _version = user_site_with_pip_shapely()
    region, dem = demo_region(tmp_path / "region")
    env = environment(tmp_path / "env", plugin_folder(tmp_path / "env"), user_base=user_base)
    layer = f"{region}|layername="
    candidates, summary = tmp_path / "kandidaten.gpkg", tmp_path / "gemeinden.csv"
    results = run_json(env, "wertvoll:stadtlandbilanz", {
        "RIVERS": layer + "gewaesser", "DEM": str(dem), "PARCELS": layer + "flurstuecke", "LANDUSE_FIELD": "nutzung",
        "MUNICIPALITIES": layer + "gemeinden", "MUNICIPALITY_FIELD": "name", "PATCHES": layer + "habitate",
        "DEMAND": 500000, "AUTHOR": "Kommandozeile", "screening:candidates": str(candidates), "screening:summary": str(summary)})
    assert results["screening:candidates"] == str(candidates)
    assert layer_figures(candidates)[0][1] > 0  # candidates written
    municipalities = summary.read_text(encoding="utf-8").splitlines()[1:]
    assert len(municipalities) >= 1
    # the intermediate results the screening used (river corridors, flood zones, gaps) became temporary files
    for name in ("riparian:river_corridors", "flood:flood_zones", "network:gaps"):
        assert results[name] and str(tmp_path) not in results[name], name
