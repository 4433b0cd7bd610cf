"""The CRS a run measures in, and whether a layer's coordinates fit the CRS it is labelled with.

Areas, strip widths and distances are only right in a CRS whose unit is a metre *on the
ground*. "Projected, unit metre" is not enough: Web Mercator (EPSG:3857) calls its unit a
metre, but around Leipzig one such "metre" is 0.626 m on the ground, so areas come out 2.56×
too large. :func:`measuring_crs` therefore measures the scale of the layer's CRS where its data
are, and falls back to the UTM zone of the data (ETRS89 in Europe) when the scale is off.

:func:`label_problem` catches coordinates that cannot be in the CRS they are labelled with
(Gauß-Krüger or degrees labelled EPSG:25833), :func:`disjoint_problem` inputs that should
overlap and do not.
"""
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsDistanceArea,
    QgsPointXY,
    QgsRectangle,
)

from ..compat import DISTANCE_METERS
from ..i18n import tr

#: Annahme / assumption: a CRS counts as metric on the ground when one of its metres is within
#: 1 % of a metre on the ellipsoid where the data are (2 % in area). UTM and Gauß-Krüger stay
#: within 0.1 % inside their zones; Web Mercator is 37 % off at Leipzig's latitude.
MAX_SCALE_ERROR = 0.01
#: Annahme / assumption: degrees a layer may lie beyond its CRS's area of use before its
#: labelling is doubted (planners use a UTM zone up to a few degrees beyond its strip).
AREA_OF_USE_MARGIN = 3.0
WGS84 = "EPSG:4326"


def ground_scale(crs, extent, transform_context):
    """Metres on the ellipsoid per unit of *crs* at the centre of *extent*; None when unknown.

    The mean of 1,000 units measured east and north with :class:`QgsDistanceArea`.
    """
    if not crs.isValid() or crs.isGeographic() or crs.mapUnits() != DISTANCE_METERS:
        return None
    centre = _centre(crs, extent, transform_context)
    if centre is None:
        return None
    area = QgsDistanceArea()
    area.setSourceCrs(crs, transform_context)
    if not area.setEllipsoid(crs.ellipsoidAcronym() or "EPSG:7019"):
        return None
    step = 1000.0
    try:
        east = area.measureLine(centre, QgsPointXY(centre.x() + step, centre.y()))
        north = area.measureLine(centre, QgsPointXY(centre.x(), centre.y() + step))
    except QgsCsException:
        return None
    return (east + north) / (2 * step) if east > 0 and north > 0 else None


def is_ground_metric(crs, extent, transform_context):
    """True when data in *crs* covering *extent* are measured in *crs* itself (:func:`measuring_crs`)."""
    return measuring_crs(crs, extent, transform_context)[0] == crs


