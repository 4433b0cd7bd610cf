"""The report PDF engine (report/pdf.py): the report HTML on A4 pages of a QGIS print layout.

Widths are checked against the fonts' own metrics taken here (QFontMetricsF), page geometry
against A4 (210 x 297 mm) and the 20 mm margins the module promises.
"""
import base64

import pytest
from qgis.core import QgsLayoutItemLabel, QgsLayoutItemManualTable, QgsLayoutItemPicture
from qgis.PyQt.QtGui import QColor, QFont, QFontMetricsF, QImage

from wertvoll.report import pdf

A4_W, A4_H, MARGIN = 210.0, 297.0, 20.0
NAME = "Bennewitz-Großzschepa-Nepperwitz"  # one unbreakable token
NUMBER = "2.617.932.123,45"


def page(body, lang="de", title="Testbericht"):
    return f'<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head><body>{body}</body></html>'


def table_html(header, rows, num_from=1):
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"
    body = "".join("<tr>" + "".join(f'<td class="num">{c}</td>' if i >= num_from else f"<td>{c}</td>"
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f"<table>{head}{body}</table>"


def token_mm(font, size_pt, text):
    """Width of *text* in mm measured here: the font at 50 px per mm (no hinting)."""
    font = QFont(font)
    font.setPixelSize(round(size_pt * 25.4 / 72 * 50))
    return QFontMetricsF(font).horizontalAdvance(text) / 50


def tables(report):
    return [m for m in report.layout.multiFrames() if isinstance(m, QgsLayoutItemManualTable)]


def items(report, kind):
    return [i for i in report.layout.items() if isinstance(i, kind)]


def page_of(report, item):
    """(page index, y on that page in mm) of *item*'s top."""
    collection = report.layout.pageCollection()
    index = collection.pageNumberForPoint(item.pos())
    return index, item.pos().y() - collection.page(index).pos().y()


def page_size(report, index):
    size = report.layout.pageCollection().page(index).pageSize()
    return size.width(), size.height()


@pytest.fixture
def build(qgis_app):
    made = []

    def _build(html):
        report = pdf.Report(html)
        made.append(report)
        return report

    yield _build
    for report in made:
        report.close()


def cell_texts(table):
    return [[c.content() for c in row] for row in table.tableContents()]


def test_nine_columns_no_word_or_number_broken(build):
    header = ["Gemeinde", "Fläche (ha)", "Aufwertung (Wertpunkte)", "Anteil am Angebot", "Ausgewählt (Wertpunkte)",
              "Trinkwasser (ha)", "Hochwasser (ha)", "Gewässer (ha)", "Biotopverbund (ha)"]
    rows = [[NAME, "2.530,1", NUMBER, "11,4 %", "3.065.576", "103,7", "485,3", "179,8", "8,6"],
            ["Brandis", "1.653,9", "152.866.202", "7,6 %", "0", "0,0", "82,9", "0,0", "0,0"]]
    report = build(page(table_html(header, rows)))
    [table] = tables(report)
    widths = [c.width() for c in table.columns()]
    assert len(widths) == 9
    for original, shown in zip([header] + rows, table.tableContents()):
        for col, (text, cell) in enumerate(zip(original, shown)):
            assert cell.content().replace("\n", " ") == text  # broken only where a space was
            fmt = cell.textFormat()
            for token in text.split():
                assert widths[col] >= token_mm(fmt.font(), fmt.size(), token), (col, token)
    frame = table.frame(0)
    index, _y = page_of(report, frame)
    page_w, _h = page_size(report, index)
    x = frame.pos().x()
    assert x >= MARGIN - 0.01 and x + frame.rect().width() <= page_w - MARGIN + 0.01


def test_table_too_wide_for_portrait_goes_on_a_landscape_page(build):
    header = [f"Wertpunktesumme{i}" for i in range(9)]
    report = build(page("<h1>Breit</h1><p>Vorweg.</p><h2>Tabelle</h2>" + table_html(header, [["1"] * 9] * 3)))
    [table] = tables(report)
    bold = table.tableContents()[0][0].textFormat().font()
    # 9 x "Wertpunktesumme0" even at 7 pt bold is wider than the 170 mm of portrait A4
    assert sum(token_mm(bold, 7, h) for h in header) > A4_W - 2 * MARGIN
    index, _y = page_of(report, table.frame(0))
    assert page_size(report, index) == (A4_H, A4_W)
    assert page_size(report, 0) == (A4_W, A4_H)  # the text before it stays portrait
    heading = next(i for i in items(report, QgsLayoutItemLabel) if i.text() == "Tabelle")
    assert page_of(report, heading)[0] == index  # the heading went along with its table
    assert table.frame(0).pos().x() + table.frame(0).rect().width() <= A4_H - MARGIN + 0.01


def test_table_wider_than_landscape_gets_a_smaller_font_not_cut(build):
    header = [f"Wertpunktesumme{i}" for i in range(10)]
    report = build(page(table_html(header, [["1"] * 10])))
    [table] = tables(report)
    bold = table.tableContents()[0][0].textFormat().font()
    assert sum(token_mm(bold, 7, h) for h in header) > A4_H - 2 * MARGIN  # too wide at 7 pt even in landscape
    frame = table.frame(0)
    assert page_size(report, page_of(report, frame)[0]) == (A4_H, A4_W)
    assert frame.pos().x() + frame.rect().width() <= A4_H - MARGIN + 0.01
    assert table.tableContents()[0][0].textFormat().size() < 7


def test_long_table_continues_with_its_header_on_every_page(build):
    header = ["Von", "Nach", "Länge (m)"]
    rows = [[str(i), str(i + 1), f"{1000 - i}"] for i in range(120)]
    report = build(page("<h1>Lücken</h1>" + table_html(header, rows, num_from=2)))
    parts = tables(report)
    assert len(parts) >= 2 and report.page_count >= 2
    shown = []
    for part in parts:
        texts = cell_texts(part)
        assert texts[0] == header
        shown += texts[1:]
        frame = part.frame(0)
        index, y = page_of(report, frame)
        assert y + frame.rect().height() <= page_size(report, index)[1] - MARGIN + 0.01  # inside the text area
    assert shown == rows  # every row once, in order
    pages = [page_of(report, p.frame(0))[0] for p in parts]
    assert pages == sorted(set(pages))  # one piece per page


def test_wide_image_is_scaled_into_the_text_width(build, tmp_path):
    image = QImage(4000, 500, QImage.Format.Format_RGB32)
    image.fill(QColor("#2e7d32"))
    png = tmp_path / "breit.png"
    assert image.save(str(png))
    data = base64.b64encode(png.read_bytes()).decode()
    report = build(page(f'<figure><img src="{png.as_uri()}"><figcaption>Karte</figcaption></figure>'
                        f'<p>Zwischen</p><figure><img src="data:image/png;base64,{data}"></figure>'))
    pictures = items(report, QgsLayoutItemPicture)
    assert len(pictures) == 2  # the file: and the data: URI
    for picture in pictures:
        width, height = picture.rect().width(), picture.rect().height()
        assert width <= A4_W - 2 * MARGIN + 0.01
        assert height / width == pytest.approx(500 / 4000, rel=0.01)
        assert picture.pos().x() >= MARGIN - 0.01
    assert any(i.text() == "Karte" for i in items(report, QgsLayoutItemLabel))


def test_heading_is_never_last_on_a_page(build, tmp_path):
    """A figure of growing height pushes the heading down the first page, millimetre by millimetre."""
    pages_of_heading = set()
    rest = "".join(f"<p>Absatz {i}</p>" for i in range(20))  # the last page well filled: no re-layout
    for height_mm in range(212, 232):
        image = QImage(170, height_mm, QImage.Format.Format_RGB32)  # 170 mm wide at the text width
        image.fill(QColor("#c8e6c9"))
        png = tmp_path / f"f{height_mm}.png"
        assert image.save(str(png))
        report = build(page(f'<h1>Titel</h1><figure><img src="{png.as_uri()}"></figure><h2>Ergebnis</h2>'
                            "<p>Erster Absatz nach der Überschrift.</p>" + rest))
        labels = items(report, QgsLayoutItemLabel)
        heading = next(i for i in labels if i.text() == "Ergebnis")
        first = next(i for i in labels if i.text().startswith("Erster Absatz"))
        assert page_of(report, heading)[0] == page_of(report, first)[0], height_mm
        assert page_of(report, heading)[1] < page_of(report, first)[1]
        pages_of_heading.add(page_of(report, heading)[0])
    assert pages_of_heading == {0, 1}  # the heading stayed on page 1, then moved on: the boundary was crossed


def test_short_document_is_one_page_with_footer_and_a_valid_pdf(build, tmp_path):
    html = page("<h1>Kurz</h1><p>Ein Absatz.</p>" + table_html(["A", "B"], [["x", "1"]]))
    report = build(html)
    assert report.page_count == 1
    texts = {i.text() for i in items(report, QgsLayoutItemLabel)}
    assert "Seite 1 von 1" in texts and "Testbericht" in texts
    target = tmp_path / "kurz.pdf"
    assert pdf.write_pdf(html, target) == 1
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]
    english = build(page("<h1>Short</h1>", lang="en"))
    assert "Page 1 of 1" in {i.text() for i in items(english, QgsLayoutItemLabel)}


def test_no_near_empty_page_blocks_move_only_when_they_do_not_fit(build):
    report = build(page("<h1>A</h1>" + "".join(f"<p>Absatz {i}</p>" for i in range(5))
                        + "<h2>B</h2><p>Text</p>" + table_html(["X", "Y"], [["a", "1"]] * 5)))
    assert report.page_count == 1


def test_long_paragraph_is_split_between_lines(build):
    words = " ".join(f"Wort{i}" for i in range(3000))
    report = build(page(f"<h1>Lang</h1><p>{words}</p>"))
    parts = [i for i in items(report, QgsLayoutItemLabel) if i.text().startswith("Wort")]
    assert len(parts) >= 2 and report.page_count == len(parts)
    assert " ".join(p.text().replace("\n", " ") for p in sorted(parts, key=lambda p: p.pos().y())) == words


def test_expression_syntax_in_text_is_shown_not_evaluated(build):
    report = build(page("<p>Wert [% 1 + 1 %] bleibt</p>"))
    [label] = [i for i in items(report, QgsLayoutItemLabel) if "bleibt" in i.text()]
    assert "2" not in label.currentText() and "1 + 1" in label.currentText()


def test_unwritable_target_is_a_value_error(qgis_app, tmp_path):
    with pytest.raises(ValueError, match="PDF"):
        pdf.write_pdf(page("<h1>X</h1>"), tmp_path)  # a folder
