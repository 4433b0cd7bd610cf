"""bench/results.md and the scaling plots, written from the numbers bench/run.py collected."""
from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from cases import NO_QGIS, THRESHOLDS

TITLES = {
    "screening": "Compensation-area screening (`wertvoll:compensationscreening`)",
    "riparian": "Riparian strips (`wertvoll:riparianstrips`)",
    "flood": "Flood-risk zones (`wertvoll:floodriskzones`)",
    "flood_10m": "Flood-risk zones on a 10 m DEM of the planning region (`wertvoll:floodriskzones`)",
    "flood_dgm2": "Flood-risk zones on a 2 m DEM of the planning region, in tiles (`wertvoll:floodriskzones`)",
    "corridors": "Biotope corridors (`wertvoll:biotopecorridors`)",
    "robustness": "Robustness of the ranking (selection frequency, `kernels/robustness.py`)",
    "connectivity": "Connectivity gain per candidate (`gain_eca`, kernels/connectivity.py)",
    "selection": "Optimal selection of compensation land (`kernels/selection.py`)",
}


def _version(module):
    try:
        return __import__(module).__version__
    except Exception:  # noqa: BLE001 - any import problem: report it as missing
        return "not installed"


def machine_info():
    info = {"cpu": "unknown", "cores": os.cpu_count(), "ram_gb": None,
            "os": f"{platform.system()} {platform.release()}", "python": platform.python_version()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gb"] = round(int(line.split()[1]) * 1024 / 1e9, 1)
        info["os"] = next((line.split("=", 1)[1].strip('"') for line in
                           Path("/etc/os-release").read_text().splitlines() if line.startswith("PRETTY_NAME=")),
                          info["os"])
    except OSError:
        pass
    try:
        from qgis.core import Qgis

        info["qgis"] = Qgis.QGIS_VERSION
    except ImportError:
        info["qgis"] = "not importable"
    try:
        from osgeo import gdal

        info["gdal"] = gdal.__version__
    except ImportError:
        info["gdal"] = "not importable"
    grass = shutil.which("grass")
    info["grass"] = "not installed"
    if grass:
        done = subprocess.run([grass, "--version"], check=False, capture_output=True, text=True)
        info["grass"] = (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr) else "?"
    for module in ("numpy", "shapely", "scipy", "skimage", "pandas"):
        info[module] = _version(module)
    done = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], check=False,
                          capture_output=True, text=True)
    info["commit"] = done.stdout.strip() or "?"
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "algorithms", "kernels"],
                           check=False, capture_output=True, text=True).stdout.strip()
    if dirty:
        info["commit"] += " (with uncommitted changes in algorithms/ or kernels/)"
    return info


def _fmt_s(value):
    if value is None:
        return "–"
    if value >= 3600:
        return f"{value / 3600:.1f} h"
    if value >= 100:
        return f"{value:,.0f} s"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _fmt_mb(value):
    return "–" if value is None else f"{value:,.0f} MB"


def _size_label(case, summary):
    if case in ("flood", "corridors"):
        return f"{summary['side']}×{summary['side']} ({summary['size'] / 1e6:g} M cells)"
    return f"{summary['size']:,}"


def _slope(scaling):
    from run import loglog_slope

    ok = [s for s in scaling if s.get("status") == "ok"]
    return loglog_slope([s["size"] for s in ok], [s["median_s"] for s in ok])


# ---------------------------------------------------------------------------- plots

def plot(out, case, result, unit):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ok = [s for s in result.get("scaling", []) if s.get("status") == "ok"]
    if not ok:
        return None
    sizes = [s["size"] for s in ok]
    times = [s["median_s"] for s in ok]
    rss = [s["rss_mb"] for s in ok]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.loglog(sizes, times, "o-", color="#1b7837", label="WERTvoll (median)")
    for s in ok:
        left.plot([s["size"]] * len(s["times_s"]), s["times_s"], ".", color="#7fbf7b")
    if len(sizes) > 1:
        import math

        xs = [sizes[0], sizes[-1]]
        left.loglog(xs, [times[0], times[0] * xs[1] / xs[0]], ":", color="grey", label="linear from the smallest")
        left.loglog(xs, [times[0], times[0] * xs[1] * math.log(xs[1]) / (xs[0] * math.log(xs[0]))], "--",
                    color="grey", linewidth=0.8, label="n log n from the smallest")
    from run import peer_seconds

    peer_s, how = peer_seconds(result)
    if peer_s is not None:
        marker = "s" if "measured" in how else "D"
        left.loglog([sizes[-1]], [peer_s], marker, color="#762a83", markerfacecolor="none" if marker == "D" else None,
                    label=f"peer ({'measured' if marker == 's' else 'extrapolated'})")
    slope = _slope(ok)
    left.set_title(f"{case}: time" + (f" (log-log slope {slope:.2f})" if slope is not None else ""))
    left.set_xlabel(unit)
    left.set_ylabel("seconds")
    left.grid(True, which="both", alpha=0.3)
    left.legend(fontsize=8)
    right.semilogx(sizes, rss, "o-", color="#2166ac")
    right.set_title(f"{case}: peak RSS of the process")
    right.set_xlabel(unit)
    right.set_ylabel("MB")
    right.set_ylim(bottom=0)
    right.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    path = Path(out) / f"scaling_{case}.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


