"""wertvoll:riparianstrips through Processing, with values worked out by hand.

The test world (EPSG:25833, metres): the river axis (0,0)-(1000,0), field breite = 10 m, so
the banks are y = ±5. A built-up area covers 400 <= x <= 600.

    saxony, outside, 0-5 m:  2·5·1000 + π(10² - 5²) - 2·5·200 (built-up) = 8,235.62 m²
    saxony, outside, 5-10 m: 2·5·1000 + π(15² - 10²) - 2·5·200             = 8,392.70 m²
    saxony, inside, 0-5 m:   2·5·200                                        = 2,000 m²

(round river ends: polygons with 8 segments per quarter circle, hence rel=2e-3).
"""
import math

import processing
import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
)

from layers import WarningFeedback, memory_layer, output_layer, reproject_wkt, square

OUT_0_5 = 10000 + 75 * math.pi - 2000
OUT_5_10 = 10000 + 125 * math.pi - 2000
RIVER_WKT = "LINESTRING(0 0, 1000 0)"


def rivers(crs="EPSG:25833", rows=None):
    rows = rows or [(RIVER_WKT, {"gew_id": 7, "name": "Mulde", "breite": 10.0})]
    if crs != "EPSG:25833":
        rows = [(reproject_wkt(w, "EPSG:25833", crs), a) for w, a in rows]
    return memory_layer("LineString", crs, ["gew_id:integer", "name:string", "breite:double"], rows, "rivers")


def builtup():
    return memory_layer("Polygon", "EPSG:25833", [], [(square(400, -50, 600, 50), {})], "builtup")


def run(params, feedback=None, context=None):
    context = context or QgsProcessingContext()
    # BANK_HEIGHT 0: these tests measure from the water line; the bank tests below set the bank themselves
    base = {"OUTPUT_STRIPS": "memory:", "OUTPUT_CORRIDORS": "memory:", "OUTPUT_LANDUSE": "memory:",
            "BANK_HEIGHT": 0}
    base.update(params)
    result = processing.run("wertvoll:riparianstrips", base, context=context,
                            feedback=feedback or QgsProcessingFeedback())
    return result, context


def strips_by_band(result, context):
    return {(f["zone"], f["band_from_m"], f["slope_band"]): f for f in output_layer(result, context, "OUTPUT_STRIPS").getFeatures()}


def test_saxon_strips_by_hand(provider):
    result, context = run({"INPUT": rivers(), "CHANNEL_WIDTH_FIELD": "breite", "BUILTUP": builtup()})
    strips = strips_by_band(result, context)
    assert sorted(strips) == [("inside", 0.0, False), ("outside", 0.0, False), ("outside", 5.0, False)]
    assert strips[("outside", 0.0, False)]["area_m2"] == pytest.approx(OUT_0_5, rel=2e-3)
    assert strips[("outside", 5.0, False)]["area_m2"] == pytest.approx(OUT_5_10, rel=2e-3)
    inside = strips[("inside", 0.0, False)]
    assert inside["area_m2"] == pytest.approx(2000, rel=1e-9)
    assert inside["band_to_m"] == 5.0
    box = inside.geometry().boundingBox()
    assert (box.xMinimum(), box.xMaximum(), box.yMaximum()) == pytest.approx((400, 600, 10))
    inner = strips[("outside", 0.0, False)]
    assert inner["rule"] == "SächsWG §24 Abs. 2, 3; WHG §38 Abs. 4"
    assert "no fertilisers or pesticides (SächsWG §24(3) no. 1)" in inner["restrictions"]
    assert "fertilisers" not in strips[("outside", 5.0, False)]["restrictions"]
    assert "WHG §38(4)" in strips[("outside", 5.0, False)]["restrictions"]
    assert result["STRIP_AREA"] == pytest.approx(OUT_0_5 + OUT_5_10 + 2000, rel=2e-3)
    assert result["RIVER_LENGTH"] == pytest.approx(1000.0)
    names = [f.name() for f in output_layer(result, context, "OUTPUT_STRIPS").fields()]
    assert names == ["zone", "band_from_m", "band_to_m", "rule", "restrictions", "slope_band", "area_m2",
                     "bank_source", "slope_scope"]
    assert {f["bank_source"] for f in strips.values()} == {"none"}


