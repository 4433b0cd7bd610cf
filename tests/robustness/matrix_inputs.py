"""The inputs of the robustness matrix: layers and rasters of a world, and the odd geometries.

A world describes its inputs as :class:`VectorSpec` and :class:`RasterSpec` (coordinates in
EPSG:25833 around :data:`ORIGIN`); :func:`build_layer` and :func:`write_raster_spec` turn them
into what Processing takes. :func:`polygon_variant` and :func:`line_variant` give the broken or
unusual versions of a world's target rectangle or line, with the shape a planner means by them.
"""
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from layers import reproject_wkt, square

CRS = "EPSG:25833"
ORIGIN = (310000.0, 5690000.0)          # near Leipzig, ETRS89 / UTM 33N
HUGE_ORIGIN = (4.0e9, 9.0e9)            # far outside any real CRS extent (a CAD file in mm, say)

#: one CRS per input for the case "each input in a different CRS"
OTHER_CRS = ("EPSG:4326", "EPSG:31468", "EPSG:3857", "EPSG:25832", "EPSG:3035")


@dataclass
class VectorSpec:
    """One vector input. *rows*: (wkt or None, attributes); coordinates in EPSG:25833.

    *kind*: ``memory``; ``geojson`` (written to a file and read through OGR; ``raw`` maps a
    row index to a GeoJSON geometry written as it is, e.g. with an unclosed ring);
    ``selection`` (in the project, passed as selected features only, nothing selected).
    """

    geometry: str
    fields: list
    rows: list
    crs: str = CRS
    kind: str = "memory"
    name: str = "layer"
    raw: dict = field(default_factory=dict)
    reproject: bool = True   # False: the coordinates stay metres whatever *crs* says
    label: str = ""          # the CRS the layer claims, when not *crs* (coordinates in *crs*)


@dataclass
class RasterSpec:
    values: np.ndarray  # NaN = nodata
    x0: float
    y0: float
    dx: float
    dy: float
    crs: str = CRS


def reprojected(wkt, target):
    """*wkt* (EPSG:25833) in CRS *target*; unchanged for '' (no CRS) and EPSG:25833."""
    if wkt is None or target in ("", CRS):
        return wkt
    from qgis.core import QgsGeometry

    if QgsGeometry.fromWkt(wkt).isEmpty():
        return wkt
    return reproject_wkt(wkt, CRS, target)


