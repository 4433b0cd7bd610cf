"""Flood-risk zones from terrain (``wertvoll:floodriskzones``, issue 5): the pure kernel.

Official flood zones (HQ100, WHG §76, SächsWG §72) exist only for the larger rivers.
For small streams the usual first estimate is the height of the land above the water
level of the nearest river ("height above nearest drainage", HAND, a relative
elevation model). This module computes it on the grid of a DEM, cuts it into zones
by height thresholds, adds the official zones as zone 0 and tabulates what is
exposed in every zone. No QGIS here: numpy, scipy, shapely 2 and pandas only; the
Processing wrapper (``algorithms/flood_risk_zones.py``) reads and writes the layers.

Rules
-----
Rivers on the grid
    Every river line (MultiLineStrings are split into their parts, in order) is
    densified with ``shapely.segmentize`` to vertices at most half a cell apart,
    so consecutive vertices lie in the same or in 8-adjacent cells. A cell that
    holds a vertex and has DEM data is a *river cell*. Vertices outside the DEM or
    on DEM nodata are dropped (the lines are clipped to the DEM; a warning counts
    the lines partly or wholly outside).

Water level (``smooth``)
    Lines are taken as digitised downstream (as ATKIS AX_Gewaesserachse is when its attribute
    ``fliessrichtung`` is true); lines flagged in ``FloodLayers.against_flow`` (ATKIS false)
    are reversed first (:func:`flow_flags`).
    * ``smooth=False``: the level of a river cell is its DEM value.
    * ``smooth=True`` (default): a robust monotone fit, :func:`network_levels`. The network
      is cut into chains by the main-stem rule (a line continues into the line starting in
      the cell where it ends: node matching by cell; the longest source-to-outlet path is
      the first chain, then the longest path of the rest up to its junction, and so on).
      Along each chain the level is the non-increasing profile closest to the DEM values of
      its cells in the sum of absolute differences, weighted by the length of line in each
      cell (L1 isotonic regression, :func:`isotonic_l1`: pool adjacent violators with
      weighted medians). A chain joining another is kept at or above that chain's level at
      the junction (backwater), a branch leaving another at or below it.
      Why this fit: a running minimum of the DEM lets one pit (a lake, a DEM artefact)
      lower the level for the whole river below it (a 5 m pit of 3 × 3 cells removed 98 %
      of the zones downstream in the test valley; on the Leipzig DGM200 the Cospudener See
      depression put Schleußig 11-14 m "above the river"). A least-squares isotonic fit
      pools with means, so a deep pit still pulls a long stretch down. With medians a pit
      or a bridge pools only with a stretch of about its own length (a pit of p cells on a
      falling bed with about p + 1 cells below it, a bridge with about p cells above it);
      beyond that the level is the DEM again, and a profile that already falls is its own
      fit. A depression longer than the rise behind it (a lake) still pools a longer
      stretch: fill such a lake in the DEM to its water level first.
    Where several vertices (of one or several lines) fall into one cell the lowest
    level counts. A warning counts lines whose last DEM value lies more than
    1 m above their first one (probably digitised upstream).

Relative height
    Every cell gets the level of its nearest river cell (Euclidean distance
    between cell centres in metres, ``scipy.ndimage.distance_transform_edt`` with
    the cell size as sampling; ties go to the cell scipy picks). Relative height =
    DEM - that level; NaN where the DEM has no data or where the distance exceeds
    ``max_distance``. Cells lower than the level get negative heights.

Zones (exclusive rings)
    For the thresholds t1 < t2 < ... < tn: a cell qualifies for threshold k if its
    relative height is <= tk (and it is within ``max_distance``) and it is
    connected to a river cell through cells that qualify for k themselves
    (8-neighbourhood: a diagonal step counts, so a one-cell dyke drawn diagonally
    in the DEM does not hold the water back; a continuous 4-connected ridge
    higher than tk does). River cells always qualify (the channel carries water
    even under a bridge). The zone of a cell is the smallest k it qualifies for:
    zone 1 is the most likely area, zone k the ring that is added when the water
    rises from t(k-1) to tk. Every cell is in at most one estimated zone.

Official zones (zone 0)
    The ``floodplain`` polygons are repaired (``make_valid``) and dissolved into one
    MultiPolygon, zone 0 (``official``). It is not cut from the estimated zones:
    it overlaps them, so the estimate can be compared with the designation, and
    the areas of zone 0 and of zones 1..n must not be added up.

Polygons and areas
    The zone raster is vectorised (``polygonize``: by default
    :func:`polygonize_zones`, pure numpy/shapely; the wrapper may pass GDAL's
    Polygonize, which gives the same cell-aligned polygons), one MultiPolygon per
    zone. ``area_m2`` is the planar area of that MultiPolygon (for zones 1..n =
    number of cells × cell area). Zones without cells have no polygon, but
    appear in ``zone_areas`` with 0. ``outside_official_m2`` is the area of an
    estimated zone outside zone 0 (NaN for zone 0 itself): zone 0 plus these
    parts is the area flooded by either, counted once.

Exposure
    Per zone and class of the ``exposure`` features: polygons -> ``area_m2`` =
    area of the intersection with the zone (overlapping features each count), and
    ``count`` = features sharing more than 1 mm² with the zone; points ->
    ``area_m2`` 0 and ``count`` = points inside the zone (for zones 1..n: the
    point's cell has that zone; for zone 0: the point intersects the official
    polygon). Other geometry types are ignored with a warning. The class is the
    text of the class value ('' for NULL). Rows only for (zone, class) pairs with
    count > 0, sorted by zone and class.

Performance: all grid work is vectorised numpy/scipy on the window of the DEM
that lies within ``max_distance`` of a river cell; the per-cell loops are in
C (distance transform, labelling); Python loops run over row blocks, thresholds,
network passes and chunks only. Memory is a few arrays of the window's size
(:data:`BYTES_PER_CELL`). The QGIS side reads only that window of a large DEM
(:func:`reach_window`) and estimates first whether it fits (:func:`estimate_memory`); when it does
not, ``kernels/flood_tiles.py`` runs the same stages tile by tile.
"""
import bisect
import functools
import math
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np
import pandas as pd
import shapely

from ..kinds import CALIBRATED_ZONE, FLOOD_EXPOSURE
from .errors import N_, KernelError
from .geometry import points_inside, present_mask
from .grid import Grid
from .progress import Run
from .tables import parse_flag

MAX_ZONES = 50           # thresholds at most (the zone raster is uint8)
BLOCK_CELLS = 1 << 20    # cells per row block of the height pass (at least one row; bounds its temporaries)
MAX_VERTICES = 256       # zone polygons are cut into pieces of at most this many vertices for overlays
RISE_WARNING_M = 1.0     # a line ending this much higher than it starts draws a warning (Annahme / assumption)
TOUCH_AREA = 1e-6        # m²: a polygon shares more than this with a zone to count as touched
CHUNK = 5000             # pairs per vectorised overlay call between cancellation checks
EXPOSURE_COLUMNS = FLOOD_EXPOSURE.names()  # the output fields (kinds.py)


@dataclass(frozen=True)
class FloodOptions:
    """The settings of one :func:`flood_zones` run (see the module docstring for the rules)."""

    # increasing heights (m), or a text for parse_thresholds. Default 1, 2, 3 m: an assumption of the
    # plugin (Annahme, issue 5), no legal or guideline value and not a flood level
    thresholds: tuple = (1.0, 2.0, 3.0)
    max_distance: float = 1000.0         # m: farther cells get no height and no zone (Annahme / assumption)
    smooth: bool = True                  # robust monotone fit of the level (else: the DEM value)
    calibrate: bool = True               # fit the height on the official zones when they are given
    reference: str = "nearest"           # each cell's river cell: "nearest" or "flow" (its flow path)
    rasterize: object = None             # as CorridorOptions.rasterize (the official zone on the grid)
    flags: bool = True                   # flag where the terrain cannot tell (kernels/flood_terrain.py)


@dataclass(frozen=True)
class FloodLayers:
    """The optional layers of one :func:`flood_zones` run (shapely geometries in the DEM's CRS)."""

    floodplain: object = None        # official zone polygons (zone 0), or None
    exposure: object = None          # polygons or points to tabulate per zone, or None
    exposure_classes: object = None  # one class value per exposure feature; None: class ``all``
    against_flow: object = None      # one flag per river line: True = digitised against the flow
    river_classes: object = None     # one class value per river line; None: Strahler order


@dataclass
class FloodResult:
    """What :func:`flood_zones` returns (see the module docstring for the rules)."""

    zones: pd.DataFrame            # zone, threshold_m (NaN for 0), area_m2, outside_official_m2; area > 0
    geometries: np.ndarray         # MultiPolygon per row of ``zones``
    height: Grid                   # relative height, float32, NaN = nodata (whole DEM grid; None when tiled)
    zone_grid: Grid                # uint8 zone per cell (0 = none), whole DEM grid
    exposure: pd.DataFrame         # EXPOSURE_COLUMNS
    zone_areas: dict               # zone (int) -> m², every zone incl. empty ones
    warnings: list = field(default_factory=list)  # (template, params) tuples
    stats: dict = field(default_factory=dict)
    calibration: object = None     # flood_calibration.COLUMNS per river class, or None (no fit)
    flags: object = None           # Grid: uint8 terrain flags (flood_terrain) where there is a height, or None


