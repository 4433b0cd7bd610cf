"""Runs inside the real QGIS desktop (``qgis.bin --code this_file``) started by scripts/screenshots.py.

Opens the demo project ($WERTVOLL_SHOTS_PROJECT), then takes the user-guide pictures one after
the other into $WERTVOLL_SHOTS_DIR, each after the events are processed and the map canvas has
finished drawing:

* karte_demo.png               main window: styled results on the map, layer panel, toolbox group
* dock_bericht.png             the report dock (floating, 680x1300), template "stadt-land-bilanz", preview
* dialog_screening.png         algorithm dialog of wertvoll:compensationscreening with the demo layers
* dialog_korridore.png         algorithm dialog of wertvoll:biotopecorridors with the demo layers
* modeler_stadtlandbilanz.png  the Graphical Modeler with the shipped model wertvoll:stadtlandbilanz

Pictures wider than $WERTVOLL_SHOTS_WIDTH (1400) are scaled down; $WERTVOLL_SHOTS_ONLY (comma
separated file names) takes only some. What was written and what went wrong (a step that failed,
a message box or message-bar warning QGIS showed) is written as JSON to $WERTVOLL_SHOTS_RESULT;
then QGIS quits.
"""
import json
import os
import time
import traceback
from pathlib import Path

from qgis.core import QgsApplication, QgsProject, QgsRectangle
from qgis.PyQt.QtCore import QEventLoop, Qt, QTimer
from qgis.PyQt.QtGui import QGuiApplication
from qgis.PyQt.QtWidgets import QDialog, QDockWidget, QLineEdit, QMessageBox, QSplitter
from qgis.utils import iface, plugins

OUT = Path(os.environ["WERTVOLL_SHOTS_DIR"])
PROJECT = os.environ["WERTVOLL_SHOTS_PROJECT"]
RESULT = os.environ["WERTVOLL_SHOTS_RESULT"]
MAX_WIDTH = int(os.environ.get("WERTVOLL_SHOTS_WIDTH", "1400"))
MODEL = "wertvoll:stadtlandbilanz"
TEMPLATE = "stadt-land-bilanz"
DOCK_SIZE = (680, 1300)  # px, the floating report dock

result = {"written": [], "problems": [], "notes": []}


