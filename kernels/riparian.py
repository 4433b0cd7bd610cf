"""Riparian strips and river development corridors (``wertvoll:riparianstrips``, issue 4): the pure kernel.

The QGIS wrapper reads the layers in one metric CRS, converts them to shapely
arrays, calls :func:`riparian_strips` and writes the result. No QGIS here:
numpy, shapely 2 and pandas only. All lengths in metres, areas in m².

Rules
-----
Water bodies (``rivers``)
    * Lines (LineString/MultiLineString) are river axes: the channel's centre.
      The bank lies half the channel width away on both sides (bank offset =
      width / 2); the water body is ``buffer(line, width / 2)`` (round ends).
      Width per feature: ``channel_width`` when it is a number >= 0, else
      ``default_channel_width`` (negative widths: warning, default used).
    * Polygons are water areas: their edge is the bank (offset 0), the polygon
      is the water body. Invalid polygons are repaired (``make_valid``, polygonal
      parts kept) with a warning.
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
    :data:`STRETCH_LENGTH` m. Every :data:`SAMPLE_SPACING` m along a stretch,
    on each bank (polygons: on the land side only), the DEM is sampled
    (bilinear) at 0, 5, 10, 15 and 20 m landward of the bank; the slope of the
    least-squares line through these five heights is the slope towards the
    water at that point (positive when the land falls towards the water). A
    stretch side whose mean slope is >= 5 % gets the slope band: every strip
    band starting below 5 m (the green-cover width of §38a) on that side of the
    stretch (a single-sided buffer of the stretch) is split off with
    ``slope_band`` True and the extra restriction ``green_cover``. Samples
    outside the DEM or on nodata are ignored; stretch sides without any sample
    get no slope band (warning). At confluences a wedge of at most
    ½·r²·(bend angle) between two stretches may keep ``slope_band`` False.

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
    ``dissolve`` True: one MultiPolygon per zone, band and ``slope_band``. False:
    one per river feature, zone, band and ``slope_band``: the strips are split
    between the features (each point goes to the feature with the lowest index
    whose flat-ended buffer holds it, else whose round-ended buffer holds it),
    so area still counts once.

Performance: buffers are built per feature (vectorised) and dissolved on a
grid of tiles (each tile's union is small); the band, zone and slope overlays
run per tile, vectorised over the tiles; only pieces touching a tile edge are
merged at the end. Spatial joins are STRtree bulk queries; Python loops run over
tiles, groups and overlay rounds, never over features × overlay features.
Vectorised calls are cut into chunks that run on ``workers`` threads (shapely 2
releases the GIL); cancellation is checked at least every few tenths of a second.
"""
import math
import os
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from .errors import N_, Cancelled, KernelError, check_number
from .geometry import SLIVER_AREA, as_geometry_array, clean_polygons, multipolygons, polygon_parts, subdivide
from .progress import Run
from .value_table import normalize_code
from .tables import parse_number, read_csv_rows

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
GREEN_COVER_WIDTH = 5.0   # WHG §38a(1): green cover within 5 m of the bank
SLOPE_DISTANCE = 20.0     # WHG §38a(1): slope averaged within 20 m of the bank
SLOPE_THRESHOLD = 0.05    # WHG §38a(1): at least 5 %
PROFILE = np.array([0.0, 5.0, 10.0, 15.0, 20.0])  # sample distances from the bank
STRETCH_LENGTH = 100.0    # m, length of a river stretch for the slope band
SAMPLE_SPACING = 10.0     # m between slope samples along a stretch
DYNAMICS_SURCHARGE = 1.25  # LAWA: +25 % corridor width for channel dynamics
MIN_CORRIDOR = 20.0       # m, default minimum corridor width (total)
QUAD_SEGS = 8             # segments per quarter circle of buffers
TILE_VERTICES = 50000     # buffer vertices per tile of the dissolve grid
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
    header, rows = None, {}
    for line, fields in read_csv_rows(
            path,
            N_("River-type table {path} cannot be read ({reason}). Check the path and that the file exists."),
            N_("River-type table {path} is not UTF-8 text. Save it as 'CSV UTF-8' and run again.")):
        if header is None:
            header = [f.strip().lower() for f in fields]
            missing = [c for c in ("type", "factor") if c not in header]
            if missing:
                raise KernelError(N_("River-type table {path}, line {line}: the header lacks the column(s) "
                                     "{missing}. The first line must name the columns type;label;factor "
                                     "(source and status are optional)."),
                                  path=spath, line=line, missing=", ".join(missing))
            continue
        value = dict(zip(header, fields + [""] * (len(header) - len(fields))))
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


STRIP_COLUMNS = ("feature", "zone", "band_from_m", "band_to_m", "rule", "restrictions", "slope_band", "area_m2")
CORRIDOR_COLUMNS = ("feature", "corridor_width_m", "factor", "area_m2")
LANDUSE_COLUMNS = ("layer", "landuse", "area_m2", "share")


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






