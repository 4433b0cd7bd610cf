"""End to end in the real QGIS desktop: the packaged zip installs, loads and opens its dock.

Starts ``qgis.bin`` under Xvfb with a throw-away profile into which
``dist/wertvoll-<version>.zip`` (``make package``) is unpacked and enabled;
``startup_check.py`` runs inside QGIS and writes what it found. The screenshot is kept
in tests/artifacts/ (git-ignored).
"""
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
sys.path.insert(0, str(ROOT / "scripts"))
import package  # noqa: E402

MISSING = [tool for tool in ("qgis.bin", "xvfb-run") if shutil.which(tool) is None]
pytestmark = [
    pytest.mark.desktop,
    pytest.mark.skipif(bool(MISSING), reason=f"not installed: {MISSING} (make setup installs them)"),
]


def plugin_zip(tmp_path):
    """The zip make package built; built here only when the test runs outside make."""
    built = ROOT / "dist" / f"wertvoll-{package.version()}.zip"
    if built.exists():
        return built
    print(f"{built} missing: building it for this test (make test builds it first)")
    return package.build(tmp_path / "dist")


def test_plugin_zip_loads_in_qgis_desktop(tmp_path):
    profiles = tmp_path / "profiles_root"
    profile = profiles / "profiles" / "wertvoll_test"
    plugins_dir = profile / "python" / "plugins"
    plugins_dir.mkdir(parents=True)
    with zipfile.ZipFile(plugin_zip(tmp_path)) as archive:
        archive.extractall(plugins_dir)
    settings = profile / "QGIS" / "QGIS3.ini"
    settings.parent.mkdir(parents=True)
    settings.write_text(
        "[PythonPlugins]\nwertvoll=true\n\n"
        "[qgis]\ncheckVersion=false\nshowTips=false\nallowVersionCheck=false\n\n"
        "[locale]\noverrideFlag=true\nuserLocale=de\n",
        encoding="utf-8",
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    result_file = tmp_path / "result.json"
    screenshot = ARTIFACTS / "desktop_dock.png"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "QGIS_PLUGINPATH")}
    env.update(WERTVOLL_RESULT=str(result_file), WERTVOLL_SCREENSHOT=str(screenshot),
               HOME=str(tmp_path))  # nothing of the user's profile or settings is touched
    command = [
        "xvfb-run", "-a", "-s", "-screen 0 1600x1000x24",
        "qgis.bin", "--profiles-path", str(profiles), "--profile", "wertvoll_test",
        "--nologo", "--noversioncheck", "--code", str(ROOT / "tests/desktop/startup_check.py"),
    ]
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
