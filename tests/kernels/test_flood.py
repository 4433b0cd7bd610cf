"""Flood-risk zone kernel: analytic cases worked out by hand.

The test valley (unless a test says otherwise): cells of 1 m, 101 columns x 60 rows,
upper-left corner (0, 60). The river runs down the centre of column 50 (x = 50.5)
from north (y = 59.5, upstream) to south (y = 0.5), so the cell d columns east or
west of the river lies d metres from it. The valley sides rise with slope
S = 0.13 m/m: DEM = bed + S * d. With thresholds 1, 2, 3 m a cell is in zone 1 when
S * d <= 1, i.e. d <= 1 / 0.13 = 7.69 -> d = 0..7; zone 2 for 1 < S * d <= 2 ->
d = 8..15 (2 / 0.13 = 15.38); zone 3 for d = 16..23 (3 / 0.13 = 23.08). The zone
half-width threshold / S therefore lies within one cell of the outer edge of the
zone's last cell (d + 0.5 m from the river axis). Per row: zone 1 = 15 cells (river
+ 7 each side), zones 2 and 3 = 16 cells each.
"""
import json
import math

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, MultiLineString, Point, box

from wertvoll.kernels import flood
from wertvoll.kernels.errors import Cancelled, KernelError
from wertvoll.kernels.flood import (FloodLayers, FloodOptions, flood_zones, parse_thresholds,
                                    polygonize_zones, rasterize_rivers)
from wertvoll.kernels.grid import Grid

S = 0.13
ROWS, COLS, RIVER_COL = 60, 101, 50
THRESHOLDS = (1.0, 2.0, 3.0)
HALF_CELLS = (7, 15, 23)  # last d of zone 1, 2, 3 (floor(t / S))


def valley(bed=None, rows=ROWS, cols=COLS, slope=S):
    """DEM of a V-shaped valley along column RIVER_COL; *bed*: level per row (default 100)."""
    d = np.abs(np.arange(cols) - RIVER_COL).astype(float)
    bed = np.full(rows, 100.0) if bed is None else np.asarray(bed, dtype=float)
    return Grid(bed[:, None] + slope * d[None, :], 0.0, float(rows), 1.0, 1.0)


def river(y_top=ROWS - 0.5, y_bottom=0.5):
    return np.array([LineString([(RIVER_COL + 0.5, y_top), (RIVER_COL + 0.5, y_bottom)])], dtype=object)


def zone_of_row(result, row):
    return result.zone_grid.values[row]


def expected_row():
    """Zone per column of one valley row (0 = none), from the analysis above."""
    d = np.abs(np.arange(COLS) - RIVER_COL)
    zone = np.zeros(COLS, dtype=np.uint8)
    zone[d <= 23] = 3
    zone[d <= 15] = 2
    zone[d <= 7] = 1
    return zone


# --------------------------------------------------------------------------- thresholds

@pytest.mark.parametrize("text, expected", [
    ("1,2,3", (1.0, 2.0, 3.0)),
    (" 0.5, 1 ,2,4 ", (0.5, 1.0, 2.0, 4.0)),
    ("0,5;1;2", (0.5, 1.0, 2.0)),     # German decimal comma with semicolons
    ("2.5", (2.5,)),
])
def test_parse_thresholds(text, expected):
    assert parse_thresholds(text) == expected


@pytest.mark.parametrize("text, fragment", [
    ("", "empty"), ("1,a,3", "'a' is not a number"), ("1,-2", "not a height greater than 0"),
    ("0,1", "not a height greater than 0"), ("2,1", "must increase"), ("1,1", "must increase"),
    ("1,2,", "'' is not a number"),
])
def test_bad_thresholds_are_clear_errors(text, fragment):
    with pytest.raises(KernelError, match=fragment):
        parse_thresholds(text)


# --------------------------------------------------------------------------- analytic valleys

