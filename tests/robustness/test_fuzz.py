"""Fuzzing the geometry handling with hypothesis (issue #9).

Generated polygons, valid and invalid — random rings, bow-ties, spikes, duplicate and
collinear points, holes outside or across their shell, overlapping multipolygon parts,
degenerate and empty rings — with coordinates from 1 mm to 100 km across, placed near 0,
at UTM values and near 10,000 km, go as parcels (and exclusions) through
wertvoll:compensationscreening and as water polygons, river lines and built-up areas through
wertvoll:riparianstrips. The layers are read with "do not filter invalid geometries", so every
geometry reaches the kernels. A run must either finish or raise QgsProcessingException (a
clear message), and every output geometry must be GEOS-valid.

Reproducible and bounded for CI: derandomize=True (the examples follow from the test's
name, no random seed), 40 examples per test, no example database, no deadline.
"""
import processing
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis.control import currently_in_test_context
from hypothesis import strategies as st
from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsVectorLayer,
)

MAX_EXAMPLES = 40
SETTINGS = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
CODES = ("43001_1010", "43001_1020", "43001_1200", "43002", "41001", "99999", None)

#: where the shapes sit (0, UTM 33N around Leipzig, far out) and how big they are (m per unit)
ORIGINS = st.sampled_from([(0.0, 0.0), (341000.0, 5695000.0), (9.9e6, 9.9e6), (-5.0e5, 1.2e6)])
SIZES = st.sampled_from([1e-3, 0.5, 20.0, 250.0, 5000.0, 1e5])
UNITS = st.integers(-10, 10)  # a coarse grid: duplicates, collinear points and touching edges are common


def _coords(origin, size, points):
    ox, oy = origin
    return [(ox + size * x, oy + size * y) for x, y in points]


def _ring(coords, close=True):
    if close and coords and coords[0] != coords[-1]:
        coords = coords + [coords[0]]
    return "(" + ",".join(f"{x!r} {y!r}" for x, y in coords) + ")"


@st.composite
def shapes(draw):
    """(kind, unit points): one polygon shape on the unit grid."""
    kind = draw(st.sampled_from(["random", "square", "bowtie", "spike", "duplicates", "collinear", "hole_outside",
                                 "hole_crossing", "touching_hole", "tiny_triangle", "unclosed"]))
    if kind == "random":
        return kind, [draw(st.lists(st.tuples(UNITS, UNITS), min_size=3, max_size=12))]
    x0, y0 = draw(UNITS), draw(UNITS)
    w, h = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    square = [(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)]
    if kind == "square":
        return kind, [square]
    if kind == "bowtie":
        return kind, [[(x0, y0), (x0 + w, y0 + h), (x0 + w, y0), (x0, y0 + h)]]
    if kind == "spike":
        return kind, [[(x0, y0), (x0 + w, y0), (x0 + w + 9, y0 + h / 2.0), (x0 + w, y0 + h / 2.0),
                       (x0 + w, y0 + h), (x0, y0 + h)]]
    if kind == "duplicates":
        return kind, [[square[0], square[0], square[1], square[1], square[2], square[3], square[3]]]
    if kind == "collinear":
        return kind, [[(x0, y0), (x0 + w, y0), (x0 + 2 * w, y0)]]
    if kind == "hole_outside":
        return kind, [square, [(x0 + w + 1, y0), (x0 + w + 2, y0), (x0 + w + 2, y0 + 1)]]
    if kind == "hole_crossing":
        return kind, [square, [(x0 - 1, y0 + h / 4.0), (x0 + w + 1, y0 + h / 4.0), (x0 + w + 1, y0 + h / 2.0),
                               (x0 - 1, y0 + h / 2.0)]]
    if kind == "touching_hole":
        return kind, [square, [(x0, y0), (x0 + w / 2.0, y0 + h / 2.0), (x0 + w / 2.0, y0)]]
    if kind == "tiny_triangle":
        return kind, [[(x0, y0), (x0 + 1e-9, y0), (x0, y0 + 1e-9)]]
    return kind, [square]  # unclosed: written without its closing point


@st.composite
def polygon_wkts(draw, allow_multi=True):
    """WKT of one polygon or multipolygon, valid or not, at a drawn origin and size."""
    origin, size = draw(ORIGINS), draw(SIZES)
    parts = [draw(shapes()) for _ in range(draw(st.integers(1, 3 if allow_multi else 1)))]
    rendered = []
    for kind, rings in parts:
        rendered.append("(" + ",".join(_ring(_coords(origin, size, r), close=kind != "unclosed")
                                       for r in rings) + ")")
    if len(rendered) == 1 and draw(st.booleans()):
        return "POLYGON" + rendered[0]
    return "MULTIPOLYGON(" + ",".join(rendered) + ")"


