"""The screening by chunks (issue 22) gives the result of one piece, bit for bit.

A generated region (scripts/make_demo_region.py, ~2,000 parcels) is screened once in one piece
and once in chunks of a few dozen candidate features, each chunk a compact area: the table, the
WKB of every output geometry, the summary, the warnings and the statistics must be equal. The
region has every overlay the screening reads (exclusions, the four co-benefit layers, zone I,
designated flood zones, municipalities), soil values, a percolation raster and a bow-tie parcel
that needs repair; the candidates come as WKB, as the Processing algorithm passes them.
"""
import numpy as np
import pandas as pd
import pytest
import shapely
import shapely.affinity
from osgeo import ogr

import make_demo_region as mdr  # scripts/ (pyproject.toml: pythonpath)
from wertvoll.kernels import screening, water_climate
from wertvoll.kernels.grid import Grid
from wertvoll.kernels.screening import ScreeningOptions, screen
from wertvoll.kernels.value_table import DEFAULT_TABLE_PATH, load_value_table


def _layer(gpkg, name, fields=()):
    ds = ogr.Open(str(gpkg))
    lyr = ds.GetLayerByName(name)
    wkb, fids, values = [], [], {f: [] for f in fields}
    for feature in lyr:
        wkb.append(bytes(feature.GetGeometryRef().ExportToIsoWkb()))
        fids.append(feature.GetFID())
        for f in fields:
            values[f].append(feature.GetField(f))
    return np.array(wkb, dtype=object), np.array(fids, dtype=np.int64), values


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    out = tmp_path_factory.mktemp("chunks")
    res = mdr.generate(out, seed=7, scale=0.2, parcels=2000, river_segments=80, patches=8, dem_size=64)
    gpkg = res["gpkg"]
    wkb, fids, values = _layer(gpkg, "flurstuecke", ("nutzung", "bodenzahl"))
    bow_tie = shapely.from_wkt("POLYGON ((0 0, 100 100, 100 0, 0 100, 0 0))")  # repaired: two triangles
    corners = shapely.bounds(shapely.from_wkb(wkb[::400][:5]))[:, :2]  # one in each of 5 spread parcels' boxes
    extra = [shapely.to_wkb(shapely.affinity.translate(bow_tie, x, y)) for x, y in corners]
    wkb = np.append(wkb, np.array([*extra, None], dtype=object))
    fids = np.append(fids, np.arange(10 ** 6, 10 ** 6 + len(extra) + 1))
    codes = values["nutzung"] + ["43001_1010"] * 6
    soil = np.array([np.nan if v is None else float(v) for v in values["bodenzahl"]] + [60.0] * 6)
    geoms = {name: shapely.from_wkb(_layer(gpkg, name)[0]) for name in (
        "ortslagen", "verkehr", "kompensationsflaechen", "schutzgebiete", "habitate")}
    water, _, water_values = _layer(gpkg, "wasserschutzgebiete", ("zone",))
    water = shapely.from_wkb(water)
    zone1 = water[np.array([str(z).strip().upper() in ("I", "1") for z in water_values["zone"]], dtype=bool)]
    flood = shapely.from_wkb(_layer(gpkg, "ueberschwemmungsgebiet")[0])
    towns, _, town_values = _layer(gpkg, "gemeinden", ("name",))
    x0, y0, x1, y1 = shapely.total_bounds(shapely.from_wkb(wkb[:-1]))
    seepage = Grid(np.arange(400, dtype=np.float32).reshape(20, 20) % 97 + 40, x0, y1, (x1 - x0) / 20, (y1 - y0) / 20)
    options = ScreeningOptions(
        exclusions=[geoms["ortslagen"], geoms["verkehr"], geoms["kompensationsflaechen"]],
        water=water, flood=flood, riparian=shapely.buffer(geoms["schutzgebiete"], 30.0),
        corridor=shapely.buffer(geoms["habitate"], 300.0), water_zone1=zone1, flood_designated=flood[:1],
        municipalities=(shapely.from_wkb(towns), town_values["name"]), soil=soil, demand=2e7,
        water_climate=water_climate.Inputs(water_climate.load_factors(), seepage=seepage), min_area=2000.0)
    return wkb, fids, codes, options


def _screen(region, chunk, monkeypatch, threads=1):
    """The screening in chunks of *chunk* features on *threads* threads: (result, number of chunks)."""
    wkb, fids, codes, options = region
    monkeypatch.setattr(screening, "CHUNK_FEATURES", chunk)
    monkeypatch.setenv("WERTVOLL_WORKERS", str(threads))
    table = load_value_table(DEFAULT_TABLE_PATH)
    logs = []
    result = screen(wkb, fids, codes, table, options, log=lambda template, **params: logs.append(params))
    return result, max((params.get("chunks", 1) for params in logs), default=1)


