"""Compensation-area screening (``wertvoll:compensationscreening``, issue 3): the pure kernel.

Finds, values and ranks land for nature compensation (BNatSchG §15, SächsNatSchG
§10(1)). The QGIS wrapper reads the layers, reprojects them to one metric CRS,
converts them to shapely arrays, calls :func:`screen` and writes the result.
No QGIS here: numpy, shapely 2 and pandas only.

Rules
-----
Input features
    * A feature without geometry (None, empty, or without polygonal area after
      the repair below) is skipped (``skipped_empty``).
    * Its land-use code is normalised (:func:`~.value_table.normalize_code`) and
      looked up in the value table. A code without a row: the feature is
      skipped and one warning per code reports the number of features
      (``skipped_unknown``); a missing code (NULL) is reported once. A row with an
      empty ``measure`` is land that is no candidate: skipped and counted
      (``skipped_no_measure``). Each feature counts in the first of these three
      categories that applies.
    * Invalid candidate geometries are repaired with ``shapely.make_valid``;
      only their polygonal parts are kept (``repaired_invalid``, one warning).
      Overlay layers are repaired the same way (``repaired_invalid_layers``).
      Z values are dropped; every computation is planar, in the (metric) units
      of the coordinates.

Exclusions
    Every candidate loses the union of all exclusion polygons (all layers
    together) that intersect it. The rest is split into single polygons; each
    part is one output row (its geometry a MultiPolygon of one polygon). Parts
    smaller than ``min_area`` are dropped (``dropped_small``; slivers below
    0.01 m² left by the overlay are dropped without counting). No output part
    overlaps an exclusion by more than 1e-6 of its area.

Values
    * ``area_m2``: planar area of the part.
    * PIK (production-integrated compensation, BNatSchG §15(3); measures after
      BKompV §11(1) with Anlage 6 Abschnitt A): proposed where ``soil`` is given,
      the row has a PIK pair (``pik_measure``, ``pik_value_target``) and the
      part's soil value is known and at or above the threshold. *Any* row with a
      PIK pair qualifies (the table author opts in per row; the default table
      offers PIK for arable land only). BKompV §10(2) judges prime soil by the
      Acker-/Grünlandzahlen of the Landkreis or kreisfreie Stadt: the caller
      should pass that figure as ``pik_soil_threshold``. Without it the
      threshold is the area-weighted mean soil value (weights: part areas after
      exclusions and ``min_area``) of the candidate parts whose row has
      ``landuse_kind`` ``arable`` and a PIK pair; when there is no such part
      with a known soil value, of all parts whose row has a PIK pair. That the
      candidates stand in for the district, and the mean for "besonders hohe
      Nutzbarkeit", is an assumption (Annahme) of the plugin;
      ``stats["pik_threshold_source"]`` says which was used ("given",
      "candidates" or None). With PIK, ``measure``/``value_target`` are the PIK
      pair and the woodiness of the effective measure is ``pik_measure_woody``.
    * ``uplift_pts = (value_target - value_now) * area_m2`` (BKompV §8(2)).
    * ``share_water/flood/riparian/corridor``: area of (part ∩ union of the layer)
      / ``area_m2``, 0-1; 0 when the layer is None or empty. Overlapping
      features of one layer count once (each layer is dissolved first).
      Shares below 1e-6 are set to 0, above 1 - 1e-6 to 1 (overlay noise).
    * ``score = w_uplift * (value_target - value_now) / 24 + Σ w_k * share_k``
      for k in water, flood, riparian, corridor (weights default 1.0). The
      division by 24 (the top of the BKompV scale, so that a full-scale gain
      weighs like a full co-benefit share) and the equal default weights are
      assumptions (Annahme) of the plugin, not taken from a law or guideline:
      the score only orders the candidates; the eco-points are ``uplift_pts``.
    * ``n_saved_ha``, ``n_saved_kg``, ``co2_t_a``, ``est_unc``: nitrate leaching avoided and soil
      carbon stored by the measure in effect (the PIK one where proposed), see :mod:`.water_climate`;
      NaN/None without ``options.water_climate`` or where a factor has no source. With the
      weights ``nitrate`` and ``climate`` (default 0) the score adds their shares
      (:func:`.water_climate.score_shares`); with ``water_by_nitrate`` the water share is
      ``share_water`` × the nitrate share. The summary sums them over the selected parts.
    * ``rank``: 1 = best; by score descending, then larger ``uplift_pts``, then
      smaller ``src_fid``, then the order of the parts within the feature.
    * ``municipality``: the name of the municipality polygon(s) holding the
      largest area of the part (equal areas: the alphabetically first name);
      '' when none is given or the part lies outside all of them.
    * Selection (``demand`` > 0): walk by rank and select until the selected
      ``uplift_pts`` sum reaches ``demand``; the candidate that crosses the line
      is selected. If all candidates together fall short, all are selected,
      ``demand_met`` is False and a warning gives the shortfall. With
      ``demand`` 0 nothing is selected and ``demand_met`` is True (nothing is
      owed).
    * ``method``: the valuation method, ``table.method`` (the same in every row).
    * ``notes``: note ids (:data:`NOTE_IDS`) joined by ';', in that order:
      ``woody_in_flood`` - the effective measure plants trees/shrubs
      (``measure_woody``) and the part overlaps a *designated* flood zone
      (``flood_designated``; when that is None, the whole ``flood`` layer counts
      as designated) by more than 1e-6 of its area: WHG §78a(1) no. 6 applies
      only to designated flood zones (WHG §76, SächsWG §72) and to areas
      provisionally secured under WHG §76(3) (§78a(6)), not to zones estimated
      from the terrain;
      ``arable_in_riparian`` - ``landuse_kind`` arable and ``share_riparian`` > 0
      (SächsWG §24, WHG §38); ``water_zone_1`` - the part overlaps drinking-water
      protection zone I by more than 1e-6 of its area; ``pik`` - PIK is proposed
      (BNatSchG §15(3)).

Output order: the rows of :attr:`ScreeningResult.table` (and the geometries)
are sorted by rank. The summary has one row per municipality value of the
candidates, sorted by name (no per-municipality rows when ``municipalities``
is None), and a last row ``total``.

Scale: the candidates' geometries may come as WKB or a :class:`~.geometry.WkbStore` (a file);
stages 2-6 run on compact areas of :data:`CHUNK_FEATURES` candidate features, on threads
(:func:`~.workers.thread_count`), each area's geometries parsed only while it is in work; the
overlay layers are prepared once. The result does not depend on the areas or threads (see
:func:`_geometry_stages`); the output geometries are WKB (:attr:`ScreeningResult.wkb`).

Performance: overlay polygons are cut into pieces of at most
:data:`MAX_VERTICES` vertices (co-benefit layers are first dissolved on a grid
of tiles, so that their pieces do not overlap). Spatial joins are STRtree bulk
queries with the pieces as the prepared query geometries; parts lying wholly
inside a piece need no overlay; the other (part, piece) pairs run as
vectorised shapely overlays - the exclusion pieces are subtracted in rounds
(round k subtracts the k-th piece of every part), the shares sum the
intersection areas with the disjoint pieces. Python loops run over grid tiles,
overlay rounds and chunks, never over candidates × overlay features. Every
heavy step is chunked so that cancellation is checked at least every few
tenths of a second.
"""
import math
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import NamedTuple, Optional, Sequence

import numpy as np
import pandas as pd
import shapely

from ..kinds import COMPENSATION, SUMMARY
from . import ranking, screening_choice, screening_sql, water_climate
from .errors import N_, check_number
from .geometry import (
    WkbStore,
    as_geometry_array,
    as_shapely,
    clean_polygons,
    overlay_rounds,
    polygon_parts,
    present_mask,
    subdivide,
    to_wkb,
)
from .progress import Run
from .tables import counted
from .value_table import normalize_code
from .workers import connection_count, thread_count

NOTE_IDS = ("woody_in_flood", "arable_in_riparian", "water_zone_1", "pik")
TABLE_COLUMNS = COMPENSATION.names()  # the output fields (kinds.py)
SUMMARY_COLUMNS = SUMMARY.names()
WEIGHT_KEYS = ranking.WEIGHT_KEYS
SHARE_LAYERS = ranking.SHARE_LAYERS
#: Names of the layers in warnings (the Processing parameter names).
LAYER_NAMES = {"exclusions": "EXCLUSIONS", "water": "WATER_PROTECTION", "flood": "FLOODPLAIN",
               "riparian": "RIPARIAN", "corridor": "CORRIDORS", "water_zone1": "WATER_PROTECTION (zone I)",
               "flood_designated": "FLOODPLAIN (designated zones)",
               "municipalities": "MUNICIPALITIES"}
