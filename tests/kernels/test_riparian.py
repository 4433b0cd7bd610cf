"""Riparian strips kernel: geometry and tables checked against values worked out by hand.

Conventions (metres): a straight river is the line (0,0)-(1000,0) with a channel
width of 10 m, so the bank lies 5 m from the axis. The buffer of a line of length
L by r has the area 2·r·L + π·r² (rectangle plus two half discs), so the band
from a to b metres beyond the bank (radii 5+a and 5+b) has the area

    2·(b-a)·L + π·((5+b)² - (5+a)²)

    band 0-5:  2·5·1000 + π·(10² - 5²)  = 10,000 + 75π  = 10,235.62 m²
    band 5-10: 2·5·1000 + π·(15² - 10²) = 10,000 + 125π = 10,392.70 m²

Away from the ends (clipped to 100 <= x <= 900) each band is exactly 2·5·800 = 8,000 m².
Buffers are polygons with 8 segments per quarter circle: round ends lose at most
0.7 % of the half-disc area, hence the tolerances below.
"""
import math
from dataclasses import fields

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon, box
from wertvoll.kernels.errors import Cancelled, KernelError
from wertvoll.kernels.grid import Grid
from wertvoll.kernels.riparian import (
    RIVER_TYPES_PATH,
    RiparianLayers,
    RiparianOptions,
    Rivers,
    landuse_near,
    load_river_types,
    riparian_strips,
    ruleset_bands,
    tabulate_landuse,
)

RIVER = LineString([(0, 0), (1000, 0)])
BAND_0_5 = 10000 + 75 * math.pi
BAND_5_10 = 10000 + 125 * math.pi
MIDDLE = box(100, -100, 900, 100)


RIVER_FIELDS = {f.name for f in fields(Rivers)}
LAYER_FIELDS = {f.name for f in fields(RiparianLayers)}


def run(rivers, widths=None, workers=1, is_cancelled=None, **kw):
    """riparian_strips with the keywords sorted into Rivers, RiparianLayers and RiparianOptions
    (corridors off unless asked for)."""
    kw.setdefault("corridor", False)
    if widths is not None:
        widths = np.asarray(widths, dtype=float)
    attributes = {key: kw.pop(key) for key in RIVER_FIELDS & kw.keys()}
    layers = {key: kw.pop(key) for key in LAYER_FIELDS & kw.keys()}
    return riparian_strips(Rivers(np.array(rivers, dtype=object), channel_width=widths, **attributes),
                           RiparianLayers(**layers), RiparianOptions(**kw), workers=workers,
                           is_cancelled=is_cancelled)


def rows(result, **match):
    table = result.strip_table
    for key, value in match.items():
        table = table[table[key] == value]
    return table


def geometry_of(result, zone, start, slope=False):
    table = result.strip_table
    sel = np.flatnonzero((table["zone"] == zone) & (table["band_from_m"] == start)
                         & (table["slope_band"] == slope))
    assert len(sel) == 1, result.strip_table
    return result.strips[sel[0]]


# --------------------------------------------------------------------------- rulesets

def test_ruleset_bands():
    saxony = [(b.zone, b.start, b.end) for b in ruleset_bands("saxony")]
    assert saxony == [("outside", 0, 5), ("outside", 5, 10), ("inside", 0, 5)]
    assert [(b.zone, b.start, b.end) for b in ruleset_bands("federal")] == [("outside", 0, 5)]
    custom = [(b.zone, b.start, b.end) for b in ruleset_bands("custom", 15, 7, 3)]
    assert custom == [("outside", 0, 3), ("outside", 3, 15), ("inside", 0, 3), ("inside", 3, 7)]
    # inner band wider than the strip: one band without fertiliser
    one = ruleset_bands("custom", 4, 0, 5)
    assert [(b.start, b.end) for b in one] == [(0, 4)] and "no_fertiliser" in one[0].restrictions
    with pytest.raises(KernelError, match="RULESET"):
        ruleset_bands("bavaria")
    with pytest.raises(KernelError, match="WIDTH_OUTSIDE"):
        ruleset_bands("custom", -1, 5, 5)


