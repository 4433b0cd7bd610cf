"""wertvoll:floodriskzones through Processing, with values worked out by hand.

The test valley (EPSG:25833, metres): a DEM of 101 x 60 cells of 1 m with its upper-left
corner at (X0, Y0) = (300000, 5700060). The river runs down the centre of column 50
(x = X0 + 50.5) from north to south (digitised downstream). The valley sides rise with
slope S = 0.13: DEM = 100 + S * d for the cell d columns from the river.

With THRESHOLDS 1,2,3: zone 1 = d <= 7 (1 / 0.13 = 7.7), zone 2 = d 8..15 (2 / 0.13 = 15.4),
zone 3 = d 16..23 (3 / 0.13 = 23.1). Areas: zone 1 = 15 x 60 = 900 m², zones 2 and 3 =
16 x 60 = 960 m² each. Official zone: squares (X0+40..X0+60, 10..30) and
(X0+50..X0+70, 20..40) above the bottom edge: union 400 + 400 - 100 = 700 m².
"""
import json

import numpy as np
import processing
import pytest
import shapely
from osgeo import gdal
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
)

from layers import WarningFeedback, memory_layer, output_layer, reproject_wkt, square

from wertvoll.algorithms.raster_io import write_raster
from wertvoll.kernels.grid import Grid

X0, Y0 = 300000.0, 5700060.0
ROWS, COLS, RIVER_COL, S = 60, 101, 50, 0.13
RIVER_X = X0 + RIVER_COL + 0.5






@pytest.fixture
def alg(provider):
    from wertvoll.algorithms.flood_risk_zones import FloodRiskZones

    if provider.algorithm("floodriskzones") is None:
        provider.addAlgorithm(FloodRiskZones())
    return provider.algorithm("floodriskzones")


def valley_values():
    d = np.abs(np.arange(COLS) - RIVER_COL).astype(float)
    return np.repeat((100.0 + S * d)[None, :], ROWS, axis=0)


def dem_file(tmp_path, values=None, crs="EPSG:25833", name="dem.tif", x0=X0, y0=Y0, cell=1.0):
    path = tmp_path / name
    write_raster(path, Grid(valley_values() if values is None else values, x0, y0, cell, cell),
                 QgsCoordinateReferenceSystem(crs))
    return str(path)


def y(offset):
    """y coordinate *offset* metres above the bottom edge of the DEM."""
    return Y0 - ROWS + offset


def river_layer(crs="EPSG:25833", lines=None):
    lines = lines or [f"LINESTRING({RIVER_X} {y(59.5)}, {RIVER_X} {y(0.5)})"]
    if crs != "EPSG:25833":
        lines = [reproject_wkt(w, "EPSG:25833", crs) for w in lines]
    return memory_layer("LineString", crs, [], [(w, {}) for w in lines], "rivers")


def run(params, feedback=None):
    context = QgsProcessingContext()
    defaults = {"THRESHOLDS": "1,2,3", "MAX_DISTANCE": 1000, "OUTPUT_ZONES": "memory:",
                "OUTPUT_EXPOSURE": "memory:"}
    defaults.update(params)
    result = processing.run("wertvoll:floodriskzones", defaults, context=context,
                            feedback=feedback or QgsProcessingFeedback())
    return result, context



def read_tif(path):
    dataset = gdal.Open(path)  # keep the dataset alive while its band is read (GDAL segfaults otherwise)
    values = dataset.GetRasterBand(1).ReadAsArray()
    dataset = None
    return values


def zones_by_id(result, context):
    return {f["zone"]: f for f in output_layer(result, context, "OUTPUT_ZONES").getFeatures()}