SCALE_MAX = ranking.SCALE_MAX
SHARE_EPS = 1e-6      # relative area below which an overlap counts as none
SLIVER_AREA = 0.01    # m²: parts below are overlay noise, dropped silently
TILE_VERTICES = 20000  # vertices per grid tile when dissolving a layer
#: candidate features per chunk of the geometric stages (2-6): bounds their memory; the result
#: does not depend on it
CHUNK_FEATURES = 50_000
_EMPTY = np.empty(0, dtype=object)


@dataclass
class ScreeningResult:
    """What :func:`screen` returns (see the module docstring for the rules)."""

    wkb: np.ndarray                 # WKB of a MultiPolygon per output row, same order as table
    table: pd.DataFrame             # columns TABLE_COLUMNS, sorted by rank
    summary: pd.DataFrame           # columns SUMMARY_COLUMNS, municipalities then 'total'
    warnings: list = field(default_factory=list)  # (template, params) tuples
    stats: dict = field(default_factory=dict)

    @property
    def geometries(self):
        """The output rows' MultiPolygons as shapely geometries (parsed from :attr:`wkb` on each call)."""
        return as_shapely(self.wkb)


# --------------------------------------------------------------------------- geometry helpers


def _dissolve(polys, run, tile_vertices=None):
    """Union of *polys* as interior-disjoint single polygons, cut by a grid of tiles.

    The grid bounds the work of each union; polygons crossing a tile edge are
    split there. Returns the pieces (valid Polygons).
    """
    tile_vertices = tile_vertices or TILE_VERTICES
    n = len(polys)
    if n <= 1:
        return polys
    nv = shapely.get_num_coordinates(polys)
    n_tiles = max(1, int(math.ceil(nv.sum() / tile_vertices)))
    b = shapely.bounds(polys)
    x0, y0, x1, y1 = b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()
    w, h = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
    nx = max(1, int(round(math.sqrt(n_tiles * w / h))))
    ny = max(1, int(math.ceil(n_tiles / nx)))
    if nx * ny == 1:
        run.check()
        parts, _ = polygon_parts(np.array([shapely.union_all(polys)], dtype=object))
        return parts
    xs = x0 - 1.0 + (w + 2.0) * np.arange(nx + 1) / nx
    ys = y0 - 1.0 + (h + 2.0) * np.arange(ny + 1) / ny
    gx, gy = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
    gx, gy = gx.ravel(), gy.ravel()
    tb = np.column_stack([xs[gx], ys[gy], xs[gx + 1], ys[gy + 1]])
    tiles = shapely.box(tb[:, 0], tb[:, 1], tb[:, 2], tb[:, 3])
    tix, pix = _bulk_query(shapely.STRtree(polys), tiles, "intersects", run, chunk=64)
    pb, t = b[pix], tb[tix]
    inside = (pb[:, 0] >= t[:, 0]) & (pb[:, 1] >= t[:, 1]) & (pb[:, 2] <= t[:, 2]) & (pb[:, 3] <= t[:, 3])
    pieces = polys[pix].copy()
    clip = ~inside
    if clip.any():
        pieces[clip] = run.map(shapely.intersection, polys[pix[clip]], tiles[tix[clip]])
    pieces, pidx = polygon_parts(pieces)
    ptile = tix[pidx]
    order = np.argsort(ptile, kind="stable")
    pieces, ptile = pieces[order], ptile[order]
    starts = np.flatnonzero(np.r_[True, ptile[1:] != ptile[:-1]])
    ends = np.r_[starts[1:], len(ptile)]
    out = []
    for s, e in zip(starts, ends):
        run.check()
        out.append(pieces[s] if e - s == 1 else shapely.union_all(pieces[s:e]))
    parts, _ = polygon_parts(np.array(out, dtype=object))
    return parts


def _bulk_query(tree, geoms, predicate, run, chunk=512):
    """``tree.query(geoms, predicate)`` in chunks: (input index, tree index) arrays."""
    res = [np.empty((2, 0), dtype=np.int64)]
    for start in range(0, len(geoms), chunk):
        run.check()
        q = tree.query(geoms[start:start + chunk], predicate=predicate)
        q[0] += start
        res.append(q)
    res = np.concatenate(res, axis=1)
    return res[0], res[1]


def _pairs(tree, pieces, run):
    """Pairs of overlay *pieces* and the parts held by *tree* (pieces are the prepared side).

    Returns ``(inside_parts, inside_pieces, cross_pieces, cross_parts)``: the
    parts lying wholly in the interior of a piece, and the other intersecting
    pairs (pairs of parts already wholly inside some piece are left out).
    """
    in_piece, in_part = _bulk_query(tree, pieces, "contains_properly", run)
    c_piece, c_part = _bulk_query(tree, pieces, "intersects", run)
    if len(in_part):
        inside = np.zeros(len(tree.geometries), dtype=bool)
        inside[in_part] = True
        keep = ~inside[c_part]
        c_piece, c_part = c_piece[keep], c_part[keep]
    return in_part, in_piece, c_piece, c_part


def _overlap_area(a, b):
    """Area of the intersection of each pair of *a* and *b*."""
    return shapely.area(shapely.intersection(a, b))


def _covered_area(target, pieces, run, span):
    """Per part of *target*: area inside *pieces*, summed over pieces (pieces must be disjoint)."""
    parts = target.geoms
    out = np.zeros(len(parts))
    if len(pieces) == 0 or len(parts) == 0:
        return out
    in_part, _, c_piece, c_part = _pairs(target.tree, pieces, run)
    out[np.unique(in_part)] = shapely.area(parts[np.unique(in_part)])
    if len(c_part):
        order = np.argsort(c_part, kind="stable")
        c_piece, c_part = c_piece[order], c_part[order]
        a = run.map(_overlap_area, parts[c_part], pieces[c_piece], span=span)
        out += np.bincount(c_part, weights=a, minlength=len(parts))
    return out


def _subtract(parts, pieces, run, span):
    """Each part minus all *pieces* it intersects (iterative vectorised differences)."""
    cur = parts.copy()
    if len(pieces) == 0 or len(parts) == 0:
        return cur
    tree = shapely.STRtree(parts)
    in_part, _, c_piece, c_part = _pairs(tree, pieces, run)
    cur[np.unique(in_part)] = shapely.from_wkt("POLYGON EMPTY")
    if len(c_part) == 0:
        return cur
    order, round_no = overlay_rounds(c_part)
    c_piece, c_part = c_piece[order], c_part[order]
    order = np.argsort(round_no, kind="stable")
    c_piece, c_part, round_no = c_piece[order], c_part[order], round_no[order]
    bounds = np.flatnonzero(np.r_[True, round_no[1:] != round_no[:-1], True])
    total, done = len(c_part), 0
    for s, e in zip(bounds[:-1], bounds[1:]):
        sub = slice(s, e)
        p0 = span[0] + (span[1] - span[0]) * done / total
        p1 = span[0] + (span[1] - span[0]) * (done + e - s) / total
        cur[c_part[sub]] = run.map(shapely.difference, cur[c_part[sub]], pieces[c_piece[sub]],
                                   span=(p0, p1))
        done += e - s
    return cur


# --------------------------------------------------------------------------- parameters and records