def test_v_valley_half_width_is_threshold_over_slope():
    result = flood_zones(valley(), river(), FloodOptions(THRESHOLDS, max_distance=1000))
    for row in (0, 30, ROWS - 1):
        np.testing.assert_array_equal(zone_of_row(result, row), expected_row())
    zones = result.zone_grid.values
    for k, t in enumerate(THRESHOLDS, start=1):
        east = np.flatnonzero(zones[30] == k).max() - RIVER_COL + 0.5   # outer edge of the last cell
        west = RIVER_COL + 0.5 - np.flatnonzero(zones[30] == k).min()
        assert abs(east - t / S) <= 1.0 and abs(west - t / S) <= 1.0
    # areas: cells x 1 m²
    assert result.zone_areas == pytest.approx({1: 15 * ROWS, 2: 16 * ROWS, 3: 16 * ROWS})
    assert list(result.zones["zone"]) == [1, 2, 3]
    assert list(result.zones["threshold_m"]) == [1.0, 2.0, 3.0]
    assert list(result.zones["area_m2"]) == pytest.approx([900.0, 960.0, 960.0])
    assert all(shapely.is_valid(result.geometries))
    assert shapely.get_type_id(result.geometries).tolist() == [6, 6, 6]
    # zone 1 is one strip 15 m wide: x 43..58, y 0..60
    assert shapely.equals(result.geometries[0], box(43, 0, 58, 60))
    # exclusive rings: no overlap between the zones
    assert shapely.area(shapely.intersection(result.geometries[0], result.geometries[1])) == 0
    assert result.warnings == []


def test_relative_height_is_dem_minus_level():
    bed = 100.0 - 0.02 * np.arange(ROWS)  # falls 2 cm per row downstream
    result = flood_zones(valley(bed), river(), FloodOptions(THRESHOLDS, max_distance=1000))
    h = result.height.values
    assert h.dtype == np.float32
    assert h[10, RIVER_COL] == pytest.approx(0.0, abs=1e-5)
    assert h[10, RIVER_COL + 5] == pytest.approx(5 * S, abs=1e-5)
    assert h[40, RIVER_COL - 30] == pytest.approx(30 * S, abs=1e-5)
    assert h[59, 0] == pytest.approx(50 * S, abs=1e-5)


def test_sloping_valley_floor_gives_zones_along_the_river_not_a_lake():
    # the bed falls 0.1 m per row: 6 m over the reach, twice the highest threshold. One water
    # level for the whole valley (a lake at the lowest point) would flood the whole lower end.
    bed = 110.0 - 0.1 * np.arange(ROWS)
    result = flood_zones(valley(bed), river(), FloodOptions(THRESHOLDS, max_distance=1000))
    for row in (0, 20, 40, ROWS - 1):
        np.testing.assert_array_equal(zone_of_row(result, row), expected_row())
    assert result.zone_areas[1] == pytest.approx(15 * ROWS)


def test_plain_behind_a_ridge_higher_than_the_threshold_stays_out():
    # flat land at 100 m with the river in column 5; a ridge (105 m, higher than 3 m) in column
    # 15; behind it a plain at 99.5 m - lower than the river, but cut off by the ridge.
    dem = np.full((30, 40), 100.0)
    dem[:, 15] = 105.0
    dem[:, 16:] = 99.5
    grid = Grid(dem, 0.0, 30.0, 1.0, 1.0)
    line = np.array([LineString([(5.5, 29.5), (5.5, 0.5)])], dtype=object)
    result = flood_zones(grid, line, FloodOptions(THRESHOLDS, max_distance=1000))
    zones = result.zone_grid.values
    assert (zones[:, :15] == 1).all()
    assert (zones[:, 15:] == 0).all()
    assert result.zone_areas == pytest.approx({1: 15 * 30, 2: 0.0, 3: 0.0})
    # the plain has its relative height all the same (-0.5 m): only connectivity keeps it out
    assert result.height.values[10, 30] == pytest.approx(-0.5)
    # a gap in the ridge (one cell at 100 m) connects the plain: zone 1 behind the ridge
    dem[12, 15] = 100.0
    result = flood_zones(Grid(dem, 0.0, 30.0, 1.0, 1.0), line, FloodOptions(THRESHOLDS, max_distance=1000))
    zones = result.zone_grid.values
    assert (zones[:, 16:] == 1).all() and zones[12, 15] == 1 and zones[0, 15] == 0
    assert result.zone_areas[1] == pytest.approx(30 * 39 + 1)


def test_a_ridge_counts_only_in_steps_above_its_height():
    # ridge at 102.5 m: higher than thresholds 1 and 2, not than 3 -> the plain is zone 3
    dem = np.full((20, 30), 100.0)
    dem[:, 10] = 102.5
    line = np.array([LineString([(3.5, 19.5), (3.5, 0.5)])], dtype=object)
    result = flood_zones(Grid(dem, 0.0, 20.0, 1.0, 1.0), line, FloodOptions(THRESHOLDS, max_distance=1000))
    zones = result.zone_grid.values
    assert (zones[:, :10] == 1).all() and (zones[:, 10:] == 3).all()


