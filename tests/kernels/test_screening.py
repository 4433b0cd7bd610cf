"""Compensation screening kernel: every output field checked against values worked out by hand.

Geometry in metres. Test table (values in points per m², BKompV scale):

    A  arable    7 -> 15, PIK 10       gain 8   (PIK gain 3)
    G  grassland 8 -> 15               gain 7
    H  fallow    9 -> 21, woody        gain 12
    O  orchard  12 -> 18, woody, PIK 14 (PIK not woody)
    S  sealed    0, no measure
    1010 arable  7 -> 15 (integer code)
"""
import math

import numpy as np
import pytest
import shapely
import shapely.affinity
from shapely.geometry import MultiPolygon, Polygon, box

from wertvoll.kernels import geometry, progress, screening
from wertvoll.kernels.errors import Cancelled, KernelError
from wertvoll.kernels.screening import NOTE_IDS, SUMMARY_COLUMNS, TABLE_COLUMNS, ScreeningOptions, screen
from wertvoll.kernels.value_table import DEFAULT_TABLE_PATH, load_value_table

TABLE = ("code,label,value_now,measure,value_target,pik_measure,pik_value_target,"
         "landuse_kind,measure_woody,pik_measure_woody\n") + """\
A,Acker,7,Grünland,15,Blühstreifen,10,arable,0,0
G,Grünland,8,Extensivierung,15,,,grassland,0,0
H,Brache,9,Hecke,21,,,fallow,1,0
O,Streuobst,12,Obstbäume,18,Extensive Beweidung,14,orchard,1,0
S,versiegelt,0,,,,,sealed,0,0
1010,Acker int,7,Grünland,15,,,arable,0,0
"""


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(TABLE, encoding="utf-8")
    return load_value_table(path)


def arr(*geoms):
    return np.array(list(geoms), dtype=object)


def run(table, geoms, codes, fids=None, **kw):
    geoms = arr(*geoms)
    fids = np.arange(1, len(geoms) + 1) if fids is None else fids
    kw.setdefault("min_area", 0.0)
    callbacks = {k: kw.pop(k) for k in ("progress", "is_cancelled", "log") if k in kw}
    return screen(geoms, np.asarray(fids, dtype=np.int64), codes, table, ScreeningOptions(**kw), **callbacks)


def row_of(result, fid):
    rows = result.table[result.table["src_fid"] == fid]
    assert len(rows) == 1
    return rows.iloc[0]


# --------------------------------------------------------------------------- the worked example

def test_worked_example_every_field(table):
    # 100 m x 100 m arable square minus a 20 m x 100 m exclusion strip: 80 m x 100 m = 8000 m²
    # water protection zone covers x 20..100, y 0..50 = 4000 m² = half of the remainder
    r = run(table, [box(0, 0, 100, 100)], ["A"], fids=[42],
            exclusions=[arr(box(0, 0, 20, 100))], water=arr(box(20, 0, 100, 50)),
            min_area=5000.0)
    assert list(r.table.columns) == list(TABLE_COLUMNS)
    assert len(r.table) == 1 and len(r.geometries) == 1
    row = r.table.iloc[0]
    assert row["src_fid"] == 42
    assert row["municipality"] == ""
    assert row["landuse"] == "A" and row["landuse_label"] == "Acker"
    assert row["area_m2"] == pytest.approx(8000.0)
    assert row["value_now"] == 7.0 and row["value_target"] == 15.0
    assert row["measure"] == "Grünland"
    assert not row["pik"]
    assert row["uplift_pts"] == pytest.approx((15 - 7) * 8000.0)  # 64,000
    assert row["share_water"] == pytest.approx(0.5)
    assert row["share_flood"] == 0 and row["share_riparian"] == 0 and row["share_corridor"] == 0
    assert row["score"] == pytest.approx(8 / 24 + 0.5)
    assert row["rank"] == 1
    assert not row["selected"]
    assert row["notes"] == ""
    g = r.geometries[0]
    assert g.geom_type == "MultiPolygon" and len(g.geoms) == 1
    assert g.equals(box(20, 0, 100, 100))
    s = r.stats
    assert s["candidates"] == 1 and s["total_uplift"] == pytest.approx(64000.0)
    assert s["selected_pts"] == 0 and s["demand_met"] is True and s["shortfall"] == 0
    assert s["skipped_unknown"] == 0 and s["skipped_no_measure"] == 0 and s["dropped_small"] == 0
    assert r.warnings == []
    # summary: no municipalities given -> only the total row
    assert list(r.summary.columns) == list(SUMMARY_COLUMNS)
    assert r.summary.to_dict("records") == [{
        "municipality": "total", "candidates": 1, "area_m2": pytest.approx(8000.0),
        "uplift_pts": pytest.approx(64000.0), "selected_area_m2": 0.0, "selected_pts": 0.0,
        "selected_n_kg": 0.0, "selected_co2_t": 0.0}]


