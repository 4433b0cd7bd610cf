"""The robustness matrix (issue 9): small test worlds, the odd inputs, and one checked run.

Every algorithm gets a *world*: a few features (EPSG:25833, around ORIGIN) and, where it
takes one, a small raster, whose correct result is worked out by hand in the world's
docstring. A case changes one thing of a world (a geometry, the CRS, a field, the raster,
the outputs) and says how the expected result changes. :func:`checked_run` then runs the
algorithm through Processing and checks the requirements of issue 9 for every case:

* the run gives a result, or raises ``QgsProcessingException`` (never another type) whose
  message is one of the plugin's translatable templates (or a message QGIS itself
  translates) and shows no Python internals;
* the inputs are unchanged (WKB and attributes of every feature; bytes of every file);
* after an error no output file exists (outputs are files by default for that reason).

``docs/robustness.md`` lists the cases and the behaviour per algorithm.
"""
import hashlib
import json
import math
import re
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from layers import WarningFeedback, table_rows

ROOT = Path(__file__).resolve().parents[2]
CRS = "EPSG:25833"
ORIGIN = (310000.0, 5690000.0)          # near Leipzig, ETRS89 / UTM 33N
HUGE_ORIGIN = (4.0e9, 9.0e9)            # far outside any real CRS extent (a CAD file in mm, say)

#: one CRS per input for the case "each input in a different CRS"
OTHER_CRS = ("EPSG:4326", "EPSG:31468", "EPSG:3857", "EPSG:25832", "EPSG:3035")

#: words of Python internals that must never reach a planner
INTERNALS = re.compile(r"Traceback|File \"|\.py\b|NoneType|has no attribute|object is not|"
                       r"\b(?:Type|Value|Key|Index|Attribute|Runtime|Name|OS|Assertion|ZeroDivision|"
                       r"Import|GEOS|Shapely|Memory|Overflow|Recursion)(?:Error|Exception)\b|"
                       r"numpy|shapely\.|pandas|sip\.|<[a-z_.]+ object at 0x")

#: messages QGIS (core or the processing plugin) raises and translates itself
QGIS_TEMPLATES = (
    "Could not load source layer for {name}: {detail}",
    "Could not load source layer for {name}: invalid value",
    "Could not create destination layer for {name}: {detail}",
    "Could not create destination layer for {name}: invalid value",
    "Incorrect parameter value for {name}",
    "Could not create layer {path}: {detail}",
    "Feature ({fid}) from “{layer}” has invalid geometry. Please fix the geometry or change the "
    "Processing setting to the “Ignore invalid input features” option.",
    "Feature ({fid}) from “{layer}” has invalid geometry. Please fix the geometry or change the "
    "“Invalid features filtering” option for this input or globally in Processing settings.",
)


def _pattern(template):
    """A regex matching *template* with every {placeholder} filled by any text."""
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(".*?")
    return re.compile("".join(parts), re.DOTALL)


_TEMPLATES = None


def translatable_templates():
    """Regexes of every string the plugin passes to tr()/N_() (scripts/i18n.py extracts them)."""
    global _TEMPLATES
    if _TEMPLATES is None:
        sys.path.insert(0, str(ROOT / "scripts"))
        try:
            import i18n as i18n_tool
        finally:
            sys.path.pop(0)
        texts = set(i18n_tool.extract_strings()) | set(QGIS_TEMPLATES)
        for language in i18n_tool.LANGUAGES:  # a translated message is a template too
            texts |= {t for t in i18n_tool.read_ts(i18n_tool.ts_path(language)).values() if t}
        texts = [t for t in texts if "{" in t or len(t) > 12]
        _TEMPLATES = [_pattern(t) for t in sorted(texts, key=len, reverse=True)]
    return _TEMPLATES


def assert_clear_message(message):
    """*message* is a filled-in translatable template and shows no Python internals."""
    text = message.strip()
    assert text, "empty error message"
    assert not INTERNALS.search(text), f"Python internals in the message: {text!r}"
    prefix = "Unable to execute algorithm\n"  # processing.run's wrapper of checkParameterValues
    if text.startswith(prefix):
        text = text[len(prefix):].strip()
    assert any(p.fullmatch(text) for p in translatable_templates()), (
        f"not a translatable message (no tr()/N_() template matches): {text!r}")


# --------------------------------------------------------------------------------------------
# snapshots: inputs unchanged, outputs absent

def _file_digest(path):
    path = Path(path)
    if not path.exists():
        return None
    if path.is_dir():
        return {p.name: _file_digest(p) for p in sorted(path.iterdir())}
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot_layer(layer):
    """(fid, WKB, attributes) of every feature of *layer*; repr() makes NaN comparable."""
    rows = []
    for feature in layer.getFeatures():
        geometry = feature.geometry()
        wkb = None if geometry is None or geometry.isNull() else bytes(geometry.asWkb())
        rows.append((feature.id(), wkb, [repr(v) for v in feature.attributes()]))
    fields = [(f.name(), f.typeName()) for f in layer.fields()]
    return fields, rows


def snapshot(inputs):
    out = []
    for item in inputs:
        if isinstance(item, (str, Path)):
            out.append(("file", str(item), _file_digest(item)))
        else:
            out.append(("layer", item.name(), snapshot_layer(item), item.selectedFeatureIds(),
                        item.subsetString()))
    return out


# --------------------------------------------------------------------------------------------
# layers and rasters of a world

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
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsGeometry, QgsProject

    geometry = QgsGeometry.fromWkt(wkt)
    if geometry.isEmpty():
        return wkt
    geometry.transform(QgsCoordinateTransform(QgsCoordinateReferenceSystem(CRS),
                                              QgsCoordinateReferenceSystem(target), QgsProject.instance()))
    return geometry.asWkt(12)


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
    uri = f"{spec.geometry}?crs={spec.crs}" if spec.crs else f"{spec.geometry}"
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

    from wertvoll.algorithms.base import write_raster
    from wertvoll.kernels.grid import Grid

    write_raster(path, Grid(np.asarray(spec.values, dtype=float), spec.x0, spec.y0, spec.dx, spec.dy),
                 QgsCoordinateReferenceSystem(spec.crs) if spec.crs else QgsCoordinateReferenceSystem())
    return str(path)


# --------------------------------------------------------------------------------------------
# geometry variants of one rectangle or one straight line (the world's target feature)

def rect_wkt(x0, y0, x1, y1):
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


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
        return rect_wkt(*bounds), "Polygon", rect, raw
    if case == "unclosed_ring":  # a WKT text file whose ring misses the closing point
        raw = f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1}))"
        return rect_wkt(*bounds), "Polygon", rect, raw
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


# --------------------------------------------------------------------------------------------
# the checked run

@dataclass
class Outcome:
    result: dict = None
    error: str = None
    context: object = None
    feedback: object = None
    seconds: float = 0.0

    @property
    def warnings(self):
        return self.feedback.warnings


def make_feedback():
    return WarningFeedback()


def checked_run(algorithm, params, inputs, output_files, invalid_check=None):
    """Run *algorithm* and check the issue-9 invariants; returns an :class:`Outcome`.

    *inputs*: layers and files that must stay unchanged; *output_files*: paths that must not
    exist after an error (they do not exist before: every world writes into a fresh folder).
    """
    import time

    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProject

    before = snapshot(inputs)
    present_before = {str(p): _file_digest(p) for p in output_files}
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    if invalid_check is not None:
        context.setInvalidGeometryCheck(invalid_check)
    feedback = make_feedback()
    outcome = Outcome(context=context, feedback=feedback)
    start = time.perf_counter()
    try:
        outcome.result = processing.run(f"wertvoll:{algorithm}", params, context=context, feedback=feedback)
    except QgsProcessingException as error:
        outcome.error = str(error)
    except Exception as error:  # noqa: BLE001 - exactly what must not happen
        pytest.fail(f"{type(error).__name__} instead of QgsProcessingException: {error}")
    outcome.seconds = time.perf_counter() - start
    assert snapshot(inputs) == before, "an input was modified"
    if outcome.error is not None:
        assert_clear_message(outcome.error)
        left = {p: d for p, d in ((str(p), _file_digest(p)) for p in output_files) if d != present_before[p]}
        assert not left, f"output left behind after an error: {sorted(left)}"
    else:
        for text in feedback.warnings:  # warnings are shown to the planner too
            assert not INTERNALS.search(text), f"Python internals in a warning: {text!r}"
    return outcome


