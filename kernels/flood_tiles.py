"""Flood-risk zones tile by tile: the heights and zones of ``kernels/flood.py`` with bounded memory.

A DEM of the whole planning region at the resolution Saxony publishes (DGM2: about 1.1 G cells)
does not fit in memory. This module computes the same relative heights and the same zone raster as
:func:`kernels.flood.flood_zones` (bit for bit; see "Why identical") on square tiles, reading the
DEM by windows and writing the results block by block. No QGIS here: numpy and scipy only; the
Processing wrapper passes GDAL readers and writers.

Interfaces
    The DEM is a :class:`RasterSource`: its shape, cell grid and ``read(r0, r1, c0, c1)`` returning
    float64 with NaN for nodata (rows r0..r1-1, columns c0..c1-1). Outputs go to writers with
    ``write(r0, c0, block)`` in DEM rows and columns; the zone raster's writer can also be read back
    (points of the exposure layer take the zone of their cell). :class:`ArrayRaster` is both, on a
    numpy array (tests, small runs).

Stages
    1. River cells and water levels once for the whole DEM (:func:`kernels.flood.rasterize_rivers`,
       shared with the one-piece run): only the DEM cells of the river vertices are read
       (:func:`sample_cells`, window by window of :data:`SAMPLE_BLOCK` cells).
    2. Heights per tile: the river cells of the tile grown by the halo ``_pads(MAX_DISTANCE)`` (every
       river cell within MAX_DISTANCE of a tile cell lies in it), the nearest river cell on that
       window (:func:`kernels.flood.nearest_river`), the heights of the tile's cells
       (:func:`kernels.flood.heights_from_nearest`). They go to the height writer and to a temporary
       file of float32 tiles in the run's temp folder (not kept in memory).
    3. Zones need connectivity over the whole grid. Pass 1 labels the qualifying cells of each tile
       (8-neighbourhood, ``scipy.ndimage.label``) for every zone and keeps only the labels on the
       tile's border as nodes, with a flag for holding a river cell. Across every seam between
       tiles the border labels that touch (8-neighbourhood: also diagonally, also across tile
       corners) are joined; the connected components of that graph
       (``scipy.sparse.csgraph.connected_components``, the union-find) that hold a river cell
       reach the river. Pass 2 labels each tile again (the same labels) and gives a cell zone k when
       its label holds a river cell or its border node's component does, the smallest k first.
    The connectivity passes are generic over a zone rule: ``len(rule)`` zones, ``rule.needs_reference``
    and ``rule.qualifies(tile, k)`` -> the
    cells that may carry zone k on one tile (:class:`Tile`: heights, river cells and, when the rule
    asks for it, the index of each cell's nearest river cell). :class:`ThresholdRule` is the
    rule of ``kernels/flood.py`` (height <= t_k); river cells always qualify.

Why identical
    The heights of a cell depend on the river cells within MAX_DISTANCE only, and all of them are
    in the tile's halo window. The nearest one is picked by scipy's exact Euclidean feature
    transform (Maurer's separable algorithm): per line it keeps every candidate that is nearest
    somewhere (a candidate is dropped only when it is strictly farther everywhere) and picks, among
    equidistant candidates, the first in scan order; its arithmetic uses differences of cell
    indices only, so it does not depend on where the window starts. River cells farther than
    MAX_DISTANCE are never nearest to a cell with a height. The tests compare tiled and one-piece
    runs bit for bit on grids built for ties (square cells, rivers on symmetric lines) and on
    non-square cells.

Memory and time
    A tile of side T with halo (pr, pc) needs about :data:`HALO_BYTES_PER_CELL` bytes per cell of its
    halo window and :data:`TILE_BYTES_PER_CELL` per cell of the tile; :func:`plan_tiles` takes the
    largest T (a multiple of 256, at most :data:`MAX_TILE`) that fits in a share of the free
    memory, and estimates the time from the cells. Disk: 4 bytes per cell of the window (heights),
    8 more when the rule needs the nearest river cell.
"""
import math
import os
import tempfile
from typing import NamedTuple

import numpy as np

from . import flood
from .errors import N_, KernelError
from .grid import Grid
from .memory import available_memory, gigabytes, suggested_cell_size
from .progress import Run