def build_layer(spec, folder, project_layers):
    """The QGIS layer (or Processing source value) of *spec*; returns (parameter value, layer)."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsFeature,
        QgsGeometry,
        QgsProcessingFeatureSourceDefinition,
        QgsProject,
        QgsVectorLayer,
    )

    if spec.kind == "geojson":
        return _geojson_layer(spec, folder)
    if spec.kind == "csv":
        return _csv_layer(spec, folder)
    uri = f"{spec.geometry}?crs={spec.label or spec.crs}" if spec.crs else f"{spec.geometry}"
    uri += "".join(f"&field={f}" for f in spec.fields) if spec.crs else "".join(
        ("?" if i == 0 else "&") + f"field={f}" for i, f in enumerate(spec.fields))
    layer = QgsVectorLayer(uri, spec.name, "memory")
    assert layer.isValid(), uri
    if not spec.crs:  # a memory layer without crs= is in EPSG:4326: take it away
        layer.setCrs(QgsCoordinateReferenceSystem())
    features = []
    for wkt, attributes in spec.rows:
        feature = QgsFeature(layer.fields())
        if wkt is not None:
            geometry = QgsGeometry.fromWkt(reprojected(wkt, spec.crs) if spec.reproject else wkt)
            assert not geometry.isNull(), wkt
            feature.setGeometry(geometry)
        for key, value in attributes.items():
            feature[key] = value
        features.append(feature)
    ok, _ = layer.dataProvider().addFeatures(features)
    assert ok and layer.featureCount() == len(spec.rows), f"{spec.name}: features refused ({uri})"
    if spec.kind == "selection":
        QgsProject.instance().addMapLayer(layer, False)
        project_layers.append(layer)
        layer.removeSelection()
        return QgsProcessingFeatureSourceDefinition(layer.id(), True), layer
    return layer, layer


def _geojson_layer(spec, folder):
    from qgis.core import QgsVectorLayer

    features = []
    for index, (wkt, attributes) in enumerate(spec.rows):
        if index in spec.raw:
            geometry = spec.raw[index]
        elif wkt is None:
            geometry = None
        else:
            geometry = shapely.geometry.mapping(shapely.from_wkt(reprojected(wkt, spec.crs)))
        features.append({"type": "Feature", "properties": attributes, "geometry": geometry})
    data = {"type": "FeatureCollection", "features": features}
    if spec.crs:
        code = spec.crs.split(":")[1]
        data["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{code}"}}
    path = Path(folder) / f"{spec.name}.geojson"
    path.write_text(json.dumps(data, default=list), encoding="utf-8")
    layer = QgsVectorLayer(str(path), spec.name, "ogr")
    assert layer.isValid(), path
    return layer, layer


def _csv_layer(spec, folder):
    """A ';'-separated text file with a WKT column, read by QGIS's delimited-text provider.

    That provider parses WKT with QGIS's own parser, which keeps an unclosed ring open (OGR
    would close it on reading, with a warning); ``raw`` maps a row index to WKT written as is.
    """
    from qgis.core import QgsVectorLayer

    names = [f.split(":")[0] for f in spec.fields]
    lines = [";".join(names + ["wkt"])]
    for index, (wkt, attributes) in enumerate(spec.rows):
        text = spec.raw.get(index) or (reprojected(wkt, spec.crs) if wkt is not None else "")
        values = ["" if attributes.get(n) is None else str(attributes[n]) for n in names]
        lines.append(";".join(values + [text]))
    path = Path(folder) / f"{spec.name}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    uri = f"{path.as_uri()}?delimiter=;&wktField=wkt" + (f"&crs={spec.crs}" if spec.crs else "")
    layer = QgsVectorLayer(uri, spec.name, "delimitedtext")
    assert layer.isValid() and layer.featureCount() == len(spec.rows), uri
    return layer, layer


def write_raster_spec(spec, path):
    from qgis.core import QgsCoordinateReferenceSystem

    from wertvoll.algorithms.raster_io import write_raster
    from wertvoll.kernels.grid import Grid

    write_raster(path, Grid(np.asarray(spec.values, dtype=float), spec.x0, spec.y0, spec.dx, spec.dy),
                 QgsCoordinateReferenceSystem(spec.crs) if spec.crs else QgsCoordinateReferenceSystem())
    return str(path)


# --------------------------------------------------------------------------------------------
# geometry variants of one rectangle or one straight line (the world's target feature)

def polygon_variant(case, bounds):
    """(wkt or None, layer geometry type, intended shapely shape, raw GeoJSON or None).

    The intended shape is what a careful planner means by the broken geometry, worked out by
    hand: a bow-tie is its two triangles, a curve its arc, duplicate nodes or Z/M change nothing.
    """
    x0, y0, x1, y1 = bounds
    xm, ym, h = (x0 + x1) / 2, (y0 + y1) / 2, y1 - y0
    rect = box(x0, y0, x1, y1)
    if case == "duplicate_nodes":
        return (f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y0},{x1} {y1},{x1} {y1},{x0} {y1},{x0} {y0}))",
                "Polygon", rect, None)
    if case == "bow_tie":  # two triangles meeting in the centre, each a quarter of the rectangle
        shape = shapely.union(Polygon([(x0, y0), (xm, ym), (x0, y1)]), Polygon([(x1, y0), (x1, y1), (xm, ym)]))
        return f"POLYGON(({x0} {y0},{x1} {y1},{x1} {y0},{x0} {y1},{x0} {y0}))", "Polygon", shape, None
    if case == "self_intersection":  # the rectangle with a twisted tab on its top edge
        a, b, t = x0 + 0.4 * (x1 - x0), x0 + 0.6 * (x1 - x0), y1 + 0.3 * h
        ring = [(x0, y0), (x1, y0), (x1, y1), (b, y1), (a, t), (b, t), (a, y1), (x0, y1), (x0, y0)]
        # by hand: the rectangle plus the two triangles of the tab, (b - a) wide, 0.3 h high together
        tab = shapely.union(Polygon([(a, y1), (b, y1), ((a + b) / 2, y1 + 0.15 * h)]),
                            Polygon([(a, t), (b, t), ((a + b) / 2, y1 + 0.15 * h)]))
        wkt = "POLYGON((" + ",".join(f"{x} {y}" for x, y in ring) + "))"
        return wkt, "Polygon", shapely.union(rect, tab), None
    if case == "multipart":  # two parts with a gap of a tenth of the width between them
        a, b = xm - (x1 - x0) / 20, xm + (x1 - x0) / 20
        return (f"MULTIPOLYGON((({x0} {y0},{a} {y0},{a} {y1},{x0} {y1},{x0} {y0})),"
                f"(({b} {y0},{x1} {y0},{x1} {y1},{b} {y1},{b} {y0})))", "MultiPolygon",
                shapely.union(box(x0, y0, a, y1), box(b, y0, x1, y1)), None)
    if case == "curved":  # a half-disk of radius h/2 bulges out of the east side
        half_disk = shapely.intersection(Point(x1, ym).buffer(h / 2, quad_segs=512), box(x1, y0, x1 + h, y1))
        wkt = (f"CURVEPOLYGON(COMPOUNDCURVE(({x1} {y1},{x0} {y1},{x0} {y0},{x1} {y0}),"
               f"CIRCULARSTRING({x1} {y0},{x1 + h / 2} {ym},{x1} {y1})))")
        return wkt, "CurvePolygon", shapely.union(rect, half_disk), None
    if case == "z_and_m":
        return (f"POLYGON ZM(({x0} {y0} 101 1,{x1} {y0} 102 2,{x1} {y1} 103 3,{x0} {y1} 104 4,"
                f"{x0} {y0} 101 5))", "PolygonZM", rect, None)
    if case == "unclosed_ring_geojson":  # the same in a GeoJSON file: GDAL closes it on reading
        raw = {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]]}
        return square(*bounds), "Polygon", rect, raw
    if case == "unclosed_ring":  # a WKT text file whose ring misses the closing point
        raw = f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1}))"
        return square(*bounds), "Polygon", rect, raw
    raise KeyError(case)


def line_variant(case, a, b):
    """(wkt, layer geometry type, intended shapely line) for the straight line a-b."""
    (ax, ay), (bx, by) = a, b
    mx, my = (ax + bx) / 2, (ay + by) / 2
    line = LineString([a, b])
    if case == "duplicate_nodes":
        return f"LINESTRING({ax} {ay},{ax} {ay},{mx} {my},{mx} {my},{bx} {by})", "LineString", line
    if case == "multipart":
        return f"MULTILINESTRING(({ax} {ay},{mx} {my}),({mx} {my},{bx} {by}))", "MultiLineString", line
    if case == "curved":  # a CompoundCurve of two straight pieces: a curved type, the same line
        return f"COMPOUNDCURVE(({ax} {ay},{mx} {my}),({mx} {my},{bx} {by}))", "CompoundCurve", line
    if case == "z_and_m":
        return f"LINESTRING ZM({ax} {ay} 101 0,{bx} {by} 100 1)", "LineStringZM", line
    raise KeyError(case)