# ---------------------------------------------------------------------------- results.md

def write(out, meta, results, targets):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    plots = {}
    for case, result in results.items():
        path = plot(out, case, result, result.get("size_unit", "size"))
        if path:
            plots[case] = path.name
            written.append(path)
    lines = markdown(meta, results, targets, plots)
    path = out / "results.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    written.insert(0, path)
    return written


def markdown(meta, results, targets, plots):
    L = []
    L += ["# WERTvoll benchmarks (issue #8)", "",
          (f"Written by `make bench` ({meta['profile']} profile, {meta['runs']} runs per size) on "
          f"{meta['started']}; regenerate with `make bench` (`make bench RUNS=5`, `make bench CHECK=1`). "
          "Raw numbers: `bench/results/latest.json` (not in git)."), "",
          "## Machine", "", "| | |", "|---|---|",
          f"| CPU | {meta['cpu']}, {meta['cores']} cores |",
          f"| RAM | {meta['ram_gb']} GB |", f"| OS | {meta['os']} |",
          f"| QGIS | {meta['qgis']} |", f"| GDAL | {meta['gdal']} |", f"| GRASS | {meta['grass']} |",
          (f"| Python | {meta['python']} (numpy {meta['numpy']}, shapely {meta['shapely']}, scipy {meta['scipy']}, "
          f"scikit-image {meta['skimage']}, pandas {meta['pandas']}) |"),
          f"| WERTvoll commit | {meta['commit']} |",
          (f"| Load average (1/5/15 min) | start {_load(meta['loadavg_start'])}, end {_load(meta['loadavg_end'])} "
          "(the machine is shared: other work on it slows the numbers down) |"),
          f"| Benchmark run | {meta['seconds'] / 60:.1f} min in all |", ""]
    region = meta["region"]
    spec, counts = region["spec"], region["counts"]
    L += ["## Data", "",
          f"`scripts/make_demo_region.py` (version {meta['generator']}, seed {spec['seed']}): scale {spec['scale']:g}, "
          f"--parcels {spec['parcels']:,}, --river-segments {spec['river_segments']:,}, --dem-size {spec['dem_size']}, "
          f"--patches {spec['patches']} → " + ", ".join(f"{k} {v:,}" for k, v in counts.items()) +
          f"; generated in {spec['seconds']} s (cached in `$WERTVOLL_BENCH_CACHE`, default "
          "`~/.cache/wertvoll/bench`, keyed by size, seed and generator version). Smaller scaling sizes: the same "
          "generator at the same density (scale, river segments and patches in proportion to the parcels); raster "
          "sizes: the full region's DEM resampled (average) and the resistance rasterized at N×N. Derived layers "
          "(bench/data.py): RIPARIAN = river segments buffered by half the channel width + 10 m, unioned per "
          "watercourse; CORRIDORS = habitat patches buffered by 300 m (stand-in until the corridor tool exists); "
          "resistance = land use → `bench/resistance.csv` (forest species group, a benchmark assumption) on the "
          "largest centred square of the region, habitat patches burned as 1; corridor patches = the habitat "
          "patches ≥ 1 ha inside that square, picked evenly by patch_id.", ""]
    L += ["## Targets", "",
          ("From the algorithms' issues; the table is `bench/targets.csv`. Time = median of the runs of "
          "`processing.run` (QGIS start-up not included); peak RSS = the whole child process (a fresh headless "
          "QGIS per run, so it includes QGIS itself), largest of the runs."), "",
          "| Algorithm | Issue | Workload | Criterion | Measured | Result |", "|---|---|---|---|---|---|"]
    for case, result in results.items():
        target = targets[case]
        for k, (criterion, status, measured) in enumerate(result["evaluation"]["checks"]):
            head = (f"`{target['algorithm']}` | #{target['issue']} | {target['workload']}" if k == 0 else " | | ")
            L.append(f"| {head} | {criterion} | {measured} | **{status}** |")
    L.append("")
    for case, result in results.items():
        L += section(case, result, plots.get(case))
    L += methods(meta)
    for case, result in results.items():
        if result.get("cprofile"):
            L += [f"## Profile of {case} (cProfile, cumulative, top 25 WERTvoll functions)", "",
                  "One more run of the largest size under cProfile (a failed target; "
                  + result.get("cprofile_note", "same run") + "). cProfile sees the main thread only: time "
                  "spent on worker threads shows as waiting in the function that started them.", "",
                  "```", result["cprofile"].rstrip(), "```", ""]
    return L


