"""Biotope-corridor kernel: small grids solved by hand, and a cross-check against scikit-image.

Unless a test says otherwise: cells of 10 m, the grid's upper-left corner at (0, H) so that
cell (row r, col c) spans x = 10c..10c+10, y = H-10r-10..H-10r. Patches are small squares
(2 × 2 m) in the middle of a cell, so each is exactly one cell (all-touched) and the
Euclidean distance between two patches is the distance of their centres minus 2 m (along a
row) . A step between neighbouring cells costs its length (10 m, or 10·√2 m diagonally) ×
the mean resistance of the two cells, as in GRASS r.cost without knight's moves.
"""
import math
import sys

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, box

from layers import child_pids
from wertvoll.kernels import corridors, workers
from wertvoll.kernels.corridors import (
    PRESET_KEYS,
    CorridorOptions,
    RasterFrame,
    biotope_corridors,
    check_memory,
    landuse_resistance,
    load_resistance_table,
    load_species_presets,
    rasterize_shapes,
    resistance_from_landuse,
)
from wertvoll.kernels.errors import Cancelled, KernelError
from grids import CELL, cells_box, dot, grid_of

DIAG = 10.0 * math.sqrt(2.0)








def run(grid, geoms, ids=None, **kwargs):
    """The kernel with the CorridorOptions in *kwargs* (MIN_PATCH_AREA 0 unless given) and its callbacks."""
    callbacks = {name: kwargs.pop(name) for name in ("progress", "is_cancelled", "log", "own_values")
                 if name in kwargs}
    kwargs.setdefault("min_patch_area", 0.0)
    ids = list(range(1, len(geoms) + 1)) if ids is None else ids
    return biotope_corridors(grid, geoms, ids, CorridorOptions(**kwargs), **callbacks)


def links_by_pair(result):
    return {(row.from_id, row.to_id): row for row in result.links.itertuples(index=False)}


def path_cells(grid, line):
    """(row, col) of the vertices of a link line (cell centres)."""
    coords = shapely.get_coordinates(line)
    rows, cols = grid.cell_of(coords[:, 0], coords[:, 1])
    return list(zip(rows.tolist(), cols.tolist()))


# --------------------------------------------------------------------------- hand-solved costs and paths

def test_straight_link_on_uniform_resistance():
    # 5 × 9 cells of resistance 1; A in cell (2, 1), B in cell (2, 7): 6 steps of 10 m, each 10 × 1
    grid = grid_of(np.ones((5, 9)))
    result = run(grid, [dot(grid, 2, 1), dot(grid, 2, 7)])
    link = links_by_pair(result)[(1, 2)]
    assert link.cost == pytest.approx(60.0)
    assert link.length_m == pytest.approx(60.0)
    assert link.euclid_m == pytest.approx(58.0)          # 60 m between centres, minus two half squares
    assert link.cost_per_length == pytest.approx(1.0)
    assert link.mean_resistance == pytest.approx(1.0) and link.max_resistance == pytest.approx(1.0)
    assert path_cells(grid, result.link_geometries[0]) == [(2, c) for c in range(1, 8)]
    assert result.components == 1 and result.patches["degree"].tolist() == [1, 1]


def test_costs_are_step_length_times_mean_resistance():
    # one row: A (res 1) | 2 | 4 | 6 | B (res 1); cost = 10 × (1.5 + 3 + 5 + 3.5) = 130
    grid = grid_of([[1.0, 2.0, 4.0, 6.0, 1.0]])
    result = run(grid, [dot(grid, 0, 0), dot(grid, 0, 4)])
    link = links_by_pair(result)[(1, 2)]
    assert link.cost == pytest.approx(130.0)
    assert link.mean_resistance == pytest.approx((1 + 2 + 4 + 6 + 1) / 5)
    assert link.max_resistance == pytest.approx(6.0)
    assert link.cost_per_length == pytest.approx(130.0 / 40.0)


def test_diagonal_and_mixed_steps():
    # A (0, 0), B (1, 3) on resistance 1: one diagonal and two straight steps = 10·√2 + 20
    grid = grid_of(np.ones((4, 4)))
    result = run(grid, [dot(grid, 0, 0), dot(grid, 1, 3)])
    link = links_by_pair(result)[(1, 2)]
    assert link.cost == pytest.approx(DIAG + 20.0)
    assert link.length_m == pytest.approx(DIAG + 20.0)
    cells = path_cells(grid, result.link_geometries[0])
    assert cells[0] == (0, 0) and cells[-1] == (1, 3) and len(cells) == 4
    steps = np.abs(np.diff(np.array(cells), axis=0))
    assert steps.max() == 1                              # 8-connected, continuous


