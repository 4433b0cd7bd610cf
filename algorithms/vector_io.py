"""Vector layers between QGIS and shapely: bulk WKB in, QgsGeometry out.

:class:`SourcesMixin` reads a Processing feature source into shapely geometries (in chunks
when asked), honouring the user's invalid-geometry setting without the C++ exception that
QGIS 3.22 cannot survive; :func:`to_qgs_geometries` goes the other way.
"""
import contextlib

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingException,
    QgsWkbTypes,
)

from ..compat import GEOMETRY_ABORT_ON_INVALID, GEOMETRY_NO_CHECK, REQUEST_NO_GEOMETRY
from ..i18n import tr
from ..kernels.errors import Cancelled

#: at most this many coordinates are converted to WKB or held as unwritten features at a time
BATCH_COORDINATES = 1_000_000


def to_qgs_geometries(geometries, source_crs=None, target_crs=None, context=None, *, batch=5000):
    """shapely geometries (or their WKB) -> QgsGeometry, one by one, transformed when the CRSs differ.

    A generator: only *batch* geometries, and no more than about :data:`BATCH_COORDINATES`
    coordinates (a larger geometry alone), are converted to WKB at a time, so a big output never
    exists twice in memory.
    """
    from ..kernels.geometry import as_geometry_array

    transform = None
    if source_crs is not None and target_crs is not None and source_crs != target_crs:
        transform = QgsCoordinateTransform(source_crs, target_crs, context.transformContext())
    geometries = as_geometry_array(geometries)
    for start in range(0, len(geometries), batch):
        for wkb in _wkb_chunks(geometries[start:start + batch]):
            geometry = QgsGeometry()
            if wkb is not None:
                geometry.fromWkb(wkb)
            if transform is not None:  # a failing projection raises QgsCsException; a null geometry stays null
                geometry.transform(transform)  # noqa: QGS201
            yield geometry


def _wkb_chunks(chunk):
    """The WKB of *chunk* (shapely geometries or WKB), converted :data:`BATCH_COORDINATES` coordinates at a time."""
    import numpy as np
    import shapely

    from ..kernels.geometry import to_wkb

    if any(isinstance(g, (bytes, bytearray)) for g in chunk):
        yield from chunk
        return
    total = np.cumsum(shapely.get_num_coordinates(chunk))
    # cut after the geometry that reaches each multiple of BATCH_COORDINATES (a larger geometry alone)
    cuts = np.searchsorted(total, np.arange(BATCH_COORDINATES, total[-1], BATCH_COORDINATES)) + 1
    start = 0
    for end in np.unique(np.r_[cuts, len(chunk)]):
        yield from to_wkb(chunk[start:end])
        start = end


class _Chunk:
    """Features read so far: their WKB (None for no geometry), ids and attribute values."""

    def __init__(self, fields):
        self.fields = fields
        self.wkbs, self.fids, self.values = [], [], {name: [] for name in fields}

    def add(self, feature, wkb, indexes):
        self.wkbs.append(wkb)
        self.fids.append(feature.id())
        for name, index in zip(self.fields, indexes):
            value = feature.attribute(index)
            self.values[name].append(None if value is None or _is_null(value) else value)

    def __len__(self):
        return len(self.wkbs)