def test_diagonal_gap_connects_eight_neighbourhood():
    # a ridge of single cells stepping diagonally leaves diagonal gaps: 8-connected cells pass
    dem = np.full((20, 40), 100.0)
    for row in range(20):
        dem[row, 10 + row] = 110.0
    line = np.array([LineString([(2.5, 19.5), (2.5, 0.5)])], dtype=object)
    result = flood_zones(Grid(dem, 0.0, 20.0, 1.0, 1.0), line, FloodOptions((1.0,), max_distance=1000))
    assert result.zone_grid.values[0, 39] == 1  # behind the diagonal ridge


def test_max_distance_and_non_square_cells():
    # river along a row (west -> east), cells 1 m wide and 2 m high, flat land:
    # every cell qualifies by height; MAX_DISTANCE 5 m keeps rows d with 2 d <= 5 -> d <= 2
    rows, cols = 21, 30
    dem = Grid(np.full((rows, cols), 50.0), 0.0, 2.0 * rows, 1.0, 2.0)
    line = np.array([LineString([(0.5, 21.0), (29.5, 21.0)])], dtype=object)  # centre of row 10
    result = flood_zones(dem, line, FloodOptions(THRESHOLDS, max_distance=5.0))
    zones = result.zone_grid.values
    assert (zones[8:13] == 1).all()
    assert (zones[:8] == 0).all() and (zones[13:] == 0).all()
    assert np.isnan(result.height.values[7]).all() and np.isfinite(result.height.values[8]).all()
    assert result.zone_areas[1] == pytest.approx(5 * cols * 2.0)


def samples_weights(rows):
    """Weights of the cell samples of a line from the centre of row 0 to the centre of row
    rows - 1 of a 1 m grid: vertices every 0.5 m, each standing for half of each adjacent
    segment (0.25 m at the ends, 0.5 m inside); a vertex on a cell edge belongs to the cell
    below it, so row 0 has one vertex (0.25), the last row two (0.5 + 0.25), the rest two (1)."""
    w = np.ones(rows)
    w[0], w[-1] = 0.25, 0.75
    return w


def test_smooth_level_does_not_let_a_bridge_block_the_water():
    # bed falls 0.01 m per row; a bridge deck raises the river cells of rows 30-32 by 4 m.
    # The river is split into two lines at row 31: the fit runs across the network (one chain).
    # By hand (pool adjacent violators, lower weighted median, weight 1 per row): row 30 pools
    # with 29 (median 99.71), row 31 pools with 29-30 (median 103.69 > bed(28)) and then with
    # 28 (median 99.72), row 32 likewise with 27: the block rows 27-32 gets bed(27) = 99.73.
    # A bridge of 3 rows pools with 3 rows upstream of it; downstream of it the level is the bed.
    bed = 100.0 - 0.01 * np.arange(ROWS)
    grid = valley(bed)
    grid.values[30:33, RIVER_COL] += 4.0
    x = RIVER_COL + 0.5
    lines = np.array([LineString([(x, 59.5), (x, 60 - 31.5)]), LineString([(x, 60 - 31.5), (x, 0.5)])],
                     dtype=object)
    smooth = flood_zones(grid, lines, FloodOptions(THRESHOLDS, max_distance=1000, smooth=True))
    h = smooth.height.values
    assert h[32, RIVER_COL] == pytest.approx(4.0 + bed[32] - bed[27], abs=1e-5)
    assert h[27, RIVER_COL] == pytest.approx(0.0, abs=1e-5)
    assert h[33, RIVER_COL] == pytest.approx(0.0, abs=1e-5) and h[26, RIVER_COL] == pytest.approx(0.0, abs=1e-5)
    # lateral cells of row 32: height = S d - (bed(27) - bed(32)) = S d - 0.05 -> zone 1: d <= 1.05 / S = 8.08
    assert h[32, RIVER_COL + 7] == pytest.approx(7 * S - 0.05, abs=1e-5)
    row32 = expected_row()
    row32[np.abs(np.arange(COLS) - RIVER_COL) == 8] = 1
    np.testing.assert_array_equal(zone_of_row(smooth, 32), row32)
    for row in (20, 26, 33, 40):
        np.testing.assert_array_equal(zone_of_row(smooth, row), expected_row())
    # raw levels: the bridge cell's level is 4 m too high, so its row floods far to the sides:
    # height = S d - 4 <= 1 -> d <= 5 / 0.13 = 38.5 -> 38 cells each side
    raw = flood_zones(grid, lines, FloodOptions(THRESHOLDS, max_distance=1000, smooth=False))
    assert raw.height.values[32, RIVER_COL] == pytest.approx(0.0, abs=1e-6)
    row = zone_of_row(raw, 32)
    assert np.flatnonzero(row == 1).max() == RIVER_COL + 38
    np.testing.assert_array_equal(zone_of_row(raw, 20), expected_row())