def test_metadata(alg):
    assert alg.id() == "wertvoll:floodriskzones" and alg.groupId() == "water"
    names = {p.name() for p in alg.parameterDefinitions()}
    assert names == {"RIVERS", "FLOW_DIRECTION", "DEM", "THRESHOLDS", "MAX_DISTANCE", "SMOOTH", "FLOODPLAIN",
                     "EXPOSURE", "EXPOSURE_FIELD", "OUTPUT_ZONES", "OUTPUT_HEIGHT", "OUTPUT_EXPOSURE",
                     "RIVER_CLASS", "CALIBRATE", "HEIGHT_REFERENCE", "OUTPUT_CALIBRATION", "TILE_SIZE",
                     "TERRAIN_FLAGS", "OUTPUT_FLAGS"}
    assert all(p.help() for p in alg.parameterDefinitions())
    assert alg.parameterDefinition("THRESHOLDS").defaultValue() == "1,2,3"
    assert alg.parameterDefinition("MAX_DISTANCE").defaultValue() == 1000
    assert alg.parameterDefinition("SMOOTH").defaultValue() is True
    assert "ZONE_AREAS" in {o.name() for o in alg.outputDefinitions()}
    assert "height above nearest drainage" in alg.shortHelpString()


def test_v_valley_zones_height_exposure_and_json(alg, tmp_path):
    official = memory_layer("Polygon", "EPSG:25833", [], [
        (square(X0 + 40, y(10), X0 + 60, y(30)), {}), (square(X0 + 50, y(20), X0 + 70, y(40)), {})])
    exposure = memory_layer("Polygon", "EPSG:25833", ["nutzung:string"], [
        (square(X0 - 10, y(-10), X0 + 200, y(100)), {"nutzung": "all"}),      # covers everything
        (square(X0, y(0), X0 + 50, y(60)), {"nutzung": "west"}),              # x < river cell
    ])
    height_path = str(tmp_path / "height.tif")
    result, context = run({"RIVERS": river_layer(), "DEM": dem_file(tmp_path), "FLOODPLAIN": official,
                           "EXPOSURE": exposure, "EXPOSURE_FIELD": "nutzung", "OUTPUT_HEIGHT": height_path,
                           "CALIBRATE": False})
    zones = zones_by_id(result, context)
    assert sorted(zones) == [0, 1, 2, 3]
    assert [zones[k]["area_m2"] for k in (0, 1, 2, 3)] == pytest.approx([700.0, 900.0, 960.0, 960.0])
    assert zones[0]["threshold_m"] is None or str(zones[0]["threshold_m"]) == "NULL"
    assert [zones[k]["threshold_m"] for k in (1, 2, 3)] == [1.0, 2.0, 3.0]
    assert zones[0]["label"] == "zone 0: official flood zone"
    assert zones[1]["label"] == "zone 1: up to 1 m above the river"
    assert zones[3]["label"] == "zone 3: 2 to 3 m above the river"
    assert zones[1].geometry().area() == pytest.approx(900.0)
    box1 = zones[1].geometry().boundingBox()    # zone 1: x 43..58 from X0, the full height
    assert (box1.xMinimum(), box1.xMaximum()) == pytest.approx((X0 + 43, X0 + 58))
    assert (box1.yMinimum(), box1.yMaximum()) == pytest.approx((Y0 - ROWS, Y0))
    # the returned JSON
    assert json.loads(result["ZONE_AREAS"]) == pytest.approx({"0": 700.0, "1": 900.0, "2": 960.0, "3": 960.0})
    # exposure: the class covering everything sums to each zone's area
    table = output_layer(result, context, "OUTPUT_EXPOSURE")
    rows = {(f["zone"], f["class"]): (f["area_m2"], f["count"]) for f in table.getFeatures()}
    for zone, area in ((0, 700.0), (1, 900.0), (2, 960.0), (3, 960.0)):
        assert rows[(zone, "all")] == (pytest.approx(area), 1)
    # west of the river cell: zone 1 has d = 1..7 -> 7 x 60; zones 2, 3: 8 x 60; official: 10 x 20
    assert rows[(1, "west")] == (pytest.approx(420.0), 1)
    assert rows[(2, "west")] == (pytest.approx(480.0), 1)
    assert rows[(0, "west")] == (pytest.approx(200.0), 1)
    # the height raster: DEM - level, float32, nodata -9999 nowhere here (all within 1000 m)
    dataset = gdal.Open(height_path)
    band = dataset.GetRasterBand(1)
    assert band.DataType == gdal.GDT_Float32 and band.GetNoDataValue() == -9999
    values = band.ReadAsArray()
    assert dataset.GetGeoTransform() == (X0, 1.0, 0.0, Y0, 0.0, -1.0)
    assert values[10, RIVER_COL] == pytest.approx(0.0, abs=1e-4)
    assert values[10, RIVER_COL + 5] == pytest.approx(5 * S, abs=1e-4)
    assert values[45, RIVER_COL - 30] == pytest.approx(30 * S, abs=1e-4)
    assert result["OUTPUT_HEIGHT"] == height_path


