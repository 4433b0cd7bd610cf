"""Map figures for the reports: a print layout with map, legend, scale bar and north arrow → PNG.

Layouts must be built and exported on the main thread: the report algorithm carries the
NoThreading flag and the dock calls this directly. The layers are cloned into a private
QgsProject, so the user's project is never touched.
"""
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

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
from .layers import readable


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


@dataclass(frozen=True)
class MapLook:
    """How a map figure is drawn: title, legend, the legend's layer names, language, page size, resolution."""

    title: str = ""
    legend_title: str = ""
    names: Optional[dict] = None  # kind -> layer name in the legend (else the layer's own name)
    lang: str = "de"
    width_mm: float = 170
    height_mm: float = 150
    dpi: int = 150
    name: str = ""  # the print layout's name (left unset when empty)


#: a report figure (:func:`render_map`)
FIGURE = MapLook()
#: :func:`build_layout` without a look: a page 170 × 130 mm
LAYOUT = MapLook(height_mm=130)


@dataclass(frozen=True)
class _Frame:
    """Where the layout items sit on a page of *width* × *height* mm."""

    width: float
    height: float
    title_h: float  # 0 without a title
    margin: float = 4
    legend_w: float = 56

    @property
    def map_size(self):
        return (self.width - 3 * self.margin - self.legend_w,
                self.height - 2 * self.margin - self.title_h)


def _add_map(layout, frame, layers, crs, extent):
    map_item = QgsLayoutItemMap(layout)
    map_item.attemptMove(QgsLayoutPoint(frame.margin, frame.margin + frame.title_h))
    map_w, map_h = frame.map_size
    map_item.attemptResize(QgsLayoutSize(map_w, map_h))
    map_item.setCrs(crs)
    map_item.setLayers(layers)
    map_item.setFrameEnabled(True)
    layout.addLayoutItem(map_item)
    map_item.setExtent(_fit(extent, map_w / map_h))
    return map_item


def _add_title(layout, frame, title):
    label = QgsLayoutItemLabel(layout)
    label.setText(title)
    font = QFont("Arial", 12)
    font.setBold(True)
    set_text_font(label, font)
    label.attemptMove(QgsLayoutPoint(frame.margin, frame.margin))
    label.attemptResize(QgsLayoutSize(frame.width - 2 * frame.margin, frame.title_h))
    layout.addLayoutItem(label)


def _add_legend(layout, frame, map_item, legend_title):
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
    legend.attemptMove(QgsLayoutPoint(frame.width - frame.margin - frame.legend_w, frame.margin + frame.title_h))
    layout.addLayoutItem(legend)


def _add_scale_bar(layout, frame, map_item):
    scale = QgsLayoutItemScaleBar(layout)
    scale.setLinkedMap(map_item)
    scale.setStyle("Single Box")
    scale.setUnits(DISTANCE_KILOMETERS)
    scale.setUnitLabel("km")
    scale.applyDefaultSize(DISTANCE_KILOMETERS)
    scale.attemptMove(QgsLayoutPoint(frame.margin + 3, frame.height - frame.margin - 12))
    layout.addLayoutItem(scale)


def _add_north_arrow(layout, frame):
    arrow_svg = _north_arrow()
    if not arrow_svg:
        return
    arrow = QgsLayoutItemPicture(layout)
    arrow.setPicturePath(arrow_svg)
    arrow.attemptResize(QgsLayoutSize(10, 14))
    arrow.attemptMove(QgsLayoutPoint(frame.width - 2 * frame.margin - frame.legend_w - 12,
                                     frame.margin + frame.title_h + 2))
    layout.addLayoutItem(arrow)


def build_layout(project, layers, crs, extent, look=LAYOUT):
    """A print layout in *project*: map of *layers* over *extent*, title, legend, scale bar, north arrow.

    *look* gives the page size, the title, the legend's title and the layout's name.
    """
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.pageCollection().page(0).setPageSize(QgsLayoutSize(look.width_mm, look.height_mm))
    frame = _Frame(look.width_mm, look.height_mm, 8 if look.title else 0)
    map_item = _add_map(layout, frame, layers, crs, extent)
    if look.title:
        _add_title(layout, frame, look.title)
    _add_legend(layout, frame, map_item, look.legend_title)
    _add_scale_bar(layout, frame, map_item)
    _add_north_arrow(layout, frame)
    if look.name:
        layout.setName(look.name)
    return layout


def _add_clones(project, crs, drawable, look):
    """Styled clones of the *drawable* layers added to *project*, and their extent in *crs*."""
    clones = []
    extent = null_rectangle()
    names = look.names
    for layer, kind in reversed(drawable):  # legend and draw order: first entry on top
        clone = layer.clone()
        clone.setName(names.get(kind, layer.name()) if names else layer.name())
        _style(clone, kind, look.lang)
        if project.addMapLayer(clone) is None:  # refused (invalid clone): leave it out of the map
            continue
        clones.append(clone)
        transform = QgsCoordinateTransform(clone.crs(), crs, project)
        extent.combineExtentWith(transform.transformBoundingBox(clone.extent()))
    return clones, extent


def _export_png(layout, target, dpi):
    """Export *layout* as a PNG; True when it was written."""
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
    return result == QgsLayoutExporter.ExportResult.Success


def render_map(layers, target, look=FIGURE):
    """Write a PNG of *layers* [(layer, kind), ...] (the first drawn on top) to *target*.

    *look* gives the title, the legend (``names`` maps a kind to the layer name shown in it), the
    language of the styles, the size and the resolution.
    Returns the path, or ``None`` when no layer has a geometry to draw.
    """
    drawable = [(lyr, kind) for lyr, kind in layers  # an unreadable layer would crash clone()
                if readable(lyr) and lyr.isSpatial() and lyr.featureCount() != 0]
    if not drawable:
        return None
    project = QgsProject()
    crs = drawable[0][0].crs()
    project.setCrs(crs)
    clones, extent = _add_clones(project, crs, drawable, look)
    if not clones:
        return None
    extent = extent.buffered(max(extent.width(), extent.height()) * 0.03)
    layout = build_layout(project, list(reversed(clones)), crs, extent, look)
    if not _export_png(layout, target, look.dpi):
        return None
    return str(target)