@pytest.fixture
def project_layers():
    """Layers a world put into the project (selection cases); removed after the test."""
    from qgis.core import QgsProject

    layers = []
    yield layers
    for layer in layers:
        QgsProject.instance().removeMapLayer(layer.id())


# --------------------------------------------------------------------------------------------
# output checks shared by the worlds

def output_layer(outcome, key):
    from qgis.core import QgsVectorLayer

    value = outcome.result[key]
    if isinstance(value, QgsVectorLayer):
        return value
    layer = outcome.context.getMapLayer(value) or QgsVectorLayer(value, key, "ogr")
    if not layer.isValid():
        layer = None  # not kept alive by the traceback until after QGIS has exited (segfault)
        pytest.fail(f"output {key} does not open: {value}")
    return layer


class Row(dict):
    """One output feature as {field: value}, under WERTvoll's full field names (a Shapefile cuts them)."""

    def __init__(self, feature):
        from qgis.core import QgsGeometry

        super().__init__(zip((_LONG_NAMES.get(f.name(), f.name()) for f in feature.fields()),
                             feature.attributes()))
        self.fid = feature.id()
        self._geometry = QgsGeometry(feature.geometry())

    def geometry(self):
        return self._geometry


def features(outcome, key):
    return [Row(f) for f in output_layer(outcome, key).getFeatures()]


def assert_valid_geometries(outcome, key):
    """Every feature of output *key* has a non-empty, GEOS-valid geometry."""
    for feature in features(outcome, key):
        geometry = feature.geometry()
        assert not geometry.isNull() and not geometry.isEmpty(), f"{key}: feature {feature.fid} without geometry"
        assert geometry.isGeosValid(), f"{key}: invalid geometry {geometry.asWkt(3)[:200]}"


def field_names(outcome, key):
    return [f.name() for f in output_layer(outcome, key).fields() if f.name().lower() != "fid"]


def approx(value, rel=1e-6, abs_=1e-6):
    return pytest.approx(value, rel=rel, abs=abs_)


# --------------------------------------------------------------------------------------------
# the worlds

class NotApplicable(Exception):
    """The case does not apply to this algorithm (no such input); documented as n/a."""


class World:
    """Base of the per-algorithm worlds; see the subclasses for the geometry and the hand values."""

    ALG = ""
    SINKS = ()                  # vector output parameters
    FILES = ()                  # file output parameters (report)
    PRIMARY = None              # the required vector input
    POLYGON = None              # (parameter, row index) of the target rectangle
    LINE = None                 # (parameter, row index) of the target straight line
    RASTER = None               # raster parameter
    FIELDS = {}                 # output -> field names (GeoPackage)

    def __init__(self, folder, origin=ORIGIN):
        self.folder = Path(folder)
        self.ox, self.oy = origin
        self.vectors = {}
        self.rasters = {}
        self.params = {}
        self.invalid_check = None
        self.out_dir = self.folder / "out"
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.outputs = {name: str(self.out_dir / f"{name.lower()}.gpkg") for name in self.SINKS}
        self.outputs.update({name: str(self.out_dir / f"report.{name.split('_')[-1].lower()}")
                             for name in self.FILES})
        self.shapefile = False
        self.expect_warnings = []   # fragments that must be among the warnings of a result
        self.setup()

    # geometry of a world: coordinates relative to its origin
    def xy(self, x, y):
        return self.ox + x, self.oy + y

    def rect(self, x0, y0, x1, y1):
        (a, b), (c, d) = self.xy(x0, y0), self.xy(x1, y1)
        return rect_wkt(a, b, c, d)

    def setup(self):
        raise NotImplementedError

    # -- building and running ---------------------------------------------------------------
    def build(self, project_layers):
        params = dict(self.params)
        inputs = []
        for name, spec in self.vectors.items():
            if spec is None:
                continue
            value, layer = build_layer(spec, self.folder, project_layers)
            params[name] = value
            inputs.append(layer)
            if spec.kind == "geojson":
                inputs.append(layer.source().split("|")[0])
        for name, spec in self.rasters.items():
            if spec is None:
                continue
            path = write_raster_spec(spec, self.folder / f"{name.lower()}.tif")
            params[name] = path
            inputs.append(path)
        params.update(self.outputs)
        return params, inputs

    def output_files(self):
        files = []
        for value in self.outputs.values():
            if isinstance(value, str) and value not in ("memory:", "TEMPORARY_OUTPUT"):
                path = Path(value)
                files.append(path)
                if path.suffix == ".shp":
                    files += [path.with_suffix(s) for s in (".dbf", ".shx", ".prj", ".cpg")]
        return files

    def run(self, project_layers):
        params, inputs = self.build(project_layers)
        return checked_run(self.ALG, params, inputs, self.output_files(), self.invalid_check)

    # -- checks -----------------------------------------------------------------------------
    def check(self, outcome):
        """The hand-worked result (subclasses), after the checks every output gets."""
        for key in self.SINKS:
            if key not in outcome.result:
                continue
            layer = output_layer(outcome, key)
            expected = self.FIELDS[key]
            if self.shapefile:
                expected = [shapefile_name(n) for n in expected]
            names = field_names(outcome, key)
            assert names[-len(expected):] == list(expected), (key, names)
            if layer.isSpatial():
                assert_valid_geometries(outcome, key)

    # -- hooks of the cases -----------------------------------------------------------------
    def target(self, kind):
        slot = self.POLYGON if kind == "polygon" else self.LINE
        if slot is None:
            raise NotApplicable(kind)
        return slot

    def set_target_shape(self, kind, shape):
        """Record the intended shape of the target feature (None: the feature counts for nothing)."""
        raise NotImplementedError

    def add_shape(self, kind, shape, attributes):
        """Record an extra feature of the slot (shape None: without geometry)."""

    def attribute_case(self, case):
        raise NotApplicable(case)

    def raster_case(self, case):
        raise NotApplicable(case)

    def more_inputs(self):
        """Add inputs so that the world has several vector layers (case 'each input another CRS')."""

    def output_case(self, case):
        """Send the outputs somewhere else; returns 'error' where that must fail."""
        keys = list(self.outputs)
        if case == "geopackage":
            return None
        if case in ("shapefile", "memory") and not self.SINKS:
            raise NotApplicable(case)
        if case == "shapefile":
            for key in self.SINKS:
                self.outputs[key] = str(self.out_dir / f"{key.lower()}.shp")
            self.shapefile = True
            self.expect_warnings.append("is written as a Shapefile")
            return None
        if case == "memory":
            for key in self.SINKS:
                self.outputs[key] = "memory:"
            return None
        if case == "temporary":
            for key in keys:
                self.outputs[key] = "TEMPORARY_OUTPUT"
            return None
        if case == "umlaut_path":
            folder = self.folder / "Ergebnisse Größe ß" / "Aue Süd"
            folder.mkdir(parents=True)
            for key in keys:
                self.outputs[key] = str(folder / f"Fläche {key.lower()}{Path(self.outputs[key]).suffix}")
            return None
        if case == "read_only_under_file":  # the 'folder' is a file: nobody, not even root, can write there
            blocker = self.folder / "kein Ordner.txt"
            blocker.write_text("a file, not a folder", encoding="utf-8")
            self.blocked = blocker
            for key in keys:
                self.outputs[key] = str(blocker / Path(self.outputs[key]).name)
            return "error"
        if case == "read_only_proc":  # /proc takes no new files, not even from root
            self.blocked = Path("/proc/wertvoll-robustness")
            for key in keys:
                self.outputs[key] = str(self.blocked / Path(self.outputs[key]).name)
            return "error"
        if case == "read_only_last":  # the last output fails: the ones before must not stay behind
            self.blocked = Path("/proc/wertvoll-robustness")
            self.outputs[keys[-1]] = str(self.blocked / Path(self.outputs[keys[-1]]).name)
            return "error"
        raise KeyError(case)

    def crs_case(self, case):
        """Put the vector inputs into other CRSs (the rows are reprojected; rasters stay)."""
        if case == "geographic":
            for spec in self.vectors.values():
                if spec is not None:
                    spec.crs = "EPSG:4326"
        elif case == "each_different":
            self.more_inputs()
            specs = [spec for spec in self.vectors.values() if spec is not None]
            assert len(specs) >= 2, self.ALG
            for spec, crs in zip(specs, OTHER_CRS):
                spec.crs = crs
        elif case == "no_crs":  # nothing tells where its coordinates lie: a clear error
            self.vectors[self.PRIMARY].crs = ""
            return "error"
        elif case == "outside_crs":  # metres in a layer that says EPSG:4326 (a wrong .prj)
            self.vectors[self.PRIMARY].crs = "EPSG:4326"
            self.vectors[self.PRIMARY].reproject = False
            return "error"
        elif case == "raster_no_crs":
            if self.RASTER is None:
                raise NotApplicable(case)
            self.ensure_raster()
            self.rasters[self.RASTER].crs = ""
            return "error"
        elif case == "raster_differs":
            if self.RASTER is None:
                raise NotApplicable(case)
            for spec in self.vectors.values():
                if spec is not None:
                    spec.crs = "EPSG:31468"
        else:
            raise KeyError(case)
        self.loosen()
        return None

    def ensure_raster(self):
        """Give the world its raster input if it is optional and absent."""

    def loosen(self):
        """Reprojected inputs come back within micrometres: compare with a relative 1e-6."""

    def skip_target(self, kind):
        """The target feature is skipped (invalid-geometry setting 'skip'): expectation or 'error'."""
        self.set_target_shape(kind, None)
        return None

    def abort_target(self, kind):
        """Processing set to stop on invalid geometries: 'error' (the report reads no geometries)."""
        return "error"

    def expect_no_features(self, kind):
        """The slot of *kind* is empty: change the expectation (optional inputs) or return 'error'."""
        return "error"


