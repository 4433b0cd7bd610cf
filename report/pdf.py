"""Report PDF with QGIS's print layout engine: the rendered report HTML laid out on A4 pages.

The HTML our templates produce (h1-h3, p, table, figure/img) is parsed into blocks and placed
on the pages of a :class:`QgsPrintLayout`: headings and paragraphs as labels wrapped at word
boundaries, tables as manual tables whose columns are at least as wide as their widest word or
number (a table too wide for portrait A4 goes on a landscape page; one longer than the page
continues on the next with its header row again), figures as pictures scaled to the text width.
Every page has a footer: the title left, "Seite X von Y" right. Vector output, no browser needed.
Layouts must be built and exported on the main thread (as the map figures).
"""
import base64
import binascii
import tempfile
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from qgis.core import (
    QgsFillSymbol,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemManualTable,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemShape,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTable,
    QgsPrintLayout,
    QgsProject,
    QgsTableCell,
    QgsTextFormat,
)
from qgis.PyQt.QtCore import Qt, QUrl
from qgis.PyQt.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QImage, QImageReader

from ..compat import PDF_TEXT_AS_TEXT, set_text_font
from ..i18n import tr

MM_PER_PT = 25.4 / 72
A4 = (210.0, 297.0)
MARGIN = 20.0  # mm on every side (Annahme / assumption: a usual office page)
FOOTER = 8.0  # mm between the text area and the footer line inside the bottom margin (assumption)
GAP = {"h1": 5.0, "h2": 2.5, "h3": 1.5, "p": 2.5, "table": 4.5, "figure": 4.5}  # mm after a block (assumption)
BEFORE = {"h2": 4.0, "h3": 2.5}  # mm before a heading that is not at the page top (assumption)
CELL_MARGIN = 1.2  # mm inside a table cell (assumption)
GRID = 0.2  # mm table grid lines (assumption)
TABLE_SIZES = (9.0, 8.5, 8.0, 7.5, 7.0)  # pt tried for a table, 7 pt the smallest readable (assumption)
TINY_SIZES = (6.5, 6.0, 5.5, 5.0)  # pt: only a table wider than landscape A4 at 7 pt (assumption)
MIN_SHRINK = 0.8  # a figure may shrink to 80 % to stay on its page (assumption)
ROW_SLACK = 0.05  # mm added to a table row's measured height (QGIS's own, measured; a frame grows if short)
SLACK = 0.6  # mm of safety in measured widths and heights (font hinting, renderer differences)
FAMILIES = ("Source Sans Pro", "Liberation Sans", "Arial", "Helvetica", "DejaVu Sans")  # first installed wins
TAIL, SMALLER_FIGURES = 0.25, 0.85  # a last page under a quarter full: try figures at 85 % (assumption)
PAGE_LABEL = {"de": "Seite {page} von {pages}", "en": "Page {page} of {pages}"}


@dataclass(frozen=True)
class Style:
    """A text style: size in points, bold/italic, colour."""

    size: float = 10.0
    bold: bool = False
    italic: bool = False
    color: str = "#222222"


# the report's CSS (templates' <style>) in points (sizes: assumption)
STYLES = {
    "h1": Style(18, True, color="#1b5e20"),
    "h2": Style(13, True, color="#2e7d32"),
    "h3": Style(11, True, color="#2e7d32"),
    "p": Style(10),
    "small": Style(8, color="#555555"),
    "caption": Style(8.5, italic=True, color="#555555"),
    "footer": Style(8, color="#555555"),
}
HEAD_FILL, GRID_COLOR, RULE_COLOR = "#e8f5e9", "#bbbbbb", "#c8e6c9"


# --- parsing ------------------------------------------------------------------------------------

@dataclass
class Cell:
    text: str
    head: bool = False  # <th>
    num: bool = False  # class="num": right-aligned


@dataclass
class Block:
    """One piece of the report: kind h1/h2/h3/p/small/table/figure."""

    kind: str
    text: str = ""
    rows: list = field(default_factory=list)  # table: [[Cell, ...], ...]
    src: str = ""  # figure: file:/data: URI or path
    caption: str = ""  # figure: <figcaption> (or the alt text when the image is missing)


