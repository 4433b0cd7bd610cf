"""The command-line path: qgis_process.bin enables the plugin and lists/runs its algorithms.

Debian's /usr/bin/qgis_process wrapper adds --noversioncheck and then fails, so the
tests (and the README) call qgis_process.bin. QGIS_PLUGINPATH points at build/plugins
(which holds the 'wertvoll' link made by conftest.py); QGIS_CUSTOM_CONFIG_PATH keeps
the test's profile away from the user's.
"""
import json
import os
import shutil
import subprocess

import pytest

from conftest import PLUGINS_DIR

from wertvoll.algorithms.provider import algorithm_ids

QGIS_PROCESS = shutil.which("qgis_process.bin")
pytestmark = pytest.mark.skipif(QGIS_PROCESS is None, reason="qgis_process.bin not installed (package qgis)")


@pytest.fixture(scope="module")
def qgis_process_env(tmp_path_factory):
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        QGIS_PLUGINPATH=str(PLUGINS_DIR),
        QGIS_CUSTOM_CONFIG_PATH=str(tmp_path_factory.mktemp("qgis_profile")),
    )
    return env


def qgis_process(env, *args, check=True):
    result = subprocess.run([QGIS_PROCESS, *args], env=env, capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"qgis_process {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def test_enable_then_list(qgis_process_env):
    before = qgis_process(qgis_process_env, "plugins").stdout
    assert "  wertvoll" in before and "* wertvoll" not in before  # installed, not yet enabled
    qgis_process(qgis_process_env, "plugins", "enable", "wertvoll")
    assert "* wertvoll" in qgis_process(qgis_process_env, "plugins").stdout
    listing = json.loads(qgis_process(qgis_process_env, "--json", "list").stdout)
    provider = listing["providers"]["wertvoll"]
    assert provider["is_active"] and provider["name"] == "WERTvoll city–countryside"
    assert sorted(provider["algorithms"]) == sorted(algorithm_ids())