# --------------------------------------------------------------------------- straight and curved rivers

def test_straight_river_saxony():
    result = run([RIVER], [10.0])
    assert list(result.strip_table["zone"]) == ["outside", "outside"]
    inner = geometry_of(result, "outside", 0)
    outer = geometry_of(result, "outside", 5)
    assert rows(result, band_from_m=0.0)["area_m2"].iloc[0] == pytest.approx(BAND_0_5, rel=2e-3)
    assert rows(result, band_from_m=5.0)["area_m2"].iloc[0] == pytest.approx(BAND_5_10, rel=2e-3)
    # away from the ends: 2 x 5 m x 800 m per band, exactly
    assert shapely.area(shapely.intersection(inner, MIDDLE)) == pytest.approx(8000, rel=1e-9)
    assert shapely.area(shapely.intersection(outer, MIDDLE)) == pytest.approx(8000, rel=1e-9)
    # band 0-5 is 5 <= |y| <= 10 in the middle: nothing on the water, nothing beyond 10 m
    assert shapely.area(shapely.intersection(inner, box(100, -5, 900, 5))) == pytest.approx(0, abs=1e-9)
    assert shapely.area(shapely.intersection(outer, box(100, -10, 900, 10))) == pytest.approx(0, abs=1e-6)
    assert shapely.bounds(outer)[3] == pytest.approx(15.0)
    # the first 5 m are the band without fertiliser (SächsWG §24(3) no. 1)
    assert rows(result, band_from_m=0.0)["restrictions"].iloc[0].split(";") == [
        "no_fertiliser", "no_buildings", "no_deposits", "whg38"]
    assert "no_fertiliser" not in rows(result, band_from_m=5.0)["restrictions"].iloc[0]
    assert rows(result, band_from_m=0.0)["rule"].iloc[0].startswith("SächsWG §24")
    assert result.stats["strip_area"] == pytest.approx(BAND_0_5 + BAND_5_10, rel=2e-3)
    assert result.stats["river_length"] == pytest.approx(1000.0)


def test_curved_river_annulus():
    """A closed circle of radius 100 (no ends), channel 10 m: the bank circles have radii 95 and 105.

    band 0-5:  π(110² - 105²) + π(95² - 90²) = π(1075 + 925) = 2000π = 6,283.19 m²
    band 5-10: π(115² - 110²) + π(90² - 85²) = π(1125 + 875) = 2000π
    i.e. 2 x 5 m x the centre-line length 2π·100, as for a straight river.
    """
    angles = np.linspace(0, 2 * np.pi, 721)
    circle = LineString(np.column_stack([100 * np.cos(angles), 100 * np.sin(angles)]))
    result = run([circle], [10.0])
    for start in (0.0, 5.0):
        assert rows(result, band_from_m=start)["area_m2"].iloc[0] == pytest.approx(2000 * math.pi, rel=1e-3)
    inner = geometry_of(result, "outside", 0)
    # the band lies between 90 and 95 m and between 105 and 110 m from the centre
    d = np.hypot(*shapely.get_coordinates(inner).T)
    assert ((d > 89.99) & (d < 95.01) | (d > 104.99) & (d < 110.01)).all()


def test_federal_ruleset():
    result = run([RIVER], [10.0], ruleset="federal", builtup=[box(400, -50, 600, 50)])
    table = result.strip_table
    assert list(zip(table["zone"], table["band_from_m"], table["band_to_m"])) == [("outside", 0, 5)]
    # WHG §38(3): 5 m outside built-up areas, none inside: 10,235.62 - 2 x 5 x 200
    assert table["area_m2"].iloc[0] == pytest.approx(BAND_0_5 - 2000, rel=2e-3)
    assert table["restrictions"].iloc[0] == "whg38"
    assert table["rule"].iloc[0] == "WHG §38 Abs. 3, 4"