def test_dtypes(table):
    r = run(table, [box(0, 0, 100, 100)], ["A"])
    t = r.table
    assert t["src_fid"].dtype == np.int64 and t["rank"].dtype == np.int64
    assert t["pik"].dtype == bool and t["selected"].dtype == bool
    for c in ("area_m2", "value_now", "value_target", "uplift_pts", "share_water", "score"):
        assert t[c].dtype == float


def test_weights(table):
    # gain 8 on 100 x 100; flood covers x 0..25 (share 0.25), corridor covers all (share 1)
    r = run(table, [box(0, 0, 100, 100)], ["A"], flood=arr(box(0, 0, 25, 100)),
            corridor=arr(box(-10, -10, 110, 110)),
            weights={"uplift": 2.0, "flood": 4.0, "corridor": 0.5})
    row = r.table.iloc[0]
    assert row["share_flood"] == pytest.approx(0.25) and row["share_corridor"] == 1.0
    assert row["score"] == pytest.approx(2 * 8 / 24 + 4 * 0.25 + 0.5 * 1.0)


# --------------------------------------------------------------------------- codes

def test_unknown_codes_one_warning_with_counts(table):
    geoms = [box(i * 200, 0, i * 200 + 100, 100) for i in range(6)]
    r = run(table, geoms, ["X", "A", "X", "Y", None, "S"])
    assert r.stats["skipped_unknown"] == 4  # X, X, Y and the feature without a code
    assert r.stats["skipped_no_measure"] == 1  # S
    assert r.stats["candidates"] == 1
    (template, params), = [(t, p) for t, p in r.warnings if "listed" in p]
    assert (params["codes"], params["count"], params["listed"]) == (2, 3, "X (2), Y (1)")  # most frequent first
    assert sum(1 for t, p in r.warnings if "no land-use code" in t) == 1
    for template, params in r.warnings:
        template.format(**params)  # every warning can be formatted


def test_thousands_of_unknown_codes_give_one_short_warning(table):
    """3,000 distinct unknown codes (one of them on 5 parcels): one warning naming ten, the rest counted."""
    codes = [f"U{i:04d}" for i in range(3000)] + ["U2999"] * 4
    geoms = [box(i * 20, 0, i * 20 + 10, 10) for i in range(len(codes))]
    r = run(table, geoms, codes)
    unknown = [(t, p) for t, p in r.warnings if "listed" in p]
    assert len(unknown) == 1 and len(r.warnings) == 2  # and: no candidate land remained
    params = unknown[0][1]
    assert (params["codes"], params["count"]) == (3000, 3004)
    named = params["listed"].split(", ")
    assert named[0] == "U2999 (5)" and named[1:10] == [f"U{i:04d} (1)" for i in range(9)]
    assert named[10] == "… (+2990)" and len(named) == 11


def test_integer_codes_match(table):
    geoms = [box(i * 200, 0, i * 200 + 100, 100) for i in range(4)]
    r = run(table, geoms, [1010, 1010.0, "1010.0", " 1010 "])
    assert r.stats["candidates"] == 4
    assert set(r.table["landuse"]) == {"1010"}
    assert set(r.table["landuse_label"]) == {"Acker int"}


def test_empty_geometries_skipped(table):
    r = run(table, [None, Polygon(), box(0, 0, 100, 100)], ["A", "A", "A"])
    assert r.stats["skipped_empty"] == 2 and r.stats["candidates"] == 1


def test_default_table(tmp_path):
    t = load_value_table(DEFAULT_TABLE_PATH)
    r = screen(arr(box(0, 0, 100, 100), box(200, 0, 300, 100)), np.array([1, 2]),
               ["43001_1010", "42001"], t)
    assert len(r.table) == 1
    row = r.table.iloc[0]
    assert (row["value_now"], row["value_target"]) == (7.0, 15.0)
    assert row["uplift_pts"] == pytest.approx(8 * 10000.0)
    assert r.stats["skipped_no_measure"] == 1


# --------------------------------------------------------------------------- geometry

