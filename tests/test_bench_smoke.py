"""Smoke test of the benchmark harness (`make bench`, bench/): every case at a tiny size.

Each test runs one case through bench/run.py's main() — the same code path as `make bench`:
data generated into a temporary cache, one child process per run with its own headless QGIS,
the native/GRASS peer, the evaluation and a results.md with the plot in a temporary folder (never
the repository's bench/results.md). A few hundred parcels and 100 x 100 cells keep each test at a
few seconds; the regional sizes run only in `make bench`.
"""
import json
import shutil
from pathlib import Path

import pytest

import data  # bench/data.py, bench/run.py, bench/report.py (pyproject.toml: pythonpath)
import run
import report

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """One tiny region for all tests of this module."""
    folder = tmp_path_factory.mktemp("bench_cache")
    data.region(data.region_spec("smoke"), folder, log=lambda *a: None)
    return folder


def bench(case, cache, tmp_path, *extra):
    out, work = tmp_path / "out", tmp_path / "results" / "work"
    lines = []
    code = run.main(["--profile", "smoke", "--runs", "1", "--only", case, "--cache", str(cache),
                     "--out", str(out), "--work", str(work), *extra], log=lines.append)
    assert code == 0, "\n".join(lines)
    raw = json.loads((tmp_path / "results" / "latest.json").read_text())
    md = (out / "results.md").read_text(encoding="utf-8")
    assert "## Machine" in md and "## Targets" in md and "## Methods" in md
    assert not (ROOT / "bench" / "results.md").samefile(out / "results.md") if (
        ROOT / "bench" / "results.md").exists() else True
    return raw["results"][case], md, out, lines


def only_ok(summary):
    assert summary["status"] == "ok", summary
    return summary


def test_screening_and_native_chain(cache, tmp_path):
    result, md, out, _ = bench("screening", cache, tmp_path)
    ours = only_ok(result["scaling"][0])
    assert ours["outputs"]["features"] > 0 and ours["outputs"]["candidates"] == ours["outputs"]["features"]
    peer = only_ok(result["peer"]["full"])
    assert peer["outputs"]["features"] > 0 and peer["outputs"]["share_fields"] == 4
    # the native chain produces the same candidates: same parts, area and uplift
    assert peer["outputs"]["features"] == ours["outputs"]["features"]
    assert peer["outputs"]["area_m2"] == pytest.approx(ours["outputs"]["area_m2"], rel=1e-3)
    assert peer["outputs"]["total_uplift"] == pytest.approx(ours["outputs"]["total_uplift"], rel=1e-3)
    assert "join by location (municipality, largest overlap)" in peer["steps"]
    assert result["evaluation"]["status"] == "n/a"  # targets apply at full size only
    assert "Ratio peer / WERTvoll" in md and (out / "scaling_screening.png").stat().st_size > 1000


def test_screening_subset_extrapolation(cache, tmp_path, monkeypatch):
    """The peer on fid subsets with the linear fit, as at full size when the chain takes hours."""
    monkeypatch.setitem(data.PROFILES["smoke"], "peer_pilot", 60)
    args = run.parse_args(["--profile", "smoke", "--runs", "1", "--cache", str(cache), "--peer-budget", "0.001",
                           "--work", str(tmp_path / "work"), "--out", str(tmp_path / "out")])
    b = run.Bench(args, log=lambda *a: None)
    _, folder, counts = b.full_region()
    peer = b.subset_peer("screening", b.base_params(folder), counts["flurstuecke"], "parcels")
    assert [s["subset"] for s in peer["subsets"]] == ["fid % 6 = 0", "fid % 3 = 0"]
    for point in peer["subsets"]:
        assert only_ok(point["peer"])["outputs"]["features"] > 0
        assert only_ok(point["plugin"])["outputs"]["features"] == point["peer"]["outputs"]["features"]
    assert peer["estimate"]["seconds"] > 0 and peer["full"] is None  # over budget: not run at full size
    text = "\n".join(report._screening_peer(peer, None))
    assert "extrapolated" in text and peer["estimate"]["method"] in text  # the method is printed beside it


