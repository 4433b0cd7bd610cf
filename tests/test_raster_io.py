"""read_raster / write_raster: a round trip keeps values, grid and nodata (NaN)."""
import numpy as np
import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingException, QgsRasterLayer

from wertvoll.algorithms.raster_io import read_raster, write_raster
from wertvoll.kernels.grid import Grid


def test_round_trip(tmp_path, qgis_app):
    values = np.array([[1.0, 2.0, np.nan], [4.0, 5.5, 6.0]])
    path = tmp_path / "grid.tif"
    write_raster(path, Grid(values, 300000.0, 5700000.0, 25.0, 20.0), QgsCoordinateReferenceSystem("EPSG:25833"))
    layer = QgsRasterLayer(str(path), "grid")
    assert layer.isValid() and layer.crs().authid() == "EPSG:25833"
    grid = read_raster(layer)
    assert (grid.x0, grid.y0, grid.dx, grid.dy) == (300000.0, 5700000.0, 25.0, 20.0)
    np.testing.assert_array_equal(np.isnan(grid.values), np.isnan(values))
    np.testing.assert_allclose(grid.values[~np.isnan(values)], values[~np.isnan(values)])


def test_unreadable_raster_is_a_clear_error(qgis_app):
    with pytest.raises(QgsProcessingException, match="cannot be read"):
        read_raster(QgsRasterLayer("/nonexistent/dem.tif", "dem"))
