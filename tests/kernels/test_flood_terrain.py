"""Flow-path reference and terrain reliability flag: cases worked out by hand, and a cell-by-cell
Priority-Flood written here in pure Python (heapq) as an independent check on small random grids.

Cells are 1 m unless a test says otherwise; row 0 is the northern edge.
"""
import heapq
import math

import numpy as np
import pytest
from scipy import ndimage

from wertvoll.kernels import flood_terrain as ft
from wertvoll.kernels.errors import Cancelled
from wertvoll.kernels.flood_terrain import (FLAT_SURFACE, LOW_RELIEF, TerrainOptions, flow_path_reference,
                                            relief, terrain_flags)
from wertvoll.kernels.progress import Run


def edt_reference(river):
    return ndimage.distance_transform_edt(~river, return_distances=False, return_indices=True)


# --------------------------------------------------------------------------- flow-path reference

def two_valleys(rows=5):
    """River A in column 2 (level 100), river B in column 20 (level 90), a ridge in column 8 (106 m).

    West of the ridge the slope rises 1 m per cell from A, east of it 16 m over 12 cells = 4/3 m per
    cell from B. The ridge cell drops 1 m west and 4/3 m east: it drains east. Columns 9 and 10 lie
    7 and 8 cells from A but 11 and 10 from B: Euclidean-nearest to A, though their water runs to B.
    """
    c = np.arange(23, dtype=float)
    profile = np.where(c <= 8, 100 + np.abs(c - 2), 90 + np.abs(20 - c) * 4 / 3)
    dem = np.tile(profile, (rows, 1))
    river = np.zeros(dem.shape, dtype=bool)
    river[:, [2, 20]] = True
    return dem, river


def test_far_slope_of_a_ridge_drains_to_its_own_valley():
    dem, river = two_valleys()
    ref = flow_path_reference(dem, river)
    expected_col = np.where(np.arange(23) <= 7, 2, 20)
    assert (ref[1] == expected_col[None, :]).all()
    assert (ref[0] == np.arange(5)[:, None]).all()  # straight across: the slopes do not fall along the rows
    nearest = edt_reference(river)
    assert (nearest[1][:, [9, 10]] == 2).all()  # the nearest cell is the wrong valley there
    # height of column 9 (104 2/3 m): 14 2/3 m above B by its flow path, 4 2/3 m above A by the nearest cell
    level = np.where(river, dem, np.nan)
    assert dem[0, 9] - level[ref[0, 0, 9], ref[1, 0, 9]] == pytest.approx(14 + 2 / 3)
    assert dem[0, 9] - level[nearest[0, 0, 9], nearest[1, 0, 9]] == pytest.approx(4 + 2 / 3)


def pit_plane():
    """A plane rising 2 m per cell of 10 m eastwards from river W (column 0) and 0.1 m per row away
    from row 4, with river E in column 11 (the plane's highest cells: nothing drains to it) and a
    pit of 90 m at (4, 7), 4 cells from E but 7 from W, next to a notch (4, 6) of 105 m.
    By hand (drop per metre): a plane cell drains west (0.2; diagonally towards row 4: 2.1 / 14.1 =
    0.15). The pit's 8 neighbours drain into it (20 m and more). (4, 5), (3, 5) and (5, 5) drain
    into the notch (5 / 10 = 0.5 and 5.1 / 14.1 = 0.36 > 0.2), and columns 9, 10 of rows 3..5
    onto the rim (west, 0.2): the pit's basin is rows 3..5, columns 5..10. Its lowest passes out
    are 110 m, from (4, 5) to (4, 4) (108 m) and to (3, 4) and (5, 4) (108.1 m); every other one is
    110.1 m or more. Of the equal passes the lowest outside cell wins, (4, 4), which drains along
    row 4 to W at (4, 0)."""
    r, c = np.mgrid[0:9, 0:12].astype(float)
    dem = 100 + 2 * c + 0.1 * np.abs(r - 4)
    dem[4, 7] = 90.0
    dem[4, 6] = 105.0
    river = np.zeros(dem.shape, dtype=bool)
    river[:, [0, 11]] = True
    return dem, river