def test_max_distance_gives_nodata_in_the_height_raster(alg, tmp_path):
    height_path = str(tmp_path / "height.tif")
    result, context = run({"RIVERS": river_layer(), "DEM": dem_file(tmp_path), "MAX_DISTANCE": 10.0,
                           "OUTPUT_HEIGHT": height_path})
    values = read_tif(height_path)
    assert values[5, RIVER_COL + 10] == pytest.approx(10 * S, abs=1e-4)
    assert values[5, RIVER_COL + 11] == -9999 and values[5, RIVER_COL - 11] == -9999
    # zone 1 (d <= 7) unchanged; zone 2 cut at d = 10, zone 3 empty and not written
    assert json.loads(result["ZONE_AREAS"]) == pytest.approx({"1": 900.0, "2": 6 * ROWS, "3": 0.0})
    assert sorted(zones_by_id(result, context)) == [1, 2]


def test_dem_nodata_hole(alg, tmp_path):
    values = valley_values()
    values[20:26, 52:57] = np.nan        # 30 cells inside zone 1
    height_path = str(tmp_path / "height.tif")
    result, _ = run({"RIVERS": river_layer(), "DEM": dem_file(tmp_path, values),
                     "OUTPUT_HEIGHT": height_path})
    assert json.loads(result["ZONE_AREAS"])["1"] == pytest.approx(900.0 - 30)
    height = read_tif(height_path)
    assert (height[20:26, 52:57] == -9999).all() and height[20, 57] == pytest.approx(7 * S, abs=1e-4)


def test_rivers_in_another_crs_are_transformed(alg, tmp_path):
    result, context = run({"RIVERS": river_layer("EPSG:4326"), "DEM": dem_file(tmp_path)})
    assert json.loads(result["ZONE_AREAS"]) == pytest.approx({"1": 900.0, "2": 960.0, "3": 960.0})
    assert output_layer(result, context, "OUTPUT_ZONES").crs().authid() == "EPSG:25833"


def test_river_partly_outside_the_dem_warns(alg, tmp_path):
    lines = [f"LINESTRING({RIVER_X} {y(100)}, {RIVER_X} {y(-50)})"]
    feedback = WarningFeedback()
    result, _ = run({"RIVERS": river_layer(lines=lines), "DEM": dem_file(tmp_path)}, feedback)
    assert json.loads(result["ZONE_AREAS"]) == pytest.approx({"1": 900.0, "2": 960.0, "3": 960.0})
    assert any("1 river lines lie partly and 0 wholly outside the DEM" in w for w in feedback.warnings)


def test_points_exposure(alg, tmp_path):
    points = memory_layer("Point", "EPSG:25833", ["art:string"], [
        (f"POINT({RIVER_X} {y(25.3)})", {"art": "Gebäude"}),           # river cell: zone 1
        (f"POINT({X0 + 60.2} {y(30.3)})", {"art": "Gebäude"}),         # d = 10: zone 2
        (f"POINT({X0 + 90} {y(10)})", {"art": "Gebäude"}),             # d = 40: no zone
    ])
    result, context = run({"RIVERS": river_layer(), "DEM": dem_file(tmp_path), "EXPOSURE": points,
                           "EXPOSURE_FIELD": "art"})
    table = output_layer(result, context, "OUTPUT_EXPOSURE")
    rows = sorted((f["zone"], f["class"], f["area_m2"], f["count"]) for f in table.getFeatures())
    assert rows == [(1, "Gebäude", 0.0, 1), (2, "Gebäude", 0.0, 1)]


