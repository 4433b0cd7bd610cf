"""The flood-zone height fitted on the official zones: cases whose best threshold is known in advance.

The valleys: cells of 1 m, 60 rows, rivers straight north to south down the centre of a column
(x = col + 0.5), DEM = 100 + S × (distance in columns to the nearest river), S = 0.13 m/m, so a
cell d columns from its river is 0.13·d m above it. An official zone that holds the cells up to
d columns (height 0.13·d) is reproduced exactly (CSI = 1) by every threshold t with
0.13·d <= t < 0.13·(d + 1); the fit takes the smallest multiple of STEP_M = 0.05 m in that range.
"""
import math

import numpy as np
import pytest
from shapely.geometry import LineString, Point, box

from wertvoll.kernels.flood import FloodLayers, FloodOptions, flood_zones, rasterize_rivers
from wertvoll.kernels.flood_calibration import (
    MIN_OFFICIAL_CELLS,
    STEP_M,
    fit_thresholds,
    height_bins,
    strahler_orders,
)
from wertvoll.kernels.grid import Grid
from wertvoll.kinds import CALIBRATED_ZONE

S = 0.13
ROWS = 60


def valleys(river_cols, cols):
    """The DEM of V-valleys around the rivers in *river_cols* (see the module docstring)."""
    d = np.min(np.abs(np.arange(cols)[None, :] - np.asarray(river_cols)[:, None]), axis=0).astype(float)
    return Grid(np.repeat((100.0 + S * d)[None, :], ROWS, axis=0), 0.0, float(ROWS), 1.0, 1.0)


def river(col):
    return LineString([(col + 0.5, ROWS - 0.5), (col + 0.5, 0.5)])


def band(col, half):
    """The official zone holding the cells up to *half* columns from the river in *col*."""
    return box(col - half, 0, col + half + 1, ROWS)


def smallest_step_at_or_above(height):
    return math.ceil(round(height / STEP_M, 9)) * STEP_M


def run(river_cols, cols, official, classes=None, **options):
    return flood_zones(valleys(river_cols, cols), np.array([river(c) for c in river_cols], dtype=object),
                       FloodOptions((1.0, 2.0, 3.0), **options),
                       FloodLayers(floodplain=np.array(official, dtype=object), river_classes=classes))


def test_the_fitted_threshold_is_the_height_of_the_official_zone():
    # official = heights up to 0.13 * 11 = 1.43 m: perfect for 1.43 <= t < 1.56 -> 1.45 m
    result = run([50], 101, [band(50, 11)])
    table = result.calibration
    expected = smallest_step_at_or_above(S * 11)
    assert expected == pytest.approx(1.45)
    for row in table.itertuples():  # the river's class (Strahler 1) and all classes
        assert row.threshold_m == pytest.approx(expected)
        assert (row.hit_rate, row.false_alarm_ratio, row.csi) == (1.0, 0.0, 1.0)
        assert row.official_m2 == pytest.approx(23 * ROWS) and row.estimated_m2 == pytest.approx(23 * ROWS)
    assert list(table["class"]) == ["1", ""]
    # the only river has an official zone: nothing to carry the threshold to
    assert CALIBRATED_ZONE not in set(result.zones["zone"])
    assert table["calibrated_m2"].sum() == 0


def test_two_classes_fit_their_own_thresholds_and_carry_them_to_a_river_without_zone():
    # rivers at 50 (class A, official up to 7 columns = 0.91 m), 150 (B, up to 15 columns = 1.95 m) and
    # 250 (A, no official zone): A fits 0.95 m, B 1.95 m; river 250 gets A's 0.95 m = 7 columns each side
    result = run([50, 150, 250], 301, [band(50, 7), band(150, 15)], classes=["A", "B", "A"])
    table = result.calibration.set_index("class")
    assert table.loc["A", "threshold_m"] == pytest.approx(smallest_step_at_or_above(S * 7))
    assert table.loc["B", "threshold_m"] == pytest.approx(smallest_step_at_or_above(S * 15))
    assert list(table["fitted_on"]) == ["own class", "own class", "all classes"]
    assert (table.loc[["A", "B"], "csi"] == 1.0).all()
    zones = dict(zip(result.zones["zone"], result.geometries))
    assert zones[CALIBRATED_ZONE].equals(box(243, 0, 258, ROWS))
    assert table.loc["A", "calibrated_m2"] == pytest.approx(15 * ROWS)
    assert table.loc["B", "calibrated_m2"] == 0
    assert result.zone_areas[CALIBRATED_ZONE] == pytest.approx(15 * ROWS)
    row = result.zones.set_index("zone").loc[CALIBRATED_ZONE]
    assert row["outside_official_m2"] == pytest.approx(15 * ROWS)   # no official zone along river 250
    # all classes together, by hand per column band of 60 cells: at t = 1.95 m every official cell
    # (15 + 31 columns) is hit, valley A has 31 - 15 = 16 false columns: CSI = 46 / 62; lower t
    # miss more (t = 1.45: 38 / 54), higher ones add false alarms (t = 2.1: 46 / 66)
    assert table.loc["", "threshold_m"] == pytest.approx(1.95)
    assert table.loc["", "csi"] == pytest.approx(46 / 62)


