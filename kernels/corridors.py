"""Biotope corridors (``wertvoll:biotopecorridors``, issue 6): the pure kernel.

Least-cost links, corridors and gaps between core habitat patches over a
resistance grid, the way Linkage Mapper builds them, and the graph metrics of
Conefor/Graphab (PC, ECA, dPC). No QGIS here: numpy, scipy, scikit-image and
shapely 2 only; the Processing wrapper (``algorithms/biotope_corridors.py``) reads
the layers, rasterizes them with GDAL and writes the results.

Rules
-----
Resistance grid
    A :class:`~.grid.Grid` of the cost of crossing one metre of a cell (≥ 1 by
    convention; 1 = best habitat). NaN (nodata), values ≤ 0 and ±inf are
    impassable: no path enters such a cell. From land-use polygons the grid is
    built by :func:`resistance_from_landuse`: each cell takes the resistance of
    the polygon holding its centre (the last one when polygons overlap), cells
    outside every polygon the *default*.

Costs (as GRASS ``r.cost`` without knight's moves and scikit-image
``MCP_Geometric``)
    A path runs through cell centres, from a cell to one of its 8 neighbours.
    A step costs its length in metres (cell width, height or diagonal) times the
    mean resistance of the two cells: half of the step lies in each. The cost of
    a path is the sum of its steps; ``cwd_a`` (cost-weighted distance) of a cell
    is the cost of the cheapest path from any cell of patch *a* to it.

Patches
    Features with the same id are one patch (their union, the parts taken in the
    order of their WKB). The patches are numbered in the order of their ids
    (numbers by value, then texts), so that the result does not depend on the
    order of the features. Patches smaller than
    ``min_patch_area`` m² are dropped (a warning lists them), as are patches
    outside the grid (warning; at least two must remain). Each patch is
    rasterized *all-touched* (every cell it overlaps with positive area), so a
    patch smaller than a cell keeps one cell; where patches share a cell the
    smaller patch gets it. Holes are fine (the cells of a hole are matrix).
    All cells of a patch have ``cwd`` 0 from it.

Links (Linkage Mapper's rules)
    1. One multi-source pass from all patches at once gives the cost allocation
       (each cell goes to its cheapest patch, found by following the traceback of
       the pass with vectorised pointer jumping). Two patches are *adjacent* when
       their allocation zones touch (8-neighbourhood); only adjacent patches get
       a link. ``ub_ab`` = min over touching cells p (zone a), q (zone b) of
       ``cwd(p) + step(p, q) + cwd(q)`` is the cost of a real path, so
       ``lcd_ab ≤ ub_ab``.
    2. Per patch one cost-distance pass, in the order of
       :func:`_processing_order`. For a link
       (p, q) the *early* side p (processed first) finds ``lcd_pq`` (the first
       cell of q its front reaches) and the path (the traceback from that cell,
       8-connected, through cell centres, continuous). Its front only expands
       cells that can lie in the corridor of a link to a later patch, judged
       with lower bounds of ``cwd_q`` from the multi-source pass (see
       :func:`_pass_stage`), and stops at ``max(min(ub, max_cost)) × (1 +
       tolerance/100)``. The late side q expands only cells that can lie in the
       corridor of a link to an earlier patch, judged with the exact costs kept
       from the early pass. Both passes give exact costs on every corridor
       cell; never one full-raster pass per patch.
    3. A link whose path crosses a cell of a third patch is dropped; so is a link
       costing more than ``max_cost`` (when > 0) and a pair without any path.
       When every link is dropped the patches are isolated (a warning, not an
       error): each is its own component and the metrics count the patches alone.

Ties (same input, same output)
    Everything follows the patch numbering by id: the pairs in the order of
    (lower, higher) patch number, the order of the passes (:func:`_processing_order`:
    equal weights go to the lower number) and so the side that traces a
    link's path. Among equally cheap paths the path is scikit-image's
    traceback of that pass (the first cheapest predecessor it finds, in a fixed
    order of the 8 neighbours); a pass depends only on its task, never on which
    process runs it or on the passes before it, so one process and any number of
    worker processes give the same links, paths, corridors and metrics (tested).

Corridors
    A cell belongs to the corridor of link (a, b) when ``cwd_a + cwd_b ≤ lcd_ab ×
    (1 + tolerance/100)`` (it includes the near edges of both patches; the path
    lies in it, since ``cwd_a + cwd_b = lcd_ab`` along the path). The corridor
    raster holds, per cell, the least ``cwd_a + cwd_b − lcd_ab`` over the links
    whose corridor holds the cell (Linkage Mapper's normalized least-cost
    corridor, cut at the tolerance), NaN elsewhere.

Link attributes
    ``cost`` = ``lcd_ab``; ``length_m`` = length of the path through the cell
    centres; ``euclid_m`` = shortest distance between the two patch polygons;
    ``cost_per_length`` = cost / length_m (the mean resistance along the path,
    weighted by length); ``mean_resistance`` and ``max_resistance`` = mean and
    maximum resistance of the path's cells (both end cells included); ``gap_m`` =
    length of the path on *gap cells* (resistance ≥ ``gap_resistance``, outside
    the two patches). Each step counts half to each of its cells, so gap
    stretches start and end halfway between cell centres. ``prob`` = ``exp(−k·cost)``, the link's
    probability under the dispersal kernel below (NaN without a kernel), so that a reader of the
    layer recovers ``k = −ln(prob) / cost`` (:func:`.connectivity.kernel_from_links`).

Graph metrics (Saura & Pascual-Hortal 2007)
    ``d_ij`` = least sum of link costs between patches i and j over the kept
    links (0 for i = j, ∞ without connection); ``p*_ij = exp(−k·d_ij)``: since
    ``exp`` turns sums into products, this is the maximum product probability
    over all paths of the network with the link probabilities ``exp(−k·cost)``.
    The kernel belongs to the species, never to the data
    (:func:`kernel_coefficient`): ``k = ln 2 / dispersal_cost`` (p = 0.5 at the
    species' dispersal cost), else ``ln 2 / (max_cost / 2)`` (p = 0.5 at half
    the maximum cost: Annahme / assumption), else no kernel (PC, ECA, dPC NaN,
    with a warning).
    ``PC = ΣΣ a_i a_j p*_ij / A_L²`` with the patch areas ``a_i`` (m²) and the
    area ``A_L`` of the analysis extent (the whole grid: it does not change when
    a patch is added, so a new patch never lowers PC or ECA); ``ECA = sqrt(ΣΣ
    a_i a_j p*_ij)`` (m²); ``dPC_k = 100 × (PC − PC without patch k) / PC``
    (%), without patch k meaning without its area and its links, the best paths
    among the other patches recomputed, and with the links that were dropped
    only because their path crosses k restored (their cost is the cost of the
    landscape without k). Saura & Rubio (2010, Ecography 33: 523–537) split it
    into ``dPCintra`` (a_k²), ``dPCflux`` (k's own connections) and
    ``dPCconnector`` (the rest: k as a stepping stone between the others).
    Components are the connected components of the kept links, numbered from 1
    in patch order.

Memory and time
    :func:`check_memory` refuses grids that will not fit in the available
    memory before anything is allocated (:func:`estimate_memory`). Only the
    multi-source pass covers the whole grid. Each per-patch pass runs over a
    window around its patch with a scikit-image ``MCP_Geometric`` of its own
    (:func:`_windowed_pass`): first the box of its start cells, the earlier
    links' certified costs and its later partners' zones; grown by half where
    the pass takes a cell on the window's outer ring, at most to the box of
    every cell it can take (:func:`_reach_box`). A pass that never touches the
    ring took the same cells in the same order as over the whole grid, so the
    results are the same (tested against passes over the whole grid, ties
    included). How large a window gets depends on the landscape (how far the
    links reach), not on the grid: on the bench's 4000 × 4000 cells with 200
    patches the largest held 59 % of the grid, the mean 11 % (the cells
    taken: 4 %). Only the part of each per-patch result a link needs is kept,
    and only while a link still needs it. The main process allocates in place
    and hands freed heap memory back while the results arrive
    (:func:`.memory.release_free_memory`). Time goes into scikit-image's front
    propagation (about 0.5-1 µs per cell taken from its heap, including the
    Python hook that bounds each pass): the multi-source pass takes every cell
    once, the per-patch passes take the corridors twice plus what the lower
    bounds cannot exclude around the early side of the costliest links.

Processes (:mod:`.workers`)
    scikit-image holds Python's lock while it computes, so threads cannot share
    the work. On Linux, for grids of at least :data:`_PARALLEL_MIN_CELLS`
    cells, the multi-source pass runs in a forked process without the Python
    hook (the parent meanwhile watches for a cancel), and the per-patch passes
    run in one forked worker per CPU core (at most 4, fewer when memory is
    short: :data:`WINDOW_BYTES_PER_CELL`), each setting up the windows of its
    passes, taking the next pass in order whose earlier partners are done.
    The results are identical to one process; ``WERTVOLL_WORKERS=1`` forces
    one process, ``WERTVOLL_WORKERS=n`` n workers.
"""
import enum
import math
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import shapely

from ..kinds import GAPS, LINKS, NETWORK_CORRIDORS, PATCHES
from .errors import N_, Cancelled, KernelError, check_number
from .geometry import points_inside, to_wkb
from .grid import Grid
from .memory import available_memory, gigabytes, release_free_memory, suggested_cell_size
from .progress import Run
from .tables import counted, listed, parse_number, read_csv_rows, table_records
from .value_table import normalize_code
from .workers import WorkerError, Workers, private_memory, serve_tasks, worker_count

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
RESISTANCE_TABLE_PATH = RESOURCES / "biotope_resistance.csv"
SPECIES_PRESETS_PATH = RESOURCES / "species_presets.csv"

#: keys of the SPECIES_PRESET enum (index 0 = no preset), in the order of the wrapper's options.
#: short_200 and medium_500 are Annahme / assumption: the core-merging and search distances of German
#: biotope-network plans, not dispersal distances of a species; long_1000 and wide_4000 rest on
#: Holzgang et al. (2001). Every preset's PC kernel (p = 0.5 at half of its MAX_COST) is an assumption.
PRESET_KEYS = ("", "short_200", "medium_500", "long_1000", "wide_4000")

# the output fields (kinds.py)
LINK_COLUMNS = LINKS.names()
CORRIDOR_COLUMNS = NETWORK_CORRIDORS.names()
PATCH_COLUMNS = PATCHES.names()
GAP_COLUMNS = GAPS.names()

#: bytes per grid cell the analysis needs at its peak, all processes together (:func:`estimate_memory`):
#: 34-42 derived there, plus margin
BYTES_PER_CELL = 52
#: relative slack on cost comparisons (float sums along different paths)
REL_EPS = 1e-9
#: relative slack where one of the costs is kept in float32 (7 significant digits)
F32_EPS = 1e-6

# --------------------------------------------------------------------------- result

@dataclass
class CorridorResult:
    """What :func:`biotope_corridors` returns (see the module docstring for the rules)."""

    links: pd.DataFrame            # LINK_COLUMNS, one row per kept link
    link_geometries: np.ndarray    # LineString per link
    corridors: pd.DataFrame        # CORRIDOR_COLUMNS, one row per kept link
    corridor_geometries: np.ndarray  # MultiPolygon per corridor
    patches: pd.DataFrame          # PATCH_COLUMNS, one row per analysed patch
    patch_geometries: np.ndarray   # (Multi)Polygon per patch (union of its features)
    gaps: pd.DataFrame             # GAP_COLUMNS, one row per gap stretch
    gap_geometries: np.ndarray     # LineString per gap stretch
    corridor_raster: Grid = None   # float32, NaN outside every corridor (None unless asked for)
    pc: float = 0.0
    eca: float = 0.0
    components: int = 0
    k: float = 0.0                 # dispersal kernel coefficient (1 / cost unit)
    warnings: list = field(default_factory=list)  # (template, params)
    stats: dict = field(default_factory=dict)


class LinkStatus(enum.IntEnum):
    """What became of the link of a neighbouring pair (kept as int8 per pair; the ``stats`` count them)."""

    KEPT = 0
    NO_PATH = 1
    OVER_MAX_COST = 2
    THIRD_PATCH = 3


@dataclass(frozen=True)
class CorridorOptions:
    """The settings of :func:`biotope_corridors` (the wrapper's parameters, and its two raster tools).

    *rasterize*: ``f(frame, geometries, values, *, all_touched, fill, dtype)``
    with a :class:`RasterFrame` (default :func:`rasterize_shapes`); *polygonize*:
    ``f(uint8 array, x0, y0, dx, dy) -> (geoms, values)`` (default
    :func:`.flood.polygonize_zones`).
    """

    min_patch_area: float = 10000.0
    max_cost: float = 0.0
    dispersal_cost: float = 0.0     # cost at which the kernel's p = 0.5 (0: half of max_cost; see kernel_coefficient)
    tolerance: float = 10.0
    gap_resistance: float = 50.0
    corridor_raster: bool = False
    rasterize: object = None
    polygonize: object = None

    @property
    def factor(self):
        """1 + tolerance / 100: a corridor holds the cells up to the link's cost times this."""
        return 1.0 + self.tolerance / 100.0

    def checked(self):
        """These options with the numbers checked (:class:`KernelError`) and the default raster tools."""
        polygonize = self.polygonize
        if polygonize is None:
            from .flood import polygonize_zones as polygonize
        return replace(self, min_patch_area=check_number("MIN_PATCH_AREA", self.min_patch_area, 0.0),
                       max_cost=check_number("MAX_COST", self.max_cost, 0.0),
                       dispersal_cost=check_number("DISPERSAL_COST", self.dispersal_cost, 0.0),
                       tolerance=check_number("CORRIDOR_TOLERANCE", self.tolerance, 0.0),
                       gap_resistance=check_number("GAP_RESISTANCE", self.gap_resistance, 0.0),
                       rasterize=self.rasterize or rasterize_shapes, polygonize=polygonize)


# --------------------------------------------------------------------------- tables

@dataclass(frozen=True)
class ResistanceRow:
    """One row of the resistance table: the resistance of a land-use code, where it comes from, its line."""

    code: str
    label: str
    resistance: float
    source: str = ""
    status: str = ""
    line: int = 0


@dataclass(frozen=True)
class SpeciesPreset:
    """One row of the species presets: a dispersal distance and the resistance it is measured in."""

    key: str
    label: str
    distance_m: float
    reference_resistance: float
    source: str = ""
    status: str = ""

    @property
    def max_cost(self):
        return self.distance_m * self.reference_resistance