def test_custom_ruleset():
    """Outside 15 m with a 3 m inner band, inside 7 m; built-up for 400 <= x <= 600."""
    result = run([RIVER], [10.0], ruleset="custom", width_outside=15, width_inside=7, inner_band=3,
                 builtup=[box(400, -50, 600, 50)])
    table = result.strip_table
    bands = list(zip(table["zone"], table["band_from_m"], table["band_to_m"]))
    assert bands == [("outside", 0, 3), ("outside", 3, 15), ("inside", 0, 3), ("inside", 3, 7)]
    inside = dict(zip(table[table["zone"] == "inside"]["band_from_m"], table[table["zone"] == "inside"]["area_m2"]))
    assert inside[0.0] == pytest.approx(2 * 3 * 200, rel=1e-9)
    assert inside[3.0] == pytest.approx(2 * 4 * 200, rel=1e-9)
    outer = geometry_of(result, "outside", 3)
    assert shapely.area(shapely.intersection(outer, box(100, -100, 300, 100))) == pytest.approx(2 * 12 * 200)


# --------------------------------------------------------------------------- built-up edge

def test_width_switches_exactly_at_the_builtup_edge():
    """Built-up area 400 <= x <= 600: 5 m inside (2 x 5 x 200 = 2,000 m²), 10 m outside."""
    result = run([RIVER], [10.0], builtup=[box(400, -50, 600, 50)])
    inside = geometry_of(result, "inside", 0)
    assert rows(result, zone="inside")["area_m2"].iloc[0] == pytest.approx(2000, rel=1e-9)
    assert shapely.bounds(inside) == pytest.approx((400, -10, 600, 10))
    outer = geometry_of(result, "outside", 5)
    # the 5-10 m band runs right up to x = 400 and stops there
    assert shapely.area(shapely.intersection(outer, box(390, -20, 400, 20))) == pytest.approx(100, rel=1e-9)
    assert shapely.area(shapely.intersection(outer, box(400, -20, 600, 20))) == pytest.approx(0, abs=1e-9)
    assert rows(result, zone="outside", band_from_m=0.0)["area_m2"].iloc[0] == pytest.approx(
        BAND_0_5 - 2000, rel=2e-3)
    assert rows(result, zone="outside", band_from_m=5.0)["area_m2"].iloc[0] == pytest.approx(
        BAND_5_10 - 2000, rel=2e-3)
    # zones do not overlap
    assert shapely.area(shapely.intersection(inside, geometry_of(result, "outside", 0))) == pytest.approx(0, abs=1e-9)


def test_no_builtup_layer_means_outside_everywhere():
    result = run([RIVER], [10.0])
    assert set(result.strip_table["zone"]) == {"outside"}
    assert any("BUILTUP" in w[0] for w in result.warnings)


# --------------------------------------------------------------------------- line vs polygon

def test_polygon_input_gives_the_same_strip_as_the_line():
    """The river polygon is the line buffered by half its width: the same bank."""
    polygon = shapely.buffer(RIVER, 5.0, quad_segs=16)
    from_line = run([RIVER], [10.0])
    from_polygon = run([polygon])
    for start in (0.0, 5.0):
        a = geometry_of(from_line, "outside", start)
        b = geometry_of(from_polygon, "outside", start)
        assert shapely.area(b) == pytest.approx(shapely.area(a), rel=0.01)
        assert shapely.area(shapely.symmetric_difference(a, b)) < 0.01 * shapely.area(a)
    assert from_polygon.stats["river_length"] == pytest.approx(1000 + math.pi * 5, rel=1e-3)  # half perimeter


def test_polygon_annulus_river():
    """A ring-shaped river polygon 95 <= r <= 105 has the same bands as the circle line (2000π each)."""
    ring = shapely.difference(shapely.buffer(Point(0, 0), 105, quad_segs=180),
                              shapely.buffer(Point(0, 0), 95, quad_segs=180))
    result = run([ring])
    for start in (0.0, 5.0):
        assert rows(result, band_from_m=start)["area_m2"].iloc[0] == pytest.approx(2000 * math.pi, rel=1e-3)