def test_network_fit_across_lines_and_the_backwater_bound():
    # 1 x 8 strip; line A cells 0-3, then B cells 3-7 (starts in A's end cell): one chain.
    # Cell samples (weights 0.25, 1, 1, 1, 1, 1, 1, 0.75) by hand with pool adjacent violators:
    # 10 | 9 | 9.5 pools with 9 -> lower median 9 | 12 pools -> {9, 9.5, 12} median 9.5 |
    # 11 pools -> {9, 9.5, 11, 12} median 9.5 | 8 | 8.5 pools with 8 -> 8 | 7.
    values = np.array([[10.0, 9.0, 9.5, 12.0, 11.0, 8.0, 8.5, 7.0]])
    grid = Grid(values, 0.0, 1.0, 1.0, 1.0)
    a = LineString([(0.5, 0.5), (3.5, 0.5)])
    b = LineString([(3.5, 0.5), (7.5, 0.5)])
    flat, level, info = rasterize_rivers(grid, np.array([a, b], dtype=object), smooth=True)[:3]
    np.testing.assert_array_equal(flat, np.arange(8))
    np.testing.assert_allclose(level, [10, 9.5, 9.5, 9.5, 9.5, 8, 8, 7])
    assert info["lines_rising"] == 1                   # A: 10 m at its start, 12 m at its end
    flat, level, _ = rasterize_rivers(grid, np.array([a, b], dtype=object), smooth=False)[:3]
    np.testing.assert_allclose(level, values[0])
    # a tributary T from cell (1, 1) at 5.5 m diagonally into cell (0, 2) of the main line M
    # (row 0: 10 .. 3 m, falling by 1 m per cell; M = two lines split at cell 2). M is the
    # longer path (2 + 5 m against 1.41 + 5 m): fitted first, its level at the junction is 8 m;
    # T flows into it, so T's level is kept at or above 8 m (the water backs up into the
    # tributary), although its DEM is 5.5 m.
    values = np.array([[10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0],
                       [6.0, 5.5, 5.0, 20.0, 20.0, 20.0, 20.0, 20.0]])
    grid = Grid(values, 0.0, 2.0, 1.0, 1.0)
    main = LineString([(0.5, 1.5), (2.5, 1.5)])
    main2 = LineString([(2.5, 1.5), (7.5, 1.5)])
    trib = LineString([(1.5, 0.5), (2.5, 1.5)])
    flat, level, _ = rasterize_rivers(grid, np.array([main, main2, trib], dtype=object), smooth=True)[:3]
    by_cell = dict(zip(flat.tolist(), level.tolist()))
    assert [by_cell[c] for c in range(8)] == [10, 9, 8, 7, 6, 5, 4, 3]   # M monotone: fit = DEM
    assert by_cell[9] == 8.0 and 8 not in by_cell                        # T lifted to M's 8 m


def test_rising_lines_are_reported():
    values = np.array([[100.0, 101.0, 102.0, 103.0]])
    grid = Grid(values, 0.0, 1.0, 1.0, 1.0)
    up = np.array([LineString([(0.5, 0.5), (3.5, 0.5)])], dtype=object)  # digitised uphill
    result = flood_zones(grid, up, FloodOptions(THRESHOLDS, max_distance=100))
    assert any("digitised upstream" in t and p["count"] == 1 for t, p in result.warnings)


def test_dem_nodata_hole_stays_out_and_is_bypassed():
    grid = valley()
    grid.values[20:26, 52:57] = np.nan          # hole east of the river, inside zone 1 (d = 2..6)
    grid.values[40:42, RIVER_COL] = np.nan      # the river runs through nodata in rows 40-41
    result = flood_zones(grid, river(), FloodOptions(THRESHOLDS, max_distance=1000))
    zones = result.zone_grid.values
    assert (zones[20:26, 52:57] == 0).all()
    assert np.isnan(result.height.values[20:26, 52:57]).all()
    assert (zones[20:26, 57] == 1).all()        # d = 7 behind the hole: reached around it
    assert (zones[40:42, RIVER_COL] == 0).all()
    # rows 40-41 still have zones: cells take the level of the river cells above/below
    assert zones[40, RIVER_COL + 3] == 1
    assert result.zone_areas[1] == pytest.approx(15 * ROWS - 30 - 2)
    # an area enclosed by nodata is cut off
    grid = valley()
    grid.values[5:15, 55] = np.nan
    grid.values[5:15, 60] = np.nan
    grid.values[5, 55:61] = np.nan
    grid.values[14, 55:61] = np.nan
    result = flood_zones(grid, river(), FloodOptions(THRESHOLDS, max_distance=1000))
    assert (result.zone_grid.values[6:14, 56:60] == 0).all()
    assert result.zone_grid.values[20, 57] == 1 and result.zone_grid.values[20, 60] == 2


