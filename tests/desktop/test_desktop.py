"""End to end in the real QGIS desktop: the packaged zip installs, loads and opens its dock.

Starts ``qgis.bin`` under Xvfb with a throw-away profile into which
``dist/wertvoll-<version>.zip`` (``make package``) is unpacked and enabled;
``startup_check.py`` runs inside QGIS and writes what it found. The screenshot is kept
in tests/artifacts/ (git-ignored).
"""
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
from qgis_desktop import (
    desktop_command, desktop_env, make_profile, missing_tools, plugin_zip, run_desktop)
from qgisprocess import (
    assert_same_figures, demo_region, model_figures, model_parameters, user_site_with_pip_shapely)

MISSING = missing_tools()
pytestmark = [
    pytest.mark.desktop,
    pytest.mark.skipif(bool(MISSING), reason=f"not installed: {MISSING} (make setup installs them)"),
]


def test_plugin_zip_loads_in_qgis_desktop(tmp_path, provider):
    """...and runs the model (the four geometry tools) with pip's newest shapely, as qgis_process does."""
    import processing
    from run_demo import MODEL

    profiles, plugins_dir = make_profile(tmp_path, plugin_zip(tmp_path), "wertvoll_test")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    result_file = tmp_path / "result.json"
    screenshot = ARTIFACTS / "desktop_dock.png"
    region, dem = demo_region(tmp_path / "region")
    params = tmp_path / "model.json"
    params.write_text(json.dumps(model_parameters(region, dem, tmp_path / "desktop"), default=str), encoding="utf-8")
    user_base, site, version = user_site_with_pip_shapely()
    # nothing of the user's profile or settings is touched: HOME is the test's folder
    env = desktop_env(tmp_path, WERTVOLL_RESULT=result_file, WERTVOLL_SCREENSHOT=screenshot,
                      WERTVOLL_MODEL_PARAMS=params, PYTHONUSERBASE=user_base)
    command = desktop_command(profiles, "wertvoll_test", ROOT / "tests/desktop/startup_check.py")
    log = ARTIFACTS / "desktop_qgis.log"
    code = run_desktop(log, command, env, timeout=400)
    assert code is not None, f"QGIS did not finish within 400 s and was stopped (process group); see {log}"
    assert result_file.exists(), f"QGIS wrote no result (exit {code}); see {log}"
    result = json.loads(result_file.read_text(encoding="utf-8"))
    assert "error" not in result, result.get("error")
    assert result["plugin_loaded"], result
    assert str(plugins_dir) in result["plugin_file"], "QGIS loaded another copy than the zip's"
    assert result["provider_registered"] and result["provider_name"] == "WERTvoll Stadt-Land"
    from wertvoll.algorithms.provider import algorithm_ids

    assert result["algorithms"] == sorted(algorithm_ids())
    assert result["dock_found"] and result["dock_visible"], result
    assert result["dock_title"] == "WERTvoll-Berichte"
    assert screenshot.exists() and screenshot.stat().st_size > 10_000
    assert result["model_finished"] and str(site) in result["shapely"], result  # pip's shapely was used
    processing.run(MODEL, model_parameters(region, dem, tmp_path / "here"))
    assert_same_figures(model_figures(tmp_path / "desktop"), model_figures(tmp_path / "here"))
    print(f"pip's shapely in the desktop: {version}")
