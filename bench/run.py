#!/usr/bin/env python3
"""make bench: WERTvoll at regional scale, side by side with what planners use today (issue #8).

    python bench/run.py [--runs 3] [--check] [--only screening,flood] [--profile full|smoke]
                        [--out bench] [--cache DIR] [--peer-budget 900] [--cprofile]

For every case (screening, riparian, flood, corridors, connectivity): the algorithm at 4 sizes, each run in its
own child process (fresh headless QGIS; peak RSS of that process and its children, see child.py), median of --runs
runs; its peer at the full size in the same run (on a subset with linear extrapolation when the
full peer would take longer than --peer-budget seconds); then bench/results.md, one PNG per
algorithm (time and memory vs size) and the raw numbers (bench/results/latest.json, git-ignored).
--check: exit 1 when a target in bench/targets.csv fails (a skipped target does not fail).
--cprofile: after a failed target, one more run of its largest size under cProfile; the top WERTvoll
functions (cumulative) go into results.md (with --from-json: profile the failed targets of that run).
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import data

import report

CASE_ORDER = ("screening", "riparian", "flood", "flood_10m", "flood_dgm2", "corridors", "selection", "robustness",
              "connectivity")


def load_targets():
    with open(BENCH / "targets.csv", encoding="utf-8") as handle:
        return {row["case"]: row for row in csv.DictReader(handle)}


# ---------------------------------------------------------------------------- child processes

class Runner:
    """Starts one child per run and records its result and peak RSS."""

    def __init__(self, work, log=print):
        self.work = Path(work)
        self.log = log
        self.count = 0

    def run(self, case, params, timeout=None, label="", cprofile=None):
        self.count += 1
        work = self.work / f"{self.count:03d}_{case}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        params_file, result_file, log_file = work / "params.json", work / "result.json", work / "child.log"
        params_file.write_text(json.dumps(params, default=str))
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
        if cprofile:
            env["BENCH_CPROFILE"] = str(cprofile)
        t0 = time.perf_counter()
        with open(log_file, "w") as out:
            proc = subprocess.Popen([sys.executable, str(BENCH / "child.py"), case, str(params_file),
                                     str(result_file), str(work)], stdout=out, stderr=subprocess.STDOUT,
                                    env=env, start_new_session=True)
            timed_out = False
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if timeout and time.perf_counter() - t0 > timeout:
                    os.killpg(proc.pid, signal.SIGKILL)  # the child's own process group (GRASS too)
                    pid, status, usage = os.wait4(proc.pid, 0)
                    timed_out = True
                    break
                time.sleep(0.05)
            proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        if timed_out:
            result = {"status": "timeout", "message": f"killed after {timeout:.0f} s"}
        elif result_file.exists():
            result = json.loads(result_file.read_text())
        else:
            tail = log_file.read_text(errors="replace")[-2000:]
            result = {"status": "error", "message": f"child exited with {proc.returncode}: {tail}"}
        # the child's own measurement (see child.peak_rss_mb); os.wait4's figure only when the child
        # could not report (killed): it may include the resident size this parent had at the fork
        result["rss_wait4_mb"] = usage.ru_maxrss * 1024 / 1e6
        result["rss_mb"] = result.get("peak_rss_mb", result["rss_wait4_mb"])
        result["wall_s"] = wall
        result["log"] = str(log_file)
        if "skipped:" in log_file.read_text(errors="replace") and result.get("status") == "skip":
            self.log(f"  {case} {label}: {result['message']}")
        elif result.get("status") == "ok":
            self.log(f"  {case} {label}: {result['seconds']:.2f} s, peak RSS {result['rss_mb']:.0f} MB")
        else:
            self.log(f"  {case} {label}: {result['status'].upper()} {result.get('message', '')[:300]}")
        return result


def summarize(results):
    """Median time and the largest peak RSS of the runs that succeeded."""
    ok = [r for r in results if r.get("status") == "ok"]
    if not ok:
        first = results[0] if results else {"status": "error", "message": "not run"}
        return {"status": first.get("status"), "message": first.get("message", ""), "runs": results}
    return {"status": "ok", "median_s": statistics.median(r["seconds"] for r in ok),
            "times_s": [r["seconds"] for r in ok], "rss_mb": max(r["rss_mb"] for r in ok),
            "baseline_rss_mb": max(r.get("baseline_rss_mb", 0.0) for r in ok),
            "outputs": ok[-1].get("outputs", {}), "steps": _median_steps(ok), "runs": results}


def _median_steps(results):
    names = [n for n in results[0].get("steps", {})]
    return {n: statistics.median(r["steps"].get(n, 0.0) for r in results) for n in names}


def loglog_slope(sizes, times):
    """Least-squares slope of log(time) over log(size); None with fewer than 2 sizes."""
    points = [(math.log(s), math.log(t)) for s, t in zip(sizes, times) if s and t and t > 0]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None


# ---------------------------------------------------------------------------- the cases

class Bench:
    def __init__(self, args, log=print):
        self.args = args
        self.log = log
        self.profile = data.PROFILES[args.profile if args.profile in data.PROFILES else "full"]
        self.cache = data.cache_root(args.cache)
        self.runner = Runner(Path(args.work), log)
        self.coarsest = min(self.profile["raster_sizes"])

    # data -------------------------------------------------------------------------------------
    def vector_region(self, parcels):
        spec = data.region_spec(self.args.profile, parcels, self.args.seed)
        folder = data.region(spec, self.cache, self.log)
        return spec, folder, _counts(folder)

    def full_region(self):
        return self.vector_region(self.profile["parcels"])

    def base_params(self, folder):
        return {"gpkg": str(folder / "demo_region.gpkg"),
                "bench_gpkg": str(data.bench_layers(folder, self.profile["patches"], self.coarsest)),
                "dem": str(folder / "demo_dem.tif")}

    def repeat(self, case, params, label, runs=None, timeout=None):
        results = []
        for k in range(runs or self.args.runs):
            result = self.runner.run(case, params, timeout=timeout, label=f"{label} run {k + 1}")
            results.append(result)
            if result.get("status") in ("skip", "error", "timeout"):
                break
        return summarize(results)

    # screening --------------------------------------------------------------------------------
    def screening(self):
        scaling = []
        for parcels in self.profile["vector_sizes"]:
            _, folder, counts = self.vector_region(parcels)
            summary = self.repeat("screening", self.base_params(folder), f"{counts['flurstuecke']:,} parcels")
            summary.update(size=counts["flurstuecke"], requested=parcels, counts=counts)
            scaling.append(summary)
        _spec, folder, counts = self.full_region()
        peer = self.subset_peer("screening", self.base_params(folder), counts["flurstuecke"], "parcels")
        return {"scaling": scaling, "peer": peer, "size_unit": "parcels"}

    def subset_peer(self, case, params, n_full, unit):
        """The peer at full size if it fits the budget, else on fid subsets with a linear fit."""
        budget = self.args.peer_budget
        pilot = self.profile.get("peer_pilot", 1500)
        points = []
        if n_full > 2 * pilot:
            for modulus in (max(2, n_full // pilot), max(2, n_full // (2 * pilot))):
                subset = f"fid % {modulus} = 0"
                sub = dict(params, subset=subset)
                peer = self.repeat(f"{case}_peer", sub, f"peer on {subset}", runs=1, timeout=max(budget, 600))
                plugin = self.repeat(case, sub, f"plugin on {subset}")
                n = _count_subset(params["gpkg"], "flurstuecke", subset)
                points.append({"subset": subset, "n": n, "peer": peer, "plugin": plugin})
                if peer.get("status") != "ok":
                    break
        estimate = None
        if len(points) == 2 and all(p["peer"].get("status") == "ok" for p in points):
            (n1, t1), (n2, t2) = [(p["n"], p["peer"]["median_s"]) for p in points]
            slope = (t2 - t1) / (n2 - n1) if n2 != n1 else 0.0
            method = f"linear fit t = a + b·n through the two subsets ({n1:,} and {n2:,} {unit})"
            if slope > 0:
                intercept = max(0.0, t1 - slope * n1)
            else:  # timing noise larger than the difference (small subsets): proportional to the larger one
                slope, intercept = t2 / n2, 0.0
                method = (f"linear fit through the origin and the larger subset ({n2:,} {unit}; the two subset "
                          "timings did not grow with n)")
            estimate = {"seconds": intercept + slope * n_full, "per_unit_s": slope, "fixed_s": intercept,
                        "method": f"{method}, evaluated at n = {n_full:,}"}
        full = None
        if not points or (estimate and estimate["seconds"] * self.args.runs <= budget):
            runs = self.args.runs if not estimate or estimate["seconds"] < 120 else 1
            full = self.repeat(f"{case}_peer", params, f"peer full size ({n_full:,} {unit})", runs=runs,
                               timeout=budget)
        elif estimate:
            self.log(f"  {case}_peer: full size would take ~{estimate['seconds']:.0f} s "
                     f"(> budget {budget:.0f} s): extrapolated from the subsets")
        return {"full": full, "subsets": points, "estimate": estimate, "n_full": n_full, "unit": unit}

    # riparian ----------------------------------------------------------------------------------
    def riparian(self):
        scaling = []
        for parcels in self.profile["vector_sizes"]:
            spec, folder, counts = self.vector_region(parcels)
            summary = self.repeat("riparian", dict(self.base_params(folder), variant="target"),
                                  f"{counts['gewaesser']:,} segments")
            summary.update(size=counts["gewaesser"], requested=spec.river_segments, counts=counts)
            scaling.append(summary)
        spec, folder, counts = self.full_region()
        params = self.base_params(folder)
        same = self.repeat("riparian", dict(params, variant="same"), "same work as the peer")
        peer = self.repeat("riparian_peer", params, "native chain", timeout=self.args.peer_budget)
        return {"scaling": scaling, "same_work": same, "peer": {"full": peer, "n_full": counts["gewaesser"],
                                                                 "unit": "river segments"},
                "size_unit": "river segments"}

    # flood -----------------------------------------------------------------------------------------
    def flood(self):
        _spec, folder, counts = self.full_region()
        scaling = []
        for n in self.profile["raster_sizes"]:
            params = dict(self.base_params(folder), dem=str(data.dem(folder, n)))
            summary = self.repeat("flood", params, f"{n}x{n} cells")
            summary.update(size=n * n, side=n, counts=counts)
            scaling.append(summary)
        n = max(self.profile["raster_sizes"])
        params = dict(self.base_params(folder), dem=str(data.dem(folder, n)))
        peer = self.repeat("flood_peer", params, "GDAL/native raster chain", timeout=self.args.peer_budget)
        plain = self.repeat("flood", dict(params, calibrate=False), "without the fit to the official zones")
        return {"scaling": scaling, "peer": {"full": peer, "n_full": n * n, "unit": "cells"},
                "uncalibrated": plain, "size_unit": "cells"}

    # flood on the planning region (10 m in one piece, DGM2 in tiles) ---------------------------------
    def flood_10m(self):
        return self.planning("planning_10m", tile=0)

    def flood_dgm2(self):
        return self.planning("planning_dgm2", tile=self.profile["planning_tile"])

    def planning(self, key, tile):
        """The flood case on the planning region's DEM at each cell size of the profile's *key* (one run
        from 100 M cells on: the 2 m run takes minutes)."""
        _spec, folder, counts = self.full_region()
        gpkg = data.planning_layers(folder)
        scaling = []
        for cell in self.profile[key]:
            dem = data.planning_dem(folder, cell)
            cols, rows = _raster_size(dem)
            params = {"gpkg": str(gpkg), "dem": str(dem), "tile_size": tile}
            runs = 1 if rows * cols > 1e8 else None
            summary = self.repeat("flood", params, f"{cols}x{rows} cells of {cell:g} m", runs=runs)
            summary.update(size=rows * cols, side=f"{cols}x{rows}", cell_m=cell, tile=tile, counts=counts)
            scaling.append(summary)
        return {"scaling": scaling, "peer": None, "size_unit": "cells"}

    # corridors -------------------------------------------------------------------------------------
    def corridor_params(self, folder, n):
        params = self.base_params(folder)
        params.update(resistance=str(data.resistance(folder, n)),
                      patch_raster=str(data.patch_raster(folder, n, self.profile["patches"], self.coarsest)))
        return params

    def corridors(self):
        _, folder, _ = self.full_region()
        patch_ids = _patch_ids(self.base_params(folder)["bench_gpkg"])
        scaling = []
        for n in self.profile["raster_sizes"]:
            summary = self.repeat("corridors", self.corridor_params(folder, n), f"{n}x{n} cells")
            summary.update(size=n * n, side=n, patches=len(patch_ids))
            scaling.append(summary)
            if summary.get("status") == "skip":
                break
        n = max(self.profile["raster_sizes"])
        k = min(len(patch_ids), self.profile["grass_patches"])
        picks = sorted({patch_ids[round(i * (len(patch_ids) - 1) / max(1, k - 1))] for i in range(k)})
        params = dict(self.corridor_params(folder, n), grass_ids=picks)
        grass = self.runner.run("corridors_grass", params, timeout=self.args.peer_budget * 4,
                                label=f"GRASS r.cost from {len(picks)} of {len(patch_ids)} patches")
        peer = {"grass": grass, "patches": len(patch_ids), "ids": picks, "n_full": n * n, "unit": "cells"}
        if grass.get("status") == "ok":
            per = grass["per_patch_s"]
            mean = sum(per) / len(per)
            peer["estimate"] = {
                "seconds": grass["setup_s"] + mean * len(patch_ids), "per_patch_s": mean,
                "method": f"measured r.cost + r.univar from {len(per)} of {len(patch_ids)} patches (picked "
                          f"evenly by patch_id); total = set-up {grass['setup_s']:.1f} s + mean per patch "
                          f"{mean:.1f} s x {len(patch_ids)} patches (every r.cost covers the whole raster, "
                          "so the time per patch does not depend on the patch)"}
        result = {"scaling": scaling, "peer": peer, "size_unit": "cells"}
        attach_comparison(result)
        return result

    # robustness of the ranking -------------------------------------------------------------------
    def robustness(self):
        """Selection frequency on generated parts at the parcel counts of the scaling (no peer)."""
        scaling = []
        for parts in self.profile["vector_sizes"]:
            summary = self.repeat("robustness", {"parts": parts, "seed": self.args.seed}, f"{parts:,} parts")
            summary.update(size=parts)
            scaling.append(summary)
        return {"scaling": scaling, "peer": None, "size_unit": "parts"}


    # connectivity gain ------------------------------------------------------------------------------
    def connectivity(self):
        """The gain of every parcel (fid subsets for the smaller sizes) over the network of the largest
        corridor raster, built once beforehand (its own child, not timed) and cached."""
        _, folder, counts = self.full_region()
        n = max(self.profile["raster_sizes"])
        params = dict(self.corridor_params(folder, n),
                      network=str(data.network_path(folder, n, self.profile["patches"], self.coarsest)))
        if not Path(params["network"]).exists():
            built = self.runner.run("connectivity_network", params, label=f"corridor network on {n}x{n} cells")
            if built.get("status") != "ok":
                return {"scaling": [built], "size_unit": "parcels"}
        total, scaling = counts["flurstuecke"], []
        for parcels in self.profile["vector_sizes"]:
            modulus = max(1, round(total / parcels))
            sub = dict(params, subset=f"fid % {modulus} = 0") if modulus > 1 else params
            size = _count_subset(params["gpkg"], "flurstuecke", sub["subset"]) if modulus > 1 else total
            summary = self.repeat("connectivity", sub, f"{size:,} parcels")
            summary.update(size=size, requested=parcels)
            scaling.append(summary)
            if summary.get("status") == "skip":
                break
        return {"scaling": scaling, "size_unit": "parcels"}


    # selection (kernel level, generated parts, no peer) -----------------------------------------------
    def selection(self):
        scaling = []
        for parts in self.profile["vector_sizes"]:
            summary = self.repeat("selection", {"parts": parts, "seed": self.args.seed}, f"{parts:,} parts")
            summary.update(size=parts, requested=parts)
            scaling.append(summary)
        return {"scaling": scaling, "size_unit": "parts"}


def attach_comparison(result):
    """peer.comparison of the corridor case: the full-size links of WERTvoll against GRASS."""
    peer = result.get("peer") or {}
    grass = peer.get("grass") or {}
    scaling = result.get("scaling") or []
    full = scaling[-1] if scaling and scaling[-1].get("size") == peer.get("n_full") else None
    if grass.get("status") == "ok" and full and full.get("status") == "ok":
        ok = [r for r in full["runs"] if r.get("status") == "ok"]
        peer["comparison"] = compare_links(ok[-1].get("links", []), grass["costs"])


def compare_links(links, grass_costs):
    """Max relative difference of the link costs that both report (GRASS: from the patches it ran)."""
    # JSON turns the patch ids into strings
    grass_costs = {int(a): {int(b): float(c) for b, c in row.items()} for a, row in grass_costs.items()}
    worst, pairs = 0.0, 0
    for a, b, cost in links:
        for src, dst in ((a, b), (b, a)):
            ref = grass_costs.get(src, {}).get(dst)
            if ref is not None and ref > 0:
                worst = max(worst, abs(cost - ref) / ref)
                pairs += 1
                break
    return {"pairs": pairs, "max_rel_diff": worst if pairs else None, "links": len(links)}


def _counts(folder):
    counts = {}
    for line in data.region_info(folder).get("stdout", "").splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[-1] == "features":
            counts[parts[0]] = int(parts[1])
    return counts


def _count_subset(gpkg, layer, subset):
    from osgeo import ogr

    ds = ogr.Open(gpkg)
    lyr = ds.GetLayerByName(layer)
    lyr.SetAttributeFilter(subset)
    return lyr.GetFeatureCount()


def _raster_size(path):
    from osgeo import gdal

    ds = gdal.Open(str(path))
    return ds.RasterXSize, ds.RasterYSize


def _patch_ids(gpkg):
    from osgeo import ogr

    ds = ogr.Open(gpkg)
    return sorted(int(f.GetField("patch_id")) for f in ds.GetLayerByName("patches"))


# ---------------------------------------------------------------------------- evaluation

def evaluate(case, result, target, profile_full):
    """PASS/FAIL/SKIP per criterion of *target* for the largest size measured."""
    checks = []
    scaling = [s for s in result.get("scaling", []) if s.get("status") == "ok"]
    statuses = {s.get("status") for s in result.get("scaling", [])}
    if not scaling:
        status = "SKIP" if "skip" in statuses else "FAIL"
        message = next((s.get("message", "") for s in result.get("scaling", [])), "not run")
        return {"status": status, "checks": [("run", status, message)]}
    top = scaling[-1]
    if not profile_full:
        return {"status": "n/a", "checks": [("targets", "n/a", "smoke size: targets apply at full size only")]}
    max_s, max_gb = float(target["max_seconds"]), float(target["max_rss_gb"])
    checks.append((f"time < {max_s:g} s", "PASS" if top["median_s"] < max_s else "FAIL",
                   f"median {top['median_s']:.1f} s"))
    checks.append((f"peak RSS < {max_gb:g} GB", "PASS" if top["rss_mb"] < max_gb * 1000 else "FAIL",
                   f"{top['rss_mb']:.0f} MB"))
    peer_s, how = peer_seconds(result)
    if case in ("screening", "riparian"):
        ours = result["same_work"]["median_s"] if case == "riparian" and result.get("same_work", {}).get(
            "status") == "ok" else top["median_s"]
        if peer_s is None:
            checks.append((target["peer_rule"], "FAIL", "peer did not finish: " + how))
        else:
            checks.append((target["peer_rule"], "PASS" if ours < peer_s else "FAIL",
                           f"{ours:.1f} s vs {peer_s:.1f} s ({how}), {peer_s / ours:.1f}x"))
    if case == "corridors":
        comparison = result.get("peer", {}).get("comparison")
        if comparison and comparison.get("max_rel_diff") is not None:
            diff = comparison["max_rel_diff"]
            checks.append((target["peer_rule"], "PASS" if diff <= 0.005 else "FAIL",
                           f"max relative difference {diff:.2e} over {comparison['pairs']} links"))
        else:
            checks.append((target["peer_rule"], "FAIL", "no link reported by both"))
    if case == "selection":
        gap = top["outputs"].get("gap")
        checks.append(("MIP gap <= 0.5 %", "PASS" if gap is not None and gap <= 0.005 else "FAIL",
                       "no solution" if gap is None else f"{gap:.3%} ({top['outputs']['status']})"))
    slope = loglog_slope([s["size"] for s in scaling], [s["median_s"] for s in scaling])
    if target.get("max_slope") and slope is not None:
        limit = float(target["max_slope"])
        checks.append((f"log-log slope <= {limit:g} (about n log n)", "PASS" if slope <= limit else "FAIL",
                       f"{slope:.2f}"))
    status = "FAIL" if any(c[1] == "FAIL" for c in checks) else "PASS"
    return {"status": status, "checks": checks}


def peer_seconds(result):
    """(seconds, how) of the peer at full size: measured, or extrapolated; (None, why) otherwise."""
    peer = result.get("peer") or {}
    full = peer.get("full")
    if full and full.get("status") == "ok":
        return full["median_s"], "peer measured at full size"
    if peer.get("estimate"):
        return peer["estimate"]["seconds"], "peer extrapolated"
    if full:
        return None, f"{full.get('status')}: {full.get('message', '')[:200]}"
    return None, "not run"


# ---------------------------------------------------------------------------- main

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per size (median); default 3 (profile state: 1)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("--only", default="", help="comma-separated cases: " + ",".join(CASE_ORDER))
    parser.add_argument("--profile", choices=sorted([*data.PROFILES, "state"]), default="full",
                        help="full (regional, issue 8), smoke (make test) or state (issue 22: bench/state.py)")
    parser.add_argument("--out", default=None, help="folder of results.md and the PNGs (default bench/; "
                                                    "with --only bench/results/, not in git)")
    parser.add_argument("--work", default=str(BENCH / "results" / "work"), help="child work folders")
    parser.add_argument("--cache", default=None, help="data cache (default $WERTVOLL_BENCH_CACHE or "
                                                      "~/.cache/wertvoll/bench)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--peer-budget", type=float, default=900.0,
                        help="seconds a full-size peer may take; beyond: subsets and extrapolation")
    parser.add_argument("--cprofile", action="store_true", help="profile a failed time target once")
    parser.add_argument("--from-json", default=None, help="only rewrite results.md and the plots from the raw "
                                                          "numbers of an earlier run (bench/results/latest.json)")
    args = parser.parse_args(argv)
    args.runs = max(1, args.runs if args.runs is not None else (1 if args.profile == "state" else 3))
    if args.out is None:
        args.out = str(BENCH / "results") if args.only else str(BENCH)
    return args


def main(argv=None, log=print):
    args = parse_args(argv)
    cases = [c for c in CASE_ORDER if not args.only or c in args.only.split(",")]
    targets = load_targets()
    if args.from_json:
        raw = json.loads(Path(args.from_json).read_text())
        meta, results = raw["meta"], raw["results"]
        for case, result in results.items():
            if case == "corridors":
                attach_comparison(result)
            result["evaluation"] = evaluate(case, result, targets[case], meta["profile"] == "full")
            if args.cprofile and result["evaluation"]["status"] == "FAIL" and not result.get("cprofile"):
                log(f"bench: profiling {case} (failed target)")
                result["cprofile"] = profile_case(Bench(args, log), case, result)
                result["cprofile_note"] = "profiled after the run from its raw numbers (--from-json --cprofile)"
        if args.cprofile:
            Path(args.from_json).write_text(json.dumps(raw, indent=1, default=str))
        written = report.write(Path(args.out), meta, results, targets)
        log(f"bench: wrote {', '.join(str(p) for p in written)}")
        return 1 if args.check and any(r["evaluation"]["status"] == "FAIL" for r in results.values()) else 0
    if args.profile == "state":  # issue 22: the planning region and Saxony (bench/state.py)
        import state

        return state.main(Bench(args, log), args, log)
    started = time.time()
    meta = report.machine_info()
    meta.update(started=time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(started)),
                profile=args.profile, runs=args.runs, seed=args.seed, peer_budget_s=args.peer_budget,
                generator=data.generator_version(), derivation=data.derivation_version(),
                loadavg_start=os.getloadavg())
    bench = Bench(args, log)
    _spec, folder, counts = bench.full_region()
    meta["region"] = {"spec": data.region_info(folder), "counts": counts}
    results = {}
    for case in cases:
        log(f"bench: {case}")
        t0 = time.perf_counter()
        results[case] = getattr(bench, case)()
        results[case]["evaluation"] = evaluate(case, results[case], targets[case], args.profile == "full")
        results[case]["bench_s"] = time.perf_counter() - t0
        if args.cprofile and results[case]["evaluation"]["status"] == "FAIL":
            results[case]["cprofile"] = profile_case(bench, case, results[case])
    meta["loadavg_end"] = os.getloadavg()
    meta["seconds"] = time.time() - started
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    raw = Path(args.work).parent / "latest.json"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps({"meta": meta, "results": results}, indent=1, default=str))
    written = report.write(out, meta, results, targets)
    for line in report.console_summary(results, targets):
        log(line)
    log(f"bench: wrote {', '.join(str(p) for p in written)} (raw numbers: {raw})")
    failed = [c for c in results if results[c]["evaluation"]["status"] == "FAIL"]
    if args.check and failed:
        log(f"bench: targets failed: {', '.join(failed)}")
        return 1
    return 0


def profile_case(bench, case, result):
    """One run of the largest size under cProfile; returns the top of the profile as text."""
    top = [s for s in result["scaling"] if s.get("status") == "ok"]
    if not top:
        return None
    params = json.loads(Path(top[-1]["runs"][-1]["log"]).with_name("params.json").read_text())
    stats = Path(bench.args.work) / f"{case}.prof"
    bench.runner.run(case, params, label="under cProfile", cprofile=stats)
    if not stats.exists():
        return None
    import io
    import pstats

    buffer = io.StringIO()
    pstats.Stats(str(stats), stream=buffer).sort_stats("cumulative").print_stats("wertvoll", 25)
    text = buffer.getvalue()
    return text[text.find("ncalls") - 2:] if "ncalls" in text else text


if __name__ == "__main__":
    sys.exit(main())
