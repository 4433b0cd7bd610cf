"""``make bench PROFILE=state``: the planning region and Saxony (issue 22), not part of ``make test``.

    python bench/run.py --profile state [--only screening,riparian,corridors,postgis or row ids] [--runs 1] [--check]

Each case runs at the regional size of the full profile (the reference: 300,000 parcels, 20,000 river
segments, 16 M cells) and at the state sizes, each run in its own child process (bench/child.py: a
fresh headless QGIS, its peak RSS). Targets: ``bench/targets_state.csv``. Each row states the time
per parcel / segment / cell against the reference and the log-log scaling slope between them.

Data (cached like the full profile's, bench/data.py):
* planning region: the generator's region of 800,000 parcels (53,333 river segments, 800 patches);
* Saxony: 2 x 2 copies of it side by side (3.2 M parcels, :func:`data.mosaic`), and 2 x 2 copies of
  the 300,000-parcel region for the river network (80,000 segments, ~20,000 km, with its DEM and
  1.2 M parcels of land use);
* corridor rasters: the land-use resistance of bench/resistance.csv on the centred square at
  6,633² (44 M) cells with 500 patches (planning region) and 13,565² (184 M) cells with 2,000
  patches (Saxony). The generator scales its regions at a fixed density, so the cells are as
  coarse as the regions are small (the 44 M grid of the planning region has cells of ~13.6 m).
"""
from __future__ import annotations

import csv
import json
import math
import os
import time
from pathlib import Path

import data

BENCH = Path(__file__).resolve().parent
TARGETS = BENCH / "targets_state.csv"
REFERENCE_PATCHES, COARSEST = 200, 1000  # the full profile's corridor patches and coarsest raster