@dataclass(frozen=True, eq=False)
class ScreeningOptions:
    """What a screening takes besides the candidates (see the module docstring for the rules).

    exclusions: list of polygon arrays, one per layer (one plain array counts as one layer);
    water, flood, riparian, corridor, water_zone1: polygon arrays or None; flood_designated:
    the designated (official) flood zones among ``flood``, a polygon array (may be empty), or
    None when the whole ``flood`` layer is designated; municipalities:
    (polygon array, names) or None; soil: float array with one value per candidate feature
    (NaN = unknown) or None; pik_soil_threshold: float or None (default: see the module
    docstring); weights: dict with keys from :data:`WEIGHT_KEYS` (default 1.0 each); min_area:
    m²; demand: eco-points (0 = no selection); network, optimal, robustness: the settings of
    :mod:`.screening_choice` (None = off); water_climate: the inputs of :mod:`.water_climate`
    (factor tables, soil types, percolation; None = no nitrate and carbon estimates).
    :func:`screen` checks them.
    """

    exclusions: Sequence = ()
    water: Optional[np.ndarray] = None
    flood: Optional[np.ndarray] = None
    riparian: Optional[np.ndarray] = None
    corridor: Optional[np.ndarray] = None
    water_zone1: Optional[np.ndarray] = None
    flood_designated: Optional[np.ndarray] = None
    municipalities: Optional[tuple] = None
    soil: Optional[np.ndarray] = None
    pik_soil_threshold: Optional[float] = None
    weights: Optional[dict] = None
    min_area: float = 5000.0
    demand: float = 0.0
    network: Optional[object] = None     # screening_choice.NetworkSettings: gain_eca, connectivity share
    optimal: Optional[object] = None     # screening_choice.OptimalSettings: select by a MIP
    robustness: Optional[object] = None  # screening_choice.RobustnessSettings: selection frequency
    water_climate: Optional[object] = None  # water_climate.Inputs: nitrate leaching and soil carbon
    database: Optional[object] = None  # screening_sql.Database: stages 2-6 in PostGIS (the layers above unused)


class _Features(NamedTuple):
    """The candidate features, checked: arrays of one length."""

    geoms: Optional[np.ndarray]  # None: not read (the database has them)
    fids: np.ndarray   # int64
    codes: object      # land-use code per feature (list, array or Series)
    soil: object       # float array or None


class _Params(NamedTuple):
    """The checked numbers of the :class:`ScreeningOptions`."""

    weights: dict
    min_area: float
    demand: float
    pik_soil_threshold: object  # float or None


class _Lookup(NamedTuple):
    """The value-table rows of the features."""

    keys: list            # the normalised codes present, sorted
    rows: list            # the ValueRow of each key (None: not in the table)
    feat_key: np.ndarray  # per feature: index into keys, -1 = no code
    cand: np.ndarray      # the candidate features: geometry, known code and a measure
    centres: Optional[np.ndarray]  # per feature its (x, y) for chunks by area; None: one chunk


class _Parts(NamedTuple):
    """The output parts: single polygons, the feature each comes from, their areas."""

    geoms: np.ndarray
    feat: np.ndarray
    area: np.ndarray


class _Target(NamedTuple):
    """The parts as the target of overlays: their search tree, polygons and areas."""

    tree: object  # shapely.STRtree, None without parts
    geoms: np.ndarray
    area: np.ndarray


class _Overlays(NamedTuple):
    """What the overlay layers tell of each part."""

    shares: dict              # per key of SHARE_LAYERS: share of the part's area in the layer (0-1)
    in_zone1: np.ndarray      # overlaps drinking-water protection zone I
    in_designated_flood: np.ndarray  # overlaps a designated flood zone (WHG §76, SächsWG §72)
    municipality: np.ndarray  # name of the municipality holding most of it ('' = none)


class _RowColumns(NamedTuple):
    """Per part, the attributes of its value-table row."""

    value_now: np.ndarray
    value_target: np.ndarray
    measure: np.ndarray
    has_pik: np.ndarray
    landuse_kind: np.ndarray
    measure_woody: np.ndarray
    pik_measure_woody: np.ndarray
    pik_value_target: np.ndarray
    pik_measure: np.ndarray
    label: np.ndarray
    state_now: np.ndarray
    state_target: np.ndarray
    pik_state_target: np.ndarray


_ROW_DTYPES = {"value_now": float, "value_target": float, "measure": object, "has_pik": bool,
               "landuse_kind": object, "measure_woody": bool, "pik_measure_woody": bool,
               "pik_value_target": float, "pik_measure": object, "label": object,
               "state_now": object, "state_target": object, "pik_state_target": object}


class _PartValues(NamedTuple):
    """Per part, the values in effect: the PIK pair replaces measure and target where proposed."""

    src_fid: np.ndarray
    area: np.ndarray
    landuse: np.ndarray
    label: np.ndarray
    kind: np.ndarray
    value_now: np.ndarray
    measure: np.ndarray
    value_target: np.ndarray
    woody: np.ndarray
    pik: np.ndarray
    states: tuple  # (land state before, land state after the measure in effect) per part ('' = none)


class _Ranking(NamedTuple):
    """Per part its uplift, score and rank; *order* lists the parts by rank; the selection."""

    uplift: np.ndarray
    score: np.ndarray
    order: np.ndarray
    rank: np.ndarray
    selected: np.ndarray
    demand_met: bool
    shortfall: float


class _Choice(NamedTuple):
    """What :mod:`.screening_choice` adds per part (NaN where it was not asked for)."""

    selected: np.ndarray   # the selection in effect (optimal when asked for, else the walk)
    sel_greedy: np.ndarray  # the walk by rank; None (NULL) where no optimal selection ran
    sel_freq: np.ndarray
    rank_min: np.ndarray
    rank_max: np.ndarray
    gain_eca: np.ndarray
    farmland: np.ndarray
    prime_soil: np.ndarray


class _Journal:
    """What a screening tells besides its table: progress (``run``), warnings and statistics."""

    def __init__(self, run, features):
        self.run = run
        self.warnings = []
        self.stats = {"features": features}
        self.layer_repairs = 0

    def warn(self, template, **params):
        """Add a warning: an ``N_()`` template and its parameters."""
        self.warnings.append((template, params))

    def layer_repaired(self, key, count):
        """Count and report *count* invalid geometries repaired in the overlay layer *key*."""
        self.layer_repairs += count
        self.warn(N_("{layer}: {count} invalid geometries were repaired (make_valid)."),
                  layer=LAYER_NAMES[key], count=count)


# --------------------------------------------------------------------------- parameter checks


def _weights(weights):
    """The weights of the score: :data:`~.ranking.DEFAULT_WEIGHTS` for each key not given."""
    w = dict(ranking.DEFAULT_WEIGHTS)
    for key, value in (weights or {}).items():
        if key not in w:
            raise ValueError("unknown weight %r; expected one of %s" % (key, ", ".join(WEIGHT_KEYS)))
        if value is not None:
            w[key] = check_number("W_" + key.upper(), value)
    return w


def _check_features(geoms, fids, codes, soil):
    """The candidate features as arrays of one length (``ValueError`` otherwise); *geoms* None: not
    read (the database has them, :attr:`~.screening_sql.Database.scan`)."""
    fids = np.asarray(fids, dtype=np.int64).reshape(-1)
    if geoms is not None:
        geoms = geoms if isinstance(geoms, WkbStore) else as_geometry_array(geoms)
    n = len(geoms) if geoms is not None else len(fids)
    codes = list(codes) if not isinstance(codes, (np.ndarray, pd.Series)) else codes
    if len(fids) != n or len(codes) != n:
        raise ValueError("geoms, fids and codes must have the same length (%d, %d, %d)"
                         % (n, len(fids), len(codes)))
    if soil is not None:
        soil = np.asarray(soil, dtype=float).reshape(-1)
        if len(soil) != n:
            raise ValueError("soil must have one value per feature")
    return _Features(geoms, fids, codes, soil)


def _check_params(options):
    """The numbers of *options*, checked (a :class:`~.errors.KernelError` names a bad one)."""
    weights = _weights(options.weights)
    min_area = check_number("MIN_AREA", options.min_area, 0.0)
    demand = check_number("DEMAND", options.demand, 0.0)
    threshold = options.pik_soil_threshold
    if threshold is not None:
        threshold = check_number("PIK_SOIL_THRESHOLD", threshold)
    return _Params(weights, min_area, demand, threshold)


# --------------------------------------------------------------------------- main