def test_exposure_without_field_is_one_class(alg, tmp_path):
    exposure = memory_layer("Polygon", "EPSG:25833", [], [(square(X0 - 10, y(-10), X0 + 200, y(100)), {})])
    result, context = run({"RIVERS": river_layer(), "DEM": dem_file(tmp_path), "EXPOSURE": exposure})
    table = output_layer(result, context, "OUTPUT_EXPOSURE")
    classes = {(f["zone"], f["class"]) for f in table.getFeatures()}
    assert classes == {(1, "all features"), (2, "all features"), (3, "all features")}


def test_empty_river_layer_is_a_clear_error(alg, tmp_path):
    empty = memory_layer("LineString", "EPSG:25833", [], [])
    with pytest.raises(QgsProcessingException, match="river layer has no lines"):
        run({"RIVERS": empty, "DEM": dem_file(tmp_path)})


def test_geographic_dem_is_a_clear_error(alg, tmp_path):
    dem = dem_file(tmp_path, crs="EPSG:4326", x0=12.5, y0=51.4, cell=0.0001)
    with pytest.raises(QgsProcessingException, match="EPSG:4326, whose unit is not a metre on the ground.*Warp the DEM to EPSG:25833"):
        run({"RIVERS": river_layer(), "DEM": dem})


@pytest.mark.parametrize("text, fragment", [("3,2,1", "must increase"), ("1,x", "not a number"),
                                            ("", "THRESHOLDS"), ("0,1,2", "greater than 0")])
def test_bad_thresholds_are_refused_before_the_run(alg, tmp_path, text, fragment):
    with pytest.raises(QgsProcessingException, match=fragment):
        run({"RIVERS": river_layer(), "DEM": dem_file(tmp_path), "THRESHOLDS": text})


def test_german_decimal_thresholds(alg, tmp_path):
    result, _ = run({"RIVERS": river_layer(), "DEM": dem_file(tmp_path), "THRESHOLDS": "0,5;1"})
    # 0.5 / 0.13 = 3.8 -> d <= 3: 7 cells; 1 m: d 4..7: 8 cells
    assert json.loads(result["ZONE_AREAS"]) == pytest.approx({"1": 7 * ROWS, "2": 8 * ROWS})


def test_gdal_and_pure_polygonize_agree():
    from wertvoll.algorithms.raster_io import gdal_polygonize
    from wertvoll.kernels.flood import polygonize_zones

    rng = np.random.default_rng(5)
    values = rng.integers(0, 4, size=(80, 90)).astype(np.uint8)
    values[10:40, 20:60] = 2                     # a large block with a hole
    values[20:25, 30:35] = 0
    g_geoms, g_values = gdal_polygonize(values, 1000.0, 2000.0, 2.0, 3.0)
    p_geoms, p_values = polygonize_zones(values, 1000.0, 2000.0, 2.0, 3.0)
    assert all(shapely.is_valid(g_geoms)) and all(shapely.is_valid(p_geoms))
    for zone, geom in zip(p_values, p_geoms):
        gdal_union = shapely.union_all(g_geoms[g_values == zone])
        assert shapely.area(geom) == pytest.approx((values == zone).sum() * 6.0)
        assert shapely.area(shapely.symmetric_difference(geom, gdal_union)) == pytest.approx(0.0, abs=1e-6)


def test_flow_direction_field_turns_lines_digitised_upstream(alg, tmp_path):
    # the bed falls 0.05 m per row from north to south (3 m over the reach). The same river
    # digitised south -> north with ATKIS fliessrichtung = false must give the zones of the
    # river digitised downstream; without the field the line rises, so the level is wrong.
    values = valley_values() - 0.05 * np.arange(ROWS)[:, None]
    dem = dem_file(tmp_path, values)
    up = [f"LINESTRING({RIVER_X} {y(0.5)}, {RIVER_X} {y(59.5)})"]
    rivers_up = memory_layer("LineString", "EPSG:25833", ["fliessrichtung:string"],
                             [(up[0], {"fliessrichtung": "false"})], "rivers")
    expected, _ = run({"RIVERS": river_layer(), "DEM": dem})
    feedback = WarningFeedback()
    turned, _ = run({"RIVERS": rivers_up, "FLOW_DIRECTION": "fliessrichtung", "DEM": dem}, feedback)
    assert json.loads(turned["ZONE_AREAS"]) == json.loads(expected["ZONE_AREAS"])
    assert json.loads(expected["ZONE_AREAS"]) == pytest.approx({"1": 900.0, "2": 960.0, "3": 960.0})
    assert any("1 lines digitised against the flow are reversed" in i for i in feedback.infos)
    wrong, _ = run({"RIVERS": rivers_up, "DEM": dem})
    assert json.loads(wrong["ZONE_AREAS"]) != json.loads(expected["ZONE_AREAS"])