def test_riparian_and_native_chain(cache, tmp_path):
    result, md, _, _ = bench("riparian", cache, tmp_path)
    ours = only_ok(result["scaling"][0])["outputs"]
    same = only_ok(result["same_work"])["outputs"]
    peer = only_ok(result["peer"]["full"])["outputs"]
    assert ours["strip_features"] > 0 and ours["corridor_features"] > 0 and ours["strip_area_m2"] > 0
    assert peer["strip_area_m2"] == pytest.approx(same["strip_area_m2"], rel=0.02)
    assert peer["corridor_area_m2"] == pytest.approx(same["corridor_area_m2"], rel=0.02)
    assert "native buffer" in md


def test_flood_and_raster_chain(cache, tmp_path):
    result, md, _, _ = bench("flood", cache, tmp_path)
    ours = only_ok(result["scaling"][0])["outputs"]
    peer = only_ok(result["peer"]["full"])["outputs"]
    assert ours["zone_features"] > 0 and ours["zone_le_3_m2"] > 0
    for k in (1, 2, 3):  # same computation, small differences in the water level rule
        assert peer[f"zone_le_{k}_m2"] == pytest.approx(ours[f"zone_le_{k}_m2"], rel=0.15)
    assert "gdal:gridnearestneighbor" in md


def test_flood_on_the_planning_region_in_tiles_equals_one_piece(cache, tmp_path):
    """flood_10m (one piece) and flood_dgm2 (tiles of 64 cells) share the 40 m DEM of the smoke profile."""
    one, _, _, _ = bench("flood_10m", cache, tmp_path / "one")
    tiles, md, _, _ = bench("flood_dgm2", cache, tmp_path / "tiles")
    whole = only_ok(one["scaling"][0])
    assert whole["cell_m"] == 40.0 and whole["tile"] == 0
    assert [s["cell_m"] for s in tiles["scaling"]] == [40.0, 20.0]
    tiled = only_ok(tiles["scaling"][0])
    assert tiled["tile"] == 64 and tiled["size"] == whole["size"] > 64 * 64 * 4      # more than 4 tiles
    assert whole["outputs"]["zone_le_3_m2"] > 0
    # the same zones 1-3; the fit to the official zones (zone 100) runs in one piece only
    rings = {k: v for k, v in whole["outputs"].items() if k.startswith("zone_le_")}
    assert {k: tiled["outputs"][k] for k in rings} == rings
    assert whole["outputs"]["calibrated_m2"] > 0 and tiled["outputs"]["calibrated_m2"] == 0
    assert "2 m DEM of the planning region" in md


def test_corridors_skip_or_run_and_grass_peer(cache, tmp_path):
    from qgis.core import QgsApplication  # noqa: F401 - the plugin registry is checked in the child

    result, md, _, lines = bench("corridors", cache, tmp_path)
    first = result["scaling"][0]
    if first["status"] == "skip":
        assert first["message"] == "skipped: wertvoll:biotopecorridors not available"
        assert result["evaluation"]["status"] == "SKIP"
        assert "**SKIP**" in md and any("skipped: wertvoll:biotopecorridors not available" in x for x in lines)
    else:
        assert only_ok(first)["outputs"]["links"] > 0
    grass = result["peer"]["grass"]
    if shutil.which("grass") is None:
        print("GRASS part skipped: GRASS GIS is not installed (make bench installs grass-core)")
        pytest.skip("GRASS GIS not installed: the r.cost peer is not smoke-tested (make bench installs grass-core)")
    assert grass["status"] == "ok", grass
    assert grass["outputs"]["pairs"] > 0
    # GRASS r.cost (no knight's move) x ew_res equals scikit-image MCP_Geometric: the unit conversion holds
    import numpy as np
    from osgeo import gdal
    from skimage.graph import MCP_Geometric

    params = json.loads((Path(grass["log"]).parent / "params.json").read_text())
    ds = gdal.Open(params["resistance"])
    cost = ds.ReadAsArray().astype(float)
    _, dx, _, _, _, dy = ds.GetGeoTransform()
    patches = gdal.Open(params["patch_raster"]).ReadAsArray()
    for source, row in grass["costs"].items():
        cumulative, _ = MCP_Geometric(cost, sampling=(abs(dy), dx)).find_costs(np.argwhere(patches == int(source)))
        for target, value in row.items():
            assert value == pytest.approx(cumulative[patches == int(target)].min(), rel=1e-6)
    if first["status"] == "ok":
        assert result["peer"]["comparison"]["pairs"] > 0


