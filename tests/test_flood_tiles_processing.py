"""wertvoll:floodriskzones forced into tiles (TILE_SIZE) through processing.run equals the one-piece run.

A meandering river in a valley of random relief with nodata holes (EPSG:25833, 5 m cells,
130 x 170 cells), official zones, polygon and point exposure and the height raster: with tiles of
16 cells (the zones cross dozens of seams) the zone areas, the zone polygons, the exposure table and
the height raster are the same as without tiles. A cancelled tiled run leaves no height raster.
"""
import json

import numpy as np
import processing
import pytest
from osgeo import gdal
from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingContext, QgsProcessingFeedback

from layers import WarningFeedback, memory_layer, output_layer, square
from test_flood_risk_zones import alg  # noqa: F401 - the fixture

from wertvoll.algorithms.raster_io import write_raster
from wertvoll.kernels.grid import Grid

pytestmark = pytest.mark.usefixtures("alg")  # the algorithm registered
X0, Y0, CELL, ROWS, COLS = 400000.0, 5600000.0, 5.0, 130, 170


def meander():
    """The river: a sine meander from north to south, digitised downstream."""
    t = np.linspace(0, 1, 60)
    x = X0 + CELL * (COLS / 2 + 45 * np.sin(6 * np.pi * t))
    y = Y0 - CELL * (2 + t * (ROWS - 4))
    return x, y


def dem(tmp_path):
    from scipy import ndimage

    rng = np.random.default_rng(3)
    cols = X0 + CELL * (np.arange(COLS) + 0.5)
    rows = Y0 - CELL * (np.arange(ROWS) + 0.5)
    x, y = meander()
    # distance of each cell to the meander's points (a valley along it), plus noise and a slope
    d = np.min(np.hypot(cols[None, :, None] - x[None, None, :], rows[:, None, None] - y[None, None, :]), axis=2)
    values = 100.0 + 0.02 * d + ndimage.gaussian_filter(rng.normal(size=(ROWS, COLS)), 4) * 8
    values += np.linspace(2, 0, ROWS)[:, None]
    values[40:47, 60:70] = np.nan
    values[rng.random((ROWS, COLS)) < 0.01] = np.nan
    path = tmp_path / "dem.tif"
    write_raster(path, Grid(values, X0, Y0, CELL, CELL), QgsCoordinateReferenceSystem("EPSG:25833"))
    return str(path)


def run(params, feedback=None):
    context = QgsProcessingContext()
    x, y = meander()
    rivers = memory_layer("LineString", "EPSG:25833", [], [
        ("LINESTRING(" + ", ".join(f"{a} {b}" for a, b in zip(x, y)) + ")", {})], "rivers")
    official = memory_layer("Polygon", "EPSG:25833", [], [
        (square(X0 + 300, Y0 - 400, X0 + 600, Y0 - 200), {})], "official")
    exposure = memory_layer("Polygon", "EPSG:25833", ["nutzung:string"], [
        (square(X0 + 100, Y0 - 500, X0 + 700, Y0 - 300), {"nutzung": "field"}),
        (square(X0 + 350, Y0 - 600, X0 + 450, Y0 - 50), {"nutzung": "wood"})], "exposure")
    defaults = {"RIVERS": rivers, "THRESHOLDS": "0.5,1.5,3", "MAX_DISTANCE": 150.0, "FLOODPLAIN": official,
                "EXPOSURE": exposure, "EXPOSURE_FIELD": "nutzung", "OUTPUT_ZONES": "memory:",
                "OUTPUT_EXPOSURE": "memory:", "CALIBRATE": False}
    defaults.update(params)
    result = processing.run("wertvoll:floodriskzones", defaults, context=context,
                            feedback=feedback or QgsProcessingFeedback())
    return result, context


def read(path):
    dataset = gdal.Open(path)
    values = dataset.GetRasterBand(1).ReadAsArray()
    dataset = None
    return values


def test_tiled_run_equals_the_one_piece_run(tmp_path):
    path = dem(tmp_path)
    whole, whole_context = run({"DEM": path, "OUTPUT_HEIGHT": str(tmp_path / "whole.tif")})
    tiled, tiled_context = run({"DEM": path, "OUTPUT_HEIGHT": str(tmp_path / "tiled.tif"), "TILE_SIZE": 16})
    areas = json.loads(whole["ZONE_AREAS"])
    assert json.loads(tiled["ZONE_AREAS"]) == areas
    assert all(areas[k] > 1000 for k in ("1", "2", "3"))
    np.testing.assert_array_equal(read(str(tmp_path / "tiled.tif")), read(str(tmp_path / "whole.tif")))
    zones = {f["zone"]: f for f in output_layer(whole, whole_context, "OUTPUT_ZONES").getFeatures()}
    for feature in output_layer(tiled, tiled_context, "OUTPUT_ZONES").getFeatures():
        other = zones[feature["zone"]]
        assert feature["area_m2"] == other["area_m2"] and feature["label"] == other["label"]
        assert feature.geometry().symDifference(other.geometry()).area() == pytest.approx(0.0, abs=1e-6)
        assert feature.geometry().isGeosValid()

    def table(result, context):
        return sorted((f["zone"], f["class"], round(f["area_m2"], 6), f["count"])
                      for f in output_layer(result, context, "OUTPUT_EXPOSURE").getFeatures())

    assert table(tiled, tiled_context) == table(whole, whole_context)
    assert not list(tmp_path.glob("*.partial.tif"))


class CancelAfter(QgsProcessingFeedback):
    def __init__(self, percent):
        super().__init__()
        self.limit = percent

    def setProgress(self, value):  # noqa: N802
        super().setProgress(value)
        if value > self.limit:
            self.cancel()


def test_cancelled_tiled_run_leaves_no_height_raster(tmp_path):
    path = dem(tmp_path)
    height = tmp_path / "height.tif"
    feedback = CancelAfter(30)
    result, _ = run({"DEM": path, "OUTPUT_HEIGHT": str(height), "TILE_SIZE": 16}, feedback)
    assert feedback.isCanceled() and "OUTPUT_HEIGHT" not in result
    assert not height.exists() and not list(tmp_path.glob("height*"))


def test_a_tiled_run_says_that_it_makes_no_fit_to_the_official_zones(tmp_path):
    feedback = WarningFeedback()
    result, _ = run({"DEM": dem(tmp_path), "TILE_SIZE": 16, "CALIBRATE": True}, feedback)
    assert "100" not in json.loads(result["ZONE_AREAS"])
    assert any("not fitted to the official flood zones in a run in tiles" in w for w in feedback.warnings)
