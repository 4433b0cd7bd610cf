"""Bar charts for the reports: PNGs drawn with QPainter on a QImage (no widgets, no matplotlib).

:func:`bar_chart` draws horizontal bars, one per label, with one series or several (side by
side, or stacked as parts of one whole), value labels in the report language's number format, a
legend, an axis title with the unit and a title. :func:`report_charts` draws the charts whose
data the report context holds; the templates embed them like the map figures.
Same input, same bytes: the charts are drawn without time stamps or random parts.
"""
from dataclasses import dataclass, replace
from pathlib import Path

from qgis.PyQt.QtCore import QRect, Qt
from qgis.PyQt.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPen

from .data import CHART_IDS
from .engine import format_number

#: Annahme / assumption: more bars than this make a chart a table; the rest is summed in one bar
MAX_BARS = 12
#: Annahme / assumption: from this largest value on, eco-points are shown in millions
MILLION_FROM = 1e7
#: the land-use table's layer of the development corridors (kernels/riparian.py CORRIDOR_LAYER);
#: the other layers are the strip bands, which do not overlap
CORRIDOR_LAYER = "corridor"

#: the charts' texts in the report languages (German is the default)
TEXT = {
    "points_title": {"de": "Wertpunkte je Gemeinde: Angebot und Auswahl",
                     "en": "Eco-points per municipality: offered and selected"},
    "points_axis": {"de": "Wertpunkte", "en": "Eco-points"},
    "points_axis_mio": {"de": "Wertpunkte (Mio.)", "en": "Eco-points (millions)"},
    "offered": {"de": "angeboten (alle Kandidaten)", "en": "offered (all candidates)"},
    "selected": {"de": "ausgewählt", "en": "selected"},
    "demand_title": {"de": "Kompensationsbedarf und Auswahl", "en": "Compensation demand and selection"},
    "demand": {"de": "Bedarf", "en": "Demand"},
    "area_axis": {"de": "Fläche (ha)", "en": "Area (ha)"},
    "strip_title": {"de": "Flächennutzung in den Gewässerrandstreifen", "en": "Land use inside the riparian strips"},
    "flood_title": {"de": "Flächennutzung in den Hochwasserzonen", "en": "Land use in the flood zones"},
    "zones_title": {"de": "Fläche der Hochwasserzonen", "en": "Area of the flood zones"},
    "zone": {"de": "Zone {zone}", "en": "zone {zone}"},
    "other": {"de": "Übrige ({count})", "en": "other ({count})"},
    "note_other": {"de": "Gezeigt: die {shown} größten von {total} Einträgen; die übrigen {rest} sind "
                         "in „{other}“ zusammengefasst.",
                   "en": "Shown: the {shown} largest of {total} entries; the other {rest} are summed "
                         "in '{other}'."},
}

GREEN, DARK_GREEN, LIGHT_GREEN = "#2e7d32", "#1b5e20", "#a5d6a7"
BLUE = "#2171b5"
#: colours of the stacked parts: the strip bands (greens) and the flood zones (blues)
STRIP_COLOURS = ("#1b5e20", "#66bb6a", "#c5e1a5", "#827717", "#dce775")
ZONE_COLOURS = ("#08306b", "#2171b5", "#6baed6", "#c6dbef", "#9e9ac8")
TEXT_COLOUR, NOTE_COLOUR, AXIS_COLOUR = "#212121", "#616161", "#616161"


def text(key, lang, **params):
    """The chart text *key* in *lang* (German when *lang* is unknown), filled with *params*."""
    entry = TEXT[key]
    return (entry.get(lang) or entry["de"]).format(**params)


@dataclass(frozen=True)
class ChartLook:
    """How a chart is drawn: texts, series, colours, number format, size and resolution."""

    title: str = ""
    axis_title: str = ""  # the values' name with their unit, under the bars
    series: tuple = ()  # the series' names; a legend from two series on
    stacked: bool = False  # the series as parts of one bar (else side by side)
    colours: tuple = (GREEN,)  # per series, repeated when there are more series
    lang: str = "de"
    decimals: int = 0
    width_mm: float = 160  # as wide as Word shows a figure (engine.render_docx): fonts keep their size
    dpi: int = 150
    max_bars: int = MAX_BARS

    def px(self, mm):
        return int(round(mm * self.dpi / 25.4))

    def font(self, points, bold=False):
        font = QFont("Arial")
        font.setPixelSize(max(1, int(round(points * self.dpi / 72))))
        font.setBold(bold)
        return font

    def colour(self, index):
        return QColor(self.colours[index % len(self.colours)])


