"""Flow-path heights and the terrain reliability flag of the flood-risk zones: the pure kernel.

:mod:`kernels.flood` measures a cell's height above the water level of its *nearest* river cell
(Euclidean). Two things a terrain estimate cannot do on its own are handled here: follow where the
water really runs (:func:`flow_path_reference`), and say where the terrain cannot separate the
floodplain from the upland at all (:func:`terrain_flags`). No QGIS here: numpy and scipy only
(scipy imported inside the functions, as in :mod:`kernels.flood`).

Flow-path reference (hydrological HAND)
    For every cell the river cell its flow path reaches first, returned like the indices of
    ``scipy.ndimage.distance_transform_edt(..., return_indices=True)`` (an int32 array of shape
    ``(2, rows, cols)``: row and column of the reference cell), so that the height is
    ``DEM - level[reference]`` exactly as for the nearest cell. The rules:

    * Flow direction (D8, steepest descent, O'Callaghan & Mark 1984): a cell drains to the one of
      its 8 neighbours with data that has the largest drop per metre of distance between the cell
      centres (``dy``, ``dx`` or the diagonal), if that drop is greater than 0. Ties go to the
      first in the order N, NE, E, SE, S, SW, W, NW. A river cell drains nowhere: the path ends
      there.
    * Pits and flats (a cell with no lower neighbour that is not a river cell; 8-adjacent ones
      have equal heights and form one flat): the cells draining to one form its basin, and the
      basin drains over its spill point by Priority-Flood (Barnes, Lehman & Mulla 2014,
      "Priority-Flood: An optimal depression-filling and watershed-labeling algorithm", Computers
      & Geosciences 62, 117-127), run on the basins instead of the cells: two 8-neighbours with
      data in different basins form a pass at the height of the higher one; the flood starts in
      the basins that drain to a river and always floods next the pit or flat behind the lowest
      pass of the flooded area (minimax: a pit behind another pit is reached at the higher of the
      two passes); a pit takes the reference of the basin it is flooded from, i.e. of the D8 path
      beyond its spill point. Among equal passes the one with the lower cell on the flooded side
      wins (as in a cell-by-cell flood, which pops that cell first), then the smaller river cell
      index (row by row): the result is deterministic. This gives the flow directions of Barnes' depression filling (each
      filled cell drains towards the cell that flooded it) without filling the DEM cell by cell,
      so only one loop in Python runs, over the pits (heapq), not over the cells.
    * Every other cell takes the reference at the end of its D8 path (followed by pointer
      doubling: ``log2`` of the longest path vectorised passes).
    * Cells without data, and cells no flood reaches (a patch of data cut off from every river
      by nodata), reference themselves: as they are no river cell, their height is NaN.
    * Flow paths are followed on the DEM given (the window of :mod:`kernels.flood`): a path
      that would leave it and come back is not seen. Cells whose reference river cell is farther
      than MAX_DISTANCE (straight line between the cell centres, as for the nearest cell) get no
      height in ``kernels.flood._height_by_blocks``, unchanged.

    Why not the nearest cell: on the far slope of a ridge the nearest river can be the one behind
    the ridge, where no water goes. Why not the cell-by-cell Priority-Flood labels everywhere
    (``skimage.segmentation.watershed`` with one marker per river cell does that): the flood takes
    the *lowest* neighbour, so on a valley side above a falling river it walks diagonally
    downstream (45 degrees) and measures the height above a river cell far downstream; D8 takes
    the steepest, which goes straight down a V-valley side when its cross slope is more than
    1 / (sqrt(2) - 1) = 2.4 times the valley's fall. The watershed also took 13.5 s on 16 M cells
    of a pitted test DEM where this takes 9 s (GRASS r.watershed / r.stream.distance, the other
    well-kept implementation, is not installed here and is not available to every QGIS user).

Terrain reliability flag (:func:`terrain_flags`, a uint8 bit mask per cell)
    ``LOW_RELIEF`` (bit 1): the relief (highest minus lowest DEM value with data) within
    ``relief_radius`` (a square window: cells whose centres lie at most that far in x and in y)
    is below ``relief_height``. Defaults 1000 m and 3 m (Annahme / assumption): the default
    MAX_DISTANCE and the largest default zone threshold of :mod:`kernels.flood`. The rule behind
    them: a cell with a river cell in its window lies less than the relief above that river
    cell's DEM value, so with relief below the top threshold every such cell falls into a zone
    however far above the river it really is: the zones are decided by the flatness, not by a
    terrain step. Riverscapes observed VBET failing at under 3 m of relief over 20 km
    (riverscapes-tools#1027); 20 km is a whole catchment there, our zones reach MAX_DISTANCE
    only, so the radius follows MAX_DISTANCE (pass it and the top threshold when they differ).
    The filters are separable running maxima and minima (``scipy.ndimage.maximum_filter1d``,
    cost independent of the radius). For a radius of many cells the relief is computed on blocks
    of ``b`` × ``b`` cells (their maxima and minima) with a window of ``k = ceil((w + b - 1) / b)``
    blocks, ``w`` the radius in cells: that window holds the cell's exact window and reaches at
    most ``3 (b - 1)`` cells farther, so the relief lies between the exact relief of radius ``w``
    and of radius ``w + 3 (b - 1)`` — never below the exact one, so it flags no cell the exact
    computation does not. ``b`` is chosen so that ``3 (b - 1) <= BLOCK_SLACK * w``.
    ``FLAT_SURFACE`` (bit 2): the cell lies in a square of ``flat_size`` (side, 2h + 1 cells with
    ``h = round(flat_size / 2 / cell size)``, at least 1) whose DEM values with data all lie within
    ``flat_tolerance`` of each other. Defaults 100 m (1 ha) and 0.05 m (Annahme / assumption): a
    lake or reservoir surface (the mining lakes south of Leipzig) is level in a DEM, where height
    above a river means nothing; a valley floor falling 0.05 % or more is not flagged over 100 m.
    It is the union of all such squares (the square's range, then a dilation with the same
    square), exact and independent of the size.
    Embankments narrower than a cell are not flagged: a dyke narrower than the cell leaves no
    trace in the DEM, so no rule on the DEM can find it; it needs the dyke layer.
"""
import math
from dataclasses import dataclass