def screen(geoms, fids, codes, table, options=None, *, progress=None, is_cancelled=None, log=None):
    """Screen candidate land for compensation; see the module docstring for the rules.

    geoms: array of shapely (Multi)Polygons in planar metres (or of their WKB, or a
    :class:`~.geometry.WkbStore`: parsed chunk by chunk; None with a database that scanned the
    candidates, :attr:`~.screening_sql.Database.scan`); fids: int64 source
    feature ids; codes: land-use codes (str/int/None) per feature; table: a
    :class:`~.value_table.ValueTable`; options: a :class:`ScreeningOptions` (the
    overlay layers, soil values, weights, MIN_AREA, DEMAND; default: none given);
    progress: ``callable(percent)``; is_cancelled: ``callable() -> bool``; log:
    ``callable(template, **params)`` naming each step for the user.

    Raises :class:`~.errors.KernelError` for bad parameters,
    :class:`~.errors.Cancelled` when *is_cancelled* returns True.
    """
    options = ScreeningOptions() if options is None else options
    run = Run(progress, is_cancelled, log)
    run.step(0, N_("Looking up the land-use codes of {count} parcels in the value table …"),
             count=len(geoms) if geoms is not None else len(fids))
    features = _check_features(geoms, fids, codes, options.soil)
    params = _check_params(options)
    journal = _Journal(run, features=len(features.fids))
    lookup = _look_up_codes(features, table, journal, _scan(features.geoms, run, options.database))
    parts, overlays, gain_eca, seepage = _geometry_stages(features, lookup, options, params, journal)
    values = _part_values(features, lookup, parts, params, journal)
    estimate = _water_climate(options.water_climate, features, (parts, values, seepage), journal)
    shares = _score_shares(overlays.shares, estimate, parts.area, options.water_climate)
    ranking = _rank_and_select(values, shares, params, journal)
    choice = _choose(options, features, parts, (values, overlays, ranking, gain_eca, shares, estimate),
                     params=params, journal=journal)
    ranking = ranking._replace(selected=choice.selected)
    table_df = _table(values, overlays, ranking, _notes(values, overlays), run,
                      method=str(getattr(table, "method", "") or ""), choice=choice, estimate=estimate)
    per_municipality = options.municipalities is not None or (
        options.database is not None and options.database.overlays.municipalities is not None)
    summary = _summary(table_df, per_municipality=per_municipality)
    journal.stats.update(_final_stats(values, ranking))
    run.report(100)
    return ScreeningResult(wkb=parts.geoms[ranking.order], table=table_df, summary=summary,
                           warnings=journal.warnings, stats=journal.stats)


# --------------------------------------------------------------------------- 1. land-use codes

def _scan(geoms, run, database=None):
    """Per feature: whether it has a non-empty geometry, and the centre of its bounding box (NaN
    without one; None when the features fit one chunk). Parses WKB chunk by chunk; with a *database*
    that scanned the candidates (``scan``), takes its answer instead (the same numbers)."""
    if database is not None and database.scan is not None:
        present, bounds = database.scan
        if len(present) != len(database.keys) or geoms is not None and len(geoms) != len(present):
            raise ValueError("the database's scan must have one row per feature")
        centres = None if len(present) <= CHUNK_FEATURES else (bounds[:, :2] + bounds[:, 2:]) / 2
        return np.asarray(present, dtype=bool), centres
    if geoms is None:
        raise ValueError("geoms may be None only with a database that scanned the candidates")
    n = len(geoms)
    present = np.zeros(n, dtype=bool)
    centres = None if n <= CHUNK_FEATURES else np.full((n, 2), np.nan)
    for start in range(0, n, CHUNK_FEATURES):
        run.check()
        chunk = as_shapely(geoms[start:start + CHUNK_FEATURES])
        present[start:start + len(chunk)] = present_mask(chunk)
        if centres is not None:
            b = shapely.bounds(chunk)
            centres[start:start + len(chunk)] = (b[:, :2] + b[:, 2:]) / 2
    return present, centres


def _code_keys(codes):
    """The normalised codes present (sorted) and, per feature, the index of its code (-1 = none)."""
    if len(codes) == 0:
        return [], np.empty(0, dtype=np.int64)
    fac, uniques = pd.factorize(pd.Series(np.asarray(codes, dtype=object), dtype=object),
                                use_na_sentinel=True)
    norm_of_unique = [normalize_code(u) for u in uniques]
    keys = sorted({k for k in norm_of_unique if k is not None})
    key_index = {k: i for i, k in enumerate(keys)}
    uk = np.array([key_index[k] if k is not None else -1 for k in norm_of_unique] + [-1], dtype=np.int64)
    return keys, uk[fac]  # fac == -1 picks the trailing -1


def _look_up_codes(features, table, journal, scan):
    """Stage 1: the value-table row of each feature; counts and reports the features skipped.

    *scan*: (whether each feature has a non-empty geometry, the centres or None) of :func:`_scan`."""
    present, centres = scan
    keys, feat_key = _code_keys(features.codes)
    rows = [table.rows.get(k) for k in keys]
    known = np.array([r is not None for r in rows] + [False], dtype=bool)[feat_key]
    with_measure = np.array([r is not None and r.has_measure for r in rows] + [False], dtype=bool)[feat_key]
    unknown = present & ~known
    journal.stats["skipped_empty"] = int((~present).sum())
    journal.stats["skipped_unknown"] = int(unknown.sum())
    _warn_unknown_codes(keys, feat_key, unknown, table.path, journal)
    journal.stats["skipped_no_measure"] = int((present & known & ~with_measure).sum())
    journal.run.report(5)
    return _Lookup(keys, rows, feat_key, np.flatnonzero(present & with_measure), centres)


def _warn_unknown_codes(keys, feat_key, unknown, table_path, journal):
    """One warning for the features without a code, one for the codes not in the table (the most frequent named)."""
    no_code = unknown & (feat_key < 0)
    if no_code.any():
        journal.warn(N_("{count} features have no land-use code and were skipped. Fill the land-use "
                        "field or choose another LANDUSE_FIELD."), count=int(no_code.sum()))
    counts = np.bincount(feat_key[unknown & (feat_key >= 0)], minlength=len(keys))
    missing = {keys[i]: int(counts[i]) for i in np.flatnonzero(counts)}
    if missing:
        journal.warn(N_("{codes} land-use codes ({count} features) are not in the value table {table}; these "
                        "features were skipped: {listed}. Add rows for the codes to the value table if they "
                        "should be screened."),
                     codes=len(missing), count=sum(missing.values()), table=table_path, listed=counted(missing))


# --------------------------------------------------------------------------- 2.-3. candidate parts

def _candidate_parts(geoms, cand, layers, min_area, journal):
    """Stages 2-3: the candidates *cand* (feature indices; *geoms* their geometries) repaired, minus
    the exclusions, split; parts below MIN_AREA dropped."""
    parts, part_feat = _repaired_candidates(geoms, cand, journal)
    rest = _minus_exclusions(parts, layers, journal)
    del parts  # the candidates' polygons are not needed any more
    return _kept_parts(rest, part_feat, min_area, journal)


def _repaired_candidates(geoms, cand, journal):
    """Stage 2: the candidates' polygons, repaired and exploded: (parts, feature of each part)."""
    parts, pidx, n_rep = clean_polygons(geoms, journal.run)
    journal.run.check()
    _count_repaired(journal, n_rep, int(len(cand) - len(np.unique(pidx))))
    return parts, cand[pidx]


def _count_repaired(journal, repaired, empty):
    """Count (and report) the candidates *repaired* and those left *empty* by the repair."""
    journal.stats["repaired_invalid"] = repaired
    if repaired:
        journal.warn(N_("{count} invalid candidate geometries were repaired (make_valid). Check them "
                        "with the 'Check validity' tool if a result looks wrong."), count=repaired)
    journal.stats["skipped_empty"] = journal.stats.get("skipped_empty", 0) + empty


def _exclusion_layers(exclusions):
    """The exclusion layers as a sequence of polygon arrays (one plain array is one layer)."""
    if exclusions is None:
        return ()
    if isinstance(exclusions, np.ndarray) and exclusions.dtype == object and exclusions.ndim == 1 \
            and len(exclusions) and not isinstance(exclusions[0], (np.ndarray, list, tuple)):
        return [exclusions]
    return exclusions


def _minus_exclusions(parts, layers, journal):
    """Stage 3: each part minus the union of all exclusion polygons (all layers together)."""
    journal.run.step(10, N_("Subtracting the exclusion areas …"))
    pieces = layers.near("exclusions", parts)
    journal.run.report(15)
    return _subtract(parts, pieces, journal.run, span=(15, 40))


def _exclusion_pieces(exclusions, journal):
    """The exclusion polygons of all layers, repaired (repairs reported) and cut into pieces."""
    polys, repaired = [], 0
    for layer in _exclusion_layers(exclusions):
        p, _, r = clean_polygons(layer, journal.run)
        repaired += r
        polys.append(p)
    if repaired:
        journal.layer_repaired("exclusions", repaired)
    polys = np.concatenate(polys) if polys else np.empty(0, dtype=object)
    return _prepare_layer(polys, journal.run, dissolve=False)