# --------------------------------------------------------------------------- networks

def test_touching_segments_dissolve_gap_free():
    """Two segments meeting at a right angle, no channel width (water = the line), strip 10 m.

    Buffer of the bent line: 2·r·(a+b) + π·r² (two half-disc ends) + π·r²/4 (outer corner)
    - r² (inner square counted twice) = 20,000 + 100π + 25π - 100 = 20,292.70 m² for r = 10.
    """
    a = LineString([(0, 0), (500, 0)])
    b = LineString([(500, 0), (500, 500)])
    expected = 20000 + 125 * math.pi - 100
    split = run([a, b])
    whole = run([LineString([(0, 0), (500, 0), (500, 500)])])
    assert split.stats["strip_area"] == pytest.approx(expected, rel=2e-3)
    assert split.stats["strip_area"] == pytest.approx(whole.stats["strip_area"], rel=1e-9)
    for start in (0.0, 5.0):
        s, w = geometry_of(split, "outside", start), geometry_of(whole, "outside", start)
        assert shapely.area(shapely.symmetric_difference(s, w)) < 1e-6
        assert shapely.get_num_geometries(s) == 1  # one polygon across the joint


def test_confluence_counts_area_once():
    """Tributary (500,0)-(500,500) joins the main river (0,0)-(1000,0); no channel width, strip 10 m.

    main: 2·10·1000 + π·100 = 20,314.16; tributary outside it: 20 x 490 + half disc π·100/2
    = 9,957.08; total 30,271.24 m².
    """
    main = LineString([(0, 0), (1000, 0)])
    tributary = LineString([(500, 0), (500, 500)])
    result = run([main, tributary])
    expected = 20000 + 100 * math.pi + 20 * 490 + 50 * math.pi
    assert result.stats["strip_area"] == pytest.approx(expected, rel=2e-3)
    union = shapely.union_all(result.strips)
    assert shapely.area(union) == pytest.approx(result.stats["strip_area"], rel=1e-9)  # bands disjoint
    per_feature = run([main, tributary], dissolve=False)
    assert per_feature.stats["strip_area"] == pytest.approx(result.stats["strip_area"], rel=1e-9)
    assert set(per_feature.strip_table["feature"]) == {0, 1}
    pieces = per_feature.strips
    total = sum(shapely.area(p) for p in pieces)
    assert total == pytest.approx(shapely.area(shapely.union_all(pieces)), rel=1e-9)  # no overlaps


def test_small_stream_strip_ends_at_the_bank_of_the_big_river():
    """A 2 m ditch runs into a 40 m river: no strip of the ditch lies on the river."""
    river = LineString([(0, 0), (1000, 0)])
    ditch = LineString([(500, 0), (500, 300)])
    result = run([river, ditch], [40.0, 2.0])
    water = shapely.buffer(river, 20.0)
    for geom in result.strips:
        assert shapely.area(shapely.intersection(geom, water)) < 0.5  # polygon corners only


def test_per_feature_strips_split_collinear_segments_in_half():
    a = LineString([(0, 0), (500, 0)])
    b = LineString([(500, 0), (1000, 0)])
    result = run([a, b], [10.0, 10.0], dissolve=False)
    area = result.strip_table.groupby("feature")["area_m2"].sum()
    assert area[0] == pytest.approx(area[1], rel=1e-6)
    assert area.sum() == pytest.approx(BAND_0_5 + BAND_5_10, rel=2e-3)
    # each feature keeps its own side of x = 500
    first = [g for g, f in zip(result.strips, result.strip_table["feature"]) if f == 0]
    assert max(shapely.bounds(g)[2] for g in first) == pytest.approx(500)


# --------------------------------------------------------------------------- slope band (WHG §38a)

def plane_dem(slope_north, slope_south=None, cell=2.0):
    """Heights rising by *slope_north* per metre northwards of y = 0 (and *slope_south* southwards).

    Land sloping towards the water has a positive slope away from the bank.
    """
    slope_south = slope_north if slope_south is None else slope_south
    rows_, cols = 200, 600
    y = 200 - (np.arange(rows_) + 0.5) * cell
    z = np.where(y >= 0, slope_north * y, -slope_south * y)
    return Grid(np.repeat(z[:, None], cols, axis=1), -100.0, 200.0, cell, cell)


