"""wertvoll:report through Processing: the numbers in HTML and Word equal the layers' sums."""
import json
import zipfile

import docx
import processing
import pytest
from qgis.core import QgsProcessingException
from qgis.PyQt.QtGui import QImage

from layers import memory_layer, square, table_rows

CRS = "EPSG:25833"


def html_rows(path):
    return table_rows(path.read_text(encoding="utf-8"))


def docx_rows(path):
    document = docx.Document(str(path))
    return [[cell.text.strip() for cell in row.cells] for table in document.tables for row in table.rows]


def value(rows, label):
    """The cell right of the first cell equal to *label* (two-column summary tables)."""
    for row in rows:
        if row and row[0] == label:
            return row[1]
    raise AssertionError(f"{label!r} not in {rows}")


def german_number(text):
    return float(text.replace(".", "").replace(",", "."))


def candidates_layer():
    """Six candidate parcels in two municipalities; attributes as the screening writes them."""
    rows = []
    spec = [  # municipality, area m², uplift, score, rank, selected, share_water
        ("Wurzen", 20000.0, 260000.0, 0.95, 1, True, 0.5),
        ("Wurzen", 15000.0, 97500.0, 0.60, 3, True, 0.0),
        ("Wurzen", 8000.0, 40000.0, 0.30, 5, False, 0.0),
        ("Bennewitz", 12000.0, 156000.0, 0.80, 2, True, 1.0),
        ("Bennewitz", 5000.0, 25000.0, 0.40, 4, False, 0.0),
        ("Thallwitz", 2500.0, 12500.0, 0.10, 6, False, 0.0),
    ]
    for i, (muni, area, uplift, score, rank, selected, water) in enumerate(spec):
        side = area ** 0.5
        rows.append((square(i * 500, 0, i * 500 + side, side), {
            "municipality": muni, "area_m2": area, "uplift_pts": uplift, "score": score, "rank": rank,
            "selected": selected, "share_water": water, "share_flood": 0.0, "share_riparian": 0.0,
            "share_corridor": 0.0, "landuse_label": "Acker", "measure": "artenreiche Wiese", "notes": ""}))
    fields = ["municipality:string", "area_m2:double", "uplift_pts:double", "score:double", "rank:integer",
              "selected:boolean", "share_water:double", "share_flood:double", "share_riparian:double",
              "share_corridor:double", "landuse_label:string", "measure:string", "notes:string"]
    return memory_layer("Polygon", CRS, fields, rows, "kandidaten")


def sums(layer):
    """Totals worked out from the layer's features (independent of the report code)."""
    out = {"count": 0, "area": 0.0, "uplift": 0.0, "sel_pts": 0.0, "per_muni": {}}
    for f in layer.getFeatures():
        out["count"] += 1
        out["area"] += f["area_m2"]
        out["uplift"] += f["uplift_pts"]
        out["sel_pts"] += f["uplift_pts"] if f["selected"] else 0.0
        out["per_muni"].setdefault(f["municipality"], 0.0)
        out["per_muni"][f["municipality"]] += f["uplift_pts"]
    return out


def run_report(tmp_path, template, fields=None, **slots):
    params = {"TEMPLATE": template, "FIELDS": json.dumps(fields or {"author": "Test"}),
              "OUTPUT_HTML": str(tmp_path / f"{template}.html"), "OUTPUT_DOCX": str(tmp_path / f"{template}.docx")}
    params.update(slots)
    return processing.run("wertvoll:report", params)


def test_compensation_report_numbers_equal_the_layer(provider, tmp_path):
    layer = candidates_layer()
    expected = sums(layer)
    # by hand: 62,500 m² = 6.25 ha; 591,000 pts; selected 260,000 + 97,500 + 156,000 = 513,500
    assert (expected["area"], expected["uplift"], expected["sel_pts"]) == (62500.0, 591000.0, 513500.0)
    result = run_report(tmp_path, "kompensation", {"author": "Test", "demand": 600000}, COMPENSATION=layer)
    html, word = tmp_path / "kompensation.html", tmp_path / "kompensation.docx"
    assert result["OUTPUT_HTML"] == str(html) and result["OUTPUT_DOCX"] == str(word)
    for rows in (html_rows(html), docx_rows(word)):
        assert german_number(value(rows, "Kandidatenflächen")) == expected["count"]
        assert german_number(value(rows, "Fläche (ha)")) == pytest.approx(expected["area"] / 1e4, abs=0.05)
        assert german_number(value(rows, "Aufwertung (Wertpunkte)")) == expected["uplift"]
        assert german_number(value(rows, "Ausgewählt (Wertpunkte)")) == expected["sel_pts"]
        assert value(rows, "Bedarf gedeckt") == "nein"
        assert german_number(value(rows, "Fehlende Wertpunkte")) == 600000 - expected["sel_pts"]
        per_muni = {r[0]: german_number(r[3]) for r in rows if r and r[0] in expected["per_muni"]}
        assert per_muni == expected["per_muni"]
        top = [r for r in rows if len(r) == 6 and r[0].isdigit()]
        assert [int(r[0]) for r in top] == [1, 2, 3, 4, 5, 6]
        assert top[0][1] == "Wurzen" and top[0][5] == "Trinkwasser"
        assert top[0][2] == "Acker → artenreiche Wiese"  # the screening's own label of its land use


