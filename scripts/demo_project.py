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


def build_demo_project(target, inputs, results, report, title="WERTvoll – Demo Wurzener Land"):
    """Write the project *target* (.qgz).

    inputs:  [(name, uri, provider, visible)] — the demo region's layers (drawn below the results)
    results: [(name, uri, kind)] — result layers, styled by kind (styles.py)
    report:  (template name, {field: value}) — pre-filled values of the report dock
    Returns the written path.
    """
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsProject,
        QgsRasterLayer,
        QgsVectorLayer,
    )

    from wertvoll.styles import apply_style
    from wertvoll.report.layers import KIND_PROPERTY
    from wertvoll.report.maps import MapLook, build_layout

    project = QgsProject()
    crs = QgsCoordinateReferenceSystem("EPSG:25833")
    project.setCrs(crs)
    project.setTitle(title)
    project.writeEntryBool("Paths", "/Absolute", False)  # relative paths
    root = project.layerTreeRoot()
    result_group = root.addGroup("Ergebnisse")
    input_group = root.addGroup("Eingangsdaten")
    by_kind, map_layers = {}, []
    from wertvoll.compat import null_rectangle

    extent = null_rectangle()
    for name, uri, kind in results:
        layer = QgsVectorLayer(str(uri), name, "ogr")
        if not layer.isValid():
            raise RuntimeError(f"demo project: result layer {name} ({uri}) is not valid")
        apply_style(layer, kind, "de")
        layer.setCustomProperty(KIND_PROPERTY, kind)
        project.addMapLayer(layer, False)
        result_group.addLayer(layer)
        by_kind[kind] = layer
        if layer.isSpatial():
            map_layers.append(layer)
            extent.combineExtentWith(layer.extent())
    for name, uri, provider, visible in inputs:
        layer = (QgsRasterLayer(str(uri), name, provider) if provider == "gdal"
                 else QgsVectorLayer(str(uri), name, provider))
        if not layer.isValid():
            raise RuntimeError(f"demo project: input layer {name} ({uri}) is not valid")
        if provider != "gdal":
            style_input(layer, str(uri).partition("|layername=")[2])
        project.addMapLayer(layer, False)
        node = input_group.addLayer(layer)
        node.setItemVisibilityChecked(visible)
        if visible and layer.isSpatial():
            map_layers.append(layer)
            extent.combineExtentWith(layer.extent())

    look = MapLook(title=title, legend_title="Legende", width_mm=297, height_mm=210, name="Übersicht A4")
    layout = build_layout(project, map_layers, crs, extent.buffered(200), look)
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


def style_input(layer, table):
    """A plain symbol for an input layer of the demo region; municipalities get their names as labels."""
    from qgis.core import (
        QgsFillSymbol,
        QgsFontUtils,
        QgsLineSymbol,
        QgsPalLayerSettings,
        QgsSingleSymbolRenderer,
        QgsTextBufferSettings,
        QgsTextFormat,
        QgsVectorLayerSimpleLabeling,
    )
    from qgis.PyQt.QtGui import QColor, QFont

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
        text = QgsTextFormat()
        # a family the machine has: a missing one makes QGIS warn on every opening of the project
        family = next((f for f in ("Arial", "DejaVu Sans", "Liberation Sans")
                       if QgsFontUtils.fontFamilyMatchOnSystem(f)[0]), None)
        font = QFont(family) if family else QFont()
        font.setBold(True)
        text.setFont(font)
        text.setSize(11)
        text.setColor(QColor("#212121"))
        buffer = QgsTextBufferSettings()
        buffer.setEnabled(True)
        buffer.setSize(1.2)
        buffer.setColor(QColor("#ffffff"))
        text.setBuffer(buffer)
        labels = QgsPalLayerSettings()
        labels.fieldName = "name"
        labels.setFormat(text)
        layer.setLabeling(QgsVectorLayerSimpleLabeling(labels))
        layer.setLabelsEnabled(True)
