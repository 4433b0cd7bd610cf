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


def test_flow_path_on_the_real_dem_follows_the_steepest_descent(real_data):
    """The flow-path reference on the Leipzig DGM200 against an independent walk written here: from a
    cell, step to the neighbour with the largest drop per metre (N, NE, E, … first on ties) until a
    river cell is reached; a walk that meets a pit first is not checked (it spills over, by
    Priority-Flood). Where the walk ends in a river cell, the kernel must name that same cell."""
    from wertvoll.kernels import flood
    from wertvoll.kernels.grid import Grid

    values, (x0, dx, _, y0, _, dy) = _dem(real_data / "DGM200_leipzig_window_25833.tif")
    lines, _ = _read_lines(real_data / "leipzig_streams_dgm200.gpkg", "streams")
    dem = Grid(values, x0, y0, dx, -dy)
    cells = flood.rasterize_rivers(dem, np.array(lines, dtype=object), smooth=True)
    reach = flood.relative_height(dem, cells, 1000.0, reference=flood.REFERENCES["flow"])
    r0, r1, c0, c1 = reach.window
    window, river = values[r0:r1, c0:c1], reach.river
    reference = flood.flow_path_river_cell(window, river, dx, -dy)
    steps = ((-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1))
    rng = np.random.default_rng(21)
    checked = 0
    for r, c in zip(rng.integers(0, window.shape[0], 400), rng.integers(0, window.shape[1], 400)):
        end = _steepest_walk(window, river, (int(r), int(c)), steps, (-dy, dx))
        if end is not None:
            assert (reference[0, r, c], reference[1, r, c]) == end, (r, c)
            checked += 1
    assert checked > 200   # most cells of a real valley network drain without a pit on the way


def _steepest_walk(dem, river, start, steps, spacing):
    """The river cell reached by steepest descent from *start*, or None (a pit, nodata or the edge)."""
    (r, c), (cy, cx) = start, spacing
    if np.isnan(dem[r, c]):
        return None
    while not river[r, c]:
        best, drop = None, 0.0
        for dr, dc in steps:
            rr, cc = r + dr, c + dc
            if 0 <= rr < dem.shape[0] and 0 <= cc < dem.shape[1] and not np.isnan(dem[rr, cc]):
                slope = (dem[r, c] - dem[rr, cc]) / np.hypot(dr * cy, dc * cx)
                if slope > drop:
                    best, drop = (rr, cc), slope
        if best is None:
            return None
        r, c = best
    return r, c
