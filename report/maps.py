"""Map figures for the reports: a print layout with map, legend, scale bar and north arrow → PNG.

With a context layer (the municipalities) the map draws their boundaries and names in grey and
a small overview map locates the map's extent among them; an attribution line names the data.
The legend lists only the classes drawn in the map and is fitted into its column (smaller
text and wrapped labels, down to a floor) so it is never cut.

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
    QgsLayerTreeLayer,
    QgsLayoutExporter,
    QgsLayoutItem,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemMapOverview,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLineSymbol,
    QgsMapLayerLegendUtils,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsPrintLayout,
    QgsProject,
    QgsRectangle,
    QgsRuleBasedRenderer,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QFont

from ..compat import (
    DISTANCE_KILOMETERS,
    GEOMETRY_LINE,
    GEOMETRY_POLYGON,
    LEGEND_GROUP,
    LEGEND_SIDE_BOTTOM,
    LEGEND_SIDE_LEFT,
    LEGEND_SIDE_TOP,
    LEGEND_SUBGROUP,
    LEGEND_SYMBOL,
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
    attribution: str = ""  # a line under the map naming the data, e.g. "© GeoSN, dl-de/by-2-0"


#: a report figure (:func:`render_map`)
FIGURE = MapLook()
#: :func:`build_layout` without a look: a page 170 × 130 mm
LAYOUT = MapLook(height_mm=130)
#: the legend's text sizes (pt) and symbol heights (mm) tried in turn until it fits its column;
#: the last is the floor (Annahme / assumption: 5 pt is still readable in print)
LEGEND_STEPS = ((7, 3.5), (6.5, 3.2), (6, 3), (5.5, 2.6), (5, 2.2))
#: mean width of a character in em of the legend's font (Arial; Annahme / assumption, generous)
CHAR_EM = 0.55
#: grey of the context layer (municipal boundaries and names)
CONTEXT_GREY = "#757575"


@dataclass(frozen=True)
class _Frame:
    """Where the layout items sit on a page of *width* × *height* mm."""

    width: float
    height: float
    title_h: float  # 0 without a title
    attribution_h: float = 0  # 0 without an attribution line
    margin: float = 4
    legend_w: float = 56

    @property
    def top(self):
        return self.margin + self.title_h

    @property
    def map_size(self):
        return (self.width - 3 * self.margin - self.legend_w,
                self.height - 2 * self.margin - self.title_h - self.attribution_h)

    @property
    def column_x(self):
        """Left edge of the column right of the map (legend, overview)."""
        return self.width - self.margin - self.legend_w


def _add_map(layout, frame, layers, crs, extent):
    map_item = QgsLayoutItemMap(layout)
    map_item.attemptMove(QgsLayoutPoint(frame.margin, frame.top))
    map_w, map_h = frame.map_size
    map_item.attemptResize(QgsLayoutSize(map_w, map_h))
    map_item.setCrs(crs)
    map_item.setLayers(layers)
    map_item.setFrameEnabled(True)
    layout.addLayoutItem(map_item)
    map_item.setExtent(_fit(extent, map_w / map_h))
    return map_item


def _add_label(layout, text, font, where):
    """A text label with *font* at *where* = (x, y, width, height) mm."""
    label = QgsLayoutItemLabel(layout)
    label.setText(text)
    set_text_font(label, font)
    x, y, w, h = where
    label.attemptMove(QgsLayoutPoint(x, y))
    label.attemptResize(QgsLayoutSize(w, h))
    layout.addLayoutItem(label)
    return label


def _add_title(layout, frame, title):
    font = QFont("Arial", 12)
    font.setBold(True)
    _add_label(layout, title, font, (frame.margin, frame.margin, frame.width - 2 * frame.margin, frame.title_h))


def _add_attribution(layout, frame, text):
    _add_label(layout, text, QFont("Arial", 6),
               (frame.margin, frame.top + frame.map_size[1] + 0.5, frame.map_size[0], frame.attribution_h))


def _legend_fonts(legend, size, symbol_h):
    """Text of *size* pt (titles larger), symbols *symbol_h* mm high, spacing shrunk alike."""
    factor = size / 7
    for style, scale, bold, (side, space) in (
            (LEGEND_TITLE, 9 / 7, True, (LEGEND_SIDE_BOTTOM, 3.5)), (LEGEND_GROUP, 8 / 7, True, (LEGEND_SIDE_TOP, 3)),
            (LEGEND_SUBGROUP, 8 / 7, True, (LEGEND_SIDE_TOP, 3)), (LEGEND_SYMBOL, 1, False, (LEGEND_SIDE_TOP, 2.5)),
            (LEGEND_SYMBOL_LABEL, 1, False, (LEGEND_SIDE_LEFT, 2))):
        font = QFont("Arial")
        font.setPointSizeF(size * scale)
        font.setBold(bold)
        set_text_font(legend.rstyle(style), font)
        legend.rstyle(style).setMargin(side, space * min(factor, 1))  # QGIS's default spacing at 7 pt
    legend.setSymbolWidth(symbol_h * 1.7)
    legend.setSymbolHeight(symbol_h)


def _wrap(text, chars):
    import textwrap

    return "\n".join(textwrap.wrap(text, max(chars, 8), break_long_words=False)) or text


def _wrap_labels(legend, chars, originals):
    """Wrap the legend's layer titles and labels at *chars* characters (*originals*: their unwrapped texts)."""
    model = legend.model()
    for node in model.rootGroup().findLayers():
        title, labels = originals[node.layerId()]
        node.setCustomProperty("legend/title-label", _wrap(title, int(chars * 7 / 8)))
        for i, text in enumerate(labels):
            QgsMapLayerLegendUtils.setLegendNodeUserLabel(node, i, _wrap(text, chars))
        model.refreshLayerLegend(node)