def test_a_pit_drains_over_its_spill_point():
    """The pit's basin (rows 3..5, columns 5..10, see :func:`pit_plane`) goes to W at (4, 0); every
    other cell straight west."""
    dem, river = pit_plane()
    ref = flow_path_reference(dem, river, spacing=(10.0, 10.0))
    rows, cols = np.mgrid[0:9, 0:12]
    basin = (rows >= 3) & (rows <= 5) & (cols >= 5) & (cols <= 10)
    assert (ref[0][basin] == 4).all() and (ref[1][basin] == 0).all()
    plane = ~basin & ~river
    assert (ref[0][plane] == rows[plane]).all() and (ref[1][plane] == 0).all()
    assert tuple(edt_reference(river)[:, 4, 7]) == (4, 11)  # the nearest river is E


def test_plain_v_valley_equals_the_nearest_cell():
    """Sides rising 1 m per cell, the river falling 0.1 m per row: from (r, c) the drop is 1 m towards
    the river, (1 + 0.1) / sqrt(2) = 0.78 m per metre diagonally, 0.1 m downstream: D8 goes straight
    to the river, (r, 20), the Euclidean-nearest river cell."""
    r, c = np.mgrid[0:30, 0:41].astype(float)
    dem = 100 - 0.1 * r + np.abs(c - 20)
    river = c == 20
    assert np.array_equal(flow_path_reference(dem, river), edt_reference(river))


def test_nodata_and_cells_cut_off_reference_themselves():
    dem, river = two_valleys()
    dem[:, 14] = np.nan    # a strip without data cuts columns 15.. off river A, not off B
    dem[:, 21:] = np.nan
    dem[2, 20] = np.nan    # one river cell without data
    river[:, 17:] = False  # ... and river B gone: columns 15..16 reach no river
    ref = flow_path_reference(dem, river)
    rows, cols = np.mgrid[0:5, 0:23]
    alone = np.zeros(dem.shape, dtype=bool)
    alone[:, 14:] = True
    assert (ref[0][alone] == rows[alone]).all() and (ref[1][alone] == cols[alone]).all()
    # the east slope of the ridge (columns 8..13) falls towards column 14 (no data): column 13 is a
    # pit, its basin spills over the ridge (106 m next to 105 m) to A
    assert (ref[1][:, :14] == 2).all()


def test_river_cells_reference_themselves_and_result_is_deterministic():
    dem, river = random_case(np.random.default_rng(5))
    first = flow_path_reference(dem, river)
    assert np.array_equal(first, flow_path_reference(dem.copy(), river.copy()))
    rr, cc = np.nonzero(river)
    assert (first[0][rr, cc] == rr).all() and (first[1][rr, cc] == cc).all()
    assert first.dtype == np.int32 and first.shape == (2,) + dem.shape


def test_cancel_is_honoured():
    dem, river = two_valleys()
    with pytest.raises(Cancelled):
        flow_path_reference(dem, river, run=Run(None, lambda: True))


# --- the independent check: a cell-by-cell Priority-Flood in pure Python

def neighbours(rows, cols, r, c):
    """The 8 neighbours in the order N, NE, E, SE, S, SW, W, NW."""
    for dr, dc in ((-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1)):
        if 0 <= r + dr < rows and 0 <= c + dc < cols:
            yield r + dr, c + dc


def d8_receiver(dem, r, c, spacing):
    best, to = 0.0, None
    for nr, nc in neighbours(*dem.shape, r, c):
        if math.isnan(dem[nr, nc]):
            continue
        slope = (dem[r, c] - dem[nr, nc]) / math.hypot((nr - r) * spacing[0], (nc - c) * spacing[1])
        if slope > best:
            best, to = slope, (nr, nc)
    return to


def priority_flood(dem, river):
    """Barnes et al. 2014, Algorithm 2 with the river cells as the only outlets: the filled level of
    every cell and the cell that flooded it (its parent)."""
    rows, cols = dem.shape
    filled = np.full(dem.shape, np.nan)
    parent = {}
    queue, age = [], 0
    for r, c in zip(*np.nonzero(river)):
        filled[r, c] = dem[r, c]
        heapq.heappush(queue, (dem[r, c], age, (r, c)))
        age += 1
    while queue:
        level, _, (r, c) = heapq.heappop(queue)
        for n in neighbours(rows, cols, r, c):
            if math.isnan(dem[n]) or not math.isnan(filled[n]):
                continue
            filled[n] = max(dem[n], level)
            parent[n] = (r, c)
            heapq.heappush(queue, (filled[n], age, n))
            age += 1
    return filled, parent