def test_river_partly_outside_the_dem_is_clipped_with_a_warning():
    inside_only = flood_zones(valley(), river(), FloodOptions(THRESHOLDS, max_distance=1000))
    longer = np.array([LineString([(RIVER_COL + 0.5, 90.0), (RIVER_COL + 0.5, -40.0)]),
                       LineString([(500.0, 500.0), (600.0, 600.0)])], dtype=object)
    result = flood_zones(valley(), longer, FloodOptions(THRESHOLDS, max_distance=1000))
    np.testing.assert_array_equal(result.zone_grid.values, inside_only.zone_grid.values)
    assert result.stats["lines_partly_outside"] == 1 and result.stats["lines_outside"] == 1
    (template, params), = result.warnings
    assert "outside the DEM" in template and params == {"partly": 1, "outside": 1}


def test_multilinestring_and_empty_geometries():
    x = RIVER_COL + 0.5
    lines = np.array([None, shapely.from_wkt("LINESTRING EMPTY"),
                      MultiLineString([[(x, 59.5), (x, 30.2)], [(x, 30.2), (x, 0.5)]])], dtype=object)
    result = flood_zones(valley(), lines, FloodOptions(THRESHOLDS, max_distance=1000))
    np.testing.assert_array_equal(zone_of_row(result, 30), expected_row())


def test_no_river_lines_is_a_clear_error():
    with pytest.raises(KernelError, match="river layer has no lines"):
        flood_zones(valley(), np.array([], dtype=object), FloodOptions(THRESHOLDS))
    with pytest.raises(KernelError, match="river layer has no lines"):
        flood_zones(valley(), np.array([None], dtype=object), FloodOptions(THRESHOLDS))
    far = np.array([LineString([(500.0, 500.0), (600.0, 600.0)])], dtype=object)
    with pytest.raises(KernelError, match="crosses a DEM cell with data"):
        flood_zones(valley(), far, FloodOptions(THRESHOLDS))


def test_bad_parameters():
    with pytest.raises(KernelError, match="must increase"):
        flood_zones(valley(), river(), FloodOptions((2.0, 1.0)))
    with pytest.raises(KernelError, match="MAX_DISTANCE"):
        flood_zones(valley(), river(), FloodOptions(THRESHOLDS, max_distance=0))


def test_official_zone_is_the_union_as_zone_0():
    official = np.array([box(40, 10, 60, 30), box(50, 20, 70, 40), None], dtype=object)
    # calibrate=False: the threshold zones only (the calibrated zone: tests/kernels/test_flood_calibration.py)
    result = flood_zones(valley(), river(), FloodOptions(THRESHOLDS, max_distance=1000, calibrate=False),
                         FloodLayers(floodplain=official))
    assert result.zone_areas[0] == pytest.approx(400 + 400 - 100)
    assert list(result.zones["zone"]) == [0, 1, 2, 3]
    assert math.isnan(result.zones["threshold_m"][0])
    assert shapely.equals(result.geometries[0], shapely.union(box(40, 10, 60, 30), box(50, 20, 70, 40)))
    # zone 0 overlaps the estimated zones; those keep their own areas
    assert result.zone_areas[1] == pytest.approx(15 * ROWS)
    # and say how much lies outside zone 0, by hand: zone 1 = x 43..58 over all rows; inside the
    # official boxes: x 43..58 * y 10..30 = 300, plus x 50..58 * y 30..40 = 80 -> 900 - 380.
    # Zone 2 = x 35..43 and 58..66: x 40..43 * 20 = 60 left; right x 58..60 * y 10..30 = 40 and
    # x 58..66 * y 20..40 = 160 sharing x 58..60 * y 20..30 = 20 -> 960 - 240.
    outside = dict(zip(result.zones["zone"], result.zones["outside_official_m2"]))
    assert math.isnan(outside[0])
    assert outside[1] == pytest.approx(900 - 380)
    assert outside[2] == pytest.approx(960 - 240)
    assert outside[3] == pytest.approx(960 - 4 * 20)  # x 27..35 and 66..74: box 2 reaches x 66..70, y 20..40