def test_min_area_drops_small_part_after_split(table):
    # strip x 30..40 splits the square: left 30 x 100 = 3000 m², right 60 x 100 = 6000 m²
    excl = [arr(box(30, -5, 40, 105))]
    r = run(table, [box(0, 0, 100, 100)], ["A"], exclusions=excl, min_area=5000.0)
    assert r.stats["dropped_small"] == 1
    assert len(r.table) == 1
    assert r.table.iloc[0]["area_m2"] == pytest.approx(6000.0)
    assert r.geometries[0].equals(MultiPolygon([box(40, 0, 100, 100)]))
    # with a smaller MIN_AREA both parts stay, ranked by uplift (same score)
    r = run(table, [box(0, 0, 100, 100)], ["A"], exclusions=excl, min_area=2000.0)
    assert r.stats["dropped_small"] == 0
    assert list(r.table["area_m2"].round(6)) == [6000.0, 3000.0]
    assert list(r.table["rank"]) == [1, 2]
    assert list(r.table["src_fid"]) == [1, 1]
    # MIN_AREA equal to a part's area keeps it
    r = run(table, [box(0, 0, 100, 100)], ["A"], exclusions=excl, min_area=3000.0)
    assert len(r.table) == 2


def test_exclusions_several_layers_overlapping(table):
    # two layers overlapping each other: x 0..30 and x 20..50 (union x 0..50) and a hole 60..70 x 40..50
    r = run(table, [box(0, 0, 100, 100)], ["G"],
            exclusions=[arr(box(0, 0, 30, 100)), arr(box(20, 0, 50, 100), box(60, 40, 70, 50))])
    row = r.table.iloc[0]
    assert row["area_m2"] == pytest.approx(50 * 100 - 10 * 10)
    assert row["uplift_pts"] == pytest.approx(7 * 4900.0)
    # exclusion given as a single array (one layer)
    r2 = run(table, [box(0, 0, 100, 100)], ["G"], exclusions=arr(box(0, 0, 30, 100)))
    assert r2.table.iloc[0]["area_m2"] == pytest.approx(7000.0)


def test_exclusion_covering_everything(table):
    r = run(table, [box(0, 0, 100, 100)], ["A"], exclusions=[arr(box(-1, -1, 101, 101))])
    assert len(r.table) == 0 and len(r.geometries) == 0
    assert list(r.table.columns) == list(TABLE_COLUMNS)
    assert r.stats["candidates"] == 0
    assert any("No candidate land" in t for t, p in r.warnings)
    assert r.summary.iloc[-1]["municipality"] == "total" and r.summary.iloc[-1]["candidates"] == 0


def regular_polygon(cx, cy, radius, n):
    a = 2 * np.pi * np.arange(n) / n
    return Polygon(np.column_stack([cx + radius * np.cos(a), cy + radius * np.sin(a)]))


def polygon_area(radius, n):
    return 0.5 * n * radius ** 2 * math.sin(2 * math.pi / n)


@pytest.mark.parametrize("small_limits", [False, True])
def test_big_overlay_polygons(table, monkeypatch, small_limits):
    if small_limits:  # force the subdivision and the tiled dissolve on this small case
        monkeypatch.setattr(geometry, "MAX_VERTICES", 16)
        monkeypatch.setattr(screening, "TILE_VERTICES", 300)
    # 1 km² square minus a 1024-gon of radius 300 (more vertices than MAX_VERTICES)
    hole = regular_polygon(500, 500, 300, 1024)
    flood = regular_polygon(500, 500, 400, 1024)
    # the flood layer also holds two overlapping copies of a strip x 0..100 (counted once)
    r = run(table, [box(0, 0, 1000, 1000)], ["G"], exclusions=[arr(hole)],
            flood=arr(flood, box(0, 0, 100, 1000), box(0, 0, 100, 1000), box(50, 0, 100, 1000)))
    rest = 1e6 - polygon_area(300, 1024)
    row = r.table.iloc[0]
    assert row["area_m2"] == pytest.approx(rest, rel=1e-9)
    # the strip x 0..100 does not touch the 400 m ring (it reaches x = 100 only)
    inside = polygon_area(400, 1024) - polygon_area(300, 1024) + 100 * 1000
    assert row["share_flood"] == pytest.approx(inside / rest, rel=1e-9)
    assert r.geometries[0].intersection(hole).area < 1e-6 * row["area_m2"]


