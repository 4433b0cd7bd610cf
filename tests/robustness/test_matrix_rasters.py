"""Robustness matrix, rasters (issue 9): the flood DEM, the corridor RESISTANCE, the riparian DEM.

Cases: all nodata, nodata holes, a 1 × 1 raster, non-square cells, a raster beside the vectors.
The expected result of each is in the world's ``raster_case`` (worlds/): zones counted by
hand, link costs from the independent Dijkstra ``least_cost``, the slope band by hand.
"""
import pytest

from .matrix_run import run_world
from .worlds import ALGORITHMS, WORLDS

CASES = ("all_nodata", "nodata_holes", "one_cell", "non_square", "no_overlap")


@pytest.mark.parametrize("case,alg", [(c, a) for c in CASES for a in ALGORITHMS if WORLDS[a].RASTER])
def test_raster(case, alg, world_of, project_layers):
    world = world_of(alg)
    expect = world.raster_case(case)
    run_world(world, expect, project_layers, f"raster/{case}/{alg}")