def test_robustness(cache, tmp_path):
    result, md, out, _ = bench("robustness", cache, tmp_path)
    ours = only_ok(result["scaling"][0])["outputs"]
    assert ours["parts"] == 400 and ours["runs"] == 100
    assert 0 < ours["robust"] <= ours["ever_selected"] < 400  # demand 10 % of the points: some, not all
    assert "Robustness of the ranking" in md and (out / "scaling_robustness.png").stat().st_size > 1000


def test_connectivity_gain_over_the_cached_network(cache, tmp_path):
    result, md, _, lines = bench("connectivity", cache, tmp_path)
    first = result["scaling"][0]
    if first["status"] == "skip":
        assert first["message"] == "skipped: wertvoll:biotopecorridors not available"
        return
    out = only_ok(first)["outputs"]
    assert out["parcels"] > 0 and out["links"] > 0 and out["patches"] >= 2
    assert out["eca_m2"] > 0 and 0 < out["parcels_on_links"] <= out["link_crossings"]
    assert "Connectivity gain per candidate" in md
    assert any("corridor network" in line for line in lines)        # built once in its own child
    again, _, _, lines = bench("connectivity", cache, tmp_path / "again")
    assert not any("corridor network" in line for line in lines)    # then taken from the cache
    assert only_ok(again["scaling"][0])["outputs"] == out
def test_selection_against_greedy(cache, tmp_path):
    result, md, _, _ = bench("selection", cache, tmp_path)
    o = only_ok(result["scaling"][0])["outputs"]
    assert o["parts"] == 400 and o["groups"] == 4 and o["status"] in ("optimal", "gap reached")
    assert o["gap"] <= 0.005
    # the optimum takes no more farmland than the greedy walk (which does not even respect the caps)
    assert o["optimal_farmland_ha"] <= o["greedy_farmland_ha"] + 1e-9
    assert "Farmland taken: optimal" in md


def test_slope_and_plot(tmp_path):
    assert run.loglog_slope([1e4, 1e5, 1e6], [1.0, 10.0, 100.0]) == pytest.approx(1.0)
    assert run.loglog_slope([1e4], [1.0]) is None
    scaling = [{"status": "ok", "size": n, "median_s": t, "times_s": [t], "rss_mb": 300 + n / 1e3}
               for n, t in ((1e4, 1.0), (3e4, 2.8), (1e5, 9.5))]
    path = report.plot(tmp_path, "demo", {"scaling": scaling, "peer": {"estimate": {"seconds": 100.0}}}, "parcels")
    assert path.exists() and path.stat().st_size > 1000


def test_link_costs_are_compared_where_both_report_a_link():
    grass = {"1": {"3": 100.0, "5": 50.0}, "5": {"1": 50.0, "3": 20.0}}  # as read back from JSON
    result = run.compare_links([[1, 3, 100.2], [3, 5, 20.0], [3, 9, 7.0]], grass)
    assert result["pairs"] == 2 and result["links"] == 3
    assert result["max_rel_diff"] == pytest.approx(0.002)
    assert run.compare_links([], grass)["max_rel_diff"] is None


def test_targets_table_names_every_case_and_issue():
    targets = run.load_targets()
    assert set(targets) == set(run.CASE_ORDER)
    assert {t["issue"] for t in targets.values()} == {"3", "4", "5", "6", "20", "21"}
    assert all(float(t["max_seconds"]) > 0 and float(t["max_rss_gb"]) > 0 for t in targets.values())