def value_text(value, look):
    """A value label: *value* in the number format of the report's language ("1.234.567" in German).

    Exactly 0 is written without decimals ("0"), so that "nothing" does not read as "rounded down".
    """
    return format_number(value, look.decimals if float(value) else 0, look.lang)


def _values(value):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def _total(values):
    return sum(max(float(v), 0.0) for v in values)


def _limit(rows, look):
    """The bars to draw ([(label, values)]) and the note on what was summed ("" when all are shown).

    Beyond *look.max_bars* rows the largest (by total, kept in the given order) are shown and the
    rest is summed in one "other" bar at the end.
    """
    rows = [(str(label), _values(value)) for label, value in rows]
    if len(rows) <= look.max_bars:
        return rows, ""
    shown = look.max_bars - 1
    largest = set(sorted(range(len(rows)), key=lambda i: (-_total(rows[i][1]), i))[:shown])
    kept = [row for i, row in enumerate(rows) if i in largest]
    rest = [values for i, (_label, values) in enumerate(rows) if i not in largest]
    other = text("other", look.lang, count=len(rest))
    summed = tuple(sum(float(v[k]) for v in rest) for k in range(len(rest[0])))
    note = text("note_other", look.lang, shown=shown, total=len(rows), rest=len(rest), other=other)
    return [*kept, (other, summed)], note


@dataclass(frozen=True)
class _Frame:
    """Where the parts of a chart sit, in pixels."""

    width: int
    title_h: int
    legend_h: int
    slot_h: int  # one label's bars and the gap below them
    bar_h: int  # one bar (side by side: one series' bar)
    label_w: int
    value_w: int
    margin: int
    gap: int
    axis_h: int  # the axis title under the bars
    note_h: int  # the note on the summed entries (0 without)

    def bars_top(self):
        return self.margin + self.title_h + self.legend_h

    def plot_left(self):
        return self.margin + self.label_w + self.gap

    def plot_width(self):
        return max(self.width - self.plot_left() - self.gap - self.value_w - self.margin, 1)

    def height(self, bars):
        """The chart's height with *bars* labels: title, legend, bars, axis title, note, margins."""
        return self.bars_top() + bars * self.slot_h + self.axis_h + self.gap + self.note_h + self.margin


def _text_height(font, width, content):
    if not content:
        return 0
    rect = QFontMetrics(font).boundingRect(QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap, content)
    return rect.height()


def _legend_entries(look):
    """[(x, row, name)] of the legend, flowing left to right into as many rows as needed."""
    if len(look.series) < 2:
        return []
    metrics = QFontMetrics(look.font(9))
    swatch, width = look.px(3.5), look.px(look.width_mm) - 2 * look.px(4)
    entries, x, row = [], 0, 0
    for name in look.series:
        needed = swatch + look.px(1.5) + metrics.horizontalAdvance(name) + look.px(5)
        if x and x + needed > width:
            x, row = 0, row + 1
        entries.append((x, row, name))
        x += needed
    return entries


def _frame(rows, look, legend_rows, note):
    series = len(rows[0][1]) if rows else 1
    bar_h = look.px(4.5 if look.stacked or series == 1 else 3.6)
    metrics = QFontMetrics(look.font(9))
    width = look.px(look.width_mm)
    label_w = min(max(metrics.horizontalAdvance(label) for label, _v in rows) + look.px(1), int(width * 0.38))
    values = [_total(v) for _label, v in rows] if look.stacked else [x for _label, v in rows for x in v]
    value_w = max(metrics.horizontalAdvance(value_text(v, look)) for v in values)
    margin = look.px(4)
    title_h = _text_height(look.font(11, bold=True), width - 2 * margin, look.title) + look.px(3)
    legend_h = legend_rows * look.px(5.5) + (look.px(1.5) if legend_rows else 0)
    frame = _Frame(width=width, title_h=title_h, legend_h=legend_h,
                   slot_h=bar_h * (1 if look.stacked else series) + look.px(2.2), bar_h=bar_h,
                   label_w=label_w, value_w=value_w, margin=margin, gap=look.px(1.5), axis_h=0, note_h=0)
    return replace(frame, axis_h=_text_height(look.font(9), frame.plot_width(), look.axis_title) + look.px(1),
                   note_h=_text_height(look.font(8), width - 2 * margin, note))


def _draw_text(painter, rect, flags, content, font, *, colour=TEXT_COLOUR):
    painter.setFont(font)
    painter.setPen(QColor(colour))
    painter.drawText(rect, flags, content)