def test_slope_band_on_one_side():
    """z = 0.08·y: the north bank rises 8 % away from the water (slope band), the south falls away.

    North side, 0-5 m band, 0 <= x <= 1000: 5 x 1,000 = 5,000 m² with slope_band.
    """
    dem = plane_dem(0.08, -0.08)
    result = run([RIVER], [10.0], dem=dem)
    slope = rows(result, slope_band=True)
    assert list(slope["band_from_m"]) == [0.0]
    assert slope["area_m2"].iloc[0] == pytest.approx(5000, rel=1e-6)
    geom = geometry_of(result, "outside", 0, slope=True)
    assert shapely.bounds(geom) == pytest.approx((0, 5, 1000, 10))
    assert "green_cover" in slope["restrictions"].iloc[0] and "§38a" in slope["rule"].iloc[0]
    # the 0-5 band still sums to its area; the 5-10 band gets no slope band
    assert rows(result, band_from_m=0.0)["area_m2"].sum() == pytest.approx(BAND_0_5, rel=2e-3)
    assert not rows(result, band_from_m=5.0)["slope_band"].any()
    assert result.stats["slope_sides"] == 10 and result.stats["stretch_sides"] == 20


def test_slope_band_threshold_is_five_percent():
    both = run([RIVER], [10.0], dem=plane_dem(0.06))      # valley: both banks 6 %
    assert rows(both, slope_band=True)["area_m2"].iloc[0] == pytest.approx(10000, rel=1e-6)
    gentle = run([RIVER], [10.0], dem=plane_dem(0.04))    # 4 %: below the threshold
    assert not gentle.strip_table["slope_band"].any()


def test_dem_not_covering_the_river_is_reported():
    far = Grid(np.zeros((10, 10)), 50000.0, 50000.0, 10.0, 10.0)
    result = run([RIVER], [10.0], dem=far)
    assert not result.strip_table["slope_band"].any()
    assert any("does not cover" in w[0] for w in result.warnings)


# --------------------------------------------------------------------------- land use

def test_landuse_table_sums_to_strip_area():
    """North of the river: A for x < 500, B for x > 500; south: G; the round ends have no land use.

    band 0-5 (and 5-10): A 5 x 500 = 2,500, B 2,500, G 5 x 1,000 = 5,000 m²; the rest (the ends) None.
    """
    landuse = [box(0, 0, 500, 100), box(500, 0, 1000, 100), box(0, -100, 1000, 0)]
    result = run([RIVER], [10.0], landuse=landuse, landuse_codes=["A", "B", 1020])
    table = result.landuse
    for layer, area in (("strip outside 0-5 m", BAND_0_5), ("strip outside 5-10 m", BAND_5_10)):
        part = table[table["layer"] == layer]
        by_code = dict(zip(part["landuse"], part["area_m2"]))
        assert by_code["A"] == pytest.approx(2500, rel=1e-9)
        assert by_code["B"] == pytest.approx(2500, rel=1e-9)
        assert by_code["1020"] == pytest.approx(5000, rel=1e-9)
        strip = rows(result, band_from_m=float(layer.split()[2].split("-")[0]))["area_m2"].sum()
        assert part["area_m2"].sum() == pytest.approx(strip, rel=1e-9)
        assert by_code[None] == pytest.approx(strip - 10000, rel=1e-6)
        assert part["share"].sum() == pytest.approx(1.0)
    assert table["area_m2"][table["layer"].str.startswith("strip")].sum() == pytest.approx(
        result.stats["strip_area"], rel=1e-9)


