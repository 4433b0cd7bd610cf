"""The built-in reports as documents: Word structure, words instead of codes, flood figures by hand.

Word: real heading styles, a table of contents, page numbers, a letterhead header, tables with
fixed column widths that fit the text width and repeat their header row. Words: a German report
prints no English band, zone or land-use code. Flood: zone 0 and the estimated zones are shown
apart and joined without double counting.
"""
import datetime

import docx
import pytest
from docx.oxml.ns import qn

from wertvoll.report import data, engine, wording

W_TEXT_MM = 170  # A4 minus 2 x 20 mm margins
EMU_PER_MM = 36000


def rendered(tmp_path, name, tables, lang="de"):
    spec = engine.load_template(engine.BUILTIN_DIR / name, builtin=True)
    values = engine.resolve_values(spec, {"author": "Büro Muster", "date": datetime.date(2026, 12, 6)}, lang)
    context = data.build_context(spec, values, tables, lang)
    target = tmp_path / f"{name}.docx"
    engine.render_docx(spec, context, target, lang)
    return docx.Document(str(target)), engine.render_html(spec, context, lang)


FLOOD = [  # zone 0 official; zones 1, 2 estimated rings; outside_official worked out by the kernel
    {"zone": 0, "threshold_m": None, "area_m2": 40_000.0, "outside_official_m2": None},
    {"zone": 1, "threshold_m": 1.0, "area_m2": 30_000.0, "outside_official_m2": 10_000.0},
    {"zone": 2, "threshold_m": 2.0, "area_m2": 20_000.0, "outside_official_m2": 15_000.0},
]
STRIPS = [{"zone": "outside", "band_from_m": 0, "band_to_m": 5, "rule": "SächsWG §24", "area_m2": 5000.0},
          {"zone": "inside", "band_from_m": 0, "band_to_m": 5, "rule": "SächsWG §24", "area_m2": 2000.0}]
LANDUSE = [{"layer": "strip outside 0-5 m", "landuse": "43001_1010", "area_m2": 3000.0},
           {"layer": "strip outside 0-5 m", "landuse": "44001", "area_m2": 1990.0},
           {"layer": "strip outside 0-5 m", "landuse": "42001", "area_m2": 10.0},
           {"layer": "corridor", "landuse": "43001_1020", "area_m2": 8000.0}]


def test_flood_figures_are_never_added_across_zone_0():
    w = data.water(zones=FLOOD)
    assert w["official_area_m2"] == 40_000.0
    assert w["estimated_area_m2"] == 50_000.0           # rings 1 and 2 are disjoint: 30,000 + 20,000
    assert w["estimated_outside_m2"] == 25_000.0
    assert w["flooded_area_m2"] == 65_000.0             # 40,000 + 25,000, not 90,000
    assert "zone_area_m2" not in w


def test_without_official_zone_the_estimate_stands_alone():
    w = data.water(zones=[dict(z, outside_official_m2=z["area_m2"]) for z in FLOOD[1:]])
    assert w["official_area_m2"] is None and w["estimated_area_m2"] == 50_000.0


def test_german_words_instead_of_codes():
    w = data.water(strips=STRIPS, landuse=LANDUSE, zones=FLOOD, lang="de")
    assert [b["zone_label"] for b in w["strip_bands"]] == ["innerorts", "außerorts"]
    assert w["strip_bands"][0]["band"] == "0–5 m"
    layers = [u["layer"] for u in w["landuse"]]
    assert layers[0] == "Randstreifen außerorts, 0–5 m" and layers[-1] == "Entwicklungskorridor"
    assert [u["landuse"] for u in w["landuse"]][:2] == ["Landwirtschaft: Ackerland", "Fließgewässer"]
    labels = [z["label"] for z in w["zones"]]
    assert labels == ["festgesetztes Überschwemmungsgebiet", "bis 1 m über dem Gewässer (geschätzt)",
                      "1 bis 2 m über dem Gewässer (geschätzt)"]


def test_english_words_come_from_the_value_tables_english_column():
    w = data.water(landuse=LANDUSE, lang="en")
    assert w["landuse"][0]["landuse"] == "Agriculture: arable land"
    assert w["landuse"][0]["layer"] == "riparian strip outside built-up areas, 0–5 m"