def _kept_parts(rest, part_feat, min_area, journal):
    """Stage 3: what is left split into single polygons, those below *min_area* dropped."""
    journal.run.check()
    out, oidx = polygon_parts(rest, journal.run)
    journal.run.check()
    area = shapely.area(out)
    small = area < max(min_area, SLIVER_AREA)
    journal.stats["dropped_small"] = int((small & (area >= SLIVER_AREA)).sum())
    # feature of each output part (order: feature, part, sub-part)
    return _Parts(out[~small], part_feat[oidx[~small]], area[~small])


# --------------------------------------------------------------------------- 2.-6. by chunks

class _Geo(NamedTuple):
    """What the geometric stages give per part, in part order (feature, part, sub-part)."""

    parts: _Parts             # geoms: WKB of a MultiPolygon of one polygon per part
    overlays: _Overlays
    gain_eca: np.ndarray
    seepage: np.ndarray       # percolation sampled inside each part (NaN: none)


def _geometry_stages(features, lookup, options, params, journal):
    """Stages 2-6 (and the point samples of 7b and 8) chunk by chunk of :data:`CHUNK_FEATURES`
    candidate features, each chunk a compact area; the parts put back in feature order.

    Only the chunks in work have their geometries parsed; each part leaves as WKB. Several chunks run
    at once on :func:`~.workers.thread_count` threads (GEOS works outside Python's lock). A part's
    result does not depend on its chunk (see :class:`_Layers`), and the chunks are joined in their
    order, so the result is that of one piece whatever the chunks and threads.
    """
    run, chunks = journal.run, _chunks(lookup.cand, lookup.centres)
    if options.database is not None:
        _database_layer_repairs(options.database, journal)
    else:
        layers = _Layers(options, journal, needed=len(lookup.cand) > 0)

    def work(index):
        chunk_journal = _Journal(_chunk_run(run, len(chunks)), features=0)
        cand = chunks[index]
        if options.database is not None:
            return _database_chunk(options.database, cand, (options, params), chunk_journal), chunk_journal
        return _chunk(as_shapely(features.geoms[cand]), cand, (layers, options, params), chunk_journal), chunk_journal

    threads = min(thread_count() if options.database is None else connection_count(), len(chunks))
    if len(chunks) > 1:
        run.step(5, N_("Screening {count} candidate features in {chunks} areas of up to {size} features "
                       "({threads} at a time) …"), count=len(lookup.cand), chunks=len(chunks),
                 size=CHUNK_FEATURES, threads=threads)
    results = _in_threads(work, len(chunks), threads, lambda done: run.report(5 + 85 * done / len(chunks)))
    _merge_journals(journal, [chunk_journal for _, chunk_journal in results])
    return _joined([chunk for chunk, _ in results])


def _in_threads(work, count, threads, done):
    """``[work(0), …, work(count - 1)]`` on *threads* threads; ``done(finished)`` after each one.

    The first error (a cancel included) stops the chunks not yet started and is raised.
    """
    if threads <= 1:
        results = []
        for index in range(count):
            results.append(work(index))
            done(index + 1)
        return results
    with ThreadPoolExecutor(threads) as pool:
        futures = [pool.submit(work, index) for index in range(count)]
        try:
            for finished, future in enumerate(as_completed(futures), start=1):
                future.result()
                done(finished)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
        return [future.result() for future in futures]


def _chunks(cand, centres, size=None):
    """*cand* in chunks of at most *size* features, each sorted; with *centres* (x, y per feature)
    each chunk is a compact area: strips by y, cut by x."""
    size = size or CHUNK_FEATURES
    if len(cand) <= size or centres is None:
        return [cand]
    c = np.nan_to_num(centres[cand])
    strips = max(1, int(math.ceil(math.sqrt(len(cand) / size))))
    y0, y1 = c[:, 1].min(), c[:, 1].max()
    strip = np.minimum(((c[:, 1] - y0) / max(y1 - y0, 1e-9) * strips).astype(np.int64), strips - 1)
    order = cand[np.lexsort((c[:, 0], strip))]
    return [np.sort(order[s:s + size]) for s in range(0, len(order), size)]


def _chunk_run(run, chunks):
    """The :class:`Run` of a chunk: *run* itself when there is one chunk; else one that only checks
    for a cancel (the chunks report progress as they finish; their steps are not named each time)."""
    return run if chunks == 1 else Run(None, run.is_cancelled, None)


class _ChunkParts(NamedTuple):
    parts: _Parts
    overlays: _Overlays
    gain_eca: np.ndarray
    seepage: np.ndarray


def _chunk(geoms, cand, setting, journal):
    """Stages 2-6 of the candidate features *cand* (*geoms* their geometries); *setting*:
    (:class:`_Layers`, options, params)."""
    layers, options, params = setting
    parts = _candidate_parts(geoms, cand, layers, params.min_area, journal)
    overlays = _overlays(parts, layers, journal)
    gain_eca = _connectivity(options.network, parts, overlays.shares, journal)
    inputs = options.water_climate
    seepage = _sample(inputs.seepage if inputs is not None else None, parts.geoms)
    wkb = to_wkb(_output_geometries(parts.geoms, journal.run))
    return _ChunkParts(parts._replace(geoms=wkb), overlays, gain_eca, seepage)


def _database_chunk(database, cand, setting, journal):
    """Stages 2-6 of the candidate features *cand* in the database (:mod:`.screening_sql`);
    *setting*: (options, params). The same parts and overlays as :func:`_chunk`."""
    options, params = setting
    found = screening_sql.parse_chunk(
        database.query(screening_sql.chunk_sql(database.overlays, database.keys[cand], params.min_area,
                                               (SLIVER_AREA, SHARE_EPS))),
        designated_given=database.overlays.flood_designated is not None)
    journal.run.check()
    _count_repaired(journal, found.repaired, len(cand) - found.with_parts)
    journal.stats["dropped_small"] = found.dropped
    covers = database.overlays.covers
    shares = {key: _share(found.covered[key], found.area) if key in covers else np.zeros(len(found.area))
              for key in SHARE_LAYERS}
    designated = shares["flood"] > 0 if found.designated is None else found.designated > SHARE_EPS * found.area
    overlays = _Overlays(shares, found.zone1 > SHARE_EPS * found.area, designated, found.municipality)
    parts = _Parts(shapely.from_wkb(found.wkb), cand[found.index], found.area)
    gain_eca = _connectivity(options.network, parts, overlays.shares, journal)
    inputs = options.water_climate
    seepage = _sample(inputs.seepage if inputs is not None else None, parts.geoms)
    return _ChunkParts(parts._replace(geoms=found.wkb), overlays, gain_eca, seepage)


def _database_layer_repairs(database, journal):
    """Report the invalid features of the overlay layers in the database (repaired there)."""
    sql = screening_sql.layer_repairs_sql(database.overlays)
    found = {str(key): int(count) for key, count in (database.query(sql) if sql else [])}
    for key in ("exclusions", *SHARE_LAYERS, "municipalities"):
        if found.get(key):
            journal.layer_repaired(key, found[key])


def _joined(chunks):
    """The parts of all chunks in one :class:`_Geo`, in feature order (the chunks' features are disjoint)."""
    if len(chunks) == 1:
        c = chunks[0]
        return _Geo(c.parts, c.overlays, c.gain_eca, c.seepage)
    order = np.argsort(np.concatenate([c.parts.feat for c in chunks]), kind="stable")

    def cat(get):
        return np.concatenate([get(c) for c in chunks])[order]

    shares = {key: cat(lambda c, k=key: c.overlays.shares[k]) for key in chunks[0].overlays.shares}
    overlays = _Overlays(shares, cat(lambda c: c.overlays.in_zone1), cat(lambda c: c.overlays.in_designated_flood),
                         cat(lambda c: c.overlays.municipality))
    parts = _Parts(cat(lambda c: c.parts.geoms), cat(lambda c: c.parts.feat), cat(lambda c: c.parts.area))
    return _Geo(parts, overlays, cat(lambda c: c.gain_eca), cat(lambda c: c.seepage))


#: statistics the chunks count, summed over them
_CHUNK_COUNTS = ("skipped_empty", "repaired_invalid", "dropped_small")


