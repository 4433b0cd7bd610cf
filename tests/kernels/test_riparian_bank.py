"""Riparian strips from the top of the bank, exempt waters and the WHG §38a band on farmland only
(issue 17): expected values by geometry, worked out by hand.

Law: WHG §38(2) sentence 2 and SächsWG §24(1), (2) measure the strip from the top of the bank
(Böschungsoberkante); ATKIS/ALKIS waters describe the water surface at mean water level.

The ditch: axis (0,0)-(1000,0), water surface 2 m wide (water line at |y| = 1), the top of the bank
2 m above the water, banks 1:1.5: the bank slope is 2 × 1.5 = 3 m wide, so the top of the bank lies
at |y| = 4, 3 m beyond the water edge on each side.

Away from the ends (100 <= x <= 900, 800 m long):
    0-5 m band from the top of the bank:  4 <= |y| < 9: 2 × 5 × 800 = 8,000 m², all of it landward
                                          of the top of the bank.
    0-5 m band from the water line (the old behaviour): 1 <= |y| < 6, of which only 4 <= |y| < 6 lies
                                          landward of the top of the bank: 2 × 2 × 800 = 3,200 m²,
                                          an effective no-fertiliser width of 2 m instead of 5 m.
Whole bands (round ends, radii from the axis 4, 9 and 14):
    0-5 m:  2·5·1000 + π(9² − 4²)  = 10,000 + 65π  = 10,204.20 m²
    5-10 m: 2·5·1000 + π(14² − 9²) = 10,000 + 115π = 10,361.28 m²
Buffers have 8 segments per quarter circle: the round ends lose < 0.7 % of the half discs, hence
rel=2e-3 on whole bands; the middle parts are exact.
"""
import math
from dataclasses import fields

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, box
from wertvoll.kernels.errors import KernelError
from wertvoll.kernels.grid import Grid
from wertvoll.kernels.riparian import (
    SLOPE_SCOPE_ALL,
    SLOPE_SCOPE_FARMLAND,
    RiparianLayers,
    RiparianOptions,
    Rivers,
    is_farmland,
    riparian_strips,
)

RIVER = LineString([(0, 0), (1000, 0)])
MIDDLE = box(100, -100, 900, 100)
#: land beyond the ditch's top of the bank (|y| >= 4) in the middle part
BEYOND_BANK_TOP = shapely.union(box(100, 4, 900, 100), box(100, -100, 900, -4))
RIVER_FIELDS = {f.name for f in fields(Rivers)}
LAYER_FIELDS = {f.name for f in fields(RiparianLayers)}


def run(rivers, widths, **kw):
    """riparian_strips with the keywords sorted into Rivers, RiparianLayers and RiparianOptions."""
    kw.setdefault("corridor", False)
    attributes = {key: kw.pop(key) for key in RIVER_FIELDS & kw.keys()}
    layers = {key: kw.pop(key) for key in LAYER_FIELDS & kw.keys()}
    return riparian_strips(Rivers(np.array(rivers, dtype=object), channel_width=np.asarray(widths, dtype=float),
                                  **attributes), RiparianLayers(**layers), RiparianOptions(**kw), workers=1)


def band(result, start, slope=False, feature=None):
    table = result.strip_table
    sel = (table["band_from_m"] == start) & (table["slope_band"] == slope)
    if feature is not None:
        sel &= table["feature"] == feature
    idx = np.flatnonzero(sel)
    assert len(idx) == 1, table
    return result.strips[idx[0]], table.iloc[idx[0]]


def area_in(geom, region):
    return float(shapely.area(shapely.intersection(geom, region)))


# --------------------------------------------------------------------------- top of the bank