def _subtract_pairs(cur, owner, others, run, span=None):
    """``cur[owner[k]] -= others[k]`` for every k, in vectorised rounds (one owner per round)."""
    if len(owner) == 0:
        run.check()
        return cur
    order = np.argsort(owner, kind="stable")
    owner, others = owner[order], others[order]
    first = np.r_[True, owner[1:] != owner[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(owner)), 0))
    rank = np.arange(len(owner)) - start
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
        out = np.full(self.n, _EMPTY, dtype=object)
        polys = as_geometry_array(polys)
        if len(polys) == 0:
            return out
        polys = polys[~shapely.is_empty(polys)]
        if len(polys) == 0:
            return out
        if self.n == 1:
            run.check()
            out[0] = shapely.intersection(shapely.union_all(polys), self.boxes[0])
            return out
        tix, pix = _bulk_query(shapely.STRtree(polys), self.boxes, "intersects", run, chunk=64)
        if len(tix) == 0:  # none of *polys* reaches a tile (e.g. built-up areas far from every river)
            return out
        pb, t = shapely.bounds(polys[pix]), self.bounds[tix]
        inside = (pb[:, 0] >= t[:, 0]) & (pb[:, 1] >= t[:, 1]) & (pb[:, 2] <= t[:, 2]) & (pb[:, 3] <= t[:, 3])
        pieces = polys[pix].copy()
        clip = ~inside
        if clip.any():
            pieces[clip] = run.map(shapely.intersection, polys[pix[clip]], self.boxes[tix[clip]])
        order = np.argsort(tix, kind="stable")
        pieces, tix, inside = pieces[order], tix[order], inside[order]
        starts = np.flatnonzero(np.r_[True, tix[1:] != tix[:-1]])
        ends = np.r_[starts[1:], len(tix)]
        single = (ends - starts == 1) & inside[starts]
        out[tix[starts[single]]] = pieces[starts[single]]
        todo = [(pieces[s:e],) for s, e in zip(starts[~single], ends[~single])]
        out[tix[starts[~single]]] = _object_array(run.tasks(shapely.union_all, todo))
        return out

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

def _clean_rivers(geoms, run):
    """Classify and repair the water bodies.

    Returns (geometry array, kind array: 0 skipped, 1 line, 2 polygon, counts dict).
    """
    geoms = as_geometry_array(geoms)
    n = len(geoms)
    kind = np.zeros(n, dtype=np.int8)
    out = np.full(n, None, dtype=object)
    counts = {"empty": [], "invalid": [], "repaired": 0}
    if n == 0:
        return out, kind, counts
    present = ~shapely.is_missing(geoms)
    present[present] = ~shapely.is_empty(geoms[present])
    counts["empty"] = list(np.flatnonzero(~present))
    idx = np.flatnonzero(present)
    g = geoms[idx]
    if len(g) and shapely.has_z(g).any():
        g = run.map(shapely.force_2d, g)
    types = shapely.get_type_id(g)
    # collections: polygonal parts if any, else linear parts
    coll = np.flatnonzero(types == 7)
    for i in coll:  # rare (mixed layers); a loop is fine
        parts = shapely.get_parts(g[i])
        ptypes = shapely.get_type_id(parts)
        polys = parts[np.isin(ptypes, (3, 6))]
        lines = parts[np.isin(ptypes, (1, 2, 5))]
        if len(polys):
            g[i] = shapely.union_all(polys)
        elif len(lines):
            g[i] = shapely.multilinestrings(shapely.get_parts(lines))
        types[i] = shapely.get_type_id(g[i])
    is_line = np.isin(types, (1, 2, 5))
    is_poly = np.isin(types, (3, 6))
    valid = run.map(shapely.is_valid, g)
    # lines: valid and with a length; LinearRings become LineStrings
    line_ok = is_line & valid
    if line_ok.any():
        lg = g[line_ok]
        rings = shapely.get_type_id(lg) == 2
        if rings.any():
            lg[rings] = shapely.linestrings(shapely.get_coordinates(lg[rings]),
                                            indices=shapely.get_coordinates(lg[rings], return_index=True)[1])
        g[line_ok] = lg
        line_ok[line_ok] = shapely.length(lg) > 0
    # polygons: repair
    poly_ok = is_poly.copy()
    bad = is_poly & ~valid
    if bad.any():
        counts["repaired"] = int(bad.sum())
        fixed = multipolygons(run.map(shapely.make_valid, g[bad]), run)
        g[bad] = fixed
        poly_ok[np.flatnonzero(bad)[np.array([f is None for f in fixed], dtype=bool)]] = False
    if poly_ok.any():
        poly_ok[poly_ok] = shapely.area(g[poly_ok]) > 0
    kind[idx[line_ok]] = 1
    kind[idx[poly_ok]] = 2
    out[idx[line_ok]] = g[line_ok]
    out[idx[poly_ok]] = g[poly_ok]
    counts["invalid"] = list(idx[~(line_ok | poly_ok)])
    return out, kind, counts




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