SAMPLE_BLOCK = 512        # cells per side of the windows read to sample the river vertices' DEM values
MIN_TILE = 256            # tile side: a multiple of this (GeoTIFF blocks are 256 × 256)
MAX_TILE = 8192           # tile side at most (Annahme / assumption: beyond, no gain in speed)
#: bytes per cell of a tile's halo window at the peak of the height pass: the river mask and its
#: negation (2), scipy's int8 copy (1) and the feature indices (2 × int32 = 8) in the distance
#: transform; then the indices (8), the levels (float64, 8) and the mask (1) = 17; 20 leaves room
#: for scipy's line buffers (Annahme / assumption, checked by the bench's peak memory)
HALO_BYTES_PER_CELL = 20
#: bytes per cell of the tile itself: DEM (8), heights (4), one row block of temporaries (flood's
#: BLOCK_CELLS, counted in FIXED_BYTES); in the zone passes heights (4), mask (1), labels (4),
#: label lookups (8) and zones (1) = 18; 24 with the reference index of a rule that needs it
TILE_BYTES_PER_CELL = 24
#: share of the free memory the tiles may take, and the most they take (Annahme / assumption: QGIS,
#: the river vertices of stage 1 and the libraries need the rest; 1.5 GB keeps a run of the planning
#: region under 4 GB)
MEMORY_SHARE = 0.5
MEMORY_CAP = 1.5 * 2 ** 30
#: seconds per cell of a halo window (distance transform) and per cell of the window (the rest of the
#: run: reading, heights, labels, polygons, writing), for the estimate logged up front (Annahme /
#: assumption, fitted to bench flood_dgm2 on 2 shared cores: 1,072 s for 1.12 G cells at 2 m, 185 s for
#: 281 M cells at 4 m; the estimate gives 1,035 s and 252 s)
SECONDS_PER_HALO_CELL = 80e-9
SECONDS_PER_CELL = 800e-9
#: a window is processed in one piece (kernels/flood.py) when its estimate (flood.estimate_memory) is at
#: most this share of the free memory and this many bytes (Annahme / assumption: beyond 3 GB the one
#: piece is no faster than tiles and takes the memory of a laptop from QGIS and other programs; a run
#: in tiles makes no fit to the official zones and no terrain flags, so the 10 m DEM of a planning
#: region should fit)
ONE_PIECE_SHARE = 0.5
ONE_PIECE_MAX_BYTES = 3 * 2 ** 30   # the 10 m DEM of a planning region (45 M cells) with every stage


class RasterSource(Grid):
    """A raster read by windows: ``read(r0, r1, c0, c1)`` -> float64 (NaN = nodata), never all at once.

    Behaves as a :class:`kernels.grid.Grid` without ``values``: ``shape``, ``cell_of``, ``inside``,
    ``sample``. *frame*: ``(shape, x0, y0, dx, dy)`` of the raster.
    """

    def __init__(self, frame, read):
        shape, x0, y0, dx, dy = frame
        super().__init__(None, x0, y0, dx, dy)
        self._shape = (int(shape[0]), int(shape[1]))
        self.read = read

    @property
    def shape(self):
        return self._shape

    def sample(self, row, col):
        return sample_cells(self.read, row, col)


class ArrayRaster:
    """A raster on a numpy array on the cells of *grid* (a :class:`kernels.grid.Grid`), as source and as
    writer: ``read``, ``write``, ``source()``."""

    def __init__(self, values, grid):
        self.values = values
        self.grid = grid

    def read(self, r0, r1, c0, c1):
        return self.values[r0:r1, c0:c1].astype(np.float64)

    def write(self, r0, c0, block):
        self.values[r0:r0 + block.shape[0], c0:c0 + block.shape[1]] = block

    def source(self):
        """A :class:`RasterSource` of these values."""
        g = self.grid
        return RasterSource((self.values.shape, g.x0, g.y0, g.dx, g.dy), self.read)