def d8_end(dem, river, cell, spacing):
    """The cell where the D8 path from *cell* ends: a river cell, a pit or a flat."""
    while not river[cell]:
        step = d8_receiver(dem, *cell, spacing)
        if step is None:
            return cell
        cell = step
    return cell


def oracle_reference(dem, river, spacing=(1.0, 1.0)):
    """Follow D8 to the end of the path; from a pit follow the flood's parents (towards the spill
    point) to the first cell outside the pit's D8 basin, and go on from there, until a river cell.
    Cells no flood reaches keep themselves."""
    _, parent = priority_flood(dem, river)
    out = np.stack(np.mgrid[0:dem.shape[0], 0:dem.shape[1]]).astype(np.int32)
    for r in range(dem.shape[0]):
        for c in range(dem.shape[1]):
            if math.isnan(dem[r, c]) or ((r, c) not in parent and not river[r, c]):
                continue
            cell, seen = d8_end(dem, river, (r, c), spacing), set()
            while not river[cell]:
                assert cell not in seen, "the oracle went round in a circle"
                seen.add(cell)
                pit, step = cell, parent[cell]
                while d8_end(dem, river, step, spacing) == pit:
                    step = parent[step]
                cell = d8_end(dem, river, step, spacing)
            out[:, r, c] = cell
    return out


def random_case(rng, shape=(14, 17)):
    """Smoothed noise on a gentle slope (many pits), a river along a random walk, some nodata."""
    dem = 100 + 0.05 * np.arange(shape[1])[None, :] + ndimage.gaussian_filter(rng.normal(size=shape), 1.2)
    river = np.zeros(shape, dtype=bool)
    col = shape[1] // 3
    for row in range(shape[0]):
        col = int(np.clip(col + rng.integers(-1, 2), 0, shape[1] - 1))
        river[row, col] = True
    holes = rng.random(shape) < 0.04
    dem[holes & ~river] = np.nan
    return dem, river


@pytest.mark.parametrize("seed", range(12))
def test_equals_a_cell_by_cell_priority_flood(seed):
    dem, river = random_case(np.random.default_rng(seed))
    spacing = (2.0, 1.0) if seed % 2 else (1.0, 1.0)
    expected = oracle_reference(dem, river, spacing)
    assert np.array_equal(flow_path_reference(dem, river, spacing=spacing), expected)


def test_random_cases_have_pits():
    """The random cases exercise the spill rule: cells with no lower neighbour off the river."""
    dem, river = random_case(np.random.default_rng(3))
    receiver = ft.steepest_receivers(dem, ~np.isnan(dem), (1.0, 1.0))
    terminal = (receiver == np.arange(dem.size)).reshape(dem.shape) & ~river & ~np.isnan(dem)
    assert terminal.sum() >= 3


# --------------------------------------------------------------------------- reliability flag

def test_a_flat_plain_is_flagged_low_relief():
    """A plain falling 1 m over 200 cells of 10 m (2 km): within 1 km (100 cells) at most 1 m < 3 m."""
    dem = 80 + np.linspace(0, 1, 200)[None, :] * np.ones((60, 1))
    flags = terrain_flags(dem, 10.0, 10.0)
    assert (flags & LOW_RELIEF).all()


def test_a_valley_with_10_m_relief_is_not_flagged():
    """V-valley sides rising 0.1 m per 10 m cell, 100 cells each way: 10 m of relief within 1 km."""
    c = np.arange(201)
    dem = np.tile(100 + 0.1 * np.abs(c - 100), (50, 1)).astype(float)
    flags = terrain_flags(dem, 10.0, 10.0)
    assert not flags.any()