import numpy as np

from .progress import Run

LOW_RELIEF = 1     # bit: relief within relief_radius below relief_height
FLAT_SURFACE = 2   # bit: inside a level square of flat_size (water surface or as flat as one)

RELIEF_RADIUS = 1000.0   # m: the default MAX_DISTANCE of kernels.flood (Annahme / assumption)
RELIEF_HEIGHT = 3.0      # m: the largest default zone threshold of kernels.flood (Annahme / assumption)
FLAT_SIZE = 100.0        # m: side of the level square, 1 ha (Annahme / assumption)
FLAT_TOLERANCE = 0.05    # m: the range a level square may have (Annahme / assumption)
BLOCK_SLACK = 0.05       # the block approximation may reach this share of the radius farther (Annahme / assumption)
BLOCK_CELLS = 1 << 20    # cells per row block of the flow directions (bounds their temporaries)

#: D8 neighbours (row, column offset) in the tie order N, NE, E, SE, S, SW, W, NW
D8 = ((-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1))

#: Bytes per cell of :func:`flow_path_reference` at its peak besides the caller's DEM and river
#: mask, counted from the code: the flow directions (the DEM padded with +inf, 8; receivers int32,
#: 4; valid and river masks 2) = 14; the path ends (receivers, ends 8, terminal mask 1, the active
#: cells int64 up to 8) = 17 + 2; the basins (ends 4, pit labels 4, basins 4, masks 2) and the passes
#: (a few bool and index arrays of the boundary cells only); the result (reference 8, int32 rows and
#: columns 8) = 18. Measured: see the report of the change (peak 34.5 B per cell on 16 M cells).
BYTES_PER_CELL = 36


# --------------------------------------------------------------------------- flow-path reference