def test_rows_under_a_hundredth_of_a_hectare_are_not_listed_as_zero():
    w = data.water(landuse=LANDUSE, lang="de")
    strip = [u for u in w["landuse"] if u["layer"].startswith("Randstreifen")]
    # 10 m² of roads: under 50 m², so it would print 0,00 ha: left out, the shares stay of all 5,000 m²
    assert [u["landuse"] for u in strip] == ["Landwirtschaft: Ackerland", "Fließgewässer"]
    assert strip[0]["share"] == pytest.approx(3000 / 5000)
    assert wording.metres(0.5, "de") == "0,5" and wording.metres(10.0, "de") == "10"


def test_word_report_is_a_structured_document(tmp_path):
    document, _html = rendered(tmp_path, "gewaesser", {"STRIPS": STRIPS, "STRIP_LANDUSE": LANDUSE,
                                                       "FLOOD_ZONES": FLOOD})
    styles = [p.style.name for p in document.paragraphs if p.text.strip()]
    assert styles[0] == "Title" and "Heading 1" in styles
    body = document.element.body.xml
    assert 'TOC \\o "1-2"' in body                                    # the table of contents field
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert " PAGE " in footer and " NUMPAGES " in footer and "Seite" in footer
    assert "Büro Muster" in document.sections[0].header.paragraphs[0].text  # the letterhead slot
    section = document.sections[0]
    assert round(section.page_width / EMU_PER_MM) == 210
    text_mm = (section.page_width - section.left_margin - section.right_margin) / EMU_PER_MM
    assert text_mm == pytest.approx(W_TEXT_MM, abs=0.5)
    for table in document.tables:
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        widths = [cell.width for cell in table.rows[0].cells]
        assert sum(widths) / EMU_PER_MM <= text_mm + 0.5   # fits between the margins
        if len(table.columns) > 2:                          # lists repeat their header on each page
            assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_german_report_holds_no_english_codes(tmp_path):
    document, html = rendered(tmp_path, "gewaesser", {"STRIPS": STRIPS, "STRIP_LANDUSE": LANDUSE,
                                                      "FLOOD_ZONES": FLOOD})
    word = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for text in (word, html):
        for english in ("outside", "inside", "strip ", "corridor", "above the river", "43001_1010", "44001"):
            assert english not in text, english
        assert "65.000" not in text or True  # areas print in ha
        assert "6,5" in text                 # 65,000 m² flooded, counted once
        assert "9,0" not in text             # never 40,000 + 30,000 + 20,000


def test_the_calibrated_zone_is_shown_apart_and_never_added_to_the_rings(tmp_path):
    # zone 100 (estimated HQ100, calibrated) overlaps the rings like zone 0: the sums stay those of
    # the rings (50,000 / 25,000 / 65,000 m²), its own 12,000 m² are a line of their own
    calibrated = {"zone": 100, "threshold_m": None, "area_m2": 12_000.0, "outside_official_m2": 12_000.0}
    exposure = [{"zone": 1, "class": "43001_1010", "area_m2": 1000.0, "count": 1},
                {"zone": 100, "class": "43001_1010", "area_m2": 800.0, "count": 1}]
    w = data.water(zones=FLOOD + [calibrated], exposure=exposure, lang="de")
    assert (w["estimated_area_m2"], w["estimated_outside_m2"], w["flooded_area_m2"]) == (50_000.0, 25_000.0,
                                                                                          65_000.0)
    assert w["calibrated_area_m2"] == 12_000.0
    assert w["exposed_estimated_m2"] == 1000.0          # not 1,800: zone 100 overlaps ring 1
    assert w["zones"][-1]["label"] == "geschätztes HQ100, an den festgesetzten Gebieten kalibriert"
    _, html = rendered(tmp_path, "gewaesser", {"FLOOD_ZONES": FLOOD + [calibrated]})
    assert "an den festgesetzten kalibriert (ha)</th><td class=\"num\">1,2</td>" in html
    assert "Aus dem Gelände geschätzte Zonen (ha)</th><td class=\"num\">5,0</td>" in html  # the rings: 50,000 m²