def _load(values):
    return "/".join(f"{v:.1f}" for v in values)


def _scaling_table(case, result):
    L = ["| Size | Runs (s) | Median | Peak RSS |", "|---|---|---|---|"]
    for s in result.get("scaling", []):
        if s.get("status") != "ok":
            label = f"{s.get('side', '')}" if "side" in s else str(s.get("size", ""))
            L.append(f"| {label} | {s.get('status')}: {s.get('message', '')[:150]} | | |")
            continue
        runs = ", ".join(f"{t:.2f}" for t in s["times_s"])
        L.append(f"| {_size_label(case, s)} | {runs} | **{_fmt_s(s['median_s'])}** | {_fmt_mb(s['rss_mb'])} |")
    slope = _slope(result.get("scaling", []))
    L += ["", f"Log-log slope of time over size: **{slope:.2f}**" if slope is not None else
          "Log-log slope: n/a (fewer than 2 sizes)", ""]
    return L


def _steps_table(steps):
    L = ["| Step | Seconds |", "|---|---|"]
    for name, seconds in steps.items():
        L.append(f"| {name} | {seconds:.2f} |")
    return L


def section(case, result, plot_name):
    from run import peer_seconds

    L = [f"## {TITLES[case]}", ""]
    scaling = [s for s in result.get("scaling", []) if s.get("status") == "ok"]
    if not scaling and result.get("scaling"):
        first = result["scaling"][0]
        L += [f"**{first.get('status', '').upper()}**: {first.get('message', '')}", ""]
    else:
        L += _scaling_table(case, result)
        baseline = max(s.get("baseline_rss_mb", 0) for s in scaling)
        started = "the Python process (no QGIS started)" if case in NO_QGIS else "QGIS after start-up"
        L += [f"Peak RSS includes {started} (~{baseline:,.0f} MB before the algorithm runs).", ""]
    if plot_name:
        L += [f"![{case}: time and memory vs size]({plot_name})", ""]
    top = scaling[-1] if scaling else None
    peer = result.get("peer") or {}
    peer_s, how = peer_seconds(result)
    if case == "screening":
        L += _screening_peer(peer, top)
    elif case == "riparian":
        L += _riparian_peer(result, top)
    elif case == "flood":
        L += _flood_peer(peer, top) + _flood_calibration(result.get("uncalibrated") or {}, top)
    elif case == "corridors":
        L += _corridor_peer(peer, top)
    elif case == "selection" and top:
        L += _selection_outputs(top["outputs"])
    if peer_s is not None and top:
        ours = top["median_s"]
        if case == "riparian" and result.get("same_work", {}).get("status") == "ok":
            ours = result["same_work"]["median_s"]
        L += [(f"**Ratio peer / WERTvoll at full size: {peer_s / ours:.1f}×** ({how}: {_fmt_s(peer_s)} vs "
              f"{_fmt_s(ours)})."), ""]
    return L