_UNREADABLE = {
    "resistance": (N_("Resistance table {path} cannot be read ({reason}). Check the path and that the file "
                      "exists."),
                   N_("Resistance table {path} is not UTF-8 text. Save it as 'CSV UTF-8' and run again.")),
    "presets": (N_("Species preset table {path} cannot be read ({reason}). Check the path and that the file "
                   "exists."),
                N_("Species preset table {path} is not UTF-8 text. Save it as 'CSV UTF-8' and run again.")),
}


def _read_csv(path, kind):
    return read_csv_rows(path, *_UNREADABLE[kind])


def load_resistance_table(path=None):
    """Land-use code -> :class:`ResistanceRow` from a CSV ``code;label;resistance`` (+ ``source;status``).

    UTF-8, separator ``;`` or ``,``, codes normalised like the screening's value
    table (``43002``, ``43002.0`` -> ``"43002"``). Resistance: a number > 0
    (decimal comma accepted). Raises :class:`KernelError` naming the line.
    """
    path = Path(path) if path else RESISTANCE_TABLE_PATH
    spath = str(path)
    rows = {}
    records = table_records(_read_csv(path, "resistance"), path, ("code", "resistance"),
                            N_("Resistance table {path}, line {line}: the header lacks the column(s) "
                               "{missing}. The first line must name the columns code;label;resistance "
                               "(source and status are optional)."))
    for line, value in records:
        code = normalize_code(value.get("code"))
        resistance = parse_number(value.get("resistance", ""))
        if code is None or not math.isfinite(resistance) or resistance <= 0:
            raise KernelError(N_("Resistance table {path}, line {line}: each row needs a code and a "
                                 "resistance greater than 0 (found '{code}', '{resistance}'). Correct the "
                                 "line."),
                              path=spath, line=line, code=value.get("code", ""),
                              resistance=value.get("resistance", ""))
        if code in rows:
            raise KernelError(N_("Resistance table {path}: code '{code}' appears on line {first} and on line "
                                 "{line}. Keep one of the two lines."),
                              path=spath, code=code, first=rows[code].line, line=line)
        rows[code] = ResistanceRow(code, value.get("label", ""), resistance, value.get("source", ""),
                                   value.get("status", ""), line)
    if not rows:
        raise KernelError(N_("Resistance table {path} has no rows. Add one line per land-use code: "
                             "code;label;resistance."), path=spath)
    return rows


def load_species_presets(path=None):
    """Preset key -> :class:`SpeciesPreset` from ``species_presets.csv``.

    Columns ``key;label;distance_m;reference_resistance`` (+ ``source;status``);
    the preset's MAX_COST is ``distance_m × reference_resistance``.
    """
    path = Path(path) if path else SPECIES_PRESETS_PATH
    spath = str(path)
    presets = {}
    for line, value in table_records(_read_csv(path, "presets"), path):
        distance = parse_number(value.get("distance_m", ""))
        reference = parse_number(value.get("reference_resistance", ""))
        key = value.get("key", "")
        if not key or not math.isfinite(distance) or distance <= 0 or not math.isfinite(reference) \
                or reference <= 0:
            raise KernelError(N_("Species preset table {path}, line {line}: each row needs a key, a "
                                 "distance_m and a reference_resistance greater than 0. Correct the line."),
                              path=spath, line=line)
        presets[key] = SpeciesPreset(key, value.get("label", ""), distance, reference,
                                     value.get("source", ""), value.get("status", ""))
    return presets


def landuse_resistance(values, fids, table=None, default=50.0, numeric=False):
    """Resistance per land-use feature, and the warnings.

    *numeric*: the values are resistances; a negative or NaN value raises a
    :class:`KernelError` naming the feature, 0 makes the polygon impassable,
    NULL (``None``) takes *default*. Otherwise the values are codes looked up in
    *table* (:func:`load_resistance_table`); codes missing from it and NULL take
    *default*, with one warning listing the codes.
    """
    default = check_number("DEFAULT_RESISTANCE", default, 0.0)
    out = np.full(len(values), default, dtype=np.float64)
    fids = list(fids)
    if numeric:
        return out, _numeric_resistances(values, fids, default, out)
    table = table if table is not None else load_resistance_table()
    return out, _coded_resistances(values, table, default, out)


def _numeric_resistances(values, fids, default, out):
    """Fill *out* with the resistance *values* (NULL keeps *default*); the warnings. A value that is no
    number ≥ 0 raises :class:`KernelError` naming its feature (*fids*)."""
    nulls = []
    for i, value in enumerate(values):
        if value is None:
            nulls.append(fids[i])
            continue
        try:
            v = float(value)
        except (TypeError, ValueError):
            v = math.nan
        if not math.isfinite(v) or v < 0:
            raise KernelError(N_("Feature {fid} of the land-use layer has the resistance '{value}'. "
                                 "Resistances must be numbers ≥ 0 (0 = impassable). Correct the value "
                                 "or choose another RESISTANCE_FIELD."), fid=fids[i], value=value)
        out[i] = v
    if not nulls:
        return []
    return [(N_("{count} land-use features have no resistance (NULL); they get the default "
                "resistance {default} (features {fids})."),
             {"count": len(nulls), "default": f"{default:g}", "fids": listed(nulls)})]


def _coded_resistances(values, table, default, out):
    """Fill *out* with the resistances of the land-use codes *values* in *table* (others keep *default*);
    the warnings."""
    missing = {}
    for i, value in enumerate(values):
        code = normalize_code(value)
        row = table.get(code) if code is not None else None
        if row is None:
            key = "NULL" if code is None else code
            missing[key] = missing.get(key, 0) + 1
        else:
            out[i] = row.resistance
    if not missing:
        return []
    return [(N_("Land-use codes not in the resistance table get the default resistance "
                "{default}: {codes}. Add them to the table (RESISTANCE_TABLE) to set their "
                "resistance."),
             {"default": f"{default:g}", "codes": counted(missing)})]


# --------------------------------------------------------------------------- memory

def estimate_memory(rows, cols, corridor_raster=False):
    """Bytes the analysis of a *rows* × *cols* grid needs at its peak, all processes together (without
    the per-link parts and the windows of the per-patch passes, :data:`WINDOW_BYTES_PER_CELL`); see
    :data:`BYTES_PER_CELL`.

    The peak is the multi-source pass. Per cell: the resistance as given (a
    raster handed over: 0; land use, float64: 8) and as the passes read it
    (float64: 8), the patch grid (4) and the pass object (cumulative costs 8,
    traceback 2, heap index 8, edge maps 4: 22, in the forked process or in
    this one): 34-42. Afterwards the pass object goes; the costs become D (8),
    the traceback (2) gives the allocation (4, and an int32 index array of 4
    while it is computed): 30-38.
    """
    cells = int(rows) * int(cols)
    return cells * (BYTES_PER_CELL + (8 if corridor_raster else 0)) + 64 * 2 ** 20


def check_memory(rows, cols, cell_size, source="landuse", corridor_raster=False, *, available=None):
    """Raise :class:`KernelError` when the grid will not fit in memory, suggesting a cell size."""
    need = estimate_memory(rows, cols, corridor_raster)
    if available is None:
        available = available_memory()
    if available is None or need <= available:
        return need
    suggest = suggested_cell_size(cell_size, need, available, step=5)
    params = {"need": gigabytes(need), "rows": int(rows), "cols": int(cols), "available": gigabytes(available),
              "suggest": suggest}
    if source == "raster":
        raise KernelError(N_("The corridor analysis needs about {need} of memory for the {rows} × {cols} "
                             "cells of the resistance raster, but only {available} are free. Resample the "
                             "raster to cells of about {suggest} m (Raster > Projections > Warp, output "
                             "resolution, nearest neighbour) or clip it to the area of interest."), **params)
    raise KernelError(N_("The corridor analysis needs about {need} of memory for {rows} × {cols} cells, but "
                         "only {available} are free. Set CELL_SIZE to about {suggest} m (or larger) or use a "
                         "smaller land-use layer, and run again."), **params)


# --------------------------------------------------------------------------- rasterizing

def grid_for_extent(bounds, cell_size):
    """(x0, y0, rows, cols) of the grid of *cell_size* covering *bounds*, snapped to multiples of the cell."""
    xmin, ymin, xmax, ymax = bounds
    cell = float(cell_size)
    x0 = math.floor(xmin / cell) * cell
    y0 = math.ceil(ymax / cell) * cell
    cols = max(1, int(math.ceil((xmax - x0) / cell - 1e-9)))
    rows = max(1, int(math.ceil((y0 - ymin) / cell - 1e-9)))
    return x0, y0, rows, cols


class RasterFrame(NamedTuple):
    """Where a rasterizer burns: ``shape`` (rows, cols), the upper-left corner ``x0``, ``y0`` and the cell
    size ``dx``, ``dy`` (both positive); ``*frame`` gives them in this order."""

    shape: tuple
    x0: float
    y0: float
    dx: float
    dy: float

    @classmethod
    def of(cls, grid):
        """The frame of the :class:`Grid` *grid*."""
        return cls(grid.shape, grid.x0, grid.y0, grid.dx, grid.dy)


def rasterize_shapes(frame, geometries, values, *, all_touched=False, fill=0, dtype=np.float64):
    """Burn *geometries* with *values* into a new array on the :class:`RasterFrame` *frame* (later ones win).

    Pure shapely: a cell is burnt when its centre lies in the polygon, or with
    *all_touched* when it shares area with it. The wrapper passes GDAL's
    rasterizer instead (same rules, much faster on many polygons).
    """
    rows, cols = frame.shape
    x0, y0, dx, dy = frame.x0, frame.y0, frame.dx, frame.dy
    out = np.full(frame.shape, fill, dtype=dtype)
    for geom, value in zip(geometries, values):
        if geom is None or shapely.is_empty(geom):
            continue
        gx0, gy0, gx1, gy1 = shapely.bounds(geom)
        c0 = max(int(math.floor((gx0 - x0) / dx)), 0)
        c1 = min(int(math.floor((gx1 - x0) / dx)) + 1, cols)
        r0 = max(int(math.floor((y0 - gy1) / dy)), 0)
        r1 = min(int(math.floor((y0 - gy0) / dy)) + 1, rows)
        if c0 >= c1 or r0 >= r1:
            continue
        rr, cc = np.mgrid[r0:r1, c0:c1]
        rr, cc = rr.ravel(), cc.ravel()
        if all_touched:
            shapely.prepare(geom)
            boxes = shapely.box(x0 + cc * dx, y0 - (rr + 1) * dy, x0 + (cc + 1) * dx, y0 - rr * dy)
            hit = shapely.intersects(geom, boxes) & ~shapely.touches(geom, boxes)
        else:
            hit = points_inside(geom, x0 + (cc + 0.5) * dx, y0 - (rr + 0.5) * dy)
        out[rr[hit], cc[hit]] = value
    return out


def resistance_from_landuse(geometries, resistances, bounds, cell_size, default, *, rasterize=None):
    """The resistance :class:`Grid` of land-use polygons at *cell_size* over *bounds* (cell centre rule).

    *rasterize*: as :attr:`CorridorOptions.rasterize` (default :func:`rasterize_shapes`).
    """
    rasterize = rasterize or rasterize_shapes
    x0, y0, rows, cols = grid_for_extent(bounds, cell_size)
    frame = RasterFrame((rows, cols), x0, y0, float(cell_size), float(cell_size))
    values = rasterize(frame, geometries, np.asarray(resistances, dtype=np.float64), all_touched=False,
                       fill=float(default), dtype=np.float64)
    return Grid(values, x0, y0, float(cell_size), float(cell_size))


# --------------------------------------------------------------------------- patches

def _polygonal(geoms):
    """*geoms* repaired, with only their polygon parts (empty where none)."""
    out = np.empty(len(geoms), dtype=object)
    for i, geom in enumerate(geoms):
        if geom is None or shapely.is_empty(geom):
            out[i] = None
            continue
        if not shapely.is_valid(geom):
            geom = shapely.make_valid(geom)
        parts = shapely.get_parts(geom)
        parts = parts[np.isin(shapely.get_type_id(parts), (3, 6))]
        out[i] = shapely.union_all(parts) if len(parts) else None
    return out


@dataclass
class _Patches:
    ids: list
    geometries: np.ndarray
    areas: np.ndarray
    labels: np.ndarray  # int32 grid, F-ordered, 0 = matrix, k = patch k-1


def prepare_patches(grid, geometries, ids, options, warnings):
    """Merge features by id, drop small/outside patches, rasterize all-touched (see the module docstring).

    *options*: :class:`CorridorOptions` (``min_patch_area``, ``rasterize``);
    the warnings are appended to *warnings*.
    """
    groups = _patch_groups(geometries, ids, warnings)
    kept_ids, kept_geoms = _kept_patches(groups, grid, options.min_patch_area, warnings)
    areas = shapely.area(kept_geoms) if len(kept_geoms) else np.zeros(0)
    # rasterize: largest first, so that a smaller patch wins a shared cell
    order = np.argsort(-areas, kind="stable")
    labels = options.rasterize(RasterFrame.of(grid), kept_geoms[order], (order + 1).astype(np.int32),
                               all_touched=True, fill=0, dtype=np.int32)
    counts = np.bincount(labels.ravel(), minlength=len(kept_ids) + 1)[1:]
    lost = np.flatnonzero(counts == 0)
    if len(lost):
        warnings.append(_about(N_("{count} patches got no cell of their own (they lie on cells of smaller "
                                  "patches) and are left out: {ids}."), [kept_ids[i] for i in lost]))
        keep = np.flatnonzero(counts > 0)
        labels = _relabelled(labels, keep, len(kept_ids))
        kept_ids, kept_geoms, areas = [kept_ids[i] for i in keep], kept_geoms[keep], areas[keep]
        if len(kept_ids) < 2:
            raise KernelError(N_("Only {kept} of {count} patches keep a cell of their own on cells of "
                                 "{cell} m: the others lie on the same cells. Choose a smaller CELL_SIZE or "
                                 "a finer resistance raster, or merge the patches (same PATCH_ID_FIELD "
                                 "value)."),
                              kept=len(kept_ids), count=len(groups), cell=f"{grid.dx:g}")
    return _Patches(kept_ids, kept_geoms, np.asarray(areas, dtype=np.float64), np.asfortranarray(labels))


def _patch_groups(geometries, ids, warnings):
    """{patch id: its features' polygons (None where a feature has none)}; warns about features without id.

    No id: NULL, or a number that is none (NaN, infinite), which would otherwise make a patch "nan".
    """
    geoms = _polygonal(np.asarray(geometries, dtype=object).reshape(-1))
    groups, no_id = {}, 0
    for geom, pid in zip(geoms, list(ids)):
        if pid is None or (isinstance(pid, (float, np.floating)) and not np.isfinite(pid)):
            no_id += 1
            continue
        groups.setdefault(pid, []).append(geom)
    if no_id:
        warnings.append((N_("{count} patch features have no id (NULL or NaN in PATCH_ID_FIELD) and are left out."),
                         {"count": no_id}))
    # the patches in the order of their ids, each one's parts in the order of their WKB: the result
    # depends on the ids and shapes, not on the order of the features
    return {pid: sorted(groups[pid], key=_wkb_key) for pid in sorted(groups, key=patch_id_key)}