def pause(ms):
    """Let Qt run (paint, load, render) for *ms* milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec_()


def wait_for(condition, timeout_s, what):
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {timeout_s} s waiting for {what}")
        pause(100)


def render_canvas(timeout_s=90):
    """Redraw the map canvas and wait until the drawing is finished (mapCanvasRefreshed)."""
    canvas = iface.mapCanvas()
    done = []

    def finished():
        done.append(True)

    canvas.mapCanvasRefreshed.connect(finished)
    try:
        canvas.refreshAllLayers()
        wait_for(lambda: done and not canvas.isDrawing(), timeout_s, "the map canvas to finish drawing")
    finally:
        canvas.mapCanvasRefreshed.disconnect(finished)
    pause(300)


def check_no_popups(keep=None):
    """Message boxes or other dialogs QGIS opened on its own would spoil the pictures: note, close."""
    for widget in QgsApplication.topLevelWidgets():
        if widget is not keep and widget.isVisible() and isinstance(widget, (QMessageBox, QDialog)):
            text = widget.text() if isinstance(widget, QMessageBox) else ""
            result["problems"].append(f"unexpected window '{widget.windowTitle()}' {text}".strip())
            widget.close()
    bar = iface.messageBar()
    for item in list(bar.items()):  # e.g. "font not found" while loading a layer
        result["problems"].append(f"message bar: {item.title()} {item.text()}".strip())
        bar.popWidget(item)


def save(widget, name):
    pause(400)
    image = widget.grab().toImage()
    if image.isNull() or image.width() < 100:
        raise RuntimeError(f"{name}: the grab of {widget} is empty")
    if image.width() > MAX_WIDTH:
        image = image.scaledToWidth(MAX_WIDTH, Qt.TransformationMode.SmoothTransformation)
    path = OUT / name
    if not image.save(str(path), "PNG"):
        raise RuntimeError(f"{name}: cannot write {path}")
    result["written"].append({"file": name, "width": image.width(), "height": image.height()})


def dock(name):
    return iface.mainWindow().findChild(QDockWidget, name)


def layer(name):
    found = QgsProject.instance().mapLayersByName(name)
    if not found:
        raise RuntimeError(f"the demo project has no layer '{name}' - run make demo again")
    return found[0]


def prepare_window():
    window = iface.mainWindow()
    window.setGeometry(QGuiApplication.primaryScreen().availableGeometry())
    for other in ("Browser", "Browser2", "AdvancedDigitizingTools", "LayerStyling", "Overview",
                  "PythonConsole", "MessageLog", "Undo", "Statistics", "BookmarksDockWidget"):
        widget = dock(other)
        if widget is not None:
            widget.hide()
    layers = dock("Layers")
    if layers is not None:
        layers.show()
        window.resizeDocks([layers], [330], Qt.Orientation.Horizontal)


def open_project():
    if not iface.addProject(PROJECT):
        raise RuntimeError(f"QGIS could not open {PROJECT}")
    wait_for(lambda: QgsProject.instance().mapLayersByName("Kompensationskandidaten"), 60, "the demo project")
    pause(500)
    fill_canvas(layer("Gemeinden").extent())  # the project keeps no map view: give the canvas one
    # the legend: groups open, the many classes of the input layers folded
    root = QgsProject.instance().layerTreeRoot()
    for group in root.findGroups():
        group.setExpanded(True)
    for node in root.findLayers():
        node.setExpanded(node.layer().name() in ("Kompensationskandidaten", "Hochwasserrisikozonen",
                                                 "Verbundkorridore"))
    iface.layerTreeView().scrollToTop()
    render_canvas()


def fill_canvas(extent):
    """Zoom to the middle of *extent* so that the map fills the whole canvas (no empty margins)."""
    canvas = iface.mapCanvas()
    ratio = canvas.width() / max(canvas.height(), 1)
    w, h = extent.width(), extent.height()
    if w / h > ratio:
        w = h * ratio
    else:
        h = w / ratio
    c = extent.center()
    canvas.setExtent(QgsRectangle(c.x() - w / 2, c.y() - h / 2, c.x() + w / 2, c.y() + h / 2))


def shot_map():
    toolbox = dock("ProcessingToolbox")
    if toolbox is not None:
        toolbox.show()
        iface.mainWindow().resizeDocks([toolbox], [330], Qt.Orientation.Horizontal)
        box = getattr(toolbox, "searchBox", None)
        if box is not None:
            box.setText("WERTvoll")
        tree = getattr(toolbox, "algorithmTree", None)
        if tree is not None:
            tree.expandAll()
    pause(500)  # the canvas takes its final size
    fill_canvas(layer("Gemeinden").extent())
    render_canvas()
    check_no_popups()
    save(iface.mainWindow(), "karte_demo.png")


def shot_dock():
    """The report dock as the user opens it (toolbar button), floated to full screen height."""
    plugin = plugins.get("wertvoll")
    if plugin is None:
        raise RuntimeError("the WERTvoll plugin is not loaded")
    plugin.action.setChecked(True)  # what a click on the toolbar button does
    report = dock("WertvollReportDock")
    wait_for(report.isVisible, 10, "the report dock")
    report.select_template(TEMPLATE)
    report.setFloating(True)  # docked, the form leaves the preview a few lines only
    screen = QGuiApplication.primaryScreen().availableGeometry()
    report.setGeometry(screen.right() - DOCK_SIZE[0], screen.top(), *DOCK_SIZE)
    pause(300)
    if report.refresh_preview() is None:
        result["problems"].append(f"report preview failed: {report.message.text()}")
    wait_for(lambda: report.preview.toPlainText().strip(), 30, "the report preview")
    for edit in report.findChildren(QLineEdit):
        edit.setCursorPosition(0)  # show the start of long values, as after a click elsewhere
    check_no_popups()
    save(report, "dock_bericht.png")
    report.setFloating(False)
    plugin.action.setChecked(False)


def shot_dialog(alg_id, parameters, name):
    import processing

    dialog = processing.createAlgorithmDialog(alg_id, parameters)
    if dialog is None:
        raise RuntimeError(f"no dialog for {alg_id} (is the algorithm available?)")
    dialog.setModal(False)
    dialog.resize(1300, 900)
    dialog.show()
    pause(800)
    splitter = dialog.findChild(QSplitter)
    if splitter is not None and splitter.count() == 2:
        splitter.setSizes([760, 540])  # parameters left, the help panel right
    pause(500)
    check_no_popups(keep=dialog)
    save(dialog, name)
    dialog.close()
    pause(300)


def shot_screening():
    ids = {name: layer(name).id() for name in (
        "Flurstücke", "Ortslagen", "Verkehr", "Bestehende Kompensationsflächen", "Trinkwasserschutzgebiete",
        "Hochwasserrisikozonen", "Gewässerentwicklungskorridore", "Verbundkorridore", "Gemeinden")}
    shot_dialog("wertvoll:compensationscreening", {
        "INPUT": ids["Flurstücke"], "LANDUSE_FIELD": "nutzung", "SOIL_FIELD": "bodenzahl",
        "EXCLUSIONS": [ids["Ortslagen"], ids["Verkehr"], ids["Bestehende Kompensationsflächen"]],
        "WATER_PROTECTION": ids["Trinkwasserschutzgebiete"], "WATER_ZONE_FIELD": "zone",
        "FLOODPLAIN": ids["Hochwasserrisikozonen"], "RIPARIAN": ids["Gewässerentwicklungskorridore"],
        "CORRIDORS": ids["Verbundkorridore"], "MUNICIPALITIES": ids["Gemeinden"],
        "MUNICIPALITY_FIELD": "name", "DEMAND": 20_000_000,
    }, "dialog_screening.png")


def shot_corridors():
    shot_dialog("wertvoll:biotopecorridors", {
        "PATCHES": layer("Habitate").id(), "PATCH_ID_FIELD": "patch_id",
        "LANDUSE": layer("Flurstücke").id(), "RESISTANCE_FIELD": "nutzung",
    }, "dialog_korridore.png")


def shot_modeler():
    from processing.modeler.ModelerDialog import ModelerDialog

    model = QgsApplication.processingRegistry().algorithmById(MODEL)
    if model is None:
        raise RuntimeError(f"{MODEL} is not registered")
    dialog = ModelerDialog.create(model)  # what "Edit Model…" in the toolbox does
    dialog.resize(1500, 950)
    dialog.show()
    pause(1000)
    view = dialog.view()
    items = view.scene().itemsBoundingRect()
    if items.isEmpty():
        raise RuntimeError(f"the Modeler shows no items of {MODEL}")
    view.fitInView(items.adjusted(-20, -20, 20, 20), Qt.AspectRatioMode.KeepAspectRatio)  # "Zoom Full"
    pause(800)
    result["notes"].append(f"modeler: the model shown at {view.transform().m11():.0%}")
    check_no_popups(keep=dialog)
    save(dialog, "modeler_stadtlandbilanz.png")
    dialog.hide()
    pause(200)


STEPS = {"karte_demo.png": shot_map, "dock_bericht.png": shot_dock, "dialog_screening.png": shot_screening,
         "dialog_korridore.png": shot_corridors, "modeler_stadtlandbilanz.png": shot_modeler}
ONLY = [name for name in os.environ.get("WERTVOLL_SHOTS_ONLY", "").split(",") if name]


def run():
    started = time.monotonic()
    try:
        OUT.mkdir(parents=True, exist_ok=True)
        result["plugin_loaded"] = "wertvoll" in plugins
        prepare_window()
        steps = [step for name, step in STEPS.items() if not ONLY or name in ONLY]
        if any(step is not shot_modeler for step in steps):
            open_project()
        for step in steps:
            try:
                step()
            except Exception:  # one failed picture must not cost the others
                result["problems"].append(f"{step.__name__}: {traceback.format_exc()}")
    except Exception:
        result["problems"].append(traceback.format_exc())
    result["seconds"] = round(time.monotonic() - started, 1)
    with open(RESULT, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1, ensure_ascii=False)
    QgsProject.instance().setDirty(False)  # quit without "save the project?"
    iface.newProject(False)  # QGIS 3.22 crashes on quit when the project is still open
    QTimer.singleShot(200, QgsApplication.instance().quit)


# let QGIS finish building its window and loading plugins first
QTimer.singleShot(3000, run)