def test_ditch_strip_starts_three_metres_beyond_the_water_edge():
    result = run([RIVER], [2.0], bank_height=2.0, bank_slope=1.5)
    inner, row = band(result, 0.0)
    assert area_in(inner, MIDDLE) == pytest.approx(8000, rel=1e-9)
    assert area_in(inner, box(100, -4, 900, 4)) == pytest.approx(0, abs=1e-6)   # nothing on the bank slope
    assert area_in(inner, BEYOND_BANK_TOP) == pytest.approx(8000, rel=1e-9)       # effective width 5 m
    assert row["area_m2"] == pytest.approx(10000 + 65 * math.pi, rel=2e-3)
    outer, outer_row = band(result, 5.0)
    assert outer_row["area_m2"] == pytest.approx(10000 + 115 * math.pi, rel=2e-3)
    assert shapely.bounds(outer)[3] == pytest.approx(14.0)
    assert set(result.strip_table["bank_source"]) == {"rule"}
    assert result.stats["bank_sources"] == {"rule": 1} and result.stats["bank_rule_m"] == pytest.approx(3.0)


def test_from_the_water_line_the_no_fertiliser_band_keeps_two_metres():
    """The old behaviour (bank height 0): the band starts at the water line, 3 m of it lie on the bank."""
    result = run([RIVER], [2.0])
    inner, row = band(result, 0.0)
    assert area_in(inner, BEYOND_BANK_TOP) == pytest.approx(3200, rel=1e-9)   # 2 × 2 m × 800 m
    assert row["area_m2"] == pytest.approx(10000 + 35 * math.pi, rel=2e-3)     # radii 1 and 6
    assert row["bank_source"] == "none"


def test_bank_width_field_and_rule_per_feature():
    """River 0: field 3 m (bank top at |y| = 4); river 1 at y = 1000: no value, rule 1 m × 1.5 = 1.5 m."""
    far = LineString([(0, 1000), (1000, 1000)])
    result = run([RIVER, far], [2.0, 2.0], bank_width=[3.0, np.nan], bank_height=1.0, bank_slope=1.5,
                 dissolve=False)
    inner0, row0 = band(result, 0.0, feature=0)
    inner1, row1 = band(result, 0.0, feature=1)
    assert (row0["bank_source"], row1["bank_source"]) == ("field", "rule")
    assert area_in(inner0, box(100, -4, 900, 4)) == pytest.approx(0, abs=1e-6)
    assert area_in(inner0, MIDDLE) == pytest.approx(8000, rel=1e-9)
    # river 1: bank top at 1000 ± 2.5, band 0-5 between 2.5 and 7.5 m from the axis
    assert area_in(inner1, box(100, 997.5, 900, 1002.5)) == pytest.approx(0, abs=1e-6)
    assert area_in(inner1, box(100, 900, 900, 1100)) == pytest.approx(8000, rel=1e-9)
    assert shapely.bounds(inner1)[3] == pytest.approx(1007.5)
    dissolved = run([RIVER, far], [2.0, 2.0], bank_width=[3.0, np.nan], bank_height=1.0, bank_slope=1.5)
    assert set(dissolved.strip_table["bank_source"]) == {"field;rule"}


def test_bank_area_wins_over_the_rule():
    """BANK_AREAS: the ditch with its banks up to y = ±2.5. The rule (3 m, top at ±4) is not used for it.

    Band 0-5 from the rectangle 1020 × 5 (x -10..1010): perimeter P = 2·(1020 + 5) = 2,050,
    buffer(rect, 5) − rect = P·5 + π·5² = 10,250 + 25π. A second river outside keeps the rule.
    """
    far = LineString([(0, 1000), (1000, 1000)])
    result = run([RIVER, far], [2.0, 2.0], bank_height=2.0, bank_slope=1.5,
                 bank_areas=[box(-10, -2.5, 1010, 2.5)])
    assert result.stats["bank_sources"] == {"line": 1, "rule": 1} and result.stats["bank_areas"] == 1
    inner, row = band(result, 0.0)
    assert row["bank_source"] == "line;rule"
    assert area_in(inner, box(100, -2.5, 900, 2.5)) == pytest.approx(0, abs=1e-6)
    assert area_in(inner, MIDDLE) == pytest.approx(8000, rel=1e-9)
    assert area_in(inner, box(100, 7.5, 900, 100)) == pytest.approx(0, abs=1e-6)   # from 2.5, not from 4
    near = area_in(inner, box(-100, -100, 1100, 100))
    assert near == pytest.approx(10250 + 25 * math.pi, rel=2e-3)