@pytest.mark.parametrize("chunk", [None, 3])
def test_no_output_overlaps_an_exclusion(table, monkeypatch, chunk):
    if chunk:  # vectorised calls in many small chunks give the same result
        monkeypatch.setattr(progress, "DEFAULT_CHUNK", chunk)
        monkeypatch.setattr(geometry, "DEFAULT_CHUNK", chunk)
    rng = np.random.default_rng(3)
    parcels = []
    for i in range(6):
        for j in range(6):
            parcels.append(shapely.affinity.rotate(box(i * 100, j * 100, i * 100 + 100, j * 100 + 100),
                                                   rng.uniform(-5, 5)))
    layers = [arr(*[shapely.affinity.rotate(box(x, y, x + rng.uniform(20, 150), y + rng.uniform(5, 40)),
                                            rng.uniform(0, 90))
                    for x, y in rng.uniform(0, 600, (15, 2))]) for _ in range(3)]
    r = run(table, parcels, ["A"] * len(parcels), exclusions=layers, min_area=0.0)
    union = shapely.union_all(np.concatenate(layers))
    assert len(r.table) > 30
    for g, a in zip(r.geometries, r.table["area_m2"]):
        assert g.is_valid and g.geom_type == "MultiPolygon" and len(g.geoms) == 1
        assert g.intersection(union).area < 1e-6 * a
        assert g.area == pytest.approx(a)
    # nothing but the exclusions is lost (slivers below 0.01 m² at most)
    expected = sum(p.difference(union).area for p in parcels)
    assert r.table["area_m2"].sum() == pytest.approx(expected, rel=1e-7)


def test_invalid_bow_tie_repaired(table):
    # bow tie crossing itself at (50, 50): two triangles of 100 x 50 / 2 = 2500 m² each
    bow = Polygon([(0, 0), (100, 100), (100, 0), (0, 100), (0, 0)])
    assert not bow.is_valid
    r = run(table, [bow], ["A"], min_area=1000.0)
    assert r.stats["repaired_invalid"] == 1
    assert any("repaired" in t and p["count"] == 1 for t, p in r.warnings)
    assert list(r.table["area_m2"].round(6)) == [2500.0, 2500.0]
    assert list(r.table["uplift_pts"].round(6)) == [20000.0, 20000.0]
    assert all(g.is_valid for g in r.geometries)


def test_invalid_overlay_geometry_repaired(table):
    bow = Polygon([(0, 0), (100, 100), (100, 0), (0, 100), (0, 0)])  # two triangles of 2500 m²
    # exclusion: the bow tie shifted 200 m to the right removes 5000 m² of the second square
    bow2 = shapely.affinity.translate(bow, 200, 0)
    r = run(table, [box(0, 0, 100, 100), box(200, 0, 300, 100)], ["A", "A"], flood=arr(bow),
            exclusions=[arr(bow2)])
    assert row_of(r, 1)["share_flood"] == pytest.approx(0.5)
    # left of the second square: its top and bottom triangles, 2500 m² each
    assert sorted(r.table[r.table["src_fid"] == 2]["area_m2"].round(6)) == [2500.0, 2500.0]
    assert r.stats["repaired_invalid_layers"] == 2
    layers = sorted(p["layer"] for t, p in r.warnings if "layer" in p)
    assert layers == ["EXCLUSIONS", "FLOODPLAIN"]


def test_collection_geometries(table):
    # a polygon with a dangling spike: make_valid gives GEOMETRYCOLLECTION(POLYGON, LINESTRING)
    spike = Polygon([(0, 0), (100, 0), (100, 100), (50, 100), (50, 150), (50, 100), (0, 100)])
    assert not spike.is_valid
    nested = shapely.GeometryCollection([MultiPolygon([box(0, 0, 10, 100)]), box(90, 0, 100, 100)])
    r = run(table, [spike], ["A"], water=arr(nested))
    row = r.table.iloc[0]
    assert row["area_m2"] == pytest.approx(10000.0) and row["share_water"] == pytest.approx(0.2)
    assert r.stats["repaired_invalid"] == 1


def test_length_mismatch(table):
    with pytest.raises(ValueError):
        screen(arr(box(0, 0, 1, 1)), np.array([1, 2]), ["A"], table)
    with pytest.raises(ValueError):
        screen(arr(box(0, 0, 1, 1)), np.array([1]), ["A"], table, ScreeningOptions(soil=[1.0, 2.0]))


def test_multipolygon_parts_and_part_order(table):
    mp = MultiPolygon([box(0, 0, 100, 100), box(200, 0, 300, 100)])
    r = run(table, [mp], ["A"], fids=[9])
    assert list(r.table["src_fid"]) == [9, 9]
    assert list(r.table["rank"]) == [1, 2]
    # equal score and uplift: the first part of the feature ranks first
    assert r.geometries[0].equals(MultiPolygon([box(0, 0, 100, 100)]))


