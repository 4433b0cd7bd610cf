"""Write the demo project ``wertvoll_demo.qgz``: inputs, styled results, a print layout, report fields.

Called by ``make demo`` (scripts/run_demo.py) after the analysis. Paths are stored relative to
the project file, so the out/ folder can be moved or zipped. Opening the project in QGIS shows
the analysis at once; the report dock finds its fields and layers filled in.
"""
from pathlib import Path

SCOPE = "wertvoll"
#: plain styles of the demo region's input layers (by GeoPackage layer name), so the results stand out:
#: (fill or None, outline / line colour, width mm, fill style)
INPUT_STYLES = {
    "gemeinden": (None, "#424242", 0.6, "no"),
    "gewaesser": (None, "#1565c0", 0.5, ""),
    "ortslagen": ("#d7ccc8", "#8d6e63", 0.2, "solid"),
    "wasserschutzgebiete": ("#7e57c2", "#512da8", 0.4, "b_diagonal"),
    "ueberschwemmungsgebiet": ("#42a5f5", "#1565c0", 0.4, "f_diagonal"),
    "habitate": ("#a5d6a7", "#2e7d32", 0.3, "solid"),
    "flurstuecke": (None, "#9e9e9e", 0.1, "no"),
    "verkehr": ("#9e9e9e", "#616161", 0.1, "solid"),
    "kompensationsflaechen": ("#66bb6a", "#1b5e20", 0.4, "cross"),
}


#: the result groups of the layer panel, top to bottom (drawn last to first): lines over areas,
#: the candidates (areas covering the whole region) at the bottom so they hide no other theme
RESULT_GROUPS = ("Biotopverbund", "Gewässer & Hochwasser", "Kompensation", "Tabellen")
#: kind -> (group, visible when the project opens)
RESULT_PLACES = {
    "GAPS": ("Biotopverbund", True), "LINKS": ("Biotopverbund", True), "PATCHES": ("Biotopverbund", True),
    "NETWORK_CORRIDORS": ("Biotopverbund", False),
    "STRIPS": ("Gewässer & Hochwasser", True), "CORRIDORS_RIVER": ("Gewässer & Hochwasser", False),
    "FLOOD_ZONES": ("Gewässer & Hochwasser", False),
    "COMPENSATION": ("Kompensation", True),
}
#: input layers drawn above the results (boundaries, rivers: lines only), by GeoPackage layer name
ORIENTATION = ("gemeinden", "gewaesser")
#: opacity of the candidates: the themes below (inputs) still show through (Annahme / assumption)
CANDIDATE_OPACITY = 0.85


def build_demo_project(target, inputs, results, report, title="WERTvoll – Demo Wurzener Land"):
    """Write the project *target* (.qgz).

    inputs:  [(name, uri, provider, visible)] — the demo region's layers (boundaries and rivers
             on top of the results, the others below)
    results: [(name, uri, kind)] — result layers, styled by kind (styles.py), in groups by theme
    report:  (template name, {field: value}) — pre-filled values of the report dock
    The project opens at the region's extent; its print layout "Übersicht A4" shows the visible layers.
    Returns the written path.
    """
    from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsReferencedRectangle

    from wertvoll.compat import null_rectangle
    from wertvoll.report.maps import MapLook, build_layout

    project = QgsProject()
    crs = QgsCoordinateReferenceSystem("EPSG:25833")
    project.setCrs(crs)
    project.setTitle(title)
    project.writeEntryBool("Paths", "/Absolute", False)  # relative paths
    root = project.layerTreeRoot()
    top = root.addGroup("Orientierung")
    groups = {name: root.addGroup(name) for name in ("Ergebnisse",)}
    groups.update({name: groups["Ergebnisse"].addGroup(name) for name in RESULT_GROUPS})
    groups["Eingangsdaten"] = root.addGroup("Eingangsdaten")
    by_kind = _add_results(project, groups, results)
    _add_inputs(project, top, groups["Eingangsdaten"], inputs)
    shown = [node.layer() for node in root.findLayers() if node.isVisible() and node.layer().isSpatial()]
    extent = null_rectangle()
    for layer in shown:
        extent.combineExtentWith(layer.extent())
    extent = extent.buffered(200)
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(extent, crs))
    keep_canvas_extent(project, extent)

    look = MapLook(title=title, legend_title="Legende", width_mm=297, height_mm=210, name="Übersicht A4",
                   attribution="Demo-Region (erfunden); Ergebnisse: WERTvoll Stadt-Land")
    layout = build_layout(project, shown, crs, extent, look)
    project.layoutManager().addLayout(layout)

    template, values = report
    for field_id, value in values.items():
        project.writeEntry(SCOPE, f"report/{template}/{field_id}", str(value))
    for kind, layer in by_kind.items():
        project.writeEntry(SCOPE, f"report/{template}/slot_{kind}", layer.id())
    target = Path(target)
    if not project.write(str(target)):
        raise RuntimeError(f"demo project: cannot write {target}: {project.error()}")
    return target