def test_path_takes_the_cheap_channel_through_a_barrier():
    # 11 × 11 cells of resistance 1; column 5 is a wall of resistance 100 except the channel at
    # row 9. A in (5, 1), B in (5, 9). Straight across: 6 × 10 + 2 × 10 × (1 + 100) / 2 = 1070.
    # Through the channel: 4 diagonal steps down to (9, 5), 4 up to (5, 9) = 8 × 10·√2 = 113.1.
    values = np.ones((11, 11))
    values[:, 5] = 100.0
    values[9, 5] = 1.0
    grid = grid_of(values)
    result = run(grid, [dot(grid, 5, 1), dot(grid, 5, 9)])
    link = links_by_pair(result)[(1, 2)]
    assert link.cost == pytest.approx(8 * DIAG)
    assert (9, 5) in path_cells(grid, result.link_geometries[0])
    assert link.max_resistance == pytest.approx(1.0) and link.gap_m == 0.0
    # without the channel the path crosses the wall: one gap cell, 10 m of path on it
    values[9, 5] = 100.0
    result = run(grid_of(values), [dot(grid, 5, 1), dot(grid, 5, 9)])
    link = links_by_pair(result)[(1, 2)]
    assert link.cost == pytest.approx(1070.0)
    assert link.gap_m == pytest.approx(10.0)
    assert len(result.gaps) == 1 and result.gaps["length_m"].iloc[0] == pytest.approx(10.0)
    gap = result.gap_geometries[0]          # from halfway into the wall cell to halfway out
    assert shapely.get_coordinates(gap)[:, 0].tolist() == pytest.approx([50.0, 55.0, 60.0])


def test_patch_with_a_hole_and_a_patch_inside_it():
    # A: the 90 × 90 m square minus the hole 30..60 m (its cells 3..5 × 3..5 are not A's);
    # B: a dot in the middle cell (4, 4). B -> (3, 4) -> A's cell (2, 4): 2 × 10 = 20
    grid = grid_of(np.ones((9, 9)))
    donut = box(0, 0, 90, 90).difference(box(30, 30, 60, 60))
    result = run(grid, [donut, dot(grid, 4, 4)])
    assert links_by_pair(result)[(1, 2)].cost == pytest.approx(20.0)


def test_features_with_the_same_id_are_one_patch():
    # two dots with id 7 at both ends of a row, a dot with id 9 in the middle: 7 links to 9 only
    grid = grid_of(np.ones((1, 9)))
    result = run(grid, [dot(grid, 0, 0), dot(grid, 0, 8), dot(grid, 0, 4)], ids=[7, 7, 9])
    assert sorted(result.patches["patch_id"]) == [7, 9]
    assert list(links_by_pair(result)) == [(7, 9)]
    assert links_by_pair(result)[(7, 9)].cost == pytest.approx(40.0)
    assert result.patches.set_index("patch_id").loc[7, "area_m2"] == pytest.approx(8.0)


# --------------------------------------------------------------------------- corridors

def test_tolerance_widens_the_corridor():
    # 5 × 7 cells of resistance 1, A in (2, 0), B in (2, 6): cost 60.
    # tolerance 0: only row 2 (7 cells). A cell one row off at column c (1..5) has
    # cwd_a + cwd_b = 10(c-1) + 10·√2 + 10(5-c) + 10·√2 = 40 + 20·√2 = 68.28 <= 60 × 1.15 = 69,
    # columns 0 and 6 of that row give 74.14, two rows off 76.57: with 15 % 17 cells.
    grid = grid_of(np.ones((5, 7)))
    patches = [dot(grid, 2, 0), dot(grid, 2, 6)]
    narrow = run(grid, patches, tolerance=0.0, corridor_raster=True)
    assert narrow.corridors["area_m2"].iloc[0] == pytest.approx(7 * 100.0)
    wide = run(grid, patches, tolerance=15.0, corridor_raster=True)
    assert wide.corridors["area_m2"].iloc[0] == pytest.approx(17 * 100.0)
    assert shapely.area(wide.corridor_geometries[0]) == pytest.approx(1700.0)
    raster = wide.corridor_raster.values
    assert np.allclose(raster[2], 0.0, atol=1e-6)
    assert raster[1, 1:6] == pytest.approx([20 * math.sqrt(2) - 20] * 5, abs=1e-4)
    assert np.isnan(raster[1, 0]) and np.isnan(raster[0]).all()
    # the corridor holds the path
    assert shapely.covers(wide.corridor_geometries[0], wide.link_geometries[0])
    assert shapely.covers(narrow.corridor_geometries[0], narrow.link_geometries[0])


# ----------------------------------------------------------------- MAX_COST and the third-patch rule

def three_in_a_row():
    # A (0, 0), B (0, 6), C (0, 16) on resistance 1: A-B costs 60, B-C 100, A and C do not touch
    grid = grid_of(np.ones((1, 17)))
    return grid, [dot(grid, 0, 0), dot(grid, 0, 6), dot(grid, 0, 16)]


