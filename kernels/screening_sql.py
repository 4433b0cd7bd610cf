"""The screening's stages 2-6 as PostGIS SQL (issue 22): the pure part, no QGIS.

When the candidates and every overlay layer are tables of one PostGIS database, the
exclusions, the co-benefit shares, drinking-water zone I, the designated flood zones and
the municipalities can be computed where the data are (``compensationscreening``'s
``IN_DATABASE``). :func:`chunk_sql` writes one transaction per chunk of candidate features
(by their key values): it takes the overlay features near the chunk from the tables (by their
spatial indexes), repairs them and cuts them into pieces once, into temporary tables with a
spatial index that are dropped with the transaction (nothing is written to the user's
database), then computes the parts and their overlays. The database runs the chunks side by
side (one connection per chunk in work). :func:`parse_chunk` turns the rows into the numbers
of the local path, which the kernel (:mod:`.screening`) then treats as its own.

The rules are those of the local path (module docstring of :mod:`.screening`):

* every geometry is made 2D and, when invalid, repaired (``ST_MakeValid``); only its polygons
  count (``ST_CollectionExtract(…, 3)``); gap lines of the corridor layer become a band of
  ``corridor_buffer`` metres (``quad_segs=4``) first;
* a candidate's polygons minus the union of the exclusion features they meet, split into single
  polygons; parts below ``max(MIN_AREA, SLIVER_AREA)`` dropped (counted when ≥ SLIVER_AREA);
* a co-benefit share is the area of the part inside the union of the layer's features it meets
  (overlapping features count once), divided by the part's area; the kernel clips and rounds it;
* zone I and the designated flood zones: the summed area of the part inside their features;
* the municipality: per name, the summed area inside its features (overlaps of at most
  SHARE_EPS of the part's area left out); the largest wins, equal areas go to the name first in
  code-point order (``COLLATE "C"``, as Python sorts).

Parts come in the local path's order: feature, part of the repaired polygon, part after the
exclusions (``ST_Dump``'s paths). The geometry engine is the database's GEOS, so areas agree
with the local path to rounding (tested against it on the loopback PostGIS).

The SQL is built from identifiers quoted by :func:`quote`, values quoted by :func:`literal` and
numbers; the only SQL taken as it is is a layer's own filter, which QGIS sends to the same
database when it reads the layer.
"""
from __future__ import annotations

from typing import Callable, NamedTuple, Optional

import numpy as np

from .geometry import MAX_VERTICES

#: rows of a chunk's query: kind 0 = the chunk's counts, kind 1 = one part
_COLUMNS = ("kind", "i", "wkb", "area", "water", "flood", "riparian", "corridor", "zone1", "designated",
            "municipality", "repaired", "with_parts", "dropped")
COVER_KEYS = ("water", "flood", "riparian", "corridor")


class Table(NamedTuple):
    """A table (or view) of the database, its identifiers already quoted (:func:`quote`)."""

    relation: str            # "schema"."table"
    geometry: str            # "geom"
    subset: str = ""         # the layer's own filter (SQL on the table), "" = none
    where: str = ""          # a condition of the screening (zone I, designated zone), "" = none
    name_column: str = ""    # a quoted column: the municipality's name (municipalities only)


class Overlays(NamedTuple):
    """Where the screening's layers are. *key*: quoted key column of the candidates; *key_type*
    ``"bigint"`` or ``"text"``; *covers*: {key of :data:`COVER_KEYS`: Table}; *water_zone1*,
    *flood_designated*, *municipalities*: Table or None (``flood_designated`` None: the whole flood
    layer counts as designated)."""

    candidates: Table
    key: str
    key_type: str
    exclusions: tuple = ()
    covers: dict = {}
    corridor_buffer: float = 0.0
    water_zone1: Optional[Table] = None
    flood_designated: Optional[Table] = None
    municipalities: Optional[Table] = None