def flow_path_reference(dem, river, *, valid=None, spacing=(1.0, 1.0), run=None):
    """Row and column of the river cell each cell's flow path reaches (see the module docstring).

    *dem*: 2-D array (NaN = nodata); *river*: boolean array of the river cells; *valid*: boolean
    array of the cells with data (default: not NaN); *spacing*: (dy, dx) in metres. Returns an int32
    array of shape ``(2, rows, cols)``; cells without a reference point to themselves.
    """
    from scipy import ndimage

    run = run or Run(None, None)
    dem = np.asarray(dem, dtype=np.float64)
    valid = _valid(dem, valid)
    river = np.asarray(river, dtype=bool) & valid
    if dem.size >= np.iinfo(np.int32).max:
        raise ValueError("flow_path_reference: at most 2**31 - 2 cells per window")
    receiver = steepest_receivers(dem, valid, spacing, run=run)
    receiver[river.ravel()] = np.flatnonzero(river)  # a path ends at the first river cell
    terminal = receiver == np.arange(dem.size, dtype=receiver.dtype)
    ends = _path_ends(receiver, terminal, run)
    del receiver
    pits, count = ndimage.label(terminal.reshape(dem.shape) & valid & ~river, structure=np.ones((3, 3), bool))
    del terminal
    basin = pits.ravel()[ends]  # pit or flat (1..count) each cell drains to, 0: a river (or no data)
    del pits
    run.check()
    outlet = spill_outlets(dem, valid, basin.reshape(dem.shape), ends.reshape(dem.shape), count)
    ref = np.where(basin > 0, outlet[basin] - 1, ends)
    del basin, ends
    alone = np.flatnonzero(~river.ravel()[np.maximum(ref, 0)] | (ref < 0))  # no data, or no flood reaches it
    ref[alone] = alone
    out = np.empty((2,) + dem.shape, dtype=np.int32)
    np.divmod(ref, np.int32(dem.shape[1]), out=(out[0].reshape(-1), out[1].reshape(-1)))
    return out


def spill_outlets(dem, valid, basin, ends, count):
    """int array over the pits and flats 0..*count*: flat index + 1 of the river cell each drains to
    over its spill point (0: none; item 0 unused), by Priority-Flood over the basins.

    *basin*: pit or flat (1..count) each cell drains to, 0 for a river; *ends*: the cell each cell's
    path ends at (a river cell where *basin* is 0). Every pair of 8-neighbours with data in different
    basins is a pass at the height of the higher of the two; a pit is flooded from the river basins
    and from pits already flooded at the lowest pass (minimax), ties to the smaller river index.
    """
    import heapq

    outlet = np.zeros(count + 1, dtype=np.int32)
    if count == 0:
        return outlet
    to_river, between = _passes(dem, valid, basin, ends)
    queue = _river_passes(*to_river)
    first, neighbours, heights = _pit_graph(*between, count)
    heapq.heapify(queue)
    while queue:
        level, _, label, k = heapq.heappop(queue)
        if outlet[k]:
            continue
        outlet[k] = label
        for j, h in zip(neighbours[first[k]:first[k + 1]], heights[first[k]:first[k + 1]]):
            if not outlet[j]:
                heapq.heappush(queue, (max(level, h), level, label, j))
    return outlet


def _passes(dem, valid, basin, ends):
    """Every pair of 8-neighbours with data in different basins, at least one a pit, at the height
    of the higher cell: ``((pit, river cell + 1, height, height of the river basin's cell), (pit, pit,
    height))``: the passes from a pit into a river basin, and those between two pits (each pair of
    cells once)."""
    rows, cols = dem.shape
    to_river, between = [], []
    for drow, dcol in ((0, 1), (1, 1), (1, 0), (1, -1)):  # each neighbour pair once
        a = (slice(0, rows - drow), slice(max(0, -dcol), cols - max(0, dcol)))
        b = (slice(drow, rows), slice(max(0, dcol), cols - max(0, -dcol)))
        pair = np.nonzero((basin[a] != basin[b]) & valid[a] & valid[b])
        cells_a = (pair[0] + a[0].start, pair[1] + a[1].start)
        cells_b = (pair[0] + b[0].start, pair[1] + b[1].start)
        height = np.maximum(dem[cells_a], dem[cells_b])
        basin_a, basin_b = basin[cells_a], basin[cells_b]
        for theirs, basin_mine, basin_theirs in ((cells_b, basin_a, basin_b), (cells_a, basin_b, basin_a)):
            into = basin_theirs == 0  # then mine is a pit
            to_river.append((basin_mine[into], ends[theirs][into] + 1, height[into], dem[theirs][into]))
        both = (basin_a > 0) & (basin_b > 0)
        between.append((basin_a[both], basin_b[both], height[both]))
    return (tuple(np.concatenate(column) for column in zip(*to_river)),
            tuple(np.concatenate(column) for column in zip(*between)))


