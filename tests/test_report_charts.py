"""Report charts: bars measured in the PNG, number labels, nothing drawn without data, embedding."""
import base64
import json
import re
import zipfile

import docx
import processing
import pytest
from layers import memory_layer, square
from qgis.PyQt.QtGui import QColor, QImage

from wertvoll.report import charts, data, engine
from wertvoll.report.charts import ChartLook, bar_chart, report_charts, value_text

A, B = "#ff00ff", "#00ffff"  # colours no text or axis is drawn in, so every such pixel is a bar's


def bars(path, colour):
    """Lengths (pixels) of the bars of *colour*, top to bottom: the longest row of each run of rows holding it."""
    image = QImage(str(path))
    wanted = QColor(colour).rgb()
    lengths, run = [], 0
    for y in range(image.height()):
        count = sum(1 for x in range(image.width()) if image.pixel(x, y) == wanted)
        if count:
            run = max(run, count)
        elif run:
            lengths.append(run)
            run = 0
    return lengths


def test_bar_lengths_are_proportional_to_the_values(qgis_app, tmp_path):
    target = tmp_path / "c.png"
    assert bar_chart([("erste", 100), ("zweite", 50), ("dritte", 25)], target, ChartLook(colours=(A,))) == str(target)
    first, second, third = bars(target, A)  # in the order given
    assert first > 300  # a 160 mm chart at 150 dpi is 945 px wide
    assert abs(second - first / 2) <= 1
    assert abs(third - first / 4) <= 1


def test_two_series_side_by_side_and_their_legend(qgis_app, tmp_path):
    target = tmp_path / "c.png"
    look = ChartLook(series=("angeboten", "ausgewählt"), colours=(A, B))
    bar_chart([("Wurzen", (80, 20)), ("Brandis", (40, 0))], target, look)
    swatch = look.px(3.5)
    legend_a, wurzen_a, brandis_a = bars(target, A)
    legend_b, wurzen_b = bars(target, B)  # Brandis selected nothing: no bar
    assert legend_a == legend_b == swatch
    assert abs(brandis_a - wurzen_a / 2) <= 1
    assert abs(wurzen_b - wurzen_a / 4) <= 1


def test_stacked_parts_fill_one_bar(qgis_app, tmp_path):
    target = tmp_path / "c.png"
    look = ChartLook(series=("innen", "außen"), colours=(A, B), stacked=True)
    bar_chart([("Acker", (30, 10)), ("Wald", (0, 20))], target, look)
    _legend, acker_a = bars(target, A)
    _legend, acker_b, wald_b = bars(target, B)
    assert abs(acker_a - 3 * acker_b) <= 2  # 30 : 10
    assert abs(wald_b - 2 * acker_b) <= 2  # 20 : 10


def test_beyond_the_cap_the_largest_are_drawn_and_the_rest_summed(qgis_app, tmp_path):
    values = [5, 100, 3, 80, 2, 60, 1, 40, 4]
    rows = [(f"Ort {i}", v) for i, v in enumerate(values)]
    look = ChartLook(colours=(A,), max_bars=5)
    target = tmp_path / "c.png"
    bar_chart(rows, target, look)
    lengths = bars(target, A)
    assert len(lengths) == 5  # the 4 largest and one for the other 5
    expected = [100, 80, 60, 40, 5 + 3 + 2 + 1 + 4]
    for length, value in zip(lengths, expected):
        assert abs(length - lengths[0] * value / 100) <= 1
    shown, note = charts._limit(rows, look)
    assert [label for label, _v in shown] == ["Ort 1", "Ort 3", "Ort 5", "Ort 7", "Übrige (5)"]
    assert "4 größten von 9" in note and "5" in note


def test_no_data_or_only_zeros_draw_no_chart(qgis_app, tmp_path):
    target = tmp_path / "c.png"
    assert bar_chart([], target) is None
    assert bar_chart([("A", 0), ("B", (0.0,))], target) is None
    assert not target.exists()
    spec = engine.load_template(engine.BUILTIN_DIR / "stadt-land-bilanz", builtin=True)
    empty = data.build_context(spec, {}, {})
    assert empty["charts"] == dict.fromkeys(data.CHART_IDS)
    assert report_charts(empty, tmp_path) == dict.fromkeys(data.CHART_IDS)
    zeros = data.build_context(spec, {}, {"SUMMARY": [{"municipality": "Wurzen", "uplift_pts": 0, "selected_pts": 0}]})
    assert report_charts(zeros, tmp_path)["points_by_municipality"] is None
    assert list(tmp_path.iterdir()) == []


def test_value_labels_in_the_report_language():
    assert value_text(1234567, ChartLook()) == "1.234.567"
    assert value_text(1234567, ChartLook(lang="en")) == "1,234,567"
    assert value_text(1234.56, ChartLook(decimals=1)) == "1.234,6"
    assert value_text(0, ChartLook(decimals=1)) == "0"


def test_same_input_gives_the_same_bytes(qgis_app, tmp_path):
    look = ChartLook(title="Titel", axis_title="Fläche (ha)", series=("a", "b"))
    rows = [("Acker", (12.5, 3.25)), ("Wald", (7, 1))]
    bar_chart(rows, tmp_path / "1.png", look)
    bar_chart(rows, tmp_path / "2.png", look)
    assert (tmp_path / "1.png").read_bytes() == (tmp_path / "2.png").read_bytes()