class Database(NamedTuple):
    """The kernel's handle on the database: where the layers are, ``query(sql) -> rows`` (a list
    of row lists; callable from several threads at once) and the key value of each candidate
    feature (an array in the order of the features given to the screening). *scan*: ``(present,
    bounds)`` of :func:`parse_scan` when the candidates' geometries were not read (the screening
    then takes no geometries), else None."""

    overlays: Overlays
    query: Callable
    keys: np.ndarray
    scan: Optional[tuple] = None


class ChunkParts(NamedTuple):
    """A chunk's result: per part its position in the chunk's keys, WKB (a MultiPolygon of one
    polygon), area, covered areas ({key: array}), zone-I and designated-zone areas, municipality;
    and the chunk's counts of repaired candidates, candidates with polygons and small parts dropped."""

    index: np.ndarray
    wkb: np.ndarray
    area: np.ndarray
    covered: dict
    zone1: np.ndarray
    designated: np.ndarray
    municipality: np.ndarray
    repaired: int
    with_parts: int
    dropped: int


def quote(identifier):
    """*identifier* as a quoted SQL identifier."""
    return '"' + str(identifier).replace('"', '""') + '"'


def literal(text):
    """*text* as a quoted SQL string literal (standard_conforming_strings)."""
    return "'" + str(text).replace("'", "''") + "'"


def key_array(keys, key_type):
    """The candidates' key values as an SQL array of *key_type* (``bigint`` or ``text``)."""
    if key_type == "bigint":
        body = ",".join(str(int(k)) for k in keys)
    else:
        body = ",".join('"' + str(k).replace("\\", "\\\\").replace('"', '\\"') + '"' for k in keys)
    return f"{literal('{' + body + '}')}::{key_type}[]"


def _valid(expr):
    """The polygons of the geometry *expr*, 2D and repaired when invalid."""
    g = f"ST_Force2D({expr})"
    return f"ST_CollectionExtract(CASE WHEN ST_IsValid({g}) THEN {g} ELSE ST_MakeValid({g}) END, 3)"


def _banded(expr, buffer):
    """*expr* with points and lines replaced by their band of *buffer* metres (corridor gap lines)."""
    if buffer <= 0:
        return expr
    return (f"CASE WHEN ST_Dimension({expr}) < 2 AND GeometryType({expr}) <> 'GEOMETRYCOLLECTION' "
            f"THEN ST_Buffer({expr}, {float(buffer)!r}, 'quad_segs=4') ELSE {expr} END")


def _pieces(name, tables, buffer=0.0):
    """SQL creating the temporary table *name* (dropped at the end of the chunk's transaction): the
    features of *tables* near the chunk's candidates, banded, repaired and cut into pieces of at
    most :data:`~.geometry.MAX_VERTICES` vertices (column ``g``; ``n``: the name of municipalities),
    with a spatial index. Each feature is prepared once per chunk, not once per part."""
    selects = []
    for table in tables:
        box = f"ST_Expand(b.box, {float(buffer)!r})" if buffer > 0 else "b.box"  # lines within the band
        conditions = [f"t.{table.geometry} && {box}"] + [f"({c})" for c in (table.subset, table.where) if c]
        name_column = f"COALESCE(t.{table.name_column}::text, '')" if table.name_column else "''"
        selects.append(f"SELECT {_valid(_banded('t.' + table.geometry, buffer))} AS g, {name_column} AS n "  # nosec B608
                       f"FROM {table.relation} t, wv_box b WHERE {' AND '.join(conditions)}")
    body = " UNION ALL ".join(selects) if selects else "SELECT NULL::geometry AS g, '' AS n WHERE false"
    return (f"CREATE TEMP TABLE {name} ON COMMIT DROP AS SELECT ST_Subdivide(v.g, {MAX_VERTICES}) AS g, v.n "  # nosec B608
            f"FROM ({body}) v WHERE NOT ST_IsEmpty(v.g);\nCREATE INDEX ON {name} USING gist (g);\nANALYZE {name};")


def _near(name, target):
    """The pieces (``g``, ``n``) of the temporary table *name* meeting *target*."""
    return f"SELECT wv_p.g, wv_p.n FROM {name} wv_p WHERE wv_p.g && {target} AND ST_Intersects(wv_p.g, {target})"  # nosec B608


