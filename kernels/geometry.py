"""Shapely 2 array helpers shared by the kernels (no QGIS).

Every function works on numpy object arrays of shapely geometries, in bulk; the
optional ``run`` (:class:`~.progress.Run`) lets long calls honour a cancel.
"""
import tempfile
import threading

import numpy as np
import shapely

from .progress import DEFAULT_CHUNK

MAX_VERTICES = 256   # overlay polygons are cut into pieces of at most this many vertices
SLIVER_AREA = 1e-6   # m²: overlay dust, dropped


def to_wkb(geoms):
    """WKB of *geoms* (None stays None), at most XYZ, for QGIS and OGR.

    The output dimension is always given: shapely 2.1+ asks for 4 (XYZM) by default, which a GEOS
    older than 3.12 refuses ("WKB output dimension must be 2 or 3"). That older GEOS is what pip's
    shapely wheel really calls inside QGIS: QGIS has loaded its own GEOS first and the wheel's
    symbols resolve to it (tests/test_qgis_process.py runs the tools that way).
    """
    return shapely.to_wkb(as_geometry_array(geoms), output_dimension=3)


def points_inside(polygon, x, y):
    """Bool per point (*x*, *y*): inside *polygon* (a point on the boundary is not).

    Not ``shapely.contains_xy``: it calls ``GEOSPreparedContainsXY``, new in GEOS 3.12, and inside
    QGIS pip's shapely wheel calls the older GEOS QGIS has loaded (see :func:`to_wkb`), where that
    call crashed QGIS (a prepared ``contains`` with point geometries exists in every GEOS).
    """
    shapely.prepare(polygon)
    return shapely.contains(polygon, shapely.points(np.asarray(x, dtype=float), np.asarray(y, dtype=float)))


def as_geometry_array(values):
    if values is None:
        return np.empty(0, dtype=object)
    arr = np.asarray(values, dtype=object)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    return arr


def as_shapely(values):
    """*values* as an array of shapely geometries: WKB (bytes) is parsed, geometries pass unchanged.

    Lets a caller hand a kernel its geometries as compact WKB (about a fifth of the memory of
    shapely objects) that the kernel parses chunk by chunk.
    """
    arr = as_geometry_array(values)
    if len(arr) and isinstance(next((v for v in arr if v is not None), None), (bytes, bytearray)):
        return shapely.from_wkb(arr)
    return arr


class WkbStore:
    """Geometries as WKB in a temporary file, read back by index: a big layer kept off the memory.

    ``append`` adds an array of WKB (``None`` for no geometry); ``store[index]`` (a slice or an
    array of indices) gives an object array of WKB, reading each run of consecutive indices at once.
    Safe to read from several threads. The file is deleted on :meth:`close` (and by the system when
    the process ends). Memory: 8 bytes per geometry.
    """

    def __init__(self, folder=None):
        self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 - owned by the store, closed by close()
        self._ends = [np.zeros(1, dtype=np.int64)]
        self._none = [np.zeros(0, dtype=bool)]
        self._size = 0
        self._lock = threading.Lock()
        self._offsets = self._missing = None

    def append(self, wkbs):
        lengths = np.fromiter((0 if w is None else len(w) for w in wkbs), dtype=np.int64, count=len(wkbs))
        self._file.write(b"".join(w for w in wkbs if w is not None))
        self._ends.append(self._size + np.cumsum(lengths))
        self._size += int(lengths.sum())
        self._none.append(np.fromiter((w is None for w in wkbs), dtype=bool, count=len(wkbs)))
        self._offsets = None

    def __len__(self):
        return sum(len(n) for n in self._none)

    def _index(self):
        if self._offsets is None:
            self._offsets, self._missing = np.concatenate(self._ends), np.concatenate(self._none)
        return self._offsets, self._missing

    def __getitem__(self, index):
        offsets, missing = self._index()
        idx = np.arange(len(missing))[index]
        out = np.full(len(idx), None, dtype=object)
        if not len(idx):
            return out
        breaks = np.flatnonzero(np.diff(idx) != 1) + 1
        for run in np.split(np.arange(len(idx)), breaks):
            first, last = idx[run[0]], idx[run[-1]]
            with self._lock:
                self._file.seek(int(offsets[first]))
                data = memoryview(self._file.read(int(offsets[last + 1] - offsets[first])))
            starts = offsets[idx[run]] - offsets[first]
            stops = offsets[idx[run] + 1] - offsets[first]
            for k, i, start, stop in zip(run, idx[run], starts, stops):
                if not missing[i]:
                    out[k] = bytes(data[start:stop])
        return out

    def close(self):
        self._file.close()


def present_mask(geoms):
    """Boolean mask of the geometries of the array *geoms* that are neither missing (None) nor empty."""
    present = ~shapely.is_missing(geoms)
    present[present] = ~shapely.is_empty(geoms[present])
    return present


def buffer_lines(geoms, distance):
    """*geoms* with every line (or point) replaced by its buffer of *distance*; polygons unchanged."""
    arr = as_geometry_array(geoms)
    if distance <= 0 or len(arr) == 0:
        return arr
    kinds = shapely.get_type_id(arr)
    linear = np.isin(kinds, (0, 1, 2, 4, 5))  # (multi)point, (multi)linestring, linearring
    out = arr.copy()
    out[linear] = shapely.buffer(arr[linear], distance, quad_segs=4)
    return out