def test_max_cost_removes_exactly_the_links_above_it():
    grid, patches = three_in_a_row()
    assert set(links_by_pair(run(grid, patches))) == {(1, 2), (2, 3)}
    result = run(grid, patches, max_cost=99.0)
    assert set(links_by_pair(result)) == {(1, 2)}
    assert any("cost more than MAX_COST = 99" in t.format(**p) for t, p in result.warnings)
    assert set(links_by_pair(run(grid, patches, max_cost=100.0))) == {(1, 2), (2, 3)}
    assert result.components == 2
    assert result.k == pytest.approx(math.log(2) / 49.5)   # p = 0.5 at MAX_COST / 2


def test_link_through_a_third_patch_is_dropped():
    # 11 × 11 cells of resistance 10. A = cells (0, 0..3), B = cells (0, 6..10) (both resistance 1).
    # Column 5, rows 0..7, is a wall of resistance 1000: the zones of A and B touch along it
    # (A owns column 4, B column 5), so A-B is a candidate pair. A U-shaped channel of
    # resistance 1 runs down column 1, along row 10 and up column 9, with C at (10, 5) on it:
    # going round costs about 280, across the wall more than 5000, so the least-cost A-B path
    # crosses C and the link is dropped; A-C and C-B stay.
    values = np.full((11, 11), 10.0)
    values[0:8, 5] = 1000.0
    values[:, 1] = 1.0
    values[10, :] = 1.0
    values[:, 9] = 1.0
    values[0, 0:4] = 1.0
    values[0, 6:] = 1.0
    grid = grid_of(values)
    patches = [cells_box(grid, 0, 0, 0, 3), cells_box(grid, 0, 6, 0, 10), dot(grid, 10, 5)]
    result = run(grid, patches)
    assert set(links_by_pair(result)) == {(1, 3), (2, 3)}
    assert result.stats["dropped_third"] == 1
    assert any("crosses a third patch (e.g. 1–2 through 3)" in t.format(**p) for t, p in result.warnings)


# --------------------------------------------------------------------------- graph metrics

def test_pc_end_to_end_with_max_cost():
    # three in a row (A-B 60, B-C 100), MAX_COST 200 -> k = ln 2 / 100: p_AB = 0.5^0.6,
    # p_BC = 0.5^1, p_AC = 0.5^1.6; dot areas 4 m² each, A_L = 17 × 100 m².
    grid, patches = three_in_a_row()
    result = run(grid, patches, max_cost=200.0)
    a = 4.0
    numerator = 3 * a * a + 2 * a * a * (0.5 ** 0.6 + 0.5 ** 1.0 + 0.5 ** 1.6)
    assert result.pc == pytest.approx(numerator / 1700.0 ** 2)
    assert result.eca == pytest.approx(math.sqrt(numerator))


def test_no_kernel_without_max_cost_or_dispersal_cost():
    # the kernel is never taken from the data (the old rule put p = 0.5 at the median link cost)
    grid, patches = three_in_a_row()
    result = run(grid, patches)
    assert len(result.links) == 2 and result.components == 1
    assert math.isnan(result.pc) and math.isnan(result.eca) and math.isnan(result.k)
    assert result.patches["dPC"].isna().all()
    assert any("No dispersal kernel" in t for t, _p in result.warnings)
    assert run(grid, patches, dispersal_cost=80.0).k == pytest.approx(math.log(2) / 80.0)
    assert run(grid, patches, max_cost=500.0, dispersal_cost=80.0).k == pytest.approx(math.log(2) / 80.0)


# --------------------------------------------------------------------------- cross-check