def shapefile_name(name):
    """The field name in a Shapefile (dBASE: at most 10 characters): the first 10 characters.

    WERTvoll keeps its long field names (the report templates and the dock read them); in a
    Shapefile OGR cuts them to 10 characters, which is unique for every WERTvoll output (the
    matrix checks it), and the report maps the cut names back (report/layers.py).
    """
    return name[:10]


def least_cost(values, x0, y0, dx, dy, shapes_a, shapes_b):
    """Least cost between the cells touched by *shapes_a* and by *shapes_b* (own Dijkstra).

    The rule of the help text, implemented here independently of the kernel: 8 neighbours, a
    step costs its length in metres × the mean resistance of its two cells; NaN and ≤ 0 cells
    are impassable; cells of a patch cost nothing to start from. None when unreachable.
    """
    import heapq

    rows, cols = values.shape

    def cells(shapes):
        out = set()
        for shape in shapes:
            for r in range(rows):
                for c in range(cols):
                    cell = box(x0 + c * dx, y0 - (r + 1) * dy, x0 + (c + 1) * dx, y0 - r * dy)
                    if shape.intersection(cell).area > 0:
                        out.add((r, c))
        return {rc for rc in out if np.isfinite(values[rc]) and values[rc] > 0}

    start, goal = cells(shapes_a), cells(shapes_b)
    best = {rc: 0.0 for rc in start}
    heap = [(0.0, rc) for rc in start]
    while heap:
        cost, (r, c) = heapq.heappop(heap)
        if cost > best.get((r, c), math.inf):
            continue
        if (r, c) in goal:
            return cost
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                rr, cc = r + dr, c + dc
                if (dr, dc) == (0, 0) or not (0 <= rr < rows and 0 <= cc < cols):
                    continue
                v = values[rr, cc]
                if not np.isfinite(v) or v <= 0:
                    continue
                step = math.hypot(dr * dy, dc * dx) * (values[r, c] + v) / 2
                if cost + step < best.get((rr, cc), math.inf):
                    best[(rr, cc)] = cost + step
                    heapq.heappush(heap, (cost + step, (rr, cc)))
    return None


class ScreeningWorld(World):
    """wertvoll:compensationscreening.

    Parcels (metres from the origin): P1 arable (0,0)-(100,100), P2 grassland (200,0)-(300,100),
    10,000 m² each. Value table: arable 7 -> 15, grassland 8 -> 15 points/m². No exclusions,
    MIN_AREA 1 m². By hand: P1 uplift 8 × 10,000 = 80,000, P2 7 × 10,000 = 70,000; 2 candidates.
    A changed target (P2) counts 7 points per m² of its intended shape.
    """

    ALG = "compensationscreening"
    SINKS = ("OUTPUT", "OUTPUT_SUMMARY")
    PRIMARY = "INPUT"
    POLYGON = ("INPUT", 1)
    FIELDS = {
        "OUTPUT": ["src_fid", "municipality", "landuse", "landuse_label", "area_m2", "value_now", "measure",
                   "value_target", "pik", "uplift_pts", "share_water", "share_flood", "share_riparian",
                   "share_corridor", "score", "rank", "selected", "notes"],
        "OUTPUT_SUMMARY": ["municipality", "candidates", "area_m2", "uplift_pts", "selected_area_m2",
                           "selected_pts"],
    }
    TABLE = ("code;label;value_now;measure;value_target;pik_measure;pik_value_target;landuse_kind\n"
             "43001_1010;Acker;7;Grünland;15;Extensivacker;10;arable\n"
             "43001_1020;Grünland;8;Extensivgrünland;15;;;grassland\n"
             "Acker_groß;Acker (groß);7;Grünland süß;15;;;arable\n"
             "Grünland_süß;Grünland (süß);8;Extensivgrünland;15;;;grassland\n")
    RATES = {"43001_1010": 8.0, "43001_1020": 7.0, "Acker_groß": 8.0, "Grünland_süß": 7.0}

    def setup(self):
        table = self.folder / "werte.csv"
        table.write_text(self.TABLE, encoding="utf-8")
        self.vectors["INPUT"] = VectorSpec("Polygon", ["nutzung:string", "bz:integer"], [
            (self.rect(0, 0, 100, 100), {"nutzung": "43001_1010", "bz": 60}),
            (self.rect(200, 0, 300, 100), {"nutzung": "43001_1020", "bz": 30})], name="parcels")
        self.shapes = [shapely.from_wkt(self.rect(0, 0, 100, 100)), shapely.from_wkt(self.rect(200, 0, 300, 100))]
        self.codes = ["43001_1010", "43001_1020"]
        self.params = {"LANDUSE_FIELD": "nutzung", "VALUE_TABLE": str(table), "MIN_AREA": 1.0}
        self.rel = 1e-9
        self.municipality = ""
        self.share_water = None

    def loosen(self):
        self.rel = max(self.rel, 1e-6)

    def more_inputs(self):
        """Drinking-water zone (200,0)-(250,100): half of P2, share_water 0.5; one municipality."""
        self.vectors["WATER_PROTECTION"] = VectorSpec("Polygon", ["zone:string"], [
            (self.rect(200, 0, 250, 100), {"zone": "III"})], name="wasserschutz")
        self.vectors["MUNICIPALITIES"] = VectorSpec("Polygon", ["name:string"], [
            (self.rect(-100, -100, 400, 200), {"name": "Wurzen"})], name="gemeinden")
        self.params["MUNICIPALITY_FIELD"] = "name"
        self.municipality = "Wurzen"
        self.share_water = {1: 0.0, 2: 0.5}

    def set_target_shape(self, kind, shape):
        self.shapes[1] = shape
        if shape is not None and shape.area and not shape.equals(box(*shape.bounds)):
            self.rel = 1e-3  # segmentized arcs

    def check(self, outcome):
        super().check(outcome)
        kept = [(s, c) for s, c in zip(self.shapes, self.codes) if s is not None and c in self.RATES]
        area = sum(s.area for s, _ in kept)
        uplift = sum(self.RATES[c] * s.area for s, c in kept)
        out = features(outcome, "OUTPUT")
        assert outcome.result["CANDIDATES"] == len(out) >= len(kept)
        assert sum(f["area_m2"] for f in out) == approx(area, rel=self.rel)
        assert sum(f["uplift_pts"] for f in out) == approx(uplift, rel=self.rel)
        assert outcome.result["TOTAL_UPLIFT"] == approx(uplift, rel=self.rel)
        assert sorted({f["rank"] for f in out}) == list(range(1, len(out) + 1))
        for f in out:
            assert f["municipality"] == self.municipality or not (self.municipality or f["municipality"])
            if self.share_water is not None:
                assert f["share_water"] == approx(self.share_water[f["src_fid"]])
        summary = {f["municipality"]: f for f in features(outcome, "OUTPUT_SUMMARY")}
        assert summary["total"]["area_m2"] == approx(area, rel=self.rel)
        assert summary["total"]["candidates"] == len(out)

    def attribute_case(self, case):
        spec = self.vectors["INPUT"]
        if case == "missing_field":
            self.params["LANDUSE_FIELD"] = "gibt_es_nicht"
            return "error"
        if case == "wrong_type":  # a text field as the soil index: not numbers
            spec.fields = ["nutzung:string", "bz:string"]
            spec.rows = [(w, dict(a, bz="gut")) for w, a in spec.rows]
            self.params["SOIL_FIELD"] = "bz"
            return "error"
        if case == "null_values":  # P2 without land-use code (skipped, warned); P1 without soil index
            spec.rows[1][1]["nutzung"] = None
            spec.rows[0][1]["bz"] = None
            self.params["SOIL_FIELD"] = "bz"
            self.codes[1] = None
            self.expect_warnings += ["have no land-use code", "no PIK was proposed"]
            return None
        if case == "umlauts":
            spec.fields = ["Flächennutzung_ß:string", "Bodenzahl_ä:integer"]
            spec.rows = [(spec.rows[0][0], {"Flächennutzung_ß": "Acker_groß", "Bodenzahl_ä": 60}),
                         (spec.rows[1][0], {"Flächennutzung_ß": "Grünland_süß", "Bodenzahl_ä": 30})]
            self.codes = ["Acker_groß", "Grünland_süß"]
            self.params["LANDUSE_FIELD"] = "Flächennutzung_ß"
            self.vectors["MUNICIPALITIES"] = VectorSpec("Polygon", ["Gemeindename_ä:string"], [
                (self.rect(-100, -100, 400, 200), {"Gemeindename_ä": "Großpösna (Straße ß)"})], name="gemeinden")
            self.params["MUNICIPALITY_FIELD"] = "Gemeindename_ä"
            self.municipality = "Großpösna (Straße ß)"
            return None
        if case == "missing_codes":
            spec.rows[1][1]["nutzung"] = "99_unbekannt"
            self.codes[1] = "99_unbekannt"
            self.expect_warnings.append("'99_unbekannt' (1 features) is not in the value table")
            return None
        if case == "negative_nan":  # soil index -5 and NaN: not soil indices
            spec.fields = ["nutzung:string", "bz:double"]
            spec.rows[0][1]["bz"] = -5.0
            spec.rows[1][1]["bz"] = float("nan")
            self.params["SOIL_FIELD"] = "bz"
            self.expect_warnings.append("1 candidates have a negative soil index (e.g. -5)")
            return None
        raise NotApplicable(case)


