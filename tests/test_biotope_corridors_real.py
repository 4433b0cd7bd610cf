"""wertvoll:biotopecorridors on real data: the Sentinel-2 tile of the western Leipzig floodplain
forest (Auwald), ../shared/data/real/leipzig_sentinel2_10m.tif (Copernicus Sentinel data 2021,
154 × 206 cells of 10 m, EPSG:32632, band 8 = NDVI).

How the test derives its inputs (the test's own choice, not a rule of the plugin):

* patches: cells with NDVI ≥ 0.7 (dense canopy), 8-connected groups of at least 50 cells (0.5 ha),
  each group one patch (its cells as one polygon, id = the group's number): 10 patches, 0.5–57 ha;
* resistance (assumption of the test, on the scale of the shipped table: forest 1, grassland 20,
  arable 50, settlement 200): NDVI ≥ 0.6 → 1, 0.4–0.6 → 20, 0.2–0.4 → 50, below → 200.

The checks are plausibility checks that a wrong rule makes fail: links never cost more than
MAX_COST; dropping links by MAX_COST never raises PC (the old median kernel gave the unlimited run
with 11 links a lower PC than the 200 m preset with 8); a stepping stone on a dropped link's path
never lowers PC; dPC's fractions add up; one and two worker processes give the same layers.
"""
import numpy as np
import processing
import pytest
import shapely
from osgeo import gdal
from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingContext, QgsProcessingFeedback

from layers import memory_layer, output_layer

from wertvoll.algorithms.raster_io import write_raster
from wertvoll.kernels.grid import Grid

OUTPUTS = ("OUTPUT_LINKS", "OUTPUT_CORRIDORS", "OUTPUT_PATCHES", "OUTPUT_GAPS")
CRS = "EPSG:32632"


@pytest.fixture
def alg(provider):
    from wertvoll.algorithms.biotope_corridors import BiotopeCorridors

    if provider.algorithm("biotopecorridors") is None:
        provider.addAlgorithm(BiotopeCorridors())
    return provider.algorithm("biotopecorridors")


@pytest.fixture
def auwald(real_data, tmp_path):
    """(resistance GeoTIFF path, [(patch id, polygon)], cell size) from the Sentinel-2 tile."""
    from scipy import ndimage

    dataset = gdal.Open(str(real_data / "leipzig_sentinel2_10m.tif"))
    x0, dx, _, y0, _, dy = dataset.GetGeoTransform()
    ndvi = dataset.GetRasterBand(8).ReadAsArray().astype(float)
    dataset = None
    resistance = np.select([ndvi >= 0.6, ndvi >= 0.4, ndvi >= 0.2], [1.0, 20.0, 50.0], 200.0)
    path = tmp_path / "resistance.tif"
    write_raster(path, Grid(resistance, x0, y0, dx, -dy), QgsCoordinateReferenceSystem(CRS))
    groups, count = ndimage.label(ndvi >= 0.7, structure=np.ones((3, 3)))
    patches = []
    for number in range(1, count + 1):
        rows, cols = np.nonzero(groups == number)
        if len(rows) >= 50:
            cells = shapely.box(x0 + cols * dx, y0 + (rows + 1) * dy, x0 + (cols + 1) * dx, y0 + rows * dy)
            patches.append((number, shapely.union_all(cells)))
    assert len(patches) == 10
    return str(path), patches, dx


def run(resistance, patches, **params):
    layer = memory_layer("Polygon", CRS, ["pid:integer"], [(g.wkt, {"pid": i}) for i, g in patches], "patches")
    context = QgsProcessingContext()
    arguments = {"PATCHES": layer, "PATCH_ID_FIELD": "pid", "MIN_PATCH_AREA": 0.0, "RESISTANCE": resistance}
    arguments.update({name: "memory:" for name in OUTPUTS})
    arguments.update(params)
    result = processing.run("wertvoll:biotopecorridors", arguments, context=context,
                            feedback=QgsProcessingFeedback())
    layers = {name: [(f.attributes(), f.geometry().asWkt(3)) for f in
                     output_layer(result, context, name).getFeatures()] for name in OUTPUTS}
    return result, layers


def fields(layer_rows, index):
    return [attributes[index] for attributes, _wkt in layer_rows]


def test_sentinel2_auwald_plausible_and_reproducible(alg, auwald, monkeypatch):
    resistance, patches, cell = auwald
    # 200 m preset: MAX_COST = 200 × 20 = 4000, kernel p = 0.5 at 2000 (half of it, an assumption)
    monkeypatch.setenv("WERTVOLL_WORKERS", "1")
    preset, layers = run(resistance, patches, SPECIES_PRESET=1)
    costs = fields(layers["OUTPUT_LINKS"], 2)
    assert 0 < preset["LINKS"] == len(costs) and max(costs) <= 4000.0
    assert 0 < preset["PC"] < 1 and preset["COMPONENTS"] >= 2
    for attributes, _wkt in layers["OUTPUT_PATCHES"]:
        dpc, intra, flux, connector = attributes[4:8]
        assert intra + flux + connector == pytest.approx(dpc, abs=1e-9) and connector >= -1e-9
    # the same kernel without MAX_COST keeps every link the preset keeps and more: PC cannot fall
    unlimited, unlimited_layers = run(resistance, patches, DISPERSAL_COST=2000.0)
    assert unlimited["LINKS"] > preset["LINKS"]
    assert unlimited["PC"] >= preset["PC"] and unlimited["ECA"] >= preset["ECA"]
    # a stepping stone (one 10 m cell) in the middle of the path of the longest link the preset drops
    kept = {tuple(sorted(pair)) for pair in zip(fields(layers["OUTPUT_LINKS"], 0),
                                                  fields(layers["OUTPUT_LINKS"], 1))}
    dropped = [(cost, wkt) for (attributes, wkt) in unlimited_layers["OUTPUT_LINKS"]
               if tuple(sorted(attributes[:2])) not in kept for cost in [attributes[2]]]
    assert dropped
    _cost, wkt = max(dropped)
    line = shapely.from_wkt(wkt)
    middle = line.interpolate(0.5, normalized=True)
    coords = shapely.get_coordinates(line)
    x, y = min(coords, key=lambda c: (c[0] - middle.x) ** 2 + (c[1] - middle.y) ** 2)   # a cell centre
    stone = shapely.box(x - cell / 2, y - cell / 2, x + cell / 2, y + cell / 2)
    stepped, stepped_layers = run(resistance, patches + [(10_000, stone)], SPECIES_PRESET=1)
    assert stepped["PC"] >= preset["PC"] and stepped["ECA"] >= preset["ECA"]
    assert max(fields(stepped_layers["OUTPUT_LINKS"], 2)) <= 4000.0
    # same input, same output: twice in one process, and in two worker processes
    again, again_layers = run(resistance, patches, SPECIES_PRESET=1)
    monkeypatch.setenv("WERTVOLL_WORKERS", "2")
    forked, forked_layers = run(resistance, patches, SPECIES_PRESET=1)
    for other, other_layers in ((again, again_layers), (forked, forked_layers)):
        assert other_layers == layers
        assert (other["PC"], other["ECA"], other["LINKS"]) == (preset["PC"], preset["ECA"], preset["LINKS"])
