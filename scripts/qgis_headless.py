"""Start QGIS without a window and register Processing plus the WERTvoll provider.

Used by ``make demo`` and the benchmarks (the tests use pytest-qgis instead)::

    from qgis_headless import start_qgis
    app = start_qgis()
    import processing
    processing.run("wertvoll:compensationscreening", {...})
"""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGINS_DIR = ROOT / "build" / "plugins"
_KEEP = []  # the app and provider must outlive the caller's locals


def plugin_on_path():
    """Make ``import wertvoll`` find this checkout (build/plugins/wertvoll links to it); no QGIS needed."""
    link = PLUGINS_DIR / "wertvoll"
    PLUGINS_DIR.mkdir(parents=True, exist_ok=True)
    if not link.exists():
        link.symlink_to(ROOT, target_is_directory=True)
    sys.path.insert(0, str(PLUGINS_DIR))


def start_qgis(gui=False, language=None):
    """The QGIS application (*gui*: with widgets, e.g. for the report dock), Processing and the provider.

    *language* (e.g. ``de``): the plugin speaks it, as in a QGIS set to that language; else English.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    plugin_on_path()

    from qgis.core import QgsApplication

    app = QgsApplication([], gui)
    app.initQgis()
    sys.path.append(os.path.join(app.pkgDataPath(), "python", "plugins"))
    from processing.core.Processing import Processing

    Processing.initialize()
    from wertvoll.algorithms.provider import WertvollProvider

    if language:
        from wertvoll.i18n import install_translator

        install_translator(language)

    provider = WertvollProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    _KEEP[:] = [app, provider]
    return app