def test_z_coordinates_dropped(table):
    pz = Polygon([(0, 0, 5), (100, 0, 5), (100, 100, 5), (0, 100, 5)])
    r = run(table, [pz], ["A"])
    assert not r.geometries[0].has_z and r.table.iloc[0]["area_m2"] == pytest.approx(10000.0)


# --------------------------------------------------------------------------- shares

@pytest.mark.parametrize("small_limits", [False, True])
def test_overlapping_features_of_a_layer_count_once(table, monkeypatch, small_limits):
    if small_limits:  # dissolve on a grid of several tiles
        monkeypatch.setattr(screening, "TILE_VERTICES", 4)
    # x 0..50 and x 25..75 overlap; union x 0..75 = 0.75 of the square (the sum would be 1.0)
    r = run(table, [box(0, 0, 100, 100)], ["A"],
            riparian=arr(box(0, 0, 50, 100), box(25, 0, 75, 100)),
            corridor=arr(box(0, 0, 10, 100), box(0, 0, 10, 100)))
    row = r.table.iloc[0]
    assert row["share_riparian"] == pytest.approx(0.75)
    assert row["share_corridor"] == pytest.approx(0.10)
    assert row["score"] == pytest.approx(8 / 24 + 0.75 + 0.10)


def test_empty_and_missing_layers_give_zero(table):
    r = run(table, [box(0, 0, 100, 100)], ["A"], water=arr(), flood=arr(None, Polygon()),
            riparian=None, corridor=np.empty(0, dtype=object))
    row = r.table.iloc[0]
    for c in ("share_water", "share_flood", "share_riparian", "share_corridor"):
        assert row[c] == 0.0
    assert row["score"] == pytest.approx(8 / 24)


def test_touching_layer_gives_zero_share(table):
    r = run(table, [box(0, 0, 100, 100)], ["H"], flood=arr(box(100, 0, 200, 100)))
    row = r.table.iloc[0]
    assert row["share_flood"] == 0.0 and row["notes"] == ""


# --------------------------------------------------------------------------- PIK

def pik_case(table, soil, **kw):
    # F1 arable 100 x 100 = 10,000 m², F2 arable 100 x 200 = 20,000 m², F3 grassland 10,000 m²
    geoms = [box(0, 0, 100, 100), box(200, 0, 300, 200), box(400, 0, 500, 100)]
    return run(table, geoms, ["A", "A", "G"], soil=np.array(soil, dtype=float), **kw)


def test_pik_default_threshold_area_weighted_mean(table):
    r = pik_case(table, [40.0, 70.0, 90.0])
    # arable candidates with a PIK pair only: (40 * 10,000 + 70 * 20,000) / 30,000 = 60
    assert r.stats["pik_soil_threshold"] == pytest.approx(60.0)
    f1, f2, f3 = row_of(r, 1), row_of(r, 2), row_of(r, 3)
    assert not f1["pik"] and f1["measure"] == "Grünland" and f1["value_target"] == 15.0
    assert f1["uplift_pts"] == pytest.approx(8 * 10000.0)
    assert f2["pik"] and f2["measure"] == "Blühstreifen" and f2["value_target"] == 10.0
    assert f2["uplift_pts"] == pytest.approx(3 * 20000.0)
    assert f2["score"] == pytest.approx(3 / 24)
    assert f2["notes"] == "pik" and f1["notes"] == ""
    assert not f3["pik"]  # no PIK pair, soil 90 does not matter
    assert r.stats["pik_candidates"] == 1


def test_pik_given_threshold_is_inclusive(table):
    r = pik_case(table, [40.0, 70.0, 90.0], pik_soil_threshold=40.0)
    assert row_of(r, 1)["pik"] and row_of(r, 2)["pik"]
    assert r.stats["pik_soil_threshold"] == 40.0
    r = pik_case(table, [40.0, 70.0, 90.0], pik_soil_threshold=80.0)
    assert not r.table["pik"].any()


def test_pik_unknown_soil_and_no_soil(table):
    r = pik_case(table, [np.nan, 70.0, 90.0])
    # only F2 has a known soil value: threshold = 70, F2 reaches it
    assert r.stats["pik_soil_threshold"] == pytest.approx(70.0)
    assert not row_of(r, 1)["pik"] and row_of(r, 2)["pik"]
    r = pik_case(table, [np.nan, np.nan, 90.0])
    assert r.stats["pik_soil_threshold"] is None and not r.table["pik"].any()
    assert any("soil value" in t for t, p in r.warnings)
    r = run(table, [box(0, 0, 100, 100)], ["A"])
    assert r.stats["pik_soil_threshold"] is None and not r.table["pik"].any()