def load_targets():
    with open(TARGETS, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class Regions:
    """The regions of the state profile, generated or built on first use (cached)."""

    def __init__(self, bench):
        self.bench = bench

    def generated(self, parcels):
        spec = data.region_spec("full", parcels, self.bench.args.seed)
        return data.region(spec, self.bench.cache, self.bench.log)

    def folder(self, name):
        if name == "region300k":
            return self.generated(300_000)
        if name == "region800k":
            return self.generated(800_000)
        if name == "saxony":
            return data.mosaic(self.generated(800_000), 2, self.bench.cache, self.bench.log)
        if name == "network80k":
            return data.mosaic(self.generated(300_000), 2, self.bench.cache, self.bench.log)
        raise KeyError(name)

    def params(self, row):
        folder = self.folder(row["region"])
        patches = int(row.get("patches") or REFERENCE_PATCHES)
        params = {"gpkg": str(folder / "demo_region.gpkg"), "dem": str(folder / "demo_dem.tif"),
                  "bench_gpkg": str(data.bench_layers(folder, patches, COARSEST))}
        if row["case"] == "corridors":
            side = int(row["side"])
            params.update(resistance=str(data.resistance(folder, side)),
                          patch_raster=str(data.patch_raster(folder, side, patches, COARSEST)))
        if row["case"] == "riparian":
            params["variant"] = "target"
        return params


def run(bench, only=()):
    """Every row of targets_state.csv (of the cases or row ids in *only*): {row id: result}."""
    regions, results = Regions(bench), {}
    for row in load_targets():
        if only and row["case"] not in only and row["id"] not in only:
            continue
        if row["case"] == "postgis":
            results[row["id"]] = postgis(bench, regions.params(row))
            continue
        bench.log(f"bench (state): {row['id']}: {row['workload']}")
        params = regions.params(row)
        timeout = 3 * float(row["max_seconds"]) + 600
        runs = [bench.runner.run(row["case"], params, timeout=timeout, label=row["id"])
                for _ in range(bench.args.runs)]
        ok = [r for r in runs if r.get("status") == "ok"]
        results[row["id"]] = {
            "status": "ok" if ok else runs[0].get("status"), "message": runs[0].get("message", ""),
            "seconds": sorted(r["seconds"] for r in ok)[len(ok) // 2] if ok else None,
            "rss_mb": max((r["rss_mb"] for r in ok), default=None),
            "outputs": ok[-1].get("outputs", {}) if ok else {}, "runs": runs}
    return results


#: the screening's layers (GeoPackage, layer) loaded into PostGIS for the postgis row
PG_LAYERS = (("gpkg", "flurstuecke"), ("gpkg", "ortslagen"), ("gpkg", "verkehr"), ("gpkg", "kompensationsflaechen"),
             ("gpkg", "wasserschutzgebiete"), ("gpkg", "ueberschwemmungsgebiet"), ("gpkg", "gemeinden"),
             ("bench_gpkg", "riparian_zone"), ("bench_gpkg", "corridor_zone"))


def postgis(bench, params):
    """The postgis row: the region's layers in a throw-away PostGIS on loopback (the one the tests
    start, loaded with ogr2ogr: serial key 'fid', GiST indexes), the screening on them computed in
    QGIS and in the database (IN_DATABASE), each in its own child. Its time is the database run's;
    the row passes when it is at most 1.5 × the QGIS run on the same layers and the results agree."""
    import subprocess
    import sys

    sys.path.insert(0, str(BENCH.parent / "tests" / "robustness"))
    from runtime_pg import Unavailable, start_cluster

    try:
        cluster = start_cluster()
    except Unavailable as error:
        return {"status": "skip", "message": f"PostGIS unavailable: {error}"}
    try:
        t0 = time.perf_counter()
        connection = f"PG:dbname={cluster.dbname} host={cluster.host} port={cluster.port} user=wertvoll"
        for source, name in PG_LAYERS:
            subprocess.run(["ogr2ogr", "-f", "PostgreSQL", connection, params[source], name, "-nln", name,
                            "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=fid"], check=True, capture_output=True)
        cluster.psql("ANALYZE")
        load = time.perf_counter() - t0
        bench.log(f"  postgis: {len(PG_LAYERS)} layers loaded in {load:.0f} s")
        pg = {name: cluster.layer_uri(name, key="fid") for _s, name in PG_LAYERS}
        runs = {mode: bench.runner.run("screening", {**params, "pg": pg, "in_database": mode == "database"},
                                       timeout=3600, label=f"postgis_{mode}") for mode in ("qgis", "database")}
    finally:
        cluster.stop()
    return _postgis_result(runs, load)


def _same_land(qgis, db):
    """Whether the two screenings found the same land: area and uplift within 1e-6, and the parts
    counted alike but for where GEOS splits a parcel pinched to one point by the exclusions into two
    parts in one engine and keeps one part in the other (their area is the same): 1 in 100,000."""
    sums = all(abs(db[k] - qgis[k]) <= 1e-6 * abs(qgis[k]) for k in ("area_m2", "total_uplift"))
    return sums and abs(db["candidates"] - qgis["candidates"]) <= 1e-5 * qgis["candidates"]


def _postgis_result(runs, load):
    """The postgis row's result: the database run, with the QGIS run's time and the comparison."""
    qgis, db = runs["qgis"], runs["database"]
    if qgis.get("status") != "ok" or db.get("status") != "ok":
        failed = db if db.get("status") != "ok" else qgis
        return {"status": failed.get("status"), "message": failed.get("message", ""), "runs": [qgis, db]}
    same = _same_land(qgis["outputs"], db["outputs"])
    return {"status": "ok", "seconds": db["seconds"], "rss_mb": db["rss_mb"], "qgis_seconds": qgis["seconds"],
            "qgis_rss_mb": qgis["rss_mb"], "ratio": db["seconds"] / qgis["seconds"], "same_results": same,
            "load_seconds": load, "outputs": {"database": db["outputs"], "qgis": qgis["outputs"]}, "runs": [qgis, db]}


def evaluate(rows, results):
    """Per row: (time status, memory status, seconds per unit, slope against the case's reference row)."""
    reference = {r["case"]: r for r in rows if r["reference"] == "yes"}
    out = {}
    for row in rows:
        result = results.get(row["id"])
        if not result or result.get("status") != "ok":
            status = "SKIP" if not result or result.get("status") == "skip" else "FAIL"
            out[row["id"]] = {"time": status, "memory": status}
            continue
        size, seconds, rss = float(row["size"]), result["seconds"], result["rss_mb"]
        if row["case"] == "postgis":  # against the screening in QGIS on the same layers
            ok = result["ratio"] <= float(row["max_ratio"]) and result["same_results"]
            out[row["id"]] = {"time": "PASS" if ok else "FAIL", "memory": "n/a", "per_unit_us": 1e6 * seconds / size,
                              "slope": None}
            continue
        ref = reference.get(row["case"])
        ref_result = results.get(ref["id"]) if ref else None
        slope = None
        if ref_result and ref_result.get("status") == "ok" and ref is not row:
            slope = math.log(seconds / ref_result["seconds"]) / math.log(size / float(ref["size"]))
        out[row["id"]] = {
            "time": "PASS" if seconds <= float(row["max_seconds"]) else "FAIL",
            "memory": "PASS" if rss <= float(row["max_rss_gb"]) * 1000 else "FAIL",
            "per_unit_us": 1e6 * seconds / size, "slope": slope}
    return out


def write(out, meta, results):
    """results_state.md in *out*; returns its path."""
    rows = load_targets()
    evaluation = evaluate(rows, results)
    lines = [
        "# WERTvoll at the state scale (issue 22)", "",
        f"Written by `make bench PROFILE=state` on {meta['started']} (commit {meta.get('commit', '?')}, "
        f"{meta.get('cpu', '?')}, {meta.get('cores', '?')} cores, {meta.get('ram_gb', '?')} GB); {meta['runs']} run(s) per row, median time; peak RSS "
        "of the whole child process (QGIS included). Targets: `bench/targets_state.csv`; the rows marked "
        "reference are the full profile's sizes, measured in the same run, for the time per unit and the "
        "log-log slope (time ∝ size^slope).", "",
        "| Case | Workload | Size | Time | Peak RSS | Target | Result | µs per unit | Slope vs reference |",
        "|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        result, ev = results.get(row["id"], {}), evaluation[row["id"]]
        if result.get("status") != "ok":
            lines.append(f"| {row['case']} | {row['workload']} | {int(row['size']):,} {row['unit']} | – | – | "
                         f"< {row['max_seconds']} s, < {row['max_rss_gb']} GB | {ev['time']}: "
                         f"{(result.get('message') or 'not run')[:200]} | – | – |")
            continue
        if row["case"] == "postgis":
            lines.append(_postgis_line(row, result, ev))
            continue
        slope = "reference" if row["reference"] == "yes" else (
            f"{ev['slope']:.2f}" if ev.get("slope") is not None else "–")
        lines.append(
            f"| {row['case']} | {row['workload']} | {int(row['size']):,} {row['unit']} | {result['seconds']:.1f} s | "
            f"{result['rss_mb']:,.0f} MB | < {row['max_seconds']} s, < {row['max_rss_gb']} GB | "
            f"time {ev['time']}, memory {ev['memory']} | {ev['per_unit_us']:.1f} | {slope} |")
    lines += ["", "Outputs (counts of what each run wrote):", ""]
    lines += [f"* {key}: {json.dumps(results[key].get('outputs', {}))}" for key in results
              if results[key].get("status") == "ok"]
    path = Path(out) / "results_state.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _postgis_line(row, result, ev):
    """The table line of the postgis row: the database run against the QGIS run on the same layers."""
    counts = f"{result['outputs']['database']['candidates']:,} / {result['outputs']['qgis']['candidates']:,} parts"
    same = f"same land ({counts})" if result["same_results"] else f"results DIFFER ({counts})"
    return (f"| {row['case']} | {row['workload']} | {int(row['size']):,} {row['unit']} | {result['seconds']:.1f} s "
            f"(QGIS on the same layers {result['qgis_seconds']:.1f} s, {result['ratio']:.2f}×; loading "
            f"{result['load_seconds']:.0f} s, not timed) | {result['rss_mb']:,.0f} MB (QGIS "
            f"{result['qgis_rss_mb']:,.0f} MB; the server's processes not counted) | ≤ {row['max_ratio']} × QGIS, "
            f"same results | {ev['time']}: {same} | {ev['per_unit_us']:.1f} | – |")


def main(bench, args, log):
    import report

    started = time.time()
    meta = report.machine_info()
    meta.update(started=time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(started)), runs=args.runs,
                loadavg_start=os.getloadavg())
    only = [c for c in args.only.split(",") if c]
    results = run(bench, only)
    meta.update(seconds=time.time() - started, loadavg_end=os.getloadavg())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    raw = Path(args.work).parent / "state.json"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps({"meta": meta, "results": results}, indent=1, default=str))
    path = write(out, meta, results)
    log(path.read_text(encoding="utf-8"))
    log(f"bench: wrote {path} (raw numbers: {raw})")
    failed = [k for k, v in evaluate(load_targets(), results).items() if "FAIL" in (v["time"], v["memory"])]
    return 1 if args.check and failed else 0
