"""wertvoll:floodriskzones reads only the DEM window the rivers need and refuses what will not fit.

Issue 18, item 4. The huge DEM is a hand-written VRT that declares 250,000 × 200,000 cells of 1 m
(a 250 × 200 km DGM1 mosaic) over one real GeoTIFF tile of 200 × 150 cells in its upper-left
corner: GDAL opens it at once, and nothing here allocates more than a few MB.

Expected values are worked out by hand from the rules:
* window = the cells of the rivers' bounding box grown by ceil(MAX_DISTANCE / cell) + 1 cells on
  every side (the pad of kernels/flood.py), clipped to the DEM;
* memory = 29 bytes per window cell (the factor derived in kernels/flood.py) + 144 MiB
  (one row block of 2**20 cells × 80 B, and 64 MiB for the libraries);
* suggested cell = cell × sqrt(need × 1.25 / available), rounded up to whole metres.
"""
import json
import math
from xml.sax.saxutils import escape

import numpy as np
import processing
import pytest
import shapely
from osgeo import gdal, osr
from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingContext, QgsProcessingException

from layers import WarningFeedback, memory_layer, output_layer, square

from wertvoll.algorithms import flood_risk_zones as algorithm
from wertvoll.algorithms.raster_io import write_raster
from wertvoll.kernels import flood, memory
from wertvoll.kernels.grid import Grid

CRS = "EPSG:25833"
GIB = 2 ** 30

# a hilly DEM much larger than the rivers and MAX_DISTANCE need: 700 × 900 cells of 2 m
X0, Y0, CELL, ROWS, COLS = 300000.0, 5702000.0, 2.0, 700, 900
# the river: x 401.3 .. 523.9 m, y 150.2 .. 431.7 m below the top edge
RIVER = [(X0 + 401.3, Y0 - 150.2), (X0 + 450.0, Y0 - 300.0), (X0 + 523.9, Y0 - 431.7)]
MAX_DISTANCE = 60.0
# by hand: columns floor(401.3 / 2) = 200 .. floor(523.9 / 2) = 261, rows floor(150.2 / 2) = 75 ..
# floor(431.7 / 2) = 215; pad ceil(60 / 2) + 1 = 31 cells -> rows 44 .. 246, columns 169 .. 292
WINDOW = (44, 247, 169, 293)

# the mosaic: 250,000 × 200,000 cells of 1 m; one 200 × 150 tile of data in its upper-left corner
HUGE_COLS, HUGE_ROWS, TILE_COLS, TILE_ROWS = 250_000, 200_000, 200, 150
HX0, HY0 = 300000.0, 5900000.0


@pytest.fixture
def alg(provider):
    return provider.algorithm("floodriskzones")


def run(params, feedback=None):
    context = QgsProcessingContext()
    defaults = {"THRESHOLDS": "0.5,1,2", "MAX_DISTANCE": MAX_DISTANCE, "OUTPUT_ZONES": "memory:",
                "OUTPUT_EXPOSURE": "memory:"}
    defaults.update(params)
    result = processing.run("wertvoll:floodriskzones", defaults, context=context,
                            feedback=feedback or WarningFeedback())
    return result, context


def hilly_terrain():
    """A valley along the river, falling southwards, with 0.6 m of noise and a nodata hole."""
    rows, cols = np.indices((ROWS, COLS))
    x = (cols + 0.5) * CELL
    y = (rows + 0.5) * CELL
    line = shapely.LineString([(px - X0, py - Y0) for px, py in RIVER])
    distance = shapely.distance(line, shapely.points(x.ravel(), -y.ravel())).reshape(x.shape)
    values = 150.0 - 0.02 * y + 0.04 * distance + np.random.default_rng(18).random((ROWS, COLS)) * 0.6
    values[110:118, 215:222] = np.nan
    return values


def write_dem(path, values, x0=X0, y0=Y0):
    write_raster(path, Grid(values, x0, y0, CELL, CELL), QgsCoordinateReferenceSystem(CRS))
    return str(path)


def layers():
    rivers = memory_layer("LineString", CRS, [], [(shapely.LineString(RIVER).wkt, {})], "rivers")
    official = memory_layer("Polygon", CRS, [], [(square(X0 + 380, Y0 - 260, X0 + 470, Y0 - 200), {})])
    exposure = memory_layer("Polygon", CRS, ["klasse:string"], [
        (square(X0 + 300, Y0 - 500, X0 + 700, Y0 - 100), {"klasse": "all"}),
        (square(X0 + 420, Y0 - 380, X0 + 480, Y0 - 320), {"klasse": "field"})])
    return {"RIVERS": rivers, "FLOODPLAIN": official, "EXPOSURE": exposure, "EXPOSURE_FIELD": "klasse"}