def test_federal_and_custom_rulesets(provider):
    result, context = run({"INPUT": rivers(), "CHANNEL_WIDTH_FIELD": "breite", "BUILTUP": builtup(),
                           "RULESET": "federal"})
    strips = strips_by_band(result, context)
    assert list(strips) == [("outside", 0.0, False)]  # WHG §38(3): 5 m outside, none inside
    assert strips[("outside", 0.0, False)]["area_m2"] == pytest.approx(OUT_0_5, rel=2e-3)
    assert strips[("outside", 0.0, False)]["rule"] == "WHG §38 Abs. 3, 4"
    result, context = run({"INPUT": rivers(), "CHANNEL_WIDTH_FIELD": "breite", "BUILTUP": builtup(),
                           "RULESET": "custom", "WIDTH_OUTSIDE": 20, "WIDTH_INSIDE": 3, "INNER_BAND": 0})
    strips = strips_by_band(result, context)
    assert sorted(strips) == [("inside", 0.0, False), ("outside", 0.0, False)]
    assert strips[("inside", 0.0, False)]["area_m2"] == pytest.approx(2 * 3 * 200, rel=1e-9)
    assert strips[("inside", 0.0, False)]["band_to_m"] == 3.0
    # outside: 2·20·1000 + π(25² - 5²) - 2·20·200
    assert strips[("outside", 0.0, False)]["area_m2"] == pytest.approx(32000 + 600 * math.pi, rel=2e-3)
    assert "fertilisers" not in strips[("outside", 0.0, False)]["restrictions"]


def test_unknown_ruleset_is_refused(provider):
    with pytest.raises(QgsProcessingException):
        run({"INPUT": rivers(), "RULESET": "bavaria"})


def test_slope_band_from_a_dem(provider, tmp_path):
    """DEM z = 0.08·y north of the river (8 % towards the water), flat to the south.

    North bank, 0-5 m, 0 <= x <= 1000: 5 x 1,000 = 5,000 m² get slope_band and the green cover.
    """
    import numpy as np
    from wertvoll.algorithms.raster_io import write_raster
    from wertvoll.kernels.grid import Grid

    cell = 2.0
    y = 200 - (np.arange(200) + 0.5) * cell
    z = np.where(y > 0, 0.08 * y, 0.0)
    path = tmp_path / "dem.tif"
    write_raster(path, Grid(np.repeat(z[:, None], 700, axis=1), -200.0, 200.0, cell, cell),
                 QgsCoordinateReferenceSystem("EPSG:25833"))
    feedback = WarningFeedback()
    result, context = run({"INPUT": rivers(), "CHANNEL_WIDTH_FIELD": "breite", "DEM": str(path)}, feedback)
    strips = strips_by_band(result, context)
    slope = strips[("outside", 0.0, True)]
    assert slope["area_m2"] == pytest.approx(5000, rel=1e-6)
    box = slope.geometry().boundingBox()
    assert (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()) == pytest.approx((0, 5, 1000, 10))
    assert "WHG §38a" in slope["restrictions"] and slope["rule"].endswith("WHG §38a Abs. 1")
    assert strips[("outside", 0.0, False)]["area_m2"] + slope["area_m2"] == pytest.approx(
        10000 + 75 * math.pi, rel=2e-3)
    assert not strips[("outside", 5.0, False)]["slope_band"]
    assert any("10 of 20" in text for text in feedback.infos), feedback.infos