def _text(element):
    """The element's text with whitespace collapsed; <br> kept as line breaks."""
    lines = "".join(element.itertext()).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()


def _classes(element):
    return (element.get("class") or "").split()


def _table(element):
    rows = []
    for tr_ in element.iter("tr"):
        cells = [Cell(_text(c), c.tag == "th", "num" in _classes(c)) for c in tr_ if c.tag in ("th", "td")]
        if cells:
            rows.append(cells)
    return Block("table", rows=rows) if rows else None


def _figure(element):
    image = element if element.tag == "img" else next(element.iter("img"), None)
    caption = next(element.iter("figcaption"), None) if element.tag == "figure" else None
    text = _text(caption) if caption is not None else ""
    if image is None:
        return Block("p", text) if text else None
    return Block("figure", src=image.get("src") or "", caption=text or "", text=image.get("alt") or "")


BLOCK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "table", "figure", "img", "ul", "ol", "li", "div",
              "section", "article", "header", "footer", "main", "blockquote", "pre"}
SKIPPED = {"script", "style", "head", "title", "meta"}
READERS = {  # tag -> the block it gives (or None)
    "h1": lambda e: Block("h1", _text(e)),
    "h2": lambda e: Block("h2", _text(e)),
    "h3": lambda e: Block("h3", _text(e)),
    "h4": lambda e: Block("h3", _text(e)),
    "h5": lambda e: Block("h3", _text(e)),
    "h6": lambda e: Block("h3", _text(e)),
    "p": lambda e: Block("small" if "small" in _classes(e) else "p", _text(e)),
    "li": lambda e: Block("p", "\u2022 " + _text(e)),
    "table": _table,
    "figure": _figure,
    "img": _figure,
}


def _tag(element):
    return element.tag.lower() if isinstance(element.tag, str) else None  # None: comment, PI


def _blocks(element):
    """Blocks of *element*'s children; unknown tags are walked into when they hold blocks, else text."""
    for child in element:
        tag = _tag(child)
        if tag is None or tag in SKIPPED:
            continue
        if tag in READERS:
            block = READERS[tag](child)
        elif any(_tag(c) in BLOCK_TAGS for c in child):
            yield from _blocks(child)
            continue
        else:
            block = Block("p", _text(child))
        if block is not None:
            yield block