def _add_results(project, groups, results):
    """The result layers, styled, in their theme's group; {kind: layer}."""
    from qgis.core import QgsVectorLayer

    from wertvoll.report.layers import KIND_PROPERTY
    from wertvoll.styles import apply_style

    by_kind = {}
    order = list(RESULT_PLACES)  # within a group: the order of RESULT_PLACES, top to bottom
    for name, uri, kind in sorted(results, key=lambda r: order.index(r[2]) if r[2] in order else len(order)):
        layer = QgsVectorLayer(str(uri), name, "ogr")
        if not layer.isValid():
            raise RuntimeError(f"demo project: result layer {name} ({uri}) is not valid")
        apply_style(layer, kind, "de")
        layer.setCustomProperty(KIND_PROPERTY, kind)
        if kind == "COMPENSATION":
            layer.setOpacity(CANDIDATE_OPACITY)
        project.addMapLayer(layer, False)
        group, visible = RESULT_PLACES.get(kind, ("Tabellen", True))
        groups[group].addLayer(layer).setItemVisibilityChecked(visible)
        by_kind[kind] = layer
    return by_kind


def _add_inputs(project, top, below, inputs):
    """The demo region's layers: boundaries and rivers in *top* (above the results), the others in *below*."""
    from qgis.core import QgsRasterLayer, QgsVectorLayer

    for name, uri, provider, visible in inputs:
        layer = (QgsRasterLayer(str(uri), name, provider) if provider == "gdal"
                 else QgsVectorLayer(str(uri), name, provider))
        if not layer.isValid():
            raise RuntimeError(f"demo project: input layer {name} ({uri}) is not valid")
        table = str(uri).partition("|layername=")[2]
        if provider != "gdal":
            style_input(layer, table)
        project.addMapLayer(layer, False)
        (top if table in ORIENTATION else below).addLayer(layer).setItemVisibilityChecked(visible)


def keep_canvas_extent(project, extent):
    """Store the map view of *project* at *extent*, as QGIS does when it saves a project, so the
    project opens there (QGIS reads the "mapcanvas" element; without one it starts at 1:1)."""
    from qgis.core import QgsMapSettings
    from qgis.PyQt.QtCore import QSize

    def write(document):
        settings = QgsMapSettings()
        settings.setDestinationCrs(project.crs())
        settings.setOutputSize(QSize(1200, 800))
        settings.setExtent(extent)
        canvas = document.createElement("mapcanvas")
        canvas.setAttribute("name", "theMapCanvas")
        canvas.setAttribute("annotationsVisible", "1")
        settings.writeXml(canvas, document)
        document.documentElement().appendChild(canvas)

    project.writeProject.connect(write)


def style_input(layer, table):
    """A plain symbol for an input layer of the demo region; municipalities get their names as labels."""
    from qgis.core import QgsFillSymbol, QgsLineSymbol, QgsSingleSymbolRenderer

    from wertvoll.report.maps import name_labels

    if table not in INPUT_STYLES:
        return
    fill, line, width, fill_style = INPUT_STYLES[table]
    if fill_style:
        symbol = QgsFillSymbol.createSimple({"color": fill or "#00000000", "style": fill_style,
                                            "outline_color": line, "outline_width": str(width)})
    else:
        symbol = QgsLineSymbol.createSimple({"line_color": line, "line_width": str(width)})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    if table == "gemeinden":
        name_labels(layer, "name")