class RiparianWorld(World):
    """wertvoll:riparianstrips, ruleset saxony, no built-up area, no DEM.

    River axis (metres from the origin) (0,0)-(200,0), channel width (breite) 4 m: the banks
    lie 2 m off the axis. Water W = buffer(axis, 2); 0-5 m band = buffer(W, 5) - W =
    2·5·200 + π(7² - 2²) = 2,141.37 m²; 5-10 m band = 2·5·200 + π(12² - 7²) = 2,298.45 m²
    (round ends; the kernel's 8-segment arcs are within 0.3 %). The expected bands are worked
    out with shapely from the intended water shapes, so changed targets need no new formula.

    With a DEM (raster cases): 2 m cells over (-50,-50)-(250,50), height 0.08·y north of the
    axis, 0 south: the north bank slopes 8 % towards the water, so its 0-5 m band over the
    whole length (5 × 200 = 1,000 m²) is the WHG §38a slope band.
    """

    ALG = "riparianstrips"
    SINKS = ("OUTPUT_STRIPS", "OUTPUT_CORRIDORS", "OUTPUT_LANDUSE")
    PRIMARY = "INPUT"
    LINE = ("INPUT", 0)
    POLYGON = ("INPUT", 0)   # the water-body variant (setup_polygon)
    RASTER = "DEM"
    FIELDS = {
        "OUTPUT_STRIPS": ["zone", "band_from_m", "band_to_m", "rule", "restrictions", "slope_band", "area_m2"],
        "OUTPUT_CORRIDORS": ["corridor_width_m", "area_m2"],
        "OUTPUT_LANDUSE": ["layer", "landuse", "area_m2", "share"],
    }

    def setup(self):
        a, b = self.xy(0, 0), self.xy(200, 0)
        self.vectors["INPUT"] = VectorSpec("LineString", ["gew_id:integer", "name:string", "breite:double"], [
            (f"LINESTRING({a[0]} {a[1]},{b[0]} {b[1]})", {"gew_id": 1, "name": "Mulde", "breite": 4.0})],
            name="rivers")
        self.water = [(LineString([a, b]), 4.0)]   # (intended axis or polygon, channel width)
        self.params = {"CHANNEL_WIDTH_FIELD": "breite"}
        self.slope_band = 0.0
        self.corridor_names = None
        self.corridor_width = None
        self.builtup = None
        self.landuse = None

    def more_inputs(self):
        """Built-up area (80,-50)-(120,50): 5 m strips there; land use 'A' north of the axis."""
        self.vectors["BUILTUP"] = VectorSpec("Polygon", [], [(self.rect(80, -50, 120, 50), {})], name="builtup")
        self.builtup = shapely.from_wkt(self.rect(80, -50, 120, 50))
        self.vectors["LANDUSE"] = VectorSpec("Polygon", ["nutzung:string"], [
            (self.rect(-50, 0, 250, 50), {"nutzung": "A"})], name="nutzung")
        self.params["LANDUSE_FIELD"] = "nutzung"
        self.landuse = shapely.from_wkt(self.rect(-50, 0, 250, 50))

    def ensure_raster(self):
        self.with_dem()

    def crs_case(self, case):
        if case == "raster_differs":
            self.with_dem()
            self.slope_band = 1000.0
        return super().crs_case(case)

    def setup_polygon(self):
        """The river as a water polygon (0,-2)-(200,2) instead of the line."""
        self.vectors["INPUT"] = VectorSpec("Polygon", ["gew_id:integer", "name:string"], [
            (self.rect(0, -2, 200, 2), {"gew_id": 1, "name": "Mulde"})], name="water")
        self.water = [(shapely.from_wkt(self.rect(0, -2, 200, 2)), 0.0)]
        self.params.pop("CHANNEL_WIDTH_FIELD", None)

    def target(self, kind):
        if kind == "polygon":
            self.setup_polygon()
        return super().target(kind)

    def set_target_shape(self, kind, shape):
        self.water[0] = (shape, self.water[0][1])

    def skip_target(self, kind):
        return "error"  # the only river feature skipped: no rivers

    def add_shape(self, kind, shape, attributes):
        if shape is not None:
            self.water.append((shape, 4.0 if kind == "line" else 0.0))

    def with_dem(self, values=None, x0=-50.0, y0=50.0, dx=2.0, dy=2.0, crs=CRS):
        if values is None:
            rows, cols = int(round(100 / dy)), int(round(300 / dx))
            y = 50.0 - (np.arange(rows) + 0.5) * dy
            values = np.repeat(np.where(y > 0, 0.08 * y, 0.0)[:, None], cols, axis=1)
        ox, oy = self.xy(x0, y0)
        self.rasters["DEM"] = RasterSpec(values, ox, oy, dx, dy, crs)

    def expected_bands(self, zone=None):
        """Areas of the 0-5 and 5-10 m bands (with a built-up area: of *zone* inside/outside)."""
        parts = []
        for shape, width in self.water:
            if shape is None or shape.is_empty:
                continue
            if shape.geom_type in ("LineString", "MultiLineString"):
                parts.append(shape.buffer(width / 2, quad_segs=64) if width > 0 else shape)
            else:
                parts.append(shape)
        water = shapely.union_all(parts)
        b5, b10 = water.buffer(5, quad_segs=64), water.buffer(10, quad_segs=64)
        band0, band1 = b5.difference(water), b10.difference(b5)
        if self.builtup is not None:  # saxony: 10 m outside, 5 m inside built-up areas
            band1 = band1.difference(self.builtup)
            if zone == "inside":
                return band0.intersection(self.builtup), band1.intersection(self.builtup)
            if zone == "outside":
                return band0.difference(self.builtup), band1
        return band0, band1

    def check(self, outcome):
        super().check(outcome)
        band0, band1 = (b.area for b in self.expected_bands())
        strips = features(outcome, "OUTPUT_STRIPS")
        if self.builtup is not None:
            inside = sum(f["area_m2"] for f in strips if f["zone"] == "inside")
            assert inside == approx(self.expected_bands("inside")[0].area, rel=3e-3)
        if self.landuse is not None:  # land use 'A' per band = band ∩ land use; the rows sum to the band
            table = features(outcome, "OUTPUT_LANDUSE")
            for name, band in (("strip outside 0-5 m", self.expected_bands("outside")[0]),
                               ("strip outside 5-10 m", self.expected_bands("outside")[1])):
                rows = {f["landuse"]: f["area_m2"] for f in table if f["layer"] == name}
                assert sum(rows.values()) == approx(band.area, rel=3e-3), name
                assert rows["A"] == approx(band.intersection(self.landuse).area, rel=3e-3), name
        got = {}
        for f in strips:
            got.setdefault(f["band_from_m"], 0.0)
            got[f["band_from_m"]] += f["area_m2"]
        assert got.get(0.0, 0.0) == approx(band0, rel=3e-3)
        assert got.get(5.0, 0.0) == approx(band1, rel=3e-3)
        slope = sum(f["area_m2"] for f in strips if f["slope_band"])
        assert slope == approx(self.slope_band, rel=1e-3, abs_=1e-3)
        assert outcome.result["STRIP_AREA"] == approx(band0 + band1, rel=3e-3)
        corridors = features(outcome, "OUTPUT_CORRIDORS")
        total = sum(f["area_m2"] for f in corridors)  # CORRIDOR_AREA counts overlaps once
        assert outcome.result["CORRIDOR_AREA"] == (approx(total) if len(corridors) == 1 else
                                                   pytest.approx(min(outcome.result["CORRIDOR_AREA"], total)))
        if self.corridor_width is not None:  # one river, round ends: buffer(axis, width / 2)
            axis = self.water[0][0]
            assert [round(f["corridor_width_m"], 6) for f in corridors] == [self.corridor_width]
            assert corridors[0]["area_m2"] == approx(axis.buffer(self.corridor_width / 2, quad_segs=64).area,
                                                     rel=3e-3)
        if self.corridor_names is not None:
            assert [f[self.corridor_names[0]] for f in corridors] == [self.corridor_names[1]]

    def attribute_case(self, case):
        spec = self.vectors["INPUT"]
        attrs = spec.rows[0][1]
        if case == "missing_field":
            self.params["CHANNEL_WIDTH_FIELD"] = "gibt_es_nicht"
            return "error"
        if case == "wrong_type":  # the name (text) as channel width: no numbers -> the default 0 m
            self.params["CHANNEL_WIDTH_FIELD"] = "name"
            self.water[0] = (self.water[0][0], 0.0)
            self.expect_warnings.append("1 river lines have no channel width")
            return None
        if case == "null_values":  # no width (default 0 m), no name, no id
            attrs.update(breite=None, name=None, gew_id=None)
            self.water[0] = (self.water[0][0], 0.0)
            self.expect_warnings.append("1 river lines have no channel width")
            return None
        if case == "umlauts":  # id and name fields with umlauts, copied to the corridors
            spec.fields = ["Gewässer_ID:string", "Gewässername_ß:string", "Breite_ä:double"]
            spec.rows = [(spec.rows[0][0], {"Gewässer_ID": "Pleiße-1", "Gewässername_ß": "Weiße Elster",
                                            "Breite_ä": 4.0})]
            self.params.update(CHANNEL_WIDTH_FIELD="Breite_ä", RIVER_ID_FIELD="Gewässer_ID",
                               RIVER_NAME_FIELD="Gewässername_ß")
            self.vectors["LANDUSE"] = VectorSpec("Polygon", ["Nutzungsart_ö:string"], [
                (self.rect(-50, 0, 250, 50), {"Nutzungsart_ö": "Grünland (süß)"})], name="nutzung")
            self.params["LANDUSE_FIELD"] = "Nutzungsart_ö"
            self.FIELDS = dict(self.FIELDS, OUTPUT_CORRIDORS=["Gewässer_ID", "Gewässername_ß",
                                                              "corridor_width_m", "area_m2"])
            self.corridor_names = ("Gewässername_ß", "Weiße Elster")
            return None
        if case == "missing_codes":  # a river type missing from the river-type table: factor 7
            spec.fields = spec.fields + ["typ:string"]
            attrs["typ"] = "gibt_es_nicht"
            self.params["RIVER_TYPE_FIELD"] = "typ"
            self.corridor_width = 4.0 * 7 * 1.25  # channel width × default factor × LAWA surcharge
            self.expect_warnings.append("River type 'gibt_es_nicht' (1 features) is not in the river-type table")
            return None
        if case == "negative_nan":  # widths -4 and NaN: not widths
            b = self.xy(200, 0)
            c = self.xy(200, 300)
            spec.rows.append((f"LINESTRING({b[0]} {b[1]},{c[0]} {c[1]})", {"gew_id": 2, "name": "Parthe",
                                                                          "breite": float("nan")}))
            attrs["breite"] = -4.0
            self.water = [(self.water[0][0], 0.0), (LineString([b, c]), 0.0)]
            self.expect_warnings += ["1 river features have a negative channel width", "2 river lines have no channel"]
            return None
        raise NotApplicable(case)

    def raster_case(self, case):
        self.slope_band = 1000.0
        if case == "all_nodata":
            self.with_dem(np.full((50, 150), np.nan))
            self.slope_band = 0.0
            self.expect_warnings.append("The DEM does not cover 4 of 4 river stretch banks")
        elif case == "nodata_holes":  # holes on the south side, 20-30 m from the axis: no sample there
            self.with_dem()
            values = self.rasters["DEM"].values
            values[35:40, 40:60] = np.nan
        elif case == "one_cell":
            self.with_dem(np.array([[1.0]]), x0=-50, y0=50, dx=300, dy=100)
            self.slope_band = 0.0
        elif case == "non_square":
            self.with_dem(dx=2.0, dy=1.0)
        elif case == "no_overlap":
            self.with_dem(x0=10000.0)
            self.slope_band = 0.0
            self.expect_warnings.append("The DEM does not overlap the rivers")
        else:
            raise NotApplicable(case)
        return None


