"""End to end in the real QGIS desktop: the packaged zip installs, loads and opens its dock.

Starts ``qgis.bin`` under Xvfb with a throw-away profile into which
``dist/wertvoll-<version>.zip`` (``make package``) is unpacked and enabled;
``startup_check.py`` runs inside QGIS and writes what it found. The screenshot is kept
in tests/artifacts/ (git-ignored).
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
sys.path.insert(0, str(ROOT / "scripts"))
from qgis_desktop import desktop_command, desktop_env, make_profile, missing_tools, plugin_zip  # noqa: E402

MISSING = missing_tools()
pytestmark = [
    pytest.mark.desktop,
    pytest.mark.skipif(bool(MISSING), reason=f"not installed: {MISSING} (make setup installs them)"),
]


def test_plugin_zip_loads_in_qgis_desktop(tmp_path):
    profiles, plugins_dir = make_profile(tmp_path, plugin_zip(tmp_path), "wertvoll_test")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    result_file = tmp_path / "result.json"
    screenshot = ARTIFACTS / "desktop_dock.png"
    # nothing of the user's profile or settings is touched: HOME is the test's folder
    env = desktop_env(tmp_path, WERTVOLL_RESULT=result_file, WERTVOLL_SCREENSHOT=screenshot)
    command = desktop_command(profiles, "wertvoll_test", ROOT / "tests/desktop/startup_check.py")
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    (ARTIFACTS / "desktop_qgis.log").write_text(run.stdout + "\n" + run.stderr, encoding="utf-8")
    assert result_file.exists(), f"QGIS wrote no result (exit {run.returncode}); see {ARTIFACTS}/desktop_qgis.log"
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
