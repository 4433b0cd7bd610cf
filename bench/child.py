"""One benchmark run in its own process: ``python bench/child.py CASE PARAMS.json RESULT.json WORKDIR``.

Starts QGIS headless (scripts/qgis_headless.py, the same start-up as ``make demo``) unless the case
needs none, runs the case from bench/cases.py once and writes its result as JSON, with the peak
RSS of this process and its children (peak_rss_mb), so every run has its own fresh QGIS and its
own peak memory.
"""
import json
import os
import resource
import sys
import time
import traceback
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "scripts"))


def peak_rss_mb():
    """Peak RSS of this process (VmHWM) or of any child it waited for, whichever is larger.

    Not ru_maxrss of RUSAGE_SELF, and not the parent's os.wait4 figure alone: Linux carries the
    parent's resident size over into a forked child's ru_maxrss (the forked copy of the parent's
    memory is counted before execve), so a large parent would inflate every child's number.
    VmHWM belongs to the memory of this process image only. Children (GRASS modules, gdal_calc)
    are covered by RUSAGE_CHILDREN; what they inherit from this process is at most its own VmHWM.
    """
    kb = 0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                kb = int(line.split()[1])
    kb = max(kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return kb * 1024 / 1e6


def main(argv):
    case, params_file, result_file, work = argv
    params = json.loads(Path(params_file).read_text())
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    import cases

    t0 = time.perf_counter()
    if case not in cases.NO_QGIS:
        from qgis_headless import start_qgis

        start_qgis()
    startup = time.perf_counter() - t0
    baseline = peak_rss_mb()
    try:
        profile_path = os.environ.get("BENCH_CPROFILE")
        if profile_path:
            import cProfile

            profiler = cProfile.Profile()
            result = profiler.runcall(cases.CASES[case], params, work)
            profiler.dump_stats(profile_path)
        else:
            result = cases.CASES[case](params, work)
        result.setdefault("status", "ok")
    except Exception as error:  # noqa: BLE001 - reported in results.md as FAIL with the message
        traceback.print_exc()
        result = {"status": "error", "message": f"{type(error).__name__}: {error}"}
    result["startup_s"] = startup
    result["baseline_rss_mb"] = baseline
    result["peak_rss_mb"] = peak_rss_mb()
    Path(result_file).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