# --------------------------------------------------------------------------- parameters

THRESHOLDS_EMPTY = N_("THRESHOLDS is empty. Enter heights in metres above the river, greater than 0 and "
                      "increasing, separated by commas, e.g. 1,2,3 (with decimals: 0.5,1,2 or 0,5;1;2).")
THRESHOLD_NOT_A_NUMBER = N_("THRESHOLDS: '{part}' is not a number. Enter heights in metres separated by "
                            "commas, e.g. 1,2,3 (with decimals: 0.5,1,2 or 0,5;1;2).")
THRESHOLD_NOT_POSITIVE = N_("THRESHOLDS: {part} is not a height greater than 0. Enter heights in "
                            "metres above the river, e.g. 1,2,3.")
THRESHOLDS_NOT_INCREASING = N_("THRESHOLDS must increase from zone 1 on: {value:g} follows {previous:g}. "
                               "Enter them in increasing order, e.g. 1,2,3.")


def parse_thresholds(text):
    """The thresholds of the text *text* as a tuple of floats; raises :class:`KernelError`.

    Separators: ``;`` when the text holds one (then ``,`` is a decimal comma, as in
    German ``0,5;1;2``), else ``,``; blanks around numbers are ignored.
    """
    raw = "" if text is None else str(text).strip()
    if not raw:
        raise KernelError(THRESHOLDS_EMPTY)
    semicolon = ";" in raw
    parts = raw.split(";") if semicolon else raw.split(",")
    values = []
    for part in parts:
        part = part.strip()
        try:
            value = float(part.replace(",", ".") if semicolon else part)
        except ValueError:
            raise KernelError(THRESHOLD_NOT_A_NUMBER, part=part) from None
        if not math.isfinite(value) or value <= 0:
            raise KernelError(THRESHOLD_NOT_POSITIVE, part=part)
        values.append(value)
    check_thresholds(values)
    return tuple(values)


def check_thresholds(values):
    """Raise :class:`KernelError` unless *values* are positive, finite and increasing."""
    values = [float(v) for v in values]
    if not values:
        raise KernelError(THRESHOLDS_EMPTY)
    for value in values:
        if not math.isfinite(value) or value <= 0:
            raise KernelError(THRESHOLD_NOT_POSITIVE, part=f"{value:g}")
    for previous, value in zip(values, values[1:]):
        if value <= previous:
            raise KernelError(THRESHOLDS_NOT_INCREASING, value=value, previous=previous)
    if len(values) > MAX_ZONES:
        raise KernelError(N_("THRESHOLDS: at most {max} zones are possible, not {count}."),
                          max=MAX_ZONES, count=len(values))


# --------------------------------------------------------------------------- rivers on the grid

class RiverCells(NamedTuple):
    """What :func:`rasterize_rivers` returns: the river cells, their water levels and counts."""

    flat: np.ndarray    # unique flat indices (row * cols + col) of the river cells
    levels: np.ndarray  # the water level of each
    info: dict          # lines, lines_outside, lines_partly_outside, lines_rising, vertices
    classes: object = None  # the river class code of each (flood_calibration), or None
    class_names: tuple = ()  # the name of each class code


class _Vertices(NamedTuple):
    """The densified river vertices: line index, cell, DEM value (NaN off the DEM or on nodata) and
    the length of line each stands for (half of each adjacent segment)."""

    line: np.ndarray
    row: np.ndarray
    col: np.ndarray
    value: np.ndarray
    weight: np.ndarray


def _exploded(parts, owner):
    """*parts* with multi-geometries and (up to four levels of nested) collections split, and the
    *owner* (input line) of each."""
    for _ in range(4):  # nested collections
        multi = shapely.get_type_id(parts) >= 4
        if not multi.any():
            break
        parts, index = shapely.get_parts(parts, return_index=True)
        owner = owner[index]
    return parts, owner


def _line_parts(lines, against=None):
    """Non-empty LineStrings of *lines* (multi-parts split, order kept), each pointing downstream.

    *against*: one flag per line, True where it is digitised against the flow (its parts are
    reversed), or None (every line is taken as digitised downstream). Returns ``(parts, reversed,
    owner)``: *owner* is the index in *lines* of each part.
    """
    geoms = np.asarray(lines if lines is not None else [], dtype=object).reshape(-1)
    if len(geoms) == 0:
        return geoms, 0, np.empty(0, dtype=np.int64)
    flags = np.zeros(len(geoms), dtype=bool) if against is None else np.asarray(against, dtype=bool).reshape(-1)
    if len(flags) != len(geoms):
        raise ValueError("against: one flag per river line expected")
    present = np.flatnonzero(~shapely.is_missing(geoms))
    geoms, flags = geoms[present].copy(), flags[present]
    if flags.any():
        geoms[flags] = shapely.reverse(geoms[flags])
    parts, index = shapely.get_parts(geoms, return_index=True)
    parts, owner = _exploded(parts, present[index])
    keep = np.isin(shapely.get_type_id(parts), (1, 2)) & ~shapely.is_empty(parts)
    keep[keep] = shapely.length(parts[keep]) > 0  # a line of one repeated point crosses nothing
    return parts[keep], int(flags.sum()), owner[keep]


def flow_flags(values):
    """Per river line: True where the flow-direction value says 'digitised against the flow'.

    The values follow ATKIS Basis-DLM AX_Gewaesserachse ``fliessrichtung`` (FLR, Boolean):
    true = the water flows in digitising direction, false = against it. Accepted: booleans,
    numbers (non-zero = true) and the yes/no words of :func:`kernels.tables.parse_flag`
    (true/false, t/f, 1/0, yes/no, ja/nein, wahr/falsch, any case). Returns ``(against, unknown)``: the flags and how many values were none of
    these (NULL included); those lines keep their digitising direction.
    """
    against, unknown = [], 0
    for value in values:
        flag = _truth(value)
        unknown += flag is None
        against.append(flag is False)
    return np.array(against, dtype=bool), unknown


def _truth(value):
    """True, False or None (unknown) for one flow-direction value."""
    if value is None or isinstance(value, (bool, np.bool_)):
        return None if value is None else bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return None if value != value else value != 0
    return parse_flag(value)


def rasterize_rivers(dem, lines, smooth=True, run=None, against=None, *, classes=None):
    """River cells and their water levels on the grid *dem*.

    *against*: per line, True where it is digitised against the flow (see :func:`flow_flags`);
    None: all lines are taken as digitised downstream. Returns a :class:`RiverCells`
    ``(flat, levels, info)``: unique flat indices (``row * cols + col``) of the river cells,
    the level of each, and a dict with ``lines``, ``lines_outside`` (wholly off the DEM or its
    data), ``lines_partly_outside``, ``lines_rising`` (see :data:`RISE_WARNING_M`),
    ``lines_reversed`` and ``vertices``. *classes*: None, ``"strahler"`` or one class value per
    line: the river class of each cell (:mod:`.flood_calibration`) is added.
    """
    parts, flipped, owner = _line_parts(lines, against)
    info = {"lines": int(len(parts)), "lines_outside": 0, "lines_partly_outside": 0,
            "lines_rising": 0, "lines_reversed": flipped, "vertices": 0}
    if len(parts) == 0:
        return RiverCells(np.empty(0, np.int64), np.empty(0), info)
    vertices = _river_vertices(dem, parts, run)
    info["vertices"] = int(len(vertices.line))
    valid = np.isfinite(vertices.value)
    info.update(_clipped_lines(vertices.line, valid, len(parts)))
    info["lines_rising"] = _rising_lines(vertices, valid)
    net = _network(vertices, len(parts))
    level = network_levels(vertices, len(parts), run, net=net) if smooth else vertices.value
    keep = valid & np.isfinite(level)
    cell = vertices.row[keep] * dem.shape[1] + vertices.col[keep]
    flat, level = _lowest_per_cell(cell, level[keep])
    if classes is None:
        return RiverCells(flat, level, info)
    found = _line_classes(classes, owner, net)
    return RiverCells(flat, level, info, _highest_per_cell(flat, cell, found.codes[vertices.line[keep]]),
                      found.names)


def _line_classes(classes, owner, net):
    """The :class:`~.flood_calibration.RiverClasses` of the line parts: Strahler orders on the network
    *net*, or the class values of their input lines (*owner*)."""
    from .flood_calibration import classes_from_orders, classes_from_values, strahler_orders

    if isinstance(classes, str):
        return classes_from_orders(strahler_orders(len(owner), net.up, net.down))
    values = np.asarray(list(classes), dtype=object)
    return classes_from_values(values[owner])


def _highest_per_cell(cells, flat, codes):
    """The highest class code per cell of *cells* (sorted, unique) among the vertices *flat*."""
    found = np.full(len(cells), -1, dtype=np.int64)
    np.maximum.at(found, np.searchsorted(cells, flat), codes)
    return found.astype(np.int16)


def _river_vertices(dem, parts, run):
    """The vertices of the lines *parts* densified to half a cell, with their cells, DEM values and
    the length of line each stands for."""
    dense = shapely.segmentize(parts, 0.5 * min(dem.dx, dem.dy))
    coords, line = shapely.get_coordinates(dense, return_index=True)
    if run is not None:
        run.check()
    row, col = dem.cell_of(coords[:, 0], coords[:, 1])
    inside = dem.inside(row, col)
    value = np.full(len(coords), np.nan)
    value[inside] = dem.sample(row[inside], col[inside])
    seg = np.hypot(*np.diff(coords, axis=0).T) * (line[1:] == line[:-1])  # 0 between two lines
    weight = 0.5 * (np.r_[0.0, seg] + np.r_[seg, 0.0])
    return _Vertices(line, row, col, value, weight)


