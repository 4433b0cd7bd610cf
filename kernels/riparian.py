"""Riparian strips and river development corridors (``wertvoll:riparianstrips``, issue 4): the pure kernel.

The QGIS wrapper reads the layers in one metric CRS, converts them to shapely
arrays, calls :func:`riparian_strips` and writes the result. No QGIS here:
numpy, shapely 2 and pandas only. All lengths in metres, areas in m².

Rules
-----
Water bodies (``rivers``)
    * Lines (LineString/MultiLineString) are river axes: the channel's centre.
      The water line lies half the channel width away on both sides.
      Width per feature: ``channel_width`` when it is a number >= 0, else
      ``default_channel_width`` (negative widths: warning, default used).
    * Polygons are water areas (ATKIS/ALKIS: the water surface at mean water
      level): their edge is the water line. Invalid polygons are repaired
      (``make_valid``, polygonal parts kept) with a warning.
    * Exempt features (``exempt`` True: SächsWG §1(2), WHG §2(2)) are left out
      of strips, slope band, corridors and river length; counted in the stats.

Top of the bank (WHG §38(2) sentence 2, SächsWG §24(1), (2): the strip is measured
from the top of the bank, Böschungsoberkante)
    The bank offset of a feature (distance from its geometry to the top of the
    bank) is width / 2 + bank for lines and bank for polygons, where bank (the
    horizontal width of the bank slope per side) is, in this order:
    ``line``  0 when the feature lies wholly inside the ``bank_areas`` (water
              bodies up to the top of the bank); the bank areas are added as water
              areas (index -1) with bank 0, so the strip is measured from their
              edge. A feature partly inside keeps only its part outside them, with
              its own bank below (source ``line;field``, ``line;rule`` …);
    ``field`` ``bank_width`` when it is a number >= 0;
    ``rule``  ``bank_height`` × ``bank_slope`` (both assumptions of the caller;
              the algorithm's defaults :data:`BANK_HEIGHT` and :data:`BANK_SLOPE`);
    ``none``  0 when the rule gives 0: the strip starts at the water line.
    The water body (never strip) reaches up to the top of the bank. The bank
    slope itself (the Ufer of SächsWG §24(1)) is not drawn as a band.
    * Features without geometry, points, invalid lines (fewer than two distinct
      points) and polygons without area after the repair are skipped; each kind
      is reported with a count and the first feature ids.

Strips (``ruleset``, :func:`ruleset_bands`)
    * ``saxony`` (SächsWG §24(2)): 10 m landward of the bank outside built-up
      areas, 5 m inside; the first 5 m are the band without fertiliser and
      pesticides (SächsWG §24(3) no. 1). ``federal`` (WHG §38(3)): 5 m outside,
      none inside. ``custom``: ``width_outside``, ``width_inside``,
      ``inner_band`` (defaults: the Saxon numbers).
    * A point belongs to the band [a, b) of its zone when its distance to the
      nearest bank of any feature (distance to the axis - bank offset, or to the
      polygon) is >= a and < b; points on any water body are never strip. So
      bands never overlap, overlapping buffers of touching segments and
      confluences count once, and the strip of a small stream ends at the bank
      of the river it flows into.
    * Zone: ``inside`` = the part inside the union of ``builtup``; ``outside`` =
      the rest. The width therefore switches exactly at the built-up edge.
    * Ends of river lines get round caps (the strip wraps around a spring).

Slope band (WHG §38a(1), only with a ``dem``)
    The network (line features merged where they touch end to end; the banks of
    the union of the polygon features) is cut into stretches of about
    :data:`STRETCH_LENGTH` m (an assumption, not in the law). Every
    :data:`SAMPLE_SPACING` m (an assumption) along a stretch,
    on each bank (polygons: on the land side only), the DEM is sampled
    (bilinear) at 0, 5, 10, 15 and 20 m landward of the top of the bank; the slope of the
    least-squares line through these five heights is the slope towards the
    water at that point (positive when the land falls towards the water). A
    stretch side whose mean slope is >= 5 % gets the slope band: every strip
    band starting below 5 m (the green-cover width of §38a) on that side of the
    stretch (a single-sided buffer of the stretch) is split off with
    ``slope_band`` True and the extra restriction ``green_cover``. Samples
    outside the DEM or on nodata are ignored; stretch sides without any sample
    get no slope band (warning). At confluences a wedge of at most
    ½·r²·(bend angle) between two stretches may keep ``slope_band`` False.
    §38a binds farmland ("landwirtschaftlich genutzte Flächen") only: with
    ``farmland`` polygons the band is cut to them (``slope_scope`` 'farmland');
    without (None: no land use given) it covers all land (``slope_scope``
    :data:`SLOPE_SCOPE_ALL`). The direction of the lines does not matter here
    or anywhere else (both sides are sampled, lines merge in either direction).

Corridors (LAWA 2016/2019 "Gewässerentwicklungskorridor")
    width = channel width × factor × 1.25 (dynamics surcharge), at least
    ``min_corridor`` (total width, centred on the axis; polygons are buffered by
    (width - channel width) / 2, their channel width being ``channel_width``
    when given, else 2 × area / perimeter). Factor per feature: the
    ``corridor_factors`` value when > 0, else ``corridor_factor`` when given,
    else the river-type table row of ``river_types`` (unknown types: warning),
    else the table's ``default`` row. With ``dissolve`` the corridors of one
    river (same ``river_ids`` value, else same ``river_names`` value, else all
    features) are dissolved into one polygon whose ``corridor_width_m`` is the
    length-weighted mean; corridors of different rivers overlap at confluences.
    ``corridor_area`` is the area of the union of all corridors.

Land use (``landuse`` polygons with ``landuse_codes``)
    Per strip layer ("strip <zone> <from>-<to> m") and "corridor": the area of
    each land-use code inside it (``share`` = area / layer area). Area not
    covered by any land-use polygon has code None. Where overlapping land-use
    polygons cover a piece of a layer more than once, their areas in that piece
    are scaled down in proportion (warning with the doubly covered area). The
    rows of a layer sum to its area; the strip layers sum to ``strip_area``.
    :func:`landuse_near` and :func:`tabulate_landuse` let a caller read only the
    land use near the strips and tabulate it in a second step.

Output
    ``dissolve`` True: one MultiPolygon per zone, band and ``slope_band``;
    ``bank_source`` lists the sources of all features (e.g. 'field;rule'). False:
    one per river feature, zone, band and ``slope_band``: the strips are split
    between the features (each point goes to the feature with the lowest index
    whose flat-ended buffer holds it, else whose round-ended buffer holds it),
    so area still counts once; ``bank_source`` is the feature's, and the parts
    only near a bank area have feature -1.

Performance: buffers are built per feature (vectorised) and dissolved on a
grid of tiles (each tile's union is small); the band, zone and slope overlays
run per tile, vectorised over a batch of :data:`TILE_BATCH` tiles, and only the
strip parts of a batch are kept; only pieces touching a tile edge are merged at
the end. A DEM and farmland handed over as callables are freed once the slope
band is drawn. Spatial joins are STRtree bulk queries; Python loops run over
tiles, groups and overlay rounds, never over features × overlay features.
Vectorised calls are cut into chunks that run on ``workers`` threads (shapely 2
releases the GIL); cancellation is checked at least every few tenths of a second.
"""
import dataclasses
import math
import os
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from enum import IntEnum
from pathlib import Path
from typing import NamedTuple, Optional, Sequence

import numpy as np
import pandas as pd
import shapely
from shapely import GeometryType

from ..kinds import STRIP_LANDUSE, STRIPS
from .errors import N_, Cancelled, KernelError, check_number
from .geometry import (
    SLIVER_AREA,
    as_geometry_array,
    clean_polygons,
    multipolygons,
    overlay_rounds,
    polygon_parts,
    present_mask,
    subdivide,
)
from .grid import Grid
from .memory import release_free_memory
from .progress import Run
from .tables import counted, parse_number, read_csv_rows, table_records
from .value_table import normalize_code

RULESETS = ("saxony", "federal", "custom")
ZONES = ("outside", "inside")
#: (outside, inside, no-fertiliser band) in m: SächsWG §24(2) and (3) no. 1
SAXON_WIDTHS = (10.0, 5.0, 5.0)
#: WHG §38(3): 5 m outside built-up areas, none inside, no fertiliser band
FEDERAL_WIDTHS = (5.0, 0.0, 0.0)
RULE_TEXT = {
    "saxony": "SächsWG §24 Abs. 2, 3; WHG §38 Abs. 4",
    "federal": "WHG §38 Abs. 3, 4",
    "custom": "WHG §38 Abs. 3 Satz 2; SächsWG §24 Abs. 3; WHG §38 Abs. 4",
}
SLOPE_RULE = "WHG §38a Abs. 1"
#: restriction ids, in output order (texts: the wrapper's RESTRICTION_TEXTS)
RESTRICTION_IDS = ("no_fertiliser", "no_buildings", "no_deposits", "whg38", "green_cover")
GREEN_COVER_WIDTH = 5.0   # WHG §38a(1): green cover within 5 m of the top of the bank
SLOPE_DISTANCE = 20.0     # WHG §38a(1): slope averaged within 20 m of the top of the bank
SLOPE_THRESHOLD = 0.05    # WHG §38a(1): at least 5 %
#: sample distances from the top of the bank: 0 to 20 m is WHG §38a(1); the 5 m step is an
#: assumption of this plugin (Annahme), the law does not say how the mean slope is measured
PROFILE = np.array([0.0, 5.0, 10.0, 15.0, SLOPE_DISTANCE])
#: Annahme / assumption (not in WHG §38a): the slope is averaged per river stretch of about 100 m
STRETCH_LENGTH = 100.0
#: Annahme / assumption (not in WHG §38a): one slope profile every 10 m along a stretch
SAMPLE_SPACING = 10.0
#: Annahme / assumption: default height of the top of the bank above the mean water level (m) for
#: waters without a bank line or bank width; the algorithm's default (the kernel's default is 0 = none)
BANK_HEIGHT = 1.0
#: Annahme / assumption: default bank slope 1:n (horizontal n per 1 m of height); 1:1.5 is the
#: steepest bank that water associations usually accept for ditches (e.g. "nicht steiler als 1:1,5")
BANK_SLOPE = 1.5
#: where the top of the bank of a feature comes from (the ``bank_source`` field)
BANK_SOURCES = ("line", "field", "rule", "none")
#: the §38a slope band applies to farmland (WHG §38a(1) "landwirtschaftlich genutzte Flächen")
SLOPE_SCOPE_FARMLAND = "farmland"
SLOPE_SCOPE_ALL = "all land (no land use given)"
#: land-use codes counted as farmland by default: ALKIS AX_Landwirtschaft 43001 (arable 43001_1010,
#: grassland _1020, orchard meadow _1021, fallow _1200 …); a code counts when it starts with one of them
FARMLAND_CODES = ("43001",)
DYNAMICS_SURCHARGE = 1.25  # LAWA: +25 % corridor width for channel dynamics
MIN_CORRIDOR = 20.0       # m, default minimum corridor width (total)
QUAD_SEGS = 8             # segments per quarter circle of buffers
TILE_VERTICES = 50000     # buffer vertices per tile of the dissolve grid
TILE_BATCH = 16           # tiles of the dissolve grid overlaid at a time (bounds the memory of their unions)
MAX_VERTICES = 256        # overlay pieces are cut to at most this many vertices
SAMPLE_CHUNK = 100000     # slope samples per vectorised step
CORRIDOR_LAYER = "corridor"

#: The river-type table shipped with the plugin (corridor factors by LAWA type).
RIVER_TYPES_PATH = Path(__file__).resolve().parent.parent / "resources" / "riparian_river_types.csv"

_EMPTY = shapely.from_wkt("POLYGON EMPTY")
PARALLEL_MIN_COST = 20000  # coordinates below which a vectorised call runs in the calling thread