def test_a_class_with_too_few_official_cells_takes_the_fit_over_all_classes():
    # river B's official zone is one row of 3 cells, fewer than MIN_OFFICIAL_CELLS
    assert 3 < MIN_OFFICIAL_CELLS
    result = run([50, 150], 201, [band(50, 7), box(149, 30, 152, 31)], classes=["A", "B"])
    table = result.calibration.set_index("class")
    assert table.loc["B", "fitted_on"] == "all classes"
    assert table.loc["B", "threshold_m"] == pytest.approx(table.loc["", "threshold_m"])


def test_official_zones_off_the_rivers_give_a_warning_and_no_calibrated_zone():
    result = run([50], 101, [box(0, 0, 5, 5)])
    assert result.calibration is None
    assert CALIBRATED_ZONE not in set(result.zones["zone"])
    assert any("could be fitted" in w[0] for w in result.warnings)


def test_calibrate_off_keeps_only_the_threshold_zones():
    result = run([50, 150], 201, [band(50, 7)], classes=["A", "A"], calibrate=False)
    assert result.calibration is None
    assert list(result.zones["zone"]) == [0, 1, 2, 3]


def test_the_fit_maximises_csi_and_takes_the_smallest_of_equal_ones():
    # heights 0.02 (official), 0.07 (official), 0.12 (not), 0.17 (official): bins 1, 2, 3, 4
    bins = height_bins(np.array([0.02, 0.07, 0.12, 0.17, np.nan]))
    assert list(bins[:4]) == [1, 2, 3, 4]
    official = np.array([True, True, False, True])
    fit = fit_thresholds(bins[:4], official, np.zeros(4, dtype=np.int64), 1)
    # k = 2: hits 2, misses 1, false 0 -> 2/3; k = 4: hits 3, false 1 -> 3/4 (best); k = 1: 1/3
    assert fit.bins[0] == 4 and fit.pooled == 4
    # a tie: two official cells at bins 1 and 3, one other at bin 2: k = 1 -> 1/2, k = 3 -> 2/3
    fit = fit_thresholds(np.array([1, 2, 3]), np.array([True, False, True]), np.zeros(3, dtype=np.int64), 1)
    assert fit.pooled == 3
    # no official cell: no fit
    assert fit_thresholds(np.array([1, 2]), np.array([False, False]), np.zeros(2, dtype=np.int64), 1) is None


def test_strahler_orders_by_hand():
    # 0 and 1 are sources joining into 2 (order 2); 3 is a source joining 4 below 2 (stays 2);
    # 5 and 6 (order 1 each) join into 7, which meets 4 in 8: two lines of order 2 -> 3
    up = [0, 1, 2, 3, 5, 6, 4, 7]
    down = [2, 2, 4, 4, 7, 7, 8, 8]
    assert list(strahler_orders(9, up, down)) == [1, 1, 2, 1, 2, 1, 1, 2, 3]


def test_river_cells_take_the_highest_class_of_their_lines():
    grid = Grid(np.zeros((11, 11)), 0.0, 11.0, 1.0, 1.0)
    a = LineString([(0.5, 10.5), (5.5, 5.5)])
    b = LineString([(10.5, 10.5), (5.5, 5.5)])
    c = LineString([(5.5, 5.5), (5.5, 0.5)])
    cells = rasterize_rivers(grid, np.array([a, b, c], dtype=object), smooth=False, classes="strahler")
    assert cells.class_names == ("1", "2")
    code = dict(zip(cells.flat.tolist(), cells.classes.tolist()))
    assert code[5 * 11 + 5] == 1                # the junction cell: c (order 2) wins
    assert code[0 * 11 + 0] == 0 and code[10 * 11 + 5] == 1


def test_points_in_the_calibrated_zone_are_counted_by_its_polygon():
    points = np.array([Point(250.5, 30.5), Point(258.5, 30.5)], dtype=object)
    result = flood_zones(valleys([50, 250], 301), np.array([river(50), river(250)], dtype=object),
                         FloodOptions((1.0,)),
                         FloodLayers(floodplain=np.array([band(50, 7)], dtype=object), exposure=points))
    counted = result.exposure.set_index("zone")["count"]
    assert counted[CALIBRATED_ZONE] == 1        # the point 8 columns off the river is outside