def _merge_journals(journal, chunks):
    """The chunks' warnings and counts into *journal*: a warning once, at its first place, with
    its ``count`` summed over the chunks; the other statistics as the chunks set them."""
    merged = {}
    journal.stats["repaired_invalid_layers"] = journal.layer_repairs
    for chunk in chunks:
        for template, params in chunk.warnings:
            key = (template, repr(sorted((k, v) for k, v in params.items() if k != "count")))
            if key in merged and "count" in params:
                merged[key][1]["count"] += params["count"]
            elif key not in merged:
                merged[key] = (template, dict(params))
    journal.warnings.extend(merged.values())
    for chunk in chunks:
        for name, value in chunk.stats.items():
            if name in _CHUNK_COUNTS:
                journal.stats[name] = journal.stats.get(name, 0) + int(value)
            elif name != "features":
                journal.stats[name] = value


# --------------------------------------------------------------------------- 4.-6. overlays

def _overlays(parts, layers, journal):
    """Stages 4-6: the co-benefit shares, drinking-water zone I and the municipality of each part."""
    journal.run.step(40, N_("Overlaying the co-benefits (drinking water, flood, riparian strips, biotope "
                            "network) on {count} candidate areas …"), count=len(parts.geoms))
    target = _Target(shapely.STRtree(parts.geoms) if len(parts.geoms) else None, parts.geoms, parts.area)
    shares = _cobenefit_shares(target, layers, journal)
    in_zone1 = _in_zone(target, layers, "water_zone1", journal)
    designated = (shares["flood"] > 0 if layers.options.flood_designated is None
                  else _in_zone(target, layers, "flood_designated", journal))
    municipality = _municipalities(target, layers, journal)
    return _Overlays(shares=shares, in_zone1=in_zone1, in_designated_flood=designated,
                     municipality=municipality)


class _Layers:
    """The overlay layers of a screening, repaired and cut into pieces once for all chunks.

    Every layer given is prepared at the start (its repairs reported then), when there are
    candidates (*needed*); :meth:`near` gives a chunk the pieces near its parts, in piece order, so
    that every part meets its pieces in the same order whatever the chunk. Read-only afterwards, so
    chunks in several threads share it.
    """

    DISSOLVED = SHARE_LAYERS  # co-benefit layers: dissolved, so that overlapping features count once

    def __init__(self, options, journal, needed=True):
        self.options = options
        self._ready = {}
        keys = ("exclusions", *SHARE_LAYERS, "water_zone1", "flood_designated", "municipalities")
        for key in keys if needed else ():
            values = getattr(options, key)
            if key == "exclusions" or (values is not None and len(values)):
                pieces, tree, names = self._prepare(key, journal)
                tree.query(shapely.box(0, 0, 1, 1))  # the tree is built now, before threads share it
                self._ready[key] = (pieces, tree, names)

    def _prepare(self, key, journal):
        if key == "exclusions":
            pieces, names = _exclusion_pieces(self.options.exclusions, journal), None
        elif key == "municipalities":
            pieces, names = _municipality_pieces(self.options.municipalities, journal)
        else:
            polys, _, repaired = clean_polygons(getattr(self.options, key), journal.run)
            if repaired:
                journal.layer_repaired(key, repaired)
            pieces, names = _prepare_layer(polys, journal.run, dissolve=key in self.DISSOLVED), None
        return pieces, shapely.STRtree(pieces), names

    def near(self, key, parts, with_names=False):
        """The pieces of layer *key* whose boxes meet the box of *parts* (and their names)."""
        if key not in self._ready or not len(parts):
            return (_EMPTY, []) if with_names else _EMPTY
        pieces, tree, names = self._ready[key]
        near = np.sort(tree.query(shapely.box(*shapely.total_bounds(parts))))
        if with_names:
            return pieces[near], [names[i] for i in near]
        return pieces[near]


def _cobenefit_shares(target, layers, journal):
    """Stage 4: per co-benefit layer (:data:`SHARE_LAYERS`), the share of each part inside it."""
    shares = {}
    for i, key in enumerate(SHARE_LAYERS):
        pct = 40.0 + 10.0 * i
        shares[key] = _layer_share(target, layers, key, (pct + 2, pct + 10), journal)
        journal.run.report(pct + 10)
    return shares


def _layer_share(target, layers, key, span, journal):
    """Share of each part's area inside the layer *key* (0-1; 0 without the layer)."""
    m = len(target.geoms)
    if getattr(layers.options, key) is None or m == 0:
        return np.zeros(m)
    pieces = layers.near(key, target.geoms)
    return _share(_covered_area(target, pieces, journal.run, span), target.area)


def _share(covered, area):
    """The share of each part's *area* that is *covered*: 0-1, within SHARE_EPS of 0 or 1 rounded."""
    share = np.clip(covered / area, 0.0, 1.0)
    share[share < SHARE_EPS] = 0.0
    share[share > 1.0 - SHARE_EPS] = 1.0
    return share


def _in_zone(target, layers, key, journal):
    """Stage 5: per part, whether it overlaps layer *key* (drinking-water protection zone I, the
    designated flood zones) by more than SHARE_EPS of its area."""
    m = len(target.geoms)
    values = getattr(layers.options, key)
    if values is None or m == 0 or len(values) == 0:
        return np.zeros(m, dtype=bool)
    pieces = layers.near(key, target.geoms)
    return _covered_area(target, pieces, journal.run, span=(80, 84)) > SHARE_EPS * target.area


def _municipalities(target, layers, journal):
    """Stage 6: per part, the name of the municipality holding most of its area ('' = none)."""
    journal.run.step(84, N_("Assigning the municipalities …"))
    names = np.full(len(target.geoms), "", dtype=object)
    if layers.options.municipalities is None or len(target.geoms) == 0:
        return names
    pieces, piece_names = layers.near("municipalities", target.geoms, with_names=True)
    if len(pieces):
        part, name = _largest_overlap(target, pieces, piece_names, journal.run)
        names[part] = name
    return names


def _municipality_pieces(municipalities, journal):
    """The municipality polygons, repaired and subdivided, and the name of each piece."""
    geoms, names = municipalities
    geoms = as_geometry_array(geoms)
    names = ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in names]
    if len(names) != len(geoms):
        raise ValueError("municipalities: one name per polygon expected")
    polys, src, repaired = clean_polygons(geoms, journal.run)
    if repaired:
        journal.layer_repaired("municipalities", repaired)
    pieces, src = subdivide(polys, src, journal.run)
    return pieces, [names[i] for i in src]


def _largest_overlap(target, pieces, names, run):
    """The parts overlapping a piece and, per part, the name with the largest overlap.

    Overlaps up to SHARE_EPS of the part's area do not count; equal areas go to the
    alphabetically first name. Returns (part indices, names).
    """
    name_codes, name_uniques = pd.factorize(pd.Series(names, dtype=object), sort=True)
    in_part, in_piece, c_piece, c_part = _pairs(target.tree, pieces, run)
    a_in = shapely.area(target.geoms[in_part])
    a_cross = run.map(_overlap_area, target.geoms[c_part], pieces[c_piece], span=(84, 90))
    df = pd.DataFrame({"part": np.concatenate([in_part, c_part]),
                       "name": np.concatenate([name_codes[in_piece], name_codes[c_piece]]),
                       "a": np.concatenate([a_in, a_cross])})
    df = df[df["a"] > SHARE_EPS * target.area[df["part"].to_numpy()]]
    if len(df) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=object)
    g = df.groupby(["part", "name"], sort=True)["a"].sum().reset_index()
    g = g.sort_values(["part", "a", "name"], ascending=[True, False, True], kind="mergesort")
    g = g.drop_duplicates("part", keep="first")
    return g["part"].to_numpy(), np.asarray(name_uniques, dtype=object)[g["name"].to_numpy()]


# --------------------------------------------------------------------------- 7. values, rank, selection

def _take(values, k, dtype):
    """``values[k]`` as an array of *dtype* (empty when *k* is)."""
    if len(k) == 0:
        return np.empty(0, dtype=dtype)
    return np.asarray(values, dtype=dtype)[k]


def _row_columns(rows, k):
    """The :class:`_RowColumns` of the parts whose rows are ``rows[k]``."""
    return _RowColumns(**{attr: _take([getattr(r, attr) if r is not None else dtype() for r in rows],
                                      k, dtype)
                          for attr, dtype in _ROW_DTYPES.items()})


