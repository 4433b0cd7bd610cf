"""Flood-risk zones tile by tile (kernels/flood_tiles.py) against the one-piece run (kernels/flood.py).

The tiled run must give the same heights and zones bit for bit on every DEM that fits in memory,
whatever the tile size: tiles that do not divide the grid, a halo (MAX_DISTANCE) larger than the
tile, zones that cross many seams (a spiral), diagonal steps across a tile corner, nodata holes,
several rivers, equidistant river cells (ties), non-square cells. Expected zones of the built
cases are worked out by hand in each test; the random cases compare with the one-piece run.
"""
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

from wertvoll.kernels import flood, flood_tiles
from wertvoll.kernels.errors import Cancelled, KernelError
from wertvoll.kernels.flood import FloodLayers, FloodOptions, flood_zones
from wertvoll.kernels.flood_tiles import (ArrayRaster, TiledStage, array_polygonize, flood_zones_tiled,
                                          plan_tiles, sample_cells)
from wertvoll.kernels.grid import Grid

THRESHOLDS = (1.0, 2.0, 3.0)


def tiled(grid, rivers, options, tile, layers=None, **kwargs):
    """The tiled run on *grid* (read by windows) with tile side *tile*: (result, heights, zones)."""
    heights = ArrayRaster(np.full(grid.shape, np.nan, dtype=np.float32), grid)
    zones = ArrayRaster(np.zeros(grid.shape, dtype=np.uint8), grid)
    source = ArrayRaster(grid.values, grid).source()
    stage = TiledStage(zones, array_polygonize, height_out=heights, tile=tile, **kwargs.pop("stage", {}))
    result = flood_zones_tiled(source, rivers, options, layers, stage=stage, **kwargs)
    return result, heights.values, zones.values


def assert_same(grid, rivers, options, tiles, layers=None):
    """Tiled == one-piece for every tile side in *tiles*; returns the one-piece result."""
    whole = flood_zones(grid, rivers, options, layers)
    for tile in tiles:
        result, heights, zones = tiled(grid, rivers, options, tile, layers)
        np.testing.assert_array_equal(heights, whole.height.values, err_msg=f"heights, tile {tile}")
        np.testing.assert_array_equal(zones, whole.zone_grid.values, err_msg=f"zones, tile {tile}")
        assert result.zone_areas == pytest.approx(whole.zone_areas, rel=1e-12, abs=1e-9)
        assert result.stats["tiles"] > 1
        for k in range(1, len(options.thresholds) + 1):
            assert result.stats[f"cells_zone_{k}"] == whole.stats[f"cells_zone_{k}"]
    return whole


def smooth_noise(rng, shape, scale):
    from scipy import ndimage

    return ndimage.gaussian_filter(rng.normal(size=shape), scale) * scale * 3


# --------------------------------------------------------------------------- built cases