@st.composite
def line_wkts(draw):
    """WKT of a line: random, zero-length, self-crossing, back and forth, or a multi-line."""
    origin, size = draw(ORIGINS), draw(SIZES)
    kind = draw(st.sampled_from(["random", "zero", "back_and_forth", "multi"]))
    if kind == "zero":
        p = (draw(UNITS), draw(UNITS))
        points = [[p, p]]
    elif kind == "back_and_forth":
        a, b = (draw(UNITS), draw(UNITS)), (draw(UNITS), draw(UNITS))
        points = [[a, b, a, b]]
    else:
        count = 2 if kind == "multi" else 1
        points = [draw(st.lists(st.tuples(UNITS, UNITS), min_size=2, max_size=8)) for _ in range(count)]
    rings = [_ring(_coords(origin, size, p), close=False) for p in points]
    return ("MULTILINESTRING(" + ",".join(rings) + ")") if len(rings) > 1 else "LINESTRING" + rings[0]


def layer_from_wkts(kind, wkts, fields=(), values=None, name="fuzz"):
    """A memory layer in EPSG:25833 with one feature per WKT (an unparsable WKT gives a NULL geometry)."""
    layer = QgsVectorLayer(f"{kind}?crs=EPSG:25833" + "".join(f"&field={f}" for f in fields), name, "memory")
    features = []
    for index, wkt in enumerate(wkts):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        if values is not None:
            feature.setAttributes(list(values[index]))
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)
    return layer


def _event(text):
    """A hypothesis event (pytest --hypothesis-show-statistics lists them); nothing outside @given."""
    if currently_in_test_context():
        event(text)


def run_fuzzed(alg_id, params):
    """Run with invalid geometries passed through; the outputs, or None for a QgsProcessingException."""
    context = QgsProcessingContext()
    context.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
    try:
        return processing.run(alg_id, params, context=context, feedback=QgsProcessingFeedback())
    except QgsProcessingException as error:
        # the one allowed failure: a clear message for the planner. QGIS wraps any other Python
        # exception of processAlgorithm into a QgsProcessingException holding the traceback.
        assert "Traceback" not in str(error), str(error)[-1500:]
        _event(f"QgsProcessingException: {str(error)[:70]}")
        return None


def invalid_outputs(result, keys):
    """Output features whose geometry is empty or not GEOS-valid, as (key, WKT) pairs."""
    if result is None:
        return []
    bad = []
    _event(f"outcome: {'features' if result[keys[0]].featureCount() else 'no features'}")
    for key in keys:
        layer = result[key]
        for feature in layer.getFeatures():
            geometry = feature.geometry()
            if geometry.isNull():
                continue
            if geometry.isEmpty() or not geometry.isGeosValid():
                bad.append((key, geometry.asWkt(6)[:300]))
    return bad


def test_print_settings():
    print(f"hypothesis: max_examples={MAX_EXAMPLES}, derandomize=True (fixed examples, no seed), "
          "database=None, deadline=None")


@SETTINGS
@given(parcels=st.lists(polygon_wkts(), min_size=1, max_size=6), codes=st.data(),
       exclusion=st.one_of(st.none(), polygon_wkts()))
def test_screening_survives_generated_polygons(provider, parcels, codes, exclusion):
    values = [(codes.draw(st.sampled_from(CODES)), codes.draw(st.one_of(st.none(), st.integers(7, 100))))
              for _ in parcels]
    layer = layer_from_wkts("MultiPolygon", parcels, ["nutzung:string", "bz:integer"], values, "parcels")
    params = {"INPUT": layer, "LANDUSE_FIELD": "nutzung", "SOIL_FIELD": "bz", "MIN_AREA": 0,
              "OUTPUT": "memory:", "OUTPUT_SUMMARY": "memory:"}
    if exclusion is not None:
        params["EXCLUSIONS"] = [layer_from_wkts("MultiPolygon", [exclusion], name="exclusion")]
        params["WATER_PROTECTION"] = layer_from_wkts("MultiPolygon", [exclusion], name="water")
    result = run_fuzzed("wertvoll:compensationscreening", params)
    assert invalid_outputs(result, ["OUTPUT"]) == []


@SETTINGS
@given(water=st.lists(polygon_wkts(), min_size=1, max_size=5), builtup=st.one_of(st.none(), polygon_wkts()),
       dissolve=st.booleans())