def _screening_peer(peer, top):
    L = ["### Peer: chain of QGIS native algorithms", ""]
    full = peer.get("full")
    for point in peer.get("subsets", []):
        p, w = point["peer"], point["plugin"]
        L.append(f"* subset `{point['subset']}` ({point['n']:,} parcels): native chain "
                 f"{_fmt_s(p.get('median_s'))} ({p.get('status')}), WERTvoll {_fmt_s(w.get('median_s'))} "
                 f"(median of {len(w.get('times_s', []))}) → ratio "
                 + (f"{p['median_s'] / w['median_s']:.1f}×" if p.get("median_s") and w.get("median_s") else "–")
                 + ("; outputs: " + _screening_outputs(p["outputs"], w["outputs"])
                    if p.get("outputs") and w.get("outputs") else ""))
    if peer.get("estimate"):
        e = peer["estimate"]
        L += ["", (f"Full size ({peer['n_full']:,} parcels) **extrapolated: {_fmt_s(e['seconds'])}** — {e['method']} "
                  f"(fixed part {e['fixed_s']:.1f} s, {e['per_unit_s'] * 1000:.2f} ms per parcel). The native steps "
                  "work feature by feature with a spatial index, so their time grows linearly with the parcels; "
                  "the parcels of a `fid %` subset are spread over the whole region and meet the same overlay "
                  "layers as the full set.")]
    if full:
        L += ["", (f"Full size measured: {_fmt_s(full.get('median_s'))} ({full.get('status')}"
                  f"{': ' + full.get('message', '')[:200] if full.get('status') != 'ok' else ''})")]
        if full.get("status") == "ok":
            L += ["", *_steps_table(full["steps"])]
            if top:
                L += ["", "Outputs: " + _screening_outputs(full["outputs"], top["outputs"]) + "."]
    elif peer.get("subsets") and peer["subsets"][-1]["peer"].get("status") == "ok":
        L += ["", "Steps of the native chain on the larger subset:", "",
              *_steps_table(peer["subsets"][-1]["peer"]["steps"])]
    return L + [""]


def _screening_outputs(peer, ours):
    return (f"native {peer.get('features', 0):,} candidates, {peer.get('area_m2', 0) / 1e4:,.0f} ha, "
            f"{peer.get('total_uplift', 0) / 1e6:,.1f} M uplift points; WERTvoll {ours.get('features', 0):,}, "
            f"{ours.get('area_m2', 0) / 1e4:,.0f} ha, {ours.get('total_uplift', 0) / 1e6:,.1f} M points")


def _riparian_peer(result, top):
    same, peer = result.get("same_work") or {}, (result.get("peer") or {}).get("full") or {}
    L = ["### Peer: native buffer + dissolve + difference (+ intersection for the built-up part)", ""]
    if same.get("status") == "ok":
        o = same["outputs"]
        L.append(f"WERTvoll doing the same work as the peer (no DEM, no land use): median "
                 f"**{_fmt_s(same['median_s'])}** ({', '.join(f'{t:.2f}' for t in same['times_s'])} s), peak RSS "
                 f"{_fmt_mb(same['rss_mb'])}; strips {o['strip_area_m2'] / 1e4:,.0f} ha, corridors "
                 f"{o['corridor_area_m2'] / 1e4:,.0f} ha.")
    if peer.get("status") == "ok":
        o = peer["outputs"]
        L += ["", (f"Native chain at full size: median **{_fmt_s(peer['median_s'])}** "
                  f"({', '.join(f'{t:.1f}' for t in peer['times_s'])} s), peak RSS {_fmt_mb(peer['rss_mb'])}; strips "
                  f"{o['strip_area_m2'] / 1e4:,.0f} ha, corridors {o['corridor_area_m2'] / 1e4:,.0f} ha "
                  "(buffers with 5 segments per quarter circle; land-use tabulation and slope band not done by the "
                  "peer)."), "", *_steps_table(peer["steps"])]
    elif peer:
        L += ["", f"Native chain: {peer.get('status')} {peer.get('message', '')[:300]}"]
    return L + [""]


def _flood_peer(peer, top):
    full = peer.get("full") or {}
    L = ["### Peer: the same relative-height computation with GDAL/native raster algorithms", ""]
    if full.get("status") == "ok":
        L += [(f"Median **{_fmt_s(full['median_s'])}** ({', '.join(f'{t:.1f}' for t in full['times_s'])} s), peak RSS "
              f"{_fmt_mb(full['rss_mb'])}."), "", *_steps_table(full["steps"]), ""]
        if top:
            L += ["| Zone (cumulative) | WERTvoll ha | native chain ha | difference |", "|---|---|---|---|"]
            for key in sorted(k for k in full["outputs"] if k.endswith("_m2")):
                ours, theirs = top["outputs"].get(key, 0.0), full["outputs"][key]
                diff = f"{(theirs - ours) / ours * 100:+.1f} %" if ours else "–"
                k = int(key.split("_")[2])
                L.append(f"| zones 1–{k} (height ≤ {THRESHOLDS[k - 1]:g} m) | {ours / 1e4:,.0f} | "
                         f"{theirs / 1e4:,.0f} | {diff} |")
            L += ["", ("The native chain has no downstream running minimum of the water level (each river cell "
                      "keeps its DEM value) and takes the nearest river cell from gdal_grid instead of an exact "
                      "distance transform, so the areas differ somewhat; the work is the same.")]
    elif full:
        L += [f"{full.get('status')}: {full.get('message', '')[:300]}"]
    return L + [""]