class FloodWorld(World):
    """wertvoll:floodriskzones.

    DEM: 61 × 30 cells of 1 m, upper-left corner at (0, 30) from the origin; the river runs
    down the centre of column 30 (x = 30.5) from north to south. Height = 100 + 0.13·d for a
    cell d columns from the river. Thresholds 1,2,3: zone 1 = d ≤ 7 (1/0.13 = 7.7): 15 × 30 =
    450 m²; zone 2 = d 8..15: 16 × 30 = 480 m²; zone 3 = d 16..23: 480 m².
    Official zone (FLOODPLAIN) (10,5)-(50,25): zone 0 = 800 m².
    Exposure: E1 'Acker' (23,0)-(38,10), all in zone 1 (150 m²); E2 'Wald' (38,0)-(46,10), all
    in zone 2 (80 m²); in zone 0: E1 ∩ official = 15 × 5 = 75 m², E2 ∩ official = 8 × 5 = 40 m²
    (worked out with shapely for changed official zones).
    """

    ALG = "floodriskzones"
    SINKS = ("OUTPUT_ZONES", "OUTPUT_EXPOSURE")
    FILES = ()
    PRIMARY = "RIVERS"
    LINE = ("RIVERS", 0)
    POLYGON = ("FLOODPLAIN", 0)
    RASTER = "DEM"
    FIELDS = {"OUTPUT_ZONES": ["zone", "threshold_m", "label", "area_m2"],
              "OUTPUT_EXPOSURE": ["zone", "class", "area_m2", "count"]}

    def setup(self):
        a, b = self.xy(30.5, 29.5), self.xy(30.5, 0.5)
        self.vectors["RIVERS"] = VectorSpec("LineString", ["name:string"], [
            (f"LINESTRING({a[0]} {a[1]},{b[0]} {b[1]})", {"name": "Parthe"})], name="rivers")
        self.vectors["FLOODPLAIN"] = VectorSpec("Polygon", ["name:string"], [
            (self.rect(10, 5, 50, 25), {"name": "HQ100"})], name="official")
        self.vectors["EXPOSURE"] = VectorSpec("Polygon", ["klasse:string"], [
            (self.rect(23, 0, 38, 10), {"klasse": "Acker"}), (self.rect(38, 0, 46, 10), {"klasse": "Wald"})],
            name="exposure")
        d = np.abs(np.arange(61) - 30).astype(float)
        ox, oy = self.xy(0, 30)
        self.rasters["DEM"] = RasterSpec(np.repeat((100.0 + 0.13 * d)[None, :], 30, axis=0), ox, oy, 1.0, 1.0)
        self.params = {"THRESHOLDS": "1,2,3", "MAX_DISTANCE": 1000.0, "EXPOSURE_FIELD": "klasse"}
        self.outputs["OUTPUT_HEIGHT"] = str(self.out_dir / "height.tif")
        self.zones = {1: 450.0, 2: 480.0, 3: 480.0}
        self.official = [shapely.from_wkt(self.rect(10, 5, 50, 25))]
        self.exposure = [("Acker", shapely.from_wkt(self.rect(23, 0, 38, 10)), 1),
                         ("Wald", shapely.from_wkt(self.rect(38, 0, 46, 10)), 2)]
        self.rel = 1e-9

    def loosen(self):
        self.rel = max(self.rel, 1e-6)

    def set_target_shape(self, kind, shape):
        if kind == "polygon":
            self.official[0] = shape
            if shape is not None and not shape.equals(box(*shape.bounds)):
                self.rel = 1e-3

    def add_shape(self, kind, shape, attributes):
        if kind == "polygon" and shape is not None:
            self.official.append(shape)

    def expect_no_features(self, kind):
        if kind == "polygon":  # FLOODPLAIN is optional: no zone 0
            self.official = []
            return None
        return "error"

    def check(self, outcome):
        super().check(outcome)
        zones = {f["zone"]: f for f in features(outcome, "OUTPUT_ZONES")}
        expected = dict(self.zones)
        official = [s for s in self.official if s is not None and not s.is_empty]
        if official:
            expected[0] = shapely.union_all(official).area
        expected = {k: v for k, v in expected.items() if v > 0}
        assert sorted(zones) == sorted(expected)
        for zone, area in expected.items():
            assert zones[zone]["area_m2"] == approx(area, rel=self.rel), zone
        areas = {str(k): self.zones.get(k, 0.0) for k in (1, 2, 3)}
        if self.vectors.get("FLOODPLAIN") is not None:
            areas["0"] = expected.get(0, 0.0)
        assert json.loads(outcome.result["ZONE_AREAS"]) == pytest.approx(areas, rel=self.rel, abs=0.01)
        if self.exposure is not None and self.zones == {1: 450.0, 2: 480.0, 3: 480.0}:
            table = {(f["zone"], f["class"]): f for f in features(outcome, "OUTPUT_EXPOSURE")}
            for cls, shape, zone in self.exposure:
                assert table[(zone, cls)]["area_m2"] == approx(shape.area, rel=self.rel)
                assert table[(zone, cls)]["count"] == 1
                if official:
                    inside = shape.intersection(shapely.union_all(official)).area
                    if inside > 0:
                        assert table[(0, cls)]["area_m2"] == approx(inside, rel=self.rel)

    def attribute_case(self, case):
        spec = self.vectors["EXPOSURE"]
        if case == "missing_field":
            self.params["EXPOSURE_FIELD"] = "gibt_es_nicht"
            return "error"
        if case == "wrong_type":  # a number field as the class: the numbers become the classes
            spec.fields = ["klasse:double"]
            spec.rows = [(w, {"klasse": v}) for (w, _), v in zip(spec.rows, (1.5, 2.0))]
            self.exposure = [("1.5", self.exposure[0][1], 1), ("2.0", self.exposure[1][1], 2)]
            return None
        if case == "null_values":  # no class: the empty class
            spec.rows[0][1]["klasse"] = None
            self.exposure[0] = ("", self.exposure[0][1], 1)
            return None
        if case == "umlauts":
            spec.fields = ["Nutzungsklasse_ß:string"]
            spec.rows = [(w, {"Nutzungsklasse_ß": v}) for (w, _), v in zip(spec.rows, ("Grünland süß", "Wald (Größe)"))]
            self.params["EXPOSURE_FIELD"] = "Nutzungsklasse_ß"
            self.exposure = [("Grünland süß", self.exposure[0][1], 1), ("Wald (Größe)", self.exposure[1][1], 2)]
            return None
        if case == "negative_nan":  # class values -5 and NaN
            spec.fields = ["klasse:double"]
            spec.rows = [(w, {"klasse": v}) for (w, _), v in zip(spec.rows, (-5.0, float("nan")))]
            self.exposure = [("-5.0", self.exposure[0][1], 1), ("", self.exposure[1][1], 2)]
            return None
        raise NotApplicable(case)

    def raster_case(self, case):
        dem = self.rasters["DEM"]
        if case == "all_nodata":
            dem.values = np.full_like(dem.values, np.nan)
            return "error"
        if case == "nodata_holes":  # 3 × 3 cells d = 10..12 (zone 2) are nodata: zone 2 loses 9 m²
            dem.values[10:13, 40:43] = np.nan
            self.zones[2] = 471.0
            self.exposure = None
            return None
        if case == "one_cell":  # one 30 m cell holding the river: all of it is zone 1
            ox, oy = self.xy(15, 30)
            self.rasters["DEM"] = RasterSpec(np.array([[100.0]]), ox, oy, 30.0, 30.0)
            self.zones = {1: 900.0}
            self.exposure = None
            return None
        if case == "non_square":  # 1 m × 2 m cells: the same zones
            dem.values = dem.values[::2, :].copy()
            dem.dy = 2.0
            return None
        if case == "no_overlap":
            dem.x0 += 10000.0
            return "error"
        raise NotApplicable(case)