def _union_area(name):
    """The area of the part ``k.g`` inside the union of the pieces of *name* it meets."""
    return f"COALESCE((SELECT ST_Area(ST_Intersection(k.g, {_union('v.g')})) FROM ({_near(name, 'k.g')}) v), 0)"  # nosec B608


def _union(column):
    """The union of the aggregated *column*: the one geometry itself when there is one (GEOS would
    node it all the same)."""
    return (f"CASE WHEN count(*) = 1 THEN ST_GeometryN(ST_Collect({column}), 1) "
            f"ELSE ST_UnaryUnion(ST_Collect({column})) END")


def _summed_area(name):
    """The area of the part ``k.g`` inside the pieces of *name* it meets, summed over them."""
    return f"COALESCE((SELECT sum(ST_Area(ST_Intersection(k.g, v.g))) FROM ({_near(name, 'k.g')}) v), 0)"  # nosec B608


def _municipality(share_eps):
    """The name of the municipality holding most of the part ``k.g`` ('' = none). A part inside one
    piece is wholly in its municipality (no other can hold more; equal ones go to the first name)."""
    inside = ("(SELECT wv_p.n FROM wv_municipalities wv_p WHERE wv_p.g && k.g AND ST_Contains(wv_p.g, k.g) "
              "ORDER BY wv_p.n COLLATE \"C\" LIMIT 1)")
    return (f"COALESCE({inside}, (SELECT s.n FROM (SELECT v.n, sum(ST_Area(ST_Intersection(k.g, v.g))) AS a "  # nosec B608
            f"FROM ({_near('wv_municipalities', 'k.g')}) v GROUP BY v.n) s WHERE s.a > {share_eps!r} * k.a "
            f"ORDER BY s.a DESC, s.n COLLATE \"C\" LIMIT 1), '')")


def _layers(overlays):
    """{temporary table: (tables, band)} of the overlay layers given."""
    layers = {"wv_exclusions": (tuple(overlays.exclusions), 0.0)}
    for key, table in overlays.covers.items():
        layers[f"wv_{key}"] = ((table,), overlays.corridor_buffer if key == "corridor" else 0.0)
    for key in ("water_zone1", "flood_designated", "municipalities"):
        if getattr(overlays, key) is not None:
            layers[f"wv_{key}"] = ((getattr(overlays, key),), 0.0)
    return layers