class SourcesMixin:
    """Reading of feature sources for :class:`algorithms.base.WertvollAlgorithm`."""

    def measuring_crs(self, source, context, feedback):
        """The CRS to measure *source* in (:func:`crs.measuring_crs`), logged with the reason."""
        from .crs import measuring_crs, measuring_note

        chosen, scale = measuring_crs(source.sourceCrs(), source.sourceExtent(), context.transformContext())
        if feedback is not None:
            feedback.pushInfo(measuring_note(source.sourceName(), source.sourceCrs(), chosen, scale))
        return chosen

    def set_reference(self, source, geometries):
        """Make *source* (read as *geometries*) the layer every later :meth:`read_source` must overlap.

        The run's main input (candidates, rivers, patches): a layer read after it that lies wholly
        outside it (a wrong CRS label, the wrong district) gets a warning naming both layers.
        """
        self._reference = (source, geometries)

    def disjoint_from_reference(self, source, geometries, crs):
        """The translated message when *source* (read as *geometries* in *crs*) misses the reference layer, else ''."""
        from .crs import disjoint_problem

        reference = getattr(self, "_reference", None)
        if reference is None or reference[0] is source:
            return ""
        return disjoint_problem((reference[0].sourceName(), reference[0].sourceCrs(), reference[1]),
                                (source.sourceName(), source.sourceCrs(), geometries), crs)

    def _warn_disjoint(self, source, geometries, crs, feedback):
        problem = self.disjoint_from_reference(source, geometries, crs)
        if problem and feedback is not None:
            feedback.pushWarning(problem)

    def parameterAsSource(self, parameters, name, context):  # noqa: N802
        """Processing's feature source, made safe for the setting 'stop on invalid geometries'.

        With that setting QGIS throws a C++ exception out of the feature iterator, which Python
        cannot catch: QGIS 3.22 aborts. So the source's own check is switched off and
        :meth:`iter_source` applies the setting itself, with a QgsProcessingException.
        """
        source = super().parameterAsSource(parameters, name, context)
        if source is not None and _geometry_check(parameters.get(name), context) == GEOMETRY_ABORT_ON_INVALID:
            source.setInvalidGeometryCheck(GEOMETRY_NO_CHECK)
            self._strict_sources = getattr(self, "_strict_sources", []) + [source]
        return source

    def read_source(self, source, crs, context, feedback, *, fields=()):
        """Read *source* into shapely geometries in *crs*, plus the values of *fields*.

        Goes through the source's iterator, so the user's invalid-geometry setting
        applies. Curved geometries are segmentized, Z/M dropped; NULL or empty
        geometries become ``None``. Returns ``(geometries, fids, {field: values})``.
        Raises :class:`Cancelled` when the user cancels. Warns when *source* lies wholly
        outside the run's reference layer (:meth:`set_reference`).
        """
        geometries, fids, values = next(self.iter_source(source, crs, context, feedback, fields=fields))
        self._warn_disjoint(source, geometries, crs, feedback)
        return geometries, fids, values

    def read_source_wkb(self, source, crs, context, feedback, *, fields=(), chunk=50_000):
        """:meth:`read_source` with the geometries as WKB in a :class:`~..kernels.geometry.WkbStore`
        (a temporary file: the caller closes it), read in chunks of *chunk* features; plus
        (xmin, ymin, xmax, ymax) of all, or None."""
        import numpy as np
        import shapely

        from ..kernels.geometry import WkbStore, to_wkb

        wkbs, fids, values, boxes = WkbStore(), [], {name: [] for name in fields}, []
        shared = {name: {} for name in fields}  # one object per distinct text or number (codes repeat)
        try:
            for geometries, ids, chunk_values in self.iter_source(source, crs, context, feedback, fields=fields,
                                                                  chunk=chunk):
                wkbs.append(to_wkb(geometries))
                fids.append(ids)
                for name in fields:
                    values[name].extend(_interned(shared[name], v) for v in chunk_values[name])
                present = geometries[~shapely.is_missing(geometries)]
                if len(present) and not shapely.is_empty(present).all():
                    boxes.append(shapely.total_bounds(present))
        except BaseException:  # a cancel or an invalid geometry: the temporary file goes at once
            wkbs.close()
            raise
        bounds = None
        if boxes:
            b = np.array(boxes)
            bounds = (b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max())
        return wkbs, np.concatenate(fids), values, bounds

    def read_source_values(self, source, context, feedback, *, fields=()):
        """The feature ids and ``{field: values}`` of *source*, read without geometries (QGIS does
        not fetch them): ``(fids, values)``. No geometry means no invalid-geometry check either."""
        import numpy as np

        self._check_source(source, context, feedback)
        request = QgsFeatureRequest()
        request.setFlags(REQUEST_NO_GEOMETRY)
        indexes = [source.fields().lookupField(name) for name in fields]
        request.setSubsetOfAttributes(indexes)
        fids, values = [], {name: [] for name in fields}
        shared = {name: {} for name in fields}  # one object per distinct text or number (codes repeat)
        for count, feature in enumerate(source.getFeatures(request)):
            if count % 2000 == 0 and feedback is not None and feedback.isCanceled():
                raise Cancelled()
            fids.append(feature.id())
            for name, index in zip(fields, indexes):
                value = feature.attribute(index)
                value = None if value is None or _is_null(value) else value
                values[name].append(_interned(shared[name], value))
        return np.array(fids, dtype=np.int64), values

    def iter_source(self, source, crs, context, feedback, *, fields=(), chunk=None):
        """:meth:`read_source` in chunks of at most *chunk* features (all at once when None).

        Lets a caller filter a big layer chunk by chunk, so it never sits in memory whole.
        Yields ``(geometries, fids, {field: values})``, at least once.
        """
        self._check_source(source, context, feedback)
        request = QgsFeatureRequest()
        request.setDestinationCrs(crs, context.transformContext())
        indexes = [source.fields().lookupField(name) for name in fields]
        request.setSubsetOfAttributes(indexes)
        strict = any(s is source for s in getattr(self, "_strict_sources", ()))
        current, yielded = _Chunk(fields), False
        for count, feature in enumerate(source.getFeatures(request)):
            if count % 2000 == 0 and feedback is not None and feedback.isCanceled():
                raise Cancelled()
            current.add(feature, _feature_wkb(feature), indexes)
            if chunk is not None and len(current) >= chunk:
                yield _collected(current, source, (crs, strict), feedback)
                current, yielded = _Chunk(fields), True
        if len(current) or not yielded:
            yield _collected(current, source, (crs, strict), feedback)

    def _check_source(self, source, context, feedback):
        """Refuse a layer without a CRS (its geometries would transform to nothing) and warn when its
        coordinates cannot be in the CRS it is labelled with (:meth:`_check_label`)."""
        if not source.sourceCrs().isValid():
            raise QgsProcessingException(tr(
                "The layer '{layer}' has no CRS. Assign its CRS (Layer properties > Source), e.g. "
                "EPSG:25833, and run again.").format(layer=source.sourceName()))
        self._check_label(source, context, feedback)

    def _check_label(self, source, context, feedback):
        """Warn (once per source and run) when its coordinates cannot be in the CRS it is labelled with."""
        from .crs import label_problem

        checked = getattr(self, "_labels_checked", None)
        if checked is None:
            checked = self._labels_checked = []
        if any(s is source for s in checked):
            return
        checked.append(source)
        problem = label_problem(source.sourceName(), source.sourceCrs(), source.sourceExtent(),
                                context.transformContext())
        if problem and feedback is not None:
            feedback.pushWarning(problem)