def _legend_texts(legend):
    """{layer id: (title, [labels of its original legend nodes])} of the legend's layers."""
    model = legend.model()
    return {node.layerId(): (node.name(), [n.data(Qt.ItemDataRole.DisplayRole) or ""
                                           for n in model.layerOriginalLegendNodes(node)])
            for node in model.rootGroup().findLayers()}


def _fit_legend(legend, width, height):
    """Shrink the legend's text and wrap its labels until it fits *width* × *height* mm.

    Below the last of :data:`LEGEND_STEPS` (a legend of very many entries) everything shrinks by
    the share that is missing, so the legend is never cut, however small it gets.
    """
    originals = _legend_texts(legend)
    steps = list(LEGEND_STEPS)
    while steps:
        size, symbol_h = steps.pop(0)
        _legend_fonts(legend, size, symbol_h)
        chars = int((width - symbol_h * 1.7 - 6) / (size * 0.3528 * CHAR_EM))  # pt -> mm
        _wrap_labels(legend, chars, originals)
        box = _legend_size(legend)
        share = min(width / max(box.width(), 1e-6), height / max(box.height(), 1e-6))
        if share >= 1:
            return
        if not steps and size > 1:
            steps.append((size * share * 0.95, symbol_h * share * 0.95))


def _legend_size(legend):
    """The size (mm) the legend needs; measured before the layout is drawn (its own size is set while
    drawing). Measured without the map filter: never smaller than the drawn legend."""
    from qgis.core import QgsLegendRenderer

    settings = legend.legendSettings()
    settings.setTitle(legend.title())
    return QgsLegendRenderer(legend.model(), settings).minimumSize()


#: Annahme / assumption: up to this many features the legend is filtered by what the map shows
#: (about 0.3 s of hit test at 3,000 features, measured on the test machine; see _add_legend)
LEGEND_FILTER_MAX_FEATURES = 3000


def _add_legend(layout, frame, map_item, legend_title, height):
    """The legend right of the map, showing what the map draws, fitted into *height* mm."""
    legend = QgsLayoutItemLegend(layout)
    legend.setAutoUpdateModel(False)  # its own layer tree: wrapped labels never reach the project
    legend.setLinkedMap(map_item)
    # no entry for a class the map does not show; the filter's hit test draws every feature once
    # more (0.7 s for 6,700 candidates here), so it is left out for larger maps: a cancel must be
    # answered within 1 s and the export cannot be interrupted
    drawn = sum(max(layer.featureCount(), 0) for layer in map_item.layers() if hasattr(layer, "featureCount"))
    legend.setLegendFilterByMapEnabled(drawn <= LEGEND_FILTER_MAX_FEATURES)
    legend.setTitle(legend_title)
    legend.setWrapString("\n")
    legend.attemptMove(QgsLayoutPoint(frame.column_x, frame.top))
    layout.addLayoutItem(legend)
    _prune_legend(legend.model().rootGroup(), {layer.id() for layer in map_item.layers()})
    _fit_legend(legend, frame.legend_w, height)
    return legend


def _prune_legend(group, shown):
    """Take the layers the map does not draw (ids not in *shown*) and the groups left empty out of
    the legend's own tree: the map filter would hide them, but the legend is measured before."""
    from qgis.core import QgsLayerTree

    for node in list(group.children()):
        if QgsLayerTree.isGroup(node):
            _prune_legend(node, shown)
            if not node.findLayers():
                group.removeChildNode(node)
        elif node.layerId() not in shown:
            group.removeChildNode(node)


