"""wertvoll:riparianstrips through Processing (issue 17): the strip from the top of the bank, exempt waters,
the WHG §38a band on farmland only, and the real Leipzig streams; expected values by hand.

Ditch (EPSG:25833, metres): axis (0,0)-(1000,0), field breite = 2 m (water line at |y| = 1).
    default bank rule 1 m × 1.5 = 1.5 m (assumptions): top of the bank at |y| = 2.5,
        band 0-5: 2·5·1000 + π(7.5² − 2.5²) = 10,000 + 50π
    BANK_HEIGHT 2, BANK_SLOPE 1.5: 3 m, top of the bank at |y| = 4,
        band 0-5: 2·5·1000 + π(9² − 4²) = 10,000 + 65π; nothing at |y| < 4
(8 segments per quarter circle at the round ends: rel=2e-3.)
"""
import math

import processing
import pytest
from qgis.core import QgsGeometry, QgsProcessingContext, QgsProcessingException, QgsVectorLayer

from layers import WarningFeedback, memory_layer, output_layer, skipping_invalid, square

DITCH = "LINESTRING(0 0, 1000 0)"


def ditches(rows=None):
    rows = rows or [(DITCH, {"gew_id": 1, "breite": 2.0, "typ": "Bach", "boeschung": None})]
    return memory_layer("LineString", "EPSG:25833", ["gew_id:integer", "breite:double", "typ:string",
                                                     "boeschung:double"], rows, "ditches")


def run(params, feedback=None):
    context = QgsProcessingContext()
    base = {"OUTPUT_STRIPS": "memory:", "OUTPUT_CORRIDORS": "memory:", "OUTPUT_LANDUSE": "memory:",
            "CHANNEL_WIDTH_FIELD": "breite"}
    base.update(params)
    feedback = feedback or WarningFeedback()
    result = processing.run("wertvoll:riparianstrips", base, context=context, feedback=feedback)
    return result, output_layer(result, context, "OUTPUT_STRIPS"), feedback


def by_band(layer):
    return {(f["zone"], f["band_from_m"], f["slope_band"]): f for f in layer.getFeatures()}


def area_in(feature, xmin, ymin, xmax, ymax):
    return feature.geometry().intersection(QgsGeometry.fromWkt(square(xmin, ymin, xmax, ymax))).area()


def test_default_bank_rule(provider):
    result, layer, feedback = run({"INPUT": ditches()})
    inner = by_band(layer)[("outside", 0.0, False)]
    assert inner["area_m2"] == pytest.approx(10000 + 50 * math.pi, rel=2e-3)
    assert area_in(inner, 100, -2.5, 900, 2.5) == pytest.approx(0, abs=1e-6)
    assert {f["bank_source"] for f in layer.getFeatures()} == {"rule"}
    assert any("rule = 1.5 m per side" in t and "rule: 1" in t for t in feedback.infos), feedback.infos


def test_ditch_two_metres_deep_with_banks_one_to_one_and_a_half(provider):
    result, layer, _ = run({"INPUT": ditches(), "BANK_HEIGHT": 2.0, "BANK_SLOPE": 1.5})
    inner = by_band(layer)[("outside", 0.0, False)]
    assert inner["area_m2"] == pytest.approx(10000 + 65 * math.pi, rel=2e-3)
    assert area_in(inner, 100, -4, 900, 4) == pytest.approx(0, abs=1e-6)
    assert area_in(inner, 100, 4, 900, 9) == pytest.approx(5 * 800, rel=1e-9)   # 5 m beyond the bank top