def _clipped_lines(line, valid, n_lines):
    """How many lines lie wholly and partly off the DEM or its data (*valid*: per vertex)."""
    valid_per_line = np.bincount(line, weights=valid, minlength=n_lines)
    total_per_line = np.bincount(line, minlength=n_lines)
    return {"lines_outside": int((valid_per_line == 0).sum()),
            "lines_partly_outside": int(((valid_per_line > 0) & (valid_per_line < total_per_line)).sum())}


def _rising_lines(vertices, valid):
    """How many lines end more than :data:`RISE_WARNING_M` above their first valid DEM value."""
    vidx = np.flatnonzero(valid)
    if len(vidx) == 0:
        return 0
    vline = vertices.line[vidx]                   # non-decreasing: vertices come line by line
    group_start = np.r_[True, vline[1:] != vline[:-1]]
    group_end = np.r_[vline[1:] != vline[:-1], True]
    rise = vertices.value[vidx[group_end]] - vertices.value[vidx[group_start]]
    return int(np.sum(rise > RISE_WARNING_M))


def _lowest_per_cell(flat, level):
    """One level per cell, the lowest of its vertices: (cells in increasing order, levels)."""
    order = np.lexsort((level, flat))
    flat, level = flat[order], level[order]
    first_of_cell = np.r_[True, flat[1:] != flat[:-1]] if len(flat) else np.zeros(0, dtype=bool)
    return flat[first_of_cell], level[first_of_cell]


def isotonic_l1(values, weights):
    """The non-increasing sequence closest to *values* in weighted L1 (least absolute deviations).

    Pool adjacent violators with weighted medians (Robertson, Wright & Dykstra 1988, ch. 1;
    Chakravarti 1989, "Isotonic median regression"): scanning downstream, a sample higher than the
    block before it is pooled with that block, and every block takes the weighted median of its
    samples (the lowest value at which the cumulative weight of the sorted samples reaches half of
    the block's weight, so equal inputs give equal outputs). A smaller block is inserted into the
    larger one, whose median index moves with the insertions: O(n log n) overall.
    Returns a float array like *values*.
    """
    blocks = []  # [sorted values, their weights, total weight, median index, weight below it, samples]
    for v, w in zip(np.asarray(values, dtype=float).tolist(), np.asarray(weights, dtype=float).tolist()):
        block = [[v], [w], w, 0, 0.0, 1]
        while blocks and blocks[-1][0][blocks[-1][3]] < block[0][block[3]]:
            block = _pooled(blocks.pop(), block)
        blocks.append(block)
    return np.repeat([b[0][b[3]] for b in blocks], [b[5] for b in blocks]).astype(float)


def _pooled(first, second):
    """The block of the samples of the blocks *first* and *second* (see :func:`isotonic_l1`)."""
    big, small = (first, second) if len(first[0]) >= len(second[0]) else (second, first)
    vals, wts, total, m, below, _ = big
    for v, w in zip(small[0], small[1]):
        at = bisect.bisect_right(vals, v)
        vals.insert(at, v)
        wts.insert(at, w)
        total += w
        if at <= m:
            m += 1
            below += w
    half = 0.5 * total
    while below + wts[m] < half and m < len(wts) - 1:
        below += wts[m]
        m += 1
    while m > 0 and below >= half:
        m -= 1
        below -= wts[m]
    return [vals, wts, total, m, below, first[5] + second[5]]


class _Network(NamedTuple):
    """The lines as a network: first and last vertex of each, downstream successor, predecessors."""

    starts: np.ndarray  # first vertex of each line (-1: no vertices)
    ends: np.ndarray    # last vertex of each line
    succ: np.ndarray    # the line each flows into (-1: none); the lowest index of several
    preds: dict         # line -> lines flowing into its start
    up: np.ndarray      # the edges line up[i] -> down[i] (end cell of up = start cell of down)
    down: np.ndarray


def network_levels(vertices, n_lines, run=None, *, net=None):
    """Water level of every vertex: a robust monotone fit of the DEM values along the network.

    The network is cut into chains by the main-stem rule: the line a line flows into is the one
    starting in the cell where it ends (node matching by cell, the lowest index when several do);
    the longest path from a source to its outlet is the first chain, then the longest path of the
    rest up to where it joins a chain, and so on (ties: lower line index first). Along each chain
    the level is :func:`isotonic_l1` of the DEM values of its cells (consecutive vertices in one
    cell count once, weighted by the length of line they stand for); a chain joining another is
    kept at or above the level of the other at the junction, a chain leaving another (a branch
    or a loop) at or below it. Vertices off the DEM or on nodata get NaN. *net*: the
    :func:`_network` of the vertices when the caller has it.
    """
    net = net or _network(vertices, n_lines)
    length = np.bincount(vertices.line, weights=vertices.weight, minlength=n_lines)
    level = np.full(len(vertices.line), np.nan)
    done = np.zeros(n_lines, dtype=bool)
    for count, (chain, joins) in enumerate(_chains(net, length)):
        if run is not None and count % 256 == 0:
            run.check()
        idx = np.concatenate([np.arange(net.starts[i], net.ends[i] + 1) for i in chain])
        fit = _chain_fit(vertices, idx)
        low, high = _bounds(level, net, chain[0], joins, done)
        level[idx] = np.minimum(np.maximum(fit, low), high)
        done[chain] = True
    level[~np.isfinite(vertices.value)] = np.nan
    return level


def _network(vertices, n_lines):
    """The :class:`_Network` of the vertices (lines come one after the other)."""
    line = vertices.line
    first = np.r_[0, np.flatnonzero(np.diff(line)) + 1]
    last = np.r_[first[1:] - 1, len(line) - 1]
    starts = np.full(n_lines, -1, dtype=np.int64)
    ends = np.full(n_lines, -2, dtype=np.int64)
    starts[line[first]] = first
    ends[line[first]] = last
    up, down = _network_edges(vertices, first, last, n_lines)
    succ = np.full(n_lines, -1, dtype=np.int64)
    order = np.lexsort((down, up))[::-1]            # per upstream line the lowest downstream one last
    succ[up[order]] = down[order]
    preds = {}
    for u, d in zip(up.tolist(), down.tolist()):
        preds.setdefault(d, []).append(u)
    return _Network(starts, ends, succ, preds, up, down)


def _chains(net, length):
    """Yield ``(chain, joins)``: the lines of each chain from upstream down (main-stem rule of
    :func:`network_levels`), and the line the chain flows into (-1: none)."""
    n = len(net.succ)
    total = _lengths_to_outlet(net.succ, length)
    has_data = net.starts >= 0
    sources = [i for i in range(n) if has_data[i] and i not in net.preds]
    heads = sorted(sources, key=lambda i: (-total[i], i)) + [i for i in range(n) if has_data[i]]
    claimed = ~has_data
    for head in heads:
        chain, line = [], head
        while line >= 0 and not claimed[line]:
            claimed[line] = True
            chain.append(line)
            line = int(net.succ[line])
        if chain:
            yield chain, line


def _lengths_to_outlet(succ, length):
    """Per line the length of the path from its start down to the outlet (a loop is followed once)."""
    total = np.full(len(succ), np.nan)
    for start in range(len(succ)):
        path, seen, line = [], set(), start
        while line >= 0 and np.isnan(total[line]) and line not in seen:
            seen.add(line)
            path.append(line)
            line = int(succ[line])
        acc = total[line] if line >= 0 and line not in seen else 0.0
        for item in reversed(path):
            acc += length[item]
            total[item] = acc
    return total


def _chain_fit(vertices, idx):
    """:func:`isotonic_l1` along the vertices *idx* of one chain, per vertex (NaN off the DEM)."""
    fit = np.full(len(idx), np.nan)
    ok = np.flatnonzero(np.isfinite(vertices.value[idx]))
    if len(ok) == 0:
        return fit
    sel = idx[ok]
    key = _cell_keys(vertices.row[sel], vertices.col[sel])
    first = np.r_[0, np.flatnonzero(key[1:] != key[:-1]) + 1]
    samples = isotonic_l1(vertices.value[sel][first], np.add.reduceat(vertices.weight[sel], first))
    fit[ok] = np.repeat(samples, np.diff(np.r_[first, len(sel)]))
    return fit


def _bounds(level, net, head, joins, done):
    """(lower, upper) bound of a chain's level: the level where it joins a fitted chain, and the
    lowest end level of the fitted lines flowing into its head (-inf / inf: none)."""
    low, high = -np.inf, np.inf
    if joins >= 0 and done[joins]:
        low = _first_finite(level[net.starts[joins]:net.ends[joins] + 1], low)
    for up in net.preds.get(head, []):
        if done[up]:
            high = min(high, _first_finite(level[net.starts[up]:net.ends[up] + 1][::-1], high))
    return low, high


def _first_finite(values, default):
    finite = values[np.isfinite(values)]
    return float(finite[0]) if len(finite) else default