def _part_values(features, lookup, parts, params, journal):
    """Stage 7: the values of each part from its row, with the PIK pair where PIK is proposed."""
    journal.run.step(90, N_("Computing compensation points and ranking, covering the demand …"))
    k = lookup.feat_key[parts.feat]  # key index per part (all known, with a measure)
    row = _row_columns(lookup.rows, k)
    soil = None if features.soil is None else features.soil[parts.feat]
    pik = _propose_pik(soil, row, parts.area, params.pik_soil_threshold, journal)
    return _PartValues(
        src_fid=features.fids[parts.feat], area=parts.area, landuse=_take(lookup.keys, k, object),
        label=row.label, kind=row.landuse_kind, value_now=row.value_now,
        measure=np.where(pik, row.pik_measure, row.measure),
        value_target=np.where(pik, row.pik_value_target, row.value_target),
        woody=np.where(pik, row.pik_measure_woody, row.measure_woody), pik=pik,
        states=(np.where(row.state_now != "", row.state_now,
                         pd.Series(row.landuse_kind, dtype=object).map(water_climate.DEFAULT_STATES).fillna("")
                         .to_numpy(dtype=object)).astype(object),
                np.where(pik, row.pik_state_target, row.state_target).astype(object)))


def _propose_pik(soil, row, area, threshold, journal):
    """Per part, whether PIK is proposed; the soil threshold used goes to the statistics."""
    pik = np.zeros(len(area), dtype=bool)
    used = None
    if soil is not None:
        known_soil = ~np.isnan(soil)
        used = _mean_soil(soil, known_soil, row, area) if threshold is None else threshold
        if used is not None:
            journal.stats["pik_threshold_source"] = "candidates" if threshold is None else "given"
        if used is not None:
            pik = row.has_pik & known_soil & (soil >= used)
        elif row.has_pik.any():
            journal.warn(N_("No candidate with a PIK option has a soil value, so no PIK was proposed. "
                            "Check SOIL_FIELD or enter PIK_SOIL_THRESHOLD."))
    journal.stats["pik_soil_threshold"] = used
    journal.stats.setdefault("pik_threshold_source", None)
    return pik


def _mean_soil(soil, known_soil, row, area):
    """The default PIK threshold: area-weighted mean soil value of the arable parts with a PIK pair.

    Without such a part with a known soil value, of all parts with a PIK pair; None when none.
    """
    pop = row.has_pik & known_soil & (row.landuse_kind == "arable")
    if not pop.any():
        pop = row.has_pik & known_soil
    if not pop.any():
        return None
    return float(np.sum(soil[pop] * area[pop]) / np.sum(area[pop]))


def _rank_and_select(values, shares, params, journal):
    """Stage 7: uplift, score and rank of each part, and the selection covering the demand."""
    journal.run.check()
    gain = values.value_target - values.value_now
    uplift = gain * values.area
    score = ranking.score(gain, shares, params.weights)
    order = ranking.rank_order(score, uplift, values.src_fid)
    rank = ranking.ranks(order)
    selected, demand_met, shortfall = _select(uplift, order, params.demand, journal)
    if len(uplift) == 0:
        journal.warn(N_("No candidate land remained. Check LANDUSE_FIELD and the codes of the value "
                        "table, the exclusions and MIN_AREA."))
    return _Ranking(uplift, score, order, rank, selected, demand_met, shortfall)


def _select(uplift, order, demand, journal):
    """Walk by rank until the selected uplift reaches *demand*: (selected, demand met, shortfall).

    When all candidates fall short, all are selected and a warning gives the shortfall.
    """
    selected, met = ranking.walk(uplift, order, demand)
    if met:
        return selected, True, 0.0
    total = float(uplift.sum())
    shortfall = demand - total
    journal.warn(N_("All {count} candidates together give {total:.0f} eco-points, "
                    "{shortfall:.0f} short of the demand of {demand:.0f}: all were selected. "
                    "Add candidate land (fewer exclusions, smaller MIN_AREA, more codes with a "
                    "measure) or cover the rest elsewhere."),
                 count=len(uplift), total=total, shortfall=shortfall, demand=demand)
    return selected, False, shortfall


def _notes(values, overlays):
    """The note ids (:data:`NOTE_IDS`) of each part, joined by ';' in that order."""
    flags = [values.woody & overlays.in_designated_flood,
             (values.kind == "arable") & (overlays.shares["riparian"] > 0),
             overlays.in_zone1, values.pik]
    notes = np.full(len(values.pik), "", dtype=object)
    any_flag = np.zeros(len(values.pik), dtype=bool)
    for f in flags:
        any_flag |= f
    for i in np.flatnonzero(any_flag):
        notes[i] = ";".join(nid for nid, f in zip(NOTE_IDS, flags) if f[i])
    return notes


# --------------------------------------------------------------------------- 7b. nitrate and carbon

def _water_climate(inputs, features, stage, journal):
    """Stage 7b: nitrate leaching avoided and soil carbon per part (:mod:`.water_climate`); None without."""
    if inputs is None:
        return None
    parts, values, sampled = stage
    journal.run.step(89, N_("Estimating nitrate leaching avoided and soil carbon per measure …"))
    m = len(parts.area)
    soil_types = None if inputs.soil_types is None else np.asarray(inputs.soil_types, dtype=object)[parts.feat]
    soil_index = None if features.soil is None else features.soil[parts.feat]
    soil, by_type, unknown = water_climate.soil_classes(inputs.factors, m, soil_types, soil_index)
    seepage, sampled = water_climate.seepage(sampled, inputs.seepage_default)
    estimate = water_climate.estimate(parts.area, values.states,
                                      water_climate.Site(soil, seepage, by_type & sampled), inputs.factors)
    _warn_estimates(inputs, (values.states, unknown, sampled), estimate, journal)
    journal.stats["soil_classes"] = {inputs.factors.soils[i].key: int(c)
                                     for i, c in enumerate(np.bincount(soil, minlength=len(inputs.factors.soils)))
                                     if c}
    return estimate


def _sample(grid, geoms):
    """The value of *grid* (a :class:`~.grid.Grid`) at a point inside each part; NaN off the grid or None."""
    if grid is None or len(geoms) == 0:
        return np.full(len(geoms), np.nan)
    points = shapely.point_on_surface(geoms)
    return grid.at(shapely.get_x(points), shapely.get_y(points)).astype(float)


def _warn_estimates(inputs, found, estimate, journal):
    """Warnings on the estimates: soil types not in the table, percolation defaults, land states
    without factors. *found*: (states, unknown soil types {type: count}, sampled per part)."""
    states, unknown, sampled = found
    if unknown:
        journal.warn(N_("{count} soil types are not in the soil-class table {table}; those parts use their "
                        "soil index or the default class: {listed}."),
                     count=len(unknown), table=inputs.factors.paths[1], listed=counted(unknown))
    if inputs.seepage is not None and not sampled.all():
        journal.warn(N_("{count} candidate areas lie outside the percolation raster or on its no-data cells; "
                        "they use the default percolation of {mm:g} mm/a."),
                     count=int((~sampled).sum()), mm=inputs.seepage_default)
    templates = (N_("No nitrate estimate for {count} candidate areas: the value table names no land state after "
                    "the measure (columns state_now, state_target, pik_state_target), or the factor table {table} "
                    "has no sourced nitrogen surplus for it: {listed}."),
                 N_("No carbon estimate for {count} candidate areas: the value table names no land state after "
                    "the measure (columns state_now, state_target, pik_state_target), or the factor table {table} "
                    "has no sourced stock change factor for it: {listed}."))
    for template, values in zip(templates, (estimate.n_saved_ha, estimate.co2_t_a)):
        missing = _missing_transitions(states, values)
        if missing:
            journal.warn(template, count=sum(missing.values()), table=inputs.factors.paths[0],
                         listed=counted(missing))


def _missing_transitions(states, values):
    """{"before → after": parts} of the parts with a land state whose estimate is NaN."""
    before, after = (np.asarray(x, dtype=object) for x in states)
    gap = np.isnan(values) & ((before != "") | (after != ""))
    if not gap.any():
        return {}
    pairs = pd.Series([f"{b or '?'} → {a or '?'}" for b, a in zip(before[gap], after[gap])])
    return {k: int(v) for k, v in pairs.value_counts(sort=False).items()}