def test_bank_width_field_and_bank_areas(provider):
    rows = [(DITCH, {"gew_id": 1, "breite": 2.0, "typ": "Bach", "boeschung": 3.0}),
            ("LINESTRING(0 1000, 1000 1000)", {"gew_id": 2, "breite": 2.0, "typ": "Bach", "boeschung": None})]
    banks = memory_layer("Polygon", "EPSG:25833", [], [(square(-10, 997.5, 1010, 1002.5), {})], "banks")
    result, layer, feedback = run({"INPUT": ditches(rows), "BANK_WIDTH_FIELD": "boeschung", "BANK_AREAS": banks,
                                   "DISSOLVE": False})
    features = {(f["gew_id"], f["band_from_m"]): f for f in layer.getFeatures()}
    first = features[(1, 0.0)]
    assert first["bank_source"] == "field"
    assert area_in(first, 100, -4, 900, 4) == pytest.approx(0, abs=1e-6)    # field: 1 + 3 m
    second = features[(2, 0.0)]
    assert second["bank_source"] == "line"
    assert area_in(second, 100, 997.5, 900, 1002.5) == pytest.approx(0, abs=1e-6)
    assert area_in(second, 100, 1002.5, 900, 1007.5) == pytest.approx(5 * 800, rel=1e-9)
    assert any("line: 1" in t and "field: 1" in t for t in feedback.infos), feedback.infos


def test_exempt_waters(provider):
    """A 300 m road-side ditch (width 0, exempt): before 2·10·300 + π·10² of strip, after none."""
    rows = [(DITCH, {"gew_id": 1, "breite": 2.0, "typ": "Bach"}),
            ("LINESTRING(0 1000, 300 1000)", {"gew_id": 2, "breite": 0.0, "typ": "Straßenseitengraben"})]
    before, _, _ = run({"INPUT": ditches(rows), "BANK_HEIGHT": 0})
    alone, _, _ = run({"INPUT": ditches(rows[:1]), "BANK_HEIGHT": 0})
    assert before["STRIP_AREA"] - alone["STRIP_AREA"] == pytest.approx(6000 + 100 * math.pi, rel=2e-3)
    after, layer, feedback = run({"INPUT": ditches(rows), "BANK_HEIGHT": 0,
                                  "EXEMPT_EXPRESSION": "\"typ\" = 'Straßenseitengraben'"})
    assert after["STRIP_AREA"] == pytest.approx(alone["STRIP_AREA"], rel=1e-9)
    assert after["RIVER_LENGTH"] == pytest.approx(1000.0)
    assert any("1 waters exempt" in t and "SächsWG §1(2)" in t and "300 m" in t for t in feedback.infos)
    with pytest.raises(QgsProcessingException):
        run({"INPUT": ditches(rows), "EXEMPT_EXPRESSION": "\"typ\" = "})


def slope_dem(tmp_path):
    """2 m cells, z = 0.08·y north of the axis (8 % towards the water), flat to the south."""
    import numpy as np
    from qgis.core import QgsCoordinateReferenceSystem
    from wertvoll.algorithms.raster_io import write_raster
    from wertvoll.kernels.grid import Grid

    y = 200 - (np.arange(200) + 0.5) * 2.0
    z = np.where(y > 0, 0.08 * y, 0.0)
    path = tmp_path / "dem.tif"
    write_raster(path, Grid(np.repeat(z[:, None], 700, axis=1), -200.0, 200.0, 2.0, 2.0),
                 QgsCoordinateReferenceSystem("EPSG:25833"))
    return str(path)


def test_slope_band_on_farmland_only(provider, tmp_path):
    """Channel 10 m, bank 0. North: arable 43001_1010 for x < 400, forest 43002 beyond. Slope band
    5 m × 400 m = 2,000 m² on the farmland; without land use 5 × 1,000 = 5,000 m² on all land."""
    dem = slope_dem(tmp_path)
    rows = [(DITCH, {"gew_id": 1, "breite": 10.0})]
    landuse = memory_layer("Polygon", "EPSG:25833", ["nutzung:string"], [
        (square(0, 0, 400, 100), {"nutzung": "43001_1010"}), (square(400, 0, 1000, 100), {"nutzung": "43002"})])
    _, layer, feedback = run({"INPUT": ditches(rows), "BANK_HEIGHT": 0, "DEM": dem, "LANDUSE": landuse,
                              "LANDUSE_FIELD": "nutzung", "CORRIDOR": False})
    slope = by_band(layer)[("outside", 0.0, True)]
    assert slope["area_m2"] == pytest.approx(2000, rel=1e-6)
    assert slope["slope_scope"] == "farmland"
    assert any("farmland only" in t and "43001" in t for t in feedback.infos), feedback.infos
    _, layer, feedback = run({"INPUT": ditches(rows), "BANK_HEIGHT": 0, "DEM": dem, "CORRIDOR": False})
    slope = by_band(layer)[("outside", 0.0, True)]
    assert slope["area_m2"] == pytest.approx(5000, rel=1e-6)
    assert slope["slope_scope"] == "all land (no land use given)"
    assert any("No land use given" in t for t in feedback.infos), feedback.infos


