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
    * PIK (production-integrated compensation, BNatSchG §15(3), BKompV §10):
      proposed where ``soil`` is given, the row has a PIK pair (``pik_measure``,
      ``pik_value_target``) and the part's soil value is known and at or above
      the threshold. *Any* row with a PIK pair qualifies (the table author opts
      in per row; the default table offers PIK for arable land only). The
      default threshold is the area-weighted mean soil value (weights: part
      areas after exclusions and ``min_area``) of the candidate parts whose row
      has ``landuse_kind`` ``arable`` and a PIK pair; when there is no such part
      with a known soil value, of all parts whose row has a PIK pair. With PIK,
      ``measure``/``value_target`` are the PIK pair and the woodiness of the
      effective measure is ``pik_measure_woody``.
    * ``uplift_pts = (value_target - value_now) * area_m2`` (BKompV §8(2)).
    * ``share_water/flood/riparian/corridor``: area of (part ∩ union of the layer)
      / ``area_m2``, 0-1; 0 when the layer is None or empty. Overlapping
      features of one layer count once (each layer is dissolved first).
      Shares below 1e-6 are set to 0, above 1 - 1e-6 to 1 (overlay noise).
    * ``score = w_uplift * (value_target - value_now) / 24 + Σ w_k * share_k``
      for k in water, flood, riparian, corridor (weights default 1.0).
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
    * ``notes``: note ids (:data:`NOTE_IDS`) joined by ';', in that order:
      ``woody_in_flood`` - the effective measure plants trees/shrubs
      (``measure_woody``) and ``share_flood`` > 0 (WHG §78a);
      ``arable_in_riparian`` - ``landuse_kind`` arable and ``share_riparian`` > 0
      (SächsWG §24, WHG §38); ``water_zone_1`` - the part overlaps drinking-water
      protection zone I by more than 1e-6 of its area; ``pik`` - PIK is proposed
      (BNatSchG §15(3)).

Output order: the rows of :attr:`ScreeningResult.table` (and the geometries)
are sorted by rank. The summary has one row per municipality value of the
candidates, sorted by name (no per-municipality rows when ``municipalities``
is None), and a last row ``total``.

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
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from .errors import N_, check_number
from .geometry import as_geometry_array, clean_polygons, overlay_rounds, polygon_parts, subdivide
from .progress import Run
from .value_table import normalize_code

NOTE_IDS = ("woody_in_flood", "arable_in_riparian", "water_zone_1", "pik")
TABLE_COLUMNS = ("src_fid", "municipality", "landuse", "landuse_label", "area_m2", "value_now",
                 "measure", "value_target", "pik", "uplift_pts", "share_water", "share_flood",
                 "share_riparian", "share_corridor", "score", "rank", "selected", "notes")
SUMMARY_COLUMNS = ("municipality", "candidates", "area_m2", "uplift_pts", "selected_area_m2",
                   "selected_pts")
WEIGHT_KEYS = ("uplift", "water", "flood", "riparian", "corridor")
SHARE_LAYERS = ("water", "flood", "riparian", "corridor")
#: Names of the layers in warnings (the Processing parameter names).
LAYER_NAMES = {"exclusions": "EXCLUSIONS", "water": "WATER_PROTECTION", "flood": "FLOODPLAIN",
               "riparian": "RIPARIAN", "corridor": "CORRIDORS", "water_zone1": "WATER_PROTECTION (zone I)",
               "municipalities": "MUNICIPALITIES"}
SCALE_MAX = 24.0
SHARE_EPS = 1e-6      # relative area below which an overlap counts as none
SLIVER_AREA = 0.01    # m²: parts below are overlay noise, dropped silently
TILE_VERTICES = 20000  # vertices per grid tile when dissolving a layer


@dataclass
class ScreeningResult:
    """What :func:`screen` returns (see the module docstring for the rules)."""

    geometries: np.ndarray          # MultiPolygon per output row, same order as table
    table: pd.DataFrame             # columns TABLE_COLUMNS, sorted by rank
    summary: pd.DataFrame           # columns SUMMARY_COLUMNS, municipalities then 'total'
    warnings: list = field(default_factory=list)  # (template, params) tuples
    stats: dict = field(default_factory=dict)


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


def _covered_area(tree, parts, pieces, run, span):
    """Per part: area inside *pieces*, summed over pieces (pieces must be disjoint)."""
    out = np.zeros(len(parts))
    if len(pieces) == 0 or len(parts) == 0:
        return out
    in_part, _, c_piece, c_part = _pairs(tree, pieces, run)
    out[np.unique(in_part)] = shapely.area(parts[np.unique(in_part)])
    if len(c_part):
        order = np.argsort(c_part, kind="stable")
        c_piece, c_part = c_piece[order], c_part[order]
        a = run.map(lambda p, q: shapely.area(shapely.intersection(p, q)),
                    parts[c_part], pieces[c_piece], span=span)
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