def test_exposure_table_sums_and_counts():
    official = np.array([box(40, 10, 60, 30)], dtype=object)
    exposure = np.array([
        box(-10, -10, 200, 200),            # class A: covers everything
        box(0, 0, 50, 60),                  # class B: west of the river cell (x < 50)
        box(50, 0, 51, 60),                 # class B: the river cell column
        box(95, 0, 100, 60),                # class C: far east, in no zone (d >= 45)
        Point(50.5, 25.3),                  # point P1: river cell -> zone 1, inside official
        Point(60.2, 30.3),                  # point P2: d = 10 -> zone 2, outside official
        Point(90.0, 10.0),                  # point P3: d = 40 -> no zone
        LineString([(0, 0), (1, 1)]),       # ignored with a warning
    ], dtype=object)
    classes = ["A", "B", "B", "C", "P", "P", "P", "L"]
    result = flood_zones(valley(), river(), FloodOptions(THRESHOLDS, max_distance=1000),
                         FloodLayers(floodplain=official, exposure=exposure, exposure_classes=classes))
    table = result.exposure
    assert list(table.columns) == ["zone", "class", "area_m2", "count"]
    rows = {(z, c): (a, n) for z, c, a, n in table.itertuples(index=False)}
    for zone in (0, 1, 2, 3):  # the class covering everything sums to the zone area
        assert rows[(zone, "A")] == (pytest.approx(result.zone_areas[zone]), 1)
    # B: zone 1 west cells d = 1..7 plus the river column = 8 x 60; zone 2/3: 8 x 60 each
    assert rows[(1, "B")] == (pytest.approx(8 * ROWS), 2)
    assert rows[(2, "B")] == (pytest.approx(8 * ROWS), 1)
    assert rows[(3, "B")] == (pytest.approx(8 * ROWS), 1)
    # official square x 40..60, y 10..30: B covers x 40..51 -> 11 x 20
    assert rows[(0, "B")] == (pytest.approx(220.0), 2)
    assert not any(c == "C" for _, c in rows)
    assert rows[(1, "P")] == (0.0, 1) and rows[(2, "P")] == (0.0, 1) and rows[(0, "P")] == (0.0, 1)
    assert (3, "P") not in rows
    assert table["zone"].is_monotonic_increasing
    assert any("neither polygons nor points" in t for t, _ in result.warnings)


def test_exposure_touching_only_at_the_edge_does_not_count():
    # zone 1 is x 43..58; a polygon east of it sharing its edge has no area inside
    exposure = np.array([box(58, 0, 59, 60)], dtype=object)
    result = flood_zones(valley(), river(), FloodOptions((1.0,), max_distance=1000),
                         FloodLayers(exposure=exposure, exposure_classes=["E"]))
    assert len(result.exposure) == 0


def test_empty_zones_are_not_written_but_listed():
    # steep valley: slope 5 -> zone 1 = the river cell only (5 > 1), zones 2, 3 empty? d = 1
    # has height 5 > 3: zones 2 and 3 have no cells
    result = flood_zones(valley(slope=5.0), river(), FloodOptions(THRESHOLDS, max_distance=1000))
    assert result.zone_areas == pytest.approx({1: ROWS, 2: 0.0, 3: 0.0})
    assert list(result.zones["zone"]) == [1]
    assert json.dumps({str(k): v for k, v in result.zone_areas.items()})


def test_polygonize_zones_matches_the_cells():
    values = np.array([[0, 1, 1, 2],
                       [1, 1, 0, 2],
                       [0, 2, 2, 2],
                       [1, 0, 0, 1]], dtype=np.uint8)
    geoms, zones = polygonize_zones(values, 10.0, 4.0, 1.0, 1.0)
    assert zones.tolist() == [1, 2]
    assert shapely.area(geoms).tolist() == [6.0, 5.0]
    assert all(shapely.is_valid(geoms))
    # cell (0, 1) = x 11..12, y 3..4 belongs to zone 1; cell (3, 3) too, diagonally apart
    assert shapely.contains(geoms[0], Point(11.5, 3.5)) and shapely.contains(geoms[0], Point(13.5, 0.5))
    assert not shapely.intersects(geoms[0], Point(12.5, 2.5).buffer(0.1))


def test_cancel():
    with pytest.raises(Cancelled):
        flood_zones(valley(), river(), FloodOptions(THRESHOLDS), is_cancelled=lambda: True)