def _flood_calibration(plain, top):
    """What the fit to the official zones adds: the full size with and without it (target < 20 %)."""
    if plain.get("status") != "ok" or not top:
        return []
    ours, base = top["median_s"], plain["median_s"]
    return ["### The fit to the official zones", "",
            (f"At full size with the fit (zone 100, {top['outputs'].get('calibrated_m2', 0) / 1e4:,.0f} ha): "
             f"median {_fmt_s(ours)}; without it (`CALIBRATE` off): {_fmt_s(base)}. The fit adds "
             f"**{(ours - base) / base * 100:+.0f} %** (target < 20 %)."), ""]


def _corridor_peer(peer, top):
    grass = peer.get("grass") or {}
    L = []
    if top:
        o = top["outputs"]
        L += [(f"WERTvoll at full size: {o.get('links', 0):,} links, {o.get('corridor_features', 0):,} corridor "
              f"polygons, {o.get('patch_features', 0):,} patches (of {peer.get('patches', '?')} given)."), ""]
    L += ["### Peer: GRASS r.cost once per patch + pairwise minimum (Linkage Mapper's way)", ""]
    if grass.get("status") == "ok":
        per = grass["per_patch_s"]
        L += [(f"{grass['grass']}, r.cost without knight's move (8 neighbours, as scikit-image MCP_Geometric), "
              f"memory={grass['memory_mb']} MB (the module's default). Ran from {len(per)} of {peer['patches']} "
              f"patches (ids {', '.join(str(i) for i in peer['ids'])}): per patch "
              f"{', '.join(f'{t:.1f}' for t in per)} s; peak RSS {_fmt_mb(grass['rss_mb'])}; "
              f"{grass['outputs']['pairs']} patch pairs costed."), ""]
        if peer.get("estimate"):
            L += [(f"All {peer['patches']} patches **extrapolated: {_fmt_s(peer['estimate']['seconds'])}** — "
                  f"{peer['estimate']['method']}."), ""]
        comparison = peer.get("comparison")
        if comparison:
            diff = comparison["max_rel_diff"]
            L += [f"Link costs compared where both report the link: {comparison['pairs']} of "
                  f"{comparison['links']} WERTvoll links, max relative difference "
                  + (f"**{diff:.2e}**" if diff is not None else "n/a") + ".", ""]
    elif grass:
        L += [f"{grass.get('status')}: {grass.get('message', '')[:300]}", ""]
    return L


def _selection_outputs(o):
    return [(f"At {o['parts']:,} generated parts with area caps for {o['groups']} municipalities (data: "
             "`bench/cases.py` selection_parts): status {status}, proven gap {gap:.3%}, {rounds} core MIP(s), "
             "last core {core:,} free parts. Farmland taken: optimal **{opt:,.0f} ha**, greedy walk down the ranks "
             "{greedy:,.0f} ha → **{saved:,.0f} ha saved ({share:.1%})**; the greedy walk ignores the caps and broke "
             "{broken} of them.").format(status=o["status"], gap=o["gap"], rounds=o["rounds"], core=o["core"],
                                         opt=o["optimal_farmland_ha"], greedy=o["greedy_farmland_ha"],
                                         saved=o["saved_ha"], share=o["saved_share"],
                                         broken=o["greedy_caps_broken"]), ""]