def test_missing_flow_direction_field_is_a_clear_error(alg, tmp_path):
    with pytest.raises(QgsProcessingException, match="'nope' is not in the layer"):
        run({"RIVERS": river_layer(), "FLOW_DIRECTION": "nope", "DEM": dem_file(tmp_path)})


def test_notes_claim_78a_bans_only_for_designated_zones(alg, tmp_path):
    official = memory_layer("Polygon", "EPSG:25833", [], [(square(X0 + 40, y(10), X0 + 60, y(30)), {})])
    result, context = run({"RIVERS": river_layer(), "DEM": dem_file(tmp_path), "FLOODPLAIN": official})
    zones = zones_by_id(result, context)
    designated = zones[0]["note"]
    assert "WHG §78a(1)" in designated and "no. 7 converting grassland to arable land" in designated
    assert "no. 6 tree and shrub plantings" in designated and "§78a(2)" in designated
    for k in (1, 2, 3):
        note = zones[k]["note"]
        assert "does not apply here directly" in note and "assumption" in note
        assert f"up to {k} m" in note
        for claim in ("prohibit", "banned", "bans", "no. 7", "no. 6"):
            assert claim not in note
    # without an official layer no zone carries the §78a list
    result, context = run({"RIVERS": river_layer(), "DEM": dem_file(tmp_path)})
    assert all("prohibit" not in f["note"] for f in output_layer(result, context, "OUTPUT_ZONES").getFeatures())


# --------------------------------------------------------------------------- fit to the official zones

def test_the_fit_to_the_official_zone_is_carried_to_the_river_without_one(alg, tmp_path):
    # two valleys of slope S: river A at column 50 with an official zone of 7 columns each side
    # (heights up to 0.91 m; the next column 1.04 m), river B at column 150 without one, both of class
    # "bach": the fit is 0.95 m (the smallest 5 cm step at or above 0.91), CSI 1; B gets the cells up
    # to 0.95 m, 7 columns each side: 15 x 60 = 900 m² as zone 100
    d = np.min(np.abs(np.arange(201)[None, :] - np.array([[50], [150]])), axis=0).astype(float)
    values = np.repeat((100.0 + S * d)[None, :], ROWS, axis=0)
    rivers = memory_layer("LineString", "EPSG:25833", ["typ:string"], [
        (f"LINESTRING({X0 + c + 0.5} {y(59.5)}, {X0 + c + 0.5} {y(0.5)})", {"typ": "bach"}) for c in (50, 150)])
    official = memory_layer("Polygon", "EPSG:25833", [], [(square(X0 + 43, y(0), X0 + 58, y(60)), {})])
    result, context = run({"RIVERS": rivers, "RIVER_CLASS": "typ", "DEM": dem_file(tmp_path, values),
                           "FLOODPLAIN": official, "OUTPUT_CALIBRATION": "memory:"})
    zones = zones_by_id(result, context)
    assert zones[100]["area_m2"] == pytest.approx(900.0)
    assert shapely.equals(shapely.from_wkt(zones[100].geometry().asWkt()), shapely.box(X0 + 143, y(0), X0 + 158, y(60)))
    assert zones[100]["label"] == "zone 100: estimated HQ100 (calibrated on the official zones)"
    assert zones[100]["threshold_m"] is None or str(zones[100]["threshold_m"]) == "NULL"
    assert "WHG §78a binds designated flood zones only" in zones[100]["note"]
    table = {f["class"]: f for f in output_layer(result, context, "OUTPUT_CALIBRATION").getFeatures()}
    assert list(table) == ["bach", "all classes"]
    row = table["bach"]
    assert row["threshold_m"] == pytest.approx(0.95) and row["fitted_on"] == "own class"
    assert (row["hit_rate"], row["false_alarm_ratio"], row["csi"]) == (1.0, 0.0, 1.0)
    # official and estimated: the 15 columns of the official zone, each 60 cells of 1 m²
    assert row["official_m2"] == pytest.approx(900.0) and row["estimated_m2"] == pytest.approx(900.0)
    assert row["calibrated_m2"] == pytest.approx(900.0)
    assert json.loads(result["ZONE_AREAS"])["100"] == pytest.approx(900.0)