# --------------------------------------------------------------------------- parameter checks



def _weights(weights):
    w = {k: 1.0 for k in WEIGHT_KEYS}
    for key, value in (weights or {}).items():
        if key not in w:
            raise ValueError("unknown weight %r; expected one of %s" % (key, ", ".join(WEIGHT_KEYS)))
        if value is not None:
            w[key] = check_number("W_" + key.upper(), value)
    return w


# --------------------------------------------------------------------------- main

def screen(geoms, fids, codes, table, exclusions=(), water=None, flood=None, riparian=None,
           corridor=None, water_zone1=None, soil=None, pik_soil_threshold=None, municipalities=None,
           weights=None, min_area=5000.0, demand=0.0, progress=None, is_cancelled=None, log=None):
    """Screen candidate land for compensation; see the module docstring for the rules.

    geoms: array of shapely (Multi)Polygons in planar metres; fids: int64 source
    feature ids; codes: land-use codes (str/int/None) per feature; table: a
    :class:`~.value_table.ValueTable`; exclusions: list of polygon arrays (one per
    layer); water/flood/riparian/corridor/water_zone1: polygon arrays or None;
    soil: float array (NaN = unknown) or None; pik_soil_threshold: float or None
    (default: see module docstring); municipalities: (polygon array, names) or
    None; weights: dict with keys from :data:`WEIGHT_KEYS` (default 1.0 each);
    min_area: m²; demand: eco-points (0 = no selection); progress:
    ``callable(percent)``; is_cancelled: ``callable() -> bool``; log:
    ``callable(template, **params)`` naming each step for the user.

    Raises :class:`~.errors.KernelError` for bad parameters,
    :class:`~.errors.Cancelled` when *is_cancelled* returns True.
    """
    run = Run(progress, is_cancelled, log)
    run.step(0, N_("Looking up the land-use codes of {count} parcels in the value table …"), count=len(geoms))
    geoms = as_geometry_array(geoms)
    n = len(geoms)
    fids = np.asarray(fids, dtype=np.int64).reshape(-1)
    codes = list(codes) if not isinstance(codes, (np.ndarray, pd.Series)) else codes
    if len(fids) != n or len(codes) != n:
        raise ValueError("geoms, fids and codes must have the same length (%d, %d, %d)"
                         % (n, len(fids), len(codes)))
    if soil is not None:
        soil = np.asarray(soil, dtype=float).reshape(-1)
        if len(soil) != n:
            raise ValueError("soil must have one value per feature")
    w = _weights(weights)
    min_area = check_number("MIN_AREA", min_area, 0.0)
    demand = check_number("DEMAND", demand, 0.0)
    if pik_soil_threshold is not None:
        pik_soil_threshold = check_number("PIK_SOIL_THRESHOLD", pik_soil_threshold)
    warnings = []
    stats = {"features": n}

    # 1. land-use codes -> table rows ---------------------------------------------------------
    present = np.zeros(n, dtype=bool)
    if n:
        present = ~shapely.is_missing(geoms)
        present[present] = ~shapely.is_empty(geoms[present])
    codes_obj = pd.Series(np.asarray(codes, dtype=object) if n else [], dtype=object)
    fac, uniques = pd.factorize(codes_obj, use_na_sentinel=True) if n else (np.empty(0, int), [])
    norm_of_unique = [normalize_code(u) for u in uniques]
    keys = sorted({k for k in norm_of_unique if k is not None})
    key_index = {k: i for i, k in enumerate(keys)}
    rows = [table.rows.get(k) for k in keys]
    # per feature: index into keys, -1 = no code
    uk = np.array([key_index[k] if k is not None else -1 for k in norm_of_unique] + [-1], dtype=np.int64)
    feat_key = uk[fac] if n else np.empty(0, dtype=np.int64)  # fac == -1 picks the trailing -1
    known_key = np.array([r is not None for r in rows] + [False], dtype=bool)
    measure_key = np.array([r is not None and r.has_measure for r in rows] + [False], dtype=bool)
    stats["skipped_empty"] = int((~present).sum())
    no_code = present & (feat_key < 0)
    unknown = present & ~known_key[feat_key]
    stats["skipped_unknown"] = int(unknown.sum())
    if no_code.any():
        warnings.append((N_("{count} features have no land-use code and were skipped. Fill the land-use "
                            "field or choose another LANDUSE_FIELD."), {"count": int(no_code.sum())}))
    counts = np.bincount(feat_key[unknown & (feat_key >= 0)], minlength=len(keys))
    for i in np.flatnonzero(counts):
        warnings.append((N_("Land-use code '{code}' ({count} features) is not in the value table {table}; "
                            "these features were skipped. Add a row for the code to the value table if "
                            "they should be screened."),
                         {"code": keys[i], "count": int(counts[i]), "table": table.path}))
    no_measure = present & known_key[feat_key] & ~measure_key[feat_key]
    stats["skipped_no_measure"] = int(no_measure.sum())
    cand = np.flatnonzero(present & measure_key[feat_key])
    run.report(5)

    # 2. candidate geometries: repair, explode ------------------------------------------------
    parts, pidx, n_rep = clean_polygons(geoms[cand], run)
    run.check()
    stats["repaired_invalid"] = n_rep
    if n_rep:
        warnings.append((N_("{count} invalid candidate geometries were repaired (make_valid). Check them "
                            "with the 'Check validity' tool if a result looks wrong."), {"count": n_rep}))
    collapsed = len(cand) - len(np.unique(pidx))
    stats["skipped_empty"] += int(collapsed)
    part_feat = cand[pidx]  # feature index of each part
    run.step(10, N_("Subtracting the exclusion areas …"))

    # 3. exclusions -----------------------------------------------------------------------------
    rep_layers = 0
    ex_list = []
    if isinstance(exclusions, np.ndarray) and exclusions.dtype == object and exclusions.ndim == 1 \
            and len(exclusions) and not isinstance(exclusions[0], (np.ndarray, list, tuple)):
        exclusions = [exclusions]  # one layer passed as a plain array
    for layer in (exclusions if exclusions is not None else ()):
        p, _, r = clean_polygons(layer, run)
        rep_layers += r
        ex_list.append(p)
    ex_polys = np.concatenate(ex_list) if ex_list else np.empty(0, dtype=object)
    if rep_layers:
        warnings.append((N_("{layer}: {count} invalid geometries were repaired (make_valid)."),
                         {"layer": LAYER_NAMES["exclusions"], "count": rep_layers}))
    ex_pieces = _prepare_layer(ex_polys, run, dissolve=False)
    run.report(15)
    rest = _subtract(parts, ex_pieces, run, span=(15, 40))
    del parts, ex_pieces, ex_polys, ex_list
    run.check()
    out, oidx = polygon_parts(rest, run)
    del rest
    run.check()
    area = shapely.area(out)
    small = area < max(min_area, SLIVER_AREA)
    stats["dropped_small"] = int((small & (area >= SLIVER_AREA)).sum())
    out, oidx, area = out[~small], oidx[~small], area[~small]
    feat = part_feat[oidx]          # feature index per output part (order: feature, part, sub-part)
    m = len(out)
    run.step(40, N_("Overlaying the co-benefits (drinking water, flood, riparian strips, biotope network) "
                    "on {count} candidate areas …"), count=len(out))

    # 4. co-benefit shares ----------------------------------------------------------------------
    tree = shapely.STRtree(out) if m else None
    shares = {}
    layers = {"water": water, "flood": flood, "riparian": riparian, "corridor": corridor}
    pct = 40.0
    for key in SHARE_LAYERS:
        share = np.zeros(m)
        if layers[key] is not None and m:
            p, _, r = clean_polygons(layers[key], run)
            if r:
                rep_layers += r
                warnings.append((N_("{layer}: {count} invalid geometries were repaired (make_valid)."),
                                 {"layer": LAYER_NAMES[key], "count": r}))
            pieces = _prepare_layer(p, run, dissolve=True)
            share = _covered_area(tree, out, pieces, run, span=(pct + 2, pct + 10)) / area
            share = np.clip(share, 0.0, 1.0)
            share[share < SHARE_EPS] = 0.0
            share[share > 1.0 - SHARE_EPS] = 1.0
        shares[key] = share
        pct += 10
        run.report(pct)

    # 5. drinking-water zone I ------------------------------------------------------------------
    in_zone1 = np.zeros(m, dtype=bool)
    if water_zone1 is not None and m:
        p, _, r = clean_polygons(water_zone1, run)
        if r:
            rep_layers += r
            warnings.append((N_("{layer}: {count} invalid geometries were repaired (make_valid)."),
                             {"layer": LAYER_NAMES["water_zone1"], "count": r}))
        pieces = _prepare_layer(p, run, dissolve=False)
        in_zone1 = _covered_area(tree, out, pieces, run, span=(80, 84)) > SHARE_EPS * area
    stats["repaired_invalid_layers"] = rep_layers
    run.step(84, N_("Assigning the municipalities …"))

    # 6. municipalities -------------------------------------------------------------------------
    muni = np.full(m, "", dtype=object)
    if municipalities is not None and m:
        mgeoms, mnames = municipalities
        mgeoms = as_geometry_array(mgeoms)
        mnames = ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
                  for v in mnames]
        if len(mnames) != len(mgeoms):
            raise ValueError("municipalities: one name per polygon expected")
        p, src, r = clean_polygons(mgeoms, run)
        if r:
            stats["repaired_invalid_layers"] += r
            warnings.append((N_("{layer}: {count} invalid geometries were repaired (make_valid)."),
                             {"layer": LAYER_NAMES["municipalities"], "count": r}))
        p, src = subdivide(p, src, run)
        if len(p):
            name_codes, name_uniques = pd.factorize(pd.Series([mnames[i] for i in src], dtype=object),
                                                    sort=True)
            in_part, in_piece, c_piece, c_part = _pairs(tree, p, run)
            a_in = shapely.area(out[in_part])
            a_cross = run.map(lambda x, y: shapely.area(shapely.intersection(x, y)),
                              out[c_part], p[c_piece], span=(84, 90))
            df = pd.DataFrame({"part": np.concatenate([in_part, c_part]),
                               "name": np.concatenate([name_codes[in_piece], name_codes[c_piece]]),
                               "a": np.concatenate([a_in, a_cross])})
            df = df[df["a"] > SHARE_EPS * area[df["part"].to_numpy()]]
            if len(df):
                g = df.groupby(["part", "name"], sort=True)["a"].sum().reset_index()
                g = g.sort_values(["part", "a", "name"], ascending=[True, False, True], kind="mergesort")
                g = g.drop_duplicates("part", keep="first")
                muni[g["part"].to_numpy()] = np.asarray(name_uniques, dtype=object)[g["name"].to_numpy()]
    del tree
    run.step(90, N_("Computing compensation points and ranking, covering the demand …"))

    # 7. values, PIK, score, rank, selection, notes -------------------------------------------
    k = feat_key[feat]              # key index per part (all known, with a measure)

    def col(attr, dtype):
        vals = np.array([getattr(r, attr) if r is not None else dtype() for r in rows], dtype=dtype)
        return vals[k] if m else np.empty(0, dtype=dtype)

    value_now = col("value_now", float)
    value_target = col("value_target", float)
    measure = col("measure", object)
    has_pik = col("has_pik", bool)
    kind = col("landuse_kind", object)
    woody = col("measure_woody", bool)
    pik_woody = col("pik_measure_woody", bool)
    pik_target = col("pik_value_target", float)
    pik_measure = col("pik_measure", object)
    label = col("label", object)
    landuse = np.asarray(keys, dtype=object)[k] if m else np.empty(0, dtype=object)

    pik = np.zeros(m, dtype=bool)
    threshold = None
    if soil is not None:
        s = soil[feat]
        known_soil = ~np.isnan(s)
        if pik_soil_threshold is not None:
            threshold = pik_soil_threshold
        else:
            pop = has_pik & known_soil & (kind == "arable")
            if not pop.any():
                pop = has_pik & known_soil
            if pop.any():
                threshold = float(np.sum(s[pop] * area[pop]) / np.sum(area[pop]))
        if threshold is not None:
            pik = has_pik & known_soil & (s >= threshold)
        elif has_pik.any():
            warnings.append((N_("No candidate with a PIK option has a soil value, so no PIK was proposed. "
                                "Check SOIL_FIELD or enter PIK_SOIL_THRESHOLD."), {}))
    stats["pik_soil_threshold"] = threshold
    measure = np.where(pik, pik_measure, measure)
    value_target = np.where(pik, pik_target, value_target)
    woody = np.where(pik, pik_woody, woody)

    run.check()
    gain = value_target - value_now
    uplift = gain * area
    score = w["uplift"] * gain / SCALE_MAX
    for key in SHARE_LAYERS:
        score = score + w[key] * shares[key]
    order = np.lexsort((np.arange(m), fids[feat], -uplift, -score))  # last key is primary
    rank = np.empty(m, dtype=np.int64)
    rank[order] = np.arange(1, m + 1)

    selected = np.zeros(m, dtype=bool)
    total_uplift = float(uplift.sum())
    demand_met = True
    shortfall = 0.0
    if demand > 0:
        csum = np.cumsum(uplift[order])
        hit = np.flatnonzero(csum >= demand)
        if len(hit):
            selected[order[:hit[0] + 1]] = True
        else:
            selected[:] = True
            demand_met = False
            shortfall = demand - total_uplift
            warnings.append((N_("All {count} candidates together give {total:.0f} eco-points, "
                                "{shortfall:.0f} short of the demand of {demand:.0f}: all were selected. "
                                "Add candidate land (fewer exclusions, smaller MIN_AREA, more codes with a "
                                "measure) or cover the rest elsewhere."),
                             {"count": m, "total": total_uplift, "shortfall": shortfall, "demand": demand}))
    if m == 0:
        warnings.append((N_("No candidate land remained. Check LANDUSE_FIELD and the codes of the value "
                            "table, the exclusions and MIN_AREA."), {}))

    flags = [woody & (shares["flood"] > 0), (kind == "arable") & (shares["riparian"] > 0), in_zone1, pik]
    notes = np.full(m, "", dtype=object)
    any_flag = np.zeros(m, dtype=bool)
    for f in flags:
        any_flag |= f
    for i in np.flatnonzero(any_flag):
        notes[i] = ";".join(nid for nid, f in zip(NOTE_IDS, flags) if f[i])

    run.check()
    table_df = pd.DataFrame({
        "src_fid": fids[feat].astype(np.int64),
        "municipality": muni,
        "landuse": landuse,
        "landuse_label": label,
        "area_m2": area.astype(float),
        "value_now": value_now.astype(float),
        "measure": measure.astype(object),
        "value_target": value_target.astype(float),
        "pik": pik.astype(bool),
        "uplift_pts": uplift.astype(float),
        "share_water": shares["water"],
        "share_flood": shares["flood"],
        "share_riparian": shares["riparian"],
        "share_corridor": shares["corridor"],
        "score": score.astype(float),
        "rank": rank,
        "selected": selected,
        "notes": notes,
    }, columns=list(TABLE_COLUMNS))
    table_df = table_df.iloc[order].reset_index(drop=True)
    run.check()
    geometries = np.empty(0, dtype=object)
    if m:
        geometries = run.map(lambda p: np.asarray(shapely.multipolygons(p, indices=np.arange(len(p))),
                                                  dtype=object).reshape(-1), out[order])
    run.check()

    summary = _summary(table_df, per_municipality=municipalities is not None)
    stats.update({
        "candidates": int(m),
        "total_uplift": total_uplift,
        "selected_pts": float(uplift[selected].sum()),
        "demand_met": bool(demand_met),
        "shortfall": float(shortfall),
        "pik_candidates": int(pik.sum()),
    })
    run.report(100)
    return ScreeningResult(geometries=geometries, table=table_df, summary=summary,
                           warnings=warnings, stats=stats)


