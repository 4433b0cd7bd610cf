"""wertvoll:compensationscreening, issue 17 (valuation): the method named in the outputs and the
log, the WHG §78a note only for designated flood zones, and a run on the real Leipzig districts.

Expected values are typed from BKompV Anlage 2 (BGBl. I 2020, S. 1100-1122), not read from the
shipped table: arable on loess 33.04b.03 = 7 -> moderately species-rich meadow 34.07b.01 = 15
(gain 8); intensive grassland 34.08a.01 = 8 -> 15 (gain 7); arable fallow on loess 33.04b.04 = 9
-> 15 (gain 6); strongly impaired river 23.03a.01 = 8 -> moderately impaired 23.02 = 17 (gain 9);
hedges (41.03.03M) and housing (53.01.03b) are no candidates.
"""
import processing
import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsProcessingContext, QgsVectorLayer

from layers import WarningFeedback, memory_layer, output_layer, square

# gain (value_target - value_now) per code, from Anlage 2 (see the module docstring)
GAIN = {"43001_1010": 15 - 7, "43001_1020": 15 - 8, "43001_1200": 15 - 9, "44001": 17 - 8}
NO_MEASURE = ("43003", "41001")
CODES = ("43001_1010", "43001_1020", "43001_1200", "44001", "43003", "41001")


def run(params, feedback=None):
    context = QgsProcessingContext()
    base = {"OUTPUT": "memory:", "OUTPUT_SUMMARY": "memory:", "MIN_AREA": 0}
    base.update(params)
    return processing.run("wertvoll:compensationscreening", base, context=context,
                          feedback=feedback or WarningFeedback()), context


def test_default_method_is_named_in_every_row_and_in_the_log(provider):
    parcels = memory_layer("Polygon", "EPSG:25833", ["nutzung:string"], [
        (square(0, 0, 100, 100), {"nutzung": "43001_1010"}), (square(200, 0, 300, 100), {"nutzung": "44001"})])
    feedback = WarningFeedback()
    result, context = run({"INPUT": parcels, "LANDUSE_FIELD": "nutzung"}, feedback)
    rows = list(output_layer(result, context).getFeatures())
    assert len(rows) == 2
    methods = {f["method"] for f in rows}
    assert len(methods) == 1 and next(iter(methods)).startswith("BKompV 2020, Anlage 2")
    assert any(i.startswith("Valuation: BKompV 2020, Anlage 2") and "bkompv_default.csv" in i
               for i in feedback.infos), feedback.infos
    by_code = {f["landuse"]: f for f in rows}
    # river: (17 - 8) x 10,000 = 90,000, score 9/24; arable (15 - 7) x 10,000 = 80,000, score 8/24
    assert by_code["44001"]["uplift_pts"] == pytest.approx(90000)
    assert by_code["43001_1010"]["uplift_pts"] == pytest.approx(80000)
    assert by_code["44001"]["rank"] == 1


def test_own_table_is_named_as_such(provider, tmp_path):
    table = tmp_path / "leipzig_modell.csv"
    table.write_text("code;label;value_now;measure;value_target;pik_measure;pik_value_target\n"
                     "A;Acker;5;Wiese;12;;\n", encoding="utf-8")
    parcels = memory_layer("Polygon", "EPSG:25833", ["nutzung:string"], [(square(0, 0, 100, 100), {"nutzung": "A"})])
    result, context = run({"INPUT": parcels, "LANDUSE_FIELD": "nutzung", "VALUE_TABLE": str(table)})
    (row,) = list(output_layer(result, context).getFeatures())
    assert row["method"] == "Own value table leipzig_modell.csv"
    assert row["uplift_pts"] == pytest.approx((12 - 5) * 10000)


WOODY_TABLE = ("code;label;value_now;measure;value_target;pik_measure;pik_value_target;landuse_kind;"
               "measure_woody\nB;Brache;9;Hecke;16;;;fallow;1\n")


def woody_case(tmp_path, flood):
    table = tmp_path / "hecke.csv"
    table.write_text(WOODY_TABLE, encoding="utf-8")
    parcels = memory_layer("Polygon", "EPSG:25833", ["nutzung:string"], [
        (square(0, 0, 100, 100), {"nutzung": "B"}), (square(200, 0, 300, 100), {"nutzung": "B"})])
    feedback = WarningFeedback()
    result, context = run({"INPUT": parcels, "LANDUSE_FIELD": "nutzung", "VALUE_TABLE": str(table),
                           "FLOODPLAIN": flood}, feedback)
    out = {f["src_fid"]: f for f in output_layer(result, context).getFeatures()}
    return out, feedback


def test_78a_note_only_for_the_official_zone_of_the_flood_tool(provider, tmp_path):
    # the layout of wertvoll:floodriskzones: zone 0 = official (designated), 1.. = estimated.
    # parcel 1 lies half in an estimated zone (1), parcel 2 half in the official zone (0)
    flood = memory_layer("Polygon", "EPSG:25833", ["zone:integer"], [
        (square(-10, -10, 110, 50), {"zone": 1}), (square(190, -10, 310, 50), {"zone": 0})])
    out, feedback = woody_case(tmp_path, flood)
    assert out[1]["share_flood"] == pytest.approx(0.5) and out[2]["share_flood"] == pytest.approx(0.5)
    assert out[1]["notes"] == ""  # estimated from the terrain: §78a does not bind
    assert "§78a(1) no. 6" in out[2]["notes"] and "§78a(2)" in out[2]["notes"]
    assert any("1 of 2 features are designated" in i for i in feedback.infos), feedback.infos