def _slope_mask(geoms, kind, offset, dem, depth, run, span):
    """Single-sided buffers of the stretch sides with a mean slope >= 5 % towards the water.

    Returns (mask polygons, stats dict).
    """
    stats = {"stretch_sides": 0, "slope_sides": 0, "no_dem_sides": 0}
    # network lines and the banks they may be sampled on: +1 left, -1 right
    line_idx = np.flatnonzero(kind == 1)
    net, sides = [], []
    if len(line_idx):
        parts = shapely.get_parts(geoms[line_idx])
        merged = shapely.get_parts(shapely.line_merge(shapely.multilinestrings(parts)))
        merged = merged[shapely.length(merged) > 0]
        run.check()
        net.append(merged)
        sides.append(np.tile([[True, True]], (len(merged), 1)))
    poly_idx = np.flatnonzero(kind == 2)
    if len(poly_idx):
        run.check()
        union = shapely.union_all(geoms[poly_idx])
        polys, _ = polygon_parts(np.array([union], dtype=object))
        rings, ring_side = [shapely.get_exterior_ring(polys)], [np.ones(len(polys), dtype=bool)]
        n_int = shapely.get_num_interior_rings(polys)
        for k in range(int(n_int.max()) if len(n_int) else 0):
            has = n_int > k
            rings.append(shapely.get_interior_ring(polys[has], k))
            ring_side.append(np.zeros(int(has.sum()), dtype=bool))
        rings = np.concatenate(rings)
        exterior = np.concatenate(ring_side)
        rings = shapely.linestrings(shapely.get_coordinates(rings),
                                    indices=shapely.get_coordinates(rings, return_index=True)[1])
        ccw = shapely.is_ccw(rings)
        # the land lies right of a counter-clockwise exterior ring and left of a ccw hole
        land_left = np.where(exterior, ~ccw, ccw)
        net.append(rings)
        sides.append(np.column_stack([land_left, ~land_left]))
    if not net:
        return np.empty(0, dtype=object), stats
    lines = np.concatenate(net)
    side_ok = np.concatenate(sides)  # [:, 0] left (+1), [:, 1] right (-1)
    network = _Network(lines)
    run.check()
    length = network.length
    n_st = np.maximum(1, np.round(length / STRETCH_LENGTH)).astype(np.int64)
    st_line = np.repeat(np.arange(len(lines)), n_st)
    st_rank = np.arange(n_st.sum()) - np.repeat(np.cumsum(n_st) - n_st, n_st)
    st_len = length[st_line] / n_st[st_line]
    st_s0 = st_rank * st_len
    n_sm = np.maximum(1, np.ceil(st_len / SAMPLE_SPACING)).astype(np.int64)
    sm_st = np.repeat(np.arange(len(st_line)), n_sm)
    sm_rank = np.arange(n_sm.sum()) - np.repeat(np.cumsum(n_sm) - n_sm, n_sm)
    sm_s = st_s0[sm_st] + (sm_rank + 0.5) * st_len[sm_st] / n_sm[sm_st]
    n_stretch = len(st_line)
    sums = np.zeros((n_stretch, 2))
    counts = np.zeros((n_stretch, 2))
    # bank offset per stretch: that of the river feature nearest to the stretch's middle
    st_off = np.zeros(n_stretch)
    n_line_net = len(net[0]) if len(line_idx) else 0
    on_line = st_line < n_line_net
    if on_line.any():
        mid, _ = network.locate(st_line[on_line], st_s0[on_line] + st_len[on_line] / 2.0)
        q = shapely.STRtree(geoms[line_idx]).query_nearest(shapely.points(mid), all_matches=False)
        near = np.zeros(int(on_line.sum()), dtype=np.int64)
        near[q[0]] = q[1]
        st_off[on_line] = offset[line_idx[near]]
    total = len(sm_st)
    for start in range(0, total, SAMPLE_CHUNK):
        run.report(span[0] + (span[1] - span[0]) * start / max(total, 1))
        sl = slice(start, min(start + SAMPLE_CHUNK, total))
        st = sm_st[sl]
        ln = st_line[st]
        p, t = network.locate(ln, sm_s[sl])
        normal = np.column_stack([-t[:, 1], t[:, 0]])  # left of the direction of the line
        off = st_off[st]
        for col, sign in ((0, 1.0), (1, -1.0)):
            ok = side_ok[ln, col]
            if not ok.any():
                continue
            dist = off[ok, None] + PROFILE[None, :]
            x = p[ok, 0, None] + sign * normal[ok, 0, None] * dist
            y = p[ok, 1, None] + sign * normal[ok, 1, None] * dist
            z = _bilinear(dem, x, y)
            dc = PROFILE - PROFILE.mean()
            slope = (z * dc).sum(axis=1) / (dc * dc).sum()
            good = np.isfinite(slope)
            np.add.at(sums[:, col], st[ok][good], slope[good])
            np.add.at(counts[:, col], st[ok][good], 1)
    exists = side_ok[st_line]
    stats["stretch_sides"] = int(exists.sum())
    stats["no_dem_sides"] = int((exists & (counts == 0)).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    flagged = exists & (counts > 0) & (mean >= SLOPE_THRESHOLD - 1e-9)
    stats["slope_sides"] = int(flagged.sum())
    stats["mean_slope"] = mean
    fs, fcol = np.nonzero(flagged)
    if len(fs) == 0:
        return np.empty(0, dtype=object), stats
    run.check()
    pieces = network.substrings(st_line[fs], st_s0[fs], st_s0[fs] + st_len[fs])
    dist = np.where(fcol == 0, 1.0, -1.0) * (st_off[fs] + depth + 1.0)
    mask = run.map(lambda g, d: shapely.buffer(g, d, quad_segs=QUAD_SEGS, single_sided=True), pieces, dist)
    mask = mask[~shapely.is_empty(mask)]
    return mask, stats


# --------------------------------------------------------------------------- main

def riparian_strips(rivers, channel_width=None, default_channel_width=0.0, builtup=None, ruleset="saxony",
                    width_outside=None, width_inside=None, inner_band=None, dem=None, corridor=True,
                    corridor_factors=None, corridor_factor=None, river_types=None, type_table=None,
                    min_corridor=MIN_CORRIDOR, landuse=None, landuse_codes=None, dissolve=True,
                    river_ids=None, river_names=None, fids=None, workers=None, progress=None, is_cancelled=None,
                    log=None):
    """Riparian strips, slope band, corridors and land use; see the module docstring.

    rivers: shapely (Multi)LineStrings or (Multi)Polygons in planar metres;
    channel_width / corridor_factors: float arrays per feature (NaN = not given)
    or None; builtup / landuse: polygon arrays or None; landuse_codes: one code
    per landuse polygon; dem: :class:`~.grid.Grid` or None; river_types,
    river_ids, river_names: one value per feature or None; type_table:
    :class:`RiverTypeTable` (None: the shipped table); fids: feature ids for
    messages; workers: threads for the geometry work (None: the number of CPUs,
    at most 8); progress: ``callable(percent)``; is_cancelled: ``callable() -> bool``; log:
    ``callable(template, **params)`` naming each step for the user.

    Raises :class:`~.errors.KernelError` for bad parameters or when no river
    feature is usable, :class:`~.errors.Cancelled` on cancel.
    """
    run = _ParallelRun(progress, is_cancelled, workers, log)
    try:
        return _riparian(run, rivers, channel_width, default_channel_width, builtup, ruleset, width_outside,
                         width_inside, inner_band, dem, corridor, corridor_factors, corridor_factor, river_types,
                         type_table, min_corridor, landuse, landuse_codes, dissolve, river_ids, river_names, fids)
    finally:
        run.close()


def _riparian(run, rivers, channel_width, default_channel_width, builtup, ruleset, width_outside, width_inside,
              inner_band, dem, corridor, corridor_factors, corridor_factor, river_types, type_table, min_corridor,
              landuse, landuse_codes, dissolve, river_ids, river_names, fids):
    run.step(0, N_("Checking {count} river features and their channel widths …"), count=len(rivers))
    rivers = as_geometry_array(rivers)
    n = len(rivers)
    bands = ruleset_bands(ruleset, width_outside, width_inside, inner_band)
    default_channel_width = check_number("DEFAULT_CHANNEL_WIDTH", default_channel_width, 0.0)
    min_corridor = check_number("MIN_CORRIDOR", min_corridor, 0.0)
    if corridor_factor is not None:
        corridor_factor = check_number("CORRIDOR_FACTOR", corridor_factor, 0.0)
        if corridor_factor <= 0:
            corridor_factor = None
    if fids is not None:
        fids = np.asarray(fids, dtype=np.int64).reshape(-1)
    for name, values in (("channel_width", channel_width), ("corridor_factors", corridor_factors),
                         ("river_types", river_types), ("river_ids", river_ids),
                         ("river_names", river_names), ("fids", fids)):
        if values is not None and len(values) != n:
            raise ValueError("%s must have one value per river feature (%d, expected %d)"
                             % (name, len(values), n))
    warnings = []
    stats = {"features": n}

    # 1. clean the water bodies, widths, offsets ------------------------------------------------
    geoms, kind, counts = _clean_rivers(rivers, run)
    if counts["empty"]:
        warnings.append((N_("{count} river features without geometry were skipped (feature ids {ids})."),
                         {"count": len(counts["empty"]), "ids": _first_ids(counts["empty"], fids)}))
    if counts["invalid"]:
        warnings.append((N_("{count} river features with an unusable geometry (a point, a line without "
                            "length or a polygon without area) were skipped (feature ids {ids}). Check "
                            "them with the 'Check validity' tool."),
                         {"count": len(counts["invalid"]), "ids": _first_ids(counts["invalid"], fids)}))
    if counts["repaired"]:
        warnings.append((N_("{count} invalid river polygons were repaired (make_valid). Check them with "
                            "the 'Check validity' tool if a result looks wrong."), {"count": counts["repaired"]}))
    stats["skipped_empty"] = len(counts["empty"])
    stats["skipped_invalid"] = len(counts["invalid"])
    stats["repaired_invalid"] = counts["repaired"]
    use = np.flatnonzero(kind > 0)
    if len(use) == 0:
        raise KernelError(N_("The river layer has no usable geometry ({count} features, all empty or "
                             "invalid). Check the layer, its filter or its selection."), count=n)
    width = np.full(n, np.nan)
    if channel_width is not None:
        width = np.array([np.nan if v is None else float(v) for v in channel_width], dtype=float)
    negative = (kind > 0) & np.isfinite(width) & (width < 0)
    if negative.any():
        warnings.append((N_("{count} river features have a negative channel width; DEFAULT_CHANNEL_WIDTH "
                            "({default} m) was used for them. Correct CHANNEL_WIDTH_FIELD."),
                         {"count": int(negative.sum()), "default": default_channel_width}))
    given = np.isfinite(width) & (width >= 0)
    width = np.where(given, width, default_channel_width)
    no_width = (kind == 1) & (width <= 0)
    if no_width.any():
        warnings.append((N_("{count} river lines have no channel width (empty field and "
                            "DEFAULT_CHANNEL_WIDTH 0): their strips start at the line itself. Set "
                            "CHANNEL_WIDTH_FIELD or DEFAULT_CHANNEL_WIDTH to start them at the bank."),
                         {"count": int(no_width.sum())}))
    offset = np.where(kind == 1, width / 2.0, 0.0)
    g = geoms[use]
    off = offset[use]
    k_use = kind[use]
    lengths = np.where(k_use == 1, shapely.length(g), shapely.length(g) / 2.0)
    stats["river_length"] = float(lengths.sum())
    run.step(5, N_("Measuring the distances from the banks …"))

    # 2. buffers per feature at every band edge ----------------------------------------------
    edges = sorted({b.end for b in bands} | {b.start for b in bands if b.start > 0})
    dmax = max(edges) if edges else 0.0

    def buffer(dist, geoms_=g, cap="round"):
        return run.map(lambda x, d: shapely.buffer(x, d, quad_segs=QUAD_SEGS, cap_style=cap), geoms_, dist)

    buffers = {d: buffer(off + d) for d in edges}
    water = np.full(len(g), None, dtype=object)
    line_w = (k_use == 1) & (off > 0)
    if line_w.any():
        water[line_w] = buffer(off[line_w], g[line_w])
    water[k_use == 2] = g[k_use == 2]
    has_water = np.array([w is not None for w in water], dtype=bool)
    run.step(12, N_("Inside and outside built-up areas: choosing the strip width …"))

    # 3. built-up areas ------------------------------------------------------------------------
    bu_polys = None
    if builtup is not None:
        bu_polys, _, r = clean_polygons(builtup, run)
        if r:
            warnings.append((N_("{layer}: {count} invalid geometries were repaired (make_valid)."),
                             {"layer": "BUILTUP", "count": r}))
    if bu_polys is None or len(bu_polys) == 0:
        if any(b.zone == "inside" for b in bands):
            warnings.append((N_("No built-up areas were given (BUILTUP): all strips were drawn with the "
                                "width outside built-up areas."), {}))
        bands_used = [b for b in bands if b.zone == "outside"]
        bu_polys = None
    else:
        bands_used = bands
    if dem is not None:
        run.step(15, N_("Checking the slope towards the water (WHG §38a) …"))
    else:
        run.report(15)

    # 4. slope band (WHG §38a) -------------------------------------------------------------------
    mask = None
    if dem is not None and bands_used:
        cell = max(dem.dx, dem.dy)
        if cell > 10.0:
            warnings.append((N_("The DEM has cells of {cell:.0f} m: the slope within 20 m of the bank "
                                "(WHG §38a) is estimated from interpolated heights. A DEM with cells of "
                                "1-10 m (e.g. DGM1/DGM2 of Saxony) gives a reliable slope band."),
                             {"cell": cell}))
        mask, sstats = _slope_mask(geoms, kind, offset, dem, dmax, run, span=(15, 25))
        stats.update({k: v for k, v in sstats.items() if k != "mean_slope"})
        if sstats["no_dem_sides"]:
            warnings.append((N_("The DEM does not cover {count} of {total} river stretch banks; they got no "
                                "slope band (WHG §38a). Use a DEM covering all rivers."),
                             {"count": sstats["no_dem_sides"], "total": sstats["stretch_sides"]}))
    run.step(25, N_("Drawing the riparian strips and merging overlaps …"))

    # 5. strips ---------------------------------------------------------------------------------
    if dissolve:
        strips, strip_rows, pieces_by_layer = _strips_dissolved(
            g, buffers, water, has_water, bu_polys, mask, bands_used, dmax, run)
    else:
        strips, strip_rows, pieces_by_layer = _strips_per_feature(
            g, k_use, off, buffers, water, has_water, bu_polys, mask, bands_used, dmax, run)
        for row in strip_rows:
            row["feature"] = int(use[row["feature"]])
    del buffers, water, mask  # free the memory before the corridors and the land use
    strip_table = pd.DataFrame(strip_rows, columns=list(STRIP_COLUMNS))
    strip_table = strip_table.astype({"feature": np.int64, "band_from_m": float, "band_to_m": float,
                                      "slope_band": bool, "area_m2": float})
    stats["strip_area"] = float(strip_table["area_m2"].sum()) if len(strip_table) else 0.0
    if not bands_used:
        warnings.append((N_("The ruleset gives no strip (all widths are 0): only corridors and land use "
                            "were computed."), {}))
    run.step(65, N_("Drawing the development corridors …") if corridor else N_("Summing up the strips …"))

    # 6. corridors ------------------------------------------------------------------------------
    corridors = np.empty(0, dtype=object)
    corridor_table = pd.DataFrame(columns=list(CORRIDOR_COLUMNS))
    corridor_pieces = np.empty(0, dtype=object)
    stats["corridor_area"] = 0.0
    if corridor:
        corridors, corridor_table, corridor_pieces, cwarn, cstats = _corridors(
            g, k_use, width[use], use, corridor_factors, corridor_factor, river_types, type_table,
            min_corridor, dissolve, river_ids, river_names, run)
        warnings.extend(cwarn)
        stats.update(cstats)
    if landuse is not None:
        run.step(80, N_("Tabulating the land use inside strips and corridors …"))
    else:
        run.report(100)

    # 7. land use -------------------------------------------------------------------------------
    targets = [(b.layer, pieces_by_layer.get(b.layer, np.empty(0, dtype=object))) for b in bands_used]
    if corridor:
        targets.append((CORRIDOR_LAYER, corridor_pieces))
    del pieces_by_layer, corridor_pieces
    # small pieces: fast spatial joins with land-use polygons
    targets = [(label, subdivide(p, np.zeros(len(p), dtype=np.int64), run, MAX_VERTICES)[0] if len(p) else p)
               for label, p in targets]
    result = RiparianResult(strips=strips, strip_table=strip_table, corridors=corridors,
                            corridor_table=corridor_table, landuse=pd.DataFrame(columns=list(LANDUSE_COLUMNS)),
                            warnings=warnings, stats=stats, targets=targets)
    if landuse is not None:
        _tabulate_into(result, landuse, landuse_codes, run, span=(80, 98))
    run.report(100)
    return result


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


def tabulate_landuse(result, landuse, codes, workers=None, progress=None, is_cancelled=None):
    """Fill ``result.landuse`` (and its warnings) from land-use polygons and their codes.

    The second step of :func:`riparian_strips` when it was called without
    ``landuse`` (so that the caller can read only the land use near the strips).
    """
    run = _ParallelRun(progress, is_cancelled, workers)
    try:
        run.report(0)
        _tabulate_into(result, landuse, codes, run, span=(0, 100))
        run.report(100)
    finally:
        run.close()
    return result


def _tabulate_into(result, landuse, codes, run, span):
    table, warnings = _tabulate(result.targets, landuse, codes, run, span)
    result.landuse = table
    result.warnings.extend(warnings)


def _strip_row(band, slope, area, feature=-1):
    restrictions = band.restrictions + (("green_cover",) if slope else ())
    return {"feature": feature, "zone": band.zone, "band_from_m": band.start, "band_to_m": band.end,
            "rule": band.rule + ("; " + SLOPE_RULE if slope else ""),
            "restrictions": ";".join(r for r in RESTRICTION_IDS if r in restrictions),
            "slope_band": bool(slope), "area_m2": float(area)}


def _strips_dissolved(g, buffers, water, has_water, bu_polys, mask, bands, dmax, run):
    """Strips dissolved per zone, band and slope band, overlaid on a grid of tiles."""
    strips, rows, by_layer = [], [], {}
    if not bands:
        return np.empty(0, dtype=object), rows, by_layer
    tiles = _Tiles(buffers[dmax])
    unions = {}
    steps = len(buffers) + 1 + (bu_polys is not None) + (mask is not None and len(mask) > 0)
    done = 0

    def tick():
        nonlocal done
        done += 1
        run.report(25 + 20 * done / steps)

    for d, b in buffers.items():
        unions[d] = tiles.union(b, run)
        tick()
    w_tiles = tiles.union(water[has_water], run)
    tick()
    bu_tiles = None
    if bu_polys is not None:
        bu_tiles = tiles.union(bu_polys, run)
        tick()
    m_tiles = None
    if mask is not None and len(mask):
        m_tiles = tiles.union(mask, run)
        tick()
    band_cache = {}
    merge_jobs = []
    for band in bands:
        key = (band.start, band.end)
        if key not in band_cache:
            lower = w_tiles if band.start == 0 else unions[band.start]
            band_cache[key] = run.map(shapely.difference, unions[band.end], lower)
        geom = band_cache[key]
        if bu_tiles is not None:
            op = shapely.intersection if band.zone == "inside" else shapely.difference
            geom = run.map(op, geom, bu_tiles)
        split = [(False, geom)]
        if m_tiles is not None and band.start < GREEN_COVER_WIDTH:
            split = [(False, run.map(shapely.difference, geom, m_tiles)),
                     (True, run.map(shapely.intersection, geom, m_tiles))]
        layer_parts = []
        for slope, part_geom in split:
            parts, tile = polygon_parts(part_geom, run)
            keep = shapely.area(parts) > SLIVER_AREA
            parts, tile = parts[keep], tile[keep]
            if len(parts) == 0:
                continue
            layer_parts.append(parts)
            merge_jobs.append((parts, tiles.seam_parts(parts, tile)))
            rows.append(_strip_row(band, slope, float(shapely.area(parts).sum())))
        if layer_parts:
            by_layer[band.layer] = np.concatenate(layer_parts)
        run.report(45 + 15 * (bands.index(band) + 1) / len(bands))
    strips = run.tasks(_merge_parts, merge_jobs)
    keep = [k for k, geom in enumerate(strips) if geom is not None]
    strips = [strips[k] for k in keep]
    rows = [rows[k] for k in keep]
    return np.array(strips, dtype=object), rows, by_layer


def _strips_per_feature(g, kind, off, buffers, water, has_water, bu_polys, mask, bands, dmax, run):
    """Strips per river feature: the dissolved bands split into disjoint territories."""
    strips, rows, by_layer = [], [], {}
    m = len(g)
    if not bands or m == 0:
        return np.empty(0, dtype=object), rows, by_layer
    rb = buffers[dmax]
    fb = rb.copy()
    lines = kind == 1
    if lines.any():
        fb[lines] = run.map(lambda x, d: shapely.buffer(x, d, quad_segs=QUAD_SEGS, cap_style="flat"),
                            g[lines], off[lines] + dmax)
    tree = shapely.STRtree(rb)
    qi, qj = _bulk_query(tree, rb, "intersects", run)
    nb = qi != qj
    qi, qj = qi[nb], qj[nb]
    earlier = qj < qi
    # territories: flat-ended buffers first (lowest index wins), then the round ends
    flat = _subtract_pairs(fb.copy(), qi[earlier], fb[qj[earlier]], run)
    rest = run.map(shapely.difference, rb, fb)
    rest = _subtract_pairs(rest, qi, fb[qj], run)
    rest = _subtract_pairs(rest, qi[earlier], rb[qj[earlier]], run)
    territory = run.map(shapely.union, flat, rest)
    del flat, rest, fb
    run.report(35)
    bu_pieces = mask_pieces = None
    if bu_polys is not None:
        bu_pieces, _ = subdivide(bu_polys, np.zeros(len(bu_polys), dtype=np.int64), run, MAX_VERTICES)
        bi, bk = _bulk_query(shapely.STRtree(bu_pieces), rb, "intersects", run)
    if mask is not None and len(mask):
        mask_pieces = mask
        mi, mk = _bulk_query(shapely.STRtree(mask_pieces), rb, "intersects", run)
    cache = {}
    for n_band, band in enumerate(bands):
        key = (band.start, band.end)
        if key not in cache:
            cur = territory.copy()
            if band.end < dmax:  # keep only what lies within `end` of some feature
                outside = run.map(shapely.difference, territory, buffers[band.end])
                outside = _subtract_pairs(outside, qi, buffers[band.end][qj], run)
                cur = run.map(shapely.difference, territory, outside)
            if band.start == 0:
                own = has_water
                cur[own] = run.map(shapely.difference, cur[own], water[own])
                wk = has_water[qj]
                cur = _subtract_pairs(cur, qi[wk], water[qj[wk]], run)
            else:
                lower = buffers[band.start]
                cur = run.map(shapely.difference, cur, lower)
                cur = _subtract_pairs(cur, qi, lower[qj], run)
            cache[key] = cur
        geom = cache[key]
        if bu_pieces is not None:
            out = _subtract_pairs(geom.copy(), bi, bu_pieces[bk], run)
            if band.zone == "outside":
                geom = out
            else:  # only features near a built-up area have a part inside
                near = np.unique(bi)
                geom = np.full(m, _EMPTY, dtype=object)
                geom[near] = run.map(shapely.difference, cache[key][near], out[near])
        split = [(False, geom)]
        if mask_pieces is not None and band.start < GREEN_COVER_WIDTH:
            flat_part = _subtract_pairs(geom.copy(), mi, mask_pieces[mk], run)
            sloped = np.full(m, _EMPTY, dtype=object)
            near = np.unique(mi)
            sloped[near] = run.map(shapely.difference, geom[near], flat_part[near])
            split = [(False, flat_part), (True, sloped)]
        layer_parts = []
        for slope, part_geom in split:
            multi = multipolygons(part_geom, run)
            for i in np.flatnonzero(np.array([x is not None for x in multi], dtype=bool)):
                strips.append(multi[i])
                rows.append(_strip_row(band, slope, float(shapely.area(multi[i])), int(i)))
            parts, _ = polygon_parts(part_geom, run)
            layer_parts.append(parts[shapely.area(parts) > SLIVER_AREA])
        if layer_parts:
            by_layer[band.layer] = np.concatenate(layer_parts)
        if all((b.start, b.end) != key for b in bands[n_band + 1:]):
            del cache[key]  # no later band needs it
        run.report(35 + 30 * (n_band + 1) / len(bands))
    order = sorted(range(len(rows)), key=lambda k: (rows[k]["feature"], bands.index(
        next(b for b in bands if b.zone == rows[k]["zone"] and b.start == rows[k]["band_from_m"])),
        rows[k]["slope_band"]))
    return np.array([strips[k] for k in order], dtype=object), [rows[k] for k in order], by_layer


# --------------------------------------------------------------------------- corridors

def _corridors(g, kind, width, use, corridor_factors, corridor_factor, river_types, type_table,
               min_corridor, dissolve, river_ids, river_names, run):
    warnings, stats = [], {}
    m = len(g)
    table = type_table if type_table is not None else load_river_types()
    factor = np.full(m, np.nan)
    source = np.full(m, "", dtype=object)
    if corridor_factors is not None:
        f = np.array([np.nan if v is None else float(v) for v in corridor_factors], dtype=float)[use]
        ok = np.isfinite(f) & (f > 0)
        factor[ok] = f[ok]
        source[ok] = "field"
    todo = ~np.isfinite(factor)
    if corridor_factor is not None:
        factor[todo] = corridor_factor
        source[todo] = "parameter"
        todo[:] = False
    if todo.any() and river_types is not None:
        types = np.asarray(river_types, dtype=object)[use]
        unknown = {}
        for i in np.flatnonzero(todo):
            row = table.get(types[i])
            if row is not None:
                factor[i] = row.factor
                source[i] = row.key
            elif normalize_code(types[i]) is not None:
                unknown[normalize_code(types[i])] = unknown.get(normalize_code(types[i]), 0) + 1
        for key, count in sorted(unknown.items()):
            warnings.append((N_("River type '{type}' ({count} features) is not in the river-type table "
                                "{path}; the default factor {factor} was used. Add a row for it to the table."),
                             {"type": key, "count": count, "path": table.path, "factor": table.default.factor}))
    todo = ~np.isfinite(factor)
    factor[todo] = table.default.factor
    source[todo] = "default"
    stats["corridor_factor_sources"] = {k: int((source == k).sum()) for k in np.unique(source)}
    channel = width.copy()
    polys = kind == 2
    if polys.any():
        est = 2.0 * shapely.area(g[polys]) / np.maximum(shapely.length(g[polys]), 1e-9)
        channel[polys] = np.where(channel[polys] > 0, channel[polys], est)
    total = np.maximum(channel * factor * DYNAMICS_SURCHARGE, min_corridor)
    dist = np.where(polys, np.maximum(total - channel, 0.0) / 2.0, total / 2.0)
    buf = run.map(lambda x, d: shapely.buffer(x, d, quad_segs=QUAD_SEGS), g, dist)
    weight = np.where(polys, shapely.length(g) / 2.0, shapely.length(g))
    run.report(70)
    # groups: per river (id, else name, else all) or per feature
    if not dissolve:
        group = np.arange(m)
    else:
        keys = None
        for values in (river_ids, river_names):
            if values is not None:
                keys = [normalize_code(v) for v in np.asarray(values, dtype=object)[use]]
                break
        if keys is None:
            group = np.zeros(m, dtype=np.int64)
        else:
            first = {}          # group number per key, in order of first appearance (None is a key too)
            group = np.fromiter((first.setdefault(k, len(first)) for k in keys), dtype=np.int64, count=len(keys))
    order = np.argsort(group, kind="stable")
    starts = np.flatnonzero(np.r_[True, group[order][1:] != group[order][:-1]])
    ends = np.r_[starts[1:], m]
    geoms_out, rows = [], []
    small = [(s, e) for s, e in zip(starts, ends)
             if int(shapely.get_num_coordinates(buf[order[s:e]]).sum()) <= TILE_VERTICES]
    merged = dict(zip(small, run.tasks(lambda polys: _merge_parts(*_union_parts(polys)),
                                       [(buf[order[s:e]],) for s, e in small])))
    for s, e in zip(starts, ends):
        members = order[s:e]
        geom = merged[(s, e)] if (s, e) in merged else _dissolve_one(buf[members], run)
        if geom is None:
            continue
        w = weight[members]
        wsum = float(np.sum(w))
        mean_width = float(np.sum(total[members] * w) / wsum) if wsum > 0 else float(total[members].mean())
        mean_factor = float(np.sum(factor[members] * w) / wsum) if wsum > 0 else float(factor[members].mean())
        geoms_out.append(geom)
        rows.append({"feature": int(use[members[0]]), "corridor_width_m": mean_width,
                     "factor": mean_factor, "area_m2": float(shapely.area(geom))})
    run.report(74)
    # union of all corridors (area counted once) as tile pieces for the land-use table
    tiles = _Tiles(buf)
    parts, _ = polygon_parts(tiles.union(buf, run), run)
    parts = parts[shapely.area(parts) > SLIVER_AREA]
    stats["corridor_area"] = float(shapely.area(parts).sum())
    table_df = pd.DataFrame(rows, columns=list(CORRIDOR_COLUMNS)).astype(
        {"feature": np.int64, "corridor_width_m": float, "factor": float, "area_m2": float})
    return np.array(geoms_out, dtype=object), table_df, parts, warnings, stats


# --------------------------------------------------------------------------- land use

def _tabulate(targets, landuse, codes, run, span):
    """Land-use areas per target layer: DataFrame LANDUSE_COLUMNS and warnings."""
    warnings = []
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
    rows = []
    overlap_pieces, overlap_area = 0, 0.0
    for n_t, (label, pieces) in enumerate(targets):
        p0 = span[0] + (span[1] - span[0]) * n_t / max(len(targets), 1)
        p1 = span[0] + (span[1] - span[0]) * (n_t + 1) / max(len(targets), 1)
        pieces = as_geometry_array(pieces)
        area = shapely.area(pieces) if len(pieces) else np.empty(0)
        total = float(area.sum())
        by_code = {}
        if tree is not None and len(pieces):
            pi, li = _bulk_query(tree, pieces, "intersects", run)
            key = pi.astype(np.int64) * len(lu) + li
            a = np.full(len(pi), np.nan)
            # land-use polygons wholly inside a piece (the prepared piece tests them) ...
            ci, cl = _bulk_query(tree, pieces, "contains_properly", run)
            if len(ci):
                hit = np.isin(key, ci.astype(np.int64) * len(lu) + cl)
                a[hit] = lu_area[li[hit]]
            # ... and pieces wholly inside a land-use polygon (the prepared polygon tests them)
            cand = np.unique(li)
            wl, wi = _bulk_query(shapely.STRtree(pieces), lu[cand], "contains_properly", run)
            if len(wl):
                hit = np.isin(key, wi.astype(np.int64) * len(lu) + cand[wl])
                a[hit] = area[pi[hit]]
            cross = np.isnan(a)
            if cross.any():
                a[cross] = run.map(lambda x, y: shapely.area(shapely.intersection(x, y)),
                                   pieces[pi[cross]], lu[li[cross]], span=(p0, p0 + 0.8 * (p1 - p0)))
            covered = np.bincount(pi, weights=a, minlength=len(pieces))
            over = covered > area * (1 + 1e-9) + 1e-9
            if over.any():  # overlapping land-use polygons: share the piece in proportion
                overlap_area += float((covered - area)[over].sum())
                overlap_pieces += int(over.sum())
                scale = np.where(over, area / np.maximum(covered, 1e-300), 1.0)
                a = a * scale[pi]
            df = pd.DataFrame({"code": lu_code[li], "a": a})
            df["code"] = df["code"].astype(object).where(df["code"].notna(), "\0none")
            for code, value in df.groupby("code", sort=True)["a"].sum().items():
                code_key = None if code == "\0none" else code
                by_code[code_key] = by_code.get(code_key, 0.0) + float(value)
        rest = total - sum(by_code.values())
        if rest > max(SLIVER_AREA, 1e-9 * total):
            by_code[None] = by_code.get(None, 0.0) + rest
        items = sorted(by_code.items(), key=lambda kv: (-kv[1], "" if kv[0] is None else kv[0]))
        for code, value in items:
            if value <= SLIVER_AREA:
                continue
            rows.append({"layer": label, "landuse": code, "area_m2": value,
                         "share": value / total if total > 0 else 0.0})
        run.report(p1)
    if overlap_pieces and overlap_area > 1e-6:
        warnings.append((N_("LANDUSE: overlapping land-use polygons cover {area:.2f} m² of the strips or "
                            "corridors twice; there their areas were shared in proportion, so that each "
                            "band still sums to its area. Check the layer with 'Check validity' or the "
                            "'Topology checker' if the area is large."), {"area": overlap_area}))
    table = pd.DataFrame(rows, columns=list(LANDUSE_COLUMNS)).astype({"area_m2": float, "share": float})
    return table, warnings