def _cell_keys(row, col):
    """One integer per cell, valid also for cells off the grid (so lines continue outside the DEM)."""
    span = 1 << 31
    return (row + span // 2) * span + (col + span // 2)


def _network_edges(vertices, starts, ends, n_lines):
    """Edges upstream line u -> downstream line d (end cell of u == start cell of d), sorted by d."""
    present = vertices.line[starts]
    start_key = np.full(n_lines, -1, dtype=np.int64)
    end_key = np.full(n_lines, -2, dtype=np.int64)
    start_key[present] = _cell_keys(vertices.row[starts], vertices.col[starts])
    end_key[present] = _cell_keys(vertices.row[ends], vertices.col[ends])
    order = np.argsort(start_key, kind="stable")
    sorted_keys = start_key[order]
    lo = np.searchsorted(sorted_keys, end_key, side="left")
    hi = np.searchsorted(sorted_keys, end_key, side="right")
    counts = hi - lo
    up = np.repeat(np.arange(n_lines), counts)
    within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    down = order[np.repeat(lo, counts) + within]
    keep = up != down
    up, down = up[keep], down[keep]
    by_down = np.argsort(down, kind="stable")
    return up[by_down], down[by_down]


# --------------------------------------------------------------------------- grid computations

class _Reach(NamedTuple):
    """The window of the DEM within reach of the river cells, with the river cells on it."""

    window: tuple       # (r0, r1, c0, c1): rows and columns of the DEM
    river: np.ndarray   # bool: the river cells
    level: np.ndarray   # float64: the water level on the river cells, NaN elsewhere
    tag: object         # int16: a tag of each river cell (-1 elsewhere), or None


class Heights(NamedTuple):
    """What :func:`relative_height` returns."""

    window: tuple       # (r0, r1, c0, c1): rows and columns of the DEM
    height: np.ndarray  # float32 relative height on the window, NaN = nodata or beyond max_distance
    river: np.ndarray   # bool: the river cells of the window
    ref_tag: object     # int16: the tag of each cell's reference river cell (-1: no height), or None


def _padded(shape, first, last, pads):
    """(r0, r1, c0, c1): the cells from *first* to *last* (row, col; inclusive) grown by *pads* (rows,
    cols) and clipped to a grid of *shape*."""
    return (max(first[0] - pads[0], 0), min(last[0] + pads[0] + 1, shape[0]),
            max(first[1] - pads[1], 0), min(last[1] + pads[1] + 1, shape[1]))


def _pads(max_distance, dx, dy):
    """Rows and columns within *max_distance* of a cell, plus one."""
    return int(math.ceil(max_distance / dy)) + 1, int(math.ceil(max_distance / dx)) + 1


def reach_window(shape, geotransform, rivers, max_distance):
    """The rows and columns of a DEM the flood zones need: ``(r0, r1, c0, c1)``, or None.

    The DEM is only described, not read: *shape* (rows, cols) and its GDAL *geotransform*
    (north-up). The window is the cells of the bounding box of the *rivers* (shapely lines in
    the DEM's CRS) grown by *max_distance* as :func:`relative_height` grows it, clipped to the
    DEM, so it holds the window of every river cell: a run on the window gives the same heights
    and zones as on the whole DEM (farther cells have none). None when the window misses the DEM
    or there are no lines.
    """
    x0, dx, _, y0, _, ndy = geotransform
    geoms = np.asarray(rivers if rivers is not None else [], dtype=object).reshape(-1)
    geoms = geoms[present_mask(geoms)] if len(geoms) else geoms
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms) if len(geoms) else (np.nan,) * 4
    if not np.isfinite([xmin, ymin, xmax, ymax]).all():
        return None
    grid = Grid(np.empty((0, 0)), x0, y0, dx, -ndy)
    rows, cols = grid.cell_of([xmin, xmax], [ymax, ymin])
    window = _padded(shape, (int(rows[0]), int(cols[0])), (int(rows[1]), int(cols[1])),
                     _pads(max_distance, dx, -ndy))
    return window if window[0] < window[1] and window[2] < window[3] else None


def river_window(dem, cells, max_distance):
    """``(r0, r1, c0, c1)``: the bounding box of the :class:`RiverCells` *cells* padded by *max_distance*,
    clipped to *dem* (the window both the one-piece and the tiled run compute on)."""
    rr, cc = np.divmod(cells.flat, dem.shape[1])
    return _padded(dem.shape, (int(rr.min()), int(cc.min())), (int(rr.max()), int(cc.max())),
                   _pads(max_distance, dem.dx, dem.dy))


def _reach(dem, cells, max_distance, tags=None):
    """The :class:`_Reach` of the :class:`RiverCells` *cells* on their :func:`river_window`; *tags*: one
    int16 per river cell, or None."""
    rr, cc = np.divmod(cells.flat, dem.shape[1])
    r0, r1, c0, c1 = river_window(dem, cells, max_distance)
    river = np.zeros((r1 - r0, c1 - c0), dtype=bool)
    river[rr - r0, cc - c0] = True
    level = np.full(river.shape, np.nan, dtype=np.float64)
    level[rr - r0, cc - c0] = cells.levels
    tag = None
    if tags is not None:
        tag = np.full(river.shape, -1, dtype=np.int16)
        tag[rr - r0, cc - c0] = tags
    return _Reach((r0, r1, c0, c1), river, level, tag)


def nearest_river_cell(values, river, dx, dy):
    """The reference river cell of every cell: the nearest one (:func:`nearest_river`; *values*, the
    DEM on the window, is not used). Any function with this signature can be the ``reference`` of
    :func:`relative_height`."""
    del values
    return nearest_river(river, dx, dy)


def flow_path_river_cell(values, river, dx, dy):
    """The reference river cell of every cell: the one its flow path drains to
    (:func:`kernels.flood_terrain.flow_path_reference`); the signature of :func:`nearest_river_cell`."""
    from .flood_terrain import flow_path_reference

    return flow_path_reference(values, river, spacing=(dy, dx))


#: FloodOptions.reference -> how a cell finds its river cell
REFERENCES = {"nearest": nearest_river_cell, "flow": flow_path_river_cell}


def relative_height(dem, cells, max_distance, *, run=None, span=(0.0, 100.0), reference=None, tags=None):
    """Relative height (float32) on the window of *dem* within reach of the river *cells*.

    *cells*: the :class:`RiverCells` of :func:`rasterize_rivers`; *reference*: how each cell finds
    its river cell (default :func:`nearest_river_cell`); *tags*: one int16 per river cell carried
    to the cells measured from it, or None. Returns :class:`Heights`; progress goes from
    ``span[0]`` to ``span[1]``.
    """
    run = run or Run(None, None)
    reach = _reach(dem, cells, max_distance, tags)
    run.check()
    r0, r1, c0, c1 = reach.window
    values = dem.values[r0:r1, c0:c1]
    nearest = (reference or nearest_river_cell)(values, reach.river, dem.dx, dem.dy)
    run.report(span[0] + 0.6 * (span[1] - span[0]))
    height = heights_from_nearest(values, reach.level, nearest, (dem.dx, dem.dy), max_distance, run=run,
                                  span=(span[0] + 0.6 * (span[1] - span[0]), span[1]))
    ref_tag = None if reach.tag is None else _tags_from_nearest(reach.tag, nearest, height)
    return Heights(reach.window, height, reach.river, ref_tag)