def patch_id_key(pid):
    """Sort key of a patch id: numbers by value before texts by text (ids of one layer share a type)."""
    if isinstance(pid, (int, float, np.integer, np.floating)) and not isinstance(pid, bool):
        return (0, float(pid), "")
    return (1, 0.0, str(pid))


def _wkb_key(geom):
    """The geometry's WKB as a sort key; through geometry.to_wkb (explicit dimension, any GEOS)."""
    return b"" if geom is None else to_wkb([geom])[0]


#: the warnings of :func:`_kept_patches`, in their order: which patches, what about them
_PATCH_WARNINGS = (
    ("empty", N_("{count} patches have no polygon geometry and are left out: {ids}.")),
    ("small", N_("{count} patches are smaller than MIN_PATCH_AREA ({min_area} m²) and are left "
                 "out: {ids}.")),
    ("outside", N_("{count} patches lie outside the resistance grid and are left out: {ids}. Extend "
                   "the resistance raster or the land-use layer to cover them.")),
    ("partly", N_("{count} patches reach beyond the resistance grid; only their part inside counts "
                  "for the paths: {ids}.")),
)


def _kept_patches(groups, grid, min_patch_area, warnings):
    """(ids, geometries) of the patches of *groups* that are analysed; warns about the others.

    Raises :class:`KernelError` when fewer than two remain.
    """
    frame = shapely.box(*grid.bounds)
    noted = {kind: [] for kind, _template in _PATCH_WARNINGS}
    kept_ids, kept_geoms = [], []
    for pid, parts in groups.items():
        kind, geom = _patch_fate(parts, frame, min_patch_area)
        if kind in ("inside", "partly"):
            kept_ids.append(pid)
            kept_geoms.append(geom)
        if kind != "inside":
            noted[kind].append(pid)
    for kind, template in _PATCH_WARNINGS:
        if noted[kind]:
            extra = {"min_area": f"{min_patch_area:g}"} if kind == "small" else {}
            warnings.append(_about(template, noted[kind], **extra))
    if len(kept_ids) < 2:
        _too_few_patches(len(kept_ids), len(groups), noted["outside"], noted["small"])
    return kept_ids, np.array(kept_geoms, dtype=object)


def _patch_fate(parts, frame, min_patch_area):
    """(kind, union) of a patch's polygons *parts*: kind "empty", "small", "outside" (of the grid's *frame*),
    "partly" (inside) or "inside"."""
    parts = [g for g in parts if g is not None]
    if not parts:
        return "empty", None
    geom = parts[0] if len(parts) == 1 else shapely.union_all(parts)
    if shapely.area(geom) < min_patch_area:
        return "small", geom
    if not shapely.intersects(geom, frame) or shapely.area(shapely.intersection(geom, frame)) <= 0:
        return "outside", geom
    return ("inside" if shapely.covered_by(geom, frame) else "partly"), geom


def _relabelled(labels, keep, count):
    """*labels* of *count* patches renumbered 1.. over the patches *keep* (0-based); the others become 0."""
    remap = np.zeros(count + 1, dtype=np.int32)
    remap[keep + 1] = np.arange(1, len(keep) + 1, dtype=np.int32)
    return remap[labels]


def _about(template, ids, **params):
    """A warning ``(template, params)`` about *ids*: their count, *params*, the ids (:func:`_listed`)."""
    return template, {"count": len(ids), **params, "ids": listed(ids)}


def _too_few_patches(kept, total, outside, small):
    if total < 2:
        raise KernelError(N_("The patch layer holds {count} patch(es); links need at least two. Add patches "
                             "or check the layer's filter and PATCH_ID_FIELD (features with the same id are "
                             "one patch)."), count=total)
    raise KernelError(N_("Only {kept} of {count} patches can be analysed ({outside} outside the resistance "
                         "grid, {small} smaller than MIN_PATCH_AREA); links need at least two. Check that "
                         "the patches and the resistance cover the same area, or lower MIN_PATCH_AREA."),
                      kept=kept, count=total, outside=len(outside), small=len(small))


# --------------------------------------------------------------------------- cost passes

_CHECK_EVERY = 1 << 17   # cells taken from the heap between two cancel checks


def _new_pass_object(resistance, dy, dx):
    """A scikit-image ``MCP_Geometric`` over the grid (set up once, reused by every pass).

    A plain Python subclass, so that each pass can install its own
    ``goal_reached`` as an instance attribute (a closure: cheaper per cell than a
    method reading attributes). *resistance* must be Fortran-ordered float64:
    scikit-image then works on it without a copy. Set up with
    :func:`_lean_edge_maps`.
    """
    from skimage.graph import MCP_Geometric

    class _Pass(MCP_Geometric):
        pass

    with _lean_edge_maps():
        return _Pass(resistance, sampling=(dy, dx))


def _edge_maps(shape, offsets):
    """scikit-image's ``_offset_edge_map(shape, offsets)`` without its full-size int64 temporaries.

    For each dimension d, ``pos[d]`` holds at index i the distance ``shape[d] − i``
    to the upper edge where some offset steps that far out of the grid (else 0),
    ``neg[d]`` the same towards the lower edge (``−1 − i``); int8, Fortran-ordered
    (so that scikit-image flattens them without a copy). Only the few rows or
    columns at the edges are written: 4 bytes per cell instead of about 50.
    """
    offsets = np.asarray(offsets)
    ndim = len(shape)
    pos = np.zeros((ndim, *shape), dtype=np.int8, order="F")
    neg = np.zeros((ndim, *shape), dtype=np.int8, order="F")
    for d, size in enumerate(shape):
        at = [d] + [slice(None)] * ndim
        for i in range(max(size - int(offsets[:, d].max()), 0), size):
            at[d + 1] = i
            pos[tuple(at)] = size - i
        for i in range(min(-int(offsets[:, d].min()), size)):
            at[d + 1] = i
            neg[tuple(at)] = -1 - i
    return pos, neg


_EDGE_MAP_LOCK = threading.Lock()


def _new_edge_map_lock():
    """A forked process gets a fresh lock: the thread that held the parent's is not in the child."""
    global _EDGE_MAP_LOCK
    _EDGE_MAP_LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):        # POSIX
    os.register_at_fork(after_in_child=_new_edge_map_lock)


@contextmanager
def _lean_edge_maps():
    """Set up scikit-image pass objects with :func:`_edge_maps` (their edge maps, same values).

    scikit-image (0.19) builds the edge maps of ``MCP.__init__`` with
    ``_offset_edge_map``, whose int64 temporaries need about 50 bytes per cell
    for a moment, more than the pass object keeps. Inside this block the module
    function is :func:`_edge_maps`, after checking on a small grid that both give
    the same arrays; with another scikit-image (no such function, or other
    values) nothing is replaced.
    """
    from skimage.graph import _mcp

    with _EDGE_MAP_LOCK:
        original = getattr(_mcp, "_offset_edge_map", None)
        if original is None or not _same_edge_maps(original, _mcp.make_offsets(2, True)):
            yield
            return
        _mcp._offset_edge_map = _edge_maps
        try:
            yield
        finally:
            _mcp._offset_edge_map = original


def _same_edge_maps(original, offsets):
    """True when :func:`_edge_maps` gives what scikit-image's *original* gives, on small grids."""
    for shape in ((1, 1), (2, 3), (5, 4), (7, 9)):
        want, got = original(shape, offsets), _edge_maps(shape, offsets)
        if not all(w.dtype == g.dtype and np.array_equal(w, g) for w, g in zip(want, got)):
            return False
    return True


@dataclass(frozen=True)
class _Bounds:
    """How far a per-patch pass expands (:func:`_run_pass`); the arrays are flat memoryviews.

    *limit*: no cell above it is expanded; *slack*: E per cell; *lower*: D per
    cell; *zone*: the allocation; *labels*: the patch grid; *caps*: ``(own, near,
    beta)`` per zone (updated in place by *on_reach*); *watch*: ``{patch label:
    link}`` of the later partners not reached yet; *on_reach*: ``f(label, index,
    g)`` at the first cell of a watched patch, returns the new *limit*.
    """

    limit: float
    slack: object
    lower: object = None
    zone: object = None
    labels: object = None
    caps: tuple = None
    watch: dict = None
    on_reach: object = None


class _Ticker:
    """The cancel check of a pass every :data:`_CHECK_EVERY` cells, with its progress *tick* when given.

    Each hook counts the cells it lets through down inline (the cheapest
    per-cell work: no call) and calls :meth:`stop` when the count runs out.
    """

    def __init__(self, run, tick=None):
        self.run, self.tick, self.cancelled = run, tick, False

    def stop(self):
        """Report progress and check for a cancel: True (stop the pass) once the user has cancelled."""
        try:
            if self.tick is not None:
                self.tick(_CHECK_EVERY)
            self.run.check()
        except Cancelled:
            self.cancelled = True
        return self.cancelled


def _run_pass(mcp, starts, run, bounds=None, tick=None):
    """One cost-distance pass of *mcp* from the cells *starts* ([row, col] lists).

    scikit-image (0.19, checked in its source) accepts ``max_cost`` and
    ``max_cumulative_cost`` in ``find_costs`` but ignores them; ``goal_reached``
    is the documented hook ("stop the algorithm when a certain cumulative cost is
    reached"). It is called for each cell taken from the heap, in increasing
    cost order, with the cell's cost ``g`` (final unless an expansion on its
    cheapest path was skipped). The hook installed here (:func:`_goal_hook`) returns

    * 1 (do not expand) when ``g > limit``: the pass goes on until the heap is
      empty, without growing further. Returning 2 (stop) would be cheaper, but
      scikit-image's heap ``reset()`` (0.19) restores the values, not the element
      count: the next pass on the same object would then take the stale
      elements for real ones, at infinite cost, and overwrite a cell's cost with
      inf;
    * after telling ``on_reach(label, index, g)`` about the first cell of a
      watched patch (the least-cost cell of that patch), which returns the new
      ``limit``;
    * 0 (expand: examine the neighbours) when, with ``s = g + lower[cell]``,
      ``z = zone[cell]`` and ``caps = (own, near_z, beta)`` (per zone, updated
      in place by *on_reach*): ``s ≤ own[z]``, or ``s ≤ near_z[z]`` and ``g −
      lower[cell] ≤ beta[z]``, or ``g ≤ slack[cell]``; otherwise 1 (the cell is
      not expanded).

    Without *bounds* (:class:`_Bounds`) every cell is expanded; without patches
    to watch, every cell up to the limit with ``g ≤ slack[cell]``. Returns
    ``(costs, traceback)``; the arrays are views that the next pass overwrites.
    Raises :class:`Cancelled` when the user cancels (checked every
    :data:`_CHECK_EVERY` cells, when *tick* also gets the number of cells).
    """
    ticker = _Ticker(run, tick)
    mcp.goal_reached = _goal_hook(bounds, ticker)
    try:
        costs, traceback = mcp.find_costs(starts)
    finally:
        del mcp.goal_reached
    if ticker.cancelled:
        raise Cancelled()
    return costs, traceback


def _goal_hook(bounds, ticker):
    """The ``goal_reached`` of a pass with *bounds* (see :func:`_run_pass`): a closure per kind of pass."""
    if bounds is None:
        return _plain_hook(ticker)
    if not bounds.watch:                      # only links to earlier patches: their corridors
        return _slack_hook(bounds.limit, bounds.slack, ticker)
    return _bounded_hook(bounds, ticker)


def _plain_hook(ticker):
    """Expand every cell (the multi-source pass)."""
    stop, countdown = ticker.stop, _CHECK_EVERY

    def goal_reached(index, cumcost):
        nonlocal countdown
        countdown -= 1
        if not countdown:
            countdown = _CHECK_EVERY
            if stop():
                return 2
        return 0

    return goal_reached


def _slack_hook(limit, slack, ticker):
    """Expand the cells up to *limit* whose cost is at most their *slack* (a pass without later links)."""
    stop, countdown = ticker.stop, _CHECK_EVERY

    def goal_reached(index, cumcost):
        nonlocal countdown
        if cumcost > limit:
            return 1
        countdown -= 1
        if not countdown:
            countdown = _CHECK_EVERY
            if stop():
                return 2
        return 0 if cumcost <= slack[index] else 1

    return goal_reached


def _bounded_hook(bounds, ticker):
    """Expand the cells that can lie in a corridor of the pass's links (the rules in :func:`_run_pass`)."""
    limit, lower, zone, slack = bounds.limit, bounds.lower, bounds.zone, bounds.slack
    labels, watch, on_reach = bounds.labels, bounds.watch, bounds.on_reach
    own, near_z, beta = bounds.caps
    stop, countdown = ticker.stop, _CHECK_EVERY

    def goal_reached(index, cumcost):
        nonlocal countdown, limit
        if cumcost > limit:
            return 1
        d = lower[index]
        countdown -= 1
        if not countdown:
            countdown = _CHECK_EVERY
            if stop():
                return 2
        if d == 0.0 and watch and labels[index] in watch:   # D is 0 exactly on the cells of the patches
            limit = on_reach(labels[index], index, cumcost)
            if cumcost > limit:
                return 1
        z = zone[index]
        s = cumcost + d
        if s <= own[z] or (s <= near_z[z] and cumcost - d <= beta[z]) or cumcost <= slack[index]:
            return 0
        return 1

    return goal_reached


def _worker_failed(error):
    """The planner's error for a :class:`WorkerError` (the last line of the worker's traceback)."""
    return KernelError(N_("A worker process of the corridor analysis failed. Run again with the environment "
                          "variable WERTVOLL_WORKERS=1 (one process) and report the message: {message}"),
                       message=str(error).strip().splitlines()[-1])


@contextmanager
def _worker_pool(count, serve):
    """``Workers(count, serve)`` for a ``with`` block: closed at its end, all killed at once on an error
    or a cancel; a :class:`WorkerError` becomes the planner's :class:`KernelError`."""
    workers = Workers(count, serve)
    try:
        yield workers
        workers.close()
    except WorkerError as error:
        workers.kill()
        raise _worker_failed(error) from None
    except BaseException:
        workers.kill()
        raise


