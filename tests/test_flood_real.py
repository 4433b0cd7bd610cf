"""wertvoll:floodriskzones on the real Leipzig data (issue 17): the floodplain through the city.

Input: DGM200_leipzig_window_25833.tif (200 m cells) and leipzig_streams_dgm200.gpkg (254 lines
derived from that DEM by GRASS r.stream.extract), default parameters. The derived Pleiße/Elster
line crosses a deep DEM depression south of the city (about 96.5 m over some 6 km, the
Cospudener See area) before it climbs to 110-116 m; a running minimum carried that level into
the city, so Schleußig lay 11-14 m "above the river" and got almost no zone.

Expected values are worked out here from the terrain, not from the tool: for each district the
test samples the DEM along the stream lines within 1 km of the district (every 50 m) and takes
the median as the river level there; the share of the district's DEM cells at most 2 m (the
second threshold) above that level is the low floodplain by the terrain alone. The zones 1-2
must cover at least half of that share of the district's area (half: the zones also need a
connection to the river and take the level of the *nearest* river cell, which may be another
line; a tool that lost the floodplain, as the running minimum did, gives 0-33 %).
"""
import json

import numpy as np
import processing
import pytest
import shapely
from osgeo import gdal, ogr
from qgis.core import QgsProcessingContext, QgsProcessingFeedback

from layers import output_layer

DISTRICTS = ("Connewitz", "Schleußig", "Plagwitz")


def _read_lines(path, layer=None, field=None):
    dataset = ogr.Open(str(path))
    source = dataset.GetLayerByName(layer) if layer else dataset.GetLayer(0)
    geoms, values = [], []
    for feature in source:
        geometry = feature.GetGeometryRef()
        if geometry is not None and geometry.GetPointCount() != 1:   # one-point lines are invalid
            geoms.append(shapely.from_wkt(geometry.ExportToIsoWkt()))
            values.append(feature.GetField(field) if field else None)
    dataset = None
    return geoms, values


def _dem(path):
    dataset = gdal.Open(str(path))
    band = dataset.GetRasterBand(1)
    values = band.ReadAsArray().astype(float)
    values[values == band.GetNoDataValue()] = np.nan
    transform = dataset.GetGeoTransform()
    dataset = None
    return values, transform


def _terrain_share(district, streams, dem, transform):
    """(river level, share of the district's cells at most 2 m above it) from the DEM alone."""
    x0, dx, _, y0, _, dy = transform
    near = shapely.intersection(streams, district.buffer(1000.0))
    xy = shapely.get_coordinates(shapely.segmentize(near, 50.0))
    rows = ((xy[:, 1] - y0) / dy).astype(int)
    cols = ((xy[:, 0] - x0) / dx).astype(int)
    level = float(np.nanmedian(dem[rows, cols]))
    r, c = np.indices(dem.shape)
    inside = shapely.contains_xy(district, x0 + (c + 0.5) * dx, y0 + (r + 0.5) * dy)
    return level, float(np.mean(dem[inside] <= level + 2.0))


@pytest.fixture
def alg(provider):
    return provider.algorithm("floodriskzones")


def test_city_floodplain_is_in_the_low_zones_with_defaults(alg, real_data, tmp_path):
    dem_path = real_data / "DGM200_leipzig_window_25833.tif"
    streams_path = real_data / "leipzig_streams_dgm200.gpkg"
    height_path = str(tmp_path / "height.tif")
    context = QgsProcessingContext()
    result = processing.run("wertvoll:floodriskzones", {
        "RIVERS": str(streams_path), "DEM": str(dem_path), "OUTPUT_ZONES": "memory:",
        "OUTPUT_HEIGHT": height_path}, context=context, feedback=QgsProcessingFeedback())
    zones = {f["zone"]: shapely.from_wkt(f.geometry().asWkt())
             for f in output_layer(result, context, "OUTPUT_ZONES").getFeatures()}
    assert sorted(zones) == [1, 2, 3] and json.loads(result["ZONE_AREAS"])["1"] > 0
    low = shapely.union(zones[1], zones[2])
    lines, _ = _read_lines(streams_path)
    streams = shapely.union_all(lines)
    dem, transform = _dem(dem_path)
    height, _ = _dem(height_path)
    geoms, names = _read_lines(real_data / "leipzig_ortsteile_25833.gpkg", "ortsteile", "title")
    for name in DISTRICTS:
        district = geoms[names.index(name)]
        level, terrain = _terrain_share(district, streams, dem, transform)
        share = shapely.area(shapely.intersection(low, district)) / shapely.area(district)
        assert terrain > 0.1, (name, terrain)               # there is a floodplain to find
        assert share >= 0.5 * terrain, (name, level, terrain, share)
    # Schleußig lies on the valley floor: its median height above the river is below the second
    # threshold (2 m), not the 11-14 m of a level carried from the depression upstream
    district = geoms[names.index("Schleußig")]
    x0, dx, _, y0, _, dy = transform
    r, c = np.indices(height.shape)
    inside = shapely.contains_xy(district, x0 + (c + 0.5) * dx, y0 + (r + 0.5) * dy)
    assert np.median(height[inside]) < 2.0