def _draw_title_and_legend(painter, frame, look, entries):
    inner = frame.width - 2 * frame.margin
    _draw_text(painter, QRect(frame.margin, frame.margin, inner, frame.title_h),
               Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
               look.title, look.font(11, bold=True))
    swatch, line = look.px(3.5), look.px(5.5)
    top = frame.margin + frame.title_h
    for index, (x, row, name) in enumerate(entries):
        y = top + row * line
        painter.fillRect(QRect(frame.margin + x, y + (line - swatch) // 2, swatch, swatch), look.colour(index))
        _draw_text(painter, QRect(frame.margin + x + swatch + look.px(1.5), y, inner, line),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name, look.font(9))


def _bar_pieces(values, look, frame, scale):
    """One label's bars [(series index, y offset, x, width)] and value labels [(y offset, x, text)]."""
    left = frame.plot_left()
    if look.stacked:
        pieces, done = [], 0.0
        for index, value in enumerate(values):
            start, done = left + round(done * scale), done + max(float(value), 0.0)
            pieces.append((index, 0, start, left + round(done * scale) - start))
        return pieces, [(0, left + round(done * scale), value_text(_total(values), look))]
    pieces = [(index, index * frame.bar_h, left, round(max(float(v), 0.0) * scale))
              for index, v in enumerate(values)]
    return pieces, [(dy, x + width, value_text(values[index], look)) for index, dy, x, width in pieces]


def _draw_bars(painter, rows, frame, look):
    """The labels, the bars and their values; returns the y below the last bar."""
    largest = max(_total(v) if look.stacked else max(max(float(x), 0.0) for x in v) for _label, v in rows)
    scale = frame.plot_width() / largest
    metrics = QFontMetrics(look.font(9))
    align_right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    align_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    y, bars_h = frame.bars_top(), frame.slot_h - look.px(2.2)
    painter.setPen(QPen(QColor(AXIS_COLOUR), max(1, look.px(0.3))))  # the axis first: the bars start on it
    painter.drawLine(frame.plot_left(), y - look.px(1), frame.plot_left(), y + len(rows) * frame.slot_h - look.px(1.2))
    for label, values in rows:
        shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, frame.label_w)
        _draw_text(painter, QRect(frame.margin, y, frame.label_w, bars_h), align_right, shown, look.font(9))
        pieces, labels = _bar_pieces(values, look, frame, scale)
        for index, dy, x, width in pieces:
            if width > 0:
                painter.fillRect(QRect(x, y + dy, width, frame.bar_h), look.colour(index))
        for dy, x, content in labels:
            _draw_text(painter, QRect(x + frame.gap, y + dy, frame.value_w + frame.gap, frame.bar_h), align_left,
                       content, look.font(9))
        y += frame.slot_h
    return y


def _draw_foot(painter, frame, look, top, note):
    """The axis title under the bars from *top* on, then the note on the summed entries."""
    _draw_text(painter, QRect(frame.plot_left(), top + look.px(1), frame.plot_width(), frame.axis_h),
               Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap, look.axis_title, look.font(9))
    inner = frame.width - 2 * frame.margin
    _draw_text(painter, QRect(frame.margin, top + frame.axis_h + frame.gap, inner, frame.note_h),
               Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, note, look.font(8), colour=NOTE_COLOUR)


def _image(width, height, dpi):
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(int(round(dpi / 0.0254)))
    image.setDotsPerMeterY(int(round(dpi / 0.0254)))
    image.fill(QColor("#ffffff"))
    return image


def bar_chart(rows, target, look=ChartLook()):
    """Write a horizontal bar chart of *rows* [(label, value or (value, value, ...))] as a PNG to *target*.

    One bar per label in the given order; several values per label are the series of *look*
    (side by side, or stacked when ``look.stacked``). Beyond ``look.max_bars`` labels the
    largest are drawn and the rest summed in one bar, which the chart says under the axis.
    Returns the path, or ``None`` when there is nothing to draw (no rows, no value above 0).
    """
    rows, note = _limit(rows, look)
    if not rows or not any(_total(values) > 0 for _label, values in rows):
        return None
    entries = _legend_entries(look)
    frame = _frame(rows, look, 1 + max(row for _x, row, _n in entries) if entries else 0, note)
    image = _image(frame.width, frame.height(len(rows)), look.dpi)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        _draw_title_and_legend(painter, frame, look, entries)
        _draw_foot(painter, frame, look, _draw_bars(painter, rows, frame, look), note)
    finally:
        painter.end()
    if not image.save(str(target), "PNG"):
        return None
    return str(target)


# ---------------------------------------------------------------- the report's charts

def _points(rows, lang):
    """*rows* of eco-points in the unit that reads best: (rows, axis title, decimals)."""
    largest = max((abs(float(x)) for _label, values in rows for x in _values(values)), default=0.0)
    if largest < MILLION_FROM:
        return rows, text("points_axis", lang), 0
    return ([(label, tuple(float(x) / 1e6 for x in _values(values))) for label, values in rows],
            text("points_axis_mio", lang), 1)


def _points_chart(rows, lang, **look):
    """(rows, look) of a chart of eco-points."""
    rows, axis, decimals = _points(rows, lang)
    return rows, ChartLook(axis_title=axis, decimals=decimals, lang=lang, **look)


def _points_by_municipality(context, lang):
    munis = (context.get("compensation") or {}).get("municipalities") or []
    rows = sorted(((m["name"], (m["uplift_pts"], m["selected_pts"])) for m in munis), key=lambda r: -r[1][0])
    return _points_chart(rows, lang, title=text("points_title", lang),
                         series=(text("offered", lang), text("selected", lang)), colours=(LIGHT_GREEN, DARK_GREEN))


def _capital(words):
    return words[:1].upper() + words[1:]


def _demand(context, lang):
    comp = context.get("compensation") or {}
    if comp.get("demand") is None:
        return None
    rows = [(text("demand", lang), comp["demand"]), (_capital(text("selected", lang)), comp["selected_pts"])]
    return _points_chart(rows, lang, title=text("demand_title", lang), colours=(DARK_GREEN,))


def _stacked_areas(rows, label_of, part_of, parts):
    """[(label, (ha per part))] of *rows* summed per label and part, the largest total first."""
    sums = {}
    for row in rows:
        values = sums.setdefault(str(label_of(row)), [0.0] * len(parts))
        values[parts.index(part_of(row))] += float(row["area_m2"]) / 1e4
    return sorted(((label, tuple(v)) for label, v in sums.items()), key=lambda r: -sum(r[1]))


def _area_look(lang, title, **look):
    return ChartLook(title=title, axis_title=text("area_axis", lang), decimals=1, lang=lang, **look)


def _strip_landuse(context, lang):
    rows = [r for r in (context.get("water") or {}).get("landuse") or []
            if r.get("layer_code", r["layer"]) != CORRIDOR_LAYER]
    bands = list(dict.fromkeys(r["layer"] for r in rows))  # the table's order: by zone and distance
    stacked = _stacked_areas(rows, lambda r: r.get("label") or r["landuse"], lambda r: r["layer"], bands)
    return stacked, _area_look(lang, text("strip_title", lang), series=tuple(bands), stacked=True,
                               colours=STRIP_COLOURS)


def _zone_name(zone, names, lang):
    return names.get(zone) or text("zone", lang, zone=zone)


def _flood_landuse(context, lang):
    water = context.get("water") or {}
    names = {z["zone"]: z["label"] for z in water.get("zones") or []}
    rows = water.get("exposure") or []
    zones = sorted({r["zone"] for r in rows})
    stacked = _stacked_areas(rows, lambda r: r.get("label") or r["class"], lambda r: r["zone"], zones)
    return stacked, _area_look(lang, text("flood_title", lang), series=tuple(_zone_name(z, names, lang) for z in zones),
                               stacked=True, colours=ZONE_COLOURS)


def _zone_areas(context, lang):
    zones = (context.get("water") or {}).get("zones") or []
    rows = [(z["label"] or text("zone", lang, zone=z["zone"]), z["area_m2"] / 1e4) for z in zones]
    return rows, _area_look(lang, text("zones_title", lang), colours=(BLUE,))


#: chart id (data.CHART_IDS) -> (context, lang) -> (rows, look) or None
CHARTS = {"points_by_municipality": _points_by_municipality, "demand": _demand,
          "strip_landuse": _strip_landuse, "flood_landuse": _flood_landuse, "zone_areas": _zone_areas}


def report_charts(context, folder, lang="de", is_cancelled=None):
    """{chart id: PNG path, None when its data are missing or all 0} of the charts of *context*.

    *context* is what :func:`report.data.build_context` made; the PNGs are written into *folder*.
    *is_cancelled()* is asked before each chart: once True, the rest stay None.
    """
    drawn = dict.fromkeys(CHART_IDS)
    for chart_id in CHART_IDS:
        if is_cancelled is not None and is_cancelled():
            break
        made = CHARTS[chart_id](context, lang)
        drawn[chart_id] = bar_chart(made[0], Path(folder) / f"chart_{chart_id}.png", made[1]) if made else None
    return drawn