class CorridorWorld(World):
    """wertvoll:biotopecorridors with a RESISTANCE raster.

    11 × 11 cells of 10 m, upper-left corner at (0, 110) from the origin; resistance 1, column 5
    a wall of 100 except a channel at row 9. Patches A and B: 4 × 4 m squares in cells (5, 1)
    and (5, 9). By hand: the least-cost path runs 4 diagonal steps down to the channel and 4
    up: cost 8 × 10·√2 = 113.14. The expected cost of changed rasters comes from the
    independent Dijkstra :func:`least_cost`.
    """

    ALG = "biotopecorridors"
    SINKS = ("OUTPUT_LINKS", "OUTPUT_CORRIDORS", "OUTPUT_PATCHES", "OUTPUT_GAPS")
    PRIMARY = "PATCHES"
    POLYGON = ("PATCHES", 1)
    RASTER = "RESISTANCE"
    FIELDS = {
        "OUTPUT_LINKS": ["from_id", "to_id", "cost", "length_m", "euclid_m", "cost_per_length",
                         "mean_resistance", "max_resistance", "gap_m"],
        "OUTPUT_CORRIDORS": ["from_id", "to_id", "area_m2"],
        "OUTPUT_PATCHES": ["patch_id", "area_m2", "degree", "component", "dPC"],
        "OUTPUT_GAPS": ["from_id", "to_id", "length_m"],
    }

    def setup(self):
        values = np.ones((11, 11))
        values[:, 5] = 100.0
        values[9, 5] = 1.0
        ox, oy = self.xy(0, 110)
        self.rasters["RESISTANCE"] = RasterSpec(values, ox, oy, 10.0, 10.0)
        self.patches = [self.dot(5, 1), self.dot(5, 9)]
        self.vectors["PATCHES"] = VectorSpec("Polygon", ["pid:integer"], [
            (self.patches[0].wkt, {"pid": 1}), (self.patches[1].wkt, {"pid": 2})], name="patches")
        self.params = {"PATCH_ID_FIELD": "pid", "MIN_PATCH_AREA": 0.0}
        self.outputs["OUTPUT_CORRIDOR_RASTER"] = str(self.out_dir / "corridor.tif")
        self.ids = (1, 2)
        self.grid = None  # (values, x0, y0, dx, dy) of the resistance for the check; None: the raster

    def dot(self, row, col, half=2.0):
        x, y = self.xy((col + 0.5) * 10, 110 - (row + 0.5) * 10)
        return box(x - half, y - half, x + half, y + half)

    def set_target_shape(self, kind, shape):
        self.patches[1] = shape

    def skip_target(self, kind):
        return "error"  # patch B skipped: one patch, no link

    def check(self, outcome):
        super().check(outcome)
        if self.grid is None:
            spec = self.rasters["RESISTANCE"]
            grid = (np.asarray(spec.values, dtype=float), spec.x0, spec.y0, spec.dx, spec.dy)
        else:
            grid = self.grid
        cost = least_cost(*grid, [self.patches[0]], [self.patches[1]])
        links = features(outcome, "OUTPUT_LINKS")
        assert outcome.result["LINKS"] == len(links) == 1
        assert links[0]["cost"] == approx(cost, rel=1e-9)
        assert {links[0]["from_id"], links[0]["to_id"]} == set(self.ids)
        patches = {f["patch_id"]: f for f in features(outcome, "OUTPUT_PATCHES")}
        assert sorted(patches, key=str) == sorted(self.ids, key=str)
        for pid, shape in zip(self.ids, self.patches):  # the patch area is the polygon's, not its cells'
            assert patches[pid]["area_m2"] == approx(shape.area, rel=1e-3), pid
        assert outcome.result["COMPONENTS"] == 1
        assert len(features(outcome, "OUTPUT_CORRIDORS")) == 1

    def more_inputs(self):
        """The resistance from LANDUSE polygons (the raster's layout), so there are two vector inputs."""
        self.use_landuse(self.channel_landuse())
        self.vectors = {"PATCHES": self.vectors["PATCHES"], "LANDUSE": self.vectors["LANDUSE"]}
        self.grid = self.landuse_grid()

    def crs_case(self, case):
        expect = super().crs_case(case)
        if case == "each_different":  # the analysis runs in the CRS of LANDUSE: keep it on the grid
            self.vectors["LANDUSE"].crs = CRS
        return expect

    def use_landuse(self, rows, fields=("widerstand:double",), field_name="widerstand"):
        """Resistance from LANDUSE polygons at CELL_SIZE 10 instead of the raster."""
        self.rasters["RESISTANCE"] = None
        self.vectors["LANDUSE"] = VectorSpec("Polygon", list(fields), rows, name="landuse")
        self.params.update(RESISTANCE_FIELD=field_name, CELL_SIZE=10.0)

    def channel_landuse(self, field_name="widerstand", open_value=1.0, wall_value=100.0):
        """The raster's layout as polygons: ground, then the wall in two parts around the channel."""
        return [(self.rect(0, 0, 110, 110), {field_name: open_value}),
                (self.rect(50, 20, 60, 110), {field_name: wall_value}),
                (self.rect(50, 0, 60, 10), {field_name: wall_value})]

    def landuse_grid(self, open_value=1.0, wall_value=100.0, default=50.0, block=None):
        values = np.full((11, 11), open_value, dtype=float)
        values[:, 5] = wall_value
        values[9, 5] = open_value
        if block is not None:
            values[block] = default
        ox, oy = self.xy(0, 110)
        return (values, ox, oy, 10.0, 10.0)

    def attribute_case(self, case):
        if case == "missing_field":
            self.params["PATCH_ID_FIELD"] = "gibt_es_nicht"
            return "error"
        if case == "wrong_type":  # resistance numbers stored as text: codes missing from the table
            self.use_landuse(self.channel_landuse("widerstand", "1", "100"), ("widerstand:string",))
            self.grid = self.landuse_grid(50.0, 50.0)  # every code unknown: DEFAULT_RESISTANCE 50
            self.expect_warnings.append("not in the resistance table get the default resistance 50: 1 (1), 100 (2)")
            return None
        if case == "null_values":  # the wall without resistance: DEFAULT_RESISTANCE 50
            self.use_landuse(self.channel_landuse("widerstand", 1.0, None))
            self.grid = self.landuse_grid(1.0, 50.0)
            self.expect_warnings.append("2 land-use features have no resistance (NULL)")
            return None
        if case == "umlauts":
            spec = self.vectors["PATCHES"]
            spec.fields = ["Kernfläche_ß:string"]
            self.ids = ("Auwald Süd", "Großer Teich")
            spec.rows = [(w, {"Kernfläche_ß": i}) for (w, _), i in zip(spec.rows, self.ids)]
            self.params["PATCH_ID_FIELD"] = "Kernfläche_ß"
            return None
        if case == "missing_codes":  # own table; one block with a code missing from it: default 50
            table = self.folder / "widerstand.csv"
            table.write_text("code;label;resistance\nwald;Wald;1\nacker;Acker (groß);100\n", encoding="utf-8")
            rows = self.channel_landuse("nutzung", "wald", "acker")
            rows.append((self.rect(0, 90, 20, 110), {"nutzung": "Grünland_süß"}))
            self.use_landuse(rows, ("nutzung:string",), "nutzung")
            self.params["RESISTANCE_TABLE"] = str(table)
            self.grid = self.landuse_grid(block=(slice(0, 2), slice(0, 2)))
            self.expect_warnings.append("default resistance 50: Grünland_süß (1)")
            return None
        if case == "negative_nan":
            rows = self.channel_landuse()
            rows[1][1]["widerstand"] = -5.0
            rows[2][1]["widerstand"] = float("nan")
            self.use_landuse(rows)
            return "error"
        raise NotApplicable(case)

    def raster_case(self, case):
        spec = self.rasters["RESISTANCE"]
        if case == "all_nodata":
            spec.values = np.full_like(spec.values, np.nan)
            return "error"
        if case == "nodata_holes":  # a hole on the least-cost path: the path goes round it
            spec.values[7, 3] = np.nan
            return None
        if case == "one_cell":  # one cell holding both patches: no link to find
            spec.values = np.array([[1.0]])
            spec.dx = spec.dy = 110.0
            return "error"
        if case == "non_square":  # 10 m × 5 m cells, every row doubled
            spec.values = np.repeat(spec.values, 2, axis=0)
            spec.dy = 5.0
            return None
        if case == "no_overlap":
            spec.x0 += 10000.0
            return "error"
        raise NotApplicable(case)