def _add_scale_bar(layout, frame, map_item):
    scale = QgsLayoutItemScaleBar(layout)
    scale.setLinkedMap(map_item)
    scale.setStyle("Single Box")
    scale.setUnits(DISTANCE_KILOMETERS)
    scale.setUnitLabel("km")
    set_text_font(scale, QFont("Arial", 8))
    scale.applyDefaultSize(DISTANCE_KILOMETERS)
    scale.setBackgroundEnabled(True)
    scale.setBackgroundColor(QColor(255, 255, 255, 210))
    layout.addLayoutItem(scale)
    scale.setReferencePoint(QgsLayoutItem.ReferencePoint.LowerLeft)
    scale.attemptMove(QgsLayoutPoint(frame.margin + 2, frame.top + frame.map_size[1] - 2))


def _add_north_arrow(layout, frame):
    arrow_svg = _north_arrow()
    if not arrow_svg:
        return
    arrow = QgsLayoutItemPicture(layout)
    arrow.setPicturePath(arrow_svg)
    arrow.attemptResize(QgsLayoutSize(10, 14))
    arrow.attemptMove(QgsLayoutPoint(frame.column_x - frame.margin - 12, frame.top + 2))
    layout.addLayoutItem(arrow)


def _add_overview(layout, frame, map_item, context):
    """A small map of the *context* layer (whole extent) with the main map's extent outlined; its height."""
    extent = QgsCoordinateTransform(context.crs(), map_item.crs(), context.transformContext()
                                    ).transformBoundingBox(context.extent())
    extent.combineExtentWith(map_item.extent())
    ratio = max(extent.width(), 1.0) / max(extent.height(), 1.0)
    height = min(frame.legend_w / ratio, frame.map_size[1] / 3)
    overview = QgsLayoutItemMap(layout)
    overview.attemptMove(QgsLayoutPoint(frame.column_x, frame.top + frame.map_size[1] - height))
    overview.attemptResize(QgsLayoutSize(frame.legend_w, height))
    overview.setCrs(map_item.crs())
    overview.setLayers([context])
    overview.setFrameEnabled(True)
    layout.addLayoutItem(overview)
    overview.setExtent(_fit(extent.buffered(max(extent.width(), extent.height()) * 0.02),
                            frame.legend_w / height))
    marker = QgsLayoutItemMapOverview("extent", overview)
    marker.setLinkedMap(map_item)
    marker.setFrameSymbol(QgsFillSymbol.createSimple({"style": "no", "outline_color": "#c62828",
                                                      "outline_width": "0.6"}))
    overview.overviews().addOverview(marker)
    return height


def build_layout(project, layers, crs, extent, look=LAYOUT, *, context=None):
    """A print layout in *project*: map of *layers* over *extent*, title, legend, scale bar, north arrow.

    *look* gives the page size, the title, the legend's title, the attribution and the layout's
    name. *context*: a layer of *project* outside its layer tree (the municipalities without
    labels) drawn in an overview map below the legend; None: no overview.
    """
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.pageCollection().page(0).setPageSize(QgsLayoutSize(look.width_mm, look.height_mm))
    frame = _Frame(look.width_mm, look.height_mm, 8 if look.title else 0, 4 if look.attribution else 0)
    map_item = _add_map(layout, frame, layers, crs, extent)
    if look.title:
        _add_title(layout, frame, look.title)
    if look.attribution:
        _add_attribution(layout, frame, look.attribution)
    below = _add_overview(layout, frame, map_item, context) + 3 if context is not None else 0
    _add_legend(layout, frame, map_item, look.legend_title, frame.map_size[1] - below)
    _add_scale_bar(layout, frame, map_item)
    _add_north_arrow(layout, frame)
    if look.name:
        layout.setName(look.name)
    return layout