def test_chunks_give_the_result_of_one_piece(region, monkeypatch):
    whole, one = _screen(region, 10 ** 9, monkeypatch)
    assert one == 1
    assert len(whole.table) > 500 and whole.stats["repaired_invalid"] == 5 and whole.stats["skipped_empty"] >= 1
    assert any(params.get("count") == 5 and "repaired" in template for template, params in whole.warnings)
    assert whole.table["share_corridor"].gt(0).sum() > 10 and whole.table["municipality"].ne("").all()
    assert whole.table["notes"].str.contains("water_zone_1").any()
    for threads in (1, 3):  # the same chunks on one thread and on three
        chunked, chunks = _screen(region, 37, monkeypatch, threads)
        assert chunks >= 20
        pd.testing.assert_frame_equal(chunked.table, whole.table, check_exact=True)
        assert list(chunked.wkb) == list(whole.wkb)
        pd.testing.assert_frame_equal(chunked.summary, whole.summary, check_exact=True)
        assert chunked.warnings == whole.warnings
        assert chunked.stats == whole.stats


def test_chunks_are_compact_areas():
    """Strips by y, cut by x: 4 chunks of 25 points on a 10 x 10 lattice are its 4 quarter-like blocks."""
    x, y = np.meshgrid(np.arange(10.0), np.arange(10.0))
    centres = np.column_stack([x.ravel(), y.ravel()])
    chunks = screening._chunks(np.arange(100), centres, size=25)
    assert [len(c) for c in chunks] == [25] * 4
    for c in chunks:  # each chunk spans at most half the rows (2 strips of 5 rows) and is sorted
        assert np.ptp(centres[c, 1]) <= 5 and list(c) == sorted(c)
    assert sorted(np.concatenate(chunks)) == list(range(100))


def test_wkb_store_reads_back_what_was_appended():
    """Round trip by slices and index arrays (runs and gaps, any order), None kept, from threads."""
    from concurrent.futures import ThreadPoolExecutor

    from wertvoll.kernels.geometry import WkbStore

    geoms = [shapely.box(i, 0, i + 1 + i % 3, 1) for i in range(1000)]
    wkb = [None if i % 7 == 3 else shapely.to_wkb(g) for i, g in enumerate(geoms)]
    store = WkbStore()
    try:
        for start in range(0, 1000, 300):  # appended in pieces of different sizes
            store.append(np.array(wkb[start:start + 300], dtype=object))
        assert len(store) == 1000
        assert list(store[:]) == wkb and list(store[10:20]) == wkb[10:20]
        picks = np.array([5, 6, 7, 3, 999, 0, 500, 501, 10])
        assert list(store[picks]) == [wkb[i] for i in picks]
        assert len(store[np.array([], dtype=np.int64)]) == 0
        rng = np.random.default_rng(1)
        draws = [np.sort(rng.choice(1000, 200, replace=False)) for _ in range(20)]
        with ThreadPoolExecutor(4) as pool:
            for draw, got in zip(draws, pool.map(lambda d: store[d], draws)):
                assert list(got) == [wkb[i] for i in draw]
    finally:
        store.close()


def test_a_wkb_store_gives_the_result_of_arrays(region, monkeypatch):
    from wertvoll.kernels.geometry import WkbStore

    whole, _ = _screen(region, 10 ** 9, monkeypatch)
    store = WkbStore()
    store.append(region[0])
    try:
        stored, chunks = _screen((store, *region[1:]), 300, monkeypatch, threads=2)
    finally:
        store.close()
    assert chunks > 1
    pd.testing.assert_frame_equal(stored.table, whole.table, check_exact=True)
    assert list(stored.wkb) == list(whole.wkb) and stored.warnings == whole.warnings


def test_database_connections_are_one_more_than_the_threads_unless_set(monkeypatch):
    """The database's areas run on one connection more than QGIS's threads (its cores are not known
    here); WERTVOLL_WORKERS sets both; a value that is no integer ≥ 1 counts as not set."""
    from wertvoll.kernels import workers

    monkeypatch.setattr(workers, "cpu_count", lambda: 2)
    for value, threads, connections in (("", 2, 3), ("5", 5, 5), ("1", 1, 1), ("x", 2, 3), ("0", 2, 3)):
        monkeypatch.setenv("WERTVOLL_WORKERS", value)
        assert (workers.thread_count(), workers.connection_count()) == (threads, connections), value
    monkeypatch.setattr(workers, "cpu_count", lambda: 16)
    monkeypatch.setenv("WERTVOLL_WORKERS", "")
    assert (workers.thread_count(), workers.connection_count()) == (4, 5)