def test_every_link_cost_matches_an_independent_full_grid_pass():
    """Random 200 × 200 raster, 10 square patches: each link's cost equals the least cwd over the
    other patch from a full-grid scikit-image MCP_Geometric from one patch (within 0.5 %)."""
    from skimage.graph import MCP_Geometric

    rng = np.random.default_rng(42)
    values = rng.uniform(1.0, 60.0, (200, 200))
    values[rng.random((200, 200)) < 0.03] = np.nan            # scattered impassable cells
    grid = grid_of(values)
    corners = []
    while len(corners) < 10:
        r, c = rng.integers(5, 190, 2)
        if all(abs(r - r2) > 12 or abs(c - c2) > 12 for r2, c2 in corners):
            corners.append((int(r), int(c)))
    sizes = rng.integers(1, 6, 10)
    for (r, c), s in zip(corners, sizes):        # patch cells passable (scikit-image would leave a
        values[r:r + s, c:c + s] = 1.0           # negative start cell at its negative cost)
    patches = [cells_box(grid, r, c, r + s - 1, c + s - 1) for (r, c), s in zip(corners, sizes)]
    result = run(grid, patches, corridor_raster=True)
    assert len(result.links) >= 10
    costs = np.where(np.isfinite(values), values, -1.0)        # negative = impassable for scikit-image
    # the candidate pairs are the patches whose cost-allocation zones touch (8 neighbours)
    full = []
    for (r, c), s in zip(corners, sizes):
        cwd, _ = MCP_Geometric(costs, sampling=(CELL, CELL)).find_costs(
            [(i, j) for i in range(r, r + s) for j in range(c, c + s)])
        full.append(cwd)
    full = np.array(full)
    zone = np.where(np.isfinite(full.min(axis=0)), full.argmin(axis=0) + 1, 0)
    touching = set()
    for a, b in ((zone[:, :-1], zone[:, 1:]), (zone[:-1], zone[1:]), (zone[:-1, :-1], zone[1:, 1:]),
                 (zone[:-1, 1:], zone[1:, :-1])):
        mask = (a != b) & (a > 0) & (b > 0)
        touching |= {(min(x, y), max(x, y)) for x, y in zip(a[mask].tolist(), b[mask].tolist())}
    assert result.stats["pairs"] == len(touching)
    assert set(links_by_pair(result)) <= touching
    for link, line, corridor in zip(result.links.itertuples(index=False), result.link_geometries,
                                    result.corridor_geometries):
        (ra, ca), sa = corners[link.from_id - 1], sizes[link.from_id - 1]
        (rb, cb), sb = corners[link.to_id - 1], sizes[link.to_id - 1]
        starts = [(r, c) for r in range(ra, ra + sa) for c in range(ca, ca + sa)]
        cwd, _ = MCP_Geometric(costs, sampling=(CELL, CELL)).find_costs(starts)
        expected = cwd[rb:rb + sb, cb:cb + sb].min()
        assert link.cost == pytest.approx(expected, rel=0.005)
        assert shapely.covers(corridor, line)
        cells = path_cells(grid, line)
        assert cells[0] in [(r, c) for r in range(ra, ra + sa) for c in range(ca, ca + sa)]
        assert cells[-1] in [(r, c) for r in range(rb, rb + sb) for c in range(cb, cb + sb)]
        # the corridor is exactly the cells with cwd_a + cwd_b <= cost × 1.1 (default tolerance)
        other, _ = MCP_Geometric(costs, sampling=(CELL, CELL)).find_costs(
            [(r, c) for r in range(rb, rb + sb) for c in range(cb, cb + sb)])
        band = (cwd + other) <= link.cost * 1.1 * (1 + 1e-9)
        assert shapely.area(corridor) == pytest.approx(band.sum() * CELL * CELL)
        on_band = np.where(band, result.corridor_raster.values, np.inf)
        assert np.nanmin(on_band) == pytest.approx(0.0, abs=1e-3)
        # the path's own cost, step by step, is the link cost
        rr, cc = np.array(cells).T
        steps = np.hypot(np.diff(rr), np.diff(cc)) * CELL
        own = np.sum(steps * (values[rr[:-1], cc[:-1]] + values[rr[1:], cc[1:]]) / 2)
        assert own == pytest.approx(link.cost)



# --------------------------------------------------------------------------- worker processes

def random_landscape(size=240, patches=16, seed=7):
    """A random resistance grid with square patches spread over it (like the cross-check above)."""
    rng = np.random.default_rng(seed)
    values = rng.uniform(1.0, 60.0, (size, size))
    values[rng.random((size, size)) < 0.03] = np.nan
    grid = grid_of(values)
    corners = []
    while len(corners) < patches:
        r, c = (int(v) for v in rng.integers(5, size - 10, 2))
        if all(abs(r - r2) > 15 or abs(c - c2) > 15 for r2, c2 in corners):
            corners.append((r, c))
    sizes = rng.integers(1, 6, patches)
    for (r, c), s in zip(corners, sizes):
        values[r:r + s, c:c + s] = 1.0
    return grid, [cells_box(grid, r, c, r + s - 1, c + s - 1) for (r, c), s in zip(corners, sizes)]


def forked(monkeypatch, count=2):
    if not workers.can_fork():
        pytest.skip(f"worker processes need os.fork on Linux; this is {sys.platform}")
    monkeypatch.setenv("WERTVOLL_WORKERS", str(count))


def test_worker_processes_give_exactly_the_serial_result(monkeypatch):
    """The per-patch passes spread over forked worker processes (the default on Linux for large grids)
    give the same links, paths, corridors, corridor raster and patch table as one process."""
    grid, patches = random_landscape()
    monkeypatch.setenv("WERTVOLL_WORKERS", "1")
    serial = run(grid, patches, corridor_raster=True)
    assert serial.stats["workers"] == 1
    before = child_pids()
    forked(monkeypatch, 3)
    parallel = run(grid, patches, corridor_raster=True)
    assert parallel.stats["workers"] == 3 and len(parallel.stats["worker_private_bytes"]) == 3
    assert len(serial.links) >= 20
    same_result(parallel, serial)
    assert child_pids() == before, "a worker process was left behind"