def _interned(shared, value):
    """*value*, as the one object *shared* holds for it when it is a text or a whole number (land-use codes
    repeat: one object per distinct code instead of one per feature)."""
    return shared.setdefault(value, value) if isinstance(value, (str, int)) else value


def _feature_wkb(feature):
    """The flat 2D WKB of *feature*'s geometry, None when it has none."""
    geometry = feature.geometry()
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return None
    wkb_type = geometry.wkbType()
    if QgsWkbTypes.isCurvedType(wkb_type) or QgsWkbTypes.hasZ(wkb_type) or QgsWkbTypes.hasM(wkb_type):
        flat = geometry.constGet().segmentize()
        flat.dropZValue()  # noqa: QGS202 - False only means there was no Z to drop
        flat.dropMValue()  # noqa: QGS202 - False only means there was no M to drop
        geometry = QgsGeometry(flat)
    return bytes(geometry.asWkb())


def _invalid(source, fid):
    return QgsProcessingException(tr(
        "Feature {fid} of the layer '{layer}' has an invalid geometry, and Processing is set to "
        "stop on invalid geometries. Repair the layer (Vector geometry > Fix geometries) or "
        "change the setting 'Invalid features filtering' (Processing options or the input's "
        "advanced options).").format(fid=fid, layer=source.sourceName()))


def _collected(chunk, source, target, feedback):
    """``(shapely geometries, fids, values)`` of *chunk*; unreadable geometries dropped with a warning.

    *target*: (CRS, strict); strict: the first invalid (or unreadable) geometry fails the run, as
    Processing's setting 'stop on invalid geometries' asks (checked for the chunk at once).
    """
    import numpy as np
    import shapely

    crs, strict = target
    try:
        geometries = shapely.from_wkb(np.array(chunk.wkbs, dtype=object)) if chunk.wkbs else \
            np.array([], dtype=object)
    except shapely.errors.GEOSException:  # a broken geometry GEOS cannot even read: one by one
        if strict:
            raise _invalid(source, chunk.fids[_first_unreadable(chunk.wkbs)]) from None
        geometries, broken = _from_wkb_one_by_one(chunk.wkbs)
        if broken and feedback is not None:
            feedback.pushWarning(tr(
                "{count} feature(s) of the layer '{layer}' have a geometry that cannot be read (e.g. a "
                "ring with fewer than four points); they are left out. Repair the layer (Vector "
                "geometry > Fix geometries).").format(count=broken, layer=source.sourceName()))
    if strict and len(geometries):
        bad = ~shapely.is_missing(geometries) & ~shapely.is_valid(geometries)
        if bad.any():
            raise _invalid(source, chunk.fids[int(np.flatnonzero(bad)[0])])
    _check_transformed(geometries, source, crs)
    return geometries, np.array(chunk.fids, dtype=np.int64), chunk.values