def _first_pass_forked(resistance, dy, dx, starts, run):
    """The multi-source pass in a forked process: ``(costs, traceback)``, in memory shared with the child.

    The child runs a plain scikit-image ``MCP_Geometric`` without the Python
    hook (about a fifth faster: no Python call per cell) and writes costs and
    traceback into memory shared with the parent. Meanwhile the parent only
    watches for a cancel (every 0.1 s; it kills the child). The child drops
    its pass object (heap index 8 and edge maps 4 bytes per cell) before it
    writes the shared memory, so that the two never take memory at once.
    Progress is estimated from the time (about 1 µs per cell).
    """
    import mmap

    rows, cols = resistance.shape
    shared = mmap.mmap(-1, rows * cols * 10)                       # MAP_SHARED | MAP_ANONYMOUS
    costs = np.ndarray((rows, cols), dtype=np.float64, buffer=shared, order="F")
    traceback = np.ndarray((rows, cols), dtype=np.int16, buffer=shared, offset=rows * cols * 8, order="F")

    def first_pass(_task):
        from skimage.graph import MCP_Geometric

        with _lean_edge_maps():
            mcp = MCP_Geometric(resistance, sampling=(dy, dx))
        cwd, tb = mcp.find_costs(starts)
        del mcp
        costs[...] = cwd
        del cwd
        traceback[...] = tb
        return True

    with _worker_pool(1, lambda connection: serve_tasks(connection, first_pass)) as workers:
        workers.submit(workers.idle()[0], "first pass")
        started = time.monotonic()
        while not workers.results(0.1):
            run.report(5 + 19 * min(1.0, (time.monotonic() - started) / (rows * cols * 1e-6)))
    return costs, traceback


def _boundary_cells(labels, n):
    """Per patch 1..*n* its cells with one of 8 neighbours outside it (another label, or beyond the grid),
    as a list of [row, col] lists in row-major order: one pass over the grid for all patches."""
    rows, cols = labels.shape
    edge = np.zeros((rows, cols), dtype=bool, order="F")
    edge[[0, -1], :] = True                   # the cells beyond the grid are outside every patch
    edge[:, [0, -1]] = True
    for shift in _SHIFTS:
        a, b = _shifted(rows, cols, shift)
        differ = labels[a] != labels[b]
        edge[a] |= differ
        edge[b] |= differ
    edge &= labels > 0
    rr, cc = np.nonzero(edge)                 # row-major
    del edge
    label = labels[rr, cc]
    order = np.argsort(label, kind="stable")  # by patch, row-major within each
    cells = np.column_stack([rr[order], cc[order]])
    bounds = np.searchsorted(label[order], np.arange(1, n + 2))
    return [cells[bounds[k]:bounds[k + 1]].tolist() for k in range(n)]


def _passable(labels, res, n):
    """Per patch 1..*n* whether one of its cells is passable (finite *res*), a block of columns at a time."""
    rows, cols = labels.shape
    seen = np.zeros(n + 1, dtype=np.int64)
    step = max(1, _BLOCK // max(rows, 1))
    for c0 in range(0, cols, step):
        block = labels[:, c0:c0 + step]
        seen += np.bincount(block[np.isfinite(res[:, c0:c0 + step]) & (block > 0)], minlength=n + 1)
    return seen[1:] > 0


def _shifted(rows, cols, shift):
    """The slices (a, b) of a *rows* × *cols* grid such that ``b`` is ``a`` moved by *shift* (dr, dc),
    dr ≥ 0: each pair of cells in the 8-neighbourhood once over the four :data:`_SHIFTS`."""
    dr, dc = shift
    if dc >= 0:
        cp, cq = slice(0, cols - dc), slice(dc, cols)
    else:
        cp, cq = slice(-dc, cols), slice(0, cols + dc)
    return (slice(0, rows - dr), cp), (slice(dr, rows), cq)


#: cells per block of the allocation's pointer jumping (bounds its temporaries)
_BLOCK = 1 << 22


def _allocation(traceback, labels, offsets, run):
    """Patch label of the source of every cell (0 = none), by pointer jumping on the traceback.

    In place and in blocks, so that it needs one index array (int32 below 2³¹
    cells) and the result: a pointer that jumps onto an already updated one only
    gets nearer its root, and every cell ends at the start cell of its traceback.
    """
    rows, cols = labels.shape
    tb = traceback.ravel(order="F")          # view: skimage keeps its arrays Fortran-ordered
    n = tb.size
    itype = np.int32 if n < 2 ** 31 - 1 else np.int64
    offsets = np.asarray(offsets, dtype=np.int64)
    flat_offsets = (offsets[:, 0] + offsets[:, 1] * rows).astype(itype)
    parent = np.arange(n, dtype=itype)
    for start in range(0, n, _BLOCK):
        block, steps = parent[start:start + _BLOCK], tb[start:start + _BLOCK]
        has = steps >= 0
        block[has] -= flat_offsets[steps[has]]
    for _ in range(64):
        run.check()
        if not _jump(parent):
            break
    lab = labels.ravel(order="F")            # labels are Fortran-ordered too: a view
    alloc = lab[parent]
    return alloc.reshape((rows, cols), order="F")


def _jump(parent):
    """One round of pointer jumping in place (``parent = parent[parent]``, block by block): True if a
    pointer moved."""
    moved = False
    for start in range(0, parent.size, _BLOCK):
        block = parent[start:start + _BLOCK]
        nxt = parent[block]
        if not moved and not np.array_equal(nxt, block):
            moved = True
        block[...] = nxt
    return moved


_SHIFTS = ((0, 1), (1, 0), (1, 1), (1, -1))


def _adjacent_pairs(alloc, cwd, res, sampling, n_patches):
    """Patch label pairs whose allocation zones touch: (lo, hi, ub, ridge); *sampling*: (dy, dx).

    ``ub``: the least ``cwd(p) + step(p, q) + cwd(q)`` over the touching cells p, q
    of the two zones (the cost of a real path, so an upper bound of the least
    cost); ``ridge``: the least ``max(cwd(p), cwd(q))`` over them (every path
    from one zone into the other climbs at least that high on ``cwd``).
    """
    dy, dx = sampling
    rows, cols = alloc.shape
    keys, bounds, ridges = [], [], []
    for dr, dc in _SHIFTS:
        step = math.hypot(dr * dy, dc * dx)
        p, q = _shifted(rows, cols, (dr, dc))
        a = alloc[p]
        b = alloc[q]
        mask = (a != b) & (a > 0) & (b > 0)
        if not mask.any():
            continue
        la, lb = a[mask].astype(np.int64), b[mask].astype(np.int64)
        da, db = cwd[p][mask], cwd[q][mask]
        ub = da + db + 0.5 * (res[p][mask] + res[q][mask]) * step
        ok = np.isfinite(ub)
        keys.append(np.minimum(la, lb)[ok] * (n_patches + 1) + np.maximum(la, lb)[ok])
        bounds.append(ub[ok])
        ridges.append(np.maximum(da, db)[ok])
    if not keys:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0)
    keys = np.concatenate(keys)
    bounds = np.concatenate(bounds)
    ridges = np.concatenate(ridges)
    order = np.argsort(keys, kind="stable")
    keys, bounds, ridges = keys[order], bounds[order], ridges[order]
    first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    bounds = np.minimum.reduceat(bounds, first)
    ridges = np.minimum.reduceat(ridges, first)
    keys = keys[first]
    return keys // (n_patches + 1), keys % (n_patches + 1), bounds, ridges


class _Bottlenecks:
    """Minimax ridge between zones: ``of(q)`` = array over zones c of B(c, q).

    B(c, q) is the least, over chains of touching zones from c to q, of the highest
    ridge on the chain (inf between unconnected zones, 0 for c = q). The bottleneck
    path lies on a minimum spanning tree of the zone graph, so one walk over the tree
    per zone q gives all B(., q); results are cached.
    """

    def __init__(self, n, lo, hi, ridge):
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import minimum_spanning_tree

        self.n = n
        self.cache = {}
        self.neighbours = [[] for _ in range(n)]
        if len(lo):
            shifted = ridge + 1.0                 # > 0: scipy's sparse graphs drop zero weights
            tree = minimum_spanning_tree(coo_matrix((shifted, (lo, hi)), shape=(n, n))).tocoo()
            for a, b, w in zip(tree.row.tolist(), tree.col.tolist(), (tree.data - 1.0).tolist()):
                self.neighbours[a].append((b, w))
                self.neighbours[b].append((a, w))

    def of(self, q):
        if q not in self.cache:
            best = np.full(self.n, np.inf)
            best[q] = 0.0
            stack = [q]
            while stack:
                node = stack.pop()
                for other, weight in self.neighbours[node]:
                    if best[other] == np.inf:
                        best[other] = max(best[node], weight)
                        stack.append(other)
            self.cache[q] = best
        return self.cache[q]


# --------------------------------------------------------------------------- geometry of paths

def _path_geometry(rr, cc, grid):
    x, y = grid.centre_of(rr, cc)
    return shapely.linestrings(np.column_stack([x, y]))


def _gap_stretches(rr, cc, gap, grid):
    """LineStrings of the path parts on gap cells (steps split halfway), and their lengths."""
    x, y = grid.centre_of(rr, cc)
    pts = np.column_stack([x, y])
    n = len(pts)
    lines, lengths = [], []
    idx = np.flatnonzero(gap)
    if len(idx) == 0:
        return lines, lengths
    breaks = np.flatnonzero(np.diff(idx) > 1)
    starts = np.r_[idx[0], idx[breaks + 1]]
    ends = np.r_[idx[breaks], idx[-1]]
    for i, j in zip(starts, ends):
        coords = []
        if i > 0:
            coords.append((pts[i - 1] + pts[i]) / 2.0)
        coords.extend(pts[i:j + 1])
        if j < n - 1:
            coords.append((pts[j] + pts[j + 1]) / 2.0)
        coords = np.array(coords)
        if len(coords) < 2:
            continue
        length = float(np.sum(np.hypot(*np.diff(coords, axis=0).T)))
        lines.append(shapely.linestrings(coords))
        lengths.append(length)
    return lines, lengths


def as_multipolygon(geom):
    if geom is None or shapely.is_empty(geom):
        return shapely.MultiPolygon()
    if shapely.get_type_id(geom) == 3:
        return shapely.MultiPolygon([geom])
    if shapely.get_type_id(geom) == 6:
        return geom
    parts = shapely.get_parts(geom)
    return shapely.MultiPolygon(list(parts[shapely.get_type_id(parts) == 3]))


# --------------------------------------------------------------------------- graph metrics

class GraphMetrics(NamedTuple):
    """What :func:`graph_metrics` returns; the per-patch arrays follow the patch order.

    *dpc* = *intra* + *flux* + *connector* (%, Saura & Rubio 2010); all NaN
    (and *pc*, *eca* NaN) without a dispersal kernel (*k* ``None``).
    """

    pc: float
    eca: float
    dpc: np.ndarray
    intra: np.ndarray
    flux: np.ndarray
    connector: np.ndarray
    components: int
    component: np.ndarray


def _best_probabilities(links, nodes, k, n):
    """p*_ij (maximum-product probability, ``exp(-k d_ij)``) among *nodes* over the links among them."""
    return np.exp(-k * least_costs(links, nodes, n))       # exp(-inf) = 0 without a connection