def test_geographic_input_is_buffered_in_metres(provider):
    """The river in EPSG:4326: strips are 5/10 m wide on the ground, output in EPSG:4326.

    The line (0,0)-(1000,0) of EPSG:25833 lies on the equator at 10.5° E; its length on the
    ellipsoid (QgsDistanceArea, independent of the plugin) is L, the 0-5 m band beside a 10 m
    channel 10·L + π(10² − 5²)."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsDistanceArea, QgsGeometry, QgsProject

    result, context = run({"INPUT": rivers("EPSG:4326"), "CHANNEL_WIDTH_FIELD": "breite"})
    out = output_layer(result, context, "OUTPUT_STRIPS")
    assert out.crs().authid() == "EPSG:4326"
    ellipsoid = QgsDistanceArea()
    ellipsoid.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance().transformContext())
    ellipsoid.setEllipsoid("EPSG:7019")
    length = ellipsoid.measureLength(QgsGeometry.fromWkt(reproject_wkt(RIVER_WKT, "EPSG:25833", "EPSG:4326")))
    strips = strips_by_band(result, context)
    assert strips[("outside", 0.0, False)]["area_m2"] == pytest.approx(10 * length + 75 * math.pi, rel=3e-3)
    assert result["RIVER_LENGTH"] == pytest.approx(length, rel=2e-4)


def test_mixed_crs_builtup_is_transformed(provider):
    builtup_4326 = memory_layer("Polygon", "EPSG:4326", [], [
        (reproject_wkt(square(400, -50, 600, 50), "EPSG:25833", "EPSG:4326"), {})])
    result, context = run({"INPUT": rivers(), "CHANNEL_WIDTH_FIELD": "breite", "BUILTUP": builtup_4326})
    assert strips_by_band(result, context)[("inside", 0.0, False)]["area_m2"] == pytest.approx(2000, rel=1e-3)


def test_polygon_input_gives_the_same_strip(provider):
    """The river as a polygon 10 m wide (the line buffered by 5 m): the same strips as the line."""
    polygon = QgsGeometry.fromWkt(RIVER_WKT).buffer(5.0, 16).asWkt()
    water = memory_layer("Polygon", "EPSG:25833", [], [(polygon, {})], "water")
    line_result, line_context = run({"INPUT": rivers(), "CHANNEL_WIDTH_FIELD": "breite"})
    poly_result, poly_context = run({"INPUT": water})
    line_strips = strips_by_band(line_result, line_context)
    poly_strips = strips_by_band(poly_result, poly_context)
    for key in (("outside", 0.0, False), ("outside", 5.0, False)):
        assert poly_strips[key]["area_m2"] == pytest.approx(line_strips[key]["area_m2"], rel=0.01)
        difference = poly_strips[key].geometry().symDifference(line_strips[key].geometry()).area()
        assert difference < 0.01 * line_strips[key]["area_m2"]


def test_landuse_table_sums_to_strip_area(provider):
    """North: arable A (x < 500) and grassland G (x > 500); south nothing: 5 x 500 m² each per band."""
    landuse = memory_layer("Polygon", "EPSG:25833", ["nutzung:string"], [
        (square(0, 0, 500, 100), {"nutzung": "43001_1010"}),
        (square(500, 0, 1000, 100), {"nutzung": "43001_1020"})], "landuse")
    result, context = run({"INPUT": rivers(), "CHANNEL_WIDTH_FIELD": "breite", "LANDUSE": landuse,
                           "LANDUSE_FIELD": "nutzung", "CORRIDOR": False})
    strips = strips_by_band(result, context)
    table = list(output_layer(result, context, "OUTPUT_LANDUSE").getFeatures())
    for band, key in (("strip outside 0-5 m", 0.0), ("strip outside 5-10 m", 5.0)):
        rows = {f["landuse"]: f for f in table if f["layer"] == band}
        assert rows["43001_1010"]["area_m2"] == pytest.approx(2500, rel=1e-9)
        assert rows["43001_1020"]["area_m2"] == pytest.approx(2500, rel=1e-9)
        assert sum(f["area_m2"] for f in rows.values()) == pytest.approx(
            strips[("outside", key, False)]["area_m2"], rel=1e-9)
        assert sum(f["share"] for f in rows.values()) == pytest.approx(1.0)
        assert len(rows) == 3  # the third: south bank and round ends, without land use (NULL)
    assert {f["layer"] for f in table} == {"strip outside 0-5 m", "strip outside 5-10 m"}
    assert result["CORRIDOR_AREA"] == 0


def test_corridors_carry_river_id_and_name(provider):
    """10 m channel x default factor 7 x 1.25 = 87.5 m; two segments of river 7 dissolve into one."""
    rows = [("LINESTRING(0 0, 500 0)", {"gew_id": 7, "name": "Mulde", "breite": 10.0}),
            ("LINESTRING(500 0, 1000 0)", {"gew_id": 7, "name": "Mulde", "breite": 10.0}),
            ("LINESTRING(0 3000, 1000 3000)", {"gew_id": 8, "name": "Parthe", "breite": 2.0})]
    result, context = run({"INPUT": rivers(rows=rows), "CHANNEL_WIDTH_FIELD": "breite"})
    corridors = {f["gew_id"]: f for f in output_layer(result, context, "OUTPUT_CORRIDORS").getFeatures()}
    assert sorted(corridors) == [7, 8]
    assert corridors[7]["name"] == "Mulde" and corridors[7]["corridor_width_m"] == pytest.approx(87.5)
    assert corridors[7]["area_m2"] == pytest.approx(2 * 43.75 * 1000 + math.pi * 43.75 ** 2, rel=2e-3)
    assert corridors[8]["corridor_width_m"] == pytest.approx(20.0)  # 2 x 7 x 1.25 = 17.5 < MIN_CORRIDOR
    names = [f.name() for f in output_layer(result, context, "OUTPUT_CORRIDORS").fields()]
    assert names == ["gew_id", "name", "corridor_width_m", "area_m2"]
    assert result["CORRIDOR_AREA"] == pytest.approx(corridors[7]["area_m2"] + corridors[8]["area_m2"], rel=1e-6)
    # a factor for everything
    result, context = run({"INPUT": rivers(rows=rows), "CHANNEL_WIDTH_FIELD": "breite", "CORRIDOR_FACTOR": 2})
    widths = sorted(f["corridor_width_m"] for f in output_layer(result, context, "OUTPUT_CORRIDORS").getFeatures())
    assert widths == pytest.approx([20.0, 25.0])


def test_per_feature_strips_keep_id_and_name(provider):
    rows = [("LINESTRING(0 0, 500 0)", {"gew_id": 7, "name": "Mulde", "breite": 10.0}),
            ("LINESTRING(500 0, 1000 0)", {"gew_id": 8, "name": "Mulde", "breite": 10.0})]
    result, context = run({"INPUT": rivers(rows=rows), "CHANNEL_WIDTH_FIELD": "breite", "DISSOLVE": False})
    out = output_layer(result, context, "OUTPUT_STRIPS")
    assert [f.name() for f in out.fields()][:2] == ["gew_id", "name"]
    by_id = {}
    for f in out.getFeatures():
        by_id[f["gew_id"]] = by_id.get(f["gew_id"], 0.0) + f["area_m2"]
    assert by_id[7] == pytest.approx(by_id[8], rel=1e-6)
    assert by_id[7] + by_id[8] == pytest.approx(result["STRIP_AREA"], rel=1e-9)
    assert result["STRIP_AREA"] == pytest.approx(20000 + 200 * math.pi, rel=2e-3)


def test_outputs_written_in_batches_of_few_coordinates_are_the_same(provider, monkeypatch):
    """Large geometries are converted and written a few at a time (BATCH_COORDINATES): the same features,
    in the same order, as in one batch."""
    from wertvoll.algorithms import outputs, vector_io

    rows = [(f"LINESTRING({x} 0, {x + 250} 40)", {"gew_id": k, "name": "Mulde", "breite": 4.0})
            for k, x in enumerate(range(0, 2500, 250))]
    params = {"INPUT": rivers(rows=rows), "CHANNEL_WIDTH_FIELD": "breite", "DISSOLVE": False, "CORRIDOR": True}

    def written(result, context):
        return [(f["gew_id"], f.geometry().asWkb()) for name in ("OUTPUT_STRIPS", "OUTPUT_CORRIDORS")
                for f in output_layer(result, context, name).getFeatures()]

    whole = written(*run(params))
    for module in (outputs, vector_io):
        monkeypatch.setattr(module, "BATCH_COORDINATES", 50)
    batched = written(*run(params))
    assert len(whole) > 20 and batched == whole


def test_invalid_and_empty_geometries_are_reported_not_fatal(provider):
    rows = [(RIVER_WKT, {"gew_id": 1, "breite": 10.0}),
            ("LINESTRING(5 5, 5 5)", {"gew_id": 2, "breite": 10.0}),
            ("LINESTRING EMPTY", {"gew_id": 3, "breite": 10.0})]
    source = rivers(rows=rows)
    context = QgsProcessingContext()
    context.setInvalidGeometryCheck(getattr(QgsFeatureRequest, "GeometryNoCheck", None))
    feedback = WarningFeedback()
    result, context = run({"INPUT": source, "CHANNEL_WIDTH_FIELD": "breite"}, feedback, context)
    assert result["STRIP_AREA"] == pytest.approx(20000 + 200 * math.pi, rel=2e-3)
    assert any("skipped" in w for w in feedback.warnings), feedback.warnings


def test_no_usable_river_is_a_clear_error(provider):
    source = rivers(rows=[("LINESTRING(5 5, 5 5)", {"gew_id": 2, "breite": 10.0})])
    context = QgsProcessingContext()
    context.setInvalidGeometryCheck(getattr(QgsFeatureRequest, "GeometryNoCheck", None))
    with pytest.raises(QgsProcessingException, match="no usable geometry"):
        run({"INPUT": source}, context=context)


def test_bad_river_type_table_is_a_clear_error(provider, tmp_path):
    bad = tmp_path / "types.csv"
    bad.write_text("type;label;factor\n17;x;7\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="default"):
        run({"INPUT": rivers(), "RIVER_TYPE_TABLE": str(bad)})


def test_strips_feed_the_compensation_screening(provider, tmp_path):
    """The strips are the RIPARIAN layer of wertvoll:compensationscreening: arable land in them is noted."""
    table = tmp_path / "table.csv"
    table.write_text("code;label;value_now;measure;value_target;pik_measure;pik_value_target;landuse_kind\n"
                     "43001_1010;Acker;7;Grünland;15;;;arable\n", encoding="utf-8")
    strips, context = run({"INPUT": rivers(), "CHANNEL_WIDTH_FIELD": "breite"})
    parcels = memory_layer("Polygon", "EPSG:25833", ["nutzung:string"],
                           [(square(0, 5, 1000, 105), {"nutzung": "43001_1010"})], "parcels")
    screened = processing.run("wertvoll:compensationscreening", {
        "INPUT": parcels, "LANDUSE_FIELD": "nutzung", "VALUE_TABLE": str(table), "MIN_AREA": 0,
        "RIPARIAN": output_layer(strips, context, "OUTPUT_STRIPS"), "OUTPUT": "memory:", "OUTPUT_SUMMARY": "memory:"},
        context=context)
    candidate = next(output_layer(screened, context, "OUTPUT").getFeatures())
    assert candidate["share_riparian"] == pytest.approx(10000 / 100000, rel=1e-6)  # 10 m of 100 m
    assert "SächsWG §24" in candidate["notes"]