def water_context():
    spec = engine.load_template(engine.BUILTIN_DIR / "gewaesser", builtin=True)
    tables = {
        "STRIP_LANDUSE": [
            {"layer": "strip outside 0-5 m", "landuse": "Acker", "area_m2": 30000.0, "share": 0.75},
            {"layer": "strip outside 0-5 m", "landuse": "Wald", "area_m2": 10000.0, "share": 0.25},
            {"layer": "corridor", "landuse": "Acker", "area_m2": 1e6, "share": 1.0}],
        "FLOOD_ZONES": [{"zone": 1, "label": "Zone 1", "area_m2": 50000.0},
                        {"zone": 2, "label": "Zone 2", "area_m2": 20000.0}],
        "FLOOD_EXPOSURE": [{"zone": 1, "class": "Wohnen", "area_m2": 20000.0, "count": 3},
                           {"zone": 2, "class": "Wohnen", "area_m2": 10000.0, "count": 1},
                           {"zone": 1, "class": "Acker", "area_m2": 50000.0, "count": 2}],
    }
    return data.build_context(spec, {}, tables, "de")


def test_chart_data_from_the_context():
    context = water_context()
    rows, look = charts.CHARTS["strip_landuse"](context, "de")
    assert rows == [("Acker", (3.0,)), ("Wald", (1.0,))]  # ha; the corridor overlaps the strips: left out
    assert look.stacked and look.series == ("Randstreifen außerorts, 0–5 m",)  # the band in words
    rows, look = charts.CHARTS["flood_landuse"](context, "de")
    assert rows == [("Acker", (5.0, 0.0)), ("Wohnen", (2.0, 1.0))]  # largest total first
    assert look.series == ("geschätzte Zone 1", "geschätzte Zone 2")  # zones without thresholds
    rows, _look = charts.CHARTS["zone_areas"](context, "en")
    assert rows == [("geschätzte Zone 1", 5.0), ("geschätzte Zone 2", 2.0)]  # the context's (German) names
    assert charts.CHARTS["demand"](context, "de") is None  # no compensation data
    spec = engine.load_template(engine.BUILTIN_DIR / "kompensation", builtin=True)
    comp = data.build_context(spec, {"demand": 2.5e7}, {"SUMMARY": [
        {"municipality": "Wurzen", "uplift_pts": 4e7, "selected_pts": 3e7}]}, "de")
    rows, look = charts.CHARTS["demand"](comp, "de")
    assert rows == [("Bedarf", (25.0,)), ("Ausgewählt", (30.0,))]  # millions from 10 million on
    assert look.axis_title == "Wertpunkte (Mio.)"


def chart_template(tmp_path):
    """An own template showing the demand chart in HTML and in Word."""
    folder = tmp_path / "diagramm"
    folder.mkdir()
    (folder / "template.json").write_text(json.dumps({"title": "Diagramm", "slots": [{"kind": "FLOOD_ZONES"}]}),
                                          encoding="utf-8")
    tag = "{% if charts.zone_areas %}<img src=\"{{ charts.zone_areas }}\">{% else %}kein Diagramm{% endif %}"
    (folder / "template.html.j2").write_text(tag, encoding="utf-8")
    document = docx.Document()
    document.add_paragraph("{{ charts.zone_areas }}")
    document.save(str(folder / "template.docx"))
    return engine.load_template(folder)


@pytest.mark.parametrize("drawn", [True, False])
def test_chart_is_an_image_in_html_and_word(qgis_app, tmp_path, drawn):
    spec = chart_template(tmp_path)
    context = water_context()
    if drawn:
        context["charts"] = report_charts(context, tmp_path)
    html = engine.render_html(spec, context)
    word = tmp_path / "bericht.docx"
    engine.render_docx(spec, context, word)
    with zipfile.ZipFile(word) as archive:
        media = [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
    if not drawn:
        assert html == "kein Diagramm" and media == []
        return
    png = (tmp_path / "chart_zone_areas.png").read_bytes()
    found = re.fullmatch(r'<img src="data:image/png;base64,([^"]+)">', html)
    assert found and base64.b64decode(found.group(1)) == png
    assert media == [png]


def test_report_algorithm_draws_the_charts_into_both_files(provider, tmp_path):
    spec = chart_template(tmp_path)
    zones = memory_layer("Polygon", "EPSG:25833", ["zone:integer", "threshold_m:double", "label:string",
                                                   "area_m2:double"],
                         [(square(0, 0, 300, 100), {"zone": 1, "threshold_m": 1.0, "label": "Zone 1", "area_m2": 3e4}),
                          (square(0, 100, 100, 200), {"zone": 2, "threshold_m": 2.0, "label": "Zone 2",
                                                      "area_m2": 1e4})])
    html, word = tmp_path / "z.html", tmp_path / "z.docx"
    processing.run("wertvoll:report", {"TEMPLATE_FOLDER": str(spec.folder), "FLOOD_ZONES": zones,
                                       "OUTPUT_HTML": str(html), "OUTPUT_DOCX": str(word)})
    found = re.fullmatch(r'<img src="data:image/png;base64,([^"]+)">', html.read_text(encoding="utf-8"))
    assert found
    chart = tmp_path / "chart.png"
    chart.write_bytes(base64.b64decode(found.group(1)))
    zone_1, zone_2 = bars(chart, charts.BLUE)  # 3 ha and 1 ha
    assert abs(zone_2 - zone_1 / 3) <= 1
    with zipfile.ZipFile(word) as archive:
        assert [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")] == [chart.read_bytes()]