def least_costs(links, nodes, n):
    """d_ij: the least sum of link costs between *nodes* (indices into the *n* patches) over the links
    ``(lo, hi, costs)`` among them, as a len(nodes) × len(nodes) array (0 on the diagonal, inf without a
    connection); of several links of one pair the cheapest counts."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import dijkstra

    lo, hi, costs = links
    index = np.full(n, -1, dtype=np.int64)
    index[nodes] = np.arange(len(nodes))
    keep = (index[lo] >= 0) & (index[hi] >= 0)
    a, b = index[lo[keep]], index[hi[keep]]
    key = np.minimum(a, b) * len(nodes) + np.maximum(a, b)
    order = np.lexsort((costs[keep], key))                 # the cheapest of several links of a pair first
    key, cost = key[order], costs[keep][order]
    first = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, dtype=bool)
    key, cost = key[first], cost[first]
    sub = coo_matrix((cost + 0.0, (key // len(nodes), key % len(nodes))),
                     shape=(len(nodes), len(nodes))).tocsr()
    return dijkstra(sub, directed=False)


def _components(n, lo, hi):
    """(count, component label per patch from 1, numbered in order of each component's first patch)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(lo)), (lo, hi)), shape=(n, n)).tocsr()
    count, comp = connected_components(graph, directed=False)
    first_seen = {}
    for label in comp:
        first_seen.setdefault(int(label), len(first_seen) + 1)
    return int(count), np.array([first_seen[int(c)] for c in comp], dtype=np.int64)


def graph_metrics(areas, links, *, k, total_area, restored=None):
    """PC, ECA, dPC and its fractions (%), and the components of the patch graph (:class:`GraphMetrics`).

    *links*: ``(lo, hi, costs)`` of the kept links (0-based patch indices);
    *k*: the kernel coefficient (1 / cost unit) or ``None`` (no kernel: no
    PC, ECA, dPC); *total_area* = A_L (m²). *restored*: ``(lo, hi, costs,
    crossed)`` of links dropped only because their path crosses patch
    ``crossed``: without that patch they stand (their cost is the cost of the
    landscape without it), so its dPC counts them.

    dPC_k = 100 (N − N'_k) / N with N = ΣΣ a_i a_j p*_ij and N'_k the same sum
    after removing patch k and recomputing every p* among the remaining patches
    (Conefor's rule). Saura & Rubio (2010): intra_k = 100 a_k² / N, flux_k = 100
    · 2 a_k Σ_{j≠k} a_j p*_kj / N (p* with k present), connector_k = dPC_k −
    intra_k − flux_k (≥ 0: removing k can only lower the p* among the others).
    """
    areas = np.asarray(areas, dtype=np.float64)
    n = len(areas)
    lo, hi, costs = (np.asarray(v, dtype=t) for v, t in zip(links, (np.int64, np.int64, np.float64)))
    count, component = _components(n, lo, hi)
    nan = np.full(n, np.nan)
    if k is None:
        return GraphMetrics(math.nan, math.nan, nan, nan.copy(), nan.copy(), nan.copy(), count, component)
    members = [np.flatnonzero(component == c) for c in range(1, count + 1)]
    parts, flux_sum = np.zeros(count), np.zeros(n)
    for c, nodes in enumerate(members):
        prob = _best_probabilities((lo, hi, costs), nodes, k, n)
        a = areas[nodes]
        parts[c] = float(a @ prob @ a)
        flux_sum[nodes] = a * (prob @ a - a)            # a_k Σ_{j≠k} a_j p*_kj (p*_kk = 1)
    total = float(parts.sum())
    removed = np.array([_without(areas, (lo, hi, costs), restored, kpatch, (component, parts, k))
                        for kpatch in range(n)])
    scale = 100.0 / total if total > 0 else 0.0
    dpc = (total - removed) * scale
    intra = areas ** 2 * scale
    flux = 2.0 * flux_sum * scale
    connector = dpc - intra - flux
    connector[np.abs(connector) < 1e-9] = 0.0          # float rounding of a patch that connects nothing
    return GraphMetrics(total / total_area ** 2, math.sqrt(total), dpc, intra, flux, connector, count, component)


def _without(areas, links, restored, kpatch, graph):
    """N'_k: ΣΣ a_i a_j p*_ij over the patches without *kpatch*, its links gone and its *restored* links
    back. *graph*: (component label per patch, N per component, k)."""
    component, parts, k = graph
    lo, hi, costs = links
    n = len(areas)
    touched = {component[kpatch]}
    if restored is not None and len(restored[0]):
        mine = restored[3] == kpatch
        r_lo, r_hi, r_cost = restored[0][mine], restored[1][mine], restored[2][mine]
        touched.update(component[r_lo].tolist())
        touched.update(component[r_hi].tolist())
        lo, hi, costs = np.r_[lo, r_lo], np.r_[hi, r_hi], np.r_[costs, r_cost]
    nodes = np.flatnonzero(np.isin(component, list(touched)) & (np.arange(n) != kpatch))
    others = float(parts.sum() - sum(parts[c - 1] for c in touched))
    if not len(nodes):
        return others
    prob = _best_probabilities((lo, hi, costs), nodes, k, n)
    a = areas[nodes]
    return others + float(a @ prob @ a)


# --------------------------------------------------------------------------- the analysis

@dataclass(frozen=True)
class _Job:
    """One call of :func:`biotope_corridors`: the grid, the checked options, progress, log and warnings."""

    grid: Grid
    options: CorridorOptions
    run: Run
    log: object          # f(template, **params)
    warnings: list       # (template, params), in the order they arise
    own_values: bool = False   # the grid's values may become the passes' resistance (biotope_corridors)


def _silent(_template, **_params):
    """The log of a call without one."""


def biotope_corridors(resistance, patch_geometries, patch_ids, options=None, *, progress=None,
                      is_cancelled=None, log=None, own_values=False):
    """Links, corridors, gaps and graph metrics of habitat patches over *resistance* (module docstring).

    *resistance*: :class:`Grid` (cell size in metres); *patch_geometries*:
    shapely polygons in the grid's CRS; *patch_ids*: one id per feature
    (features with the same id form one patch; ``None`` = no id); *options*: a
    :class:`CorridorOptions` (``None``: its defaults); *log*: ``f(template,
    **params)`` for progress messages; *own_values*: the caller hands the
    grid's values over: when they are float64 in Fortran order, the passes
    read them in place (impassable cells become inf) instead of a copy, which
    saves 8 bytes per cell. Returns a :class:`CorridorResult`;
    raises :class:`KernelError` on bad input and :class:`Cancelled` on a cancel.
    """
    job = _Job(resistance, _checked(options, resistance), Run(progress, is_cancelled), log or _silent, [],
               own_values)
    patches = _patch_stage(job, patch_geometries, patch_ids)
    res, starts = _pass_sources(job, patches)
    pairs, surface = _allocation_stage(job, patches, res, starts)
    passes = _pass_stage(job, patches, pairs, surface)
    tables = _table_stage(job, patches, pairs, res)
    metrics = _metrics_stage(job, patches, pairs, res)
    job.run.report(100)
    return CorridorResult(
        **tables, patches=metrics.patches, patch_geometries=patches.geometries,
        corridor_raster=job.grid.with_values(passes.raster) if passes.raster is not None else None,
        pc=metrics.pc, eca=metrics.eca, components=metrics.components, k=metrics.k, warnings=job.warnings,
        stats=_stats(job, patches, pairs, passes))


def _checked(options, grid):
    """*options* (``None``: the defaults) checked and completed for *grid*, which needs a valid cell size."""
    options = (options if options is not None else CorridorOptions()).checked()
    if not (grid.dx > 0 and grid.dy > 0):
        raise KernelError(N_("The resistance grid has no valid cell size. Use a north-up raster in a "
                             "projected CRS in metres."))
    return options


def _patch_stage(job, geometries, ids):
    """Step 1: the patches, merged by id, checked and rasterized (:func:`prepare_patches`)."""
    rows, cols = job.grid.shape
    job.log(N_("Rasterizing the patches on {rows} × {cols} cells of {cell} m"), rows=rows, cols=cols,
            cell=f"{float(job.grid.dx):g}")
    patches = prepare_patches(job.grid, geometries, ids, job.options, job.warnings)
    job.run.report(3)
    return patches


def _pass_sources(job, patches):
    """The resistance as the passes read it and each patch's boundary cells (where its passes start).

    The resistance is a Fortran-ordered float64 copy (or the grid's values,
    when handed over) with inf on impassable cells (NaN, ≤ 0: scikit-image
    never enters them); the starts are [row, col] lists. Warns about patches
    lying entirely on impassable cells.
    """
    values = job.grid.values
    if job.own_values and values.dtype == np.float64 and values.flags.f_contiguous:
        res = values                          # handed over (biotope_corridors)
    else:
        res = np.array(values, dtype=np.float64, order="F")
    res[~(res > 0)] = np.inf
    labels, n = patches.labels, len(patches.ids)
    starts = _boundary_cells(labels, n)
    blocked = [patches.ids[i] for i in np.flatnonzero(~_passable(labels, res, n))]
    if blocked:
        job.warnings.append(_about(N_("{count} patches lie entirely on impassable cells (nodata or "
                                      "resistance ≤ 0) and cannot be linked: {ids}."), blocked))
    job.run.report(5)
    return res, starts


def _allocation_stage(job, patches, res, starts):
    """Step 2: one multi-source pass from all patches gives the allocation and the neighbouring pairs.

    Returns the :class:`_Pairs` and the :class:`_Surface` the per-patch passes
    read; raises :class:`KernelError` when no two patches are neighbours.
    """
    n = len(patches.ids)
    job.log(N_("Cost allocation: which patch each cell is cheapest to reach from (one pass for all {count} "
               "patches)"), count=n)
    cwd, traceback = _multi_source_pass(job, res, [s for lst in starts for s in lst])
    job.run.report(25)
    labels = patches.labels
    alloc = _allocation(traceback, labels, _pass_offsets(), job.run)
    del traceback
    cwd[labels > 0] = 0.0
    # patch cells are 0 now: D, the cost from a cell to its nearest patch
    sampling = (float(job.grid.dy), float(job.grid.dx))
    lo, hi, ub, ridge = _adjacent_pairs(alloc, cwd, res, sampling, n)
    surface = _Surface((res, sampling), np.asfortranarray(cwd), np.asfortranarray(alloc), labels, starts)
    del cwd, alloc
    release_free_memory()                     # before the workers fork: they inherit the parent's pages
    pairs = _Pairs(lo - 1, hi - 1, ub, ridge)
    job.run.report(30)
    if pairs.count == 0:
        raise KernelError(N_("No link between the {count} patches is possible: impassable cells (nodata or "
                             "resistance ≤ 0) separate every patch from every other. Check the resistance "
                             "around the patches."), count=n)
    return pairs, surface


def _pass_offsets():
    """The neighbour offsets of scikit-image's ``MCP_Geometric`` (those its tracebacks index)."""
    from skimage.graph import MCP_Geometric

    return MCP_Geometric(np.ones((1, 1))).offsets


def _multi_source_pass(job, res, starts):
    """The pass from all patches at once: ``(costs, traceback)``, forked on large grids
    (:func:`_first_pass_forked`); in this process its pass object goes once the pass is done (the
    two arrays stay)."""
    rows, cols = res.shape
    dx, dy = float(job.grid.dx), float(job.grid.dy)
    if _pass_workers(rows, cols, math.inf, 0) > 1:
        return _first_pass_forked(res, dy, dx, starts, job.run)
    mcp = _new_pass_object(res, dy, dx)
    done = 0

    def tick(count):
        nonlocal done
        done += count
        job.run.report(5 + 20 * min(1.0, done / (rows * cols)))

    return _run_pass(mcp, starts, job.run, tick=tick)


def _pass_stage(job, patches, pairs, surface):
    """Step 3: one bounded pass per patch gives each link's cost, path and corridor (into *pairs*).

    Patches are processed in an order (_processing_order); a link (p, q) is handled by its
    *early* side p (processed first) and its *late* side q. Let D(x) be the cost from x to the
    nearest patch (the multi-source pass) and B(c, q) the bottleneck ridge between zones c and q
    (_Bottlenecks). For x in zone c != q, a path from x to q climbs on D to at least B(c, q) and
    falls to 0, so cwd_q(x) >= max(D(x), 2 B(c, q) - D(x)) =: h_q(x); in zone q, cwd_q = D.
    The pass of p

    * finds lcd_pq (the first cell of q taken from the heap) and the path (traceback);
    * expands x (in zone c) when g + h_q(x) <= C_pq for some later partner q, with
      C_pq = lcd_pq (1 + t) (before q is reached: min(ub, max_cost)(1 + t)). Per zone this is
      tested as g + D <= own(c) (c is a partner's zone: own(c) = C_pc) or g + D <= near(c) and
      g - D <= beta(c), near(c) and beta(c) being the max over the other partners q with
      C_pq >= 2 B(c, q) of C_pq and of C_pq - 2 B(c, q) (_zone_caps). A corridor cell x of
      (p, q) has g(x) + h_q(x) <= C_pq, and so has every cell on its cheapest path from p (their
      cwd_p + cwd_q is at most x's): they all pass the test, so corridor cells get exact costs.
      Cells passing the test are kept ("certified"); a cell failing it lies in no corridor of p.

    The pass of q also expands x while g <= E(x) = max over its early partners p of
    C_pq - cwd_p(x) over p's certified cells: again every cell on the cheapest path to a
    corridor cell qualifies, so the corridor of (p, q) is exact in both passes.
    """
    job.log(N_("Least-cost paths and corridors of {pairs} neighbouring patch pairs (one pass per patch)"),
            pairs=pairs.count)
    plan = _plan_links(job.options, pairs, len(patches.ids))
    context = _PassContext(surface, plan, job.run)
    collector = _Collector(job, patches, pairs, _Schedule(plan, pairs))
    rows, cols = job.grid.shape
    workers = _pass_workers(rows, cols, pairs.count, _largest_window(context))
    worker_memory = []
    if workers <= 1:
        _serial_passes(context, collector)
    else:
        job.log(N_("The per-patch passes run in {count} processes at once (one per processor core)"),
                count=workers)
        worker_memory = _parallel_passes(context, collector, workers)
    surface.release()
    job.run.report(90)
    return _Passes(collector.raster, workers, worker_memory, tuple(collector.windows))


class _Passes(NamedTuple):
    """What step 3 leaves besides the per-pair results: the corridor raster, the processes, their memory,
    the windows."""

    raster: np.ndarray      # float32, NaN outside every corridor (None unless asked for)
    workers: int            # processes of the per-patch passes (1: serial)
    worker_memory: list     # each worker's peak private bytes
    windows: tuple          # cells of the largest window of a pass, how often a window grew


def _table_stage(job, patches, pairs, res):
    """Step 4: the warnings about dropped links (an error when none is left), then the link, corridor and
    gap tables as :class:`CorridorResult` fields."""
    job.log(N_("Link table, gaps and connectivity (PC, ECA, dPC)"))
    _check_dropped(job, patches, pairs)
    tables = _Tables(job, patches, pairs, res)
    for kpair in pairs.with_status(LinkStatus.KEPT):
        tables.add(kpair)
    job.run.report(93)
    return tables.fields()


def _check_dropped(job, patches, pairs):
    """Warn about the links dropped for a third patch or MAX_COST, and when no link is left (the patches
    are then isolated: each its own component, a valid answer for the species)."""
    third = pairs.with_status(LinkStatus.THIRD_PATCH)
    costly = pairs.with_status(LinkStatus.OVER_MAX_COST)
    max_cost = job.options.max_cost
    if len(third):
        job.warnings.append((N_("{count} links were dropped because their least-cost path crosses a third "
                                "patch (e.g. {a}–{b} through {c})."),
                             {"count": len(third), "a": patches.ids[pairs.lo[third[0]]],
                              "b": patches.ids[pairs.hi[third[0]]], "c": pairs.third[third[0]]}))
    if len(costly):
        job.warnings.append((N_("{count} links cost more than MAX_COST = {max_cost} and were dropped."),
                             {"count": len(costly), "max_cost": f"{max_cost:g}"}))
    if len(pairs.with_status(LinkStatus.KEPT)) == 0:
        job.warnings.append(_no_link_left(max_cost, pairs, third, costly, len(patches.ids)))


def _no_link_left(max_cost, pairs, third, costly, count):
    """The warning of a run whose every link was dropped (*third*, *costly*: the dropped links)."""
    if len(costly) and not len(third):
        found = pairs.lcd[costly]
        cheapest = np.nanmin(np.where(np.isfinite(found), found, pairs.ub[costly]))
        return (N_("All {pairs} possible links cost more than MAX_COST = {max_cost} (the cheapest costs at "
                   "least {cheapest}): the {count} patches are isolated for this species (each its own "
                   "component); PC and ECA count only the patches themselves."),
                {"pairs": pairs.count, "max_cost": f"{max_cost:g}", "cheapest": f"{cheapest:.0f}",
                 "count": count})
    return (N_("None of the {pairs} possible links remains ({third} pass through a third patch, "
               "{expensive} cost more than MAX_COST): the {count} patches are isolated (each its own "
               "component)."),
            {"pairs": pairs.count, "third": len(third), "expensive": len(costly), "count": count})


class _Tables:
    """The rows and geometries of the link, corridor and gap tables (step 4), one kept link at a time."""

    def __init__(self, job, patches, pairs, res):
        self.job, self.patches, self.pairs, self.res = job, patches, pairs, res
        self.links, self.link_geoms, self.corridors, self.corridor_geoms = [], [], [], []
        self.gaps, self.gap_geoms = [], []
        self.k, _rule = kernel_coefficient(job.options.dispersal_cost, job.options.max_cost)

    def add(self, kpair):
        """The rows of kept link *kpair* (see "Link attributes" in the module docstring)."""
        grid, pairs, ids = self.job.grid, self.pairs, self.patches.ids
        a, b = pairs.lo[kpair], pairs.hi[kpair]
        pr, pc_ = pairs.paths[kpair]
        steps = np.hypot(np.diff(pr) * float(grid.dy), np.diff(pc_) * float(grid.dx))
        length = float(steps.sum())
        rvals = self.res[pr, pc_]
        gap_length = self._add_gaps(a, b, pairs.paths[kpair], rvals)
        euclid = float(shapely.distance(self.patches.geometries[a], self.patches.geometries[b]))
        cost = float(pairs.lcd[kpair])
        self.links.append((ids[a], ids[b], cost, length, euclid, cost / length if length > 0 else 0.0,
                           float(rvals.mean()), float(rvals.max()), gap_length,
                           math.nan if self.k is None else math.exp(-self.k * cost)))
        self.link_geoms.append(_path_geometry(pr, pc_, grid))
        self.corridors.append((ids[a], ids[b], float(pairs.corridor_area[kpair])))
        self.corridor_geoms.append(as_multipolygon(pairs.corridor_geoms[kpair]))

    def _add_gaps(self, a, b, path, rvals):
        """The gap stretches of the path of link (*a*, *b*) with resistances *rvals*; returns their length."""
        pr, pc_ = path
        on = self.patches.labels[pr, pc_]
        gap = (rvals >= self.job.options.gap_resistance) & (on != a + 1) & (on != b + 1)
        lines, lengths = _gap_stretches(pr, pc_, gap, self.job.grid)
        ids = self.patches.ids
        for line, glen in zip(lines, lengths):
            self.gaps.append((ids[a], ids[b], glen))
            self.gap_geoms.append(line)
        return float(sum(lengths))

    def fields(self):
        """The tables and geometries as the :class:`CorridorResult` fields of links, corridors and gaps."""
        return {
            "links": pd.DataFrame(self.links, columns=list(LINK_COLUMNS)),
            "link_geometries": np.array(self.link_geoms, dtype=object),
            "corridors": pd.DataFrame(self.corridors, columns=list(CORRIDOR_COLUMNS)),
            "corridor_geometries": np.array(self.corridor_geoms, dtype=object),
            "gaps": pd.DataFrame(self.gaps, columns=list(GAP_COLUMNS)),
            "gap_geometries": np.array(self.gap_geoms, dtype=object),
        }


class _Metrics(NamedTuple):
    """Step 5's results: PC, ECA, the number of components, the kernel coefficient k, the patch table."""

    pc: float
    eca: float
    components: int
    k: float
    patches: pd.DataFrame


def kernel_coefficient(dispersal_cost, max_cost):
    """(k, rule) of the dispersal kernel ``p = exp(-k · cost)``, fixed by the species, never by the data.

    *dispersal_cost* > 0: p = 0.5 at that cost (``k = ln 2 / dispersal_cost``),
    rule ``"dispersal_cost"``. Otherwise *max_cost* > 0: p = 0.5 at half of it,
    rule ``"half_max_cost"`` (Annahme / assumption of the plugin, as in
    Conefor studies that put the median dispersal at half the maximum; no
    source fixes this ratio for a species). Neither: ``(None, "none")``: PC,
    ECA and dPC are not computed.
    """
    if dispersal_cost > 0:
        return math.log(2.0) / dispersal_cost, "dispersal_cost"
    if max_cost > 0:
        return math.log(2.0) / (max_cost / 2.0), "half_max_cost"
    return None, "none"


def _metrics_stage(job, patches, pairs, res):
    """Step 5: PC, ECA, dPC (with Saura & Rubio's fractions) and the components of the kept links."""
    kept = pairs.with_status(LinkStatus.KEPT)
    options = job.options
    k, rule = kernel_coefficient(options.dispersal_cost, options.max_cost)
    if rule == "half_max_cost":
        job.log(N_("Dispersal kernel of PC: p = 0.5 at half of MAX_COST ({cost}; an assumption: no "
                   "DISPERSAL_COST given)"), cost=f"{options.max_cost / 2.0:g}")
    elif rule == "none":
        job.warnings.append((N_("No dispersal kernel: PC, ECA and dPC are left empty. They belong to the "
                                "species: choose a SPECIES_PRESET or enter DISPERSAL_COST (the cost at "
                                "which half of the individuals still arrive) or MAX_COST."), {}))
    rows, cols = job.grid.shape
    total_area = rows * cols * float(job.grid.dx) * float(job.grid.dy)   # A_L: the grid, not the patches
    metrics = graph_metrics(patches.areas, (pairs.lo[kept], pairs.hi[kept], pairs.lcd[kept]), k=k,
                            total_area=total_area,
                            restored=None if k is None else _links_without(job, patches, pairs, res))
    degree = np.bincount(np.r_[pairs.lo[kept], pairs.hi[kept]], minlength=len(patches.ids))
    table = pd.DataFrame({"patch_id": patches.ids, "area_m2": patches.areas, "degree": degree,
                          "component": metrics.component, "dPC": metrics.dpc, "dPCintra": metrics.intra,
                          "dPCflux": metrics.flux, "dPCconnector": metrics.connector},
                         columns=list(PATCH_COLUMNS))
    return _Metrics(metrics.pc, metrics.eca, metrics.components, math.nan if k is None else k, table)


def _links_without(job, patches, pairs, res):
    """(lo, hi, costs, crossed): the links between the other patches that stand once patch *crossed* is
    removed (dPC), as arrays.

    * The links dropped only because their least-cost path crosses that patch:
      without it the path stands, at the same cost.
    * Bridges: for two link partners i, j of patch k, the path i → k → j made of
      the two link paths and the cheapest way between their ends on k's cells
      within k's bounding box (other patches impassable). It is a real path of
      the landscape without k, so its cost is an upper bound of the least cost:
      the recomputed p*_ij is never too high. Kept when within MAX_COST.
    """
    restore = np.flatnonzero((pairs.status == LinkStatus.THIRD_PATCH) & (pairs.crossed >= 0))
    out = [(pairs.lo[restore], pairs.hi[restore], pairs.lcd[restore], pairs.crossed[restore])]
    ends = [[] for _ in patches.ids]        # per patch: (partner, link cost, (row, col) where the path ends in it)
    for kpair in pairs.with_status(LinkStatus.KEPT):
        pr, pc_ = pairs.paths[kpair]
        lo, hi = int(pairs.lo[kpair]), int(pairs.hi[kpair])
        ends[lo].append((hi, float(pairs.lcd[kpair]), (int(pr[0]), int(pc_[0]))))
        ends[hi].append((lo, float(pairs.lcd[kpair]), (int(pr[-1]), int(pc_[-1]))))
    from scipy import ndimage

    max_ok = job.options.max_cost * (1 + REL_EPS) if job.options.max_cost > 0 else np.inf
    boxes = ndimage.find_objects(patches.labels, max_label=len(patches.ids))
    for kpatch, partners in enumerate(ends):
        if len(partners) > 1:
            job.run.check()
            out.append(_bridges(kpatch, partners, (patches.labels, boxes[kpatch]), res, (job.grid, max_ok)))
    return tuple(np.concatenate([part[i] for part in out]).astype(t)
                 for i, t in enumerate((np.int64, np.int64, np.float64, np.int64)))


def _bridges(kpatch, partners, patch, res, frame):
    """The bridge links through patch *kpatch* (:func:`_links_without`); *patch*: (label grid, the
    patch's bounding box); *frame*: (grid, max cost)."""
    from skimage.graph import MCP_Geometric

    labels, box = patch
    grid, max_ok = frame
    rows, cols = labels.shape
    r0, c0 = max(box[0].start - 1, 0), max(box[1].start - 1, 0)
    r1, c1 = min(box[0].stop + 1, rows), min(box[1].stop + 1, cols)
    sub = np.array(res[r0:r1, c0:c1], dtype=np.float64)
    on = labels[r0:r1, c0:c1]
    sub[(on != 0) & (on != kpatch + 1)] = np.inf          # the other patches are not crossed
    mcp = MCP_Geometric(sub, sampling=(float(grid.dy), float(grid.dx)))
    lo, hi, costs = [], [], []
    for a, (i, cost_i, (ri, ci)) in enumerate(partners):
        across, _ = mcp.find_costs([[ri - r0, ci - c0]])
        for j, cost_j, (rj, cj) in partners[a + 1:]:
            total = cost_i + float(across[rj - r0, cj - c0]) + cost_j
            if i != j and total <= max_ok:
                lo.append(min(i, j))
                hi.append(max(i, j))
                costs.append(total)
    return np.array(lo), np.array(hi), np.array(costs), np.full(len(lo), kpatch)


def _stats(job, patches, pairs, passes):
    """The run's figures (:attr:`CorridorResult.stats`)."""
    status = pairs.status
    rows, cols = job.grid.shape
    return {"pairs": int(pairs.count), "links": int((status == LinkStatus.KEPT).sum()),
            "dropped_third": int((status == LinkStatus.THIRD_PATCH).sum()),
            "dropped_cost": int((status == LinkStatus.OVER_MAX_COST).sum()),
            "no_path": int((status == LinkStatus.NO_PATH).sum()),
            "patches": len(patches.ids), "cells": int(rows * cols), "workers": passes.workers,
            "worker_private_bytes": passes.worker_memory, "largest_window_cells": int(passes.windows[0]),
            "windows_grown": int(passes.windows[1])}


# --------------------------------------------------------------------------- the per-patch passes

def _processing_order(n, lo, hi, weight):
    """Order of the per-patch passes (step 3, :func:`_pass_stage`).

    The early side of a link makes the wide pass, whose area grows about with the
    square of the link's cost; one pass serves all links of a patch to later
    patches. So, greedily, the patch with the largest sum of squared costs of its
    links to the patches not yet placed goes next: a patch with many costly links
    makes one wide pass for all of them, and its partners need none for those
    links. (Measured on the demo region at 4000 cells: a fifth fewer cells taken
    from the heap than placing the costliest patch last.)
    """
    import heapq

    adjacent = [[] for _ in range(n)]
    for kpair, (a, b) in enumerate(zip(lo, hi)):
        adjacent[a].append((b, kpair))
        adjacent[b].append((a, kpair))
    placed = np.zeros(n, dtype=bool)

    def key(a):
        values = [weight[k] for b, k in adjacent[a] if not placed[b]]
        return float(sum(v * v for v in values)) if values else -1.0

    heap = [(-key(a), a) for a in range(n)]
    heapq.heapify(heap)
    order = []
    while heap:
        negative, a = heapq.heappop(heap)
        if placed[a]:
            continue
        current = key(a)
        if current != -negative:
            heapq.heappush(heap, (-current, a))
            continue
        placed[a] = True
        order.append(a)
    return order


#: grids smaller than this run their per-patch passes serially (a fork costs more than it saves)
_PARALLEL_MIN_CELLS = 1_000_000
#: bytes per window cell a per-patch pass writes in its process (:meth:`_Surface.window`: the window's
#: resistance 8, its pass object 22 (cumulative costs 8, traceback 2, heap index 8, edge maps 4), D 8,
#: zones 4, patches 4, slack 8; the heap, the crops and the results), plus margin
WINDOW_BYTES_PER_CELL = 64


def _largest_window(ctx):
    """Cells of the largest first window of a pass (:func:`_first_window`, the crops left out), four
    times over (one growth on every side), at most the grid: what the worker count plans for."""
    plan, boxes = ctx.plan, ctx.zone_boxes
    rows, cols = ctx.surface.labels.shape
    largest = 0
    for p in range(ctx.n):
        around = [boxes[z] for z in (p, *(plan.early[k] + plan.late[k] - p for k in plan.partners[p]))
                  if boxes[z] is not None]
        if around:
            (r0, r1), (c0, c1) = _box_around(around, 2, ((0, rows), (0, cols)))
            largest = max(largest, (r1 - r0) * (c1 - c0))
    return min(4 * largest, rows * cols)


def _pass_workers(rows, cols, npairs, window_cells):
    """Worker processes for the passes (1 = serial; the multi-source pass forks when > 1; :mod:`.workers`),
    as many as the free memory holds at :data:`WINDOW_BYTES_PER_CELL` × *window_cells* each."""
    forced = os.environ.get("WERTVOLL_WORKERS", "").strip()
    if not forced and (npairs < 8 or rows * cols < _PARALLEL_MIN_CELLS):
        return 1
    return worker_count(bytes_each=int(window_cells) * WINDOW_BYTES_PER_CELL, available=available_memory())




@dataclass
class _Pairs:
    """The neighbouring patch pairs (0-based patch indices, lo < hi) and what the passes found for each."""

    lo: np.ndarray
    hi: np.ndarray
    ub: np.ndarray         # the cost of a real path: an upper bound of the least cost (_adjacent_pairs)
    ridge: np.ndarray      # the least ridge between the two zones (_Bottlenecks)
    status: np.ndarray = field(init=False)         # LinkStatus per pair (int8)
    lcd: np.ndarray = field(init=False)            # least cost (inf: no path found)
    third: list = field(init=False)                # id of the third patch a dropped path crosses
    crossed: np.ndarray = field(init=False)        # its index when it is the only one crossed, else -1
    paths: list = field(init=False)                # (rows, cols) of each kept path, from lo to hi
    corridor_geoms: list = field(init=False)       # corridor polygon per pair
    corridor_area: np.ndarray = field(init=False)  # m²

    def __post_init__(self):
        n = len(self.lo)
        self.status = np.zeros(n, dtype=np.int8)
        self.lcd = np.full(n, np.inf)
        self.third = [None] * n
        self.crossed = np.full(n, -1, dtype=np.int64)
        self.paths = [None] * n
        self.corridor_geoms = [None] * n
        self.corridor_area = np.zeros(n)

    @property
    def count(self):
        return len(self.lo)

    def with_status(self, status):
        """Indices of the pairs with :class:`LinkStatus` *status*."""
        return np.flatnonzero(self.status == status)


@dataclass(frozen=True)
class _LinkPlan:
    """Who computes what in step 3: the order of the passes; per link, its early and late side and caps."""

    order: list            # patch indices in the order of their passes (_processing_order)
    partners: list         # per patch, its links
    lo: np.ndarray         # per link, the patch its path starts at
    early: np.ndarray      # per link, the side whose pass comes first
    late: np.ndarray
    ub: np.ndarray
    ccap: np.ndarray       # C_pq before q is reached: min(ub, max_cost) (1 + t), with float32 slack
    bottlenecks: object    # _Bottlenecks of the zones
    factor: float          # 1 + tolerance / 100
    max_cost: float
    corridor_raster: bool

    @property
    def max_ok(self):
        """The highest link cost that MAX_COST lets through (float slack)."""
        return self.max_cost * (1 + REL_EPS) if self.max_cost > 0 else np.inf


def _plan_links(options, pairs, n):
    """The :class:`_LinkPlan` of the *n* patches' *pairs* under *options*."""
    factor, max_cost = options.factor, options.max_cost
    ccap = _pass_cap(pairs.ub if max_cost <= 0 else np.minimum(pairs.ub, max_cost), factor)
    partners = [[] for _ in range(n)]
    for kpair in range(pairs.count):
        partners[pairs.lo[kpair]].append(kpair)
        partners[pairs.hi[kpair]].append(kpair)
    order = _processing_order(n, pairs.lo, pairs.hi, ccap)
    bottlenecks = _Bottlenecks(n, pairs.lo, pairs.hi, pairs.ridge)
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    first = position[pairs.lo] < position[pairs.hi]
    return _LinkPlan(order, partners, pairs.lo, np.where(first, pairs.lo, pairs.hi),
                     np.where(first, pairs.hi, pairs.lo), pairs.ub, ccap, bottlenecks, factor, max_cost,
                     options.corridor_raster)


class _Surface:
    """The grids of the multi-source pass that every per-patch pass reads (step 3 of :func:`_pass_stage`).

    *passable*: (the resistance as the passes read it, Fortran-ordered float64
    with inf impassable; its sampling (dy, dx)); *nearest*: D; *alloc*: the
    allocation zones; *labels*: the patch grid; *starts*: each patch's start
    cells. A pass sets up a pass object of its own over its window only
    (:meth:`window`), so that no process holds one over the whole grid.
    """

    def __init__(self, passable, nearest, alloc, labels, starts):
        self.resistance, self.sampling = passable
        self.nearest, self.alloc, self.labels, self.starts = nearest, alloc, labels, starts

    def window(self, box):
        """The :class:`_Window` of the cells in *box* ((r0, r1), (c0, c1))."""
        (r0, r1), (c0, c1) = box
        part = (slice(r0, r1), slice(c0, c1))
        res = np.asfortranarray(self.resistance[part])
        mcp = _new_pass_object(res, *self.sampling)
        shape = res.shape
        slack = np.full(shape, -np.inf, order="F")
        flat = (np.asfortranarray(self.nearest[part]).ravel(order="F"),
                np.asfortranarray(self.alloc[part]).ravel(order="F"),
                np.asfortranarray(self.labels[part]).ravel(order="F"), slack.ravel(order="F"))
        return _Window((r0, c0), shape, mcp, slack, *(memoryview(a) for a in flat))

    def release(self):
        """Drop what only the passes need (once the workers have their copies, or once all passes ran)."""
        self.resistance = self.nearest = self.alloc = None


class _Window(NamedTuple):
    """The cells one per-patch pass can take (:func:`_reach_box`): its own scikit-image pass object over
    them and the hook's arrays, as flat memoryviews in the pass object's (Fortran) order.

    A pass over the window takes the same cells in the same order as one over
    the whole grid: the heap holds only the cells pushed (neighbours of
    expanded cells, all inside the window with its margin of one cell) and
    orders them by cost, whatever their index.
    """

    origin: tuple            # (row, col) of the window's first cell in the grid
    shape: tuple
    mcp: object
    slack_2d: np.ndarray     # E, -inf outside the earlier links' certified cells
    lower: object            # D
    zone: object             # the allocation
    labels: object           # the patch grid
    slack: object            # E, flat

    def local(self, cells):
        """[row, col] lists of grid *cells* in window coordinates."""
        r0, c0 = self.origin
        return [[r - r0, c - c0] for r, c in cells]

    def cell(self, index):
        """(row, col) in the grid of the window's flat (Fortran) *index*."""
        rows = self.shape[0]
        return int(index % rows) + self.origin[0], int(index // rows) + self.origin[1]

    def part(self, values, r0, r1, c0, c1):
        """The grid box [r0:r1, c0:c1] of the window-sized array *values*."""
        wr, wc = self.origin
        return values[r0 - wr:r1 - wr, c0 - wc:c1 - wc]


class _PassContext:
    """What every per-patch pass reads: the :class:`_Surface`, the :class:`_LinkPlan` and the progress.

    Built once after the multi-source pass; worker processes inherit it by fork
    (and set their own *run* and *in_worker*).
    """

    def __init__(self, surface, plan, run):
        from scipy import ndimage

        self.surface, self.plan, self.run = surface, plan, run
        self.n = len(surface.starts)
        self.in_worker = False
        self.zone_boxes = ndimage.find_objects(surface.alloc, max_label=self.n)   # bounding box of each zone


class _Crop(NamedTuple):
    """The certified costs of an early pass for its late partners (float32, inf = not certified)."""

    values: np.ndarray
    origin: tuple          # (row, col) of values[0, 0]


class _Earlier(NamedTuple):
    """A link to an earlier patch as the late pass gets it: the link, its cost, the early side's crop."""

    link: int
    cost: float
    crop: _Crop


class _Task(NamedTuple):
    """The task of one per-patch pass: patch *p*, its links to later patches, its :class:`_Earlier` links."""

    p: int
    later: list
    earlier: list


class _Link(NamedTuple):
    """What the early pass found for a link: its :class:`LinkStatus`, cost, the label of a third patch on
    its path (0: none; negative: the lowest of several) and the path ``(rows, cols)`` from the link's lo
    side (kept links only)."""

    link: int
    status: int
    cost: float
    third: int
    path: tuple


class _Band(NamedTuple):
    """The corridor cells of a link in their bounding box at *origin* (row, col), with *excess* (float32,
    NaN outside the band) for the corridor raster when it is asked for, else ``None``."""

    cells: np.ndarray
    excess: np.ndarray
    origin: tuple


class _PassResult(NamedTuple):
    """What one per-patch pass sends back (:func:`_patch_pass`)."""

    p: int
    links: list            # a _Link per later link
    bands: list            # (link, _Band or None) per earlier link
    crop: object           # _Crop for the later partners whose link stands, or None
    keep: int              # how many later partners need the crop
    private_bytes: object  # the worker's private memory (None outside a worker)
    window_cells: int      # the cells of the pass's window (_windowed_pass)
    grown: int             # how often the window grew


class _Schedule:
    """Which pass may run when, and what it needs (the parent's side of step 3).

    A pass is *ready* once every partner that comes earlier in *order* has
    finished: it needs their link costs and certified costs (the crops). A crop
    is dropped as soon as the last late partner's task has taken it.
    """

    def __init__(self, plan, pairs):
        self.order = list(plan.order)
        self.partners, self.early, self.late = plan.partners, plan.early, plan.late
        self.status, self.lcd = pairs.status, pairs.lcd
        n = len(self.order)
        self.waiting = np.zeros(n, dtype=np.int64)       # earlier partners not finished yet
        for p in range(n):
            self.waiting[p] = sum(1 for k in self.partners[p] if self.late[k] == p)
        self.crops = {}
        self.pending = np.zeros(n, dtype=np.int64)       # late partners that still need p's crop
        self.started = np.zeros(n, dtype=bool)
        self.done = 0
        self._next = 0

    def task(self, p):
        """The :class:`_Task` of pass *p*, or ``None`` (nothing to do)."""
        self.started[p] = True
        later = [k for k in self.partners[p] if self.early[k] == p]
        earlier = []
        for k in self.partners[p]:
            if self.late[k] == p and self.status[k] == LinkStatus.KEPT:
                e = self.early[k]
                earlier.append(_Earlier(k, float(self.lcd[k]), self.crops[e]))
                self.pending[e] -= 1
                if self.pending[e] == 0:
                    del self.crops[e]
        if not later and not earlier:
            self.finished(p, None, 0)
            return None
        return _Task(p, later, earlier)

    def finished(self, p, crop, keep):
        if crop is not None:
            self.crops[p] = crop
            self.pending[p] = keep
        for k in self.partners[p]:
            if self.early[k] == p:
                self.waiting[self.late[k]] -= 1
        self.done += 1

    def ready(self):
        """The first pass in order that may start now, or ``None``."""
        while self._next < len(self.order) and self.started[self.order[self._next]]:
            self._next += 1
        for p in self.order[self._next:]:
            if not self.started[p] and self.waiting[p] == 0:
                return p
        return None

    def complete(self):
        return self.done == len(self.order)


class _Collector:
    """The parent's side of the passes' results: the links first (so that the passes waiting for them
    become ready), then the corridor polygons and the corridor raster."""

    def __init__(self, job, patches, pairs, schedule):
        self.job, self.patches, self.pairs, self.schedule = job, patches, pairs, schedule
        rows, cols = job.grid.shape
        self.raster = np.full((rows, cols), np.nan, dtype=np.float32) if job.options.corridor_raster else None
        self._trimmed = time.monotonic()
        self.windows = [0, 0]             # the largest window's cells, the windows that grew

    def _note_window(self, result):
        self.windows[0] = max(self.windows[0], result.window_cells)
        self.windows[1] += result.grown

    def record(self, result):
        """Note the links of a :class:`_PassResult` and that its pass has finished."""
        pairs = self.pairs
        for link in result.links:
            k = link.link
            pairs.status[k], pairs.lcd[k], pairs.paths[k] = link.status, link.cost, link.path
            if link.status == LinkStatus.THIRD_PATCH:
                pairs.third[k] = self.patches.ids[abs(link.third) - 1]
                pairs.crossed[k] = link.third - 1 if link.third > 0 else -1
        self._note_window(result)
        self.schedule.finished(result.p, result.crop, result.keep)
        self.job.run.report(30 + 60 * self.schedule.done / max(len(self.patches.ids), 1))

    def shape(self, result):
        """The corridor polygons (and raster cells) of the corridor bands of a :class:`_PassResult`."""
        grid, polygonize = self.job.grid, self.job.options.polygonize
        for kpair, band in result.bands:
            self.pairs.corridor_geoms[kpair], self.pairs.corridor_area[kpair] = _corridor_shape(
                band, grid, self.raster, polygonize)
        self._trim()

    def _trim(self):
        """Return freed memory to the system at most every :data:`_TRIM_EVERY` seconds
        (:func:`.memory.release_free_memory`): the crops and bands of finished passes leave holes in
        the heap that would otherwise keep the parent's resident memory growing (a third of it at
        16 M cells)."""
        now = time.monotonic()
        if now - self._trimmed >= _TRIM_EVERY:
            release_free_memory()
            self._trimmed = now


#: seconds between two returns of freed memory to the system while the passes' results arrive
_TRIM_EVERY = 1.0


def _band_cap(cost, factor):
    """Corridor threshold of a link of *cost*: cells with cwd_a + cwd_b at most this (float32 slack)."""
    return cost * factor * (1 + F32_EPS) + 1e-6


def _pass_cap(cost, factor):
    """C_pq of a pass: above :func:`_band_cap` by more than the float32 rounding of the kept costs, so that
    every cell the corridor test can take has exact costs from both passes."""
    return cost * factor * (1 + 2 * F32_EPS) + 2e-6


def _zone_caps(caps, need, late, bottlenecks):
    """Fill *caps* (3 × zones, in place) from the current caps *need* {link: C_pq} of a pass's later links.

    Row 0, ``own``: C_pq in the zone of q (there ``cwd_q = D`` exactly). Rows 1
    and 2, ``near`` and ``beta``: the max of C_pq and of C_pq − 2 B(c, q) over the
    partners q ≠ c with C_pq ≥ 2 B(c, q) (otherwise no cell of zone c can lie in
    their corridor, since g ≥ D there). -inf: the test cannot pass.
    """
    caps.fill(-np.inf)
    own, near, beta = caps[0], caps[1, 1:], caps[2, 1:]
    for kpair, cap in need.items():
        if cap == -np.inf:
            continue
        q = late[kpair]
        own[q + 1] = max(own[q + 1], cap)
        term = cap - 2.0 * bottlenecks.of(q) * (1 - REL_EPS)
        term[q] = -np.inf
        np.maximum(near, np.where(term >= 0.0, cap, -np.inf), out=near)
        np.maximum(beta, term, out=beta)


def _reach_box(ctx, p, caps, earlier):
    """((r0, r1), (c0, c1)): the box of every cell the pass of *p* can take (*caps*, windows of *earlier*).

    A cell is expanded only in a zone whose cap can pass (own or near > -inf),
    in *p*'s own zone or in a window of certified costs; the cells taken from
    the heap are these, their 8 neighbours (so one cell of margin) and *p*'s
    start cells.
    """
    rows, cols = ctx.surface.labels.shape
    zones = [p, *np.flatnonzero((caps[0, 1:] > -np.inf) | (caps[1, 1:] > -np.inf))]
    boxes = _own_boxes(ctx, p, earlier) + [ctx.zone_boxes[z] for z in zones if ctx.zone_boxes[z] is not None]
    return _box_around(boxes, 1, ((0, rows), (0, cols)))


def _own_boxes(ctx, p, earlier):
    """The boxes (slice pairs) every pass of *p* covers: its start cells and the crops of its *earlier*
    links."""
    boxes = [(slice(r, r + h), slice(c, c + w)) for (r, c), (h, w) in
             ((link.crop.origin, link.crop.values.shape) for link in earlier)]
    starts = np.asarray(ctx.surface.starts[p], dtype=np.int64).reshape(-1, 2)
    if len(starts):
        (r0, c0), (r1, c1) = starts.min(axis=0), starts.max(axis=0) + 1
        boxes.append((slice(int(r0), int(r1)), slice(int(c0), int(c1))))
    return boxes


def _box_around(boxes, margin, within):
    """((r0, r1), (c0, c1)): the box of the slice pairs *boxes* widened by *margin* cells, cut to *within*
    (the same form); *within* when there are no boxes."""
    (b0, b1), (d0, d1) = within
    if not boxes:
        return within
    r0, r1 = min(b[0].start for b in boxes) - margin, max(b[0].stop for b in boxes) + margin
    c0, c1 = min(b[1].start for b in boxes) - margin, max(b[1].stop for b in boxes) + margin
    return (max(r0, b0), min(r1, b1)), (max(c0, d0), min(c1, d1))


class _Front:
    """The caps of a pass's later links, lowered as its front reaches their patches (the hook's *on_reach*).

    *need*: {link: C_pq}; *watch*: {label of the late patch: link} of the
    patches not reached yet; *reached*: {link: (cell index, cost)} where the
    front first took a cell of the late patch; *caps*: own, near, beta per zone
    (:func:`_zone_caps`, updated in place).
    """

    def __init__(self, ctx, later, c_early):
        self.plan, self.c_early = ctx.plan, c_early
        self.need = {k: ctx.plan.ccap[k] for k in later}
        self.watch = {int(ctx.plan.late[k]) + 1: k for k in later}
        self.reached = {}
        self.caps = np.full((3, ctx.n + 1), -np.inf)
        _zone_caps(self.caps, self.need, self.plan.late, self.plan.bottlenecks)

    @property
    def near(self):
        """The largest cap of a later link (-inf without one)."""
        return max(self.need.values()) if self.need else -np.inf

    def on_reach(self, label, index, cumcost):
        """The front took the first cell *index* of patch *label* at *cumcost*: the link's cap drops to its
        exact value (-inf above MAX_COST); returns the pass's new limit."""
        kpair = self.watch.pop(label)
        self.reached[kpair] = (index, cumcost)
        plan, need = self.plan, self.need
        need[kpair] = -np.inf if cumcost > plan.max_ok else min(need[kpair], _pass_cap(cumcost, plan.factor))
        _zone_caps(self.caps, need, plan.late, plan.bottlenecks)
        return max(self.near, self.c_early)


def _patch_pass(ctx, task):
    """One bounded pass from patch *p* (see :func:`_pass_stage`) for *task* (:class:`_Task`), over a
    window around *p* (:func:`_windowed_pass`).

    Returns a :class:`_PassResult`: per later link a :class:`_Link`; per earlier
    link its corridor band (:func:`_corridor_band`); the certified costs for the
    later partners (:class:`_Crop` or ``None``) and how many of them need them;
    the worker's private memory (``None`` outside a worker).
    """
    p = task.p
    win, costs, front, reach, grown = _windowed_pass(ctx, task)
    links = [_later_link(ctx, p, kpair, win, front.reached.get(kpair)) for kpair in task.later]
    bands = [(link.link, _earlier_band(ctx, p, win.part, costs, link)) for link in task.earlier]
    keep = sum(1 for link in links if link.status == LinkStatus.KEPT)
    crop = _certified_crop(ctx, p, (win, costs), front, reach) if keep else None
    return _PassResult(p, links, bands, crop, keep, private_memory() if ctx.in_worker else None,
                       costs.size, grown)


def _windowed_pass(ctx, task):
    """The pass of *task* over a window (:class:`_Windowed`).

    Every cell the pass can take lies in the box of :func:`_reach_box`, but
    most passes take far fewer. The pass first runs over the box of its own
    and its partners' zones, the earlier links' crops and a margin of two
    cells. A cell on the window's outer ring is taken only when the pass
    expanded a cell next to it: then the pass may have wanted to go on
    outside, and it runs again over a window grown on that side (by half its
    size, at most to the reach box). Otherwise every cell it pushed lay inside, so it
    took the same cells in the same order as over the whole grid.
    """
    p, factor = task.p, ctx.plan.factor
    c_early = max((_pass_cap(link.cost, factor) for link in task.earlier), default=-np.inf)
    reach = _reach_box(ctx, p, _Front(ctx, task.later, c_early).caps, task.earlier)
    box, grown = _first_window(ctx, task, reach), 0
    while True:
        front = _Front(ctx, task.later, c_early)
        win = ctx.surface.window(box)
        _open_windows(win, task.earlier, factor)
        bounds = _Bounds(max(front.near, c_early), win.slack, win.lower, win.zone, win.labels,
                         tuple(memoryview(row) for row in front.caps), front.watch, front.on_reach)
        costs, _ = _run_pass(win.mcp, win.local(ctx.surface.starts[p]), ctx.run, bounds)
        larger = _grown_window(box, costs, reach)
        if larger == box:
            return _Windowed(win, costs, front, box, grown)
        del win, costs, bounds, front                 # before the larger window takes its memory
        box, grown = larger, grown + 1


class _Windowed(NamedTuple):
    """A pass over its window (:func:`_windowed_pass`): the :class:`_Window`, the costs over it, the pass's
    :class:`_Front`, the window's box and how often it grew."""

    win: _Window
    costs: np.ndarray
    front: object
    box: tuple
    grown: int


def _first_window(ctx, task, reach):
    """The first window of the pass of *task*, within *reach*: the box of its start cells, the earlier
    links' crops (where alone a pass without later links expands) and, with later links, its own and
    their late partners' zones, with a margin of two cells."""
    p = task.p
    boxes = _own_boxes(ctx, p, task.earlier)
    if task.later:
        zones = (p, *(ctx.plan.late[k] for k in task.later))
        boxes += [ctx.zone_boxes[z] for z in zones if ctx.zone_boxes[z] is not None]
    return _box_around(boxes, 2, reach)


def _grown_window(box, costs, reach):
    """*box* grown by half its size on each side whose outer ring holds a taken cell (*costs* finite),
    unless that side is already the side of *reach*; the same box when the pass never touched its
    ring."""
    (r0, r1), (c0, c1) = box
    (b0, b1), (d0, d1) = reach
    h, w = max((r1 - r0) // 2, 8), max((c1 - c0) // 2, 8)
    taken = np.isfinite
    if r0 > b0 and taken(costs[0]).any():
        r0 = max(b0, r0 - h)
    if r1 < b1 and taken(costs[-1]).any():
        r1 = min(b1, r1 + h)
    if c0 > d0 and taken(costs[:, 0]).any():
        c0 = max(d0, c0 - w)
    if c1 < d1 and taken(costs[:, -1]).any():
        c1 = min(d1, c1 + w)
    return (r0, r1), (c0, c1)


def _open_windows(win, earlier, factor):
    """Set E to C_pq − cwd_p on the certified cells of each earlier link (in place in the
    :class:`_Window` *win*, the max over the links)."""
    for link in earlier:
        (r0, c0), (h, w) = link.crop.origin, link.crop.values.shape
        window = win.part(win.slack_2d, r0, r0 + h, c0, c0 + w)
        np.maximum(window, _pass_cap(link.cost, factor) - link.crop.values, out=window)


def _later_link(ctx, p, kpair, win, reached):
    """The :class:`_Link` of link *kpair* after the early pass of *p*: no path, above MAX_COST, through a
    third patch, or kept. *reached*: (flat index in the :class:`_Window` *win*, cost) where the front reached the late patch, or None."""
    plan, surface = ctx.plan, ctx.surface
    if reached is None:
        status = LinkStatus.NO_PATH if plan.max_cost <= 0 or plan.ub[kpair] <= plan.max_cost \
            else LinkStatus.OVER_MAX_COST
        return _Link(kpair, status, np.inf, 0, None)
    index, cost = reached
    if cost > plan.max_ok:
        return _Link(kpair, LinkStatus.OVER_MAX_COST, cost, 0, None)
    path = np.array(win.mcp.traceback(win.local([win.cell(index)])[0]), dtype=np.int64) + win.origin
    pr, pc_ = path[:, 0], path[:, 1]
    on = surface.labels[pr, pc_]
    others = np.unique(on[(on != 0) & (on != p + 1) & (on != plan.late[kpair] + 1)])
    if len(others):      # the lowest label (for the warning); -1 when the path crosses more than one
        return _Link(kpair, LinkStatus.THIRD_PATCH, cost, int(others[0]) if len(others) == 1
                     else -int(others[0]), None)
    if p != plan.lo[kpair]:
        pr, pc_ = pr[::-1], pc_[::-1]
    return _Link(kpair, LinkStatus.KEPT, cost, 0, (pr, pc_))


def _earlier_band(ctx, p, part, costs, link):
    """The corridor band of the :class:`_Earlier` *link* from the late pass of *p* with the window's
    *costs* (*part*: :meth:`_Window.part`)."""
    (r0, c0), (h, w) = link.crop.origin, link.crop.values.shape
    mine = np.where(ctx.surface.labels[r0:r0 + h, c0:c0 + w] == p + 1, 0.0, part(costs, r0, r0 + h, c0, c0 + w))
    return _corridor_band(link.cost, ctx.plan.factor, mine, link.crop, ctx.plan.corridor_raster)


def _certified_crop(ctx, p, windowed, front, reach):
    """The certified costs of the pass of *p* for its later partners (:class:`_Crop`); *windowed*: (the
    :class:`_Window` of the pass, its costs).

    The crop is the bounding box of the certified cells: those within *reach*
    up to the final near cap that pass the corridor test of the final caps;
    the others in it are inf.
    """
    win, costs = windowed
    r0, r1, c0, c1 = _crop_box(costs, reach, front.near)      # reach: the window's box
    surface, caps = ctx.surface, front.caps
    values = np.array(win.part(costs, r0, r1, c0, c1), dtype=np.float64)
    values[surface.labels[r0:r1, c0:c1] == p + 1] = 0.0
    d = surface.nearest[r0:r1, c0:c1]
    z = surface.alloc[r0:r1, c0:c1]
    with np.errstate(invalid="ignore"):          # inf - inf on unreached cells: not certified
        total = values + d
        certified = (total <= caps[0][z]) | ((total <= caps[1][z]) & (values - d <= caps[2][z]))
    values[~certified] = np.inf
    rr, cc = np.flatnonzero(certified.any(axis=1)), np.flatnonzero(certified.any(axis=0))
    if len(rr) == 0:                             # no cell certified (a kept link's path always is)
        return _Crop(values.astype(np.float32), (int(r0), int(c0)))
    values = values[rr[0]:rr[-1] + 1, cc[0]:cc[-1] + 1]
    return _Crop(values.astype(np.float32), (int(r0 + rr[0]), int(c0 + cc[0])))


def _crop_box(costs, reach, near):
    """(r0, r1, c0, c1): the bounding box of the cells in *reach* (the window of *costs*) whose cost is at
    most *near*."""
    (b0, _b1), (d0, _d1) = reach
    inside = costs <= near
    cols_any = np.flatnonzero(inside.any(axis=0))
    c0, c1 = d0 + cols_any[0], d0 + cols_any[-1] + 1
    rows_any = np.flatnonzero(inside[:, c0 - d0:c1 - d0].any(axis=1))
    return b0 + rows_any[0], b0 + rows_any[-1] + 1, c0, c1


def _serial_passes(ctx, collector):
    """Run the passes in order in this process."""
    schedule = collector.schedule
    for p in schedule.order:
        task = schedule.task(p)
        if task is not None:
            result = _patch_pass(ctx, task)
            collector.record(result)
            collector.shape(result)


def _parallel_passes(ctx, collector, count):
    """Run the passes of *collector*'s schedule in *count* forked workers; returns each worker's peak private
    bytes.

    The parent hands each idle worker the first ready pass in order (list
    scheduling), records every answer at once (so that the passes waiting for it
    become ready) and only then turns corridor bands into polygons. A cancel
    (checked every 0.1 s) or an error stops all workers at once.
    """
    def serve(connection):
        ctx.run = Run(None, None)
        ctx.in_worker = True
        serve_tasks(connection, lambda task: _patch_pass(ctx, task))

    schedule, peak = collector.schedule, {}
    with _worker_pool(count, serve) as workers:
        ctx.surface.release()
        while not schedule.complete():
            _dispatch(workers, schedule)
            if not workers.busy():
                if schedule.complete():
                    break
                raise RuntimeError("corridor passes: nothing ready and nothing running")
            _collect(workers, collector, peak)
    return [peak[pid] for pid in sorted(peak)]


def _dispatch(workers, schedule):
    """Hand each idle worker the first ready pass in order (passes with nothing to do finish here)."""
    for worker in workers.idle():
        task = None
        while task is None:
            p = schedule.ready()
            if p is None:
                return
            task = schedule.task(p)
        workers.submit(worker, task)


def _collect(workers, collector, peak):
    """Record the answers that arrive within 0.1 s, hand out the passes they make ready, then shape them.

    *peak*: {worker pid: its peak private bytes}, updated.
    """
    run = collector.job.run
    answers = workers.results(0.1)
    run.check()
    for worker, result in answers:
        collector.record(result)
        peak[worker.pid] = max(peak.get(worker.pid, 0), result.private_bytes or 0)
    _dispatch(workers, collector.schedule)          # the newly ready passes before the polygons
    for _worker, result in answers:
        collector.shape(result)
        run.check()


def _corridor_band(cost, factor, mine, crop, excess):
    """Corridor cells of a link of *cost* in a window: a :class:`_Band` or ``None``.

    *mine*: the late patch's costs on the window of the early patch's certified
    costs *crop* (:class:`_Crop`); a cell is in the band where *mine* + crop ≤
    cost × factor. The result is cut to the band's bounding box; its excess
    (float32, NaN outside the band) is the corridor raster's value, only when
    *excess* is asked for.
    """
    r0, c0 = crop.origin
    total = mine + crop.values
    band = total <= _band_cap(cost, factor)
    if not band.any():
        return None
    br = np.flatnonzero(band.any(axis=1))
    bc = np.flatnonzero(band.any(axis=0))
    box = (slice(br[0], br[-1] + 1), slice(bc[0], bc[-1] + 1))
    sub = band[box]
    values = None
    if excess:
        values = np.where(sub, np.maximum(total[box] - cost, 0.0), np.nan).astype(np.float32)
    return _Band(sub, values, (int(r0 + br[0]), int(c0 + bc[0])))


def _corridor_shape(band, grid, out_raster, polygonize):
    """(MultiPolygon, area m²) of a :func:`_corridor_band`; updates *out_raster* (least excess cost)."""
    if band is None:
        return shapely.MultiPolygon(), 0.0
    sub, values, (r0, c0) = band
    if out_raster is not None:
        h, w = sub.shape
        window = out_raster[r0:r0 + h, c0:c0 + w]
        np.fmin(window, values, out=window)
    x0 = grid.x0 + c0 * grid.dx
    y0 = grid.y0 - r0 * grid.dy
    geoms, _ = polygonize(sub.astype(np.uint8), x0, y0, grid.dx, grid.dy)
    geom = shapely.union_all(geoms) if len(geoms) else shapely.MultiPolygon()
    return geom, float(sub.sum()) * grid.dx * grid.dy


# --------------------------------------------------------------------------- parameters

_TOLERANCE_MAX = 1000.0


def check_parameters(max_cost, tolerance, gap_resistance, min_patch_area, cell_size=None, *,
                     dispersal_cost=0.0):
    """Raise :class:`KernelError` for parameter values that cannot work (used before the run)."""
    check_number("MAX_COST", max_cost, 0.0)
    check_number("DISPERSAL_COST", dispersal_cost, 0.0)
    t = check_number("CORRIDOR_TOLERANCE", tolerance, 0.0)
    if t > _TOLERANCE_MAX:
        raise KernelError(N_("CORRIDOR_TOLERANCE is {value} %; at most {max} % makes sense (the corridor "
                             "would cover the whole area). Enter e.g. 10."),
                          value=f"{t:g}", max=f"{_TOLERANCE_MAX:g}")
    check_number("GAP_RESISTANCE", gap_resistance, 0.0)
    check_number("MIN_PATCH_AREA", min_patch_area, 0.0)
    if cell_size is not None:
        c = check_number("CELL_SIZE", cell_size, 0.0)
        if c <= 0:
            raise KernelError(N_("CELL_SIZE must be greater than 0 m, e.g. 25."))