def spiral_dem(size=61):
    """A square spiral corridor of cells 0.5 m above the river at its centre, walls 5 m high between
    its arms (arms 2 cells apart: right 2, down 2, left 4, up 4, right 6, ...): the water reaches the
    outer arms only by winding round through many tile seams."""
    values = np.full((size, size), 105.0)
    corridor = np.zeros((size, size), dtype=bool)
    r = q = size // 2
    corridor[r, q] = True
    moves = [(0, 1), (1, 0), (0, -1), (-1, 0)]
    for turn in range(4 * size):
        dr, dq = moves[turn % 4]
        for _ in range(2 * (turn // 2 + 1)):
            r, q = r + dr, q + dq
            if not (1 <= r < size - 1 and 1 <= q < size - 1):
                values[corridor] = 100.5
                return values, corridor
            corridor[r, q] = True
    raise AssertionError("unreachable")


def test_spiral_corridor_is_reached_through_every_seam():
    values, corridor = spiral_dem()
    values[0, 0:3] = 100.5                           # a basin as low as the corridor, walled off
    c = values.shape[0] // 2
    values[c, c] = 100.0                             # the river cell at the centre
    grid = Grid(values, 0.0, float(values.shape[0]), 1.0, 1.0)
    rivers = np.array([LineString([(c + 0.3, values.shape[0] - c - 0.5), (c + 0.6, values.shape[0] - c - 0.5)])],
                      dtype=object)
    options = FloodOptions((1.0,), max_distance=200.0, smooth=False)
    whole = assert_same(grid, rivers, options, tiles=(5, 7, 16, 60))
    zones = whole.zone_grid.values
    # by hand: the corridor (0.5 m above the river's 100 m) and the river cell are zone 1, the
    # walls (5 m) and the walled-off basin are not
    expected = corridor.copy()
    expected[c, c] = True
    np.testing.assert_array_equal(zones == 1, expected)
    assert (zones[0, 0:3] == 0).all() and corridor.sum() > 1000


def test_diagonal_step_across_a_tile_corner_connects():
    """Tile 4: the seams lie between rows 3|4 and columns 3|4. The water goes from the river cell
    (1, 1) along row 1 to (3, 3), steps diagonally across the tile corner to (4, 4) and on to (6, 6);
    every other cell is a 5 m wall. With 4-connectivity (6, 6) would stay dry."""
    values = np.full((8, 8), 105.0)
    for r, c in [(1, 1), (1, 2), (2, 3), (3, 3), (4, 4), (5, 5), (6, 6)]:
        values[r, c] = 100.5
    values[1, 1] = 100.0
    grid = Grid(values, 0.0, 8.0, 1.0, 1.0)
    rivers = np.array([LineString([(1.2, 6.5), (1.8, 6.5)])], dtype=object)
    whole = assert_same(grid, rivers, FloodOptions((1.0,), max_distance=50.0, smooth=False), tiles=(4, 3))
    assert whole.zone_grid.values[6, 6] == 1 and whole.zone_grid.values[4, 4] == 1
    assert int((whole.zone_grid.values == 1).sum()) == 7


def v_valley(rows=60, cols=101, slope=0.13):
    """The valley of tests/kernels/test_flood.py: river along column 50, DEM = 100 + slope · d."""
    d = np.abs(np.arange(cols) - 50).astype(float)
    return Grid(np.repeat((100.0 + slope * d)[None, :], rows, axis=0), 0.0, float(rows), 1.0, 1.0)


def test_valley_with_halo_larger_than_the_tile_and_uneven_tiles():
    grid = v_valley()
    grid.values[20:26, 52:57] = np.nan          # a nodata hole in zone 1
    rivers = np.array([LineString([(50.5, 59.5), (50.5, 0.5)])], dtype=object)
    whole = assert_same(grid, rivers, FloodOptions(THRESHOLDS, max_distance=30.0), tiles=(7, 13, 59))
    # by hand (test_flood.py): zone 1 = d 0..7, zone 2 = d 8..15, zone 3 = d 16..23 (0.13 m/m)
    row = whole.zone_grid.values[10]
    assert row[50 - 7] == 1 and row[50 - 8] == 2 and row[50 + 23] == 3 and row[50 + 24] == 0
    assert (whole.zone_grid.values[20:26, 52:57] == 0).all() and whole.zone_grid.values[22, 57] == 1


def test_equidistant_rivers_tie_as_in_the_one_piece_run():
    """Two rivers at columns 10 and 30 (levels 100 and 99) on square cells: column 20 lies exactly
    between them, and every cell has ties on the diagonals too. Both runs pick the same river
    cell, whatever the tiling."""
    rows, cols = 40, 41
    values = np.full((rows, cols), 101.0)
    values[:, 10], values[:, 30] = 100.0, 99.0
    grid = Grid(values, 0.0, float(rows), 1.0, 1.0)
    rivers = np.array([LineString([(10.5, rows - 0.5), (10.5, 0.5)]), LineString([(30.5, rows - 0.5), (30.5, 0.5)])],
                      dtype=object)
    whole = assert_same(grid, rivers, FloodOptions(THRESHOLDS, max_distance=25.0, smooth=False),
                        tiles=(3, 4, 6, 9, 11, 20, 21))
    middle = whole.height.values[:, 20]
    assert set(np.unique(middle)) <= {1.0, 2.0}     # 101 - 100 or 101 - 99: one of the two rivers
    assert whole.height.values[5, 19] == 1.0 and whole.height.values[5, 21] == 2.0


@pytest.mark.parametrize("seed", range(6))
def test_random_terrain_several_rivers_and_holes(seed):
    rng = np.random.default_rng(seed)
    rows, cols = int(rng.integers(50, 90)), int(rng.integers(50, 90))
    square = seed % 2 == 0
    dx, dy = (10.0, 10.0) if square else (43.30127018922193, 32.475952641916457)
    values = 100.0 + smooth_noise(rng, (rows, cols), 3.0) + np.linspace(0, 5, cols)[None, :]
    values[rng.random((rows, cols)) < 0.02] = np.nan                     # scattered nodata
    r0, c0 = rng.integers(5, rows - 10), rng.integers(5, cols - 10)
    values[r0:r0 + 6, c0:c0 + 4] = np.nan                                # and a hole
    grid = Grid(values, 1000.0, 5000.0, dx, dy)
    lines = []
    for _ in range(int(rng.integers(2, 6))):
        pts = rng.uniform([1000, 5000 - rows * dy], [1000 + cols * dx, 5000], size=(int(rng.integers(2, 6)), 2))
        lines.append(LineString(pts))
    rivers = np.array(lines, dtype=object)
    options = FloodOptions((0.5, 1.5, 3.0), max_distance=float(rng.choice([80.0, 150.0, 400.0])))
    assert_same(grid, rivers, options, tiles=(int(rng.integers(5, 12)), int(rng.integers(12, 40))))


def test_exposure_and_official_zone_match():
    grid = v_valley()
    rivers = np.array([LineString([(50.5, 59.5), (50.5, 0.5)])], dtype=object)
    layers = FloodLayers(floodplain=np.array([box(40, 0, 60, 60)], dtype=object),
                         exposure=np.array([box(30, 10, 70, 20), Point(45.5, 30.5), Point(80.5, 5.5)], dtype=object),
                         exposure_classes=["field", "house", "house"])
    # a run in tiles makes no fit to the official zone and no terrain flags (it warns): both off here
    options = FloodOptions(THRESHOLDS, max_distance=100.0, calibrate=False, flags=False)
    whole = flood_zones(grid, rivers, options, layers)
    result, _, _ = tiled(grid, rivers, options, 16, layers)
    assert result.exposure.to_dict("list") == whole.exposure.to_dict("list")
    pd.testing.assert_frame_equal(result.zones, whole.zones)
    # by hand: the point at column 45 (d = 5) is in zone 1, the one at column 80 (d = 30) in none
    houses = result.exposure[result.exposure["class"] == "house"]
    assert sorted(houses["zone"]) == [0, 1]


# --------------------------------------------------------------------------- a rule with references

class ClassRule:
    """Zone 1: height at most the threshold of the class of the cell's nearest river cell."""

    needs_reference = True

    def __init__(self, threshold_of_cell):
        self.threshold_of_cell = threshold_of_cell   # per river cell (index into the RiverCells)

    def __len__(self):
        return 1

    def qualifies(self, tile, k):
        t = np.where(tile.reference >= 0, self.threshold_of_cell[np.maximum(tile.reference, 0)], -np.inf)
        return flood.below(tile.height - t.astype(np.float32), 0.0)


def test_a_rule_sees_the_nearest_river_cell():
    """Rivers at columns 20 and 70 of a double V valley (slope 0.13 m/m); the river at column 20 has
    threshold 1 m (d <= 7 cells), the one at 70 threshold 3 m (d <= 23)."""
    cols = 101
    d = np.minimum(np.abs(np.arange(cols) - 20), np.abs(np.arange(cols) - 70)).astype(float)
    grid = Grid(np.repeat((100.0 + 0.13 * d)[None, :], 30, axis=0), 0.0, 30.0, 1.0, 1.0)
    rivers = np.array([LineString([(20.5, 29.5), (20.5, 0.5)]), LineString([(70.5, 29.5), (70.5, 0.5)])],
                      dtype=object)
    cells = flood.rasterize_rivers(grid, rivers, smooth=False)
    threshold = np.where(cells.flat % cols == 20, 1.0, 3.0)
    _, _, zones = tiled(grid, rivers, FloodOptions((1.0,), max_distance=100.0, smooth=False), 8,
                        stage={"rule": ClassRule(threshold)})
    expected = np.where(np.abs(np.arange(cols) - 20) <= 7, 1, 0) | np.where(np.abs(np.arange(cols) - 70) <= 23, 1, 0)
    np.testing.assert_array_equal(zones, np.repeat(expected[None, :], 30, axis=0))


# --------------------------------------------------------------------------- plan, sampling, cancel

def test_plan_takes_the_largest_tile_that_fits():
    pads = (501, 501)   # MAX_DISTANCE 1000 m on 2 m cells
    big = plan_tiles((0, 33500, 0, 33500), pads, available=16 * 2 ** 30)
    assert big.memory <= flood_tiles.MEMORY_CAP and big.tile % flood_tiles.MIN_TILE == 0
    assert flood_tiles.tile_memory(big.tile + flood_tiles.MIN_TILE, pads) > flood_tiles.MEMORY_CAP
    small = plan_tiles((0, 33500, 0, 33500), pads, available=1 * 2 ** 30)
    assert small.tile < big.tile and small.memory <= 0.5 * 2 ** 30
    assert len(small.tiles) == small.grid[0] * small.grid[1]
    assert small.tiles[-1][1] == 33500 and small.tiles[-1][3] == 33500
    with pytest.raises(KernelError, match="smallest tiles"):
        plan_tiles((0, 33500, 0, 33500), pads, available=10 * 2 ** 20)


def test_sample_cells_reads_blocks_only():
    values = np.arange(1000 * 700, dtype=float).reshape(1000, 700)
    reads = []

    def read(r0, r1, c0, c1):
        reads.append((r1 - r0) * (c1 - c0))
        return values[r0:r1, c0:c1]

    rng = np.random.default_rng(1)
    row, col = rng.integers(0, 1000, 300), rng.integers(0, 700, 300)
    np.testing.assert_array_equal(sample_cells(read, row, col, block=100), values[row, col])
    assert max(reads) <= 100 * 100 and len(reads) <= 70


def test_cancel_between_tiles_leaves_no_temporary_file(tmp_path):
    grid = v_valley()
    rivers = np.array([LineString([(50.5, 59.5), (50.5, 0.5)])], dtype=object)
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 40

    with pytest.raises(Cancelled):
        tiled(grid, rivers, FloodOptions(THRESHOLDS), 10, is_cancelled=cancelled,
              stage={"workdir": str(tmp_path / "tmp")})
    assert list((tmp_path / "tmp").iterdir()) == []


def test_progress_and_log_name_the_plan():
    grid = v_valley()
    rivers = np.array([LineString([(50.5, 59.5), (50.5, 0.5)])], dtype=object)
    seen, logged = [], []
    tiled(grid, rivers, FloodOptions(THRESHOLDS), 16, progress=seen.append,
          log=lambda template, **p: logged.append(template.format(**p)))
    assert seen == sorted(seen) and seen[-1] == 100
    assert any("Tiled run: 60 × 101 cells in 28 tiles of 16 × 16 cells" in line for line in logged)


@pytest.mark.parametrize("spacing", [(1.0, 1.0), (2.0, 2.0), (43.30127018922193, 32.475952641916457)])
def test_scattered_river_cells_with_many_ties(spacing):
    """Single river cells scattered on a coarse lattice (every 4th row and column, so many cells are
    equidistant from several), each with its own level: the nearest pick decides the height."""
    dx, dy = spacing
    rng = np.random.default_rng(7)
    rows, cols = 45, 53
    values = np.full((rows, cols), 110.0)
    lines = []
    for r in range(2, rows, 4):
        for c in range(1, cols, 4):
            if rng.random() < 0.5:
                values[r, c] = 100.0 + rng.integers(0, 8)
                y = rows * dy - (r + 0.5) * dy
                lines.append(LineString([((c + 0.3) * dx, y), ((c + 0.6) * dx, y)]))
    grid = Grid(values, 0.0, rows * dy, dx, dy)
    options = FloodOptions((4.0, 8.0), max_distance=6.5 * max(dx, dy), smooth=False)
    assert_same(grid, np.array(lines, dtype=object), options, tiles=(3, 5, 8, 17))