def test_a_lake_in_a_valley_is_flagged_flat_surface():
    """A level lake (95 m) of 30 × 40 cells of 5 m (150 × 200 m) in a valley with sides rising 1 m per
    cell: squares of 100 m (21 cells) fit in the lake only; the sides are never within 0.05 m."""
    r, c = np.mgrid[0:80, 0:100]
    dem = 100 + np.abs(c - 50).astype(float)
    dem[20:50, 30:70] = 95.0
    flags = terrain_flags(dem, 5.0, 5.0)
    lake = np.zeros(dem.shape, dtype=bool)
    lake[20:50, 30:70] = True
    assert np.array_equal((flags & FLAT_SURFACE) > 0, lake)
    assert not (flags & LOW_RELIEF).any()  # 1 m per 5 m cell over 1 km


def test_flat_surface_needs_the_whole_square():
    """A level strip narrower than the square (10 cells of 5 m < 21) is not a flat surface."""
    c = np.arange(100)
    dem = np.tile(100 + np.abs(c - 50).astype(float), (80, 1))
    dem[:, 45:55] = 95.0
    assert not (terrain_flags(dem, 5.0, 5.0) & FLAT_SURFACE).any()


def test_relief_by_hand():
    """3 × 4 grid of 10 m cells, radius 10 m: the window is the cell and its 8 neighbours."""
    dem = np.array([[1.0, 2.0, 4.0, 8.0],
                    [0.0, 5.0, np.nan, 3.0],
                    [7.0, 1.5, 2.5, 9.0]])
    out = relief(dem, 10.0, 10.0, 10.0, block=1)
    assert out[0, 0] == pytest.approx(5.0 - 0.0)    # 1, 2, 0, 5
    assert out[1, 1] == pytest.approx(7.0 - 0.0)    # all of columns 0..2 but the nodata
    assert out[2, 3] == pytest.approx(9.0 - 2.5)    # 3, 9, 2.5 (nodata ignored)
    assert out[1, 2] == pytest.approx(9.0 - 1.5)    # no data itself, window 2..9 and 1.5
    assert relief(dem, 10.0, 10.0, 9.9, block=1)[2, 0] == 0.0  # radius below a cell: the cell alone


def test_flags_only_on_cells_with_data():
    dem = np.full((30, 30), 50.0)
    dem[10, 10] = np.nan
    flags = terrain_flags(dem, 10.0, 10.0)
    assert flags[10, 10] == 0
    assert flags[0, 0] == LOW_RELIEF | FLAT_SURFACE


@pytest.mark.parametrize("block", [2, 3, 5])
def test_block_relief_lies_between_the_exact_reliefs(block):
    """Blocks of b cells: exact relief of radius w <= block relief <= exact relief of radius w + 3 (b - 1)."""
    rng = np.random.default_rng(block)
    dem = ndimage.gaussian_filter(rng.normal(size=(57, 63)), 2) * 10
    dem[rng.random(dem.shape) < 0.02] = np.nan
    w = 7
    coarse = relief(dem, 1.0, 1.0, w, block=block)
    low = relief(dem, 1.0, 1.0, w, block=1)
    high = relief(dem, 1.0, 1.0, w + 3 * (block - 1), block=1)
    assert (coarse >= low - 1e-5).all() and (coarse <= high + 1e-5).all()
    assert (coarse > low + 1e-5).any()  # it is an approximation, not the exact relief


def test_block_side_keeps_the_slack():
    assert ft.relief_block(100) == 2   # 10 m cells, 1 km: 3 (2 - 1) = 3 <= 5
    assert ft.relief_block(500) == 9   # 2 m cells, 1 km: 3 (9 - 1) = 24 <= 25, 3 (10 - 1) = 27 > 25
    assert ft.relief_block(50) == 1


def test_large_radius_on_a_fine_grid_runs():
    """Speed sanity: 1 km on 2 m cells (a 1001 × 1001 window) on 1500 × 1500 cells needs separable
    running filters and blocks; a 2-D window would take hours. The flat plain is flagged."""
    dem = 80 + np.linspace(0, 2, 1500)[None, :] * np.ones((1500, 1))
    flags = terrain_flags(dem, 2.0, 2.0, TerrainOptions(flat_tolerance=0.0))
    assert (flags == LOW_RELIEF).all()