def test_river_partly_inside_bank_areas():
    """Bank area only for x <= 500 (top of the bank at y = ±2.5); the rule (3 m, top at ±4) beyond it.

    In 100..400 the 0-5 band lies between 2.5 and 7.5 m from the axis, in 600..900 between 4 and 9 m:
    2 × 5 × 300 = 3,000 m² in each window."""
    result = run([RIVER], [2.0], bank_height=2.0, bank_slope=1.5, bank_areas=[box(-10, -2.5, 500, 2.5)])
    assert result.stats["bank_sources"] == {"line;rule": 1}
    inner, row = band(result, 0.0)
    assert row["bank_source"] == "line;rule"
    assert area_in(inner, box(100, -2.5, 400, 2.5)) == pytest.approx(0, abs=1e-6)
    assert area_in(inner, box(100, -100, 400, 100)) == pytest.approx(3000, rel=1e-9)
    assert area_in(inner, box(600, -4, 900, 4)) == pytest.approx(0, abs=1e-6)
    assert area_in(inner, box(600, -100, 900, 100)) == pytest.approx(3000, rel=1e-9)
    per_feature = run([RIVER], [2.0], bank_height=2.0, bank_slope=1.5, bank_areas=[box(-10, -2.5, 500, 2.5)],
                      dissolve=False)
    table = per_feature.strip_table
    assert set(table.loc[table["feature"] == 0, "bank_source"]) == {"line;rule"}
    assert set(table.loc[table["feature"] == -1, "bank_source"]) == {"line"}   # the part along the bank area


def test_water_area_gets_the_bank_rule():
    """A water polygon (0,-1)-(1000,1) with the rule 3 m: band 0-5 = buffer(8) − buffer(3) of it
    = (P·8 + 64π) − (P·3 + 9π) = 5P + 55π with P = 2·(1000 + 2) = 2,004."""
    result = run([box(0, -1, 1000, 1)], [np.nan], bank_height=2.0, bank_slope=1.5)
    inner, row = band(result, 0.0)
    assert row["area_m2"] == pytest.approx(5 * 2004 + 55 * math.pi, rel=2e-3)
    assert area_in(inner, box(100, -4, 900, 4)) == pytest.approx(0, abs=1e-6)
    assert row["bank_source"] == "rule"


# --------------------------------------------------------------------------- exempt waters

def test_exempt_water_gets_no_strip_and_no_corridor():
    """A 300 m road-side ditch at y = 1000 (exempt, SächsWG §1(2) no. 2): without the exemption its strip
    is buffer(line, 10) = 2·10·300 + π·10² (width 0, bank 0); with it: none."""
    ditch = LineString([(0, 1000), (300, 1000)])
    before = run([RIVER, ditch], [10.0, 0.0], dissolve=False)
    ditch_area = before.strip_table.loc[before.strip_table["feature"] == 1, "area_m2"].sum()
    assert ditch_area == pytest.approx(6000 + 100 * math.pi, rel=2e-3)
    # the exempt ditch's bank area is ignored too: no strip around it either
    after = run([RIVER, ditch], [10.0, 0.0], exempt=[False, True], dissolve=False, corridor=True,
                fids=[10, 11], bank_areas=[box(-5, 998, 305, 1002)])
    assert after.stats["bank_areas_ignored"] == 1 and after.stats["bank_areas"] == 0
    assert (after.strip_table["feature"] == 1).sum() == 0
    alone = run([RIVER], [10.0])
    assert after.stats["strip_area"] == pytest.approx(alone.stats["strip_area"], rel=1e-9)
    assert after.stats["exempt"] == 1 and after.stats["exempt_ids"] == "11"
    assert after.stats["exempt_length"] == pytest.approx(300.0)
    assert list(after.corridor_table["feature"]) == [0]
    assert after.stats["river_length"] == pytest.approx(1000.0)
    with pytest.raises(KernelError, match="exempt"):
        run([ditch], [0.0], exempt=[True])