def test_pik_threshold_uses_parts_after_exclusions(table):
    # F1's 10,000 m² lose x 0..50 -> 5,000 m²: (40 * 5,000 + 70 * 20,000) / 25,000 = 64
    r = pik_case(table, [40.0, 70.0, 90.0], exclusions=[arr(box(0, 0, 50, 100))])
    assert r.stats["pik_soil_threshold"] == pytest.approx(64.0)


def test_pik_on_any_row_with_pair_and_woody_note(table):
    # orchard row O: measure woody, PIK pair not woody. No arable PIK candidate -> threshold of all
    # PIK rows: (30 * 10,000 + 60 * 10,000) / 20,000 = 45 -> only the second orchard gets PIK.
    geoms = [box(0, 0, 100, 100), box(200, 0, 300, 100)]
    r = run(table, geoms, ["O", "O"], soil=np.array([30.0, 60.0]), flood=arr(box(-10, -10, 400, 50)))
    assert r.stats["pik_soil_threshold"] == pytest.approx(45.0)
    o1, o2 = row_of(r, 1), row_of(r, 2)
    assert not o1["pik"] and o1["notes"] == "woody_in_flood" and o1["share_flood"] == pytest.approx(0.5)
    assert o2["pik"] and o2["measure"] == "Extensive Beweidung" and o2["value_target"] == 14.0
    assert o2["notes"] == "pik"  # the effective (PIK) measure plants nothing


# --------------------------------------------------------------------------- notes

def test_notes(table):
    geoms = [box(0, 0, 100, 100), box(200, 0, 300, 100), box(400, 0, 500, 100), box(600, 0, 700, 100)]
    r = run(table, geoms, ["H", "A", "G", "A"],
            flood=arr(box(0, 0, 700, 10)),             # all four, 10 % each
            riparian=arr(box(0, 90, 700, 100)),        # all four, 10 % each
            water_zone1=arr(box(640, 40, 660, 60), box(150, 40, 190, 60)))  # inside F4; between parcels
    assert row_of(r, 1)["notes"] == "woody_in_flood"          # woody measure (hedge) in the flood zone
    assert row_of(r, 2)["notes"] == "arable_in_riparian"      # arable land in the riparian strip
    assert row_of(r, 3)["notes"] == ""                        # grassland, not woody
    assert row_of(r, 4)["notes"] == "arable_in_riparian;water_zone_1"
    assert row_of(r, 1)["share_flood"] == pytest.approx(0.1)
    assert NOTE_IDS == ("woody_in_flood", "arable_in_riparian", "water_zone_1", "pik")


def test_all_notes_in_order(table):
    r = run(table, [box(0, 0, 100, 100)], ["A"], soil=np.array([50.0]), pik_soil_threshold=50,
            riparian=arr(box(0, 0, 10, 100)), water_zone1=arr(box(45, 45, 55, 55)))
    assert r.table.iloc[0]["notes"] == "arable_in_riparian;water_zone_1;pik"


# --------------------------------------------------------------------------- municipalities, summary

def test_municipality_largest_share(table):
    geoms = [box(0, 0, 100, 100), box(200, 0, 300, 100), box(1000, 1000, 1100, 1100)]
    munis = arr(box(-100, -100, 30, 200),    # Wurzen: x 0..30 of F1 = 3000 m²
                box(30, -100, 150, 200),     # Bennewitz: x 30..100 of F1 = 7000 m²
                box(150, -100, 230, 200),    # Lossatal: x 200..230 + x 270..300 of F2 = 6000 m²
                box(230, -100, 270, 200),    # Wurzen: x 230..270 of F2 = 4000 m² (largest single piece)
                box(270, -100, 400, 200))    # Lossatal
    names = ["Wurzen", "Bennewitz", "Lossatal", "Wurzen", "Lossatal"]
    r = run(table, geoms, ["A", "G", "A"], municipalities=(munis, names), demand=1.0)
    assert row_of(r, 1)["municipality"] == "Bennewitz"
    assert row_of(r, 2)["municipality"] == "Lossatal"
    assert row_of(r, 3)["municipality"] == ""  # outside all
    s = r.summary
    assert list(s["municipality"]) == ["", "Bennewitz", "Lossatal", "total"]
    assert list(s["candidates"]) == [1, 1, 1, 3]
    assert list(s["area_m2"]) == pytest.approx([10000.0, 10000.0, 10000.0, 30000.0])
    assert list(s["uplift_pts"]) == pytest.approx([80000.0, 80000.0, 70000.0, 230000.0])
    # demand 1: only rank 1 is selected; ranks: A (fid 1) before A (fid 3) before G
    assert list(r.table["src_fid"]) == [1, 3, 2]
    assert list(s["selected_area_m2"]) == pytest.approx([0.0, 10000.0, 0.0, 10000.0])
    assert list(s["selected_pts"]) == pytest.approx([0.0, 80000.0, 0.0, 80000.0])