def parse_html(html):
    """(language, title, [Block]) of the report *html*."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lang = (root.get("lang") or "de")[:2].lower()
    blocks = [b for b in _blocks(root.find("body") if root.find("body") is not None else root)
              if b.kind in ("table", "figure") or b.text]
    title = root.findtext(".//title") or next((b.text for b in blocks if b.kind == "h1"), "")
    return lang, " ".join(title.split()), blocks


# --- measuring ----------------------------------------------------------------------------------

_PX_PER_MM = 100  # metrics taken from a font this large: no hinting, sub-millimetre precise


@lru_cache(maxsize=None)
def font_family():
    """The first of :data:`FAMILIES` installed here (the report's CSS order, then common fallbacks)."""
    installed = set(QFontDatabase().families())
    return next((f for f in FAMILIES if f in installed), QFont().defaultFamily())


def qfont(style):
    font = QFont(font_family())
    font.setPointSizeF(style.size)
    font.setBold(style.bold)
    font.setItalic(style.italic)
    return font


@lru_cache(maxsize=None)
def _metrics(style):
    font = qfont(style)
    font.setPixelSize(round(style.size * MM_PER_PT * _PX_PER_MM))
    return QFontMetricsF(font)


def text_width(style, text):
    """Width of one line of *text* in mm."""
    return _metrics(style).horizontalAdvance(text) / _PX_PER_MM


def line_height(style):
    """Distance between two lines of *style* in mm."""
    return _metrics(style).lineSpacing() / _PX_PER_MM


def widest_token(style, text):
    """Width in mm of the widest word or number of *text*: the narrowest it can be set unbroken."""
    return max((text_width(style, w) for w in text.split()), default=0.0)


def wrap(style, text, width):
    """*text* as lines no wider than *width* mm, broken only between words (a longer word stays whole)."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if line and text_width(style, trial) > width - SLACK:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def text_height(style, lines):
    return len(lines) * line_height(style)


def cell_text_height(style, lines):
    """Height of *lines* in a layout table cell: the first line's ascent, then the line spacing."""
    return _metrics(style).ascent() / _PX_PER_MM + (len(lines) - 1) * line_height(style)


# --- pages --------------------------------------------------------------------------------------

class Pages:
    """The layout's pages and the cursor: which page, how far down (mm from the page top)."""

    def __init__(self, layout, figure_scale=1.0):
        self.layout = layout
        self.sizes = []  # (width, height) per page
        self.y = 0.0
        self.figure_scale = figure_scale  # figures at this share of the text width

    def last_fill(self):
        """How full the last page is (0..1)."""
        return (self.y - MARGIN) / (self.bottom - MARGIN)

    @property
    def index(self):
        return len(self.sizes) - 1

    @property
    def landscape(self):
        return self.sizes[-1][0] > self.sizes[-1][1]

    @property
    def width(self):
        """The text width of the current page."""
        return self.sizes[-1][0] - 2 * MARGIN

    @property
    def bottom(self):
        return self.sizes[-1][1] - MARGIN

    def new(self, landscape=False):
        size = (A4[1], A4[0]) if landscape else A4
        page = QgsLayoutItemPage(self.layout)
        page.setPageSize(QgsLayoutSize(*size))
        self.layout.pageCollection().addPage(page)
        self.sizes.append(size)
        self.y = MARGIN

    def at_top(self):
        return self.y <= MARGIN + 1e-6

    def fits(self, height):
        return self.y + height <= self.bottom + 1e-6

    def room(self):
        return self.bottom - self.y

    def ensure(self, height, landscape=False):
        """A new page unless *height* fits here (or the page is empty anyway); landscape on request."""
        if landscape and not self.landscape:
            self.new(landscape=True)
        elif not self.fits(height) and not self.at_top():
            self.new()

    def place(self, item, x, height, width):
        item.attemptResize(QgsLayoutSize(width, height))
        item.attemptMove(QgsLayoutPoint(MARGIN + x, self.y), True, False, self.index)
        self.layout.addLayoutItem(item)


def _safe(text):
    """Plain text for a layout label: QGIS would evaluate ``[% … %]`` as an expression."""
    return text.replace("[%", "[\u200b%")


def label_item(layout, style, lines, align=None):
    """A layout label of *lines* in *style*, no margins (placed by the caller)."""
    label = QgsLayoutItemLabel(layout)
    label.setText(_safe("\n".join(lines)))
    set_text_font(label, qfont(style), QColor(style.color))
    label.setMarginX(0)
    label.setMarginY(0)
    if align is not None:
        label.setHAlign(align)
    return label


def rule_item(layout, color):
    """A filled rectangle without outline: a rule when it is thin."""
    shape = QgsLayoutItemShape(layout)
    shape.setShapeType(QgsLayoutItemShape.Shape.Rectangle)
    shape.setSymbol(QgsFillSymbol.createSimple({"color": color, "outline_style": "no"}))
    return shape


def add_label(pages, style, lines, width):
    """A label with *lines* at the cursor, as wide as *width* mm; the cursor does not move."""
    pages.place(label_item(pages.layout, style, lines), 0, text_height(style, lines) + SLACK, width)


def _rule(pages, y, width, color):
    saved, pages.y = pages.y, y
    pages.place(rule_item(pages.layout, color), 0, 0.3, width)
    pages.y = saved


# --- text blocks --------------------------------------------------------------------------------

def text_width_for(pages):
    """Text never runs wider than on portrait A4, also on a landscape page (readability)."""
    return min(pages.width, A4[0] - 2 * MARGIN)


def _text_lines(block, pages):
    return wrap(STYLES[block.kind], block.text, text_width_for(pages))


def first_height(block, pages):
    """Height of the part of *block* a heading before it must share its page with."""
    if block.kind == "table":
        plan = plan_table(block.rows)
        return plan.heights[0] + (plan.heights[1] if len(plan.heights) > 1 else 0) + SLACK
    if block.kind == "figure":
        _w, height, caption = figure_size(block, pages)
        return height * MIN_SHRINK + caption
    lines = _text_lines(block, pages)
    return text_height(STYLES[block.kind], lines[:2]) + SLACK


def place_heading(block, pages, following):
    style = STYLES[block.kind]
    lines = _text_lines(block, pages)
    height = text_height(style, lines) + SLACK
    if not pages.at_top():
        pages.y += BEFORE.get(block.kind, 0)
    keep = height + GAP[block.kind] + (first_height(following, pages) if following else 0)
    pages.ensure(keep, landscape=following is not None and following.kind == "table"
                 and plan_table(following.rows).landscape)
    add_label(pages, style, lines, text_width_for(pages))
    pages.y += height
    if block.kind == "h2":
        _rule(pages, pages.y + 0.6, pages.width, RULE_COLOR)
    pages.y += GAP[block.kind]


def place_paragraph(block, pages):
    """A paragraph, split between lines when it does not fit (at least two lines on either page)."""
    style = STYLES[block.kind]
    lines = _text_lines(block, pages)
    while lines:
        fit = int((pages.room() - SLACK) // line_height(style))
        if fit < len(lines) and (fit < 2 or len(lines) - fit < 2):
            fit = len(lines) - 2 if fit >= 3 and len(lines) >= 4 else 0
        if fit <= 0 and not pages.at_top():
            pages.new()
            continue
        part, lines = lines[:max(fit, 1)], lines[max(fit, 1):]
        add_label(pages, style, part, text_width_for(pages))
        pages.y += text_height(style, part) + SLACK
        if lines:
            pages.new()
    pages.y += GAP["p"]


# --- tables -------------------------------------------------------------------------------------

@dataclass
class TablePlan:
    """How a table is set: font size, column widths, wrapped cell lines, row heights (mm)."""

    size: float
    widths: list
    lines: list  # [[lines of each cell] per row]
    heights: list
    landscape: bool = False


def cell_style(cell, size):
    return Style(size, bold=cell.head)


def _column_needs(rows, size):
    """Per column: (widest token, widest whole text) in mm, cell padding included."""
    pad = 2 * CELL_MARGIN + GRID + SLACK + 0.1  # 0.1: no rounding may wrap a text measured to fit
    columns = max(len(r) for r in rows)
    least, most = [pad] * columns, [pad] * columns
    for row in rows:
        for i, cell in enumerate(row):
            style = cell_style(cell, size)
            least[i] = max(least[i], widest_token(style, cell.text) + pad)
            most[i] = max(most[i], max(text_width(style, line) for line in cell.text.split("\n")) + pad)
    return least, most


def column_widths(rows, size, available):
    """Column widths in mm fitting *available*, none narrower than its widest token; None if impossible."""
    least, most = _column_needs(rows, size)
    if sum(least) > available + 1e-6:
        return None
    if sum(most) <= available:
        return most
    spare, want = available - sum(least), [m - lo for lo, m in zip(least, most)]
    return [lo + spare * w / sum(want) for lo, w in zip(least, want)]


def _with_widths(rows, size, widths, landscape):
    pad = 2 * CELL_MARGIN + GRID
    lines = [[wrap(cell_style(c, size), c.text, widths[i] - pad) for i, c in enumerate(row)] for row in rows]
    heights = [max(row_height(cell_style(c, size), len(ls)) for c, ls in zip(row, row_lines))
               for row, row_lines in zip(rows, lines)]
    return TablePlan(size, widths, lines, heights, landscape)


@lru_cache(maxsize=64)
def _plan(rows_key):
    rows = [[Cell(*c) for c in row] for row in rows_key]
    portrait, landscape = A4[0] - 2 * MARGIN - GRID, A4[1] - 2 * MARGIN - GRID  # GRID: the outer line
    for available, wide, sizes in ((portrait, False, TABLE_SIZES), (landscape, True, TABLE_SIZES + TINY_SIZES)):
        for size in sizes:
            widths = column_widths(rows, size, available)
            if widths is not None:
                return _with_widths(rows, size, widths, wide)
    size = TINY_SIZES[-1]  # wider than landscape A4 even so: set at the tokens' width
    return _with_widths(rows, size, _column_needs(rows, size)[0], True)


def plan_table(rows):
    """The :class:`TablePlan` of *rows*: portrait at the largest size that fits, else landscape."""
    rows = [r + [Cell("")] * (max(len(x) for x in rows) - len(r)) for r in rows]  # ragged rows padded
    return _plan(tuple(tuple((c.text, c.head, c.num) for c in row) for row in rows))


def header_rows(rows):
    """How many leading rows are the table's header (all <th>): repeated on every page."""
    count = 0
    for row in rows:
        if not all(c.head for c in row) or count == len(rows) - 1:
            break
        count += 1
    return count


def _table_cell(cell, lines, size):

    item = QgsTableCell("\n".join(lines))
    text_format = QgsTextFormat.fromQFont(qfont(cell_style(cell, size)))
    text_format.setColor(QColor(STYLES["p"].color))  # noqa: QGS202 - QgsTextFormat, returns None
    item.setTextFormat(text_format)
    item.setHorizontalAlignment(Qt.AlignmentFlag.AlignRight if cell.num else Qt.AlignmentFlag.AlignLeft)
    if cell.head:
        item.setBackgroundColor(QColor(HEAD_FILL))
    return item


def add_table(pages, rows, plan, indices):
    """A manual table of *rows*[i] for i in *indices* at the cursor, in one frame."""
    from qgis.core import QgsLayoutFrame

    table = QgsLayoutItemManualTable.create(pages.layout)
    table.setCellMargin(CELL_MARGIN)
    table.setGridStrokeWidth(GRID)
    table.setGridColor(QColor(GRID_COLOR))
    table.setWrapBehavior(QgsLayoutTable.WrapBehavior.WrapText)
    table.setTableContents([[_table_cell(rows[i][j], plan.lines[i][j], plan.size) for j in range(len(plan.widths))]
                            for i in indices])
    table.setColumnWidths([w - 2 * CELL_MARGIN - GRID for w in plan.widths])
    pages.layout.addMultiFrame(table)
    frame = QgsLayoutFrame(pages.layout, table)
    height = sum(plan.heights[i] for i in indices) + GRID
    pages.place(frame, 0, height, sum(plan.widths) + GRID)
    table.addFrame(frame)
    return table, _fit_frame(table, frame, height)


_PROBE = []  # the project and layout the row heights are measured in


def _shows_all(table, frame, height):
    """True when QGIS shows every row of *table* in *frame* of *height* mm."""
    frame.attemptResize(QgsLayoutSize(frame.sizeWithUnits().width(), height))
    table.recalculateFrameSizes()
    return table.totalSize().height() <= height + 1e-6  # more would mean frames missing for the rest


@lru_cache(maxsize=None)
def row_height(style, lines):
    """Height in mm QGIS gives a table row of *lines* lines in *style* (measured on a one-cell table)."""
    from qgis.core import QgsLayoutFrame

    if not _PROBE:
        project = QgsProject()
        _PROBE.extend([project, QgsPrintLayout(project)])
    layout = _PROBE[1]
    table = QgsLayoutItemManualTable.create(layout)
    table.setCellMargin(CELL_MARGIN)
    table.setGridStrokeWidth(GRID)
    table.setTableContents([[_table_cell(Cell("\n".join(["Xg"] * lines), style.bold), ["Xg"] * lines, style.size)]])
    table.setColumnWidths([40])
    layout.addMultiFrame(table)
    frame, spare = QgsLayoutFrame(layout, table), QgsLayoutFrame(layout, table)
    spare.attemptResize(QgsLayoutSize(50, 500))  # a row not in *frame* lands here: the total grows
    for item in (frame, spare):
        layout.addLayoutItem(item)
        table.addFrame(item)
    low, high = 0.0, 2 * (cell_text_height(style, ["Xg"] * lines) + 2 * CELL_MARGIN + GRID) + 5
    while high - low > 0.02:
        middle = (low + high) / 2
        low, high = (low, middle) if _shows_all(table, frame, middle) else (middle, high)
    layout.removeMultiFrame(table)
    return high - GRID + ROW_SLACK  # in a table the rows share their grid lines


def _fit_frame(table, frame, height):
    """Grow *frame* until QGIS shows every row in it (its own row heights decide); the final height."""
    for _ in range(40):
        if _shows_all(table, frame, height):
            break
        height += 0.5
    return height


def place_table(block, pages):
    """The table, continued on further pages (header rows repeated) where it does not fit."""
    rows = [r + [Cell("")] * (max(len(x) for x in block.rows) - len(r)) for r in block.rows]
    plan = plan_table(rows)
    head = list(range(header_rows(rows)))
    head_h = sum(plan.heights[i] for i in head)
    body = list(range(len(head), len(rows)))
    pages.ensure(head_h + plan.heights[body[0]] + GRID, landscape=plan.landscape)
    while body:
        take, used = 0, head_h + GRID
        while take < len(body) and (pages.fits(used + plan.heights[body[take]]) or (take == 0 and pages.at_top())):
            used += plan.heights[body[take]]
            take += 1
        if take == 0:
            pages.new(landscape=plan.landscape)
            continue
        _table, height = add_table(pages, rows, plan, head + body[:take])
        pages.y += height
        body = body[take:]
        if body:
            pages.new(landscape=plan.landscape)
    pages.y += GAP["table"]


# --- figures ------------------------------------------------------------------------------------

def image_file(src, folder):
    """A local file for the image *src* (file: URI, data: URI, or path); None when unreadable."""
    if src.startswith("data:"):
        header, _, data = src.partition(",")
        try:
            raw = base64.b64decode(data) if header.endswith(";base64") else QUrl.fromPercentEncoding(
                data.encode()).encode()
        except (binascii.Error, ValueError):
            return None
        path = Path(folder) / f"image{len(list(Path(folder).iterdir()))}"
        path.write_bytes(raw)
        return str(path)
    path = QUrl(src).toLocalFile() if src.startswith("file:") else src
    return path if path and Path(path).is_file() else None


def figure_size(block, pages):
    """(width, image height, caption height) in mm at text width; the image never taller than a page."""
    size = QImageReader(block.src).size() if block.src else None
    if size is None or size.isEmpty():
        return 0.0, 0.0, 0.0
    width = text_width_for(pages) * pages.figure_scale
    caption = (text_height(STYLES["caption"], wrap(STYLES["caption"], block.caption, width)) + SLACK
               if block.caption else 0.0)
    height = min(width * size.height() / size.width(), pages.sizes[-1][1] - 2 * MARGIN - caption - SLACK)
    return height * size.width() / size.height(), height, caption


def place_figure(block, pages):
    """The picture at text width (shrunk a little, or on the next page, when it does not fit), its caption."""
    width, height, caption = figure_size(block, pages)
    if height <= 0:  # the image cannot be read: its alt text instead
        if block.text or block.caption:
            place_paragraph(Block("caption", f"[{block.text or block.caption}]"), pages)
        return
    scale = min((pages.room() - caption - SLACK) / height, 1.0)
    if scale < MIN_SHRINK:
        pages.new()
        scale = 1.0
    picture = QgsLayoutItemPicture(pages.layout)
    picture.setPicturePath(block.src)
    picture.setResizeMode(QgsLayoutItemPicture.ResizeMode.Zoom)
    pages.place(picture, 0, height * scale, width * scale)
    pages.y += height * scale + SLACK
    if block.caption:
        lines = wrap(STYLES["caption"], block.caption, text_width_for(pages))
        add_label(pages, STYLES["caption"], lines, text_width_for(pages))
        pages.y += caption
    pages.y += GAP["figure"]


# --- the document -------------------------------------------------------------------------------

def _lay_out(blocks, pages):
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if block.kind in ("h1", "h2", "h3"):
            place_heading(block, pages, following)
        elif block.kind == "table":
            place_table(block, pages)
        elif block.kind == "figure":
            place_figure(block, pages)
        else:
            place_paragraph(block, pages)


class Report:
    """The print layout of one report HTML; keeps its project and the decoded images alive."""

    def __init__(self, html):
        self.lang, self.title, blocks = parse_html(html)
        self._images = tempfile.TemporaryDirectory(prefix="wertvoll-pdf-")
        self.project = QgsProject()
        self.project.metadata().setTitle(self.title)
        blocks = [self._local(b) for b in blocks]
        self.pages = self._build(blocks, 1.0)
        if len(self.pages.sizes) > 1 and self.pages.last_fill() < TAIL:
            smaller = self._build(blocks, SMALLER_FIGURES)  # a page less with slightly smaller figures?
            if len(smaller.sizes) < len(self.pages.sizes):
                self.pages = smaller
        self.layout = self.pages.layout
        self._footers()

    def _build(self, blocks, figure_scale):
        layout = QgsPrintLayout(self.project)
        layout.setName(self.title or "WERTvoll")
        pages = Pages(layout, figure_scale)
        pages.new()
        _lay_out(blocks, pages)
        return pages

    def _local(self, block):
        if block.kind == "figure":
            return replace(block, src=image_file(block.src, self._images.name) or "")
        return block

    def _footers(self):
        total = len(self.pages.sizes)
        label = PAGE_LABEL.get(self.lang, PAGE_LABEL["en"])
        for index in range(total):
            _footer_on(self.pages, index, self.title, label.format(page=index + 1, pages=total))

    @property
    def page_count(self):
        return self.layout.pageCollection().pageCount()

    def close(self):
        self._images.cleanup()


def _footer_on(pages, index, title, number):
    """Footer of page *index*: a rule, the title left and the page number right."""

    style, (width, height) = STYLES["footer"], pages.sizes[index]
    text_w, y = width - 2 * MARGIN, height - MARGIN + FOOTER / 2
    number_w = text_width(style, number) + 2 * SLACK
    title_w = text_w - number_w - 4  # 4 mm between title and number (assumption)
    line = line_height(style) + SLACK
    items = ((label_item(pages.layout, style, wrap(style, title, title_w)[:1]), 0.0, y, title_w, line),
             (label_item(pages.layout, style, [number], Qt.AlignmentFlag.AlignRight), title_w + 4, y, number_w, line),
             (rule_item(pages.layout, GRID_COLOR), 0.0, y - 1.5, text_w, 0.2))
    for item, x, top, w, h in items:
        item.attemptResize(QgsLayoutSize(w, h))
        item.attemptMove(QgsLayoutPoint(MARGIN + x, top), True, False, index)
        pages.layout.addLayoutItem(item)


def write_pdf(html, path):
    """Write the report *html* as an A4 PDF to *path*; ValueError when it cannot be written."""
    report = Report(html)
    try:
        settings = QgsLayoutExporter.PdfExportSettings()
        settings.textRenderFormat = PDF_TEXT_AS_TEXT  # real text: searchable, small, sharp
        settings.rasterizeWholeImage = False
        result = QgsLayoutExporter(report.layout).exportToPdf(str(path), settings)
    finally:
        report.close()
    if result != QgsLayoutExporter.ExportResult.Success or not Path(path).is_file() or Path(path).stat().st_size == 0:
        raise ValueError(tr("The PDF could not be written to {path}. Choose another folder.").format(path=path))
    return report.page_count


def export_pages(html, folder, dpi=60, prefix="page"):
    """One PNG per page of the report *html* in *folder*: ``<prefix>-<n>.png``. Returns the paths."""
    report = Report(html)
    paths = []
    try:
        exporter = QgsLayoutExporter(report.layout)
        for index in range(report.page_count):
            image = exporter.renderPageToImage(index, dpi=dpi)
            image = image.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
                                           | Qt.ImageConversionFlag.AvoidDither)  # a third of the size
            path = Path(folder) / f"{prefix}-{index + 1}.png"
            if image.isNull() or not image.save(str(path)):
                raise ValueError(tr("The PDF could not be written to {path}. Choose another folder.").format(path=path))
            paths.append(str(path))
    finally:
        report.close()
    return paths