class _ParallelRun(Run):
    """:class:`~.progress.Run` whose ``map`` spreads the chunks over threads.

    shapely 2 releases the GIL inside GEOS, so chunks of one vectorised call run
    on all cores; ``tasks`` runs independent calls (one union per tile) the same
    way. While waiting, cancellation is checked every 0.1 s; on a cancel the
    queued chunks are dropped and :class:`Cancelled` is raised.
    """

    def __init__(self, progress, is_cancelled, workers=None, log=None):
        super().__init__(progress, is_cancelled, log)
        self.workers = max(1, int(workers or min(8, os.cpu_count() or 1)))
        self.pool = ThreadPoolExecutor(self.workers) if self.workers > 1 else None
        self.cancelled = False

    def close(self):
        """Stop the threads (after a cancel without waiting for the chunks still running)."""
        if self.pool is not None:
            self.pool.shutdown(wait=not self.cancelled, cancel_futures=True)
            self.pool = None
        release_free_memory()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def map(self, func, *arrays, chunk=None, span=None):
        n = len(arrays[0])
        if self.pool is None or n < 2:
            return super().map(func, *arrays, chunk=chunk, span=span)
        cost = np.full(n, 20, dtype=np.int64)
        for a in arrays:
            if a.dtype == object:
                cost += shapely.get_num_coordinates(a)
        csum = np.cumsum(cost)
        if csum[-1] < PARALLEL_MIN_COST:
            return super().map(func, *arrays, chunk=chunk, span=span)
        # chunks small enough to cancel quickly and to keep every worker busy
        budget = max(2000, min((chunk or 8000) * 60, int(csum[-1] // (4 * self.workers)) + 1))
        ends = np.unique(np.r_[np.searchsorted(csum, np.arange(budget, csum[-1], budget), side="right"),
                               np.arange(chunk or 8000, n, chunk or 8000), n])
        ends = ends[ends > 0]
        starts = np.r_[0, ends[:-1]]
        futures = [self.pool.submit(func, *[a[s:e] for a in arrays]) for s, e in zip(starts, ends)]
        return np.concatenate(self._collect(futures, span, starts / n))

    def tasks(self, func, items):
        """``[func(*item) for item in items]``, run on the worker threads."""
        items = list(items)
        if self.pool is None or len(items) < 2:
            out = []
            for item in items:
                self.check()
                out.append(func(*item))
            return out
        return self._collect([self.pool.submit(func, *item) for item in items])

    def _collect(self, futures, span=None, fractions=None):
        out = []
        try:
            for k, future in enumerate(futures):
                while True:
                    self.check()
                    try:
                        out.append(future.result(timeout=0.1))
                        break
                    except FutureTimeout:
                        continue
                if span is not None and fractions is not None and self._progress is not None:
                    self._progress(float(span[0] + (span[1] - span[0]) * fractions[k]))
        except Cancelled:
            for other in futures:
                other.cancel()
            self.cancelled = True
            raise
        self.check()
        return out


# --------------------------------------------------------------------------- rulesets

@dataclass(frozen=True)
class Band:
    """One band of a zone: distances from the bank [start, end) in m."""

    zone: str
    start: float
    end: float
    rule: str
    restrictions: tuple

    @property
    def layer(self):
        """Name of the band in the land-use table, e.g. ``strip outside 0-5 m``."""
        return "strip %s %s-%s m" % (self.zone, _fmt(self.start), _fmt(self.end))


def _fmt(value):
    return ("%.2f" % value).rstrip("0").rstrip(".")


def ruleset_bands(ruleset, width_outside=None, width_inside=None, inner_band=None):
    """The bands of *ruleset* (outside zone first, then inside; each from the bank out).

    ``width_*`` and ``inner_band`` are used by ``custom`` only (None: the Saxon value).
    """
    if ruleset not in RULESETS:
        raise KernelError(N_("RULESET is '{value}'; use one of saxony, federal, custom."), value=ruleset)
    if ruleset == "saxony":
        w_out, w_in, inner = SAXON_WIDTHS
    elif ruleset == "federal":
        w_out, w_in, inner = FEDERAL_WIDTHS
    else:
        w_out = check_number("WIDTH_OUTSIDE", SAXON_WIDTHS[0] if width_outside is None else width_outside, 0.0)
        w_in = check_number("WIDTH_INSIDE", SAXON_WIDTHS[1] if width_inside is None else width_inside, 0.0)
        inner = check_number("INNER_BAND", SAXON_WIDTHS[2] if inner_band is None else inner_band, 0.0)
    if ruleset == "federal":
        inner_r = outer_r = ("whg38",)
    else:
        inner_r = ("no_fertiliser", "no_buildings", "no_deposits", "whg38")
        outer_r = ("no_buildings", "no_deposits", "whg38")
    rule = RULE_TEXT[ruleset]
    bands = []
    for zone, width in (("outside", w_out), ("inside", w_in)):
        if width <= 0:
            continue
        if 0 < inner < width:
            bands.append(Band(zone, 0.0, inner, rule, inner_r))
            bands.append(Band(zone, inner, width, rule, outer_r))
        else:
            bands.append(Band(zone, 0.0, width, rule, inner_r if inner > 0 else outer_r))
    return bands


# --------------------------------------------------------------------------- river types

@dataclass(frozen=True)
class RiverType:
    """One row of the river-type table: corridor factor of a river type or laufform."""

    key: str
    label: str
    factor: float
    source: str = ""
    status: str = ""
    line: int = 0


class RiverTypeTable:
    """Corridor factors by river type (normalised key); the row ``default`` is required."""

    def __init__(self, rows, path=""):
        self.path = str(path)
        self.rows = {r.key: r for r in rows}

    @property
    def default(self):
        return self.rows["default"]

    def get(self, value):
        key = normalize_code(value)
        return None if key is None else self.rows.get(key)

    def __len__(self):
        return len(self.rows)


def load_river_types(path=None):
    """Read the river-type CSV (``type;label;factor`` required, ``source;status`` optional).

    UTF-8, separator ``;`` or ``,``; keys are normalised like land-use codes
    (``17``, ``17.0`` -> ``"17"``). Raises :class:`KernelError` naming the line.
    """
    path = Path(path) if path else RIVER_TYPES_PATH
    spath = str(path)
    rows = {}
    csv_rows = read_csv_rows(
        path,
        N_("River-type table {path} cannot be read ({reason}). Check the path and that the file exists."),
        N_("River-type table {path} is not UTF-8 text. Save it as 'CSV UTF-8' and run again."))
    for line, value in table_records(csv_rows, path, ("type", "factor"),
                                     N_("River-type table {path}, line {line}: the header lacks the column(s) "
                                        "{missing}. The first line must name the columns type;label;factor "
                                        "(source and status are optional).")):
        key = normalize_code(value.get("type"))
        factor = parse_number(value.get("factor", ""))
        if key is None or not math.isfinite(factor) or factor <= 0:
            raise KernelError(N_("River-type table {path}, line {line}: each row needs a type and a factor "
                                 "greater than 0 (found '{type}', '{factor}'). Correct the line."),
                              path=spath, line=line, type=value.get("type", ""), factor=value.get("factor", ""))
        if key in rows:
            raise KernelError(N_("River-type table {path}: type '{type}' appears on line {first} and on line "
                                 "{line}. Keep one of the two lines."),
                              path=spath, type=key, first=rows[key].line, line=line)
        rows[key] = RiverType(key, value.get("label", ""), factor, value.get("source", ""),
                              value.get("status", ""), line)
    if "default" not in rows:
        raise KernelError(N_("River-type table {path} has no row 'default'. Add a row with type 'default' "
                             "and the factor used for rivers without a known type."), path=spath)
    return RiverTypeTable(rows.values(), spath)


def is_farmland(codes, prefixes=FARMLAND_CODES):
    """Per land-use code: True when it starts with one of *prefixes* (both normalised, e.g. 43001_1010)."""
    pre = tuple(p for p in (normalize_code(x) for x in prefixes) if p)
    out = np.zeros(len(codes), dtype=bool)
    if not pre:
        return out
    for i, value in enumerate(codes):
        code = normalize_code(value)
        out[i] = code is not None and code.startswith(pre)
    return out


# --------------------------------------------------------------------------- result

@dataclass
class RiparianResult:
    """What :func:`riparian_strips` returns (see the module docstring for the rules)."""

    strips: np.ndarray            # MultiPolygon per row of strip_table
    strip_table: pd.DataFrame     # STRIP_COLUMNS; feature = river feature index or -1 (dissolved)
    corridors: np.ndarray         # MultiPolygon per row of corridor_table
    corridor_table: pd.DataFrame  # CORRIDOR_COLUMNS; feature = first feature of the group
    landuse: pd.DataFrame         # LANDUSE_COLUMNS
    warnings: list = field(default_factory=list)  # (template, params)
    stats: dict = field(default_factory=dict)
    targets: list = field(default_factory=list)   # (land-use layer name, disjoint polygon pieces)
    _target_tree: object = None

    def drop_targets(self):
        """Free the land-use targets (and the tree of :func:`landuse_near`) once the land use is tabulated:
        writing the result does not need them."""
        self.targets, self._target_tree = [], None
        release_free_memory()


STRIP_COLUMNS = ("feature", *STRIPS.names())  # feature index, then the output fields (kinds.py)
CORRIDOR_COLUMNS = ("feature", "corridor_width_m", "factor", "area_m2")
LANDUSE_COLUMNS = STRIP_LANDUSE.names()


# --------------------------------------------------------------------------- geometry helpers

def _bulk_query(tree, geoms, predicate, run, chunk=1024):
    """``tree.query(geoms, predicate)`` in chunks on the worker threads: (input index, tree index)."""
    starts = range(0, len(geoms), chunk)
    parts = run.tasks(lambda s: tree.query(geoms[s:s + chunk], predicate=predicate) + np.array([[s], [0]]),
                      [(s,) for s in starts])
    res = np.concatenate([np.empty((2, 0), dtype=np.int64)] + [q.astype(np.int64) for q in parts], axis=1)
    return res[0], res[1]


def _object_array(items):
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _buffer(run, geoms, dist, cap_style="round"):
    """Buffers of *geoms* by *dist* (one distance per geometry) with :data:`QUAD_SEGS`."""
    return run.map(lambda x, d: shapely.buffer(x, d, quad_segs=QUAD_SEGS, cap_style=cap_style), geoms, dist)


def _solid_parts(geoms, run=None):
    """Single Polygons of *geoms* above :data:`SLIVER_AREA` and the index of the geometry of each."""
    parts, src = polygon_parts(geoms, run)
    keep = shapely.area(parts) > SLIVER_AREA
    return parts[keep], src[keep]


def _small_pieces(polys, run):
    """*polys* cut into pieces of at most :data:`MAX_VERTICES` vertices (fast spatial joins)."""
    return subdivide(polys, np.zeros(len(polys), dtype=np.int64), run, MAX_VERTICES)[0]


def _as_linestrings(rings):
    """LinearRings (or lines) as LineStrings of the same coordinates."""
    return shapely.linestrings(shapely.get_coordinates(rings),
                               indices=shapely.get_coordinates(rings, return_index=True)[1])


def _floats(values):
    """*values* as a float array (None: NaN)."""
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)






def _subtract_pairs(cur, owner, others, run, span=None):
    """``cur[owner[k]] -= others[k]`` for every k, in vectorised rounds (one owner per round)."""
    if len(owner) == 0:
        run.check()
        return cur
    order, rank = overlay_rounds(owner)
    owner, others = owner[order], others[order]
    for r in range(int(rank.max()) + 1):
        sel = rank == r
        cur[owner[sel]] = run.map(shapely.difference, cur[owner[sel]], others[sel])
    return cur


class _Tiles:
    """A grid of tiles for dissolving: each layer is clipped to the tiles and united per tile."""

    def __init__(self, polys, tile_vertices=None):
        tile_vertices = tile_vertices or TILE_VERTICES
        polys = polys[~shapely.is_empty(polys)] if len(polys) else polys
        if len(polys) == 0:
            x0, y0, x1, y1, nv = 0.0, 0.0, 1.0, 1.0, 0
        else:
            b = shapely.bounds(polys)
            x0, y0, x1, y1 = b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()
            nv = int(shapely.get_num_coordinates(polys).sum())
        n_tiles = max(1, math.ceil(nv / tile_vertices))
        w, h = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
        nx = max(1, round(math.sqrt(n_tiles * w / h)))
        ny = max(1, math.ceil(n_tiles / nx))
        self.xs = x0 - 2.0 + (w + 4.0) * np.arange(nx + 1) / nx
        self.ys = y0 - 2.0 + (h + 4.0) * np.arange(ny + 1) / ny
        gx, gy = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
        gx, gy = gx.ravel(), gy.ravel()
        self.gx, self.gy, self.nx, self.ny = gx, gy, nx, ny
        self.bounds = np.column_stack([self.xs[gx], self.ys[gy], self.xs[gx + 1], self.ys[gy + 1]])
        self.boxes = shapely.box(self.bounds[:, 0], self.bounds[:, 1], self.bounds[:, 2], self.bounds[:, 3])
        self.n = len(self.boxes)

    def union(self, polys, run):
        """Per tile: the union of *polys* clipped to the tile (empty polygon where none)."""
        return _TileLayer(self, polys, run).union(range(self.n), run)

    def batches(self, size=None):
        """The tile numbers in ranges of at most *size* (:data:`TILE_BATCH`) tiles, in order."""
        size = size or TILE_BATCH
        return [range(t0, min(t0 + size, self.n)) for t0 in range(0, self.n, size)]

    def seam_parts(self, parts, tile):
        """Which *parts* (polygons cut from tile *tile*) touch an inner edge of their tile."""
        if self.n == 1 or len(parts) == 0:
            return np.zeros(len(parts), dtype=bool)
        pb, tb = shapely.bounds(parts), self.bounds[tile]
        gx, gy, eps = self.gx[tile], self.gy[tile], 1e-6
        seam = (gx > 0) & (pb[:, 0] <= tb[:, 0] + eps)
        seam |= (gx < self.nx - 1) & (pb[:, 2] >= tb[:, 2] - eps)
        seam |= (gy > 0) & (pb[:, 1] <= tb[:, 1] + eps)
        seam |= (gy < self.ny - 1) & (pb[:, 3] >= tb[:, 3] - eps)
        return seam


class _TileLayer:
    """Polygons and the tiles each reaches, united tile by tile (a batch of tiles at a time)."""

    def __init__(self, tiles, polys, run):
        polys = as_geometry_array(polys)
        self.tiles = tiles
        self.polys = polys[~shapely.is_empty(polys)] if len(polys) else polys
        self.tix = self.pix = np.empty(0, dtype=np.int64)
        if tiles.n > 1 and len(self.polys):
            tix, pix = _bulk_query(shapely.STRtree(self.polys), tiles.boxes, "intersects", run, chunk=64)
            order = np.argsort(tix, kind="stable")
            self.tix, self.pix = tix[order], pix[order]

    def union(self, batch, run):
        """Per tile of *batch* (a range of tile numbers): the union of the polygons clipped to the tile
        (empty polygon where none)."""
        out = np.full(len(batch), _EMPTY, dtype=object)
        if len(self.polys) == 0:
            return out
        tiles = self.tiles
        if tiles.n == 1:
            run.check()
            out[0] = shapely.intersection(shapely.union_all(self.polys), tiles.boxes[0])
            return out
        lo, hi = np.searchsorted(self.tix, [batch.start, batch.stop])
        tix, pix = self.tix[lo:hi], self.pix[lo:hi]
        if len(tix) == 0:  # none of the polygons reaches these tiles (e.g. built-up areas far from every river)
            return out
        pb, t = shapely.bounds(self.polys[pix]), tiles.bounds[tix]
        inside = (pb[:, 0] >= t[:, 0]) & (pb[:, 1] >= t[:, 1]) & (pb[:, 2] <= t[:, 2]) & (pb[:, 3] <= t[:, 3])
        pieces = self.polys[pix]
        clip = ~inside
        if clip.any():
            pieces[clip] = run.map(shapely.intersection, self.polys[pix[clip]], tiles.boxes[tix[clip]])
        starts = np.flatnonzero(np.r_[True, tix[1:] != tix[:-1]])
        ends = np.r_[starts[1:], len(tix)]
        single = (ends - starts == 1) & inside[starts]
        out[tix[starts[single]] - batch.start] = pieces[starts[single]]
        todo = [(pieces[s:e],) for s, e in zip(starts[~single], ends[~single])]
        out[tix[starts[~single]] - batch.start] = _object_array(run.tasks(shapely.union_all, todo))
        return out


def _merge_parts(parts, seam):
    """One MultiPolygon of *parts* (polygons cut by tiles); the *seam* parts are united first."""
    if len(parts) == 0:
        return None
    keep = [parts[~seam]]
    if seam.any():
        merged = shapely.get_parts(shapely.union_all(parts[seam]))
        keep.append(merged[shapely.get_type_id(merged) == 3])
    polys = np.concatenate(keep)
    polys = polys[shapely.area(polys) > SLIVER_AREA]
    return shapely.multipolygons(polys) if len(polys) else None


def _union_parts(polys):
    """(polygons of the union of *polys*, no seams): arguments for :func:`_merge_parts`."""
    parts = shapely.get_parts(shapely.union_all(polys)) if len(polys) > 1 else shapely.get_parts(polys)
    parts = parts[shapely.get_type_id(parts) == 3]
    return parts, np.zeros(len(parts), dtype=bool)


def _dissolve_one(polys, run):
    """The union of *polys* as one MultiPolygon (tiled for large inputs)."""
    polys = as_geometry_array(polys)
    if len(polys) == 0:
        return None
    if len(polys) == 1 or int(shapely.get_num_coordinates(polys).sum()) <= TILE_VERTICES:
        run.check()
        parts, _ = polygon_parts(np.array([shapely.union_all(polys)], dtype=object))
        parts = parts[shapely.area(parts) > SLIVER_AREA]
        return shapely.multipolygons(parts) if len(parts) else None
    tiles = _Tiles(polys)
    parts, tile = polygon_parts(tiles.union(polys, run), run)
    return _merge_parts(parts, tiles.seam_parts(parts, tile))


# --------------------------------------------------------------------------- input cleaning

_LINEAR = (GeometryType.LINESTRING, GeometryType.LINEARRING, GeometryType.MULTILINESTRING)
_POLYGONAL = (GeometryType.POLYGON, GeometryType.MULTIPOLYGON)


class RiverKind(IntEnum):
    """What a river feature is after the cleaning (the values of the ``kind`` arrays)."""

    SKIPPED = 0
    LINE = 1
    POLYGON = 2


class _CleanedRivers(NamedTuple):
    """The river features classified and repaired by :func:`_clean_rivers`."""

    geoms: np.ndarray  # geometry per feature (None where skipped)
    kind: np.ndarray   # RiverKind per feature (int8)
    empty: list        # indices of the features without geometry
    invalid: list      # indices of the features with an unusable geometry
    repaired: int      # number of repaired polygons


def _clean_rivers(geoms, run):
    """Classify and repair the water bodies: a :class:`_CleanedRivers`."""
    geoms = as_geometry_array(geoms)
    n = len(geoms)
    kind = np.zeros(n, dtype=np.int8)
    out = np.full(n, None, dtype=object)
    if n == 0:
        return _CleanedRivers(out, kind, [], [], 0)
    present = present_mask(geoms)
    idx = np.flatnonzero(present)
    g = geoms[idx]
    if len(g) and shapely.has_z(g).any():
        g = run.map(shapely.force_2d, g)
    types = _resolve_collections(g)
    is_poly = np.isin(types, _POLYGONAL)
    valid = run.map(shapely.is_valid, g)
    line_ok = _clean_lines(g, np.isin(types, _LINEAR) & valid)
    poly_ok, repaired = _repair_polygons(g, is_poly, valid, run)
    kind[idx[line_ok]] = RiverKind.LINE
    kind[idx[poly_ok]] = RiverKind.POLYGON
    out[idx[line_ok]] = g[line_ok]
    out[idx[poly_ok]] = g[poly_ok]
    return _CleanedRivers(out, kind, list(np.flatnonzero(~present)), list(idx[~(line_ok | poly_ok)]), repaired)


def _resolve_collections(g):
    """Replace each collection in *g* by its polygonal parts, else its linear parts; the type ids of *g*."""
    types = shapely.get_type_id(g)
    for i in np.flatnonzero(types == GeometryType.GEOMETRYCOLLECTION):  # rare (mixed layers): a loop is fine
        parts = shapely.get_parts(g[i])
        ptypes = shapely.get_type_id(parts)
        polys = parts[np.isin(ptypes, _POLYGONAL)]
        lines = parts[np.isin(ptypes, _LINEAR)]
        if len(polys):
            g[i] = shapely.union_all(polys)
        elif len(lines):
            g[i] = shapely.multilinestrings(shapely.get_parts(lines))
        types[i] = shapely.get_type_id(g[i])
    return types


def _clean_lines(g, line_ok):
    """LinearRings among the valid lines *line_ok* of *g* become LineStrings; which lines have a length."""
    if line_ok.any():
        lg = g[line_ok]
        rings = shapely.get_type_id(lg) == GeometryType.LINEARRING
        if rings.any():
            lg[rings] = _as_linestrings(lg[rings])
        g[line_ok] = lg
        line_ok[line_ok] = shapely.length(lg) > 0
    return line_ok


def _repair_polygons(g, is_poly, valid, run):
    """Repair the invalid polygons of *g* (make_valid): (which polygons have an area, number repaired)."""
    poly_ok = is_poly.copy()
    bad = is_poly & ~valid
    repaired = int(bad.sum())
    if repaired:
        fixed = multipolygons(run.map(shapely.make_valid, g[bad]), run)
        g[bad] = fixed
        poly_ok[np.flatnonzero(bad)[np.array([f is None for f in fixed], dtype=bool)]] = False
    if poly_ok.any():
        poly_ok[poly_ok] = shapely.area(g[poly_ok]) > 0
    return poly_ok, repaired


def _first_ids(indices, fids, limit=5):
    ids = [str(int(fids[i])) if fids is not None else str(int(i)) for i in indices[:limit]]
    return ", ".join(ids) + (", …" if len(indices) > limit else "")


# --------------------------------------------------------------------------- DEM and slope

def _bilinear(grid, x, y):
    """Heights of *grid* at points x, y (bilinear between cell centres; NaN outside)."""
    values = grid.values
    rows, cols = values.shape
    fc = (x - grid.x0) / grid.dx - 0.5
    fr = (grid.y0 - y) / grid.dy - 0.5
    inside = (fc >= -0.5) & (fc <= cols - 0.5) & (fr >= -0.5) & (fr <= rows - 0.5)
    fc = np.clip(fc, 0.0, cols - 1.0)
    fr = np.clip(fr, 0.0, rows - 1.0)
    c0 = np.clip(np.floor(fc), 0, max(cols - 2, 0)).astype(np.int64)
    r0 = np.clip(np.floor(fr), 0, max(rows - 2, 0)).astype(np.int64)
    c1 = np.minimum(c0 + 1, cols - 1)
    r1 = np.minimum(r0 + 1, rows - 1)
    tx = np.clip(fc - c0, 0.0, 1.0)
    ty = np.clip(fr - r0, 0.0, 1.0)
    z = ((1 - tx) * (1 - ty) * values[r0, c0] + tx * (1 - ty) * values[r0, c1]
         + (1 - tx) * ty * values[r1, c0] + tx * ty * values[r1, c1])
    return np.where(inside, z, np.nan)


class _Network:
    """Polylines as flat coordinate arrays, for vectorised points, tangents and substrings."""

    def __init__(self, lines):
        coords, idx = shapely.get_coordinates(lines, return_index=True)
        # drop repeated points (zero-length segments have no direction)
        same = np.r_[False, (idx[1:] == idx[:-1]) & np.all(coords[1:] == coords[:-1], axis=1)]
        coords, idx = coords[~same], idx[~same]
        seg = np.r_[0.0, np.hypot(*(coords[1:] - coords[:-1]).T)]
        seg[np.r_[True, idx[1:] != idx[:-1]]] = 0.0
        n = len(lines)
        starts = np.searchsorted(idx, np.arange(n), side="left")
        ends = np.searchsorted(idx, np.arange(n), side="right")
        cum = np.cumsum(seg)
        base = cum[np.minimum(starts, len(cum) - 1)] if len(cum) else np.zeros(n)
        self.length = np.where(ends - starts >= 2, cum[np.maximum(ends - 1, 0)] - base, 0.0) if len(cum) \
            else np.zeros(n)
        # global key: strictly ordered over all lines (each line shifted past the previous one)
        shift = np.r_[0.0, np.cumsum(self.length + 1.0)[:-1]] - base
        self.key = cum + shift[idx]
        self.offset = shift + base  # key of the first vertex of each line
        self.coords, self.idx, self.starts, self.ends = coords, idx, starts, ends

    def locate(self, line, s):
        """Points at distance *s* along *line* (arrays) and the unit tangents there."""
        k = self.offset[line] + np.clip(s, 0.0, self.length[line])
        j = np.searchsorted(self.key, k, side="right") - 1
        j = np.clip(j, self.starts[line], self.ends[line] - 2)
        p0, p1 = self.coords[j], self.coords[j + 1]
        d = p1 - p0
        seg = np.hypot(d[:, 0], d[:, 1])
        t = np.clip((k - self.key[j]) / seg, 0.0, 1.0)
        return p0 + d * t[:, None], d / seg[:, None]

    def substrings(self, line, s0, s1):
        """LineStrings of *line* between distances s0 < s1 (vectorised)."""
        k0 = self.offset[line] + s0
        k1 = self.offset[line] + s1
        lo = np.searchsorted(self.key, k0, side="right")
        hi = np.searchsorted(self.key, k1, side="left")
        hi = np.maximum(hi, lo)
        inner = hi - lo
        count = inner + 2
        p0, _ = self.locate(line, s0)
        p1, _ = self.locate(line, s1)
        sid = np.repeat(np.arange(len(line)), count)
        pos = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        xy = np.empty((len(sid), 2))
        first = pos == 0
        last = pos == np.repeat(count - 1, count)
        mid = ~(first | last)
        xy[first] = p0
        xy[last] = p1
        xy[mid] = self.coords[np.repeat(lo, count)[mid] + pos[mid] - 1]
        return shapely.linestrings(xy, indices=sid)


class _Banks(NamedTuple):
    """The lines the slope is sampled along and which of their sides are land."""

    lines: np.ndarray    # LineStrings: the merged river axes first, then the rings of the water areas
    side_ok: np.ndarray  # (lines, 2) bool: [:, 0] the left side (+1) is land, [:, 1] the right side (-1)
    n_axes: int          # how many of the lines are river axes
    axes: np.ndarray     # the usable features that are river axes (their bank offsets)
    areas: np.ndarray    # the usable features that are water areas


class _Stretches(NamedTuple):
    """The bank lines cut into stretches of about :data:`STRETCH_LENGTH` m, sampled every
    :data:`SAMPLE_SPACING` m."""

    line: np.ndarray            # bank line of each stretch
    start: np.ndarray           # where each stretch starts along its line (m)
    length: np.ndarray          # length of each stretch (m)
    sample_stretch: np.ndarray  # stretch of each sample
    sample_at: np.ndarray       # where each sample lies along its line (m)


class _SlopeSampling(NamedTuple):
    """What the slope samples of one run read: the bank lines, their stretches and the DEM."""

    network: _Network
    banks: _Banks
    stretches: _Stretches
    offset: np.ndarray  # bank offset of each stretch (m from the line)
    dem: object


class _SideCounts(NamedTuple):
    """Stretch sides of the slope band check (the run's statistics, in this order)."""

    stretch_sides: int  # stretch sides with land
    slope_sides: int    # of them with a mean slope >= 5 % towards the water
    no_dem_sides: int   # of them without any DEM sample


def _slope_mask(usable, dem, depth, run, span):
    """Single-sided buffers of the stretch sides with a mean slope >= 5 % towards the water.

    *usable*: the usable features (:class:`_Usable`); *depth*: how far the strips reach from the bank.
    Returns (mask polygons, :class:`_SideCounts`).
    """
    banks = _banks(usable, run)
    if banks is None:
        return np.empty(0, dtype=object), _SideCounts(0, 0, 0)
    network = _Network(banks.lines)
    run.check()
    stretches = _stretches(network)
    sampling = _SlopeSampling(network, banks, stretches, _stretch_offsets(network, stretches, banks, usable), dem)
    sums, counts = _sample_slopes(sampling, run, span)
    exists = banks.side_ok[stretches.line]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    flagged = exists & (counts > 0) & (mean >= SLOPE_THRESHOLD - 1e-9)
    sides = _SideCounts(int(exists.sum()), int(flagged.sum()), int((exists & (counts == 0)).sum()))
    return _side_buffers(sampling, flagged, depth, run), sides


def _banks(usable, run):
    """The river axes merged where they touch end to end (both sides land) and the rings of the water
    areas (the land side only): a :class:`_Banks`, None without either. River features measured from a
    bank area (inside it) are left out: the ring of the bank area is sampled instead."""
    inside_bank_area = (usable.source == "line") & (usable.index >= 0)
    axis_idx = np.flatnonzero((usable.kind == RiverKind.LINE) & ~inside_bank_area)
    area_idx = np.flatnonzero((usable.kind == RiverKind.POLYGON) & ~inside_bank_area)
    axes = usable.geoms[axis_idx]
    areas = usable.geoms[area_idx]
    net, sides = [], []
    if len(axes):
        merged = shapely.get_parts(shapely.line_merge(shapely.multilinestrings(shapely.get_parts(axes))))
        merged = merged[shapely.length(merged) > 0]
        run.check()
        net.append(merged)
        sides.append(np.tile([[True, True]], (len(merged), 1)))
    if len(areas):
        rings, land_left = _area_rings(areas, run)
        net.append(rings)
        sides.append(np.column_stack([land_left, ~land_left]))
    if not net:
        return None
    return _Banks(np.concatenate(net), np.concatenate(sides), len(net[0]) if len(axes) else 0, axis_idx,
                  area_idx)


def _area_rings(areas, run):
    """The rings of the union of the water *areas* as LineStrings, and whether the land lies left of each."""
    run.check()
    polys, _ = polygon_parts(np.array([shapely.union_all(areas)], dtype=object))
    rings, ring_side = [shapely.get_exterior_ring(polys)], [np.ones(len(polys), dtype=bool)]
    n_int = shapely.get_num_interior_rings(polys)
    for k in range(int(n_int.max()) if len(n_int) else 0):
        has = n_int > k
        rings.append(shapely.get_interior_ring(polys[has], k))
        ring_side.append(np.zeros(int(has.sum()), dtype=bool))
    rings = _as_linestrings(np.concatenate(rings))
    exterior = np.concatenate(ring_side)
    ccw = shapely.is_ccw(rings)
    # the land lies right of a counter-clockwise exterior ring and left of a ccw hole
    return rings, np.where(exterior, ~ccw, ccw)


def _ranks(counts):
    """0, 1, …, count - 1 for each of *counts*, concatenated."""
    return np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)


def _stretches(network):
    """Every line of *network* cut into stretches of equal length, with their sample positions."""
    length = network.length
    n_st = np.maximum(1, np.round(length / STRETCH_LENGTH)).astype(np.int64)
    st_line = np.repeat(np.arange(len(length)), n_st)
    st_len = length[st_line] / n_st[st_line]
    st_s0 = _ranks(n_st) * st_len
    n_sm = np.maximum(1, np.ceil(st_len / SAMPLE_SPACING)).astype(np.int64)
    sm_st = np.repeat(np.arange(len(st_line)), n_sm)
    sm_s = st_s0[sm_st] + (_ranks(n_sm) + 0.5) * st_len[sm_st] / n_sm[sm_st]
    return _Stretches(st_line, st_s0, st_len, sm_st, sm_s)


def _stretch_offsets(network, stretches, banks, usable):
    """Offset of the top of the bank per stretch: that of the river axis (or water area) nearest to the
    stretch's middle."""
    st_off = np.zeros(len(stretches.line))
    on_line = stretches.line < banks.n_axes
    for on, feats in ((on_line, banks.axes), (~on_line, banks.areas)):
        if not on.any() or len(feats) == 0:
            continue
        mid, _ = network.locate(stretches.line[on], stretches.start[on] + stretches.length[on] / 2.0)
        q = shapely.STRtree(usable.geoms[feats]).query_nearest(shapely.points(mid), all_matches=False)
        near = np.zeros(int(on.sum()), dtype=np.int64)
        near[q[0]] = q[1]
        st_off[on] = usable.offset[feats[near]]
    return st_off


def _sample_slopes(sampling, run, span):
    """Sum and number of the slope samples of each stretch side: two (stretches, 2) arrays."""
    n_stretch = len(sampling.stretches.line)
    sums = np.zeros((n_stretch, 2))
    counts = np.zeros((n_stretch, 2))
    total = len(sampling.stretches.sample_stretch)
    for start in range(0, total, SAMPLE_CHUNK):
        run.report(span[0] + (span[1] - span[0]) * start / max(total, 1))
        _add_samples(sampling, slice(start, min(start + SAMPLE_CHUNK, total)), sums, counts)
    return sums, counts


def _add_samples(sampling, sl, sums, counts):
    """Add the slopes of the samples *sl* (a slice) to *sums* and *counts*, per stretch side."""
    st = sampling.stretches.sample_stretch[sl]
    ln = sampling.stretches.line[st]
    p, t = sampling.network.locate(ln, sampling.stretches.sample_at[sl])
    normal = np.column_stack([-t[:, 1], t[:, 0]])  # left of the direction of the line
    off = sampling.offset[st]
    for col, sign in ((0, 1.0), (1, -1.0)):
        ok = sampling.banks.side_ok[ln, col]
        if not ok.any():
            continue
        dist = off[ok, None] + PROFILE[None, :]
        x = p[ok, 0, None] + sign * normal[ok, 0, None] * dist
        y = p[ok, 1, None] + sign * normal[ok, 1, None] * dist
        z = _bilinear(sampling.dem, x, y)
        dc = PROFILE - PROFILE.mean()
        slope = (z * dc).sum(axis=1) / (dc * dc).sum()
        good = np.isfinite(slope)
        np.add.at(sums[:, col], st[ok][good], slope[good])
        np.add.at(counts[:, col], st[ok][good], 1)


def _side_buffers(sampling, flagged, depth, run):
    """Single-sided buffers, *depth* + 1 m beyond the bank, of the *flagged* stretch sides."""
    fs, fcol = np.nonzero(flagged)
    if len(fs) == 0:
        return np.empty(0, dtype=object)
    run.check()
    st = sampling.stretches
    pieces = sampling.network.substrings(st.line[fs], st.start[fs], st.start[fs] + st.length[fs])
    dist = np.where(fcol == 0, 1.0, -1.0) * (sampling.offset[fs] + depth + 1.0)
    mask = run.map(lambda g, d: shapely.buffer(g, d, quad_segs=QUAD_SEGS, single_sided=True), pieces, dist)
    return mask[~shapely.is_empty(mask)]


# --------------------------------------------------------------------------- main

@dataclass(frozen=True)
class Rivers:
    """The river features: geometries and, each None or one value per feature, their attributes.

    geoms: shapely (Multi)LineStrings or (Multi)Polygons in planar metres;
    channel_width / corridor_factors: floats (NaN or None = not given);
    river_types, river_ids, river_names: values of the fields; fids: feature ids for messages;
    bank_width: horizontal width of the bank slope per side in m, from the water line to the top
    of the bank (NaN or None = not given); exempt: True for waters exempted from the water law
    (SächsWG §1(2), WHG §2(2)): they get no strip and no corridor.
    """

    geoms: Sequence
    channel_width: Optional[Sequence[float]] = None
    corridor_factors: Optional[Sequence[float]] = None
    river_types: Optional[Sequence] = None
    river_ids: Optional[Sequence] = None
    river_names: Optional[Sequence] = None
    fids: Optional[Sequence[int]] = None
    bank_width: Optional[Sequence[float]] = None
    exempt: Optional[Sequence[bool]] = None


@dataclass(frozen=True)
class RiparianLayers:
    """The other input layers, each optional: built-up areas, the DEM and the land use.

    builtup / landuse: polygon arrays; landuse_codes: one code per land-use polygon;
    dem: :class:`~.grid.Grid`; bank_areas: polygons of the water bodies up to the top of the
    bank; farmland: the farmland polygons of the land use (None: no land use given, the slope
    band covers all land; an empty array: land use given, but no farmland).

    ``dem`` and ``farmland`` may also be handed over as a callable that returns them (e.g.
    ``[grid].pop``): the kernel calls it once, for the slope band, and drops the result right
    after, so that a caller keeping no other reference frees their memory before the strips are
    dissolved.
    """

    builtup: Optional[Sequence] = None
    dem: Optional[Grid] = None
    landuse: Optional[Sequence] = None
    landuse_codes: Optional[Sequence] = None
    bank_areas: Optional[Sequence] = None
    farmland: Optional[Sequence] = None


@dataclass(frozen=True)
class RiparianOptions:
    """The options of a run (see the module docstring for their rules).

    ``width_outside``, ``width_inside`` and ``inner_band`` are used by the ``custom``
    ruleset only (None: the Saxon value); ``type_table``: :class:`RiverTypeTable`
    (None: the shipped table). ``bank_height`` × ``bank_slope`` is the bank width of the
    features without a bank area or a bank width value (0: the strip starts at the water line).
    """

    ruleset: str = "saxony"
    width_outside: Optional[float] = None
    width_inside: Optional[float] = None
    inner_band: Optional[float] = None
    default_channel_width: float = 0.0
    corridor: bool = True
    corridor_factor: Optional[float] = None
    min_corridor: float = MIN_CORRIDOR
    dissolve: bool = True
    type_table: Optional[RiverTypeTable] = None
    bank_height: float = 0.0
    bank_slope: float = BANK_SLOPE


def riparian_strips(rivers, layers=None, options=None, *, workers=None, progress=None, is_cancelled=None,
                    log=None):
    """Riparian strips, slope band, corridors and land use; see the module docstring.

    rivers: :class:`Rivers`; layers: :class:`RiparianLayers` (None: none);
    options: :class:`RiparianOptions` (None: the defaults); workers: threads for
    the geometry work (None: the number of CPUs, at most 8); progress:
    ``callable(percent)``; is_cancelled: ``callable() -> bool``; log:
    ``callable(template, **params)`` naming each step for the user.

    Raises :class:`~.errors.KernelError` for bad parameters or when no river
    feature is usable, :class:`~.errors.Cancelled` on cancel.
    """
    with _ParallelRun(progress, is_cancelled, workers, log) as run:
        return _riparian(run, rivers, layers or RiparianLayers(), options or RiparianOptions())


@dataclass
class _Notes:
    """The warnings ``(template, params)`` and statistics gathered by the stages of one run."""

    warnings: list = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    def warn(self, template, **params):
        self.warnings.append((template, params))


class _Usable(NamedTuple):
    """The usable river features (and bank areas): input index, geometry, kind, widths and bank offset."""

    index: np.ndarray   # input index of the river feature; -1 for a polygon of BANK_AREAS
    geoms: np.ndarray
    kind: np.ndarray    # RiverKind
    width: np.ndarray   # channel width (m)
    offset: np.ndarray  # distance from the geometry to the top of the bank: width / 2 + bank for lines,
    #                     bank for polygons
    bank: np.ndarray    # width of the bank slope per side (m), water line to top of the bank
    source: np.ndarray  # where the top of the bank comes from: one of BANK_SOURCES


class _Buffers(NamedTuple):
    """Round buffers of the usable features at every band edge, and their water bodies."""

    by_edge: dict          # band edge (m from the bank) -> buffer per feature
    water: np.ndarray      # water body per feature (None: a line without channel width)
    has_water: np.ndarray
    dmax: float            # the outermost edge


@dataclass(frozen=True)
class _StripPlan:
    """What the strips are drawn from."""

    usable: _Usable
    buffers: _Buffers
    builtup: Optional[np.ndarray]  # built-up polygons (None: every strip is outside)
    mask: Optional[np.ndarray]     # slope-band mask polygons (None or empty: no slope band)
    bands: list                    # the bands drawn


class _Strips(NamedTuple):
    """Strip polygons, their table and their pieces per land-use layer."""

    geoms: np.ndarray
    table: pd.DataFrame
    by_layer: dict


class _Corridors(NamedTuple):
    """Corridor polygons, their table and the pieces of their union (None: no corridors drawn)."""

    geoms: np.ndarray
    table: pd.DataFrame
    pieces: Optional[np.ndarray]


def _riparian(run, rivers, layers, options):
    """The stages of :func:`riparian_strips`."""
    run.step(0, N_("Checking {count} river features and their channel widths …"), count=len(rivers.geoms))
    rivers, options, bands = _checked_inputs(rivers, options)
    notes = _Notes(stats={"features": len(rivers.geoms)})
    usable = _usable_rivers(rivers, options, notes, run)
    run.step(5, N_("Measuring the distances from the top of the banks …"))
    banked = _with_bank_areas(usable, layers.bank_areas, notes, run)
    buffers = _band_buffers(banked, bands, run)
    run.step(12, N_("Inside and outside built-up areas: choosing the strip width …"))
    builtup, bands = _builtup_zone(layers.builtup, bands, notes, run)
    if layers.dem is not None:
        run.step(15, N_("Checking the slope towards the water (WHG §38a) …"))
    else:
        run.report(15)
    mask = _slope_band(banked, layers, buffers.dmax, notes, run) if bands else None
    release_free_memory()  # the DEM and farmland handed over
    run.step(25, N_("Drawing the riparian strips and merging overlaps …"))
    strips = _draw_strips(_StripPlan(banked, buffers, builtup, mask, bands), options.dissolve, notes, run)
    del buffers, mask  # free the memory before the corridors and the land use
    release_free_memory()
    run.step(65, N_("Drawing the development corridors …") if options.corridor else N_("Summing up the strips …"))
    corridors = _draw_corridors(usable, rivers, options, notes, run)
    if layers.landuse is not None:
        run.step(80, N_("Tabulating the land use inside strips and corridors …"))
    else:
        run.report(100)
    result = RiparianResult(strips=strips.geoms, strip_table=strips.table, corridors=corridors.geoms,
                            corridor_table=corridors.table, landuse=pd.DataFrame(columns=list(LANDUSE_COLUMNS)),
                            warnings=notes.warnings, stats=notes.stats,
                            targets=_landuse_targets(bands, strips.by_layer, corridors.pieces, run))
    if layers.landuse is not None:
        _tabulate_into(result, layers.landuse, layers.landuse_codes, run, span=(80, 98))
    run.report(100)
    return result


def _checked_inputs(rivers, options):
    """(*rivers* with arrays of geometries and feature ids, *options* with checked numbers, the bands).

    Raises :class:`KernelError` for a bad option, ValueError for an attribute without one value per feature.
    """
    rivers = replace(rivers, geoms=as_geometry_array(rivers.geoms))
    bands = ruleset_bands(options.ruleset, options.width_outside, options.width_inside, options.inner_band)
    default_channel_width = check_number("DEFAULT_CHANNEL_WIDTH", options.default_channel_width, 0.0)
    bank_height = check_number("BANK_HEIGHT", options.bank_height, 0.0)
    bank_slope = check_number("BANK_SLOPE", options.bank_slope, 0.0)
    min_corridor = check_number("MIN_CORRIDOR", options.min_corridor, 0.0)
    corridor_factor = options.corridor_factor
    if corridor_factor is not None:
        corridor_factor = check_number("CORRIDOR_FACTOR", corridor_factor, 0.0)
        if corridor_factor <= 0:
            corridor_factor = None
    options = replace(options, default_channel_width=default_channel_width, min_corridor=min_corridor,
                      corridor_factor=corridor_factor, bank_height=bank_height, bank_slope=bank_slope)
    if rivers.fids is not None:
        rivers = replace(rivers, fids=np.asarray(rivers.fids, dtype=np.int64).reshape(-1))
    n = len(rivers.geoms)
    for attribute in dataclasses.fields(rivers)[1:]:
        values = getattr(rivers, attribute.name)
        if values is not None and len(values) != n:
            raise ValueError("%s must have one value per river feature (%d, expected %d)"
                             % (attribute.name, len(values), n))
    return rivers, options, bands


def _usable_rivers(rivers, options, notes, run):
    """Clean the river features; the usable ones with their channel width, bank width and bank offset
    (:class:`_Usable`). Exempt waters (``rivers.exempt``) are left out.

    Raises :class:`KernelError` when none is usable.
    """
    cleaned = _clean_rivers(rivers.geoms, run)
    _note_skipped(cleaned, rivers.fids, notes)
    exempt = _exempt_waters(rivers, cleaned, notes)
    use = np.flatnonzero((cleaned.kind != RiverKind.SKIPPED) & ~exempt)
    if len(use) == 0 and exempt.any():
        raise KernelError(N_("All {count} usable river features are exempt (EXEMPT_EXPRESSION; SächsWG §1(2), "
                             "WHG §2(2)): no water is left to draw strips for. Check the expression."),
                          count=int(exempt.sum()))
    if len(use) == 0:
        raise KernelError(N_("The river layer has no usable geometry ({count} features, all empty or "
                             "invalid). Check the layer, its filter or its selection."), count=len(rivers.geoms))
    width = _channel_widths(rivers.channel_width, cleaned.kind, options.default_channel_width, notes)
    bank, source = _bank_widths(rivers.bank_width, cleaned.kind, options, notes)
    offset = np.where(cleaned.kind == RiverKind.LINE, width / 2.0 + bank, bank)
    usable = _Usable(use, cleaned.geoms[use], cleaned.kind[use], width[use], offset[use], bank[use], source[use])
    notes.stats["river_length"] = float(_axis_lengths(usable).sum())
    return usable


def _exempt_waters(rivers, cleaned, notes):
    """Which river features are exempt from the water law (SächsWG §1(2), WHG §2(2)); statistics on them."""
    n = len(cleaned.kind)
    exempt = np.zeros(n, dtype=bool)
    if rivers.exempt is not None:
        exempt = np.array([bool(v) if v is not None else False for v in rivers.exempt], dtype=bool)
        exempt &= cleaned.kind != RiverKind.SKIPPED
    idx = np.flatnonzero(exempt)
    notes.stats["exempt"] = len(idx)
    notes.stats["exempt_ids"] = _first_ids(idx, rivers.fids, limit=10) if len(idx) else ""
    length = shapely.length(cleaned.geoms[idx]) if len(idx) else np.empty(0)
    notes.stats["exempt_length"] = float(np.where(cleaned.kind[idx] == RiverKind.LINE, length, length / 2.0).sum())
    return exempt


def _bank_widths(values, kind, options, notes):
    """(bank width per side, its source) per feature: the field value when >= 0, else the rule
    ``bank_height`` × ``bank_slope`` ('rule', or 'none' when it is 0)."""
    bank = np.full(len(kind), np.nan) if values is None else _floats(values)
    negative = (kind != RiverKind.SKIPPED) & np.isfinite(bank) & (bank < 0)
    if negative.any():
        notes.warn(N_("{count} river features have a negative bank width; the bank rule was used for them. "
                      "Correct BANK_WIDTH_FIELD."), count=int(negative.sum()))
    given = np.isfinite(bank) & (bank >= 0)
    rule = options.bank_height * options.bank_slope
    source = np.where(given, "field", "rule" if rule > 0 else "none").astype(object)
    notes.stats["bank_rule_m"] = rule
    return np.where(given, bank, rule), source


def _with_bank_areas(usable, bank_areas, notes, run):
    """*usable* plus the polygons of BANK_AREAS (index -1, bank 0, source 'line'). River features wholly
    inside them get bank 0 and source 'line': their strip is measured from the bank areas, which lie farther
    out. Features partly inside keep only their part outside (with their own bank, source 'line;<own>'):
    inside, the bank areas take over. Statistics on the bank sources."""
    polys = None
    if bank_areas is not None:
        polys, _, repaired = clean_polygons(bank_areas, run, explode=False)
        if repaired:
            notes.warn(N_("{layer}: {count} invalid geometries were repaired (make_valid)."),
                       layer="BANK_AREAS", count=repaired)
    notes.stats["bank_areas_ignored"] = 0
    if polys is not None and len(polys):
        # only the banks of the (not exempt) rivers of INPUT: INPUT says which waters there are
        touch = np.unique(shapely.STRtree(usable.geoms).query(polys, predicate="intersects")[0])
        notes.stats["bank_areas_ignored"] = len(polys) - len(touch)
        polys = polys[touch]
    if polys is None or len(polys) == 0:
        notes.stats["bank_sources"] = _source_counts(usable.source)
        notes.stats["bank_areas"] = 0
        return usable
    geoms, bank, source = _split_at_bank_areas(usable, polys, run)
    offset = np.where(usable.kind == RiverKind.LINE, usable.width / 2.0 + bank, bank)
    notes.stats["bank_sources"] = _source_counts(source)
    notes.stats["bank_areas"] = len(polys)
    m = len(polys)
    zeros = np.zeros(m)
    return _Usable(np.r_[usable.index, np.full(m, -1, dtype=np.int64)], np.concatenate([geoms, polys]),
                   np.r_[usable.kind, np.full(m, RiverKind.POLYGON, dtype=np.int8)], np.r_[usable.width, zeros],
                   np.r_[offset, zeros], np.r_[bank, zeros],
                   np.concatenate([source, np.full(m, "line", dtype=object)]))


def _source_counts(source):
    """{bank source: number of river features} (compound sources such as 'line;rule' as they are)."""
    keys, counts = np.unique(np.asarray(source, dtype=str), return_counts=True)
    return {str(k): int(c) for k, c in zip(keys, counts)}


def _split_at_bank_areas(usable, polys, run):
    """(geometries, bank widths, sources) of the usable features after laying the bank areas *polys* over
    them: wholly inside -> bank 0, 'line'; partly inside -> the part outside, 'line;<own source>'."""
    geoms, bank = usable.geoms.copy(), usable.bank.copy()
    source = np.asarray(usable.source, dtype=object).copy()
    near = np.unique(shapely.STRtree(polys).query(usable.geoms, predicate="intersects")[0])
    if len(near) == 0:
        return geoms, bank, source
    run.check()
    union = shapely.union_all(polys)
    shapely.prepare(union)
    outside = run.map(lambda g: shapely.difference(g, union), geoms[near])
    lines = usable.kind[near] == RiverKind.LINE
    full = np.where(lines, shapely.length(geoms[near]), shapely.area(geoms[near]))
    rest = np.where(lines, shapely.length(outside), shapely.area(outside))
    inside = rest <= 1e-9 * full + 1e-9
    partly = ~inside & (rest < full * (1 - 1e-9))
    bank[near[inside]] = 0.0
    source[near[inside]] = "line"
    geoms[near[partly]] = outside[partly]
    source[near[partly]] = np.array(["line;" + str(v) for v in source[near[partly]]], dtype=object)
    return geoms, bank, source


def _note_skipped(cleaned, fids, notes):
    """Warnings and statistics on the skipped and the repaired river features."""
    if cleaned.empty:
        notes.warn(N_("{count} river features without geometry were skipped (feature ids {ids})."),
                   count=len(cleaned.empty), ids=_first_ids(cleaned.empty, fids))
    if cleaned.invalid:
        notes.warn(N_("{count} river features with an unusable geometry (a point, a line without "
                      "length or a polygon without area) were skipped (feature ids {ids}). Check "
                      "them with the 'Check validity' tool."),
                   count=len(cleaned.invalid), ids=_first_ids(cleaned.invalid, fids))
    if cleaned.repaired:
        notes.warn(N_("{count} invalid river polygons were repaired (make_valid). Check them with "
                      "the 'Check validity' tool if a result looks wrong."), count=cleaned.repaired)
    notes.stats["skipped_empty"] = len(cleaned.empty)
    notes.stats["skipped_invalid"] = len(cleaned.invalid)
    notes.stats["repaired_invalid"] = cleaned.repaired


def _channel_widths(values, kind, default, notes):
    """Channel width per feature: the given one when >= 0, else *default*; warnings for the others."""
    width = np.full(len(kind), np.nan) if values is None else _floats(values)
    negative = (kind != RiverKind.SKIPPED) & np.isfinite(width) & (width < 0)
    if negative.any():
        notes.warn(N_("{count} river features have a negative channel width; DEFAULT_CHANNEL_WIDTH "
                      "({default} m) was used for them. Correct CHANNEL_WIDTH_FIELD."),
                   count=int(negative.sum()), default=default)
    given = np.isfinite(width) & (width >= 0)
    width = np.where(given, width, default)
    no_width = (kind == RiverKind.LINE) & (width <= 0)
    if no_width.any():
        notes.warn(N_("{count} river lines have no channel width (empty field and "
                      "DEFAULT_CHANNEL_WIDTH 0): their strips start at the line itself. Set "
                      "CHANNEL_WIDTH_FIELD or DEFAULT_CHANNEL_WIDTH to start them at the bank."),
                   count=int(no_width.sum()))
    return width


def _axis_lengths(usable):
    """Length of the river along each usable feature: a line's length, half a water area's perimeter."""
    length = shapely.length(usable.geoms)
    return np.where(usable.kind == RiverKind.LINE, length, length / 2.0)


def _band_buffers(usable, bands, run):
    """Round buffers of the usable features at every edge of *bands*, and their water bodies."""
    edges = sorted({b.end for b in bands} | {b.start for b in bands if b.start > 0})
    by_edge = {d: _buffer(run, usable.geoms, usable.offset + d) for d in edges}
    water = np.full(len(usable.geoms), None, dtype=object)
    line_w = (usable.kind == RiverKind.LINE) & (usable.offset > 0)
    if line_w.any():
        water[line_w] = _buffer(run, usable.geoms[line_w], usable.offset[line_w])
    areas = usable.kind == RiverKind.POLYGON
    water[areas] = usable.geoms[areas]
    banked = areas & (usable.offset > 0)  # a water area and its banks up to the top of the bank
    if banked.any():
        water[banked] = _buffer(run, usable.geoms[banked], usable.offset[banked])
    has_water = np.array([w is not None for w in water], dtype=bool)
    return _Buffers(by_edge, water, has_water, max(edges) if edges else 0.0)


def _builtup_zone(builtup, bands, notes, run):
    """(built-up polygons, the bands drawn); without built-up areas: (None, the outside bands)."""
    polys = None
    if builtup is not None:
        polys, _, repaired = clean_polygons(builtup, run)
        if repaired:
            notes.warn(N_("{layer}: {count} invalid geometries were repaired (make_valid)."),
                       layer="BUILTUP", count=repaired)
    if polys is not None and len(polys) > 0:
        return polys, bands
    if any(b.zone == "inside" for b in bands):
        notes.warn(N_("No built-up areas were given (BUILTUP): all strips were drawn with the "
                      "width outside built-up areas."))
    return None, [b for b in bands if b.zone == "outside"]


def _slope_band(usable, layers, depth, notes, run):
    """The slope-band mask (WHG §38a) from the DEM of *layers* (None: no DEM, no mask), limited to their
    farmland when the land use is given, with its warnings and statistics."""
    dem = _taken(layers.dem)
    if dem is None:
        return None
    cell = max(dem.dx, dem.dy)
    if cell > 10.0:  # Annahme / assumption: cells above 10 m are too coarse for a 20 m profile
        notes.warn(N_("The DEM has cells of {cell:.0f} m: the slope within 20 m of the bank "
                      "(WHG §38a) is estimated from interpolated heights. A DEM with cells of "
                      "1-10 m (e.g. DGM1/DGM2 of Saxony) gives a reliable slope band."), cell=cell)
    mask, sides = _slope_mask(usable, dem, depth, run, span=(15, 25))
    notes.stats.update(sides._asdict())
    if sides.no_dem_sides:
        notes.warn(N_("The DEM does not cover {count} of {total} river stretch banks; they got no "
                      "slope band (WHG §38a). Use a DEM covering all rivers."),
                   count=sides.no_dem_sides, total=sides.stretch_sides)
    del dem  # handed over: freed before the strips are dissolved
    return _farmland_only(mask, _taken(layers.farmland), notes, run)


def _taken(value):
    """*value*, or what it returns when it is a callable (a layer handed over, see :class:`RiparianLayers`)."""
    return value() if callable(value) else value


def _farmland_only(mask, farmland, notes, run):
    """The slope-band *mask* cut to the *farmland* polygons (WHG §38a(1): "landwirtschaftlich genutzte
    Flächen"); without land use (None) the whole mask, marked as covering all land."""
    notes.stats["slope_mask_area"] = float(shapely.area(shapely.union_all(mask))) if len(mask) else 0.0
    if farmland is None:
        notes.stats["slope_scope"] = SLOPE_SCOPE_ALL
        return mask
    notes.stats["slope_scope"] = SLOPE_SCOPE_FARMLAND
    farm, _, repaired = clean_polygons(farmland, run)
    if repaired:
        notes.warn(N_("{layer}: {count} invalid geometries were repaired (make_valid)."),
                   layer="LANDUSE", count=repaired)
    if len(mask) == 0 or len(farm) == 0:
        return np.empty(0, dtype=object)
    mi, fi = _bulk_query(shapely.STRtree(farm), mask, "intersects", run)
    pieces = run.map(shapely.intersection, mask[mi], farm[fi]) if len(mi) else np.empty(0, dtype=object)
    return _solid_parts(pieces, run)[0]


def _draw_strips(plan, dissolve, notes, run):
    """The strips, dissolved or per river feature (:class:`_Strips`), with their statistic."""
    source = plan.usable.source
    scope = notes.stats.get("slope_scope", "")
    if dissolve:
        parts = _strips_dissolved(plan, run)
        used = {part for value in source for part in str(value).split(";")}
        joined = ";".join(k for k in BANK_SOURCES if k in used)  # a dissolved strip mixes the features
        for row in parts.rows:
            row["bank_source"] = joined
    else:
        parts = _strips_per_feature(plan, run)
        for row in parts.rows:
            row["bank_source"] = source[row["feature"]]
            row["feature"] = int(plan.usable.index[row["feature"]])
    for row in parts.rows:
        row["slope_scope"] = scope if row["slope_band"] else ""
    table = pd.DataFrame(parts.rows, columns=list(STRIP_COLUMNS))
    table = table.astype({"feature": np.int64, "band_from_m": float, "band_to_m": float,
                          "slope_band": bool, "area_m2": float})
    notes.stats["strip_area"] = float(table["area_m2"].sum()) if len(table) else 0.0
    if not plan.bands:
        notes.warn(N_("The ruleset gives no strip (all widths are 0): only corridors and land use "
                      "were computed."))
    return _Strips(parts.geoms, table, parts.by_layer)


def _draw_corridors(usable, rivers, options, notes, run):
    """The development corridors when *options* ask for them (:class:`_Corridors`), with their statistics."""
    notes.stats["corridor_area"] = 0.0
    if not options.corridor:
        return _Corridors(np.empty(0, dtype=object), pd.DataFrame(columns=list(CORRIDOR_COLUMNS)), None)
    return _corridors(usable, rivers, options, notes, run)


def _landuse_targets(bands, strip_pieces, corridor_pieces, run):
    """(land-use layer name, small disjoint pieces) per band and, when drawn, for the corridors.

    The pieces of each band are taken out of *strip_pieces* (a dict) when they are cut, so that the
    uncut ones are freed on the way."""
    def cut(pieces):  # small pieces: fast spatial joins with land-use polygons
        return _small_pieces(pieces, run) if len(pieces) else pieces

    targets = [(b.layer, cut(strip_pieces.pop(b.layer, np.empty(0, dtype=object)))) for b in bands]
    if corridor_pieces is not None:
        targets.append((CORRIDOR_LAYER, cut(corridor_pieces)))
    return targets


def landuse_near(result, geoms):
    """Boolean mask: which of *geoms* (land-use polygons) may touch a strip band or corridor of *result*

    (their bounding box meets that of a piece of one; the exact test follows in the tabulation).

    Lets a caller read a large land-use layer in chunks and keep only what
    :func:`tabulate_landuse` needs.
    """
    geoms = as_geometry_array(geoms)
    mask = np.zeros(len(geoms), dtype=bool)
    if result._target_tree is None:
        pieces = [p for _, p in result.targets if len(p)]
        result._target_tree = shapely.STRtree(np.concatenate(pieces) if pieces else np.empty(0, dtype=object))
    ok = ~shapely.is_missing(geoms)
    if ok.any() and len(result._target_tree.geometries):
        hit = result._target_tree.query(geoms[ok])[0]  # bounding boxes: cheap, a superset
        mask[np.flatnonzero(ok)[np.unique(hit)]] = True
    return mask


def tabulate_landuse(result, landuse, codes, *, workers=None, progress=None, is_cancelled=None):
    """Fill ``result.landuse`` (and its warnings) from land-use polygons and their codes.

    The second step of :func:`riparian_strips` when it was called without
    ``landuse`` (so that the caller can read only the land use near the strips).
    """
    with _ParallelRun(progress, is_cancelled, workers) as run:
        run.report(0)
        _tabulate_into(result, landuse, codes, run, span=(0, 100))
        run.report(100)
    return result


def _tabulate_into(result, landuse, codes, run, span):
    result._target_tree = None  # only for reading the land use near the targets (landuse_near)
    table, warnings = _tabulate(result.targets, landuse, codes, run, span)
    result.landuse = table
    result.warnings.extend(warnings)


# --------------------------------------------------------------------------- strips

class _StripParts(NamedTuple):
    """Strip polygons, one table row each (a dict of STRIP_COLUMNS), and their pieces per land-use layer."""

    geoms: object    # list while collecting, then an object array
    rows: list
    by_layer: dict


def _no_strips():
    return _StripParts(np.empty(0, dtype=object), [], {})


def _strip_row(band, slope, area, feature=-1):
    """A row of the strip table; ``bank_source`` and ``slope_scope`` are filled in by :func:`_draw_strips`."""
    restrictions = band.restrictions + (("green_cover",) if slope else ())
    return {"feature": feature, "zone": band.zone, "band_from_m": band.start, "band_to_m": band.end,
            "rule": band.rule + ("; " + SLOPE_RULE if slope else ""),
            "restrictions": ";".join(r for r in RESTRICTION_IDS if r in restrictions),
            "slope_band": bool(slope), "area_m2": float(area), "bank_source": "", "slope_scope": ""}


class _TiledLayers(NamedTuple):
    """The layers of the dissolved strips: :class:`_TileLayer` s, or their unions per tile of a batch."""

    edges: dict                      # band edge -> buffers of all features
    water: object                    # water bodies
    builtup: object                  # built-up areas (None: none)
    mask: object                     # slope-band mask (None: none)


def _strips_dissolved(plan, run):
    """Strips dissolved per zone, band and slope band, overlaid on a grid of tiles.

    The tiles are overlaid a batch at a time (:data:`TILE_BATCH`): only the unions of one batch are in
    memory, and only the strip parts of each batch are kept. Each tile is overlaid on its own, so the
    result does not depend on the batches.
    """
    if not plan.bands:
        return _no_strips()
    tiles = _Tiles(plan.buffers.by_edge[plan.buffers.dmax])
    sources = _tile_sources(plan, tiles, run)
    found = {}  # (band number, slope band) -> [(polygons, tile of each)], one item per batch
    for batch in tiles.batches():
        layers = _tile_layers(sources, batch, run)
        cache = {}
        for n_band, band in enumerate(plan.bands):
            for slope, parts, tile in _dissolved_band(band, layers, cache, run):
                found.setdefault((n_band, slope), []).append((parts, tile + batch.start))
        del layers, cache
        run.report(25 + 35 * batch.stop / tiles.n)
    return _merged_strips(plan.bands, found, tiles, run)


def _merged_strips(bands, found, tiles, run):
    """The :class:`_StripParts` of the parts *found* per band and slope band, merged across the tiles."""
    rows, by_layer, merge_jobs = [], {}, []
    for n_band, band in enumerate(bands):
        layer_parts = []
        for slope in (False, True):
            batches = found.pop((n_band, slope), [])
            if not batches:
                continue
            parts = np.concatenate([p for p, _ in batches])
            merge_jobs.append((parts, tiles.seam_parts(parts, np.concatenate([t for _, t in batches]))))
            rows.append(_strip_row(band, slope, float(shapely.area(parts).sum())))
            layer_parts.append(parts)
        if layer_parts:
            by_layer[band.layer] = np.concatenate(layer_parts)
    strips = run.tasks(_merge_parts, merge_jobs)
    keep = [k for k, geom in enumerate(strips) if geom is not None]
    return _StripParts(np.array([strips[k] for k in keep], dtype=object), [rows[k] for k in keep], by_layer)


def _tile_sources(plan, tiles, run):
    """The buffers, water bodies, built-up areas and slope mask of *plan* as :class:`_TileLayer` s."""
    has_mask = plan.mask is not None and len(plan.mask) > 0
    return _TiledLayers({d: _TileLayer(tiles, b, run) for d, b in plan.buffers.by_edge.items()},
                        _TileLayer(tiles, plan.buffers.water[plan.buffers.has_water], run),
                        _TileLayer(tiles, plan.builtup, run) if plan.builtup is not None else None,
                        _TileLayer(tiles, plan.mask, run) if has_mask else None)


def _tile_layers(sources, batch, run):
    """The layers of *sources* united per tile of *batch* (a :class:`_TiledLayers` of arrays)."""
    def union(layer):
        return None if layer is None else layer.union(batch, run)

    return _TiledLayers({d: union(layer) for d, layer in sources.edges.items()}, union(sources.water),
                        union(sources.builtup), union(sources.mask))


def _dissolved_band(band, layers, cache, run):
    """*band* per tile: [(slope_band, polygons, tile of each)]; *cache* keeps the bands without zones."""
    key = (band.start, band.end)
    if key not in cache:
        lower = layers.water if band.start == 0 else layers.edges[band.start]
        cache[key] = run.map(shapely.difference, layers.edges[band.end], lower)
    geom = cache[key]
    if layers.builtup is not None:
        op = shapely.intersection if band.zone == "inside" else shapely.difference
        geom = run.map(op, geom, layers.builtup)
    split = [(False, geom)]
    if layers.mask is not None and band.start < GREEN_COVER_WIDTH:
        split = [(False, run.map(shapely.difference, geom, layers.mask)),
                 (True, run.map(shapely.intersection, geom, layers.mask))]
    pieces = []
    for slope, part_geom in split:
        parts, tile = _solid_parts(part_geom, run)
        if len(parts):
            pieces.append((slope, parts, tile))
    return pieces


class _Territories(NamedTuple):
    """Disjoint territory per feature and the pairs of features whose outer buffers meet."""

    territory: np.ndarray
    qi: np.ndarray  # feature
    qj: np.ndarray  # its neighbour


class _Overlay(NamedTuple):
    """Polygon pieces laid over the features, and which piece meets which feature's outer buffer."""

    pieces: np.ndarray
    feature: np.ndarray
    piece: np.ndarray


def _strips_per_feature(plan, run):
    """Strips per river feature: the dissolved bands split into disjoint territories."""
    bands = plan.bands
    if not bands or len(plan.usable.geoms) == 0:
        return _no_strips()
    territories = _territories(plan, run)
    run.report(35)
    outer = plan.buffers.by_edge[plan.buffers.dmax]
    builtup = None if plan.builtup is None else _overlay(_small_pieces(plan.builtup, run), outer, run)
    mask = _overlay(plan.mask, outer, run) if plan.mask is not None and len(plan.mask) else None
    out, cache = _StripParts([], [], {}), {}
    for n_band, band in enumerate(bands):
        key = (band.start, band.end)
        if key not in cache:
            cache[key] = _feature_band(band, plan.buffers, territories, run)
        geom = _feature_zone(band, cache[key], builtup, run)
        _add_feature_strips(band, _feature_slope_split(band, geom, mask, run), out, run)
        if all((b.start, b.end) != key for b in bands[n_band + 1:]):
            del cache[key]  # no later band needs it
        run.report(35 + 30 * (n_band + 1) / len(bands))
    return _sorted_strips(out, bands)


def _territories(plan, run):
    """Each feature's territory: flat-ended buffers first (lowest index wins), then the round ends."""
    usable, buffers = plan.usable, plan.buffers
    rb = buffers.by_edge[buffers.dmax]
    fb = rb.copy()
    lines = usable.kind == RiverKind.LINE
    if lines.any():
        fb[lines] = _buffer(run, usable.geoms[lines], usable.offset[lines] + buffers.dmax, cap_style="flat")
    qi, qj = _bulk_query(shapely.STRtree(rb), rb, "intersects", run)
    nb = qi != qj
    qi, qj = qi[nb], qj[nb]
    earlier = qj < qi
    flat = _subtract_pairs(fb.copy(), qi[earlier], fb[qj[earlier]], run)
    rest = run.map(shapely.difference, rb, fb)
    rest = _subtract_pairs(rest, qi, fb[qj], run)
    rest = _subtract_pairs(rest, qi[earlier], rb[qj[earlier]], run)
    return _Territories(run.map(shapely.union, flat, rest), qi, qj)


def _overlay(pieces, outer, run):
    """*pieces* as an :class:`_Overlay` on the features with the outer buffers *outer*."""
    feature, piece = _bulk_query(shapely.STRtree(pieces), outer, "intersects", run)
    return _Overlay(pieces, feature, piece)


def _feature_band(band, buffers, territories, run):
    """Per feature: the part of its territory from *band.start* to *band.end* from any bank, off the water."""
    qi, qj = territories.qi, territories.qj
    territory = territories.territory
    cur = territory.copy()
    if band.end < buffers.dmax:  # keep only what lies within `end` of some feature
        edge = buffers.by_edge[band.end]
        outside = run.map(shapely.difference, territory, edge)
        outside = _subtract_pairs(outside, qi, edge[qj], run)
        cur = run.map(shapely.difference, territory, outside)
    if band.start == 0:
        own = buffers.has_water
        cur[own] = run.map(shapely.difference, cur[own], buffers.water[own])
        wk = buffers.has_water[qj]
        return _subtract_pairs(cur, qi[wk], buffers.water[qj[wk]], run)
    lower = buffers.by_edge[band.start]
    cur = run.map(shapely.difference, cur, lower)
    return _subtract_pairs(cur, qi, lower[qj], run)


def _outside_overlay(geom, overlay, run):
    """Per feature: *geom* minus the overlay pieces that meet it."""
    return _subtract_pairs(geom.copy(), overlay.feature, overlay.pieces[overlay.piece], run)


def _inside_overlay(geom, outside, overlay, run):
    """Per feature: *geom* minus its part *outside* the overlay (only features near a piece have one)."""
    inside = np.full(len(geom), _EMPTY, dtype=object)
    near = np.unique(overlay.feature)
    inside[near] = run.map(shapely.difference, geom[near], outside[near])
    return inside


def _feature_zone(band, geom, builtup, run):
    """Per feature: the part of *geom* in the zone of *band* (all of it without built-up areas)."""
    if builtup is None:
        return geom
    outside = _outside_overlay(geom, builtup, run)
    return outside if band.zone == "outside" else _inside_overlay(geom, outside, builtup, run)


def _feature_slope_split(band, geom, mask, run):
    """[(slope_band, per-feature geometry)]: *geom* split by the slope *mask* where *band* needs it."""
    if mask is None or band.start >= GREEN_COVER_WIDTH:
        return [(False, geom)]
    flat = _outside_overlay(geom, mask, run)
    return [(False, flat), (True, _inside_overlay(geom, flat, mask, run))]


def _add_feature_strips(band, split, out, run):
    """Add the strips of *band* (its *split* into slope bands) to *out*, one per feature that has one."""
    layer_parts = []
    for slope, part_geom in split:
        multi = multipolygons(part_geom, run)
        for i in np.flatnonzero(np.array([x is not None for x in multi], dtype=bool)):
            out.geoms.append(multi[i])
            out.rows.append(_strip_row(band, slope, float(shapely.area(multi[i])), int(i)))
        layer_parts.append(_solid_parts(part_geom, run)[0])
    out.by_layer[band.layer] = np.concatenate(layer_parts)


def _sorted_strips(out, bands):
    """*out* ordered by feature, band (in the order of *bands*) and slope band."""
    rank = {}
    for k, band in enumerate(bands):
        rank.setdefault((band.zone, band.start), k)
    rows = out.rows
    order = sorted(range(len(rows)), key=lambda k: (rows[k]["feature"],
                                                    rank[(rows[k]["zone"], rows[k]["band_from_m"])],
                                                    rows[k]["slope_band"]))
    return _StripParts(np.array([out.geoms[k] for k in order], dtype=object), [rows[k] for k in order],
                       out.by_layer)


# --------------------------------------------------------------------------- corridors

class _CorridorWidths(NamedTuple):
    """Per usable feature: corridor factor, total corridor width, weight in a river's mean, buffer."""

    factor: np.ndarray
    total: np.ndarray
    weight: np.ndarray
    buffer: np.ndarray


def _corridors(usable, rivers, options, notes, run):
    """Development corridors per feature or, with ``dissolve``, per river (:class:`_Corridors`)."""
    factor = _corridor_factors(usable, rivers, options, notes)
    widths = _corridor_widths(usable, factor, options.min_corridor, run)
    run.report(70)
    groups = _corridor_groups(usable, rivers, options.dissolve)
    geoms, rows = [], []
    for members, geom in _dissolve_groups(widths.buffer, groups, run):
        geoms.append(geom)
        rows.append(_corridor_row(widths, members, geom, usable.index))
    run.report(74)
    pieces = _corridor_union(widths.buffer, notes, run)
    table = pd.DataFrame(rows, columns=list(CORRIDOR_COLUMNS)).astype(
        {"feature": np.int64, "corridor_width_m": float, "factor": float, "area_m2": float})
    return _Corridors(np.array(geoms, dtype=object), table, pieces)


def _corridor_factors(usable, rivers, options, notes):
    """Corridor factor per usable feature: the field's value when > 0, else the parameter, else the
    river type's row, else the default row of the river-type table."""
    table = options.type_table if options.type_table is not None else load_river_types()
    m = len(usable.geoms)
    factor = np.full(m, np.nan)
    source = np.full(m, "", dtype=object)
    if rivers.corridor_factors is not None:
        f = _floats(rivers.corridor_factors)[usable.index]
        ok = np.isfinite(f) & (f > 0)
        factor[ok] = f[ok]
        source[ok] = "field"
    todo = ~np.isfinite(factor)
    if options.corridor_factor is not None:
        factor[todo] = options.corridor_factor
        source[todo] = "parameter"
        todo[:] = False
    if todo.any() and rivers.river_types is not None:
        types = np.asarray(rivers.river_types, dtype=object)[usable.index]
        factor[todo], source[todo] = _type_factors(table, types[todo], notes)
    todo = ~np.isfinite(factor)
    factor[todo] = table.default.factor
    source[todo] = "default"
    notes.stats["corridor_factor_sources"] = {k: int((source == k).sum()) for k in np.unique(source)}
    return factor


def _type_factors(table, types, notes):
    """(factor, source) of each of the river *types* in *table* (NaN, "" where not in it); a warning per
    unknown type."""
    factor = np.full(len(types), np.nan)
    source = np.full(len(types), "", dtype=object)
    unknown = {}
    for i, value in enumerate(types):
        row = table.get(value)
        if row is not None:
            factor[i] = row.factor
            source[i] = row.key
        elif normalize_code(value) is not None:
            unknown[normalize_code(value)] = unknown.get(normalize_code(value), 0) + 1
    if unknown:
        notes.warn(N_("{types} river types ({count} features) are not in the river-type table {path}; the "
                      "default factor {factor} was used: {listed}. Add rows for them to the table."),
                   types=len(unknown), count=sum(unknown.values()), path=table.path,
                   factor=table.default.factor, listed=counted(unknown))
    return factor, source


def _corridor_widths(usable, factor, min_corridor, run):
    """Channel width x *factor* x the dynamics surcharge, at least *min_corridor*, and the buffers."""
    channel = usable.width.copy()
    areas = usable.kind == RiverKind.POLYGON
    if areas.any():
        g = usable.geoms[areas]
        est = 2.0 * shapely.area(g) / np.maximum(shapely.length(g), 1e-9)
        channel[areas] = np.where(channel[areas] > 0, channel[areas], est)
    total = np.maximum(channel * factor * DYNAMICS_SURCHARGE, min_corridor)
    dist = np.where(areas, np.maximum(total - channel, 0.0) / 2.0, total / 2.0)
    return _CorridorWidths(factor, total, _axis_lengths(usable), _buffer(run, usable.geoms, dist))


def _corridor_groups(usable, rivers, dissolve):
    """Group number per usable feature: per river (id, else name, else all) with *dissolve*, else per
    feature."""
    m = len(usable.geoms)
    if not dissolve:
        return np.arange(m)
    values = rivers.river_ids if rivers.river_ids is not None else rivers.river_names
    if values is None:
        return np.zeros(m, dtype=np.int64)
    keys = [normalize_code(v) for v in np.asarray(values, dtype=object)[usable.index]]
    first = {}  # group number per key, in order of first appearance (None is a key too)
    return np.fromiter((first.setdefault(k, len(first)) for k in keys), dtype=np.int64, count=len(keys))


def _dissolve_groups(buf, group, run):
    """[(members, MultiPolygon)]: the union of the buffers *buf* of each group with an area."""
    order = np.argsort(group, kind="stable")
    starts = np.flatnonzero(np.r_[True, group[order][1:] != group[order][:-1]])
    ends = np.r_[starts[1:], len(group)]
    small = [(s, e) for s, e in zip(starts, ends)
             if int(shapely.get_num_coordinates(buf[order[s:e]]).sum()) <= TILE_VERTICES]
    merged = dict(zip(small, run.tasks(lambda polys: _merge_parts(*_union_parts(polys)),
                                       [(buf[order[s:e]],) for s, e in small])))
    out = []
    for s, e in zip(starts, ends):
        members = order[s:e]
        geom = merged[(s, e)] if (s, e) in merged else _dissolve_one(buf[members], run)
        if geom is not None:
            out.append((members, geom))
    return out


def _weighted_mean(values, weight):
    """Mean of *values* weighted by *weight* (the plain mean when the weights sum to 0)."""
    wsum = float(np.sum(weight))
    return float(np.sum(values * weight) / wsum) if wsum > 0 else float(values.mean())


def _corridor_row(widths, members, geom, index):
    """The table row of the corridor *geom* of the usable features *members*."""
    w = widths.weight[members]
    return {"feature": int(index[members[0]]), "corridor_width_m": _weighted_mean(widths.total[members], w),
            "factor": _weighted_mean(widths.factor[members], w), "area_m2": float(shapely.area(geom))}


def _corridor_union(buf, notes, run):
    """The union of all corridors (area counted once) as tile pieces for the land-use table."""
    tiles = _Tiles(buf)
    parts, _ = _solid_parts(tiles.union(buf, run), run)
    notes.stats["corridor_area"] = float(shapely.area(parts).sum())
    return parts


# --------------------------------------------------------------------------- land use

class _Landuse(NamedTuple):
    """The cleaned land-use polygons, their normalised codes and areas, and a tree over them."""

    polys: np.ndarray
    code: np.ndarray
    area: np.ndarray
    tree: object  # shapely.STRtree, None without polygons


def _tabulate(targets, landuse, codes, run, span):
    """Land-use areas per target layer: DataFrame LANDUSE_COLUMNS and warnings."""
    warnings = []
    lu = _landuse_index(landuse, codes, run, warnings)
    rows = []
    overlap_pieces, overlap_area = 0, 0.0
    for n_t, (label, pieces) in enumerate(targets):
        p0 = span[0] + (span[1] - span[0]) * n_t / max(len(targets), 1)
        p1 = span[0] + (span[1] - span[0]) * (n_t + 1) / max(len(targets), 1)
        pieces = as_geometry_array(pieces)
        area = shapely.area(pieces) if len(pieces) else np.empty(0)
        by_code = {}
        if lu.tree is not None and len(pieces):
            a, pi, li = _pair_areas(lu, pieces, area, run, span=(p0, p0 + 0.8 * (p1 - p0)))
            a, n_over, a_over = _share_overlaps(a, pi, area)
            overlap_pieces += n_over
            overlap_area += a_over
            by_code = _sum_by_code(lu.code[li], a)
        rows.extend(_landuse_rows(label, by_code, float(area.sum())))
        run.report(p1)
    if overlap_pieces and overlap_area > 1e-6:
        warnings.append((N_("LANDUSE: overlapping land-use polygons cover {area:.2f} m² of the strips or "
                            "corridors twice; there their areas were shared in proportion, so that each "
                            "band still sums to its area. Check the layer with 'Check validity' or the "
                            "'Topology checker' if the area is large."), {"area": overlap_area}))
    table = pd.DataFrame(rows, columns=list(LANDUSE_COLUMNS)).astype({"area_m2": float, "share": float})
    return table, warnings


def _landuse_index(landuse, codes, run, warnings):
    """The land-use polygons repaired (a warning when some were), with their codes: a :class:`_Landuse`."""
    lu, src, r = clean_polygons(landuse, run, explode=False)
    if r:
        warnings.append((N_("{layer}: {count} invalid geometries were repaired (make_valid)."),
                         {"layer": "LANDUSE", "count": r}))
    n_lu = len(as_geometry_array(landuse))
    codes = pd.Series(list(codes) if codes is not None else [None] * n_lu, dtype=object)
    fac, uniques = pd.factorize(codes, use_na_sentinel=True)
    norm = np.array([normalize_code(u) for u in uniques] + [None], dtype=object)  # fac -1 -> None
    lu_code = norm[fac[src]] if len(src) else np.empty(0, dtype=object)
    run.check()
    tree = shapely.STRtree(lu) if len(lu) else None
    lu_area = shapely.area(lu) if len(lu) else np.empty(0)
    run.check()
    return _Landuse(lu, lu_code, lu_area, tree)


def _pair_areas(lu, pieces, area, run, span):
    """(area of each meeting pair, piece, land-use polygon) for every piece and land-use polygon that meet."""
    n_lu = len(lu.polys)
    pi, li = _bulk_query(lu.tree, pieces, "intersects", run)
    key = pi.astype(np.int64) * n_lu + li
    a = np.full(len(pi), np.nan)
    # land-use polygons wholly inside a piece (the prepared piece tests them) ...
    ci, cl = _bulk_query(lu.tree, pieces, "contains_properly", run)
    if len(ci):
        hit = np.isin(key, ci.astype(np.int64) * n_lu + cl)
        a[hit] = lu.area[li[hit]]
    # ... and pieces wholly inside a land-use polygon (the prepared polygon tests them)
    cand = np.unique(li)
    wl, wi = _bulk_query(shapely.STRtree(pieces), lu.polys[cand], "contains_properly", run)
    if len(wl):
        hit = np.isin(key, wi.astype(np.int64) * n_lu + cand[wl])
        a[hit] = area[pi[hit]]
    cross = np.isnan(a)
    if cross.any():
        a[cross] = run.map(lambda x, y: shapely.area(shapely.intersection(x, y)),
                           pieces[pi[cross]], lu.polys[li[cross]], span=span)
    return a, pi, li


def _share_overlaps(a, pi, area):
    """Scale the pair areas *a* of pieces covered more than once down in proportion.

    Returns (scaled areas, number of such pieces, area covered twice).
    """
    covered = np.bincount(pi, weights=a, minlength=len(area))
    over = covered > area * (1 + 1e-9) + 1e-9
    if not over.any():
        return a, 0, 0.0
    scale = np.where(over, area / np.maximum(covered, 1e-300), 1.0)
    return a * scale[pi], int(over.sum()), float((covered - area)[over].sum())


def _sum_by_code(codes, a):
    """{land-use code (None: no code): sum of *a*} in the order of the codes."""
    df = pd.DataFrame({"code": codes, "a": a})
    df["code"] = df["code"].astype(object).where(df["code"].notna(), "\0none")
    by_code = {}
    for code, value in df.groupby("code", sort=True)["a"].sum().items():
        code_key = None if code == "\0none" else code
        by_code[code_key] = by_code.get(code_key, 0.0) + float(value)
    return by_code


def _landuse_rows(label, by_code, total):
    """Table rows of one layer of area *total*, largest first; the area without land use has code None."""
    rest = total - sum(by_code.values())
    if rest > max(SLIVER_AREA, 1e-9 * total):
        by_code[None] = by_code.get(None, 0.0) + rest
    rows = []
    for code, value in sorted(by_code.items(), key=lambda kv: (-kv[1], "" if kv[0] is None else kv[0])):
        if value <= SLIVER_AREA:
            continue
        rows.append({"layer": label, "landuse": code, "area_m2": value,
                     "share": value / total if total > 0 else 0.0})
    return rows