def test_strips_survive_generated_water_polygons(provider, water, builtup, dissolve):
    params = {"INPUT": layer_from_wkts("MultiPolygon", water, name="water"), "DISSOLVE": dissolve,
              "OUTPUT_STRIPS": "memory:", "OUTPUT_CORRIDORS": "memory:", "OUTPUT_LANDUSE": "memory:"}
    if builtup is not None:
        params["BUILTUP"] = layer_from_wkts("MultiPolygon", [builtup], name="builtup")
    result = run_fuzzed("wertvoll:riparianstrips", params)
    assert invalid_outputs(result, ["OUTPUT_STRIPS", "OUTPUT_CORRIDORS"]) == []


@SETTINGS
@given(lines=st.lists(line_wkts(), min_size=1, max_size=5), widths=st.data(),
       landuse=st.one_of(st.none(), polygon_wkts()))
def test_strips_survive_generated_river_lines(provider, lines, widths, landuse):
    values = [(widths.draw(st.one_of(st.none(), st.sampled_from([0.0, 0.5, 4.0, 60.0]))),) for _ in lines]
    params = {"INPUT": layer_from_wkts("MultiLineString", lines, ["breite:double"], values, "rivers"),
              "CHANNEL_WIDTH_FIELD": "breite", "OUTPUT_STRIPS": "memory:", "OUTPUT_CORRIDORS": "memory:",
              "OUTPUT_LANDUSE": "memory:"}
    if landuse is not None:
        params["LANDUSE"] = layer_from_wkts("MultiPolygon", [landuse], ["code:string"], [("43001_1010",)], "lu")
        params["LANDUSE_FIELD"] = "code"
    result = run_fuzzed("wertvoll:riparianstrips", params)
    assert invalid_outputs(result, ["OUTPUT_STRIPS", "OUTPUT_CORRIDORS"]) == []


@pytest.mark.parametrize("wkt", [
    "POLYGON((0 0,10 10,10 0,0 10,0 0))",  # bow-tie
    "POLYGON((0 0,10 0,10 10,0 10))",  # unclosed
    "POLYGON((0 0,1e-9 0,0 1e-9,0 0))",  # nearly nothing
    "POLYGON((341000 5695000,341100 5695000,341100 5695100,341000 5695100,341000 5695000),"
    "(340990 5695020,341110 5695020,341110 5695040,340990 5695040,340990 5695020))",  # hole across the shell
])
def test_known_bad_polygons(provider, wkt):
    """The classic broken shapes once each, also as plain examples (quick to read when one fails)."""
    layer = layer_from_wkts("MultiPolygon", [wkt], ["nutzung:string"], [("43001_1010",)], "parcels")
    result = run_fuzzed("wertvoll:compensationscreening", {
        "INPUT": layer, "LANDUSE_FIELD": "nutzung", "MIN_AREA": 0, "OUTPUT": "memory:", "OUTPUT_SUMMARY": "memory:"})
    if result is not None:
        assert invalid_outputs(result, ["OUTPUT"]) == []
    water = run_fuzzed("wertvoll:riparianstrips", {"INPUT": layer_from_wkts("MultiPolygon", [wkt]),
                                                   "OUTPUT_STRIPS": "memory:", "OUTPUT_CORRIDORS": "memory:"})
    if water is not None:
        assert invalid_outputs(water, ["OUTPUT_STRIPS", "OUTPUT_CORRIDORS"]) == []


def test_builtup_area_far_from_every_river_with_several_tiles(provider, monkeypatch):
    """Found by fuzzing: built-up areas that reach none of the dissolve tiles (kernels/riparian.py
    _Tiles.union) raised an IndexError. Small tiles make the small example use several of them."""
    from wertvoll.kernels import riparian

    monkeypatch.setattr(riparian, "TILE_VERTICES", 20)
    rivers = layer_from_wkts("MultiPolygon", ["POLYGON((0 0,100 0,100 10,0 10,0 0))"], name="water")
    builtup = layer_from_wkts("MultiPolygon", ["POLYGON((5000 5000,5100 5000,5100 5100,5000 5000))"], name="bu")
    result = run_fuzzed("wertvoll:riparianstrips", {"INPUT": rivers, "BUILTUP": builtup, "OUTPUT_STRIPS": "memory:",
                                                    "OUTPUT_CORRIDORS": "memory:"})
    assert result is not None and result["OUTPUT_STRIPS"].featureCount() > 0
    assert invalid_outputs(result, ["OUTPUT_STRIPS", "OUTPUT_CORRIDORS"]) == []