def test_municipality_big_polygons_subdivided(table):
    # municipality boundaries with many vertices (subdivided internally)
    left = shapely.segmentize(box(-1000, -1000, 60, 1000), 1.0)
    right = shapely.segmentize(box(60, -1000, 1000, 1000), 1.0)
    assert shapely.get_num_coordinates(left) > 1000
    r = run(table, [box(0, 0, 100, 100)], ["A"], municipalities=(arr(left, right), ["Links", "Rechts"]))
    assert r.table.iloc[0]["municipality"] == "Links"  # 6000 m² against 4000 m²


# --------------------------------------------------------------------------- rank

def test_rank_ties(table):
    # F1 and F2: same code, same area -> same score and uplift -> smaller src_fid first.
    # F3: same score (same gain) but larger area -> larger uplift -> before both.
    # F4: grassland (gain 7) with corridor share 1 -> score 7/24 + 1 beats all.
    geoms = [box(0, 0, 100, 100), box(200, 0, 300, 100), box(400, 0, 600, 100), box(700, 0, 800, 100)]
    r = run(table, geoms, ["A", "A", "A", "G"], fids=[7, 3, 11, 20], corridor=arr(box(690, -10, 810, 110)))
    assert list(r.table["src_fid"]) == [20, 11, 3, 7]
    assert list(r.table["rank"]) == [1, 2, 3, 4]
    assert row_of(r, 20)["score"] == pytest.approx(7 / 24 + 1)


# --------------------------------------------------------------------------- demand

def demand_case(table, demand):
    # H: 50 x 100 = 5000 m², gain 12 -> 60,000 pts, score 0.5     -> rank 1
    # A: 100 x 100,             gain 8  -> 80,000 pts, score 0.333 -> rank 2
    # G: 100 x 100,             gain 7  -> 70,000 pts, score 0.292 -> rank 3
    geoms = [box(0, 0, 100, 100), box(200, 0, 300, 100), box(400, 0, 450, 100)]
    return run(table, geoms, ["A", "G", "H"], demand=demand)


def test_demand_met_crossing_candidate_selected(table):
    r = demand_case(table, 100000.0)
    assert list(r.table["src_fid"]) == [3, 1, 2]
    assert list(r.table["selected"]) == [True, True, False]  # 60,000 < 100,000 <= 140,000
    assert r.stats["selected_pts"] == pytest.approx(140000.0)
    assert r.stats["demand_met"] is True and r.stats["shortfall"] == 0
    assert r.summary.iloc[-1]["selected_area_m2"] == pytest.approx(15000.0)
    assert not any("short" in t for t, p in r.warnings)


def test_demand_exactly_reached(table):
    r = demand_case(table, 60000.0)
    assert list(r.table["selected"]) == [True, False, False]


def test_demand_not_met_selects_all(table):
    r = demand_case(table, 300000.0)
    assert r.table["selected"].all()
    assert r.stats["demand_met"] is False
    assert r.stats["shortfall"] == pytest.approx(300000.0 - 210000.0)
    assert r.stats["selected_pts"] == pytest.approx(210000.0)
    msgs = [(t, p) for t, p in r.warnings if "short" in t]
    assert len(msgs) == 1
    assert msgs[0][1]["shortfall"] == pytest.approx(90000.0)
    assert "90000 short of the demand of 300000" in msgs[0][0].format(**msgs[0][1])


def test_demand_zero_selects_nothing(table):
    r = demand_case(table, 0.0)
    assert not r.table["selected"].any() and r.stats["demand_met"] is True


def test_bad_parameters(table):
    for kw in ({"demand": -1}, {"min_area": -5}, {"min_area": float("nan")}, {"weights": {"flood": "x"}}):
        with pytest.raises(KernelError):
            run(table, [box(0, 0, 100, 100)], ["A"], **kw)
    with pytest.raises(ValueError):
        run(table, [box(0, 0, 100, 100)], ["A"], weights={"noise": 1.0})


# --------------------------------------------------------------------------- progress, cancel

def test_progress_reported(table):
    seen = []
    run(table, [box(0, 0, 100, 100)], ["A"], progress=seen.append, water=arr(box(0, 0, 10, 10)))
    assert seen[0] == 0 and seen[-1] == 100 and len(seen) >= 10
    assert seen == sorted(seen)