def spy_on_reads(monkeypatch):
    """The shapes of the grids the algorithm reads, in a list that fills as it reads."""
    shapes = []
    original = algorithm.read_raster

    def read(*args, **kwargs):
        grid = original(*args, **kwargs)
        shapes.append(grid.shape)
        return grid

    monkeypatch.setattr(algorithm, "read_raster", read)
    return shapes


def band_values(path):
    dataset = gdal.Open(path)
    values = dataset.GetRasterBand(1).ReadAsArray()
    transform = dataset.GetGeoTransform()
    dataset = None
    return values, transform


def zone_geometries(result, context):
    return {f["zone"]: shapely.from_wkt(f.geometry().asWkt())
            for f in output_layer(result, context, "OUTPUT_ZONES").getFeatures()}


def exposure_rows(result, context):
    return sorted((f["zone"], f["class"], round(f["area_m2"], 6), f["count"])
                  for f in output_layer(result, context, "OUTPUT_EXPOSURE").getFeatures())


# --------------------------------------------------------------------------- the window

def test_a_large_dem_gives_the_results_of_the_dem_cropped_by_hand(alg, tmp_path, monkeypatch):
    values = hilly_terrain()
    big = write_dem(tmp_path / "big.tif", values)
    # cropped by hand with GDAL, 40 cells beyond the river's cells (more than MAX_DISTANCE = 30 cells)
    cropped = str(tmp_path / "cropped.tif")
    gdal.Translate(cropped, gdal.Open(big), srcWin=[200 - 40, 75 - 40, 62 + 80, 141 + 80])
    shapes = spy_on_reads(monkeypatch)
    feedback = WarningFeedback()
    big_result, big_context = run({**layers(), "DEM": big, "OUTPUT_HEIGHT": str(tmp_path / "h_big.tif")},
                                  feedback)
    small_result, small_context = run({**layers(), "DEM": cropped,
                                       "OUTPUT_HEIGHT": str(tmp_path / "h_small.tif")})
    # only the window was read from the large DEM, and the log says how large it is
    assert shapes[0] == (WINDOW[1] - WINDOW[0], WINDOW[3] - WINDOW[2]) == (203, 124)
    assert any("203 × 124 of the DEM's 700 × 900 cells of 2 m" in text for text in feedback.infos)
    # the same zones, areas, exposure and heights
    areas = json.loads(big_result["ZONE_AREAS"])
    assert areas == json.loads(small_result["ZONE_AREAS"])
    assert all(areas[k] > 0 for k in ("0", "1", "2", "3"))
    big_zones, small_zones = zone_geometries(big_result, big_context), zone_geometries(small_result, small_context)
    assert sorted(big_zones) == sorted(small_zones) and {0, 1, 2, 3} <= set(big_zones)
    for zone, geometry in big_zones.items():
        assert shapely.area(shapely.symmetric_difference(geometry, small_zones[zone])) == 0.0, zone
    assert exposure_rows(big_result, big_context) == exposure_rows(small_result, small_context)
    big_height, big_transform = band_values(big_result["OUTPUT_HEIGHT"])
    small_height, _ = band_values(small_result["OUTPUT_HEIGHT"])
    # the height raster still covers the whole DEM: the cropped part as computed on it, nodata elsewhere
    assert big_height.shape == (ROWS, COLS) and big_transform == (X0, CELL, 0.0, Y0, 0.0, -CELL)
    np.testing.assert_array_equal(big_height[35:35 + 221, 160:160 + 142], small_height)
    outside = np.ones(big_height.shape, dtype=bool)
    outside[35:35 + 221, 160:160 + 142] = False
    assert (big_height[outside] == -9999).all() and (small_height != -9999).sum() > 10000


def test_the_window_holds_every_river_cell_and_its_reach():
    # a vertex exactly on a cell edge (x = 200 m, y = 80 m) lies in the cell right of and below it
    grid = Grid(np.zeros((100, 120)), 0.0, 200.0, 2.0, 2.0)
    lines = [shapely.LineString([(200.0, 80.0), (150.0, 120.0)]), None, shapely.LineString()]
    # by hand: columns 75 .. 100, rows 40 .. 60; pad ceil(10 / 2) + 1 = 6 -> rows 34 .. 66, cols 69 .. 106
    assert flood.reach_window(grid.shape, grid.geotransform(), lines, 10.0) == (34, 67, 69, 107)
    # the kernel's own window on the whole grid lies inside it
    cells = flood.rasterize_rivers(grid.with_values(np.ones((100, 120))), lines[:1], smooth=False)
    window = flood.relative_height(grid.with_values(np.ones((100, 120))), cells, 10.0).window
    assert 34 <= window[0] and window[1] <= 67 and 69 <= window[2] and window[3] <= 107
    # clipped to the grid; nothing when the rivers and their reach miss it, or there are none
    assert flood.reach_window(grid.shape, grid.geotransform(), lines, 1000.0) == (0, 100, 0, 120)
    far = [shapely.LineString([(500.0, 80.0), (600.0, 120.0)])]
    assert flood.reach_window(grid.shape, grid.geotransform(), far, 10.0) is None
    assert flood.reach_window(grid.shape, grid.geotransform(), [None], 10.0) is None