def test_progress_ends_at_100():
    seen = []
    flood_zones(valley(), river(), FloodOptions(THRESHOLDS), progress=seen.append)
    assert seen[-1] == 100 and seen == sorted(seen)


def test_subdivide_keeps_area():
    ring = shapely.buffer(Point(0, 0), 100, quad_segs=256)   # 1,000+ vertices
    pieces, zone = flood._subdivide(np.array([ring], dtype=object), np.array([1]), max_vertices=64)
    assert len(pieces) > 4 and (shapely.get_num_coordinates(pieces) <= 64).all()
    assert shapely.area(pieces).sum() == pytest.approx(shapely.area(ring))


def test_network_with_a_cycle_is_fitted_once_and_deterministic():
    # two lines forming a loop (a braided channel): A ends where B starts and B ends where A
    # starts. No line is a source: the chain starts with the lowest index (A) and follows the
    # loop once (A, then B). Whatever the levels, the result must be finite and the same
    # every time.
    values = np.array([[5.0, 4.0, 6.0, 3.0]])
    grid = Grid(values, 0.0, 1.0, 1.0, 1.0)
    a = LineString([(0.5, 0.5), (1.5, 0.5)])
    b = LineString([(1.5, 0.5), (3.5, 0.5), (0.5, 0.5)])
    lines = np.array([a, b], dtype=object)
    flat, level, _ = rasterize_rivers(grid, lines, smooth=True)[:3]
    again = rasterize_rivers(grid, lines, smooth=True)
    np.testing.assert_array_equal(level, again.levels)
    assert np.isfinite(level).all() and len(flat) == 4


# --------------------------------------------------------------------------- the river level (issue 17)
#
# A pit or a bridge on the river line, 3 x 3 cells (rows 20-22, columns 49-51), in the valley
# above with a bed falling 0.02 m per row. Worked out by hand (pool adjacent violators, weight
# 1 per row, lower weighted median): the pit (rows 20-22, 5 m deep) pools with the rows below
# it until they outweigh it, i.e. with p + 1 = 4 rows (23-26); the block takes the lowest of
# those, bed(26). Below row 26 the level is the bed again. A bridge pools the same way with the
# 3 rows above it (17-19), leaving everything below row 22 untouched.
# Tolerance by geometry: in rows 23-26 the level is at most (26 - 23) x 0.02 = 0.06 m off the
# bed, less than the rise of one cell (S = 0.13 m), so each zone edge moves by at most one cell
# on each side: per row at most 2 cells for the union of zones 1-3 and 4 cells for one zone
# (two edges, two sides); 4 rows -> 8 m² and 16 m². Below row 26 the zones are identical.

FALL = 0.02
PIT_ROWS, PIT_COLS = slice(20, 23), slice(RIVER_COL - 1, RIVER_COL + 2)


def falling_valley(bump=0.0):
    grid = valley(100.0 - FALL * np.arange(ROWS))
    grid.values[PIT_ROWS, PIT_COLS] += bump
    return grid


def zone_cells(result, rows):
    z = result.zone_grid.values[rows]
    return {k: int((z == k).sum()) for k in (1, 2, 3)}


@pytest.mark.parametrize("bump", [-5.0, 5.0], ids=["pit", "bridge"])
def test_a_pit_or_bridge_does_not_move_the_level_downstream(bump):
    options = FloodOptions(THRESHOLDS, max_distance=1000)
    clean = flood_zones(falling_valley(), river(), options)
    disturbed = flood_zones(falling_valley(bump), river(), options)
    below = slice(23, ROWS)      # downstream of the pit / bridge
    a, b = zone_cells(clean, below), zone_cells(disturbed, below)
    assert abs(sum(a.values()) - sum(b.values())) <= 8
    assert all(abs(a[k] - b[k]) <= 16 for k in (1, 2, 3))
    # below the pooled block the level is the bed: identical zones
    np.testing.assert_array_equal(clean.zone_grid.values[27:], disturbed.zone_grid.values[27:])
    np.testing.assert_allclose(disturbed.height.values[27:, RIVER_COL], 0.0, atol=1e-5)
    # the clean valley's downstream zones are the analytic rows (15 + 16 + 16 cells per row)
    assert sum(a.values()) == 47 * (ROWS - 23)
    if bump < 0:  # the pooled block rows 20-26 has the level bed(26)
        level = 100.0 - FALL * 26
        assert disturbed.height.values[24, RIVER_COL] == pytest.approx(100.0 - FALL * 24 - level, abs=1e-5)
    else:         # a bridge leaves all rows below it untouched, the block rows 17-22 has bed(17)
        np.testing.assert_array_equal(clean.zone_grid.values[23:], disturbed.zone_grid.values[23:])
        level = 100.0 - FALL * 17
        assert disturbed.height.values[19, RIVER_COL] == pytest.approx(100.0 - FALL * 19 - level, abs=1e-5)