@pytest.mark.parametrize("after", [0, 3, 10])
def test_cancel(table, after):
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > after

    geoms = [box(i * 100, 0, i * 100 + 100, 100) for i in range(20)]
    with pytest.raises(Cancelled):
        run(table, geoms, ["A"] * 20, is_cancelled=cancelled, exclusions=[arr(box(0, 0, 1000, 10))],
            water=arr(box(0, 0, 500, 50)))


# --------------------------------------------------------------------------- issue 17: valuation

def test_river_parcel_no_longer_ranks_first_with_the_shipped_table():
    # Shipped BKompV table (values typed from Anlage 2): river 44001 = 23.03a.01 (8) -> 23.02 (17),
    # arable 43001_1010 = 33.04b.03 (7) -> 34.07b.01 (15). Two 100 m x 100 m parcels; a flood zone
    # covers the lower quarter (y 0..25) of the arable parcel only.
    #   river : gain 17 - 8 = 9  -> uplift 90,000; score 9/24          = 0.3750
    #   arable: gain 15 - 7 = 8  -> uplift 80,000; score 8/24 + 0.25   = 0.5833  -> rank 1
    # With the old table (river 6.5 -> 22 "naturnah") the river scored 15.5/24 = 0.6458 and ranked
    # first although its 22 is no realistic target.
    t = load_value_table(DEFAULT_TABLE_PATH)
    r = run(t, [box(0, 0, 100, 100), box(200, 0, 300, 100)], ["44001", "43001_1010"],
            flood=arr(box(190, -10, 310, 25)))
    river, arable = row_of(r, 1), row_of(r, 2)
    assert (river["value_now"], river["value_target"]) == (8.0, 17.0)
    assert river["uplift_pts"] == pytest.approx(9 * 10000.0) and river["score"] == pytest.approx(9 / 24)
    assert arable["uplift_pts"] == pytest.approx(8 * 10000.0)
    assert arable["score"] == pytest.approx(8 / 24 + 0.25)
    assert (arable["rank"], river["rank"]) == (1, 2)


def test_method_named_in_every_row(table):
    table.method = "BKompV 2020, Anlage 2 (test)"
    r = run(table, [box(0, 0, 100, 100), box(200, 0, 300, 100)], ["A", "G"])
    assert list(r.table["method"]) == ["BKompV 2020, Anlage 2 (test)"] * 2
    assert "method" in TABLE_COLUMNS


def test_pik_threshold_source(table):
    # BKompV §10(2) asks for the district's figure; the candidates' mean is the plugin's stand-in
    r = pik_case(table, [40.0, 70.0, 90.0])
    assert r.stats["pik_threshold_source"] == "candidates"
    assert r.stats["pik_soil_threshold"] == pytest.approx((40 * 10000 + 70 * 20000) / 30000)
    r = pik_case(table, [40.0, 70.0, 90.0], pik_soil_threshold=55.0)  # a district's figure
    assert r.stats["pik_threshold_source"] == "given"
    assert not row_of(r, 1)["pik"] and row_of(r, 2)["pik"]  # 40 < 55 <= 70
    r = run(table, [box(0, 0, 100, 100)], ["A"])
    assert r.stats["pik_threshold_source"] is None


def test_woody_note_only_in_designated_flood_zones(table):
    # H (fallow -> hedge, woody) 100 x 100 at x 0..100; estimated zone covers y 0..50 (half),
    # the designated zone y 0..10 of parcel 2 only (x 200..300).
    geoms = [box(0, 0, 100, 100), box(200, 0, 300, 100)]
    flood = arr(box(-10, -10, 310, 50))
    designated = arr(box(190, -10, 310, 10))
    r = run(table, geoms, ["H", "H"], flood=flood, flood_designated=designated)
    p1, p2 = row_of(r, 1), row_of(r, 2)
    assert p1["share_flood"] == pytest.approx(0.5) and p2["share_flood"] == pytest.approx(0.5)
    assert p1["notes"] == "" and p2["notes"] == "woody_in_flood"  # estimated only / designated part
    # an empty designated layer (a zone field without any zone 0): no §78a note at all
    r = run(table, geoms, ["H", "H"], flood=flood, flood_designated=arr())
    assert list(r.table["notes"]) == ["", ""] and list(r.table["share_flood"]) == [0.5, 0.5]
    # no designation given: the whole flood layer counts as designated
    r = run(table, geoms, ["H", "H"], flood=flood)
    assert list(r.table["notes"]) == ["woody_in_flood", "woody_in_flood"]