def test_overlapping_landuse_is_counted_once():
    landuse = [box(0, 0, 600, 100), box(400, 0, 1000, 100)]  # overlap 400-600
    result = run([RIVER], [10.0], landuse=landuse, landuse_codes=["A", "B"])
    part = result.landuse[result.landuse["layer"] == "strip outside 0-5 m"]
    assert part["area_m2"].sum() == pytest.approx(rows(result, band_from_m=0.0)["area_m2"].sum(), rel=1e-9)
    by_code = dict(zip(part["landuse"], part["area_m2"]))
    assert by_code["A"] + by_code["B"] == pytest.approx(5000, rel=1e-6)  # the north side, once
    assert any("overlapping" in w[0] for w in result.warnings)


def test_two_step_landuse_matches_one_step():
    landuse = np.array([box(0, 0, 500, 100), box(500, 0, 1000, 100), box(0, -100, 1000, 0),
                        box(5000, 5000, 5100, 5100)], dtype=object)
    codes = ["A", "B", "G", "far"]
    one = run([RIVER], [10.0], landuse=landuse, landuse_codes=codes, corridor=True)
    two = run([RIVER], [10.0], corridor=True)
    near = landuse_near(two, landuse)
    assert list(near) == [True, True, True, False]
    tabulate_landuse(two, landuse[near], [c for c, k in zip(codes, near) if k], workers=1)
    assert one.landuse.equals(two.landuse)
    assert set(one.landuse["layer"]) == {"strip outside 0-5 m", "strip outside 5-10 m", "corridor"}


# --------------------------------------------------------------------------- corridors

def test_corridor_width_and_area():
    """Channel 10 m x default factor 7 x 1.25 = 87.5 m, centred: area 2·43.75·1000 + π·43.75²."""
    result = run([RIVER], [10.0], corridor=True, river_ids=[7], river_names=["Mulde"])
    table = result.corridor_table
    assert table["corridor_width_m"].iloc[0] == pytest.approx(87.5)
    assert table["factor"].iloc[0] == pytest.approx(7.0)
    expected = 2 * 43.75 * 1000 + math.pi * 43.75 ** 2
    assert table["area_m2"].iloc[0] == pytest.approx(expected, rel=2e-3)
    assert result.stats["corridor_area"] == pytest.approx(table["area_m2"].iloc[0], rel=1e-9)


def test_corridor_factor_sources_and_minimum():
    three = [RIVER, LineString([(0, 500), (1000, 500)]), LineString([(0, 1000), (1000, 1000)])]
    result = run(three, [10.0, 10.0, 2.0], corridor=True, dissolve=False,
                 corridor_factors=[3.0, np.nan, np.nan], river_types=[None, "15", "unknown"])
    widths = list(result.corridor_table["corridor_width_m"])
    # field 3 -> 10 x 3 x 1.25 = 37.5; type 15 (factor 10) -> 125; 2 x 7 x 1.25 = 17.5 < 20 -> 20
    assert widths == pytest.approx([37.5, 125.0, 20.0])
    assert any("unknown (" in str(w[1].get("listed")) for w in result.warnings)
    scalar = run(three, [10.0, 10.0, 10.0], corridor=True, dissolve=False, corridor_factor=2.0, min_corridor=0)
    assert list(scalar.corridor_table["corridor_width_m"]) == pytest.approx([25.0, 25.0, 25.0])


def test_corridors_dissolve_per_river():
    a = LineString([(0, 0), (500, 0)])
    b = LineString([(500, 0), (1000, 0)])
    c = LineString([(0, 3000), (1000, 3000)])
    result = run([a, b, c], [10.0, 10.0, 10.0], corridor=True, river_ids=[1, 1, 2])
    assert len(result.corridors) == 2
    assert list(result.corridor_table["feature"]) == [0, 2]
    single = run([RIVER], [10.0], corridor=True)
    assert result.corridor_table["area_m2"].iloc[0] == pytest.approx(single.corridor_table["area_m2"].iloc[0],
                                                                     rel=1e-6)