class ReportWorld(World):
    """wertvoll:report, template kompensation, from a screening-like candidate layer.

    Three candidates (metres from the origin, 100 m squares): uplift 80,000 (selected),
    70,000 (selected) and 25,000 points; by hand: 3 candidates, 175,000 points, 150,000
    selected. Maps only where the geometry matters (geometry and CRS cases): they are slow.
    """

    ALG = "report"
    FILES = ("OUTPUT_HTML", "OUTPUT_DOCX")
    PRIMARY = "COMPENSATION"
    POLYGON = ("COMPENSATION", 0)
    FIELD_SPEC = ["municipality:string", "area_m2:double", "uplift_pts:double", "score:double", "rank:integer",
                  "selected:boolean", "share_water:double", "share_flood:double", "share_riparian:double",
                  "share_corridor:double", "landuse_label:string", "measure:string", "notes:string"]

    def setup(self):
        rows = []
        for i, (muni, uplift, selected) in enumerate((("Wurzen", 80000.0, True), ("Wurzen", 70000.0, True),
                                                      ("Bennewitz", 25000.0, False))):
            rows.append((self.rect(i * 200, 0, i * 200 + 100, 100), {
                "municipality": muni, "area_m2": 10000.0, "uplift_pts": uplift, "score": 1.0 - i / 10,
                "rank": i + 1, "selected": selected, "share_water": 0.0, "share_flood": 0.0,
                "share_riparian": 0.0, "share_corridor": 0.0, "landuse_label": "Acker",
                "measure": "Grünland", "notes": ""}))
        self.vectors["COMPENSATION"] = VectorSpec("Polygon", list(self.FIELD_SPEC), rows, name="kandidaten")
        self.params = {"TEMPLATE": "kompensation", "FIELDS": json.dumps({"author": "Test"}), "MAPS": False}
        self.expected = {"count": 3, "uplift": 175000.0, "selected": 150000.0}
        self.texts = []

    def set_target_shape(self, kind, shape):
        self.params["MAPS"] = True

    def crs_case(self, case):
        self.params["MAPS"] = True
        super().crs_case(case)
        return None  # the report reads attributes; a layer without CRS is drawn as it is

    def more_inputs(self):
        """Template gewaesser with three spatial slots: strips 0.8 ha, corridors, zones 3 ha."""
        self.vectors = {
            "STRIPS": VectorSpec("Polygon", ["zone:string", "band_from_m:double", "band_to_m:double", "rule:string",
                                             "area_m2:double"], [
                (self.rect(0, 0, 10, 500), {"zone": "outside", "band_from_m": 0, "band_to_m": 5, "rule": "r",
                                            "area_m2": 5000.0}),
                (self.rect(10, 0, 20, 300), {"zone": "outside", "band_from_m": 5, "band_to_m": 10, "rule": "r",
                                             "area_m2": 3000.0})], name="streifen"),
            "CORRIDORS_RIVER": VectorSpec("Polygon", ["corridor_width_m:double", "area_m2:double"], [
                (self.rect(0, 0, 35, 200), {"corridor_width_m": 35.0, "area_m2": 7000.0})], name="korridore"),
            "FLOOD_ZONES": VectorSpec("Polygon", ["zone:integer", "threshold_m:double", "label:string",
                                                  "area_m2:double"], [
                (self.rect(0, 0, 100, 100), {"zone": 1, "threshold_m": 1.0, "label": "bis 1 m", "area_m2": 10000.0}),
                (self.rect(100, 0, 300, 100), {"zone": 2, "threshold_m": 2.0, "label": "1-2 m",
                                                "area_m2": 20000.0})], name="zonen"),
        }
        self.params["TEMPLATE"] = "gewaesser"
        self.expected = {"strips_ha": 0.8, "zones_ha": 3.0}

    def skip_target(self, kind):
        """The report reads attribute rows, whatever the geometry: every candidate counts."""
        self.params["MAPS"] = True
        return None

    def abort_target(self, kind):
        return self.skip_target(kind)

    def add_shape(self, kind, shape, attributes):
        """The report reads attributes: a feature without geometry still counts."""
        self.expected["count"] += 1
        self.expected["uplift"] += attributes["uplift_pts"]
        self.expected["selected"] += attributes["uplift_pts"] if attributes["selected"] else 0.0

    def check(self, outcome):
        html = Path(outcome.result["OUTPUT_HTML"])
        word = Path(outcome.result["OUTPUT_DOCX"])
        assert html.is_file() and word.is_file()
        text = html.read_text(encoding="utf-8")
        rows = report_rows(text)
        if self.params["TEMPLATE"] == "gewaesser":
            assert not outcome.warnings, outcome.warnings  # the strips' text zone is no number to warn about
            assert german_number(report_value(rows, "Gewässerrandstreifen (ha)")) == self.expected["strips_ha"]
            assert german_number(report_value(rows, "Hochwasserzonen (ha)")) == self.expected["zones_ha"]
            assert "data:image/png;base64," in text
            return
        assert german_number(report_value(rows, "Kandidatenflächen")) == self.expected["count"]
        assert german_number(report_value(rows, "Aufwertung (Wertpunkte)")) == self.expected["uplift"]
        assert german_number(report_value(rows, "Ausgewählt (Wertpunkte)")) == self.expected["selected"]
        if self.params.get("MAPS"):
            assert "data:image/png;base64," in text
        for fragment in self.texts:
            assert fragment in text

    def attribute_case(self, case):
        spec = self.vectors["COMPENSATION"]
        if case == "missing_field":
            spec.fields = [f for f in spec.fields if not f.startswith("uplift_pts")]
            spec.rows = [(w, {k: v for k, v in a.items() if k != "uplift_pts"}) for w, a in spec.rows]
            return "error"
        if case == "wrong_type":  # uplift as text: numbers in text count, other text counts 0
            spec.fields = [f.replace("uplift_pts:double", "uplift_pts:string") for f in spec.fields]
            for (_, a), v in zip(spec.rows, ("80000", "viel", "25000")):
                a["uplift_pts"] = v
            self.expected.update(uplift=105000.0, selected=80000.0)
            self.expect_warnings.append("holds text that is not a number in uplift_pts (1×)")
            return None
        if case == "null_values":
            spec.rows[1][1].update(uplift_pts=None, municipality=None, selected=None)
            self.expected.update(uplift=105000.0, selected=80000.0)
            return None
        if case == "umlauts":
            spec.fields = spec.fields + ["Bemerkung_ä:string"]
            spec.rows[0][1].update({"municipality": "Großpösna", "measure": "Grünland süß",
                                    "Bemerkung_ä": "Straße"})
            self.texts = ["Großpösna", "Grünland süß"]
            return None
        if case == "missing_codes":  # a choice value the template does not list
            self.params["FIELDS"] = json.dumps({"author": "Test", "status": "gibt_es_nicht"})
            return "error"
        if case == "negative_nan":
            spec.rows[1][1]["uplift_pts"] = float("nan")
            spec.rows[2][1]["uplift_pts"] = -5000.0
            self.expected.update(uplift=75000.0, selected=80000.0)
            return None
        raise NotApplicable(case)