def test_a_monotone_profile_is_its_own_fit():
    # falling with flat stretches (equal neighbours are no violation): the level is the DEM
    bed = np.repeat(100.0 - 0.3 * np.arange(15), 4)          # 60 rows, steps of 0.3 m every 4 rows
    grid = valley(bed)
    flat, level, _ = rasterize_rivers(grid, river(), smooth=True)[:3]
    np.testing.assert_array_equal(flat, np.arange(ROWS) * COLS + RIVER_COL)
    np.testing.assert_array_equal(level, bed)
    np.testing.assert_array_equal(flood.isotonic_l1(bed, samples_weights(ROWS)), bed)


def _l1_loss(fit, values, weights):
    return float(np.sum(np.asarray(weights) * np.abs(np.asarray(fit) - np.asarray(values))))


def _brute_force_l1(values, weights):
    """The least weighted L1 loss of any non-increasing sequence, by trying them all: an optimal
    L1 isotonic fit exists whose values are data values, so the candidates are every
    non-increasing sequence drawn from the data values."""
    import itertools

    levels = sorted(set(values), reverse=True)
    best = math.inf
    for choice in itertools.combinations_with_replacement(range(len(levels)), len(values)):
        fit = [levels[i] for i in choice]      # indices increase -> values do not increase
        best = min(best, _l1_loss(fit, values, weights))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_isotonic_l1_is_optimal_against_brute_force(seed):
    rng = np.random.default_rng(seed)
    n = 7
    values = (rng.integers(0, 6, n) + 0.5 * rng.integers(0, 2, n)).astype(float).tolist()
    weights = rng.integers(1, 4, n).astype(float).tolist()
    fit = flood.isotonic_l1(values, weights)
    assert (np.diff(fit) <= 0).all()
    assert _l1_loss(fit, values, weights) == pytest.approx(_brute_force_l1(values, weights), abs=1e-9)


def test_isotonic_l1_by_hand():
    # 5 | 3 | 4 pools with 3 -> {3, 4}: lower median 3 | 8 (weight 3) pools: {3, 4, 8x3} total 5,
    # half 2.5 -> 8 > 5 pools with 5: {3, 4, 5, 8x3} total 6, half 3 -> cumulative 1, 2, 3 -> 5
    np.testing.assert_array_equal(flood.isotonic_l1([5, 3, 4, 8], [1, 1, 1, 3]), [5, 5, 5, 5])
    np.testing.assert_array_equal(flood.isotonic_l1([5, 3, 4, 8], [1, 1, 1, 1]), [5, 4, 4, 4])


def test_flow_direction_flags_reverse_lines_digitised_upstream():
    bed = 100.0 - 0.05 * np.arange(ROWS)       # falls 3 m from north to south
    grid = valley(bed)
    down = river()
    up = np.array([shapely.reverse(down[0])], dtype=object)
    expected = flood_zones(grid, down, FloodOptions(THRESHOLDS, max_distance=1000))
    flags, unknown = flood.flow_flags(["false"])
    assert flags.tolist() == [True] and unknown == 0
    turned = flood_zones(grid, up, FloodOptions(THRESHOLDS, max_distance=1000), FloodLayers(against_flow=flags))
    np.testing.assert_array_equal(turned.zone_grid.values, expected.zone_grid.values)
    assert turned.stats["lines_reversed"] == 1 and turned.stats["lines_rising"] == 0
    # without the flag the line rises in digitising direction: warned, and the fit pools it flat
    wrong = flood_zones(grid, up, FloodOptions(THRESHOLDS, max_distance=1000))
    assert wrong.stats["lines_rising"] == 1
    assert not np.array_equal(wrong.zone_grid.values, expected.zone_grid.values)


@pytest.mark.parametrize("value, flag", [
    (True, False), (False, True), ("true", False), ("FALSE", True), ("f", True), (1, False), (0, True),
    ("ja", False), ("nein", True), (None, False), ("", False), ("?", False), (float("nan"), False)])
def test_flow_flags_values(value, flag):
    flags, unknown = flood.flow_flags([value])
    assert flags.tolist() == [flag]
    assert unknown == (value is None or value in ("", "?") or value != value)