def test_word_report_holds_the_map_figure(provider, tmp_path):
    run_report(tmp_path, "kompensation", COMPENSATION=candidates_layer())
    with zipfile.ZipFile(tmp_path / "kompensation.docx") as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        assert len(media) == 2  # the map and the chart of points per municipality
        images = [QImage.fromData(archive.read(name)) for name in media]
    # the map figure is 170 x 150 mm (report/maps.FIGURE); the chart is 160 mm wide
    image = next(i for i in images if abs(i.width() / i.height() - 170 / 150) < 0.02)
    assert image.width() > 800
    # the candidates' fill colour is drawn (not just a white frame)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 5
    assert "data:image/png;base64," in (tmp_path / "kompensation.html").read_text(encoding="utf-8")


def test_english_report(provider, tmp_path):
    run_report(tmp_path, "kompensation", COMPENSATION=candidates_layer(), LANGUAGE="en", MAPS=False)
    rows = html_rows(tmp_path / "kompensation.html")
    assert float(value(rows, "Uplift (eco-points)").replace(",", "")) == 591000.0
    assert value(rows, "Status") == "Draft"


def test_network_report_numbers_equal_the_layers(provider, tmp_path):
    patches = memory_layer("Polygon", CRS, ["patch_id:string", "area_m2:double", "degree:integer",
                                            "component:integer", "dPC:double"], [
        (square(0, 0, 100, 100), {"patch_id": "A", "area_m2": 10000.0, "degree": 1, "component": 1, "dPC": 40.0}),
        (square(300, 0, 400, 100), {"patch_id": "B", "area_m2": 10000.0, "degree": 2, "component": 1, "dPC": 75.5}),
        (square(600, 0, 700, 100), {"patch_id": "C", "area_m2": 10000.0, "degree": 1, "component": 1, "dPC": 40.0}),
        (square(0, 900, 200, 1000), {"patch_id": "D", "area_m2": 20000.0, "degree": 0, "component": 2, "dPC": 12.25}),
    ], "patches")
    link_fields = ["from_id:string", "to_id:string", "cost:double", "length_m:double"]
    links = memory_layer("LineString", CRS, link_fields, [
        ("LINESTRING(100 50, 300 50)", {"from_id": "A", "to_id": "B", "cost": 800.0, "length_m": 200.0}),
        ("LINESTRING(400 50, 600 50)", {"from_id": "B", "to_id": "C", "cost": 1200.0, "length_m": 200.0}),
    ], "links")
    gaps = memory_layer("LineString", CRS, ["from_id:string", "to_id:string", "length_m:double"], [
        ("LINESTRING(450 50, 500 50)", {"from_id": "B", "to_id": "C", "length_m": 50.0}),
    ], "gaps")
    run_report(tmp_path, "biotopverbund", {"author": "Test", "pc": 0.0123, "eca_m2": 54321.0},
               PATCHES=patches, LINKS=links, GAPS=gaps)
    for rows in (html_rows(tmp_path / "biotopverbund.html"), docx_rows(tmp_path / "biotopverbund.docx")):
        assert german_number(value(rows, "Kernflächen")) == 4
        assert german_number(value(rows, "Fläche der Kernflächen (ha)")) == 5.0  # 50,000 m²
        assert german_number(value(rows, "Verbindungen")) == 2
        assert german_number(value(rows, "Länge der Verbindungen (km)")) == 0.4
        assert german_number(value(rows, "Zusammenhängende Komponenten")) == 2
        assert german_number(value(rows, "Länge der Lücken (km)")) == 0.05
        assert german_number(value(rows, "Äquivalente verbundene Fläche ECA (ha)")) == pytest.approx(5.4, abs=0.05)
        ranked = [r[0] for r in rows if len(r) == 5 and r[0] in "ABCD"]
        assert ranked[0] == "B" and ranked[-1] == "D"