def test_mosaic_repeats_the_region_side_by_side(cache, tmp_path):
    """data.mosaic (the state profile's Saxony): k x k copies, each moved by whole region extents,
    place names and habitat patch ids of the copies told apart; the DEM covers all copies."""
    import numpy as np
    import shapely
    from osgeo import gdal, ogr

    region = data.region(data.region_spec("smoke"), cache, log=lambda *a: None)
    folder = data.mosaic(region, 2, tmp_path, log=lambda *a: None)
    xmin, ymin, xmax, ymax, nx, ny = data.dem_bounds(region)
    bounds = data.dem_bounds(folder)
    assert bounds[:4] == pytest.approx((xmin, ymin, 2 * xmax - xmin, 2 * ymax - ymin))
    assert bounds[4:] == (2 * nx, 2 * ny)
    dem, mosaic_dem = gdal.Open(str(region / "demo_dem.tif")), gdal.Open(str(folder / "demo_dem.tif"))
    top_right = mosaic_dem.ReadAsArray(nx, 0, nx, ny)  # the copy moved east lies in the upper right
    assert np.array_equal(top_right, dem.ReadAsArray())

    def towns(path):
        ds = ogr.Open(str(path))  # the layer lives only as long as its data source
        return [(f.GetField("name"), shapely.from_wkb(bytes(f.GetGeometryRef().ExportToIsoWkb())))
                for f in ds.GetLayerByName("gemeinden")]

    one, four = towns(region / "demo_region.gpkg"), towns(folder / "demo_region.gpkg")
    assert len(four) == 4 * len(one)
    names = [name for name, _ in four]
    assert len(set(names)) == len(names) == 4 * len(set(n for n, _ in one))
    dx = xmax - xmin
    name, geom = one[0]
    moved = dict(four)[f"{name} #2"]
    assert shapely.equals_exact(moved, shapely.transform(geom, lambda xy: xy + (dx, 0.0)), 1e-6)

    def patch_ids(path):
        ds = ogr.Open(str(path))
        return [f.GetField("patch_id") for f in ds.GetLayerByName("habitate")]

    ids = patch_ids(region / "demo_region.gpkg")
    assert ids and len(set(ids)) == len(ids)
    assert patch_ids(folder / "demo_region.gpkg") == [i + copy * 1_000_000 for copy in range(4) for i in ids]


def test_state_table_reports_slopes_and_targets(tmp_path):
    """bench/state.py's evaluation and results_state.md from results given by hand (no runs)."""
    import state

    rows = state.load_targets()
    by_id = {row["id"]: row for row in rows}
    results = {
        "screening_300k": {"status": "ok", "seconds": 30.0, "rss_mb": 1000.0},
        "screening_800k": {"status": "ok", "seconds": 30.0 * (800336 / 299570) ** 1.1, "rss_mb": 3000.0},
        "postgis_800k": {"status": "skip", "message": by_id["postgis_800k"]["note"]},
    }
    evaluation = state.evaluate(rows, results)
    assert evaluation["screening_800k"]["slope"] == pytest.approx(1.1)
    assert evaluation["screening_800k"]["time"] == "PASS"  # 88.4 s < 90 s
    assert evaluation["screening_800k"]["memory"] == "FAIL"  # 3.0 GB > 2.5 GB
    assert evaluation["screening_800k"]["per_unit_us"] == pytest.approx(1e6 * results["screening_800k"]["seconds"]
                                                                        / 800336)
    assert evaluation["postgis_800k"]["time"] == "SKIP" and evaluation["corridors_44m"]["time"] == "SKIP"
    path = state.write(tmp_path, {"started": "now", "runs": 1}, results)
    text = path.read_text(encoding="utf-8")
    assert "| screening | planning region" in text and "time PASS, memory FAIL" in text and "| 1.10 |" in text

    def postgis(ratio, same):
        result = {"status": "ok", "seconds": 60.0 * ratio, "rss_mb": 900.0, "qgis_seconds": 60.0, "qgis_rss_mb": 1300.0,
                  "ratio": ratio, "same_results": same, "load_seconds": 99.0,
                  "outputs": {"database": {"candidates": 476528}, "qgis": {"candidates": 476527}}}
        return state.evaluate(rows, {"postgis_800k": result})["postgis_800k"]["time"], result

    assert postgis(1.49, True)[0] == "PASS"  # the target: within 1.5 x the QGIS run, same results
    assert postgis(1.51, True)[0] == "FAIL"
    assert postgis(0.8, False)[0] == "FAIL"
    text = state.write(tmp_path, {"started": "now", "runs": 1}, {"postgis_800k": postgis(0.8, True)[1]}).read_text(
        encoding="utf-8")
    assert "48.0 s (QGIS on the same layers 60.0 s, 0.80×" in text
    assert "PASS: same land (476,528 / 476,527 parts)" in text
    qgis = {"candidates": 476527, "area_m2": 4.9e10, "total_uplift": 4.2e11}
    assert state._same_land(qgis, {**qgis, "candidates": 476528})  # one parcel split at a pinch point
    assert not state._same_land(qgis, {**qgis, "candidates": 476520})
    assert not state._same_land(qgis, {**qgis, "area_m2": 4.9e10 * (1 + 2e-6)})