def _river_passes(pit, river, height, outside):
    """The first pass of each pit into a river basin as a heap item (height, height of the outside
    cell, river cell + 1, pit): the lowest pass, among equal ones the lowest outside cell (the one
    a cell-by-cell flood pops first), then the smaller river index."""
    order = np.lexsort((river, outside, height, pit))
    first = np.r_[True, pit[order][1:] != pit[order][:-1]]
    best = order[first]
    return list(zip(height[best].tolist(), outside[best].tolist(), river[best].tolist(), pit[best].tolist()))


def _pit_graph(pit_a, pit_b, height, count):
    """The passes between pits as adjacency lists: (first, neighbours, heights), the neighbours of
    pit k in ``neighbours[first[k]:first[k + 1]]`` at the lowest pass of each pair."""
    low, high = np.minimum(pit_a, pit_b).astype(np.int64), np.maximum(pit_a, pit_b).astype(np.int64)
    key = low * (count + 1) + high
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.r_[len(key) > 0, key[1:] != key[:-1]])
    lowest = np.minimum.reduceat(height[order], starts) if len(starts) else height[:0]
    low, high = np.divmod(key[starts], count + 1)
    pit, other = np.r_[low, high], np.r_[high, low]
    order = np.argsort(pit, kind="stable")
    first = np.searchsorted(pit[order], np.arange(count + 2))
    return first, other[order].tolist(), np.r_[lowest, lowest][order].tolist()