def _prepare_layer(polys, run, dissolve):
    """Overlay pieces of a cleaned layer: dissolved (disjoint) if asked, then subdivided."""
    if len(polys) == 0:
        return polys
    if dissolve:
        polys = _dissolve(polys, run)
    pieces, _ = subdivide(polys, np.zeros(len(polys), dtype=np.int64), run)
    return pieces


def _summary(df, per_municipality):
    sel = df["selected"].to_numpy()
    rows = []
    if per_municipality and len(df):
        tmp = pd.DataFrame({"municipality": df["municipality"], "area_m2": df["area_m2"],
                            "uplift_pts": df["uplift_pts"],
                            "selected_area_m2": np.where(sel, df["area_m2"], 0.0),
                            "selected_pts": np.where(sel, df["uplift_pts"], 0.0)})
        g = tmp.groupby("municipality", sort=True)
        agg = g.agg(candidates=("area_m2", "size"), area_m2=("area_m2", "sum"),
                    uplift_pts=("uplift_pts", "sum"), selected_area_m2=("selected_area_m2", "sum"),
                    selected_pts=("selected_pts", "sum")).reset_index()
        rows.append(agg)
    total = pd.DataFrame([{
        "municipality": "total", "candidates": len(df), "area_m2": float(df["area_m2"].sum()),
        "uplift_pts": float(df["uplift_pts"].sum()),
        "selected_area_m2": float(df["area_m2"].to_numpy()[sel].sum()),
        "selected_pts": float(df["uplift_pts"].to_numpy()[sel].sum())}])
    rows.append(total)
    out = pd.concat(rows, ignore_index=True)[list(SUMMARY_COLUMNS)]
    out["candidates"] = out["candidates"].astype(np.int64)
    for c in SUMMARY_COLUMNS[2:]:
        out[c] = out[c].astype(float)
    out["municipality"] = out["municipality"].astype(object)
    return out
