"""Robustness matrix, CRS (issue 9): geographic input, one CRS per input, no CRS, raster ≠ vectors.

The worlds' rows are written in EPSG:25833 and reprojected into the case's CRS, so the hand
results of the worlds stay valid (the algorithms transform back; areas within 1e-6).
"each_different" adds inputs where a world has only one (screening: a drinking-water zone and
municipalities; riparian strips: a built-up area and land use; corridors: LANDUSE polygons
instead of the raster; report: template gewaesser with three map layers).
"""
import pytest

from .matrix_run import run_world
from .worlds import ALGORITHMS, WORLDS

CASES = ("geographic", "each_different", "no_crs", "outside_crs", "raster_differs", "raster_no_crs")


def _cases():
    out = []
    for case in CASES:
        for alg in ALGORITHMS:
            if case.startswith("raster") and WORLDS[alg].RASTER is None:
                continue  # no raster input: n/a
            out.append((case, alg))
    return out


@pytest.mark.parametrize("case,alg", _cases())
def test_crs(case, alg, world_of, project_layers):
    world = world_of(alg)
    expect = world.crs_case(case)
    outcome = run_world(world, expect, project_layers, f"crs/{case}/{alg}")
    if outcome.error is not None and "no_crs" in case:
        assert "has no CRS" in outcome.error