def sample_cells(read, row, col, block=SAMPLE_BLOCK):
    """The values of the cells (*row*, *col*) of a raster read by windows (``read(r0, r1, c0, c1)``).

    The cells are grouped into blocks of *block* × *block*; for each block holding some, the window
    spanning them is read once.
    """
    row = np.asarray(row, dtype=np.int64)
    col = np.asarray(col, dtype=np.int64)
    out = np.empty(len(row), dtype=np.float64)
    if len(row) == 0:
        return out
    key = (row // block) * (1 << 32) + col // block
    order = np.argsort(key, kind="stable")
    starts = np.r_[0, np.flatnonzero(np.diff(key[order])) + 1, len(order)]
    for a, b in zip(starts[:-1], starts[1:]):
        sel = order[a:b]
        r, c = row[sel], col[sel]
        r0, c0 = int(r.min()), int(c.min())
        window = read(r0, int(r.max()) + 1, c0, int(c.max()) + 1)
        out[sel] = window[r - r0, c - c0]
    return out


# --------------------------------------------------------------------------- rules

class Tile(NamedTuple):
    """What a :class:`ZoneRule` sees of one tile."""

    height: np.ndarray     # float32, NaN = none
    river: np.ndarray      # bool: the river cells
    reference: object      # int64 index into the RiverCells of each cell's nearest river cell (-1:
                           # none), or None when the rule does not ask for it


class ThresholdRule:
    """Zone k: relative height at most the k-th threshold (the rule of ``kernels/flood.py``)."""

    needs_reference = False  # a rule that needs each cell's nearest river cell sets this True

    def __init__(self, thresholds):
        self.thresholds = tuple(float(t) for t in thresholds)

    def __len__(self):
        return len(self.thresholds)

    def qualifies(self, tile, k):
        """The cells of *tile* that may carry zone *k* (1-based); river cells are added by the caller."""
        return flood.below(tile.height, self.thresholds[k - 1])


# --------------------------------------------------------------------------- plan

class TilePlan(NamedTuple):
    """The tiling of one run and its estimates."""

    window: tuple   # (r0, r1, c0, c1) of the DEM: the cells within reach of the river cells
    tile: int       # tile side in cells
    pads: tuple     # halo (rows, cols)
    tiles: tuple    # (r0, r1, c0, c1) of every tile, row by row
    grid: tuple     # (tile rows, tile cols)
    memory: int     # bytes at the peak of one tile, FIXED_BYTES included
    seconds: float  # estimated time of the whole run
    disk: int       # bytes of temporary files


def tile_memory(tile, pads, reference=False):
    """Bytes one tile of side *tile* with halo *pads* needs at its peak (module docstring)."""
    halo = (tile + 2 * pads[0]) * (tile + 2 * pads[1])
    per_cell = TILE_BYTES_PER_CELL + (8 if reference else 0)
    return halo * HALO_BYTES_PER_CELL + tile * tile * per_cell + flood.FIXED_BYTES


def plan_tiles(window, pads, *, tile=None, available=None, reference=False):
    """The :class:`TilePlan` of *window* with halo *pads*: tile side *tile*, or the largest that fits in
    :data:`MEMORY_SHARE` of *available* bytes (None: what is free now), at most :data:`MEMORY_CAP`.

    Raises :class:`KernelError` when not even the smallest tile fits.
    """
    r0, r1, c0, c1 = window
    rows, cols = r1 - r0, c1 - c0
    if tile is None:
        if available is None:
            available = available_memory() or MEMORY_CAP / MEMORY_SHARE
        budget = min(available * MEMORY_SHARE, MEMORY_CAP)
        side = MIN_TILE * math.ceil(max(rows, cols) / MIN_TILE)
        tile = min(MAX_TILE, side)
        while tile > MIN_TILE and tile_memory(tile, pads, reference) > budget:
            tile -= MIN_TILE
        if tile_memory(tile, pads, reference) > available:
            raise KernelError(N_("Even the smallest tiles of the flood-risk zones need about {need} of memory "
                                 "(MAX_DISTANCE {cells} cells around each tile), but only {available} are "
                                 "free. Close other programs or reduce MAX_DISTANCE."),
                              need=gigabytes(tile_memory(tile, pads, reference)), cells=max(pads),
                              available=gigabytes(available))
    tiles = tuple((a, min(a + tile, r1), b, min(b + tile, c1))
                  for a in range(r0, r1, tile) for b in range(c0, c1, tile))
    halo_cells = sum((min(t[1] + pads[0], r1) - max(t[0] - pads[0], r0))
                     * (min(t[3] + pads[1], c1) - max(t[2] - pads[1], c0)) for t in tiles)
    seconds = halo_cells * SECONDS_PER_HALO_CELL + rows * cols * SECONDS_PER_CELL
    disk = rows * cols * (4 + (8 if reference else 0))
    return TilePlan(window, int(tile), pads, tiles, (math.ceil(rows / tile), math.ceil(cols / tile)),
                    tile_memory(tile, pads, reference), seconds, disk)


def one_piece_fits(rows, cols, available=None, options=None):
    """Whether a window of *rows* × *cols* cells runs in one piece (:data:`ONE_PIECE_SHARE` of *available*
    bytes, None: what is free now, and at most :data:`ONE_PIECE_MAX_BYTES`), else in tiles; *options*:
    the run's :class:`~kernels.flood.FloodOptions` (the stages it asks for need more memory)."""
    need = flood.estimate_memory(rows, cols, options)
    if available is None:
        available = available_memory()
    limit = ONE_PIECE_MAX_BYTES if available is None else min(ONE_PIECE_MAX_BYTES, available * ONE_PIECE_SHARE)
    return need <= limit


def check_disk(rows, cols, cell_size, free, reference=False):
    """Bytes of temporary files a tiled run of *rows* × *cols* cells writes (:class:`TilePlan` ``disk``);
    :class:`KernelError` when they exceed the *free* bytes of the temporary folder, suggesting a cell
    size that would fit."""
    need = int(rows) * int(cols) * (4 + (8 if reference else 0))
    if need <= free:
        return need
    raise KernelError(N_("The flood-risk zones in tiles need about {need} of temporary disk space for "
                         "{rows} × {cols} DEM cells, but only {free} are free in the temporary folder. Free disk "
                         "space, resample the DEM to cells of about {suggest} m (Raster > Projections > Warp) "
                         "or filter the river layer."),
                      need=gigabytes(need), rows=int(rows), cols=int(cols), free=gigabytes(free),
                      suggest=suggested_cell_size(cell_size, need, free, step=1))


# --------------------------------------------------------------------------- the tiled stage

class TiledStage:
    """The stage of :func:`kernels.flood.flood_zones` that computes heights and zones tile by tile.

    *zones_out*: writer of the uint8 zone raster that can be read back (``read``); *polygonize*:
    ``f(zones_out, count) -> (geometries, values)`` of the written zone raster; *height_out*: writer
    of the float32 heights or None; *tile*: tile side (None: from the free memory); *workdir*: folder
    of the temporary files (None: the system's); *rule*: a zone rule (module docstring; None:
    :class:`ThresholdRule` of the thresholds).
    """

    def __init__(self, zones_out, polygonize, *, height_out=None, tile=None, workdir=None, rule=None):
        self.zones_out = zones_out
        self.polygonize = polygonize
        self.height_out = height_out
        self.tile = tile
        self.workdir = workdir
        self.rule = rule

    def __call__(self, job, cells):
        _not_in_tiles(job)
        rule = self.rule or ThresholdRule(job.options.thresholds)
        dem = job.dem
        plan = plan_tiles(flood.river_window(dem, cells, job.options.max_distance),
                          flood._pads(job.options.max_distance, dem.dx, dem.dy), tile=self.tile,
                          reference=rule.needs_reference)
        _log_plan(job, plan)
        job.stats.update(window=plan.window, tile=plan.tile, tiles=len(plan.tiles))
        with _TileFiles(self.workdir) as store:
            tiled = _Tiled(job, plan, _RiverIndex(cells, dem.shape[1]), store, rule)
            _height_pass(tiled, self.height_out)
            counts = _assign(tiled, self.zones_out, _reaching_nodes(tiled))
        for k in range(1, len(rule) + 1):
            job.stats[f"cells_zone_{k}"] = int(counts[k])
        job.run.step(70, N_("Turning the zones into polygons …"))
        geoms, values = self.polygonize(self.zones_out, len(rule))
        job.run.report(75)
        zone_grid = RasterSource((dem.shape, dem.x0, dem.y0, dem.dx, dem.dy), self.zones_out.read)
        return flood._ZoneGrids(plan.window, None, zone_grid), flood.zone_geometries(geoms, values, len(rule))


def _not_in_tiles(job):
    """Warnings for what a tiled run does not do: the fit to the official zones, flow-path heights."""
    if job.official is not None:
        job.warnings.append((N_("The height is not fitted to the official flood zones in a run in tiles (the DEM "
                                "window does not fit in memory in one piece): only the zones of THRESHOLDS are "
                                "given. For the fit, resample the DEM to larger cells or filter the river layer "
                                "to the area of interest."), {}))
    if job.options.flags:
        job.warnings.append((N_("In a run in tiles the terrain is not flagged where it cannot tell (low relief, level "
                                "surfaces)."), {}))
    if job.options.reference != "nearest":
        job.warnings.append((N_("In a run in tiles the height is measured from the nearest river cell, not from "
                                "the river cell the flow path drains to (a flow path may cross many tiles)."), {}))


def _log_plan(job, plan):
    r0, r1, c0, c1 = plan.window
    job.run.log(N_("Tiled run: {rows} × {cols} cells in {tiles} tiles of {tile} × {tile} cells (halo "
                   "{halo} cells); about {memory} of memory, {disk} of temporary disk space and "
                   "{minutes} min."),
                rows=r1 - r0, cols=c1 - c0, tiles=len(plan.tiles), tile=plan.tile, halo=max(plan.pads),
                memory=gigabytes(plan.memory), disk=gigabytes(plan.disk),
                minutes=f"{max(plan.seconds / 60, 0.1):.1f}")


class _RiverIndex:
    """The river cells by row and column, to pick those of a window quickly."""

    def __init__(self, cells, cols):
        self.row, self.col = np.divmod(cells.flat, cols)   # flat is sorted: rows are sorted
        self.levels = cells.levels

    def within(self, box):
        """Indices (into the river cells) of the river cells inside *box* (r0, r1, c0, c1)."""
        r0, r1, c0, c1 = box
        a, b = np.searchsorted(self.row, [r0, r1])
        idx = np.arange(a, b)
        col = self.col[a:b]
        return idx[(col >= c0) & (col < c1)]

    def mask(self, box):
        """The river cells of *box* as a boolean array of its shape, and their indices."""
        r0, r1, c0, c1 = box
        idx = self.within(box)
        mask = np.zeros((r1 - r0, c1 - c0), dtype=bool)
        mask[self.row[idx] - r0, self.col[idx] - c0] = True
        return mask, idx


class _TileFiles:
    """Arrays per (tile, name) in one temporary file (deleted on exit, also on failure or cancel)."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.handle = None
        self.where = {}

    def __enter__(self):
        if self.workdir is not None:
            os.makedirs(self.workdir, exist_ok=True)
        self.handle = tempfile.TemporaryFile(dir=self.workdir, prefix="wertvoll_flood_tiles_")
        return self

    def __exit__(self, *exc):
        self.handle.close()
        return False

    def put(self, key, array):
        self.handle.seek(0, os.SEEK_END)
        self.where[key] = (self.handle.tell(), array.shape, array.dtype)
        np.ascontiguousarray(array).tofile(self.handle)

    def get(self, key):
        offset, shape, dtype = self.where[key]
        self.handle.seek(offset)
        count = int(np.prod(shape))
        return np.fromfile(self.handle, dtype=dtype, count=count).reshape(shape)


class _Tiled(NamedTuple):
    """One tiled run as its passes see it."""

    job: object          # the flood._Job
    plan: TilePlan
    river: object        # _RiverIndex
    store: object        # _TileFiles: heights (and references) per tile
    rule: object         # the zone rule


def _height_pass(tiled, height_out):
    """Stage 2: heights of every tile into the tile store (and *height_out*)."""
    job, plan, reference = tiled.job, tiled.plan, tiled.rule.needs_reference
    job.run.step(10, N_("Computing each cell's height above the nearest river, tile by tile …"))
    for number, box in enumerate(plan.tiles):
        job.run.check()
        at = 10 + 35 * number / len(plan.tiles)
        height, nearest = _tile_heights(tiled, box, reference, span=(at, at + 35 / len(plan.tiles)))
        tiled.store.put((number, "height"), height)
        if reference:
            tiled.store.put((number, "reference"), nearest)
        if height_out is not None:
            height_out.write(box[0], box[2], height)
        job.run.report(10 + 35 * (number + 1) / len(plan.tiles))


def _tile_heights(tiled, box, reference, span):
    """(heights, index of the nearest river cell or None) of the tile *box*."""
    job, plan, river = tiled.job, tiled.plan, tiled.river
    dem, max_distance = job.dem, job.options.max_distance
    r0, r1, c0, c1 = box
    w = plan.window
    halo = (max(r0 - plan.pads[0], w[0]), min(r1 + plan.pads[0], w[1]),
            max(c0 - plan.pads[1], w[2]), min(c1 + plan.pads[1], w[3]))
    mask, idx = river.mask(halo)
    if len(idx) == 0:  # no river cell within MAX_DISTANCE of the tile: nothing has a height
        none = np.full((r1 - r0, c1 - c0), -1, dtype=np.int64) if reference else None
        return np.full((r1 - r0, c1 - c0), np.nan, dtype=np.float32), none
    nearest = flood.nearest_river(mask, dem.dx, dem.dy)
    del mask
    level = np.full((halo[1] - halo[0], halo[3] - halo[2]), np.nan)
    rows, cols = river.row[idx] - halo[0], river.col[idx] - halo[2]
    level[rows, cols] = river.levels[idx]
    core = nearest[:, r0 - halo[0]:r1 - halo[0], c0 - halo[2]:c1 - halo[2]]
    values = dem.read(r0, r1, c0, c1)
    height = flood.heights_from_nearest(values, level, core, (dem.dx, dem.dy), max_distance,
                                        offset=(r0 - halo[0], c0 - halo[2]), run=job.run, span=span)
    if not reference:
        return height, None
    del level
    where = np.full((halo[1] - halo[0], halo[3] - halo[2]), -1, dtype=np.int64)
    where[rows, cols] = idx
    ref = where[core[0], core[1]]
    ref[np.isnan(height) & ~np.isnan(values)] = -1  # beyond MAX_DISTANCE
    return height, ref


# --------------------------------------------------------------------------- connectivity

class _Nodes:
    """The border labels of every (tile, zone) as nodes of the seam graph."""

    def __init__(self):
        self.count = 0
        self.river = []     # per node: holds a river cell
        self.base = {}      # (tile, zone) -> first node
        self.edges = {}     # (tile, zone) -> (top, bottom, left, right) node per border cell, -1: none


def _tile_labels(tile, river, rule, k):
    """Labels (8-neighbourhood) of the cells of *tile* qualifying for zone *k*, their count, and per
    label whether it holds a river cell."""
    from scipy import ndimage

    qualifies = rule.qualifies(tile, k)
    qualifies |= river
    labels, count = ndimage.label(qualifies, structure=np.ones((3, 3), dtype=bool))
    del qualifies
    has_river = np.zeros(count + 1, dtype=bool)
    has_river[labels[river]] = True
    has_river[0] = False
    return labels, count, has_river


def _border(labels, count):
    """The labels on the border of *labels* (sorted) and a lookup label -> position among them (-1)."""
    edge = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    border = np.unique(edge)
    border = border[border > 0]
    lookup = np.full(count + 1, -1, dtype=np.int64)
    lookup[border] = np.arange(len(border))
    return border, lookup


def _reaching_nodes(tiled):
    """Stage 3, pass 1: the border labels of every tile and zone as :class:`_Nodes`, and per node
    whether its component across the seams holds a river cell."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    job, plan = tiled.job, tiled.plan
    job.run.step(45, N_("Finding the zones connected to the rivers across the tiles …"))
    nodes = _Nodes()
    for number in range(len(plan.tiles)):
        for k, (labels, count, has_river) in _labelled(tiled, number):
            border, lookup = _border(labels, count)
            nodes.base[number, k] = nodes.count
            nodes.edges[number, k] = tuple(np.where(lookup[e] >= 0, lookup[e] + nodes.count, -1)
                                           for e in (labels[0], labels[-1], labels[:, 0], labels[:, -1]))
            nodes.river.append(has_river[border])
            nodes.count += len(border)
        job.run.report(45 + 15 * (number + 1) / len(plan.tiles))
    u, v = _seam_pairs(plan, nodes, len(tiled.rule))
    graph = sparse.coo_matrix((np.ones(len(u), dtype=np.int8), (u, v)), shape=(nodes.count, nodes.count))
    _, component = connected_components(graph, directed=False)
    node_river = np.concatenate(nodes.river) if nodes.river else np.zeros(0, dtype=bool)
    reaches = np.zeros(component.max() + 1 if len(component) else 0, dtype=bool)
    reaches[component[node_river]] = True
    return nodes, reaches[component]


def _labelled(tiled, number):
    """Yield (zone, (labels, count, has_river)) of tile *number* for every zone."""
    run, rule, store = tiled.job.run, tiled.rule, tiled.store
    run.check()
    mask, _ = tiled.river.mask(tiled.plan.tiles[number])
    reference = store.get((number, "reference")) if rule.needs_reference else None
    tile = Tile(store.get((number, "height")), mask, reference)
    for k in range(1, len(rule) + 1):
        run.check()
        yield k, _tile_labels(tile, mask, rule, k)


def _assign(tiled, zones_out, reaching):
    """Stage 3, pass 2: zone of every cell, tile by tile, written to *zones_out*; the cell count per zone.

    *reaching*: :func:`_reaching_nodes`."""
    nodes, node_keep = reaching
    job, plan = tiled.job, tiled.plan
    counts = np.zeros(len(tiled.rule) + 1, dtype=np.int64)
    for number, box in enumerate(plan.tiles):
        zones = np.zeros((box[1] - box[0], box[3] - box[2]), dtype=np.uint8)
        for k, (labels, count, keep) in _labelled(tiled, number):
            border, _ = _border(labels, count)
            first = nodes.base[number, k]
            keep[border] |= node_keep[first:first + len(border)]
            new = keep[labels] & (zones == 0)
            del labels
            zones[new] = k
        zones_out.write(box[0], box[2], zones)
        counts += np.bincount(zones.ravel(), minlength=len(tiled.rule) + 1)
        job.run.report(60 + 10 * (number + 1) / len(plan.tiles))
    return counts


def _seam_pairs(plan, nodes, zones):
    """Node pairs (u, v) that touch across a seam between tiles (8-neighbourhood)."""
    rows, cols = plan.grid
    us, vs = [], []
    for k in range(1, zones + 1):
        edge = {(i, j): nodes.edges[i * cols + j, k] for i in range(rows) for j in range(cols)}
        for j in range(cols - 1):  # vertical seams: right column of tile column j, left of j + 1
            a = np.concatenate([edge[i, j][3] for i in range(rows)])
            b = np.concatenate([edge[i, j + 1][2] for i in range(rows)])
            _touching(a, b, us, vs)
        for i in range(rows - 1):  # horizontal seams: bottom row of tile row i, top of i + 1
            a = np.concatenate([edge[i, j][1] for j in range(cols)])
            b = np.concatenate([edge[i + 1, j][0] for j in range(cols)])
            _touching(a, b, us, vs)
    if not us:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(us), np.concatenate(vs)


def _touching(a, b, us, vs):
    """Append the pairs of nodes of two facing lines of cells *a*, *b* that are 8-neighbours."""
    for u, v in ((a, b), (a[:-1], b[1:]), (a[1:], b[:-1])):
        ok = (u >= 0) & (v >= 0)
        us.append(u[ok])
        vs.append(v[ok])


# --------------------------------------------------------------------------- the whole run

def flood_zones_tiled(source, rivers, options=None, layers=None, *, stage, progress=None, is_cancelled=None,
                      log=None):
    """:func:`kernels.flood.flood_zones` on a DEM read by windows (*source*: a :class:`RasterSource`).

    *stage*: a :class:`TiledStage` (where the heights and zones go, tile size, temp folder, rule).
    The result's ``height`` is None (the heights went to the stage's writer) and its ``zone_grid``
    reads the stage's zone raster.
    """
    return flood.zones_by_stage(source, rivers, options, layers, stage=stage,
                                run=Run(progress, is_cancelled, log))


def array_polygonize(zones_out, _count):
    """The polygons of an :class:`ArrayRaster` zone raster (:func:`kernels.flood.polygonize_zones`)."""
    g = zones_out.grid
    return flood.polygonize_zones(zones_out.values, g.x0, g.y0, g.dx, g.dy)