def _tags_from_nearest(tag, nearest, height):
    """The *tag* (int16 on the grid of *nearest*) of each cell's reference river cell; -1 without height."""
    out = np.empty(height.shape, dtype=np.int16)
    tag_flat, cols = tag.ravel(), tag.shape[1]
    block_rows = max(1, BLOCK_CELLS // max(height.shape[1], 1))
    for b0 in range(0, height.shape[0], block_rows):
        b1 = b0 + block_rows
        found = tag_flat[nearest[0, b0:b1].astype(np.int64) * cols + nearest[1, b0:b1]]
        out[b0:b1] = np.where(np.isnan(height[b0:b1]), -1, found)
    return out


def nearest_river(river, dx, dy):
    """Row and column (int32, shape ``(2, rows, cols)``) of the nearest True cell of *river* per cell.

    Euclidean distance between cell centres in metres (``distance_transform_edt`` with the cell size
    as sampling; indices only: the distances are computed per row block by
    :func:`heights_from_nearest` in float64, which needs far less memory than scipy's own).
    """
    from scipy import ndimage

    return ndimage.distance_transform_edt(~river, sampling=(dy, dx), return_distances=False,
                                          return_indices=True)


def heights_from_nearest(values, level, nearest, spacing, max_distance, *, offset=(0, 0), run=None,
                         span=(0.0, 100.0)):
    """DEM - level of the *nearest* river cell, float32, row block by row block.

    *values*: the DEM on the cells wanted (float64, NaN = nodata); *level*: the water level on the
    grid of the distance transform (NaN off the river); *nearest*: :func:`nearest_river` of that grid
    for the cells of *values*, whose cell (0, 0) lies at *offset* (row, col) on that grid;
    *spacing*: (dx, dy). NaN beyond *max_distance*.
    """
    run = run or Run(None, None)
    dx, dy = spacing
    wr, wc = values.shape
    height = np.empty((wr, wc), dtype=np.float32)
    max_d2 = float(max_distance) ** 2
    level_flat, level_cols = level.ravel(), level.shape[1]
    col_index = np.arange(wc) + offset[1]
    block_rows = max(1, BLOCK_CELLS // max(wc, 1))
    for b0 in range(0, wr, block_rows):
        run.check()
        b1 = min(b0 + block_rows, wr)
        ny = nearest[0, b0:b1].astype(np.int64)
        nx = nearest[1, b0:b1].astype(np.int64)
        d2 = (((ny - np.arange(b0 + offset[0], b1 + offset[0])[:, None]) * dy) ** 2
              + ((nx - col_index[None, :]) * dx) ** 2)
        h = values[b0:b1] - level_flat[ny * level_cols + nx]
        h[d2 > max_d2 * (1 + 1e-12)] = np.nan
        height[b0:b1] = h
        run.report(span[0] + b1 / wr * (span[1] - span[0]))
    return height


def below(height, threshold):
    """The cells whose relative *height* is at most *threshold* (False where it is NaN)."""
    with np.errstate(invalid="ignore"):
        return (height <= np.float32(threshold)) & ~np.isnan(height)


def zone_raster(height, river, thresholds, run=None):
    """uint8 zone of every cell (0 = none) by the connectivity rule of the module docstring."""
    run = run or Run(None, None)
    zones = np.zeros(height.shape, dtype=np.uint8)
    with np.errstate(invalid="ignore"):
        for k, threshold in enumerate(thresholds, start=1):
            run.check()
            new = connected_to_river(below(height, threshold), river)
            new &= zones == 0
            zones[new] = k
    return zones


def connected_to_river(qualifies, river):
    """Bool: the cells that qualify (river cells always do) and are 8-connected to a river cell
    through qualifying cells (a diagonal step counts)."""
    from scipy import ndimage

    labels, count = ndimage.label(qualifies | river, structure=np.ones((3, 3), dtype=bool))
    keep = np.zeros(count + 1, dtype=bool)
    keep[labels[river]] = True
    keep[0] = False
    return keep[labels]


# --------------------------------------------------------------------------- memory

#: Bytes per cell of the DEM window at the peak of a run, counted from the code. The peak is the
#: height pass (:func:`heights_from_nearest`): the DEM (float64, 8), the river mask (bool, 1), the
#: levels (float64, 8, :class:`_Reach`), the nearest river cell of every cell (2 × int32 = 8,
#: ``distance_transform_edt`` with ``return_indices``) and the heights (float32, 4) = 29. The other
#: stages hold less: reading (band values up to 8 + float64 8 + masks 3 = 19), the distance
#: transform (DEM, mask, levels 17 + ~mask 1 + scipy's int64 copy of it 8 + int8 copy 1 = 27, then
#: the indices 8 instead of the int64 copy), the zones (DEM 8, heights 4, mask 1, zones 1,
#: labels 4, or 8 from 2**31 cells, masks 4 = 26), the result on the window (heights 4 + zones 1 twice,
#: DEM, mask = 19) and writing it (DEM 8, heights 4, zones 1, masks and a float32 copy 9 = 22).
#: The river vertices (about 150 B each, two per cell of line) stay below 1 B per cell for a
#: river network of a few km per km² and are left out. Measured (peak resident memory of
#: flood_zones, one river down the middle, every cell within MAX_DISTANCE): 30.5 B per cell on
#: 6000 × 6000 cells and 36.8 on 3000 × 3000, the row block included (estimate: 33.2 and 45.8).
BYTES_PER_CELL = 29
#: Bytes per cell at the peak of the optional stages, counted the same way (their peaks do not overlap
#: the height pass, so a run needs the largest of them): the fit to the official zones (DEM 8, heights 4,
#: river and zone masks 2, reference tags 2, official cells 1, height bins 4, class codes 2, masks 4,
#: labels 4, calibrated zone 1 = 32; the height pass with tags 31), the terrain flags (DEM 8, heights 4,
#: masks and zones 2, tags 2, and the 28 B per cell :func:`kernels.flood_terrain.terrain_flags` holds,
#: measured on 16 M cells = 44) and the flow-path reference (DEM 8, river 1, levels 8, heights 4 and the
#: 36 B per cell of :data:`kernels.flood_terrain.BYTES_PER_CELL` instead of the 8 of the nearest cell = 57).
STAGE_BYTES_PER_CELL = {"calibrate": 32, "flags": 44, "flow": 57}
#: the temporaries of one row block of the height pass (about ten int64/float64 arrays of
#: BLOCK_CELLS cells) and the libraries' own buffers (64 MB: Annahme / assumption)
FIXED_BYTES = 10 * 8 * BLOCK_CELLS + 64 * 2 ** 20


def estimate_memory(rows, cols, options=None):
    """Bytes a run on a DEM window of *rows* × *cols* cells needs at its peak: :data:`BYTES_PER_CELL`, or
    the largest :data:`STAGE_BYTES_PER_CELL` of the stages *options* (:class:`FloodOptions`) asks for."""
    stages = [] if options is None else [name for name, wanted in (
        ("calibrate", options.calibrate), ("flags", options.flags), ("flow", options.reference == "flow"))
        if wanted]
    per_cell = max([BYTES_PER_CELL] + [STAGE_BYTES_PER_CELL[name] for name in stages])
    return int(rows) * int(cols) * per_cell + FIXED_BYTES


# --------------------------------------------------------------------------- vectorising

class _Runs(NamedTuple):
    """Horizontal runs of cells of one value: row, first column, end column (exclusive), value."""

    row: np.ndarray
    c0: np.ndarray
    c1: np.ndarray
    value: np.ndarray


class _Rectangles(NamedTuple):
    """Rectangles of cells of one value: first row, end row (exclusive), first and end column, value."""

    top: np.ndarray
    bottom: np.ndarray
    c0: np.ndarray
    c1: np.ndarray
    value: np.ndarray


def polygonize_zones(values, x0, y0, dx, dy, *, run=None):
    """Polygons of the non-zero cells of the integer raster *values*, dissolved per value.

    Pure numpy/shapely: maximal horizontal runs of equal value become rectangles,
    rectangles with identical column range stacked in consecutive rows are merged,
    and the rectangles of each value are unioned. Returns ``(geometries, values)``
    with one (Multi)Polygon per value present, sorted by value.
    """
    values = np.asarray(values)
    rows, cols = values.shape
    if rows == 0 or cols == 0:
        return np.empty(0, dtype=object), np.empty(0, dtype=values.dtype)
    runs = _value_runs(values)
    if run is not None:
        run.check()
    rect = _stacked_runs(runs)
    boxes = shapely.box(x0 + rect.c0 * dx, y0 - rect.bottom * dy, x0 + rect.c1 * dx, y0 - rect.top * dy)
    return _dissolved(boxes, rect.value, values.dtype, run)


def _value_runs(values):
    """The maximal horizontal :class:`_Runs` of equal non-zero value of the raster *values*."""
    rows, cols = values.shape
    padded = np.zeros((rows, cols + 2), dtype=values.dtype)
    padded[:, 1:-1] = values
    change_r, change_c = np.nonzero(padded[:, 1:] != padded[:, :-1])  # boundary before column c
    # consecutive boundaries in one row delimit a run [c_i, c_{i+1})
    same_row = change_r[1:] == change_r[:-1]
    row, c0, c1 = change_r[:-1][same_row], change_c[:-1][same_row], change_c[1:][same_row]
    value = values[row, c0]
    nonzero = value != 0
    return _Runs(row[nonzero], c0[nonzero], c1[nonzero], value[nonzero])


def _stacked_runs(runs):
    """*runs* with the same (c0, c1, value) in consecutive rows merged into :class:`_Rectangles`."""
    order = np.lexsort((runs.row, runs.value, runs.c1, runs.c0))
    r, c0, c1, v = runs.row[order], runs.c0[order], runs.c1[order], runs.value[order]
    continues = np.r_[False, (c0[1:] == c0[:-1]) & (c1[1:] == c1[:-1])
                      & (v[1:] == v[:-1]) & (r[1:] == r[:-1] + 1)]
    first = np.flatnonzero(~continues)
    bottom = np.maximum.reduceat(r, first) + 1 if len(first) else first
    return _Rectangles(r[first], bottom, c0[first], c1[first], v[first])


def _dissolved(boxes, box_values, dtype, run):
    """The union of the *boxes* of each value, sorted by value: (MultiPolygons, values of *dtype*)."""
    out_geoms, out_values = [], []
    for value in np.unique(box_values):
        if run is not None:
            run.check()
        merged = shapely.union_all(boxes[box_values == value])
        out_geoms.append(_as_multipolygon(shapely.simplify(merged, 0.0)))
        out_values.append(value)
    return np.array(out_geoms, dtype=object), np.array(out_values, dtype=dtype)


def _as_multipolygon(geometry):
    """*geometry*'s polygons as one MultiPolygon (empty when it has none)."""
    parts = shapely.get_parts(geometry)
    parts = parts[shapely.get_type_id(parts) == 3] if len(parts) else parts
    return shapely.multipolygons(parts) if len(parts) else shapely.from_wkt("MULTIPOLYGON EMPTY")


def _polygon_parts(geoms):
    """Valid, non-empty single Polygons of *geoms* (repaired with make_valid)."""
    geoms = np.asarray(geoms if geoms is not None else [], dtype=object).reshape(-1)
    if len(geoms) == 0:
        return geoms, 0
    geoms = geoms[present_mask(geoms)]
    invalid = ~shapely.is_valid(geoms)
    repaired = int(invalid.sum())
    if repaired:
        geoms = geoms.copy()
        geoms[invalid] = shapely.make_valid(geoms[invalid])
    parts, _ = _exploded(*shapely.get_parts(geoms, return_index=True))
    parts = parts[(shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)] if len(parts) else parts
    return parts, repaired


def _polygonal(geoms):
    """Each geometry's polygons as one MultiPolygon (lines and points of repairs dropped)."""
    parts, owner = shapely.get_parts(geoms, return_index=True)
    for _ in range(4):
        multi = shapely.get_type_id(parts) >= 4
        if not multi.any():
            break
        sub, sub_owner = shapely.get_parts(parts[multi], return_index=True)
        parts = np.concatenate([parts[~multi], sub])
        owner = np.concatenate([owner[~multi], owner[multi][sub_owner]])
    keep = (shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)
    out = np.array([shapely.from_wkt("MULTIPOLYGON EMPTY")] * len(geoms), dtype=object)
    if keep.any():
        order = np.argsort(owner[keep], kind="stable")   # multipolygons() wants sorted indices
        kept_owner = owner[keep][order]
        present = np.unique(kept_owner)
        remap = np.searchsorted(present, kept_owner)
        out[present] = shapely.multipolygons(parts[keep][order], indices=remap)
    return out


def _subdivide(parts, part_zone, max_vertices=None):
    """Halve polygons with more than *max_vertices* vertices until none has: (pieces, zone).

    Each round cuts every too-large polygon at the middle of the longer side of
    its bounding box (two vectorised intersections), so the pieces of a polygon do
    not overlap and together are the polygon. Small pieces make the exposure
    overlay fast (an intersection costs the vertices of both operands).
    """
    max_vertices = max_vertices or MAX_VERTICES
    done, done_zone = [], []
    todo, todo_zone = parts, part_zone
    for _ in range(64):
        if len(todo) == 0:
            break
        big = shapely.get_num_coordinates(todo) > max_vertices
        done.append(todo[~big])
        done_zone.append(todo_zone[~big])
        todo, todo_zone = todo[big], todo_zone[big]
        if len(todo) == 0:
            break
        b = shapely.bounds(todo)
        wide = (b[:, 2] - b[:, 0]) >= (b[:, 3] - b[:, 1])
        mx = np.where(wide, 0.5 * (b[:, 0] + b[:, 2]), b[:, 2])
        my = np.where(wide, b[:, 3], 0.5 * (b[:, 1] + b[:, 3]))
        first = shapely.intersection(todo, shapely.box(b[:, 0], b[:, 1], mx, my))
        second = shapely.intersection(todo, shapely.box(np.where(wide, mx, b[:, 0]),
                                                        np.where(wide, b[:, 1], my), b[:, 2], b[:, 3]))
        halves = np.concatenate([first, second])
        zones = np.concatenate([todo_zone, todo_zone])
        pieces, owner = shapely.get_parts(halves, return_index=True)
        polygon = (shapely.get_type_id(pieces) == 3) & (shapely.area(pieces) > 0)
        todo, todo_zone = pieces[polygon], zones[owner[polygon]]
    done.append(todo)
    done_zone.append(todo_zone)
    return np.concatenate(done), np.concatenate(done_zone)


# --------------------------------------------------------------------------- exposure

class ZoneSet(NamedTuple):
    """The dissolved zones an exposure table is made for."""

    geometries: np.ndarray  # one MultiPolygon per zone
    ids: np.ndarray         # the zone of each (0 = official)
    grid: Grid              # uint8 estimated zone per cell (0 = none), for points


class Exposure(NamedTuple):
    """The exposure features: shapely geometries and one class value (str) per geometry."""

    geometries: np.ndarray
    classes: np.ndarray


def tabulate_exposure(zones, features, run=None):
    """The exposure table (:data:`EXPOSURE_COLUMNS`) of the :class:`Exposure` *features* in the
    :class:`ZoneSet` *zones*; see the module docstring.

    Returns ``(table, ignored)`` where *ignored* counts features neither polygonal
    nor points.
    """
    run = run or Run(None, None)
    features = Exposure(np.asarray(features.geometries, dtype=object).reshape(-1),
                        np.asarray(features.classes, dtype=object).reshape(-1))
    is_point, is_poly, ignored = _exposure_kinds(features.geometries)
    frames = []
    poly_idx = np.flatnonzero(is_poly)
    if len(poly_idx) and len(zones.geometries):
        frames.append(_polygon_exposure(zones, features, poly_idx, run))
    point_idx = np.flatnonzero(is_point)
    if len(point_idx):
        frames.extend(_point_exposure(zones, features, point_idx))
    return _exposure_table(frames), ignored


def _exposure_kinds(geoms):
    """(points, polygons, number of other non-empty geometries) of *geoms*: two masks and a count."""
    present = present_mask(geoms)
    types = np.full(len(geoms), -1)
    types[present] = shapely.get_type_id(geoms[present])
    is_point = np.isin(types, (0, 4))
    is_poly = np.isin(types, (3, 6))
    return is_point, is_poly, int((present & ~is_point & ~is_poly).sum())


def _polygon_exposure(zones, features, idx, run):
    """Per (zone, class): the area of the polygons *idx* inside the zone and how many share some."""
    polys = _repaired_polygons(features.geometries[idx])
    part_geoms, part_owner = shapely.get_parts(np.asarray(zones.geometries, dtype=object), return_index=True)
    pieces, piece_zone = _subdivide(part_geoms, np.asarray(zones.ids)[part_owner])
    run.check()
    feature, piece, area = _overlay_areas(polys, pieces, run)
    df = pd.DataFrame({"feature": idx[feature], "zone": piece_zone[piece], "area": area})
    df = df.groupby(["zone", "feature"], sort=False)["area"].sum().reset_index()
    df = df[df["area"] > TOUCH_AREA]
    df["class"] = features.classes[df["feature"].to_numpy()]
    return (df.groupby(["zone", "class"], sort=False)
            .agg(area_m2=("area", "sum"), count=("feature", "size")).reset_index())


def _repaired_polygons(polys):
    """*polys* with the invalid ones repaired (make_valid, polygonal parts only)."""
    invalid = ~shapely.is_valid(polys)
    if invalid.any():
        polys = polys.copy()
        polys[invalid] = _polygonal(shapely.make_valid(polys[invalid]))
    return polys


def _overlay_areas(polys, pieces, run):
    """(feature, piece, area of their intersection) for every pair of *polys* and *pieces* that intersect."""
    tree = shapely.STRtree(pieces)
    # pieces wholly inside a feature need no overlay: their area counts whole
    inner_f, inner_p = tree.query(polys, predicate="contains_properly")
    feature, piece = tree.query(polys, predicate="intersects")
    inner = np.zeros(len(feature), dtype=bool)
    if len(inner_f):
        pair = feature.astype(np.int64) * len(pieces) + piece
        inner = np.isin(pair, inner_f.astype(np.int64) * len(pieces) + inner_p)
    area = np.empty(len(feature))
    area[inner] = shapely.area(pieces[piece[inner]])
    cross = np.flatnonzero(~inner)
    for start in range(0, len(cross), CHUNK):
        run.check()
        sel = cross[start:start + CHUNK]
        area[sel] = shapely.area(shapely.intersection(polys[feature[sel]], pieces[piece[sel]]))
    return feature, piece, area


def _point_exposure(zones, features, idx):
    """Per (zone, class) the points *idx* inside: the zone of their cell; the official zone by
    intersection. A list of one frame, or none when no point lies in a zone."""
    pgeoms, powner = shapely.get_parts(features.geometries[idx], return_index=True)
    owner = idx[powner]
    xy = shapely.get_coordinates(pgeoms)
    zone = zones.grid.at(xy[:, 0], xy[:, 1], fill=0).astype(np.int64)
    rows = [pd.DataFrame({"feature": owner[zone > 0], "zone": zone[zone > 0]})]
    for geom, zone_id in zip(zones.geometries, zones.ids):
        if zone_id in (0, CALIBRATED_ZONE):  # polygons that are not cells of the zone grid
            inside = shapely.intersects(geom, pgeoms)
            rows.append(pd.DataFrame({"feature": owner[inside], "zone": zone_id}))
    df = pd.concat(rows, ignore_index=True).drop_duplicates(["feature", "zone"])
    if not len(df):
        return []
    df["class"] = features.classes[df["feature"].to_numpy()]
    agg = df.groupby(["zone", "class"], sort=False).agg(count=("feature", "size")).reset_index()
    agg["area_m2"] = 0.0
    return [agg]


def _exposure_table(frames):
    """The polygon and point *frames* summed per (zone, class), sorted, rows with count > 0."""
    if not frames:
        return _empty_exposure()
    table = pd.concat(frames, ignore_index=True)
    table = table.groupby(["zone", "class"], sort=True).agg(area_m2=("area_m2", "sum"),
                                                             count=("count", "sum")).reset_index()
    table = table[table["count"] > 0][list(EXPOSURE_COLUMNS)].reset_index(drop=True)
    table["zone"] = table["zone"].astype(np.int64)
    table["count"] = table["count"].astype(np.int64)
    table["area_m2"] = table["area_m2"].astype(float)
    return table


def _empty_exposure():
    return pd.DataFrame({"zone": pd.Series(dtype=np.int64), "class": pd.Series(dtype=object),
                         "area_m2": pd.Series(dtype=float), "count": pd.Series(dtype=np.int64)})


# --------------------------------------------------------------------------- the whole run

@dataclass(frozen=True)
class _Job:
    """One :func:`flood_zones` run as its stages see it; they append to *warnings* and *stats*."""

    dem: Grid
    options: FloodOptions  # checked: thresholds a tuple of floats
    run: Run
    warnings: list         # (template, params) tuples
    stats: dict
    official: object = None  # the official zone (MultiPolygon) to fit the height to, or None


class _ZoneGrids(NamedTuple):
    """Relative height and zones on the whole DEM grid, and the window they were computed on."""

    window: tuple       # (r0, r1, c0, c1)
    height: Grid        # float32, NaN = none (None: written elsewhere, kernels/flood_tiles.py)
    zones: Grid         # uint8 zone per cell, 0 = none (kernels/flood_tiles.py: read on demand)
    calibrated: object = None   # bool on the window: the calibrated zone (rivers without official zone), or None
    calibration: object = None  # the calibration table, or None
    flags: object = None        # Grid: uint8 terrain flags on the whole DEM (0 where no height), or None


class _Zones(NamedTuple):
    """The zones as :class:`FloodResult` lists them."""

    table: pd.DataFrame     # zone, threshold_m, area_m2, outside_official_m2 of the zones with area
    geometries: np.ndarray  # MultiPolygon per row of *table*
    areas: dict             # zone -> m², every zone incl. empty ones


def flood_zones(dem, rivers, options=None, layers=None, *, polygonize=None, progress=None,
                is_cancelled=None, log=None):
    """Flood-risk zones on the DEM grid; see the module docstring for every rule.

    *dem*: :class:`Grid` in a projected CRS in metres (NaN = nodata); *rivers*:
    shapely lines in the DEM's CRS, digitised downstream; *options*:
    :class:`FloodOptions` (None: the defaults); *layers*: :class:`FloodLayers`
    (official zones, exposure) or None. *polygonize*: ``f(values, x0, y0, dx, dy)
    -> (geometries, values)``, default :func:`polygonize_zones`. Raises
    :class:`KernelError` for user errors and :class:`Cancelled` when
    *is_cancelled* returns True; *log*: ``f(template, **params)`` naming each step
    for the user.
    """
    stage = functools.partial(_in_memory, polygonize=polygonize or polygonize_zones)
    return zones_by_stage(dem, rivers, options, layers, stage=stage, run=Run(progress, is_cancelled, log))


def zones_by_stage(dem, rivers, options, layers, *, stage, run):
    """:func:`flood_zones` with the grid stages given: *stage* ``f(job, cells) -> (_ZoneGrids, {zone:
    MultiPolygon})`` computes the height and zone grids and the estimated zones' polygons (the DEM in
    memory: :func:`_in_memory`; read by windows, tile by tile: ``kernels/flood_tiles.py``); *run*: a
    :class:`Run`.
    """
    job = _start(dem, options or FloodOptions(), run)
    layers = layers or FloodLayers()
    official = _official_zone(job, layers.floodplain)
    job = replace(job, official=official.get(0) if job.options.calibrate else None)
    cells = _burn_rivers(job, rivers, layers.against_flow,
                         classes=None if job.official is None else _classes(layers))
    grids, zone_geom = stage(job, cells)
    zone_geom.update(official)
    zones = _zone_list(job, zone_geom, official=layers.floodplain is not None)
    zones.table["flagged_m2"] = _flagged_areas(job, grids, zones.table["zone"].to_numpy())
    exposure = _exposure(job, zones, grids.zones, layers)
    job.stats["zones"] = {int(k): v for k, v in zones.areas.items()}
    job.run.report(100)
    return FloodResult(zones=zones.table, geometries=zones.geometries, height=grids.height,
                       zone_grid=grids.zones, exposure=exposure, zone_areas=zones.areas,
                       warnings=job.warnings, stats=job.stats,
                       calibration=grids.calibration, flags=grids.flags)


def _classes(layers):
    """The river classes for :func:`rasterize_rivers`: the layer's class values, else Strahler orders."""
    return "strahler" if layers.river_classes is None else layers.river_classes


def _start(dem, options, run):
    """The :class:`_Job` of a run: *options* checked (thresholds parsed), the DEM's cell size checked."""
    thresholds = options.thresholds
    if isinstance(thresholds, str):
        thresholds = parse_thresholds(thresholds)
    check_thresholds(thresholds)
    options = replace(options, thresholds=tuple(float(t) for t in thresholds))
    max_distance = options.max_distance
    if not (max_distance > 0 and math.isfinite(max_distance)):
        raise KernelError(N_("MAX_DISTANCE must be greater than 0 m (it is {value})."), value=max_distance)
    if dem.dx <= 0 or dem.dy <= 0:
        raise KernelError(N_("The DEM has no valid cell size. Use a north-up raster in a projected CRS."))
    if options.reference not in REFERENCES:
        raise ValueError(f"reference: one of {sorted(REFERENCES)} expected")
    return _Job(dem, options, run, [], {"cells": int(np.prod(dem.shape)), "cell_area": dem.dx * dem.dy})


def _burn_rivers(job, rivers, against, classes=None):
    """Stage 1: the :class:`RiverCells`; an error when there are none, warnings for clipped or rising lines."""
    job.run.step(0, N_("Burning the rivers into the DEM and following the water level downstream …"))
    cells = rasterize_rivers(job.dem, rivers, smooth=job.options.smooth, run=job.run, against=against,
                             classes=classes)
    info = cells.info
    job.stats.update(info)
    if info["lines"] == 0:
        raise KernelError(N_("The river layer has no lines. Choose a line layer with the river axes "
                             "(e.g. ATKIS AX_Gewaesserachse), or check its filter and selection."))
    if len(cells.flat) == 0:
        raise KernelError(N_("None of the {count} river lines crosses a DEM cell with data. Check that "
                             "the DEM covers the rivers (extent, nodata) and that both layers have the "
                             "right CRS."), count=info["lines"])
    if info["lines_outside"] or info["lines_partly_outside"]:
        job.warnings.append((N_("{partly} river lines lie partly and {outside} wholly outside the DEM or on "
                                "DEM nodata; only their parts on DEM data were used. Use a DEM covering the "
                                "whole river network for complete zones."),
                             {"partly": info["lines_partly_outside"], "outside": info["lines_outside"]}))
    if info["lines_rising"]:
        job.warnings.append((N_("{count} river lines end more than {rise:g} m higher than they start: are they "
                                "digitised upstream? The water level is taken as falling in (corrected) "
                                "digitising direction. Give FLOW_DIRECTION, or reverse such lines (Vector "
                                "geometry > Reverse line direction)."),
                             {"count": info["lines_rising"], "rise": RISE_WARNING_M}))
    job.stats["river_cells"] = int(len(cells.flat))
    return cells


def _in_memory(job, cells, *, polygonize):
    """Stages 2 to 4 on the DEM in memory: the :class:`_ZoneGrids` and the estimated zones' polygons."""
    grids = _zone_grids(job, cells)
    return grids, _estimated_zones(job, grids, polygonize)


def _zone_grids(job, cells):
    """Stages 2 and 3: relative height and zones on the window of the rivers, then on the whole DEM;
    the calibrated zone when the job has an official zone to fit to."""
    official = job.official
    job.run.step(10, N_("Computing each cell's height above the nearest river …"))
    tags = None if official is None else _river_tags(job.dem, cells, official)
    heights = relative_height(job.dem, cells, job.options.max_distance, run=job.run, span=(10, 45),
                              reference=REFERENCES[job.options.reference], tags=tags)
    window, height, river = heights.window, heights.height, heights.river
    job.stats["window"] = window
    zones = zone_raster(height, river, job.options.thresholds, job.run)
    calibrated = calibration = None
    if official is not None:
        official_cells = _official_cells(job.dem, window, official, job.options.rasterize)
        calibrated, calibration = _calibrate(job, heights, official_cells, cells.class_names)
    flags = _terrain_flags(job, window, height) if job.options.flags else None
    del river, heights
    job.run.step(55, N_("Turning the zones into polygons …"))
    cell_counts = np.bincount(zones.ravel(), minlength=len(job.options.thresholds) + 1)
    for k in range(1, len(job.options.thresholds) + 1):
        job.stats[f"cells_zone_{k}"] = int(cell_counts[k])
    height = _on_whole_dem(job.dem, window, height, np.nan)
    zones = _on_whole_dem(job.dem, window, zones, 0)
    flags = None if flags is None else job.dem.with_values(_on_whole_dem(job.dem, window, flags, 0))
    return _ZoneGrids(window, job.dem.with_values(height), job.dem.with_values(zones), calibrated, calibration,
                      flags)


def _terrain_flags(job, window, height):
    """Stage 3c (:mod:`.flood_terrain`): where the terrain cannot tell, on the cells with a height; the
    relief is judged over MAX_DISTANCE against the highest threshold."""
    from .flood_terrain import TerrainOptions, terrain_flags

    job.run.step(52, N_("Flagging where the terrain cannot separate the floodplain from the upland …"))
    r0, r1, c0, c1 = window
    options = TerrainOptions(relief_radius=job.options.max_distance, relief_height=max(job.options.thresholds))
    flags = terrain_flags(job.dem.values[r0:r1, c0:c1], job.dem.dx, job.dem.dy, options, run=job.run)
    flags[np.isnan(height)] = 0
    return flags


def _river_tags(dem, cells, official):
    """One int16 per river cell: (class code + 1) × 2 + 1 when its centre lies in the *official* zone."""
    x, y = dem.centre_of(*np.divmod(cells.flat, dem.shape[1]))
    gauged = points_inside(official, x, y)
    return ((cells.classes.astype(np.int32) + 1) * 2 + gauged).astype(np.int16)


def _official_cells(dem, window, official, rasterize):
    """Bool on the *window*: the cells whose centre lies in the *official* zone."""
    from .corridors import RasterFrame, rasterize_shapes

    r0, r1, c0, c1 = window
    frame = RasterFrame((r1 - r0, c1 - c0), dem.x0 + c0 * dem.dx, dem.y0 - r0 * dem.dy, dem.dx, dem.dy)
    burnt = (rasterize or rasterize_shapes)(frame, [official], np.array([1.0]), all_touched=False, fill=0,
                                            dtype=np.uint8)
    return np.asarray(burnt) == 1


def _calibrate(job, heights, official, names):
    """Stage 3b (:mod:`.flood_calibration`): the calibrated zone of the rivers without an official zone
    (bool on the window) and the calibration table; (None, None) with a warning when nothing can be fitted."""
    from .flood_calibration import Cells, fit_thresholds, height_bins, measures, qualifies

    job.run.step(50, N_("Fitting the height above the river to the official flood zones …"))
    tag = heights.ref_tag
    valid = tag >= 0
    code = (tag >> 1) - 1
    gauged = valid & ((tag & 1) == 1)
    bins = height_bins(heights.height)
    fit = fit_thresholds(bins[gauged], official[gauged], code[gauged], len(names))
    if fit is None:
        job.warnings.append((N_("No cell measured from a river inside the official flood zones lies in them, "
                                "so no height could be fitted; only the zones of THRESHOLDS are given. Check "
                                "that the official zones lie along the rivers of the river layer."), {}))
        return None, None
    calibrated = connected_to_river(valid & qualifies(bins, code, fit), heights.river)
    pooled = connected_to_river(valid & qualifies(bins, code, fit, pooled=True), heights.river)[gauged]
    del bins
    table = measures(Cells(calibrated[gauged], pooled, official[gauged], code[gauged]), names, fit,
                     job.dem.dx * job.dem.dy)
    calibrated &= valid & ~gauged
    # outside the official zone by the cell-centre rule of the fit (the zone is cells; an overlay of
    # its polygons would cost as much as the whole fit)
    job.stats["calibrated_outside_m2"] = np.count_nonzero(calibrated & ~official) * job.dem.dx * job.dem.dy
    table["calibrated_m2"] = _areas_by_class(code[calibrated], table, names) * job.dem.dx * job.dem.dy
    return calibrated, table


def _areas_by_class(code, table, names):
    """Cells of the calibrated zone per row of the calibration *table* (the last row: all classes)."""
    counts = np.bincount(code + 1, minlength=len(names) + 1)  # index 0: no class
    index = {name: c for c, name in enumerate(names)}
    return np.array([counts[index[n] + 1] if n in index else code.size for n in table["class"]], dtype=float)


def _on_whole_dem(dem, window, values, fill):
    """*values* of the *window* on the whole grid of *dem*, *fill* outside (no copy for the whole DEM)."""
    r0, r1, c0, c1 = window
    if (r1 - r0, c1 - c0) == dem.shape:
        return values
    full = np.full(dem.shape, fill, dtype=values.dtype)
    full[r0:r1, c0:c1] = values
    return full


def _estimated_zones(job, grids, polygonize):
    """Stage 4: one MultiPolygon per estimated zone that has cells, as a dict zone -> geometry."""
    dem = job.dem
    r0, r1, c0, c1 = grids.window
    geoms, values = polygonize(grids.zones.values[r0:r1, c0:c1], dem.x0 + c0 * dem.dx, dem.y0 - r0 * dem.dy,
                               dem.dx, dem.dy)
    job.run.report(75)
    zone_geom = zone_geometries(geoms, values, len(job.options.thresholds))
    if grids.calibrated is not None and grids.calibrated.any():
        geoms, _ = polygonize(grids.calibrated.astype(np.uint8), dem.x0 + c0 * dem.dx, dem.y0 - r0 * dem.dy,
                              dem.dx, dem.dy)
        zone_geom[CALIBRATED_ZONE] = _zone_polygon(np.asarray(geoms, dtype=object))
    return zone_geom


def zone_geometries(geoms, values, count):
    """``{zone: MultiPolygon}`` of the polygons *geoms* of the zone raster (zone *values*), zones 1..*count*."""
    values = np.asarray(values, dtype=np.int64)
    geoms = np.asarray(geoms, dtype=object)
    zone_geom = {k: _zone_polygon(geoms[values == k]) for k in range(1, count + 1)}
    return {k: g for k, g in zone_geom.items() if g is not None}


def _zone_polygon(geoms):
    """The polygons *geoms* of one zone as one MultiPolygon, or None when there are none."""
    if len(geoms) == 1 and shapely.get_type_id(geoms[0]) == 6:
        return geoms[0]
    return _as_multipolygon(shapely.multipolygons(shapely.get_parts(geoms))) if len(geoms) else None


def _official_zone(job, floodplain):
    """Stage 4: ``{0: the floodplain polygons repaired and dissolved}``, or {} when there are none."""
    if floodplain is None:
        return {}
    parts, repaired = _polygon_parts(floodplain)
    if repaired:
        job.warnings.append((N_("FLOODPLAIN: {count} invalid geometries were repaired (make_valid)."),
                             {"count": repaired}))
    if len(parts):
        return {0: _as_multipolygon(shapely.union_all(parts))}
    job.warnings.append((N_("The official flood zone layer (FLOODPLAIN) has no polygons; zone 0 is "
                            "empty."), {}))
    return {}


def _zone_list(job, zone_geom, official):
    """Stage 4: the :class:`_Zones` of *zone_geom*; zone 0 is listed when an *official* layer was given."""
    thresholds = job.options.thresholds
    listed = ([0] if official else []) + list(range(1, len(thresholds) + 1))
    listed += [CALIBRATED_ZONE] if CALIBRATED_ZONE in zone_geom else []
    areas = {z: float(shapely.area(zone_geom[z])) if z in zone_geom else 0.0 for z in listed}
    ids = sorted(z for z in zone_geom if areas[z] > 0)
    table = pd.DataFrame({
        "zone": np.array(ids, dtype=np.int64),
        "threshold_m": np.array([thresholds[z - 1] if 0 < z <= len(thresholds) else np.nan for z in ids],
                                dtype=float),
        "area_m2": np.array([areas[z] for z in ids], dtype=float),
        "outside_official_m2": np.array([job.stats["calibrated_outside_m2"] if z == CALIBRATED_ZONE
                                         else _outside_official(zone_geom, z) for z in ids], dtype=float),
    })
    return _Zones(table, np.array([zone_geom[z] for z in ids], dtype=object), areas)


def _flagged_areas(job, grids, ids):
    """m² of each zone in *ids* on cells with a terrain flag (NaN for zone 0, and without flags)."""
    if grids.flags is None:
        return np.full(len(ids), np.nan)
    r0, r1, c0, c1 = grids.window
    flagged = grids.flags.values[r0:r1, c0:c1] > 0
    counts = np.bincount(grids.zones.values[r0:r1, c0:c1][flagged], minlength=256)
    if grids.calibrated is not None:
        counts[CALIBRATED_ZONE] = np.count_nonzero(grids.calibrated & flagged)
    area = job.dem.dx * job.dem.dy
    return np.array([np.nan if z == 0 else counts[z] * area for z in ids], dtype=float)


def _outside_official(zone_geom, zone):
    """m² of estimated *zone* outside the official zone 0 (all of it without one); NaN for zone 0.

    Zone 0 overlaps the estimated zones, so a report adds zone 0 and these parts, never the zones.
    """
    if zone == 0:
        return np.nan
    official = zone_geom.get(0)
    if official is None or shapely.is_empty(official):
        return float(shapely.area(zone_geom[zone]))
    return float(shapely.area(shapely.difference(zone_geom[zone], official)))


def _exposure(job, zones, zone_grid, layers):
    """Stage 5: the exposure table of the *layers*' exposure features (empty without them)."""
    if layers.exposure is None:
        job.run.report(80)
        return _empty_exposure()
    job.run.step(80, N_("Counting what lies in each zone (exposure) …"))
    table, ignored = tabulate_exposure(ZoneSet(zones.geometries, zones.table["zone"].to_numpy(), zone_grid),
                                       _exposure_features(layers), job.run)
    if ignored:
        job.warnings.append((N_("{count} exposure features are neither polygons nor points and were "
                                "ignored."), {"count": ignored}))
    return table


def _exposure_features(layers):
    """The :class:`Exposure` of *layers*: classes as text ('' for NULL, ``all`` without classes)."""
    geoms = np.asarray(layers.exposure, dtype=object).reshape(-1)
    if layers.exposure_classes is None:
        return Exposure(geoms, np.full(len(geoms), "all", dtype=object))
    classes = np.array([_class_text(c) for c in layers.exposure_classes], dtype=object)
    if len(classes) != len(geoms):
        raise ValueError("exposure_classes: one value per exposure feature expected")
    return Exposure(geoms, classes)


def _class_text(value):
    """An exposure class value as text: '' for NULL (None or NaN)."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
