"""The plugin loads like QGIS loads it: classFactory -> initProcessing / initGui -> unload."""
from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QDockWidget

import pytest

import wertvoll
from wertvoll.algorithms.provider import algorithm_ids


def test_class_factory_does_no_gui_work(qgis_iface):
    plugin = wertvoll.classFactory(qgis_iface)
    assert plugin.provider is None and plugin.dock is None and plugin.action is None


def test_init_processing_registers_provider_once_and_unload_removes_it(qgis_iface, no_provider):
    registry = no_provider
    plugin = wertvoll.classFactory(qgis_iface)
    plugin.initProcessing()
    plugin.initProcessing()  # QGIS may call it twice (initGui calls it again)
    provider = registry.providerById("wertvoll")
    assert provider is plugin.provider
    assert [p.id() for p in registry.providers()].count("wertvoll") == 1
    plugin.unload()
    assert registry.providerById("wertvoll") is None


def test_provider_identity_and_algorithms(provider):
    assert provider.id() == "wertvoll"
    assert provider.versionInfo() == wertvoll_version()
    assert provider.icon().isNull() is False
    listed = sorted(a.id() for a in provider.algorithms())
    expected = sorted(algorithm_ids())
    assert listed == expected


def test_algorithm_conventions(provider):
    """Fixed lowercase ids, known groups, help on every parameter, translated names."""
    from wertvoll.algorithms.base import GROUPS

    for alg in provider.algorithms():
        assert alg.name() == alg.name().lower() and alg.name().isalnum(), alg.name()
        assert alg.groupId() in GROUPS, alg.groupId()
        assert alg.displayName() and alg.shortHelpString(), alg.id()
        for parameter in alg.parameterDefinitions():
            if ":" in parameter.name():  # a model's outputs: QGIS names them <step>:<output>
                continue
            assert parameter.name() == parameter.name().upper(), parameter.name()
            assert parameter.help(), f"{alg.id()} {parameter.name()} has no setHelp()"
        assert alg.outputDefinitions(), f"{alg.id()} declares no outputs"


def test_init_gui_adds_action_and_dock_and_unload_removes_them(qgis_iface, no_provider):
    qgis_iface.mainWindow().show()  # offscreen: widgets only become visible in a shown window
    plugin = wertvoll.classFactory(qgis_iface)
    plugin.initGui()
    try:
        dock = plugin.dock
        assert isinstance(dock, QDockWidget)
        assert dock.objectName() == "WertvollReportDock"
        assert not dock.isVisible()
        plugin.action.setChecked(True)  # the toolbar button opens the dock
        assert dock.isVisible()
        plugin.action.setChecked(False)
        assert not dock.isVisible()
        dock.show()  # closing/opening the dock itself keeps the button in step
        assert plugin.action.isChecked()
    finally:
        plugin.unload()
        qgis_iface.mainWindow().hide()
    assert plugin.dock is None and plugin.action is None
    assert QgsApplication.processingRegistry().providerById("wertvoll") is None


def test_missing_dependency_disables_algorithm_with_message(monkeypatch):
    """A missing package makes canExecute() false with an install hint instead of a crash.

    (tests/test_qgis_process.py proves the same in real processes whose Python lacks the package.)
    """
    from wertvoll import dependencies
    from wertvoll.algorithms import base

    monkeypatch.setitem(dependencies.PACKAGES, "definitely_missing_pkg",
                        ("definitely-missing-pkg", "python3-definitely-missing", None))

    class Probe(base.WertvollAlgorithm):
        NAME = "probe"
        GROUP_ID = "report"
        REQUIRES = ("numpy", "definitely_missing_pkg")

        def initAlgorithm(self, config=None):  # noqa: N802
            pass

    ok, message = Probe().canExecute()
    assert ok is False
    assert "definitely-missing-pkg: not installed" in message and "restart QGIS" in message
    assert dependencies.problems(("numpy", "shapely", "pandas", "scipy", "jinja2", "docxtpl")) == {}


DEBIAN_12 = 'ID=debian\nVERSION_ID="12"\n'
DEBIAN_13 = 'ID=debian\nVERSION_ID="13"\n'
UBUNTU_2204 = 'ID=ubuntu\nVERSION_ID="22.04"\n'


@pytest.mark.parametrize("platform, os_release, has_pip, expected", [
    # Debian 12 and Ubuntu 22.04 ship shapely 1.8: pip into the user's site, numpy pinned
    ("linux", DEBIAN_12, True, ['-m pip install --user --break-system-packages "shapely>=2" "numpy==']),
    ("linux", UBUNTU_2204, False, ["sudo apt install python3-pip && ", '--break-system-packages "shapely>=2"']),
    # Debian 13 ships shapely 2.1: the distribution's package
    ("linux", DEBIAN_13, True, ["sudo apt install python3-shapely"]),
    ("win32", "", True, ["OSGeo4W Shell", 'python -m pip install --user "shapely>=2" "numpy=='])])
def test_install_command_per_platform(platform, os_release, has_pip, expected):
    from pathlib import Path

    from wertvoll.dependencies import install_command

    if platform == "linux" and not Path("/etc/debian_version").exists():
        pytest.skip("the apt commands are chosen on Debian-like systems only")
    command = install_command(["shapely"], platform=platform, os_release=os_release, has_pip=has_pip)
    for part in expected:
        assert part in command, command


def test_install_command_never_pins_what_it_installs():
    from wertvoll.dependencies import install_command

    command = install_command(["skimage"], platform="win32")
    assert '"scikit-image"' in command and '"numpy==' in command and '"scipy==' in command
    assert install_command(["scipy"], platform="win32").count("scipy") == 1  # no "scipy==…" beside it


def wertvoll_version():
    import configparser
    from pathlib import Path

    parser = configparser.ConfigParser(interpolation=None)
    parser.read(Path(wertvoll.__file__).parent / "metadata.txt", encoding="utf-8")
    return parser.get("general", "version")