def context_style(layer, name_field="", labels=True):
    """Grey boundaries (no fill) for a context layer such as the municipalities; names as grey labels.

    *name_field*: the field of the labels; empty: the first of name, gen, gemeinde, municipality
    the layer has (any case); none: no labels.
    """
    symbol = QgsFillSymbol.createSimple({"style": "no", "outline_color": CONTEXT_GREY, "outline_width": "0.35"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    field = name_field or _name_field(layer)
    if labels and field:
        name_labels(layer, field)
    else:
        layer.setLabelsEnabled(False)


def name_labels(layer, field):
    """Label *layer* with *field* in grey italics on a white halo (a font family the machine has:
    a missing one makes QGIS warn whenever a saved project opens)."""
    from qgis.core import QgsFontUtils

    family = next((f for f in ("Arial", "DejaVu Sans", "Liberation Sans")
                   if QgsFontUtils.fontFamilyMatchOnSystem(f)[0]), None)
    font = QFont(family) if family else QFont()
    font.setItalic(True)
    text = QgsTextFormat()
    text.setFont(font)
    text.setSize(8)
    text.setColor(QColor("#616161"))  # noqa: QGS202 - QgsTextFormat, returns None
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor("#ffffff"))  # noqa: QGS202 - QgsTextBufferSettings, returns None
    text.setBuffer(buffer)
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    settings.setFormat(text)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def _name_field(layer):
    names = {name.lower(): name for name in layer.fields().names()}
    return next((names[n] for n in ("name", "gen", "gemeinde", "municipality") if n in names), "")


def _add_clones(project, crs, drawable, look):
    """Styled clones of the *drawable* layers added to *project* (bottom first), and their extent in *crs*."""
    clones = []
    extent = null_rectangle()
    names = look.names
    for layer, kind in reversed(drawable):  # legend and draw order: first entry on top
        clone = layer.clone()
        clone.setName(names.get(kind, layer.name()) if names else layer.name())
        _style(clone, kind, look.lang)
        parts = _rule_layers(clone)
        if parts:
            parts = _add_group(project, clone.name(), parts)
            if not parts:
                continue
        elif project.addMapLayer(clone) is None:  # refused (invalid clone): leave it out of the map
            continue
        clones.extend(parts or [clone])
        transform = QgsCoordinateTransform(clone.crs(), crs, project)
        extent.combineExtentWith(transform.transformBoundingBox(clone.extent()))
    return clones, extent


#: QGIS's rule-based renderer keeps every feature it draws until the drawing ends (3.6 GB for
#: 1.9 M candidates); from this many features each rule is drawn as a layer of its own
RULE_SPLIT_FEATURES = 100_000


def _rule_layers(clone):
    """For a large layer styled by rules: one clone per rule (the rule's filter as its subset, the
    rule's symbol, its label as name), in the rules' order (later rules drawn on top); else []."""
    renderer = clone.renderer()
    if not isinstance(renderer, QgsRuleBasedRenderer) or clone.featureCount() < RULE_SPLIT_FEATURES:
        return []
    parts = []
    for rule in renderer.rootRule().children():
        if rule.children() or rule.symbol() is None or rule.isElse() or not rule.active():
            return []
        part = clone.clone()
        conditions = [c for c in (clone.subsetString(), rule.filterExpression()) if c]
        if conditions and not part.setSubsetString(" AND ".join(f"({c})" for c in conditions)):
            return []  # a filter the data source cannot take: draw the layer as it is
        part.setRenderer(QgsSingleSymbolRenderer(rule.symbol().clone()))
        part.setName(rule.label())
        parts.append(part)
    return parts


def _add_group(project, name, parts):
    """A legend group *name* at the top of *project*'s tree holding *parts* in their order (the
    legend's; the map draws the last on top); returns the parts it took."""
    group = project.layerTreeRoot().insertGroup(0, name)
    added = [part for part in parts if project.addMapLayer(part, False) is not None]  # None: refused
    for part in added:
        group.addLayer(part)
    return added


def _add_context(project, context, name_field, lang):
    """Clones of the *context* layer: one labelled at the bottom of *project*'s tree, one unlabelled
    outside it (for the overview map); (None, None) when it cannot be drawn."""
    from ..styles import label

    if not (readable(context) and context.isSpatial() and context.featureCount() != 0):
        return None, None
    shown, overview = context.clone(), context.clone()
    shown.setName(label("context", lang))
    context_style(shown, name_field)
    context_style(overview, labels=False)
    if project.addMapLayer(overview, False) is None or project.addMapLayer(shown, False) is None:
        return None, None
    project.layerTreeRoot().addChildNode(QgsLayerTreeLayer(shown))  # at the bottom: drawn first
    return shown, overview


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


def figure_layout(layers, look=FIGURE, context=None, context_field=""):
    """(private project, print layout) of a report figure, see :func:`render_map`; None when nothing to draw.

    Keep the project while using the layout: it holds the layers.
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
    shown, overview = _add_context(project, context, context_field, look.lang) if context else (None, None)
    extent = extent.buffered(max(extent.width(), extent.height()) * 0.03)
    layers = list(reversed(clones)) + ([shown] if shown else [])
    return project, build_layout(project, layers, crs, extent, look, context=overview)


def render_map(layers, target, look=FIGURE, context=None, context_field=""):
    """Write a PNG of *layers* [(layer, kind), ...] (the first drawn on top) to *target*.

    *look* gives the title, the legend (``names`` maps a kind to the layer name shown in it), the
    language of the styles, the attribution, the size and the resolution. *context*: a polygon
    layer (the municipalities) drawn below in grey with the names from *context_field* (empty:
    guessed, see :func:`context_style`), plus an overview map of its whole extent.
    Returns the path, or ``None`` when no layer has a geometry to draw.
    """
    built = figure_layout(layers, look, context, context_field)
    if built is None or not _export_png(built[1], target, look.dpi):
        return None
    return str(target)