def test_polygon_corridor_is_centred():
    """A 1,000 x 10 m river rectangle with channel width 10: buffered by (87.5 - 10)/2 = 38.75 m.

    Area = A + P·r + π·r² = 10,000 + 2,020 x 38.75 + π·38.75² = 92,992.3 m².
    """
    rectangle = box(0, -5, 1000, 5)
    result = run([rectangle], [10.0], corridor=True)
    expected = 10000 + 2020 * 38.75 + math.pi * 38.75 ** 2
    assert result.corridor_table["area_m2"].iloc[0] == pytest.approx(expected, rel=2e-3)


def test_river_type_table(tmp_path):
    table = load_river_types()
    assert table.default.factor == 7 and table.get(15).factor == 10 and table.get("gestreckt").factor == 3
    assert table.path == str(RIVER_TYPES_PATH)
    bad = tmp_path / "types.csv"
    bad.write_text("type;label;factor\n17;x;7\n", encoding="utf-8")
    with pytest.raises(KernelError, match="default"):
        load_river_types(bad)
    bad.write_text("type;label;factor\ndefault;x;7\n17;x;viel\n", encoding="utf-8")
    with pytest.raises(KernelError, match="line 3"):
        load_river_types(bad)
    bad.write_text("typ;faktor\n", encoding="utf-8")
    with pytest.raises(KernelError, match="header"):
        load_river_types(bad)


# --------------------------------------------------------------------------- bad input

def test_invalid_and_empty_geometries_are_reported_and_skipped():
    geoms = [None, LineString(), LineString([(0, 0), (0, 0)]), Point(3, 3), RIVER,
             Polygon([(0, 100), (100, 200), (100, 100), (0, 200)])]  # a bow-tie: repaired
    result = run(geoms, [10.0] * 6, fids=np.arange(10, 16))
    messages = [w[0].format(**w[1]) for w in result.warnings]
    assert any("2 river features without geometry" in m and "10, 11" in m for m in messages)
    assert any("2 river features with an unusable geometry" in m and "12, 13" in m for m in messages)
    assert any("repaired" in m for m in messages)
    assert result.stats["skipped_empty"] == 2 and result.stats["skipped_invalid"] == 2
    with pytest.raises(KernelError, match="no usable geometry"):
        run([None, LineString([(0, 0), (0, 0)])])


def test_negative_width_uses_the_default():
    result = run([RIVER], [-4.0], default_channel_width=10.0)
    assert rows(result, band_from_m=0.0)["area_m2"].iloc[0] == pytest.approx(BAND_0_5, rel=2e-3)
    assert any("negative" in w[0] for w in result.warnings)


def test_cancel():
    with pytest.raises(Cancelled):
        run([RIVER], [10.0], is_cancelled=lambda: True)


def test_parallel_and_serial_agree():
    lines = [LineString([(x, 0), (x + 300, 200)]) for x in range(0, 20000, 150)]
    serial = run(lines, [4.0] * len(lines), workers=1, corridor=True)
    parallel = run(lines, [4.0] * len(lines), workers=2, corridor=True)
    assert serial.stats["strip_area"] == pytest.approx(parallel.stats["strip_area"], rel=1e-9)
    assert serial.stats["corridor_area"] == pytest.approx(parallel.stats["corridor_area"], rel=1e-9)


def test_large_network_on_tiles_matches_a_plain_union(monkeypatch):
    """With tiny tiles the strips are cut and merged again: same area, one polygon per band."""
    from wertvoll.kernels import riparian

    lines = [LineString([(x, 0), (x + 100, 0)]) for x in range(0, 5000, 100)]
    plain = run(lines, [6.0] * len(lines))
    monkeypatch.setattr(riparian, "TILE_VERTICES", 200)
    tiled = run(lines, [6.0] * len(lines))
    for start in (0.0, 5.0):
        a, b = geometry_of(plain, "outside", start), geometry_of(tiled, "outside", start)
        assert shapely.area(shapely.symmetric_difference(a, b)) < 1e-3
        assert shapely.get_num_geometries(b) == 1  # one ring around the water