def same_result(a, b):
    """Assert that two corridor results are identical: tables, geometries, raster, PC and ECA."""
    for name in ("links", "corridors", "patches", "gaps"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert all(shapely.equals_exact(x, y) for x, y in zip(a.link_geometries, b.link_geometries))
    assert all(shapely.equals(x, y) for x, y in zip(a.corridor_geometries, b.corridor_geometries))
    np.testing.assert_array_equal(a.corridor_raster.values, b.corridor_raster.values)
    assert (a.pc, a.eca) == (b.pc, b.eca)


@pytest.mark.parametrize("uniform", [False, True], ids=["random", "uniform-ties"])
def test_passes_over_their_windows_give_exactly_the_passes_over_the_whole_grid(monkeypatch, uniform):
    """Each per-patch pass runs over a window around its patch, grown where the pass reaches its
    edge; the same passes over the whole grid give the same links, paths, corridors and metrics. On
    a uniform resistance many cells cost the same, so the order among ties must not change either.
    The windows are smaller than the grid and some grow (else the test would prove nothing)."""
    grid, patches = random_landscape(size=300, patches=40, seed=11)
    if uniform:
        grid = grid_of(np.where(np.isfinite(grid.values), 1.0, np.nan))
    monkeypatch.setenv("WERTVOLL_WORKERS", "1")
    sizes, passes = [], []
    window, first = corridors._Surface.window, corridors._first_window

    def recorded(surface, box):
        sizes.append((box[0][1] - box[0][0]) * (box[1][1] - box[1][0]))
        return window(surface, box)

    def counted(*args):
        passes.append(1)
        return first(*args)

    monkeypatch.setattr(corridors._Surface, "window", recorded)
    monkeypatch.setattr(corridors, "_first_window", counted)
    windowed = run(grid, patches, corridor_raster=True, tolerance=20.0)
    rows, cols = grid.shape
    assert len(windowed.links) >= 40 and np.mean(sizes) < rows * cols / 2
    assert len(sizes) > len(passes), "no window grew"
    monkeypatch.setattr(corridors, "_reach_box", lambda ctx, *_args: ((0, rows), (0, cols)))
    monkeypatch.setattr(corridors, "_first_window", lambda ctx, task, reach: reach)
    sizes.clear()
    same_result(windowed, run(grid, patches, corridor_raster=True, tolerance=20.0))
    assert set(sizes) == {rows * cols}


def test_handed_over_values_give_the_same_result_without_a_copy():
    """own_values: float64 values in Fortran order become the passes' resistance in place (NaN and
    ≤ 0 turn to inf there: no copy was made), with the same result as the copy; values in another
    layout are copied and stay as they were."""
    grid, patches = random_landscape(size=120, patches=8)
    copied = run(grid, patches, corridor_raster=True)
    given = np.asfortranarray(grid.values)
    nodata = np.isnan(given)
    handed = run(grid_of(given), patches, corridor_raster=True, own_values=True)
    same_result(handed, copied)
    assert nodata.any() and np.isinf(given[nodata]).all()
    kept = np.ascontiguousarray(grid.values)
    run(grid_of(kept), patches, own_values=True)
    assert np.isnan(kept[nodata]).all()


def test_boundary_cells_of_all_patches_in_one_pass(monkeypatch):
    """Each patch's start cells are its cells with a neighbour (of 8) outside it, another patch's or
    beyond the grid: checked against scipy's erosion patch by patch, in row-major order; and whether a
    patch has a passable cell, with blocks of a few columns."""
    from scipy import ndimage

    rng = np.random.default_rng(5)
    labels = np.zeros((60, 50), dtype=np.int32)
    for k in range(1, 13):                    # overlapping rectangles, some on the grid's edges
        r, c = rng.integers(-3, 55), rng.integers(-3, 45)
        labels[max(r, 0):r + rng.integers(1, 15), max(c, 0):c + rng.integers(1, 15)] = k
    labels = np.asfortranarray(labels)
    n = int(labels.max())
    starts = corridors._boundary_cells(labels, n)
    for k in range(1, n + 1):
        mine = labels == k
        inner = ndimage.binary_erosion(mine, structure=np.ones((3, 3)), border_value=0)
        assert starts[k - 1] == np.argwhere(mine & ~inner).tolist()
    res = np.where(rng.random(labels.shape) < 0.5, 1.0, np.inf)
    res[labels == 3] = np.inf
    monkeypatch.setattr(corridors, "_BLOCK", 120)          # two columns per block
    want = [bool(np.isfinite(res[labels == k]).any()) for k in range(1, n + 1)]
    assert corridors._passable(labels, res, n).tolist() == want and not want[2]


def test_the_allocation_in_blocks_is_the_allocation_in_one_block(monkeypatch):
    """Pointer jumping in place, block by block (few bytes per cell), gives every cell the patch of its
    traceback's start, as one block does; so do the links, in one process and with workers."""
    from skimage.graph import MCP_Geometric

    from wertvoll.kernels.progress import Run

    grid, patches = random_landscape(size=120, patches=8, seed=3)
    monkeypatch.setenv("WERTVOLL_WORKERS", "1")
    whole = run(grid, patches)
    monkeypatch.setattr(corridors, "_BLOCK", 97)             # many blocks, none aligned with a column
    pd.testing.assert_frame_equal(run(grid, patches).links, whole.links)
    forked(monkeypatch, 2)
    pd.testing.assert_frame_equal(run(grid, patches).links, whole.links)
    # against following each cell's traceback by hand, on a pass from three start cells
    values = np.asfortranarray(np.random.default_rng(5).uniform(1, 9, (23, 17)))
    values[3:15, 6] = np.inf                                 # a wall: cells behind it are never reached
    values[0:3, 6] = np.inf
    starts = [[2, 2], [20, 14], [10, 3]]
    labels = np.zeros((23, 17), dtype=np.int32, order="F")
    for k, (r, c) in enumerate(starts):
        labels[r, c] = k + 1
    _costs, traceback = MCP_Geometric(values).find_costs(starts)
    offsets = MCP_Geometric(values).offsets
    by_hand = np.zeros_like(labels)
    for r in range(23):
        for c in range(17):
            rr, cc = r, c
            while traceback[rr, cc] >= 0:
                dr, dc = offsets[traceback[rr, cc]]
                rr, cc = rr - dr, cc - dc
            by_hand[r, c] = labels[rr, cc]
    assert len(np.unique(by_hand)) == 4                      # every start has cells, some are unreached
    np.testing.assert_array_equal(corridors._allocation(traceback, labels, offsets, Run(None, None)), by_hand)


def test_lean_edge_maps_are_scikit_images(monkeypatch):
    """The pass objects are set up with edge maps equal to scikit-image's own, which comes back after."""
    from skimage.graph import MCP_Geometric, _mcp

    original = _mcp._offset_edge_map
    offsets = _mcp.make_offsets(2, True)
    for shape in ((1, 1), (1, 6), (6, 1), (3, 3), (17, 12)):
        for want, got in zip(original(shape, offsets), corridors._edge_maps(shape, offsets)):
            np.testing.assert_array_equal(got, want)
            assert got.dtype == want.dtype
    wide = [[-2, 0], [1, 1], [0, 2]]                          # the docstring's example: longer offsets
    for want, got in zip(original((4, 5), wide), corridors._edge_maps((4, 5), wide)):
        np.testing.assert_array_equal(got, want)
    values = np.asfortranarray(np.random.default_rng(2).uniform(1, 9, (30, 40)))
    values[4:20, 9] = np.inf
    plain = [a.copy() for a in MCP_Geometric(values, sampling=(2.0, 3.0)).find_costs([[0, 0], [29, 39]])]
    lean = corridors._new_pass_object(values, 2.0, 3.0).find_costs([[0, 0], [29, 39]])
    for want, got in zip(plain, lean):
        np.testing.assert_array_equal(got, want)
    assert _mcp._offset_edge_map is original
    def zeros(shape, _offsets):                              # other values: nothing is replaced
        return np.zeros((2, *shape), np.int8), np.zeros((2, *shape), np.int8)

    monkeypatch.setattr(corridors, "_edge_maps", zeros)
    with corridors._lean_edge_maps():
        assert _mcp._offset_edge_map is original


def test_a_forked_process_sets_up_its_pass_object_while_another_thread_holds_the_lock():
    """A worker forked while another thread of QGIS sets up a pass object (and so holds the lock of the
    edge maps) gets a fresh lock, not one that nobody will ever release."""
    import os
    import signal

    if not workers.can_fork():
        pytest.skip("needs os.fork")
    assert corridors._EDGE_MAP_LOCK.acquire(timeout=5)
    try:
        pid = os.fork()
        if pid == 0:                                   # the child: dies after 20 s if it blocks
            signal.alarm(20)
            mcp = corridors._new_pass_object(np.asfortranarray(np.ones((5, 5))), 1.0, 1.0)
            os._exit(0 if mcp.find_costs([[0, 0]])[0][4, 4] == pytest.approx(4 * math.sqrt(2)) else 1)
    finally:
        corridors._EDGE_MAP_LOCK.release()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_cancel_stops_the_worker_processes(monkeypatch):
    grid, patches = random_landscape()
    forked(monkeypatch)
    before = child_pids()
    seen = []

    def progress(percent):
        seen.append(percent)

    with pytest.raises(Cancelled):
        run(grid, patches, progress=progress, is_cancelled=lambda: bool(seen) and seen[-1] > 40)
    assert 40 < seen[-1] < 90           # cancelled while the workers were busy
    assert child_pids() == before, "a worker process was left behind"


def test_a_failing_worker_is_a_clear_error_and_stops_the_others(monkeypatch):
    grid, patches = random_landscape()
    forked(monkeypatch)
    original = corridors._patch_pass
    calls = []

    def failing(ctx, task):             # inherited by the forked workers
        calls.append(task[0])
        if len(calls) == 3:
            raise ValueError("simulated failure in pass")
        return original(ctx, task)

    monkeypatch.setattr(corridors, "_patch_pass", failing)
    before = child_pids()
    with pytest.raises(KernelError) as error:
        run(grid, patches)
    assert "WERTVOLL_WORKERS=1" in str(error.value)
    assert "ValueError: simulated failure in pass" in str(error.value)
    assert child_pids() == before, "a worker process was left behind"


def test_worker_count_rules(monkeypatch):
    monkeypatch.delenv("WERTVOLL_WORKERS", raising=False)
    monkeypatch.setattr(workers.sys, "platform", "win32")
    assert workers.worker_count() == 1                  # no fork outside Linux
    monkeypatch.setattr(workers.sys, "platform", "linux")
    monkeypatch.setattr(workers, "cpu_count", lambda: 8)
    assert workers.worker_count() == workers.MAX_WORKERS
    assert workers.worker_count(bytes_each=10, available=25) == 2     # as many as fit in memory
    assert workers.worker_count(bytes_each=10, available=5) == 1
    monkeypatch.setattr(workers, "cpu_count", lambda: 1)
    assert workers.worker_count() == 1
    monkeypatch.setenv("WERTVOLL_WORKERS", "3")
    assert workers.worker_count() == 3                  # the user's choice wins
    monkeypatch.setenv("WERTVOLL_WORKERS", "many")
    assert workers.worker_count() == 1                  # not a number: automatic
    # small grids stay in one process unless the user asks otherwise
    monkeypatch.setattr(workers, "cpu_count", lambda: 4)
    monkeypatch.delenv("WERTVOLL_WORKERS")
    assert corridors._pass_workers(100, 100, 50, 10_000) == 1
    assert corridors._pass_workers(2000, 2000, 5, 10_000) == 1
    monkeypatch.setattr(corridors, "available_memory", lambda: None)
    assert corridors._pass_workers(2000, 2000, 50, 10_000) == 4
    # each worker holds the windows of its passes: as many as the free memory holds
    window_bytes = 10_000 * corridors.WINDOW_BYTES_PER_CELL
    monkeypatch.setattr(corridors, "available_memory", lambda: 2.5 * window_bytes)
    assert corridors._pass_workers(2000, 2000, 50, 10_000) == 2


# --------------------------------------------------------------------------- bad input

def test_a_single_patch_is_a_clear_error():
    grid = grid_of(np.ones((3, 3)))
    with pytest.raises(KernelError, match="holds 1 patch"):
        run(grid, [dot(grid, 1, 1)])


def test_no_possible_link_is_a_clear_error():
    values = np.ones((5, 9))
    values[:, 4] = np.nan                                     # an impassable column
    grid = grid_of(values)
    with pytest.raises(KernelError, match="No link between the 2 patches is possible"):
        run(grid, [dot(grid, 2, 1), dot(grid, 2, 7)])


def test_zero_and_negative_resistance_are_impassable():
    values = np.ones((5, 9))
    values[:, 4] = 0.0
    values[2, 4] = -3.0
    grid = grid_of(values)
    with pytest.raises(KernelError, match="impassable"):
        run(grid, [dot(grid, 2, 1), dot(grid, 2, 7)])


def test_patch_outside_the_grid_is_left_out_with_a_warning():
    grid = grid_of(np.ones((3, 9)))
    outside = box(500, 500, 510, 510)
    result = run(grid, [dot(grid, 1, 0), dot(grid, 1, 8), outside])
    assert len(result.patches) == 2
    assert any("lie outside the resistance grid" in t and p["ids"] == "3" for t, p in result.warnings)
    with pytest.raises(KernelError, match="Only 1 of 2 patches can be analysed .1 outside"):
        run(grid, [dot(grid, 1, 0), outside])


def test_patch_smaller_than_a_cell_keeps_one_cell_and_small_patches_drop():
    grid = grid_of(np.ones((1, 5)))
    tiny = box(41.0, 4.0, 41.1, 4.1)                           # 0.01 m² in cell (0, 4)
    result = run(grid, [dot(grid, 0, 0), tiny])
    assert links_by_pair(result)[(1, 2)].cost == pytest.approx(40.0)
    result = run(grid, [dot(grid, 0, 0), tiny, dot(grid, 0, 2)], min_patch_area=1.0)
    assert sorted(result.patches["patch_id"]) == [1, 3]
    assert any("smaller than MIN_PATCH_AREA" in t and p["ids"] == "2" for t, p in result.warnings)


def test_cancel_stops_the_analysis():
    grid = grid_of(np.ones((5, 9)))
    with pytest.raises(Cancelled):
        run(grid, [dot(grid, 2, 1), dot(grid, 2, 7)], is_cancelled=lambda: True)


@pytest.mark.parametrize("name, value", [("max_cost", -1), ("tolerance", float("nan")),
                                         ("gap_resistance", "x")])
def test_bad_parameters_are_clear_errors(name, value):
    grid = grid_of(np.ones((1, 5)))
    with pytest.raises(KernelError, match="must be a number|not a number"):
        run(grid, [dot(grid, 0, 0), dot(grid, 0, 4)], **{name: value})


# --------------------------------------------------------------------------- land use, tables, memory

def test_resistance_from_landuse_numeric_and_codes():
    # two polygons: x 0..30 resistance 2, x 30..50 resistance 7; the grid covers the patches too
    polys = np.array([box(0, 0, 30, 10), box(30, 0, 50, 10)], dtype=object)
    values, warnings = landuse_resistance([2.0, 7.0], [11, 12], numeric=True)
    grid = resistance_from_landuse(polys, values, (0, 0, 60, 10), 10.0, default=50.0)
    assert grid.values.tolist() == [[2.0, 2.0, 2.0, 7.0, 7.0, 50.0]] and not warnings
    table = load_resistance_table()
    values, warnings = landuse_resistance(["43002", "43001_1010", "99999", None], [1, 2, 3, 4], table)
    assert values.tolist() == [1.0, 50.0, 50.0, 50.0]
    assert "99999 (1)" in warnings[0][1]["codes"] and "NULL (1)" in warnings[0][1]["codes"]


@pytest.mark.parametrize("bad", [-1.0, float("nan"), "abc"])
def test_negative_or_nan_resistance_names_the_feature(bad):
    with pytest.raises(KernelError, match="Feature 12 of the land-use layer"):
        landuse_resistance([3.0, bad], [11, 12], numeric=True)


def test_null_numeric_resistance_takes_the_default_with_a_warning():
    values, warnings = landuse_resistance([3.0, None], [11, 12], default=40.0, numeric=True)
    assert values.tolist() == [3.0, 40.0] and warnings[0][1]["fids"] == "12"


def test_shipped_table_covers_the_demo_codes_and_cites_or_flags_every_row():
    from make_demo_region import LANDUSE_CODES  # scripts/ (pyproject.toml: pythonpath)

    table = load_resistance_table()
    assert set(LANDUSE_CODES) <= set(table)
    for row in table.values():
        assert row.source.strip(), row.code
        assert row.status.startswith("Annahme") or row.status == "geprüft", row.code
    assert table["43002"].resistance < table["43001_1020"].resistance < table["43001_1010"].resistance


def test_bad_resistance_table_names_the_line(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("code;label;resistance\n43002;Wald;1\n43003;Gehölz;-2\n", encoding="utf-8")
    with pytest.raises(KernelError, match="line 3"):
        load_resistance_table(path)
    path.write_text("code;label\n43002;Wald\n", encoding="utf-8")
    with pytest.raises(KernelError, match="lacks the column"):
        load_resistance_table(path)


def test_missing_table_file_is_a_clear_error(tmp_path):
    with pytest.raises(KernelError, match="Resistance table .* cannot be read"):
        load_resistance_table(tmp_path / "missing.csv")


def test_species_presets_match_the_enum_and_have_sources():
    presets = load_species_presets()
    assert set(PRESET_KEYS[1:]) == set(presets)
    for preset in presets.values():
        assert preset.source and preset.status.startswith("Annahme")
        assert preset.max_cost == pytest.approx(preset.distance_m * preset.reference_resistance)
    assert presets["long_1000"].max_cost == pytest.approx(20000.0)


def test_memory_guard_refuses_and_suggests_a_cell_size():
    need = corridors.estimate_memory(4000, 4000)
    assert check_memory(4000, 4000, 25.0, available=need + 1) == need
    with pytest.raises(KernelError, match=r"Set CELL_SIZE to about (\d+) m") as info:
        check_memory(4000, 4000, 25.0, available=need / 4)
    suggested = info.value.params["suggest"]
    assert 50 <= suggested <= 60                                # 25 m × √(4 × 1.25) = 56 m, rounded to 5 m
    with pytest.raises(KernelError, match="Resample the raster"):
        check_memory(4000, 4000, 25.0, "raster", available=need / 4)
    assert corridors.available_memory() is None or corridors.available_memory() > 0


def test_freed_memory_goes_back_to_the_system_where_the_allocator_can():
    import platform

    from wertvoll.kernels import memory

    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert memory.release_free_memory() is glibc        # malloc_trim on glibc, nothing elsewhere
    assert memory.release_free_memory() is glibc        # looked up once, then reused


def test_pure_rasterizer_all_touched_rules():
    # a square over cells exactly: no neighbour burnt; a sub-cell square: its one cell
    out = rasterize_shapes(RasterFrame((4, 4), 0.0, 40.0, 10.0, 10.0), [box(10, 10, 30, 30), box(1, 31, 2, 32)],
                           [1, 2], all_touched=True, fill=0, dtype=np.int32)
    assert out.tolist() == [[2, 0, 0, 0], [0, 1, 1, 0], [0, 1, 1, 0], [0, 0, 0, 0]]
    centre = rasterize_shapes(RasterFrame((1, 3), 0.0, 10.0, 10.0, 10.0), [Point(15, 5).buffer(4)], [3.0])
    assert centre.tolist() == [[0.0, 3.0, 0.0]]