# --------------------------------------------------------------------------- WHG §38a on farmland only

def plane_dem(slope_north, slope_south, cell=2.0):
    """Heights slope_north·y north of the axis and -slope_south·y south of it, over x -100..1100."""
    rows_, cols = 200, 600
    y = 200 - (np.arange(rows_) + 0.5) * cell
    z = np.where(y >= 0, slope_north * y, -slope_south * y)
    return Grid(np.repeat(z[:, None], cols, axis=1), -100.0, 200.0, cell, cell)


def test_slope_band_only_on_farmland():
    """North bank rises 8 % away from the water, the south bank falls away. Farmland x 0..400 north,
    forest (not farmland) x 400..1000. Channel 10 m, bank 0: slope band 5 m × 400 m = 2,000 m² (before,
    on all land: 5 × 1,000 = 5,000 m²)."""
    dem = plane_dem(0.08, -0.08)
    everywhere = run([RIVER], [10.0], dem=dem)
    geom, row = band(everywhere, 0.0, slope=True)
    assert row["area_m2"] == pytest.approx(5000, rel=1e-6)
    assert row["slope_scope"] == SLOPE_SCOPE_ALL == "all land (no land use given)"
    assert everywhere.stats["slope_scope"] == SLOPE_SCOPE_ALL
    farm = run([RIVER], [10.0], dem=dem, farmland=[box(0, 0, 400, 100)])
    geom, row = band(farm, 0.0, slope=True)
    assert row["area_m2"] == pytest.approx(2000, rel=1e-6)
    assert shapely.bounds(geom) == pytest.approx((0, 5, 400, 10))
    assert row["slope_scope"] == SLOPE_SCOPE_FARMLAND
    # the rest of the 0-5 band is ordinary strip: the band still sums to its area
    assert farm.strip_table.loc[farm.strip_table["band_from_m"] == 0, "area_m2"].sum() == pytest.approx(
        10000 + 75 * math.pi, rel=2e-3)
    assert set(farm.strip_table.loc[~farm.strip_table["slope_band"], "slope_scope"]) == {""}
    none = run([RIVER], [10.0], dem=dem, farmland=np.empty(0, dtype=object))
    assert not none.strip_table["slope_band"].any()


def test_slope_band_from_the_top_of_the_bank():
    """Channel 10 m, rule bank 2 m × 1.5 = 3 m: the top of the bank lies at y = 5 + 3 = 8, the green-cover
    band at 8 <= y < 13 (WHG §38a(1): 5 m landward of the top of the bank), on farmland x 0..400."""
    result = run([RIVER], [10.0], dem=plane_dem(0.08, -0.08), farmland=[box(0, 0, 400, 100)],
                 bank_height=2.0, bank_slope=1.5)
    geom, row = band(result, 0.0, slope=True)
    assert shapely.bounds(geom) == pytest.approx((0, 8, 400, 13))
    assert row["area_m2"] == pytest.approx(2000, rel=1e-6)


def test_is_farmland():
    codes = ["43001_1010", 43001, "43002", None, "43001_1200", 41001.0]
    assert list(is_farmland(codes)) == [True, True, False, False, True, False]
    assert list(is_farmland(codes, ("43001_1010", "41001"))) == [True, False, False, False, False, True]
    assert not is_farmland(codes, ()).any()
