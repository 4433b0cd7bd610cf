"""Test set-up shared by every test.

The repository root *is* the plugin folder ``wertvoll``. Python needs a parent
folder holding a ``wertvoll`` entry to import it by that name, so the session
links ``build/plugins/wertvoll`` to the repository root, here at import, before
any test module is collected. pytest puts ``build/plugins`` (with ``scripts/``,
``bench/`` and ``tests/``) first on ``sys.path`` itself: ``pythonpath`` in
pyproject.toml. The same folder serves as ``QGIS_PLUGINPATH`` for ``qgis_process`` tests.
"""
import importlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGINS_DIR = ROOT / "build" / "plugins"
LINK = PLUGINS_DIR / "wertvoll"

PLUGINS_DIR.mkdir(parents=True, exist_ok=True)
if not LINK.exists():
    try:
        LINK.symlink_to(ROOT, target_is_directory=True)
    except FileExistsError:  # another worker made it meanwhile
        pass
    importlib.invalidate_caches()  # an import that looked into build/plugins before the link was there
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture
def provider(qgis_app, qgis_processing):
    """The registered WERTvoll provider; registered on first use, then kept for the session.

    Always looked up in the registry, never cached: a plugin test may unload the
    provider (the registry deletes the object), and the next test registers a new one.
    """
    from qgis.core import QgsApplication

    from wertvoll.algorithms.provider import WertvollProvider

    registry = QgsApplication.processingRegistry()
    if registry.providerById("wertvoll") is None:
        instance = WertvollProvider()
        assert registry.addProvider(instance)
        # keep the Python object alive, as the plugin does with self.provider: sip would
        # otherwise collect the Python half and leave QGIS a provider without its methods
        _PROVIDER_KEEPALIVE[:] = [instance]
    return registry.providerById("wertvoll")


@pytest.fixture
def no_provider(qgis_app, qgis_processing):
    """Take any registered WERTvoll provider out, so a test can register its own."""
    from qgis.core import QgsApplication

    registry = QgsApplication.processingRegistry()
    existing = registry.providerById("wertvoll")
    if existing is not None:
        registry.removeProvider(existing)
    _PROVIDER_KEEPALIVE.clear()
    return registry


_PROVIDER_KEEPALIVE = []


@pytest.fixture
def german():
    """Install the German translation for one test, English again afterwards."""
    from wertvoll.i18n import install_translator

    qm = install_translator("de")
    if qm is None:
        pytest.fail("i18n/wertvoll_de.qm is missing: run 'make i18n' (make test does it)")
    yield qm
    install_translator("en")


REAL_DATA = ROOT.parent / "shared" / "data" / "real"


@pytest.fixture
def real_data():
    """The real Leipzig data folder (``../shared/data/real``, beside the clone in CI).

    Fails (not skips) when CI=true: there the folder is part of the contract.
    """
    if not (REAL_DATA / "README.md").exists():
        reason = f"real Leipzig data not found at {REAL_DATA} (copy ../shared beside the repository)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return REAL_DATA
