"""Map figures for the reports: a print layout with map, legend, scale bar and north arrow → PNG.

Layouts must be built and exported on the main thread: the report algorithm carries the
NoThreading flag and the dock calls this directly. The layers are cloned into a private
QgsProject, so the user's project is never touched.
"""
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsCoordinateTransform,
    QgsFillSymbol,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsPrintLayout,
    QgsProject,
    QgsRectangle,
    QgsSingleSymbolRenderer,
)
from qgis.PyQt.QtGui import QFont

from ..compat import (
    DISTANCE_KILOMETERS,
    GEOMETRY_LINE,
    GEOMETRY_POLYGON,
    LEGEND_GROUP,
    LEGEND_SUBGROUP,
    LEGEND_SYMBOL_LABEL,
    LEGEND_TITLE,
    null_rectangle,
    set_text_font,
)
from ..kinds import KINDS


def _style(layer, kind, lang):
    from ..styles import apply_style

    if apply_style(layer, kind, lang):
        return
    fill, line, width = (KINDS[kind].symbol if kind in KINDS else ()) or ("#bdbdbd", "#616161", 0.2)
    geometry = layer.geometryType()
    if geometry == GEOMETRY_POLYGON:
        symbol = QgsFillSymbol.createSimple({"color": fill or "#bdbdbd", "outline_color": line,
                                            "outline_width": str(width)})
    elif geometry == GEOMETRY_LINE:
        symbol = QgsLineSymbol.createSimple({"line_color": line, "line_width": str(width)})
    else:
        symbol = QgsMarkerSymbol.createSimple({"color": fill or line})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))


def _north_arrow():
    for base in QgsApplication.svgPaths():
        for name in ("arrows/NorthArrow_02.svg", "arrows/NorthArrow_11.svg"):
            path = Path(base) / name
            if path.exists():
                return str(path)
    return None


def _fit(extent, ratio):
    """*extent* widened in x or y so that width / height == *ratio* (the map frame's)."""
    cx, cy = extent.center().x(), extent.center().y()
    w, h = max(extent.width(), 1.0), max(extent.height(), 1.0)
    if w / h < ratio:
        w = h * ratio
    else:
        h = w / ratio
    return QgsRectangle(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def build_layout(project, layers, crs, extent, title="", legend_title="", width_mm=170, height_mm=130,
                 name=""):
    """A print layout in *project*: map of *layers* over *extent*, title, legend, scale bar, north arrow."""
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.pageCollection().page(0).setPageSize(QgsLayoutSize(width_mm, height_mm))
    margin, legend_w, title_h = 4, 56, 8 if title else 0
    map_item = QgsLayoutItemMap(layout)
    map_item.attemptMove(QgsLayoutPoint(margin, margin + title_h))
    map_w, map_h = width_mm - 3 * margin - legend_w, height_mm - 2 * margin - title_h
    map_item.attemptResize(QgsLayoutSize(map_w, map_h))
    map_item.setCrs(crs)
    map_item.setLayers(layers)
    map_item.setFrameEnabled(True)
    layout.addLayoutItem(map_item)
    map_item.setExtent(_fit(extent, map_w / map_h))

    if title:
        label = QgsLayoutItemLabel(layout)
        label.setText(title)
        font = QFont("Arial", 12)
        font.setBold(True)
        set_text_font(label, font)
        label.attemptMove(QgsLayoutPoint(margin, margin))
        label.attemptResize(QgsLayoutSize(width_mm - 2 * margin, title_h))
        layout.addLayoutItem(label)

    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(map_item)
    legend.setTitle(legend_title)
    legend.setWrapString("\n")
    for style, size in ((LEGEND_TITLE, 9), (LEGEND_GROUP, 8), (LEGEND_SUBGROUP, 8), (LEGEND_SYMBOL_LABEL, 7)):
        font = QFont("Arial", size)
        font.setBold(size > 7)
        set_text_font(legend.rstyle(style), font)
    legend.setSymbolWidth(6)
    legend.setSymbolHeight(3.5)
    legend.attemptMove(QgsLayoutPoint(width_mm - margin - legend_w, margin + title_h))
    layout.addLayoutItem(legend)

    scale = QgsLayoutItemScaleBar(layout)
    scale.setLinkedMap(map_item)
    scale.setStyle("Single Box")
    scale.setUnits(DISTANCE_KILOMETERS)
    scale.setUnitLabel("km")
    scale.applyDefaultSize(DISTANCE_KILOMETERS)
    scale.attemptMove(QgsLayoutPoint(margin + 3, height_mm - margin - 12))
    layout.addLayoutItem(scale)

    arrow_svg = _north_arrow()
    if arrow_svg:
        arrow = QgsLayoutItemPicture(layout)
        arrow.setPicturePath(arrow_svg)
        arrow.attemptResize(QgsLayoutSize(10, 14))
        arrow.attemptMove(QgsLayoutPoint(width_mm - 2 * margin - legend_w - 12, margin + title_h + 2))
        layout.addLayoutItem(arrow)

    if name:
        layout.setName(name)
    return layout


def render_map(layers, target, title="", legend_title="", names=None, lang="de", width_mm=170, height_mm=150,
               dpi=150):
    """Write a PNG of *layers* [(layer, kind), ...] (the first drawn on top) to *target*.

    *names* maps a kind to the layer name shown in the legend.
    Returns the path, or ``None`` when no layer has a geometry to draw.
    """
    drawable = [(lyr, kind) for lyr, kind in layers
                if lyr is not None and lyr.isValid() and lyr.isSpatial() and lyr.featureCount() != 0]
    if not drawable:
        return None
    project = QgsProject()
    crs = drawable[0][0].crs()
    project.setCrs(crs)
    clones = []
    extent = null_rectangle()
    for layer, kind in reversed(drawable):  # legend and draw order: first entry on top
        clone = layer.clone()
        clone.setName(names.get(kind, layer.name()) if names else layer.name())
        _style(clone, kind, lang)
        if project.addMapLayer(clone) is None:  # refused (invalid clone): leave it out of the map
            continue
        clones.append(clone)
        transform = QgsCoordinateTransform(clone.crs(), crs, project)
        extent.combineExtentWith(transform.transformBoundingBox(clone.extent()))
    if not clones:
        return None
    extent = extent.buffered(max(extent.width(), extent.height()) * 0.03)

    layout = build_layout(project, list(reversed(clones)), crs, extent, title, legend_title, width_mm, height_mm)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = dpi
    from osgeo import gdal

    # the exporter tries to georeference the PNG through GDAL, which cannot update PNGs and
    # prints "ERROR 6"; the figure is fine, so keep GDAL quiet meanwhile
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        result = QgsLayoutExporter(layout).exportToImage(str(target), settings)
    finally:
        gdal.PopErrorHandler()
    if result != QgsLayoutExporter.ExportResult.Success:
        return None
    return str(target)
