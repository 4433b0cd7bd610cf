"""The corridor peer, Linkage Mapper's way: one GRASS r.cost per habitat patch, then the pairwise minimum.

Runs inside a GRASS session (``bench/cases.py`` starts it with ``grass --tmp-location <resistance>
--exec python bench/grass_peer.py ...``), so it needs only the GRASS modules on PATH.

For every patch a in the subset:
  ``r.mapcalc`` start = cells of a; ``r.cost`` (8 neighbours: no knight's move, like scikit-image
  MCP_Geometric) from those cells over the resistance raster; ``r.univar -t`` with the patch raster as
  zones gives the minimum accumulated cost at the cells of every other patch b = the least-cost
  distance a -> b (the pairwise minimum of Linkage Mapper).

r.cost charges a move between neighbours the mean of the two cells' costs times the distance *in
cells* (1 for a horizontal move, ns_res/ew_res for a vertical one, their hypotenuse for a diagonal
one; GRASS 8 r.cost main.c, EW_fac = 1). The result is multiplied by ew_res to get cost in
resistance x metres, the unit of wertvoll:biotopecorridors (checked against MCP_Geometric in
tests/test_bench_smoke.py).
"""
import argparse
import json
import subprocess
import time


def grass(*args, capture=False):
    done = subprocess.run(list(args), check=False, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr}")
    return done.stdout if capture else None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resistance", required=True)
    parser.add_argument("--patches", required=True, help="Int32 raster of patch ids, 0 = no patch")
    parser.add_argument("--ids", required=True, help="comma-separated patch ids to run r.cost from")
    parser.add_argument("--out", required=True, help="JSON result file")
    parser.add_argument("--memory", type=int, default=300, help="r.cost memory in MB (GRASS default 300)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    grass("r.in.gdal", "-o", "--quiet", f"input={args.resistance}", "output=resist")
    grass("r.in.gdal", "-o", "--quiet", f"input={args.patches}", "output=patches")
    grass("g.region", "raster=resist")
    region = dict(line.split("=", 1) for line in grass("g.region", "-g", capture=True).split())
    ew_res = float(region["ewres"])
    grass("r.null", "map=patches", "setnull=0")
    setup = time.perf_counter() - t0
    costs, per_patch = {}, []
    for pid in [int(v) for v in args.ids.split(",") if v]:
        t1 = time.perf_counter()
        grass("r.mapcalc", "--quiet", "--overwrite", f"expression=start = if(patches == {pid}, 1, null())")
        grass("r.cost", "--quiet", "--overwrite", "input=resist", "start_raster=start", "output=cwd",
              f"memory={args.memory}")
        table = grass("r.univar", "-t", "--quiet", "map=cwd", "zones=patches", "separator=comma", capture=True)
        lines = table.strip().splitlines()
        header = lines[0].split(",")
        zone_col, min_col = header.index("zone"), header.index("min")
        row = {}
        for line in lines[1:]:
            cells = line.split(",")
            zone = int(cells[zone_col])
            if zone != pid and cells[min_col] not in ("", "-nan", "nan"):
                row[zone] = float(cells[min_col]) * ew_res
        costs[pid] = row
        per_patch.append(time.perf_counter() - t1)
    version = grass("g.version", capture=True).strip()
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump({"setup_s": setup, "per_patch_s": per_patch, "costs": costs, "ew_res": ew_res,
                   "grass": version, "memory_mb": args.memory}, handle)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