def test_write_raster_puts_a_window_into_the_frame_of_the_whole_raster(tmp_path, qgis_app):
    from wertvoll.algorithms.raster_io import RasterFrame

    frame = RasterFrame((50, 40), (1000.0, 5.0, 0.0, 2000.0, 0.0, -5.0))
    window = Grid(np.array([[1.0, np.nan], [3.0, 4.0]]), 1000.0 + 7 * 5.0, 2000.0 - 11 * 5.0, 5.0, 5.0)
    path = str(tmp_path / "sparse.tif")
    write_raster(path, window, QgsCoordinateReferenceSystem(CRS), frame=frame)
    values, transform = band_values(path)
    assert values.shape == (50, 40) and transform == frame.geotransform
    np.testing.assert_array_equal(values[11:13, 7:9], [[1.0, -9999.0], [3.0, 4.0]])
    assert (values == -9999).sum() == 50 * 40 - 3
    with pytest.raises(ValueError, match="cells of the frame"):
        write_raster(path, Grid(window.values, 1001.0, 1945.0, 5.0, 5.0), QgsCoordinateReferenceSystem(CRS),
                     frame=frame)


# --------------------------------------------------------------------------- the memory guard

def huge_mosaic(tmp_path):
    """The 250,000 × 200,000 cell VRT over one 200 × 150 tile of a valley in its upper-left corner."""
    d = np.abs(np.arange(TILE_COLS) - 100).astype(float)
    tile = np.repeat((100.0 + 0.13 * d)[None, :], TILE_ROWS, axis=0)
    write_raster(tmp_path / "tile.tif", Grid(tile, HX0, HY0, 1.0, 1.0), QgsCoordinateReferenceSystem(CRS))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(25833)
    path = tmp_path / "mosaic.vrt"
    path.write_text(f"""<VRTDataset rasterXSize="{HUGE_COLS}" rasterYSize="{HUGE_ROWS}">
  <SRS>{escape(srs.ExportToWkt())}</SRS>
  <GeoTransform>{HX0}, 1.0, 0.0, {HY0}, 0.0, -1.0</GeoTransform>
  <VRTRasterBand dataType="Float32" band="1">
    <NoDataValue>-9999</NoDataValue>
    <SimpleSource>
      <SourceFilename relativeToVRT="1">tile.tif</SourceFilename>
      <SourceBand>1</SourceBand>
      <SrcRect xOff="0" yOff="0" xSize="{TILE_COLS}" ySize="{TILE_ROWS}"/>
      <DstRect xOff="0" yOff="0" xSize="{TILE_COLS}" ySize="{TILE_ROWS}"/>
    </SimpleSource>
  </VRTRasterBand>
</VRTDataset>""")
    return str(path)


def river(*points):
    return memory_layer("LineString", CRS, [], [(shapely.LineString(points).wkt, {})], "rivers")