def chunk_sql(overlays, keys, min_area, limits):
    """The SQL of one chunk (one transaction): the candidates with the key values *keys*; *limits*:
    (SLIVER_AREA, SHARE_EPS) of the kernel. The rows of its last statement: :data:`_COLUMNS`."""
    sliver, share_eps = limits
    keep = max(float(min_area), sliver)
    cand, layers = overlays.candidates, _layers(overlays)
    subset = f" WHERE ({cand.subset})" if cand.subset else ""

    def area(kind, key):
        return kind(f"wv_{key}") if f"wv_{key}" in layers else "0::float8"

    municipality = _municipality(share_eps) if "wv_municipalities" in layers else "''"
    prepare = "\n".join(_pieces(name, tables, band) for name, (tables, band) in layers.items())
    # no JIT: the planner cannot see the chunk's few rows and would compile each query (~1.5 s)
    return f"""
SET LOCAL jit = off;
CREATE TEMP TABLE wv_cand ON COMMIT DROP AS
  SELECT u.wv_pos AS i, ST_Force2D(c.{cand.geometry}) AS g
  FROM unnest({key_array(keys, overlays.key_type)}) WITH ORDINALITY AS u(wv_key, wv_pos)
  JOIN {cand.relation} c ON c.{overlays.key} = u.wv_key{subset};
CREATE TEMP TABLE wv_box ON COMMIT DROP AS SELECT ST_SetSRID(ST_Extent(g)::geometry, max(ST_SRID(g))) AS box
  FROM wv_cand;
{prepare}
WITH fixed AS MATERIALIZED (
  SELECT i, NOT ST_IsValid(g) AS repaired,
         ST_CollectionExtract(CASE WHEN ST_IsValid(g) THEN g ELSE ST_MakeValid(g) END, 3) AS g
  FROM wv_cand WHERE g IS NOT NULL AND NOT ST_IsEmpty(g)),
parts AS MATERIALIZED (
  SELECT f.i, d.path AS p1, d.geom AS g FROM fixed f, LATERAL ST_Dump(f.g) d WHERE ST_Area(d.geom) > 0),
rest AS MATERIALIZED (
  SELECT p.i, p.p1, COALESCE((SELECT ST_Difference(p.g, {_union('e.g')}) FROM ({_near('wv_exclusions', 'p.g')}) e
                              HAVING count(*) > 0), p.g) AS g FROM parts p),
split AS MATERIALIZED (
  SELECT r.i, r.p1, d.path AS p2, d.geom AS g, ST_Area(d.geom) AS a
  FROM rest r, LATERAL ST_Dump(ST_CollectionExtract(r.g, 3)) d WHERE NOT ST_IsEmpty(d.geom)),
k AS (SELECT * FROM split WHERE a >= {keep!r})
SELECT 0 AS kind, 0::bigint AS i, '' AS wkb, 0::float8 AS area, 0::float8, 0::float8, 0::float8, 0::float8,
       0::float8, 0::float8, '' AS municipality,
       (SELECT count(*) FROM fixed WHERE repaired), (SELECT count(DISTINCT i) FROM parts),
       (SELECT count(*) FROM split WHERE a >= {sliver!r} AND a < {keep!r}), NULL::int[], NULL::int[]
UNION ALL
SELECT * FROM (
  SELECT 1, k.i, encode(ST_AsBinary(ST_Multi(k.g)), 'hex'), k.a, {area(_union_area, 'water')},
         {area(_union_area, 'flood')}, {area(_union_area, 'riparian')}, {area(_union_area, 'corridor')},
         {area(_summed_area, 'water_zone1')}, {area(_summed_area, 'flood_designated')}, {municipality},
         0::bigint, 0::bigint, 0::bigint, k.p1, k.p2
  FROM k) parts_out
ORDER BY 1, 2, 15, 16"""  # nosec B608


def parse_chunk(rows, designated_given):
    """:class:`ChunkParts` of the rows of :func:`chunk_sql` (positions from 0).

    *designated_given*: whether the flood layer has designated zones of its own (else the
    kernel takes the flood share)."""
    counts = next((r for r in rows if int(r[0]) == 0), None)
    parts = [r for r in rows if int(r[0]) == 1]
    column = {name: i for i, name in enumerate(_COLUMNS)}

    def floats(name):
        return np.array([float(r[column[name]]) for r in parts], dtype=float)

    wkb = np.empty(len(parts), dtype=object)
    wkb[:] = [bytes.fromhex(r[column["wkb"]]) for r in parts]
    return ChunkParts(
        index=np.array([int(r[column["i"]]) - 1 for r in parts], dtype=np.int64), wkb=wkb, area=floats("area"),
        covered={key: floats(key) for key in COVER_KEYS}, zone1=floats("zone1"),
        designated=floats("designated") if designated_given else None,
        municipality=np.array([str(r[column["municipality"]]) for r in parts], dtype=object),
        repaired=int(counts[column["repaired"]]) if counts else 0,
        with_parts=int(counts[column["with_parts"]]) if counts else 0,
        dropped=int(counts[column["dropped"]]) if counts else 0)


#: a row of :func:`scan_sql` for integer keys: key, xmin, ymin, xmax, ymax, present (network byte order)
_SCAN_RECORD = np.dtype([("key", ">i8"), ("xmin", ">f8"), ("ymin", ">f8"), ("xmax", ">f8"), ("ymax", ">f8"),
                         ("present", "u1")])