def test_water_report_sums_bands_and_zones(provider, tmp_path):
    strips = memory_layer("Polygon", CRS, ["zone:string", "band_from_m:double", "band_to_m:double",
                                           "rule:string", "area_m2:double"], [
        (square(0, 0, 10, 100), {"zone": "outside", "band_from_m": 0, "band_to_m": 5, "rule": "r", "area_m2": 500.0}),
        (square(0, 100, 10, 200), {"zone": "outside", "band_from_m": 0, "band_to_m": 5, "rule": "r", "area_m2": 700.0}),
        (square(10, 0, 20, 100), {"zone": "outside", "band_from_m": 5, "band_to_m": 10, "rule": "r", "area_m2": 500.0}),
    ], "strips")
    zones = memory_layer("Polygon", CRS, ["zone:integer", "threshold_m:double", "label:string", "area_m2:double"], [
        (square(0, 0, 100, 100), {"zone": 1, "threshold_m": 1.0, "label": "0–1 m", "area_m2": 10000.0}),
        (square(100, 0, 300, 100), {"zone": 2, "threshold_m": 2.0, "label": "1–2 m", "area_m2": 20000.0}),
    ], "zones")
    run_report(tmp_path, "gewaesser", STRIPS=strips, FLOOD_ZONES=zones)
    for rows in (html_rows(tmp_path / "gewaesser.html"), docx_rows(tmp_path / "gewaesser.docx")):
        assert german_number(value(rows, "Gewässerrandstreifen (ha)")) == pytest.approx(0.17, abs=0.05)
        assert german_number(value(rows, "Aus dem Gelände geschätzte Zonen (ha)")) == 3.0
        bands = [r for r in rows if len(r) == 4 and r[0] == "außerorts"]
        assert [german_number(r[3]) for r in bands] == [0.12, 0.05]  # 1,200 and 500 m²


def test_template_and_input_errors_are_clear_and_write_nothing(provider, tmp_path):
    with pytest.raises(QgsProcessingException, match="needs a layer"):
        run_report(tmp_path, "kompensation")
    wrong = memory_layer("Polygon", CRS, ["name:string"], [(square(0, 0, 1, 1), {"name": "x"})])
    with pytest.raises(QgsProcessingException, match="lacks the fields"):
        run_report(tmp_path, "kompensation", COMPENSATION=wrong)
    with pytest.raises(QgsProcessingException, match="JSON"):
        run_report(tmp_path, "kompensation", None, COMPENSATION=candidates_layer(), FIELDS="{author: x")
    with pytest.raises(QgsProcessingException, match="required"):
        run_report(tmp_path, "kompensation", {"author": ""}, COMPENSATION=candidates_layer())
    folder = tmp_path / "eigene"
    folder.mkdir()
    (folder / "template.json").write_text('{"slots": [{"kind": "COMPENSATION", "required": true}]}',
                                          encoding="utf-8")
    (folder / "template.html.j2").write_text("<p>\n{{ ''.__class__.__mro__ }}</p>", encoding="utf-8")
    with pytest.raises(QgsProcessingException) as error:
        run_report(tmp_path, "kompensation", COMPENSATION=candidates_layer(), TEMPLATE_FOLDER=str(folder),
                   OUTPUT_DOCX=None)
    assert "template.html.j2 line 2" in str(error.value) and "unsafe" in str(error.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eigene"]


def test_outputs_loaded_into_the_project_carry_their_kind(provider, tmp_path, monkeypatch):
    """A result loaded into the project is tagged by the post-processor, so the dock finds it by kind."""
    import qgis.utils
    from qgis.core import QgsLayerTreeModel, QgsProject
    from qgis.gui import QgsLayerTreeView

    from wertvoll.report.layers import KIND_PROPERTY

    # QGIS 3.44's Processing hands iface.layerTreeView() to C++: the test interface needs a real one,
    # as the desktop has (pytest-qgis's stand-in returns a mock there)
    view = QgsLayerTreeView()
    view.setModel(QgsLayerTreeModel(QgsProject.instance().layerTreeRoot(), view))
    if qgis.utils.iface is not None:
        monkeypatch.setattr(qgis.utils.iface, "layerTreeView", lambda: view)
    rivers = memory_layer("LineString", CRS, ["name:string"], [("LINESTRING(0 0, 1000 0)", {"name": "Mulde"})])
    project = QgsProject.instance()
    project.clear()
    try:
        result = processing.runAndLoadResults("wertvoll:riparianstrips", {
            "INPUT": rivers, "OUTPUT_STRIPS": "TEMPORARY_OUTPUT", "OUTPUT_CORRIDORS": "TEMPORARY_OUTPUT"})
        strips = project.mapLayer(result["OUTPUT_STRIPS"])
        corridors = project.mapLayer(result["OUTPUT_CORRIDORS"])
        assert strips.customProperty(KIND_PROPERTY) == "STRIPS"
        assert corridors.customProperty(KIND_PROPERTY) == "CORRIDORS_RIVER"
        # styled from resources/styles: strips by band, the first 5 m darker
        assert strips.renderer().type() == "RuleRenderer"
        assert [r.filterExpression() for r in strips.renderer().rootRule().children()] == ['"band_from_m" < 5',
                                                                                           "ELSE"]
    finally:
        project.clear()