def methods(meta):
    return ["## Methods", "",
            ("* Every run is its own process (`bench/child.py`): a fresh headless QGIS (`scripts/qgis_headless.py`, "
            "as `make demo`), one `processing.run`, results written to GeoPackage in a work folder. Peak RSS = "
            "the larger of the process's VmHWM and ru_maxrss of the processes it waited for (GRASS modules, "
            "gdal_calc), read by the child itself at its end: ru_maxrss of the child as seen by the parent would "
            "include the parent's own resident size at the fork."),
            (f"* Median of {meta['runs']} runs per size. Peers run in the same `make bench` as the algorithm, "
             f"{meta['runs']} times too, except the screening chain: it first runs on two `fid %` subsets (with "
             "WERTvoll on the same subsets), then at full size — once when it takes more than 2 minutes, not at "
             f"all when {meta['runs']} runs would exceed {meta['peer_budget_s']:.0f} s: then the full-size time is "
             "extrapolated from the subsets and the method is written next to the number. The GRASS peer runs "
             "once (from a subset of the patches, see its section)."),
            ("* Screening peer: merge the 3 exclusion layers → `native:difference` → `native:multiparttosingleparts` "
            "→ `native:extractbyexpression` ($area ≥ MIN_AREA) → `native:calculatevectoroverlaps` (4 co-benefit "
            "layers) → `native:joinattributesbylocation` (municipality, largest overlap) → "
            "`native:joinattributestable` (value table) → `native:fieldcalculator` ×4 (area, PIK with the "
            "area-weighted arable soil mean, uplift points, score) → `native:addautoincrementalfield` (rank by "
            "score) → `qgis:statisticsbycategories` (summary per municipality). Not reproduced: selection for "
            "DEMAND and the legal notes (cheap steps)."),
            ("* Riparian peer: `native:buffer` (data-defined distance from breite_m) for the channel, the 5 m "
            "and the 10 m strip and the corridor (channel × 7 × 1.25, at least 20 m), each `native:dissolve`d "
            "(corridors per gew_id), `native:difference` strip − channel, − built-up areas, 5–10 m band, "
            "`native:intersection` with the built-up areas for the inside strip. The ratio compares it with "
            "WERTvoll doing the same work (no DEM, no land use); the target time uses the full workload."),
            ("* Flood peer: `gdal:rasterize` the rivers on the DEM grid → `gdal:rastercalculator` (DEM on river "
            "cells) → `native:pixelstopoints` → `gdal:gridnearestneighbor` (radius = MAX_DISTANCE = 1000 m: "
            "level of the nearest river cell) → `gdal:rastercalculator` (DEM − level) → per threshold 1/2/3 m: "
            "`gdal:rastercalculator` (mask) → `gdal:polygonize` (8-connected) → `native:extractbylocation` "
            "(polygons touching a river = connected to it)."),
            ("* Corridor peer: `bench/grass_peer.py` in a temporary GRASS location: `r.in.gdal` the resistance and "
            "the all-touched patch raster once, then per patch `r.mapcalc` (start cells), `r.cost` (no -k), "
            "`r.univar -t` with the patches as zones (minimum cost at every other patch); costs × ew_res = "
            "resistance × metres (checked equal to MCP_Geometric in the smoke test)."),
            ("* Robustness of the ranking: `selection_frequency` (100 weightings) on generated parts (bench/cases.py "
            "`robustness_parts`: gains 1–15 points/m², log-normal areas, 70 % of each share 0, else uniform 0–1; demand "
            "10 % of all points), without QGIS started: peak RSS is numpy's only. No peer: no QGIS tool offers it."),
            ("* Connectivity gain (no peer): the corridor tool runs once on the largest resistance raster with a "
             "dispersal kernel (p = 0.5 at cost 50,000, a benchmark assumption) and its links and patches are "
             "cached; then each run reads the parcels (all, or a `fid %` subset for the smaller sizes) with OGR "
             "and times `kernels.connectivity.kernel_from_links` + `connectivity_gain` for every parcel as if it "
             "became grassland (resistance now from its land use in bench/resistance.csv)."),
            ("* Log-log slope: least-squares slope of log(median time) over log(size) across the sizes; 1 = "
            "linear, n log n gives about 1.1 over these ranges. Fixed costs (reading, writing, start of the "
            "algorithm) flatten it at small sizes."), ""]


def console_summary(results, targets):
    lines = ["", "bench: summary"]
    for case, result in results.items():
        evaluation = result["evaluation"]
        lines.append(f"  {targets[case]['algorithm']} (#{targets[case]['issue']}): {evaluation['status']}")
        for criterion, status, measured in evaluation["checks"]:
            lines.append(f"    {status:<5} {criterion}: {measured}")
        slope = _slope(result.get("scaling", []))
        if slope is not None:
            lines.append(f"    log-log slope {slope:.2f}")
    return lines


if __name__ == "__main__":
    sys.exit("run bench/run.py (make bench)")