def utm_crs(lon, lat):
    """The UTM CRS of the point (*lon*, *lat*): ETRS89 (EPSG:25828-25838) in Europe, else WGS 84."""
    zone = min(60, max(1, int((lon + 180.0) // 6.0) + 1))
    if lat >= 0 and 28 <= zone <= 38 and lat >= 34.0:
        return QgsCoordinateReferenceSystem(f"EPSG:{25800 + zone}")
    return QgsCoordinateReferenceSystem(f"EPSG:{(32600 if lat >= 0 else 32700) + zone}")


def measuring_crs(crs, extent, transform_context):
    """``(CRS to measure in, ground scale of *crs* or None)`` for data in *crs* covering *extent*.

    *crs* itself when it is projected in metres and either its unit is a metre on the ground
    there or the data lie outside its area of use (where its scale means nothing, e.g. local
    or CAD coordinates: they are measured as they are). Otherwise (degrees, feet, Web Mercator)
    the UTM zone of the extent's centre; EPSG:25833 when even the centre is unknown.
    """
    scale = ground_scale(crs, extent, transform_context)
    lonlat = _lonlat(crs, _centre(crs, extent, transform_context), transform_context) if crs.isValid() else None
    metric = crs.isValid() and not crs.isGeographic() and crs.mapUnits() == DISTANCE_METERS
    if metric and (scale is not None and abs(scale - 1.0) <= MAX_SCALE_ERROR or not _in_area_of_use(crs, lonlat)):
        return crs, scale
    if lonlat is None or not (-180 <= lonlat[0] <= 180 and -84 <= lonlat[1] <= 84):
        return QgsCoordinateReferenceSystem("EPSG:25833"), scale
    return utm_crs(*lonlat), scale


def _in_area_of_use(crs, lonlat):
    """True when the point *lonlat* lies in the area where *crs* is meant to be used."""
    bounds = crs.bounds()
    return lonlat is not None and not bounds.isNull() and bounds.contains(QgsPointXY(*lonlat))


def measuring_note(layer_name, crs, chosen, scale):
    """The log line that says which CRS a run measures in, and why."""
    if chosen == crs and (scale is None or abs(scale - 1.0) > MAX_SCALE_ERROR):
        return tr("Areas and distances are measured in {crs}, the CRS of '{layer}', as they are: its data lie "
                  "outside the area where the CRS is meant to be used.").format(crs=crs.authid() or
                                                                                crs.description(), layer=layer_name)
    if chosen == crs:
        return tr("Areas and distances are measured in {crs}, the CRS of '{layer}' (1 unit = {scale} m on the "
                  "ground there).").format(crs=crs.authid(), layer=layer_name, scale=f"{scale:.4f}")
    if scale is None:
        reason = tr("its CRS {crs} is not in metres").format(crs=crs.authid() or crs.description())
    else:
        reason = tr("in its CRS {crs} one unit is {scale} m on the ground there").format(
            crs=crs.authid() or crs.description(), scale=f"{scale:.3f}")
    return tr("Areas and distances are measured in {chosen}, not in the CRS of '{layer}': {reason}. "
              "Results are written in the layer's CRS.").format(chosen=chosen.authid(), layer=layer_name,
                                                               reason=reason)


def label_problem(layer_name, crs, extent, transform_context):
    """A translated warning when the coordinates of *extent* cannot be in *crs*, else ''.

    E.g. Gauß-Krüger coordinates or degrees labelled EPSG:25833: the extent, taken as *crs*,
    lies far outside the CRS's area of use (its bounds grown by AREA_OF_USE_MARGIN degrees).
    """
    if not crs.isValid() or extent is None or extent.isNull():
        return ""
    bounds = crs.bounds()
    if bounds.isNull() or bounds.isEmpty():
        return ""
    bounds = QgsRectangle(bounds.xMinimum() - AREA_OF_USE_MARGIN, bounds.yMinimum() - AREA_OF_USE_MARGIN,
                          bounds.xMaximum() + AREA_OF_USE_MARGIN, bounds.yMaximum() + AREA_OF_USE_MARGIN)
    corners = [_lonlat(crs, QgsPointXY(x, y), transform_context)
               for x in (extent.xMinimum(), extent.xMaximum()) for y in (extent.yMinimum(), extent.yMaximum())]
    if all(c is not None and bounds.contains(QgsPointXY(*c)) for c in corners):
        return ""
    return tr("The coordinates of '{layer}' ({extent}) do not fit its CRS {crs}, which is valid over "
              "{bounds} (longitude, latitude). Is the CRS assigned right (Layer properties > Source)? "
              "Gauß-Krüger or degrees labelled as UTM give empty or wrong results.").format(
        layer=layer_name, extent=_text(extent), crs=crs.authid() or crs.description(),
        bounds=crs.bounds().toString(1))


def disjoint_problem(reference, other, crs):
    """A translated warning when the layer *other* lies wholly outside *reference*, else ''.

    *reference* and *other* are ``(layer name, CRS the layer is labelled with, shapely
    geometries in *crs*)``; the message names both layers, their CRS and extents in *crs*.
    """
    import shapely

    (ref_name, ref_crs, ref_geoms), (name, other_crs, geoms) = reference, other
    ref_box, box = _box(ref_geoms), _box(geoms)
    if ref_box is None or box is None or shapely.intersects(shapely.box(*ref_box), shapely.box(*box)):
        return ""
    return tr("The layer '{layer}' ({layer_crs}, extent {extent} in {crs}) does not overlap '{reference}' "
              "({reference_crs}, extent {reference_extent}): none of its features can count. Check the CRS "
              "assigned to each layer (Layer properties > Source).").format(
        layer=name, layer_crs=other_crs.authid() or other_crs.description(), extent=_text(QgsRectangle(*box)),
        crs=crs.authid(), reference=ref_name, reference_crs=ref_crs.authid() or ref_crs.description(),
        reference_extent=_text(QgsRectangle(*ref_box)))


def _box(geometries):
    """(xmin, ymin, xmax, ymax) of the present *geometries*; None when there are none."""
    import numpy as np
    import shapely

    geometries = np.asarray(geometries, dtype=object)
    if not len(geometries):
        return None
    present = geometries[~shapely.is_missing(geometries)]
    present = present[~shapely.is_empty(present)] if len(present) else present
    if not len(present):
        return None
    box = shapely.total_bounds(present)
    return tuple(float(v) for v in box) if np.isfinite(box).all() else None


def _centre(crs, extent, transform_context):
    """The centre of *extent*, or of the CRS's area of use when the extent is empty; None if neither."""
    if extent is not None and not extent.isNull() and extent.width() >= 0 and extent.height() >= 0:
        return extent.center()
    bounds = crs.bounds()
    if bounds.isNull():
        return None
    try:
        transform = QgsCoordinateTransform(QgsCoordinateReferenceSystem(WGS84), crs, transform_context)
        return transform.transform(bounds.center())
    except QgsCsException:
        return None


def _lonlat(crs, point, transform_context):
    """(lon, lat) of *point* in *crs*; None when it cannot be transformed."""
    if point is None:
        return None
    try:
        transform = QgsCoordinateTransform(crs, QgsCoordinateReferenceSystem(WGS84), transform_context)
        result = transform.transform(point)
    except QgsCsException:
        return None
    import math

    return (result.x(), result.y()) if math.isfinite(result.x()) and math.isfinite(result.y()) else None


def _text(extent):
    """*extent* as 'xmin, ymin : xmax, ymax' with whole units."""
    return extent.toString(0)