def test_zones_and_slope_band_on_tiles_in_batches_match_one_piece(monkeypatch):
    """Built-up zone, slope band and farmland on a grid of tiny tiles, overlaid a few tiles at a time:
    the rows and geometries of the one-piece dissolve, and the same output whatever the batch size."""
    from wertvoll.kernels import riparian

    lines = [LineString([(x, 0), (x + 100, 0)]) for x in range(0, 1000, 100)]
    lines.append(LineString([(500, 0), (520, 150)]))
    kw = dict(builtup=[box(300, -50, 450, 50)], dem=plane_dem(0.08, -0.08),
              farmland=[box(-100, -200, 700, 200)], landuse=[box(-100, -200, 1100, 200)], landuse_codes=["x"])
    whole = run(lines, [6.0] * len(lines), **kw)
    monkeypatch.setattr(riparian, "TILE_VERTICES", 30)
    monkeypatch.setattr(riparian, "TILE_BATCH", 4)
    tiled = run(lines, [6.0] * len(lines), **kw)
    grid = riparian._Tiles(shapely.buffer(np.array(lines, dtype=object), 3.0 + 10.0))  # the outermost buffers
    assert len(grid.batches()) > 2
    monkeypatch.setattr(riparian, "TILE_BATCH", 1)
    one_by_one = run(lines, [6.0] * len(lines), **kw)
    keys = ["zone", "band_from_m", "slope_band"]
    assert len(whole.strip_table) == 5 and whole.strip_table["slope_band"].sum() == 2  # outside and inside
    assert tiled.strip_table[keys].equals(whole.strip_table[keys])
    assert np.allclose(tiled.strip_table["area_m2"], whole.strip_table["area_m2"], rtol=1e-9)
    for a, b in zip(whole.strips, tiled.strips):
        assert shapely.area(shapely.symmetric_difference(a, b)) < 1e-3
    assert np.allclose(tiled.landuse["area_m2"], whole.landuse["area_m2"], rtol=1e-9)
    assert tiled.strip_table.equals(one_by_one.strip_table)
    assert list(shapely.to_wkb(tiled.strips)) == list(shapely.to_wkb(one_by_one.strips))


def test_per_feature_strips_add_up_to_the_dissolved_ones():
    """Zones, bands and the slope band per feature sum to the dissolved strips, row by row."""
    lines = [LineString([(0, 0), (400, 0)]), LineString([(400, 0), (1000, 0)]),
             LineString([(700, 0), (700, -300)])]
    kw = dict(builtup=[box(300, -50, 550, 50)], dem=plane_dem(0.08, -0.08))
    dissolved = run(lines, [10.0, 10.0, 4.0], **kw)
    split = run(lines, [10.0, 10.0, 4.0], dissolve=False, **kw)
    keys = ["zone", "band_from_m", "slope_band"]
    a = dissolved.strip_table.groupby(keys)["area_m2"].sum()
    b = split.strip_table.groupby(keys)["area_m2"].sum()
    assert list(a.index) == list(b.index)
    assert np.allclose(a.to_numpy(), b.to_numpy(), rtol=1e-9)
    assert rows(dissolved, zone="inside")["area_m2"].sum() == pytest.approx(2 * 5 * 250, rel=1e-9)


def test_slope_band_of_a_river_polygon_lies_on_the_land_side():
    """A 1,000 x 10 m river polygon in a valley with 6 % slopes: the slope band covers both long banks
    (2 x 5 x 1,000 m²) and, where a stretch turns a corner, part of the ends; at most the whole
    0-5 m band P·5 + π·5² = 2,020 x 5 + 25π = 10,178.5 m²; never the water."""
    river = box(0, -5, 1000, 5)
    result = run([river], dem=plane_dem(0.06))
    slope = geometry_of(result, "outside", 0, slope=True)
    assert 9500 <= shapely.area(slope) <= 2020 * 5 + 25 * math.pi
    assert shapely.area(shapely.intersection(slope, river)) == pytest.approx(0, abs=1e-9)
    assert shapely.bounds(slope)[1] == pytest.approx(-10) and shapely.bounds(slope)[3] == pytest.approx(10)