# --------------------------------------------------------------------------- real data

def stream_lines(path):
    """The stream lines as shapely geometries, read with QGIS (the one single-point line left out)."""
    import shapely

    layer = QgsVectorLayer(path, "streams", "ogr")
    assert layer.isValid()
    lines = [shapely.from_wkt(f.geometry().asWkt(), on_invalid="ignore") for f in layer.getFeatures()]
    return [g for g in lines if g is not None and g.length > 0]


def strips_geometry(layer):
    import shapely

    return shapely.union_all([shapely.from_wkt(f.geometry().asWkt()) for f in layer.getFeatures()])


def test_real_streams_strip_area_equals_an_independent_buffer(provider, real_data):
    """The 254 DGM200 stream lines (no width: the water line is the line) with the default bank rule:
    the strips are the land between 1.5 and 11.5 m from the lines, i.e.
    union(buffer(lines, 11.5)) − union(buffer(lines, 1.5)), computed here with shapely (32 segments per
    quarter circle; the plugin uses 8: measured 0.006 % apart, tolerance 0.1 %). From the water line
    (BANK_HEIGHT 0) the strips cover the land within 1.5 m of the lines (the assumed bank); with the
    rule none of it."""
    import shapely

    path = str(real_data / "leipzig_streams_dgm200.gpkg") + "|layername=streams"
    lines = stream_lines(path)
    assert len(lines) == 253
    context = QgsProcessingContext()
    params = {"INPUT": skipping_invalid(path), "OUTPUT_STRIPS": "memory:", "OUTPUT_CORRIDORS": "memory:",
              "OUTPUT_LANDUSE": "memory:", "DEM": str(real_data / "DGM200_leipzig_window_25833.tif")}
    result = processing.run("wertvoll:riparianstrips", params, context=context, feedback=WarningFeedback())
    union = shapely.union_all(lines)
    bank = shapely.buffer(union, 1.5, quad_segs=32)

    def ring(inner, outer):
        return shapely.area(shapely.difference(shapely.buffer(union, outer, quad_segs=32),
                                               shapely.buffer(union, inner, quad_segs=32)))

    assert result["STRIP_AREA"] == pytest.approx(ring(1.5, 11.5), rel=1e-3)
    layer = output_layer(result, context, "OUTPUT_STRIPS")
    strips = by_band(layer)
    inner = sum(f["area_m2"] for k, f in strips.items() if k[1] == 0.0)
    assert inner == pytest.approx(ring(1.5, 6.5), rel=1e-3)
    assert {f["bank_source"] for f in strips.values()} == {"rule"}
    assert shapely.area(shapely.intersection(strips_geometry(layer), bank)) < 1e-3 * shapely.area(bank)
    # from the water line (BANK_HEIGHT 0): buffer(lines, 10) − the lines, the assumed bank included
    params.update(BANK_HEIGHT=0, OUTPUT_STRIPS="memory:")
    context = QgsProcessingContext()
    before = processing.run("wertvoll:riparianstrips", params, context=context)
    assert before["STRIP_AREA"] == pytest.approx(shapely.area(shapely.buffer(union, 10, quad_segs=32)), rel=1e-3)
    on_bank = shapely.area(shapely.intersection(strips_geometry(output_layer(before, context, "OUTPUT_STRIPS")),
                                                bank))
    assert on_bank == pytest.approx(shapely.area(bank), rel=1e-2)