def test_rivers_across_a_huge_mosaic_are_refused_with_a_cell_size(alg, tmp_path, monkeypatch):
    """The window does not fit in memory (1350.6 GB in one piece): a tiled run, whose temporary heights
    (4 B per cell) do not fit on the disk either: refused before reading, with a cell size."""
    import shutil
    from collections import namedtuple

    monkeypatch.setattr(flood, "available_memory", lambda: 16 * GIB, raising=False)  # raising: before issue 18
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(100 * GIB, 84 * GIB, 16 * GIB))
    shapes = spy_on_reads(monkeypatch)
    rivers = river((HX0 + 0.5, HY0 - 0.5), (HX0 + 249_999.5, HY0 - 199_999.5))
    feedback = WarningFeedback()
    with pytest.raises(QgsProcessingException) as error:
        run({"RIVERS": rivers, "DEM": huge_mosaic(tmp_path), "MAX_DISTANCE": 1000.0}, feedback)
    # by hand: the window is the whole mosaic, 5e10 cells × 44 B (the terrain flags' stage, on by default)
    # + 144 MiB in one piece; in tiles 5e10 × 4 B = 2e11 B = 186.3 GB of temporary files
    need = 5 * 10 ** 10 * 44 + 144 * 2 ** 20
    assert any(f"about {round(need / 2 ** 20)} MB of memory needed in one piece" in t for t in feedback.infos)
    disk = 5 * 10 ** 10 * 4
    assert f"{disk / GIB:.1f} GB" == "186.3 GB"
    suggest = math.ceil(1.0 * math.sqrt(disk * 1.25 / (16 * GIB)))        # sqrt(14.55) = 3.8 -> 4 m
    assert suggest == 4
    message = str(error.value)
    assert ("need about 186.3 GB of temporary disk space for 200000 × 250000 DEM cells, but only 16.0 GB "
            "are free") in message
    assert "cells of about 4 m (Raster > Projections > Warp)" in message
    assert "filter the river layer" in message
    assert shapes == []                                                   # refused before reading
    # plausible: at 4 m the mosaic has 50,000 × 62,500 cells, 11.6 GB of heights, which fit
    assert (HUGE_ROWS // 4) * (HUGE_COLS // 4) * 4 * 1.25 < 16 * GIB


def test_rivers_in_a_corner_of_a_huge_mosaic_read_only_their_window(alg, tmp_path, monkeypatch):
    shapes = spy_on_reads(monkeypatch)
    feedback = WarningFeedback()
    rivers = river((HX0 + 100.5, HY0 - 0.5), (HX0 + 100.5, HY0 - 149.5))
    height_path = str(tmp_path / "height.tif")
    result, context = run({"RIVERS": rivers, "DEM": huge_mosaic(tmp_path), "THRESHOLDS": "1,2,3",
                           "MAX_DISTANCE": 30.0, "OUTPUT_HEIGHT": height_path}, feedback)
    # by hand: rows 0 .. 149, column 100; pad 31 -> rows 0 .. 180 (181), columns 69 .. 131 (63)
    assert shapes == [(181, 63)]
    assert any("181 × 63 of the DEM's 200000 × 250000 cells of 1 m" in text for text in feedback.infos)
    # the valley of the tile (slope 0.13): zone 1 = 15 columns, zones 2 and 3 = 16 each, 150 rows
    assert json.loads(result["ZONE_AREAS"]) == pytest.approx({"1": 15 * 150, "2": 16 * 150, "3": 16 * 150})
    assert sorted(zone_geometries(result, context)) == [1, 2, 3]
    dataset = gdal.Open(height_path)
    band = dataset.GetRasterBand(1)
    assert (dataset.RasterXSize, dataset.RasterYSize) == (HUGE_COLS, HUGE_ROWS)
    assert band.ReadAsArray(100, 10, 6, 1)[0] == pytest.approx([0.0, 0.13, 0.26, 0.39, 0.52, 0.65], abs=1e-4)
    assert (band.ReadAsArray(HUGE_COLS - 3, HUGE_ROWS - 3, 3, 3) == -9999).all()
    dataset = None


def test_the_memory_guard_of_the_kernel():
    need = flood.estimate_memory(1000, 2000)
    assert need == 1000 * 2000 * 29 + 144 * 2 ** 20
    free = memory.available_memory()
    assert free is None or free > 0
    # the optional stages: the largest of their peaks counts (counted in kernels/flood.py)
    base = dict(calibrate=False, flags=False)
    cells, fixed = 1000 * 2000, 144 * 2 ** 20
    assert flood.estimate_memory(1000, 2000, flood.FloodOptions(**base)) == cells * 29 + fixed
    assert flood.estimate_memory(1000, 2000, flood.FloodOptions(calibrate=True, flags=False)) == cells * 32 + fixed
    assert flood.estimate_memory(1000, 2000, flood.FloodOptions()) == cells * 44 + fixed
    assert flood.estimate_memory(1000, 2000, flood.FloodOptions(reference="flow")) == cells * 57 + fixed


def test_a_memory_error_while_reading_is_a_clear_message(alg, tmp_path, monkeypatch):
    def no_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(algorithm, "read_raster", no_memory)
    feedback = WarningFeedback()
    with pytest.raises(QgsProcessingException, match=r"not enough memory for the flood-risk zones\. Close other "
                                                     r"programs, resample the DEM to larger cells"):
        run({**layers(), "DEM": write_dem(tmp_path / "big.tif", hilly_terrain())}, feedback)
    assert any("203 × 124 of the DEM's 700 × 900 cells" in text for text in feedback.infos)  # logged before


def test_a_memory_error_in_the_kernel_is_a_clear_message(alg, tmp_path, monkeypatch):
    def no_memory(*args, **kwargs):
        np.empty(2 ** 62, dtype=np.uint8)   # numpy's own MemoryError (_ArrayMemoryError)

    monkeypatch.setattr(flood, "zone_raster", no_memory)
    with pytest.raises(QgsProcessingException, match="resample the DEM to larger cells"):
        run({**layers(), "DEM": write_dem(tmp_path / "big.tif", hilly_terrain())})