def _score_shares(shares, estimate, area, inputs):
    """The shares the score weighs: the overlay shares, plus ``nitrate`` and ``climate`` with the
    estimates; with ``water_by_nitrate`` the water share is the protection-zone share times the
    nitrate share (nitrate avoided inside the zones)."""
    if estimate is None:
        return shares
    extra = water_climate.score_shares(estimate, area)
    out = {**shares, **extra}
    if inputs.water_by_nitrate:
        out["water"] = shares["water"] * extra["nitrate"]
    return out


# --------------------------------------------------------------------------- 8. beyond the walk

def _connectivity(network, parts, shares, journal):
    """Per part gain_eca (NaN without a network); its share joins *shares* as ``connectivity``."""
    if network is not None:
        journal.run.step(88, N_("Computing what each candidate adds to the biotope network (ECA) …"))
    gain, share, eca, warnings = screening_choice.connectivity(network, parts.geoms, parts.feat, journal.run)
    if network is not None:
        shares["connectivity"] = share
        journal.stats["eca_m2"] = eca
        journal.warnings.extend(warnings)
    return gain


def _choose(options, features, parts, stage, *, params, journal):
    """Stage 8: farmland flags, the optimal selection and the robustness of the ranking.

    *stage*: (values, overlays, ranking, gain_eca, the score's shares, the nitrate and carbon
    estimate or None) of the stages before.
    """
    values, overlays, ranking, gain_eca, shares, estimate = stage
    view = screening_choice.PartView(
        parts.geoms, parts.feat, values.src_fid, values.area, values.kind, values.pik,
        values.value_target - values.value_now, ranking.uplift, ranking.score, shares,
        overlays.municipality, ranking.selected, *((estimate.n_saved_kg, estimate.co2_t_a) if estimate is not None else ()))
    soil = None if features.soil is None else features.soil[parts.feat]
    flags = screening_choice.farmland_flags(view.kind, view.pik, soil, journal.stats.get("pik_soil_threshold"))
    selected, greedy = ranking.selected, np.full(len(view.area), None, dtype=object)  # NULL: no optimum run
    if options.optimal is not None and params.demand > 0:
        selected = _optimal(options.optimal, view, flags, (params.demand, ranking.demand_met), journal)
        greedy = ranking.selected
    freq, rmin, rmax = screening_choice.robustness(options.robustness, view, params.weights, params.demand,
                                                   journal.run)
    return _Choice(selected, greedy, freq, rmin, rmax, gain_eca, flags[0], flags[1])


def _optimal(settings, view, flags, demand, journal):
    """The optimal selection, or the walk's when all candidates together fall short.

    *demand*: (eco-points, whether the walk met them).
    """
    if not demand[1]:
        journal.warn(N_("The optimal selection was skipped: all candidates are needed and do not even "
                        "cover the demand."))
        return view.walk
    journal.run.step(92, N_("Solving the optimal selection (mixed-integer program, HiGHS) …"))
    selected, solution = screening_choice.optimal_selection(settings, view, flags, demand[0], journal.run)
    farmland = flags[0]
    journal.stats.update({
        "selection_status": solution.status, "mip_gap": float(solution.gap),
        "objective": float(solution.objective), "solve_seconds": float(solution.seconds),
        "farmland_greedy_m2": float(view.area[view.walk & farmland].sum()),
        "farmland_optimal_m2": float(view.area[selected & farmland].sum())})
    return selected


# --------------------------------------------------------------------------- output

def _table(values, overlays, ranking, notes, run, *, method="", choice=None, estimate=None):
    """The output table (:data:`TABLE_COLUMNS`), sorted by rank.

    Each column is put in rank order once and the table holds it as it is (no consolidated copy).
    """
    run.check()
    shares = overlays.shares
    columns = {
        "src_fid": values.src_fid.astype(np.int64, copy=False),
        "municipality": overlays.municipality,
        "landuse": values.landuse,
        "landuse_label": values.label,
        "area_m2": values.area.astype(float, copy=False),
        "value_now": values.value_now.astype(float, copy=False),
        "measure": values.measure.astype(object, copy=False),
        "value_target": values.value_target.astype(float, copy=False),
        "pik": values.pik.astype(bool, copy=False),
        "uplift_pts": ranking.uplift.astype(float, copy=False),
        "share_water": shares["water"],
        "share_flood": shares["flood"],
        "share_riparian": shares["riparian"],
        "share_corridor": shares["corridor"],
        "score": ranking.score.astype(float, copy=False),
        "rank": ranking.rank,
        "selected": ranking.selected,
        **_choice_columns(choice, len(notes)),
        **_estimate_columns(estimate, len(notes)),
        "method": np.full(len(notes), method, dtype=object),
        "notes": notes,
    }
    order = ranking.order
    return pd.DataFrame({name: np.asarray(columns.pop(name))[order] for name in TABLE_COLUMNS}, copy=False)


def _choice_columns(choice, m):
    """The columns of :class:`_Choice` (sel_greedy … prime_soil); empty ones without it."""
    if choice is None:
        nan = np.full(m, np.nan)
        no = np.zeros(m, dtype=bool)
        choice = _Choice(no, np.full(m, None, dtype=object), nan, nan, nan, nan, no, no)
    return {name: getattr(choice, name) for name in _Choice._fields[1:]}


def _estimate_columns(estimate, m):
    """The nitrate and carbon columns (NaN and NULL without the estimates)."""
    if estimate is None:
        estimate = water_climate.Estimate(*(np.full(m, np.nan),) * 3, np.full(m, None, dtype=object))
    return {"n_saved_ha": estimate.n_saved_ha, "n_saved_kg": estimate.n_saved_kg, "co2_t_a": estimate.co2_t_a,
            "est_unc": estimate.uncertainty}


def _output_geometries(geoms, run):
    """The parts, each as a MultiPolygon of one polygon."""
    run.check()
    geometries = np.empty(0, dtype=object)
    if len(geoms):
        geometries = run.map(lambda p: np.asarray(shapely.multipolygons(p, indices=np.arange(len(p))),
                                                  dtype=object).reshape(-1), geoms)
    run.check()
    return geometries


def _final_stats(values, ranking):
    """The statistics of the result (the counts of skipped features are taken on the way)."""
    return {
        "candidates": int(len(values.pik)),
        "total_uplift": float(ranking.uplift.sum()),
        "selected_pts": float(ranking.uplift[ranking.selected].sum()),
        "demand_met": bool(ranking.demand_met),
        "shortfall": float(ranking.shortfall),
        "pik_candidates": int(values.pik.sum()),
    }


def _prepare_layer(polys, run, dissolve):
    """Overlay pieces of a cleaned layer: dissolved (disjoint) if asked, then subdivided."""
    if len(polys) == 0:
        return polys
    if dissolve:
        polys = _dissolve(polys, run)
    pieces, _ = subdivide(polys, np.zeros(len(polys), dtype=np.int64), run)
    return pieces


#: the summary's sums: column -> (candidate column, only the selected ones)
_SUMS = {"area_m2": ("area_m2", False), "uplift_pts": ("uplift_pts", False),
         "selected_area_m2": ("area_m2", True), "selected_pts": ("uplift_pts", True),
         "selected_n_kg": ("n_saved_kg", True), "selected_co2_t": ("co2_t_a", True)}


def _summary(df, per_municipality):
    """One row per municipality (when asked) and a row 'total'; NaN estimates count 0 in the sums."""
    sel = df["selected"].to_numpy(dtype=bool)
    tmp = pd.DataFrame({col: np.where(sel, np.nan_to_num(df[src].to_numpy(dtype=float)), 0.0) if only_sel
                        else df[src].to_numpy(dtype=float) for col, (src, only_sel) in _SUMS.items()})
    tmp["municipality"] = df["municipality"].to_numpy(dtype=object)
    rows = []
    if per_municipality and len(df):
        g = tmp.groupby("municipality", sort=True)
        agg = g.agg(candidates=("area_m2", "size"), **{c: (c, "sum") for c in _SUMS}).reset_index()
        rows.append(agg)
    total = {"municipality": "total", "candidates": len(df), **{c: float(tmp[c].sum()) for c in _SUMS}}
    rows.append(pd.DataFrame([total]))
    out = pd.concat(rows, ignore_index=True)[list(SUMMARY_COLUMNS)]
    out["candidates"] = out["candidates"].astype(np.int64)
    for c in SUMMARY_COLUMNS[2:]:
        out[c] = out[c].astype(float)
    out["municipality"] = out["municipality"].astype(object)
    return out