def scan_sql(candidates, key, key_type):
    """A query of the candidate table *candidates* (a :class:`Table`, its own filter applied) with
    its key column *key* (quoted, of *key_type*): one row, one value with an entry per feature: its
    key, whether its geometry is neither NULL nor empty (as QGIS reads it: else the feature is
    skipped), and the bounds of the geometry in 2D (none without one), as exact doubles.

    Integer keys: the hex text of :data:`_SCAN_RECORD` records (binary: nothing to parse); text keys:
    the JSON text of ``[[key, present, xmin, ymin, xmax, ymax], …]`` (float8 prints the shortest
    exact form)."""
    g = f"c.{candidates.geometry}"
    where = f" WHERE ({candidates.subset})" if candidates.subset else ""
    present = f"{g} IS NOT NULL AND NOT ST_IsEmpty({g})"
    bounds = [f"ST_{side}({g})" for side in ("XMin", "YMin", "XMax", "YMax")]
    if key_type == "bigint":
        record = " || ".join([f"int8send(c.{key}::bigint)"] +
                             [f"float8send(COALESCE({b}, 'NaN'::float8))" for b in bounds] +
                             [f"CASE WHEN {present} THEN '\\x01'::bytea ELSE '\\x00'::bytea END"])
        return (f"SELECT encode(string_agg({record}, ''::bytea), 'hex') "  # nosec B608
                f"FROM {candidates.relation} c{where}")
    return (f"SELECT json_agg(json_build_array(c.{key}, {present}, {', '.join(bounds)}))::text "  # nosec B608
            f"FROM {candidates.relation} c{where}")


def parse_scan(text, keys, key_type):
    """``(present, bounds)`` of the features with the key values *keys* (in their order) from the
    *text* of :func:`scan_sql` (for *key_type*): whether each has a non-empty geometry, and its (xmin,
    ymin, xmax, ymax) (NaN without). ``ValueError`` when a key is missing from the table or not
    unique in it."""
    import itertools
    import json

    import pandas as pd

    if key_type == "bigint":
        records = np.frombuffer(bytes.fromhex(text or ""), dtype=_SCAN_RECORD)
        table_keys = records["key"].astype(np.int64)
        feature_keys = np.array(list(keys), dtype=np.int64)
        table_present = records["present"].astype(bool)
        table_bounds = np.column_stack([records[side].astype(float) for side in ("xmin", "ymin", "xmax", "ymax")])
    else:
        flat = list(itertools.chain.from_iterable(json.loads(text))) if text else []
        table_keys = np.array([str(k) for k in flat[0::6]], dtype=object)
        feature_keys = np.array([str(k) for k in keys], dtype=object)
        table_present = np.array(flat[1::6], dtype=bool)
        table_bounds = np.array([flat[j::6] for j in range(2, 6)], dtype=float).reshape(4, -1).T  # None -> NaN
    index = pd.Index(table_keys)
    if not index.is_unique:
        raise ValueError("the key column of the candidate table is not unique")
    at = index.get_indexer(feature_keys)
    if len(at) and (at < 0).any():
        raise ValueError(f"the key value {feature_keys[int(np.flatnonzero(at < 0)[0])]!r} is not in the "
                         "candidate table")
    present = table_present[at] if len(at) else np.zeros(0, dtype=bool)
    bounds = table_bounds.reshape(-1, 4)[at] if len(at) else np.empty((0, 4))
    bounds[~present] = np.nan
    return present, bounds


def layer_repairs_sql(overlays):
    """A query of the invalid features per overlay layer: rows (layer key, count), layers with none left out."""
    tables = [("exclusions", t) for t in overlays.exclusions] + list(overlays.covers.items())
    if overlays.municipalities is not None:
        tables.append(("municipalities", overlays.municipalities))
    if not tables:
        return None
    counts = " UNION ALL ".join(
        f"SELECT {literal(key)} AS layer, count(*) AS n FROM {t.relation} t WHERE NOT ST_IsValid(t.{t.geometry})"  # nosec B608
        f"{' AND (' + t.subset + ')' if t.subset else ''}" for key, t in tables)
    return f"SELECT layer, sum(n)::bigint FROM ({counts}) c GROUP BY layer HAVING sum(n) > 0 ORDER BY layer"  # nosec B608