def polygon_parts(geoms, run=None, chunk=None):
    """Single non-empty Polygons of *geoms* and the index of the geometry each comes from.

    Multi-geometries and (nested) collections are exploded; lines and points
    are dropped. Parts keep the order of their source geometry.
    """
    geoms = as_geometry_array(geoms)
    if len(geoms) == 0:
        return np.empty(0, dtype=object), np.empty(0, dtype=np.int64)
    chunk = chunk or DEFAULT_CHUNK * 6
    if len(geoms) > chunk:
        res = []
        for start in range(0, len(geoms), chunk):
            if run is not None:
                run.check()
            p, i = polygon_parts(geoms[start:start + chunk])
            res.append((p, i + start))
        return np.concatenate([r[0] for r in res]), np.concatenate([r[1] for r in res])
    parts, idx = shapely.get_parts(geoms, return_index=True)
    idx = idx.astype(np.int64)
    for _ in range(8):  # nested collections
        types = shapely.get_type_id(parts)
        multi = types >= 4
        if not multi.any():
            break
        sub, sidx = shapely.get_parts(parts[multi], return_index=True)
        parts = np.concatenate([parts[~multi], sub])
        idx = np.concatenate([idx[~multi], idx[multi][sidx]])
        order = np.argsort(idx, kind="stable")
        parts, idx = parts[order], idx[order]
    keep = (shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)
    parts, idx = parts[keep], idx[keep]
    keep = shapely.area(parts) > 0
    return parts[keep], idx[keep]


def multipolygons(geoms, run):
    """Each geometry as a MultiPolygon of its polygon parts (None when it has none)."""
    parts, idx = polygon_parts(geoms, run)
    out = np.full(len(geoms), None, dtype=object)
    keep = shapely.area(parts) > SLIVER_AREA
    parts, idx = parts[keep], idx[keep]
    if len(parts):
        uniq = np.unique(idx)
        out[uniq] = shapely.multipolygons(parts, indices=np.searchsorted(uniq, idx))
    return out


def clean_polygons(values, run, explode=True):
    """Valid polygons of a layer: (polygons, source index, number repaired).

    *explode*: split multi-polygons into single polygons; else keep one
    (Multi)Polygon per feature (no copies of valid geometries).
    """
    geoms = as_geometry_array(values)
    if len(geoms) == 0:
        return np.empty(0, dtype=object), np.empty(0, dtype=np.int64), 0
    src = np.flatnonzero(present_mask(geoms))
    g = geoms[src]
    if len(g) and shapely.has_z(g).any():
        g = run.map(shapely.force_2d, g)
    valid = run.map(shapely.is_valid, g)
    n_rep = int((~valid).sum())
    polygonal = np.isin(shapely.get_type_id(g), (3, 6))
    if not explode and valid.all() and polygonal.all():
        return g, src, 0
    g = g.copy()
    if n_rep:
        g[~valid] = run.map(shapely.make_valid, g[~valid])
    if explode:
        parts, idx = polygon_parts(g, run)
        return parts, src[idx], n_rep
    bad = ~(valid & polygonal)
    if bad.any():  # repaired or mixed geometries: their polygonal parts as one MultiPolygon
        g[bad] = multipolygons(g[bad], run)
    keep = np.array([x is not None for x in g], dtype=bool)
    return g[keep], src[keep], n_rep


def subdivide(polys, src, run, max_vertices=None):
    """Cut polygons with more than *max_vertices* vertices in halves until none has.

    The halves of one polygon do not overlap; their union is the polygon.
    Returns (pieces, source index).
    """
    max_vertices = max_vertices or MAX_VERTICES
    done, done_src = [], []
    todo, todo_src = polys, src
    for _ in range(40):
        nv = shapely.get_num_coordinates(todo)
        big = nv > max_vertices
        done.append(todo[~big])
        done_src.append(todo_src[~big])
        todo, todo_src = todo[big], todo_src[big]
        if len(todo) == 0:
            break
        run.check()
        b = shapely.bounds(todo)
        xmin, ymin, xmax, ymax = b[:, 0] - 1.0, b[:, 1] - 1.0, b[:, 2] + 1.0, b[:, 3] + 1.0
        wide = (b[:, 2] - b[:, 0]) >= (b[:, 3] - b[:, 1])
        midx = (b[:, 0] + b[:, 2]) / 2.0
        midy = (b[:, 1] + b[:, 3]) / 2.0
        box1 = shapely.box(xmin, ymin, np.where(wide, midx, xmax), np.where(wide, ymax, midy))
        box2 = shapely.box(np.where(wide, midx, xmin), np.where(wide, ymin, midy), xmax, ymax)
        halves = np.concatenate([run.map(shapely.intersection, todo, box1),
                                 run.map(shapely.intersection, todo, box2)])
        hsrc = np.concatenate([todo_src, todo_src])
        todo, hidx = polygon_parts(halves)
        todo_src = hsrc[hidx]
    done.append(todo)
    done_src.append(todo_src)
    return np.concatenate(done), np.concatenate(done_src)


def overlay_rounds(owner):
    """Rounds for overlaying pairs one owner at a time: ``(order, round number)``.

    *order* sorts the pairs by *owner* (stable); in that order, the k-th pair of an owner has
    round number k, so that one vectorised call per round changes each owner at most once.
    """
    order = np.argsort(owner, kind="stable")
    owner = owner[order]
    first = np.r_[True, owner[1:] != owner[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(owner)), 0))
    return order, np.arange(len(owner)) - start
