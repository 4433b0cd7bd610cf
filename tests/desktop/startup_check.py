"""Runs inside the real QGIS desktop (qgis.bin --code this_file) started by test_desktop.py.

Checks that the WERTvoll plugin loaded from the installed zip, that its Processing
provider is registered and that its dock opens; saves a screenshot; writes the
findings as JSON to $WERTVOLL_RESULT and quits QGIS.
"""
import json
import os
import traceback

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QDockWidget
from qgis.utils import iface, plugins

RESULT = os.environ["WERTVOLL_RESULT"]
SCREENSHOT = os.environ.get("WERTVOLL_SCREENSHOT")
MODEL_PARAMS = os.environ.get("WERTVOLL_MODEL_PARAMS")  # JSON file: run the shipped model with these


def run_model(result):
    """The four geometry tools and the report, as the shipped model chains them, in this desktop."""
    import shapely

    import processing

    with open(MODEL_PARAMS, encoding="utf-8") as handle:
        params = json.load(handle)
    result["shapely"] = f"{shapely.__version__} {shapely.__file__}"
    processing.run("wertvoll:stadtlandbilanz", params)
    result["model_finished"] = True


def check():
    result = {}
    try:
        result["qgis_version"] = QgsApplication.instance().applicationVersion() if hasattr(
            QgsApplication.instance(), "applicationVersion") else ""
        result["plugin_loaded"] = "wertvoll" in plugins
        plugin = plugins.get("wertvoll")
        result["plugin_file"] = getattr(__import__("wertvoll"), "__file__", "")
        provider = QgsApplication.processingRegistry().providerById("wertvoll")
        result["provider_registered"] = provider is not None
        result["provider_name"] = provider.name() if provider else None
        result["algorithms"] = sorted(a.id() for a in provider.algorithms()) if provider else []
        dock = iface.mainWindow().findChild(QDockWidget, "WertvollReportDock")
        result["dock_found"] = dock is not None
        if plugin is not None and plugin.action is not None:
            plugin.action.trigger()  # what a click on the toolbar button does
        QgsApplication.processEvents()
        result["dock_visible"] = bool(dock and dock.isVisible())
        result["dock_title"] = dock.windowTitle() if dock else None
        result["menu_action"] = bool(plugin and plugin.action and plugin.action.text())
        if SCREENSHOT:
            iface.mainWindow().grab().save(SCREENSHOT)
        if MODEL_PARAMS:
            run_model(result)
    except Exception:  # report, never hang the test
        result["error"] = traceback.format_exc()
    with open(RESULT, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)
    QTimer.singleShot(200, QgsApplication.instance().quit)


# let QGIS finish building its window and loading plugins first
QTimer.singleShot(3000, check)