WORLDS = {w.ALG: w for w in (ScreeningWorld, RiparianWorld, FloodWorld, CorridorWorld, ReportWorld)}
ALGORITHMS = tuple(WORLDS)
#: a Shapefile's cut field name -> WERTvoll's name
_LONG_NAMES = {shapefile_name(n): n for w in WORLDS.values() for names in w.FIELDS.values() for n in names}


def report_rows(html):
    return table_rows(html)


def report_value(rows, label):
    for row in rows:
        if row and row[0] == label:
            return row[1]
    raise AssertionError(f"{label!r} not in the report")


def german_number(text):
    return float(text.replace(".", "").replace(",", "."))


@pytest.fixture
def world_of(provider, tmp_path):
    """world_of(algorithm, origin=ORIGIN) -> a fresh world in its own folder."""
    counter = [0]

    def make(algorithm, origin=ORIGIN):
        counter[0] += 1
        return WORLDS[algorithm](tmp_path / f"w{counter[0]}", origin)

    return make


# --------------------------------------------------------------------------------------------
# running a case

_LOG = {}


def run_world(world, expect, project_layers, label):
    """Run *world*; *expect* 'error' (a clear QgsProcessingException) or None (the hand result).

    With WERTVOLL_MATRIX_LOG=<file.json> every outcome is written there (docs/robustness.md).
    """
    import os

    outcome = world.run(project_layers)
    _LOG[label] = {"error": outcome.error, "warnings": list(outcome.feedback.warnings),
                   "seconds": round(outcome.seconds, 3)}
    if os.environ.get("WERTVOLL_MATRIX_LOG"):
        path = Path(os.environ["WERTVOLL_MATRIX_LOG"])
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        old.update(_LOG)
        path.write_text(json.dumps(old, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    if expect == "error":
        assert outcome.error is not None, "expected a clear error, got a result"
    else:
        assert outcome.error is None, f"expected a result, got the error: {outcome.error}"
        world.check(outcome)
        for fragment in world.expect_warnings:
            assert any(fragment in w for w in outcome.warnings), (fragment, outcome.warnings)
    return outcome