def steepest_receivers(dem, valid, spacing, *, run=None):
    """Flat index of each cell's D8 receiver (the steepest lower neighbour with data), int32 (int64
    from 2**31 cells); a cell with none, a river cell's too, gets its own index."""
    run = run or Run(None, None)
    rows, cols = dem.shape
    index_type = np.int32 if dem.size < np.iinfo(np.int32).max else np.int64
    receiver = np.arange(dem.size, dtype=index_type).reshape(rows, cols)
    padded = np.pad(np.where(valid, dem, np.inf), 1, constant_values=np.inf)
    dy, dx = float(spacing[0]), float(spacing[1])
    block = max(1, BLOCK_CELLS // max(cols, 1))
    for r0 in range(0, rows, block):
        run.check()
        r1 = min(r0 + block, rows)
        _receivers_of_rows(padded, r0, r1, (dy, dx), receiver[r0:r1])
    return receiver.ravel()


def _receivers_of_rows(padded, r0, r1, spacing, out):
    """Write the D8 receivers of rows r0..r1 (of the unpadded grid) into *out* (their own indices)."""
    dy, dx = spacing
    cols = out.shape[1]
    centre = padded[r0 + 1:r1 + 1, 1:cols + 1]
    best = np.where(np.isfinite(centre), 0.0, np.inf)  # a cell without data drains nowhere
    step = np.zeros(centre.shape, dtype=out.dtype)
    for drow, dcol in D8:
        neighbour = padded[r0 + 1 + drow:r1 + 1 + drow, 1 + dcol:cols + 1 + dcol]
        with np.errstate(invalid="ignore"):
            drop = (centre - neighbour) / math.hypot(drow * dy, dcol * dx)
        steeper = drop > best  # a neighbour without data (+inf: drop -inf) never is
        best[steeper] = drop[steeper]
        step[steeper] = drow * cols + dcol
    out += step


def _path_ends(receiver, terminal, run):
    """Flat index of the terminal cell at the end of each cell's receiver path (pointer doubling)."""
    ends = receiver.copy()
    active = np.flatnonzero(~terminal[ends])
    while len(active):
        run.check()
        ends[active] = ends[ends[active]]
        active = active[~terminal[ends[active]]]
    return ends


# --------------------------------------------------------------------------- reliability flag

@dataclass(frozen=True)
class TerrainOptions:
    """The settings of :func:`terrain_flags` (see the module docstring for the rules)."""

    relief_radius: float = RELIEF_RADIUS    # m
    relief_height: float = RELIEF_HEIGHT    # m
    flat_size: float = FLAT_SIZE            # m, side of the level square
    flat_tolerance: float = FLAT_TOLERANCE  # m
    block: object = None                    # cells per block side of the relief; None: by BLOCK_SLACK, 1: exact


def terrain_flags(dem, dx, dy, options=None, *, valid=None, run=None):
    """uint8 bit mask per cell: :data:`LOW_RELIEF`, :data:`FLAT_SURFACE` (0 on cells without data).

    *dem*: 2-D array (NaN = nodata), cells *dx* × *dy* m; *options*: :class:`TerrainOptions` (None:
    the defaults); *valid*: boolean array of the cells with data (default: not NaN).
    """
    options = options or TerrainOptions()
    run = run or Run(None, None)
    values = np.asarray(dem, dtype=np.float32)
    valid = _valid(values, valid)
    flags = np.zeros(values.shape, dtype=np.uint8)
    with np.errstate(invalid="ignore"):
        low = relief(values, dx, dy, options.relief_radius, valid=valid, block=options.block) < options.relief_height
    flags[low] |= LOW_RELIEF
    del low
    run.check()
    flags[level_squares(values, dx, dy, options.flat_size, options.flat_tolerance, valid=valid)] |= FLAT_SURFACE
    flags[~valid] = 0
    return flags


def relief(dem, dx, dy, radius, *, valid=None, block=None):
    """float32 highest minus lowest DEM value with data within *radius* m (square window) of each cell.

    Computed on blocks of *block* × *block* cells (None: :func:`relief_block`; 1: exact); see the
    module docstring for the bound of the approximation. NaN where the window has no data.
    """
    values = np.asarray(dem, dtype=np.float32)
    high, low = _extremes(values, _valid(values, valid))
    half = (int(math.floor(radius / dy + 1e-9)), int(math.floor(radius / dx + 1e-9)))
    b = relief_block(min(half)) if block is None else max(1, int(block))
    if b > 1:
        high, low = _block_reduce(high, b, np.maximum), _block_reduce(low, b, np.minimum)
        half = tuple(-(-(w + b - 1) // b) for w in half)  # ceil((w + b - 1) / b) blocks
    out = _window_range(high, low, half)
    del high, low
    if b > 1:
        out = np.repeat(np.repeat(out, b, axis=0), b, axis=1)[:values.shape[0], :values.shape[1]]
    out[~np.isfinite(out)] = np.nan
    return out


def relief_block(half):
    """Block side for a radius of *half* cells: the largest ``b`` with ``3 (b - 1) <= BLOCK_SLACK * half``."""
    return 1 + int(BLOCK_SLACK * half // 3)


def level_squares(dem, dx, dy, size, tolerance, *, valid=None):
    """Boolean: cells inside a square of side *size* m whose values with data lie within *tolerance*."""
    values = np.asarray(dem, dtype=np.float32)
    valid = _valid(values, valid)
    half = (max(1, int(round(size / 2 / dy))), max(1, int(round(size / 2 / dx))))
    with np.errstate(invalid="ignore"):
        centre = (_window_range(*_extremes(values, valid), half) <= tolerance) & valid
    return _window_max(centre, half)


def _valid(values, valid):
    """Boolean: the cells with data (not NaN, and in *valid* when it is given)."""
    present = ~np.isnan(values)
    return present if valid is None else np.asarray(valid, dtype=bool) & present


def _extremes(values, valid):
    """float32 copies of *values* for running maxima (-inf without data) and minima (+inf)."""
    high = np.where(valid, values, -np.inf).astype(np.float32, copy=False)
    low = np.where(valid, values, np.inf).astype(np.float32, copy=False)
    return high, low


def _window_range(high, low, half):
    """Running max of *high* minus running min of *low* over windows of ``2 half + 1`` (rows, cols)."""
    from scipy import ndimage

    top = _window_max(high, half)
    for axis, h in enumerate(half):
        low = ndimage.minimum_filter1d(low, 2 * h + 1, axis=axis, mode="nearest")
    top -= low
    return top


def _window_max(values, half):
    """Running maximum over windows of ``2 half + 1`` (rows, cols), separable."""
    from scipy import ndimage

    for axis, h in enumerate(half):
        values = ndimage.maximum_filter1d(values, 2 * h + 1, axis=axis, mode="nearest")
    return values


def _block_reduce(values, b, reduce):
    """*reduce* (np.maximum or np.minimum) over blocks of *b* × *b* cells; the edge padded by repetition."""
    rows, cols = values.shape
    padded = np.pad(values, ((0, -rows % b), (0, -cols % b)), mode="edge")
    shaped = padded.reshape(padded.shape[0] // b, b, padded.shape[1] // b, b)
    return reduce.reduce(reduce.reduce(shaped, axis=3), axis=1)