def _first_unreadable(wkbs):
    """The index of the first WKB that GEOS cannot read."""
    import shapely

    for index, wkb in enumerate(wkbs):
        try:
            shapely.from_wkb(wkb)
        except shapely.errors.GEOSException:
            return index
    return 0


def _check_transformed(geometries, source, crs):
    """A failed transformation leaves inf coordinates: say so, drop nothing silently."""
    import numpy as np
    import shapely

    if not len(geometries):
        return
    from ..kernels.geometry import present_mask

    lost = present_mask(geometries) & ~np.isfinite(shapely.bounds(geometries)).all(axis=1)
    if lost.any():
        raise QgsProcessingException(tr(
            "{count} feature(s) of the layer '{layer}' cannot be transformed from {source} to "
            "{target}: their coordinates do not fit the layer's CRS. Check the CRS assigned to the "
            "layer (Layer properties > Source) and run again.").format(
            count=int(lost.sum()), layer=source.sourceName(), source=source.sourceCrs().authid(),
            target=crs.authid()))


def _from_wkb_one_by_one(wkbs):
    """shapely geometries of *wkbs* read one by one: unclosed rings closed, unreadable ones None.

    Returns ``(geometries, number of unreadable ones)``. Only used when reading all at once
    failed (a broken file: an unclosed ring, a ring or line with too few points).
    """
    import numpy as np
    import shapely

    geometries = np.empty(len(wkbs), dtype=object)
    broken = 0
    for index, wkb in enumerate(wkbs):
        if wkb is None:
            continue
        for candidate in (wkb, _closed_rings(wkb)):
            try:
                geometries[index] = shapely.from_wkb(candidate)
                break
            except shapely.errors.GEOSException:
                continue
        else:
            broken += 1
    return geometries, broken


def _closed_rings(wkb):
    """*wkb* with every unclosed polygon ring closed (its first point appended)."""
    from qgis.core import QgsCurvePolygon, QgsGeometryCollection, QgsLineString

    geometry = QgsGeometry()
    geometry.fromWkb(wkb)
    shape = geometry.get()
    if shape is None:
        return wkb
    parts = ([shape.geometryN(i) for i in range(shape.numGeometries())]
             if isinstance(shape, QgsGeometryCollection) else [shape])
    for part in parts:
        if isinstance(part, QgsCurvePolygon):
            rings = [part.exteriorRing()] + [part.interiorRing(i) for i in range(part.numInteriorRings())]
            for ring in rings:
                if isinstance(ring, QgsLineString) and not ring.isClosed():
                    ring.close()
    return bytes(geometry.asWkb())


def _geometry_check(value, context):
    """The invalid-geometry setting for a source parameter *value*: its own override or the context's."""
    from qgis.core import QgsProcessingFeatureSourceDefinition

    from ..compat import SOURCE_OVERRIDES_GEOMETRY_CHECK

    if isinstance(value, QgsProcessingFeatureSourceDefinition) and \
            int(value.flags) & int(SOURCE_OVERRIDES_GEOMETRY_CHECK):
        return value.geometryCheck
    return context.invalidGeometryCheck()


def _is_null(value):
    """True for QGIS NULL (a null QVariant) as PyQGIS hands it out."""
    is_null = getattr(value, "isNull", None)
    return bool(is_null()) if callable(is_null) else False


def numbers(values):
    """*values* (as read from a layer) as a float array; NULL and what is no number become NaN."""
    import numpy as np

    out = np.full(len(values), np.nan)
    for i, value in enumerate(values):
        with contextlib.suppress(TypeError, ValueError):
            out[i] = float(value)
    return out