def test_78a_note_for_an_official_layer_without_zone_field(provider, tmp_path):
    flood = memory_layer("Polygon", "EPSG:25833", ["name:string"], [
        (square(-10, -10, 110, 50), {"name": "HQ100 Parthe"})])
    out, feedback = woody_case(tmp_path, flood)
    assert "§78a(1) no. 6" in out[1]["notes"] and out[2]["notes"] == ""
    assert any("every feature counts as a designated flood zone" in i for i in feedback.infos)


def test_real_leipzig_districts_total_by_hand(provider, real_data):
    """The 63 districts of Leipzig as parcels, land use assigned by their key; the total uplift
    equals Σ area × (target − now) computed here from QGIS geometry areas and Anlage 2 values."""
    districts = QgsVectorLayer(str(real_data / "leipzig_ortsteile_25833.gpkg") + "|layername=ortsteile",
                               "ortsteile", "ogr")
    assert districts.isValid() and districts.featureCount() == 63
    parcels = QgsVectorLayer("MultiPolygon?crs=EPSG:25833&field=key:string&field=nutzung:string",
                             "parcels", "memory")
    features, expected, per_code = [], 0.0, {}
    for f in sorted(districts.getFeatures(), key=lambda g: str(g["key"])):
        code = CODES[int(f["key"]) % len(CODES)]  # deterministic: by the district's 2-digit key
        g = QgsGeometry(f.geometry())
        feature = QgsFeature(parcels.fields())
        feature.setGeometry(g)
        feature.setAttributes([str(f["key"]), code])
        features.append(feature)
        per_code[code] = per_code.get(code, 0) + 1
        if code in GAIN:
            expected += g.area() * GAIN[code]
    assert parcels.dataProvider().addFeatures(features)
    assert all(per_code.get(c, 0) > 0 for c in CODES), per_code  # every kind of land occurs
    feedback = WarningFeedback()
    result, context = run({"INPUT": parcels, "LANDUSE_FIELD": "nutzung"}, feedback)
    out = list(output_layer(result, context).getFeatures())
    assert result["TOTAL_UPLIFT"] == pytest.approx(expected, rel=1e-6)
    assert sum(f["uplift_pts"] for f in out) == pytest.approx(expected, rel=1e-6)
    assert {f["landuse"] for f in out} == set(GAIN)  # hedges and housing are no candidates
    assert len({f["method"] for f in out}) == 1 and out[0]["method"].startswith("BKompV 2020, Anlage 2")
    for f in out:
        gain = f["value_target"] - f["value_now"]
        assert gain == GAIN[f["landuse"]] and f["uplift_pts"] == pytest.approx(f["area_m2"] * gain, rel=1e-9)


@pytest.mark.parametrize("template", ["kompensation", "stadt-land-bilanz"])
def test_reports_name_the_method(provider, tmp_path, template):
    import json

    import docx

    parcels = memory_layer("Polygon", "EPSG:25833", ["nutzung:string"], [
        (square(0, 0, 100, 100), {"nutzung": "43001_1010"})])
    result, context = run({"INPUT": parcels, "LANDUSE_FIELD": "nutzung", "OUTPUT": str(tmp_path / "c.gpkg")})
    method = next(output_layer(result, context).getFeatures())["method"]
    assert method.startswith("BKompV 2020, Anlage 2")
    report = processing.run("wertvoll:report", {
        "TEMPLATE": template, "FIELDS": json.dumps({"author": "Test", "demand": 1000}), "MAPS": False,
        "COMPENSATION": result["OUTPUT"], "OUTPUT_HTML": str(tmp_path / "r.html"),
        "OUTPUT_DOCX": str(tmp_path / "r.docx")})
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert f"Bewertung nach: {method}" in html
    text = "\n".join(p.text for p in docx.Document(report["OUTPUT_DOCX"]).paragraphs)
    assert f"Bewertung nach: {method}" in text


def test_pik_threshold_from_the_candidates_is_named_as_an_assumption(provider):
    # two arable parcels of 10,000 m², soil 40 and 50: mean 45 (BKompV §10(2) would take the
    # district's figure; without PIK_SOIL_THRESHOLD the candidates stand in for it)
    parcels = memory_layer("Polygon", "EPSG:25833", ["nutzung:string", "bz:integer"], [
        (square(0, 0, 100, 100), {"nutzung": "43001_1010", "bz": 40}),
        (square(200, 0, 300, 100), {"nutzung": "43001_1010", "bz": 50})])
    feedback = WarningFeedback()
    result, context = run({"INPUT": parcels, "LANDUSE_FIELD": "nutzung", "SOIL_FIELD": "bz"}, feedback)
    out = {f["src_fid"]: f for f in output_layer(result, context).getFeatures()}
    assert not out[1]["pik"] and out[1]["uplift_pts"] == pytest.approx((15 - 7) * 10000)
    # PIK after Anlage 6 A: target biotope 33.04b.02 = 17 -> (17 - 7) x 10,000
    assert out[2]["pik"] and out[2]["uplift_pts"] == pytest.approx((17 - 7) * 10000)
    assert any(i.startswith("PIK soil threshold 45.0: the area-weighted mean") and "assumption" in i
               and "§10(2)" in i for i in feedback.infos), feedback.infos
    feedback = WarningFeedback()
    run({"INPUT": parcels, "LANDUSE_FIELD": "nutzung", "SOIL_FIELD": "bz", "PIK_SOIL_THRESHOLD": 38}, feedback)
    assert "PIK soil threshold 38 (PIK_SOIL_THRESHOLD)." in feedback.infos