def test_without_official_zones_the_fit_table_is_empty(alg, tmp_path):
    result, context = run({"RIVERS": river_layer(), "DEM": dem_file(tmp_path), "OUTPUT_CALIBRATION": "memory:"})
    assert output_layer(result, context, "OUTPUT_CALIBRATION").featureCount() == 0
    assert sorted(zones_by_id(result, context)) == [1, 2, 3]


# --------------------------------------------------------------------------- flow path and terrain flags

def ridge_values():
    """River A at column 10 (bed 100 m), the land rising 0.1 m per column to a ridge of 104 m at column
    50, falling 0.05 m per column to river B at column 60 (bed 103.5 m), then rising again; 30 rows."""
    c = np.arange(81, dtype=float)
    row = np.where(c <= 50, 100 + 0.1 * np.abs(c - 10), np.where(c <= 60, 104 - 0.05 * (c - 50),
                                                                  103.5 + 0.1 * (c - 60)))
    return np.repeat(row[None, :], 30, axis=0)


def test_the_flow_path_measures_the_far_slope_above_its_own_river(alg, tmp_path):
    # column 45 is 15 columns from B and 35 from A, but its water runs west to A: above the nearest river
    # cell (B) it is 103.5 - 103.5 = 0 m, along its flow path 103.5 - 100 = 3.5 m; column 55 drains to B
    # (0.25 m either way)
    lines = [f"LINESTRING({X0 + c + 0.5} {Y0 - 0.5}, {X0 + c + 0.5} {Y0 - 29.5})" for c in (10, 60)]
    rivers = memory_layer("LineString", "EPSG:25833", [], [(w, {}) for w in lines])
    heights = {}
    for reference in (0, 1):
        path = str(tmp_path / f"height_{reference}.tif")
        run({"RIVERS": rivers, "DEM": dem_file(tmp_path, ridge_values(), name=f"ridge_{reference}.tif"),
             "HEIGHT_REFERENCE": reference, "OUTPUT_HEIGHT": path})
        heights[reference] = read_tif(path)
    assert heights[0][15, 45] == pytest.approx(0.0, abs=1e-5)
    assert heights[1][15, 45] == pytest.approx(3.5, abs=1e-5)
    assert heights[0][15, 55] == pytest.approx(0.25, abs=1e-5) and heights[1][15, 55] == pytest.approx(0.25, abs=1e-5)


def test_a_flat_plain_is_flagged_and_a_valley_is_not(alg, tmp_path):
    # the valley rises 0.13 m per metre: 6.5 m within MAX_DISTANCE, more than the highest threshold 3 m;
    # the plain rises 0.01 m per metre: 0.5 m, so every cell with a height is flagged as low relief
    d = np.abs(np.arange(COLS) - RIVER_COL).astype(float)
    plain = np.repeat((100.0 + 0.01 * d)[None, :], ROWS, axis=0)
    for values, flagged in ((valley_values(), False), (plain, True)):
        result, context = run({"RIVERS": river_layer(), "DEM": dem_file(tmp_path, values, name=f"dem_{flagged}.tif"),
                               "OUTPUT_FLAGS": "memory:"})
        flags = list(output_layer(result, context, "OUTPUT_FLAGS").getFeatures())
        zones = zones_by_id(result, context)
        if not flagged:
            assert flags == [] and all(z["flagged_m2"] == 0 for z in zones.values())
            continue
        assert [f["flag"] for f in flags] == [1] and "low relief" in flags[0]["reason"]
        assert flags[0]["area_m2"] == pytest.approx(ROWS * COLS)   # every cell is within MAX_DISTANCE
        assert all(z["flagged_m2"] == pytest.approx(z["area_m2"]) for z in zones.values())
