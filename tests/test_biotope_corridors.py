"""wertvoll:biotopecorridors through Processing, with values worked out by hand.

The test landscape (EPSG:25833, metres): a resistance raster of 11 × 11 cells of 10 m with its
upper-left corner at (X0, Y0) = (300000, 5700110); resistance 1, column 5 a wall of resistance
100 except a channel at row 9. Patch A is a 4 × 4 m square in cell (5, 1), patch B one in cell
(5, 9). The least-cost path runs 4 diagonal steps down to the channel (9, 5) and 4 up to B:
cost 8 × 10·√2 = 113.14, length the same; the straight way across the wall would cost
6 × 10 + 2 × 10 × 101 / 2 = 1070.
"""
import math

import numpy as np
import processing
import pytest
from osgeo import gdal
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
)

from layers import WarningFeedback, memory_layer, output_layer, reproject_wkt, square

from wertvoll.algorithms.raster_io import write_raster
from wertvoll.kernels.grid import Grid

X0, Y0, CELL, N = 300000.0, 5700110.0, 10.0, 11
CHANNEL = 8 * 10 * math.sqrt(2)
OUTPUTS = ("OUTPUT_LINKS", "OUTPUT_CORRIDORS", "OUTPUT_PATCHES", "OUTPUT_GAPS")


@pytest.fixture
def alg(provider):
    from wertvoll.algorithms.biotope_corridors import BiotopeCorridors

    if provider.algorithm("biotopecorridors") is None:
        provider.addAlgorithm(BiotopeCorridors())
    return provider.algorithm("biotopecorridors")


def channel_values(channel=True):
    values = np.ones((N, N))
    values[:, 5] = 100.0
    if channel:
        values[9, 5] = 1.0
    return values


def raster_file(tmp_path, values=None, crs="EPSG:25833", x0=X0, y0=Y0, cell=CELL, name="resistance.tif"):
    path = tmp_path / name
    write_raster(path, Grid(channel_values() if values is None else values, x0, y0, cell, cell),
                 QgsCoordinateReferenceSystem(crs))
    return str(path)


def centre(row, col):
    return X0 + (col + 0.5) * CELL, Y0 - (row + 0.5) * CELL


def dot(row, col, half=2.0):
    x, y = centre(row, col)
    return square(x - half, y - half, x + half, y + half)


def patch_layer(cells=((5, 1), (5, 9)), ids=None, crs="EPSG:25833", wkts=None):
    wkts = wkts or [dot(r, c) for r, c in cells]
    if crs != "EPSG:25833":
        wkts = [reproject_wkt(w, "EPSG:25833", crs) for w in wkts]
    ids = ids or list(range(1, len(wkts) + 1))
    rows = [(w, {"pid": i}) for w, i in zip(wkts, ids)]
    return memory_layer("Polygon", crs, ["pid:integer"], rows, "patches")


def run(params, feedback=None):
    context = QgsProcessingContext()
    defaults = {"PATCH_ID_FIELD": "pid", "MIN_PATCH_AREA": 0.0}
    defaults.update({name: "memory:" for name in OUTPUTS})
    defaults.update(params)
    result = processing.run("wertvoll:biotopecorridors", defaults, context=context,
                            feedback=feedback or QgsProcessingFeedback())
    return result, context


def features(result, context, key):
    return list(output_layer(result, context, key).getFeatures())


def test_metadata(alg):
    assert alg.id() == "wertvoll:biotopecorridors" and alg.groupId() == "network"
    names = {p.name() for p in alg.parameterDefinitions()}
    assert names == {"PATCHES", "PATCH_ID_FIELD", "MIN_PATCH_AREA", "RESISTANCE", "LANDUSE",
                     "RESISTANCE_FIELD", "RESISTANCE_TABLE", "DEFAULT_RESISTANCE", "CELL_SIZE",
                     "SPECIES_PRESET", "MAX_COST", "DISPERSAL_COST", "CORRIDOR_TOLERANCE", "GAP_RESISTANCE", "OUTPUT_LINKS",
                     "OUTPUT_CORRIDORS", "OUTPUT_CORRIDOR_RASTER", "OUTPUT_PATCHES", "OUTPUT_GAPS"}
    assert all(p.help() for p in alg.parameterDefinitions())
    assert alg.parameterDefinition("MIN_PATCH_AREA").defaultValue() == 10000
    assert alg.parameterDefinition("CELL_SIZE").defaultValue() == 25
    assert alg.parameterDefinition("CORRIDOR_TOLERANCE").defaultValue() == 10
    assert alg.parameterDefinition("MAX_COST").defaultValue() == 0
    assert alg.parameterDefinition("DISPERSAL_COST").defaultValue() == 0
    assert "assumption" in alg.parameterDefinition("SPECIES_PRESET").help()
    labels = alg.parameterDefinition("SPECIES_PRESET").options()
    assert "assumption, not a species' dispersal" in labels[1] and "assumption" in labels[2]
    assert len(alg.parameterDefinition("SPECIES_PRESET").options()) == 5
    assert {o.name() for o in alg.outputDefinitions()} >= {"LINKS", "COMPONENTS", "PC", "ECA"}
    assert "probability of connectivity PC" in alg.shortHelpString()  # its formula: the guide (test_help.py)


def test_channel_through_a_barrier_from_a_raster(alg, tmp_path):
    raster_out = str(tmp_path / "corridor.tif")
    result, context = run({"PATCHES": patch_layer(), "RESISTANCE": raster_file(tmp_path),
                           "OUTPUT_CORRIDOR_RASTER": raster_out, "DISPERSAL_COST": CHANNEL})
    assert result["LINKS"] == 1 and result["COMPONENTS"] == 1
    (link,) = features(result, context, "OUTPUT_LINKS")
    assert (link["from_id"], link["to_id"]) == (1, 2)
    assert link["cost"] == pytest.approx(CHANNEL)
    assert link["length_m"] == pytest.approx(CHANNEL)
    assert link["euclid_m"] == pytest.approx(76.0)               # 80 m between centres, minus 2 × 2 m
    assert link["cost_per_length"] == pytest.approx(1.0)
    assert link["max_resistance"] == pytest.approx(1.0) and link["gap_m"] == 0.0
    assert link["prob"] == pytest.approx(0.5)                   # exp(-k·cost), k = ln 2 / DISPERSAL_COST = cost
    vertices = [(round(p.x(), 3), round(p.y(), 3)) for p in link.geometry().vertices()]
    assert centre(9, 5) in vertices and vertices[0] == centre(5, 1) and vertices[-1] == centre(5, 9)
    (corridor,) = features(result, context, "OUTPUT_CORRIDORS")
    assert corridor.geometry().contains(link.geometry())
    assert corridor["area_m2"] == pytest.approx(corridor.geometry().area())
    patches = {f["patch_id"]: f for f in features(result, context, "OUTPUT_PATCHES")}
    assert sorted(patches) == [1, 2] and patches[1]["degree"] == 1 and patches[1]["component"] == 1
    assert patches[1]["area_m2"] == pytest.approx(16.0)
    assert features(result, context, "OUTPUT_GAPS") == []
    # PC with one link of cost c = DISPERSAL_COST: p = 0.5; (2 a² + 2 a² 0.5) / A_L²
    a, total = 16.0, (N * CELL) ** 2
    assert result["PC"] == pytest.approx((2 * a * a + a * a) / total ** 2)
    assert result["ECA"] == pytest.approx(math.sqrt(3 * a * a))
    dataset = gdal.Open(raster_out)
    values = dataset.GetRasterBand(1).ReadAsArray()
    assert dataset.GetRasterBand(1).GetNoDataValue() == -9999
    dataset = None
    assert values[9, 5] == pytest.approx(0.0, abs=1e-3) and values[5, 5] == -9999
    assert result["OUTPUT_CORRIDOR_RASTER"] == raster_out


def test_without_the_channel_the_gap_is_the_wall(alg, tmp_path):
    values = channel_values(False)
    result, context = run({"PATCHES": patch_layer(), "RESISTANCE": raster_file(tmp_path, values)})
    (link,) = features(result, context, "OUTPUT_LINKS")
    assert link["cost"] == pytest.approx(1070.0) and link["gap_m"] == pytest.approx(10.0)
    (gap,) = features(result, context, "OUTPUT_GAPS")
    assert gap["length_m"] == pytest.approx(10.0) and (gap["from_id"], gap["to_id"]) == (1, 2)


def test_patches_in_another_crs_are_transformed(alg, tmp_path):
    result, context = run({"PATCHES": patch_layer(crs="EPSG:4326"), "RESISTANCE": raster_file(tmp_path)})
    (link,) = features(result, context, "OUTPUT_LINKS")
    assert link["cost"] == pytest.approx(CHANNEL)
    assert output_layer(result, context, "OUTPUT_LINKS").crs().authid() == "EPSG:25833"


def landuse_layer(crs="EPSG:25833", numeric=True):
    """Three strips across the landscape: x 0..40 m and 70..110 m resistance 1 (forest), 40..70 m 7.

    With codes: 43002 forest (1) and 43001_1010 arable (50) from the shipped table.
    """
    def strip(x0, x1):
        return square(X0 + x0, Y0 - 110, X0 + x1, Y0)

    middle = 7.0 if numeric else "43001_1010"
    side = 1.0 if numeric else "43002"
    rows = [(strip(0, 40), {"r": side}), (strip(40, 70), {"r": middle}), (strip(70, 110), {"r": side})]
    if crs != "EPSG:25833":
        rows = [(reproject_wkt(w, "EPSG:25833", crs), a) for w, a in rows]
    return memory_layer("Polygon", crs, ["r:double" if numeric else "r:string"], rows, "landuse")


def test_landuse_with_a_numeric_resistance_field(alg):
    # cells of 10 m over x 0..110: columns 0-3 and 7-10 resistance 1, 4-6 resistance 7.
    # A (5, 1) -> B (5, 9) straight: steps 1-2, 2-3: 10 each; 3-4: 40; 4-5, 5-6: 70 each; 6-7: 40;
    # 7-8, 8-9: 10 each -> 260. Diagonals only lengthen the path through the same columns.
    result, context = run({"PATCHES": patch_layer(), "LANDUSE": landuse_layer(), "RESISTANCE_FIELD": "r",
                           "CELL_SIZE": 10.0})
    (link,) = features(result, context, "OUTPUT_LINKS")
    assert link["cost"] == pytest.approx(260.0)
    assert link["max_resistance"] == pytest.approx(7.0)


def test_landuse_codes_through_the_shipped_table(alg):
    # as above with arable 50 in the middle: 10 + 10 + 255 + 500 + 500 + 255 + 10 + 10 = 1550;
    # GAP_RESISTANCE 50: the three arable cells, 30 m of path
    result, context = run({"PATCHES": patch_layer(), "LANDUSE": landuse_layer(numeric=False),
                           "RESISTANCE_FIELD": "r", "CELL_SIZE": 10.0})
    (link,) = features(result, context, "OUTPUT_LINKS")
    assert link["cost"] == pytest.approx(1550.0)
    assert link["gap_m"] == pytest.approx(30.0)
    assert sum(f["length_m"] for f in features(result, context, "OUTPUT_GAPS")) == pytest.approx(30.0)


def test_own_table_reads_a_numeric_field_as_codes(alg, tmp_path):
    # integer codes 1 (sides) and 2 (middle) mapped by a CSV to 1 and 7: as the numeric case, 260
    table = tmp_path / "table.csv"
    table.write_text("code;label;resistance\n1;Seite;1\n2;Mitte;7\n", encoding="utf-8")
    strips = [(0, 40, 1), (40, 70, 2), (70, 110, 1)]
    layer = memory_layer("Polygon", "EPSG:25833", ["code:integer"], [
        (square(X0 + a, Y0 - 110, X0 + b, Y0), {"code": code}) for a, b, code in strips], "landuse")
    result, context = run({"PATCHES": patch_layer(), "LANDUSE": layer, "RESISTANCE_FIELD": "code",
                           "RESISTANCE_TABLE": str(table), "CELL_SIZE": 10.0})
    (link,) = features(result, context, "OUTPUT_LINKS")
    assert link["cost"] == pytest.approx(260.0)


def test_unknown_codes_get_the_default_with_a_warning(alg):
    layer = memory_layer("Polygon", "EPSG:25833", ["r:string"], [
        (square(X0, Y0 - 110, X0 + 110, Y0), {"r": "XYZ"})], "landuse")
    feedback = WarningFeedback()
    result, context = run({"PATCHES": patch_layer(), "LANDUSE": layer, "RESISTANCE_FIELD": "r",
                           "CELL_SIZE": 10.0, "DEFAULT_RESISTANCE": 3.0}, feedback)
    (link,) = features(result, context, "OUTPUT_LINKS")
    assert link["cost"] == pytest.approx(8 * 10 * 3.0)
    assert any("XYZ (1)" in w and "default resistance 3" in w for w in feedback.warnings)


def test_geographic_landuse_is_analysed_in_utm(alg):
    result, context = run({"PATCHES": patch_layer(crs="EPSG:4326"), "LANDUSE": landuse_layer("EPSG:4326"),
                           "RESISTANCE_FIELD": "r", "CELL_SIZE": 10.0})
    assert output_layer(result, context, "OUTPUT_LINKS").crs().authid() == "EPSG:25833"
    assert result["LINKS"] == 1


def test_species_preset_sets_max_cost(alg, tmp_path):
    # a raster of resistance 60 between the dots: 8 steps of 600 = 4800.
    # Preset 1 (200 m planning distance): MAX_COST = 200 m × 20 = 4000 < 4800: no link left, the
    # two patches are isolated (a warning, not an error): PC = 2 a² / A_L², ECA = √(2 a²), each
    # dPC = its intra fraction = 50 %; the outputs are still written (no links, no corridors).
    values = np.full((N, N), 60.0)
    feedback = WarningFeedback()
    result, context = run({"PATCHES": patch_layer(), "RESISTANCE": raster_file(tmp_path, values),
                           "SPECIES_PRESET": 1}, feedback)
    assert any("cost more than MAX_COST = 4000" in w and "isolated" in w for w in feedback.warnings)
    a, total = 16.0, (N * CELL) ** 2
    assert result["LINKS"] == 0 and result["COMPONENTS"] == 2
    assert result["PC"] == pytest.approx(2 * a * a / total ** 2)
    assert result["ECA"] == pytest.approx(math.sqrt(2 * a * a))
    assert features(result, context, "OUTPUT_LINKS") == [] and features(result, context, "OUTPUT_CORRIDORS") == []
    patches = features(result, context, "OUTPUT_PATCHES")
    assert [(f["component"], f["dPC"], f["dPCintra"], f["dPCflux"]) for f in patches] == [
        (1, pytest.approx(50.0), pytest.approx(50.0), pytest.approx(0.0)),
        (2, pytest.approx(50.0), pytest.approx(50.0), pytest.approx(0.0))]
    result, _ = run({"PATCHES": patch_layer(), "RESISTANCE": raster_file(tmp_path, values),
                     "SPECIES_PRESET": 2})
    assert result["LINKS"] == 1                              # 500 m × 20 = 10000 >= 4800
    # the preset's kernel: p = 0.5 at half of its MAX_COST (5000, an assumption): p = 0.5^(4800/5000)
    p = 0.5 ** (4800.0 / 5000.0)
    assert result["PC"] == pytest.approx((2 * a * a + 2 * a * a * p) / total ** 2, rel=1e-6)


def test_without_a_kernel_pc_is_empty_and_the_links_stand(alg, tmp_path):
    # neither SPECIES_PRESET, MAX_COST nor DISPERSAL_COST: the kernel is never taken from the data
    feedback = WarningFeedback()
    result, context = run({"PATCHES": patch_layer(), "RESISTANCE": raster_file(tmp_path)}, feedback)
    assert result["LINKS"] == 1 and result["PC"] is None and result["ECA"] is None
    assert any("No dispersal kernel" in w for w in feedback.warnings)
    (link,) = features(result, context, "OUTPUT_LINKS")
    assert not isinstance(link["prob"], float)                                           # NULL
    patches = features(result, context, "OUTPUT_PATCHES")
    assert len(patches) == 2 and not any(isinstance(f["dPC"], float) for f in patches)     # NULL


def test_negative_resistance_field_names_the_feature_and_writes_nothing(alg, tmp_path):
    layer = memory_layer("Polygon", "EPSG:25833", ["r:double"], [
        (square(X0, Y0 - 110, X0 + 60, Y0), {"r": 1.0}),
        (square(X0 + 60, Y0 - 110, X0 + 110, Y0), {"r": -5.0})],
        "landuse")
    out = {name: str(tmp_path / f"{name}.gpkg") for name in OUTPUTS}
    message = "Feature 2 of the land-use layer has the resistance '-5.0'"
    with pytest.raises(QgsProcessingException, match=message):
        run({"PATCHES": patch_layer(), "LANDUSE": layer, "RESISTANCE_FIELD": "r", **out})
    assert not any((tmp_path / f"{name}.gpkg").exists() for name in OUTPUTS)


def test_single_patch_is_a_clear_error_and_writes_nothing(alg, tmp_path):
    out = {name: str(tmp_path / f"{name}.gpkg") for name in OUTPUTS}
    raster_out = tmp_path / "corridor.tif"
    with pytest.raises(QgsProcessingException, match="holds 1 patch"):
        run({"PATCHES": patch_layer(cells=[(5, 1)]), "RESISTANCE": raster_file(tmp_path),
             "OUTPUT_CORRIDOR_RASTER": str(raster_out), **out})
    assert not raster_out.exists() and not any((tmp_path / f"{n}.gpkg").exists() for n in OUTPUTS)


def test_no_possible_link_is_a_clear_error(alg, tmp_path):
    values = channel_values(False)
    values[:, 5] = -9999.0                                     # nodata: an impassable wall
    with pytest.raises(QgsProcessingException, match="No link between the 2 patches is possible"):
        run({"PATCHES": patch_layer(), "RESISTANCE": raster_file(tmp_path, values)})


def test_patch_outside_the_raster(alg, tmp_path):
    far = square(X0 + 5000, Y0 + 5000, X0 + 5010, Y0 + 5010)
    feedback = WarningFeedback()
    result, context = run({"PATCHES": patch_layer(wkts=[dot(5, 1), dot(5, 9), far]),
                           "RESISTANCE": raster_file(tmp_path)}, feedback)
    assert result["LINKS"] == 1
    expected = "1 patches lie outside the resistance grid and are left out: 3"
    assert any(expected in w for w in feedback.warnings)
    with pytest.raises(QgsProcessingException, match="Only 1 of 2 patches can be analysed"):
        run({"PATCHES": patch_layer(wkts=[dot(5, 1), far]), "RESISTANCE": raster_file(tmp_path)})


def test_two_patches_on_the_same_cells_name_the_cell_size(alg, tmp_path):
    # 110 m cells: both 4 m dots of the 10 m test grid (rows 5, columns 1 and 9) fall into cell (0, 0)
    with pytest.raises(QgsProcessingException, match="Only 1 of 2 patches keep a cell of their own on cells "
                                                     "of 110 m"):
        run({"PATCHES": patch_layer(), "RESISTANCE": raster_file(tmp_path, np.ones((1, 1)), cell=110.0)})


def test_patch_smaller_than_a_cell_and_min_area(alg, tmp_path):
    tiny = dot(5, 9, half=0.05)                                # 0.01 m²: still one cell
    result, context = run({"PATCHES": patch_layer(wkts=[dot(5, 1), tiny]),
                           "RESISTANCE": raster_file(tmp_path)})
    assert result["LINKS"] == 1
    with pytest.raises(QgsProcessingException, match="1 smaller than MIN_PATCH_AREA"):
        run({"PATCHES": patch_layer(wkts=[dot(5, 1), tiny]), "RESISTANCE": raster_file(tmp_path),
             "MIN_PATCH_AREA": 1.0})


def test_geographic_raster_is_refused(alg, tmp_path):
    path = raster_file(tmp_path, crs="EPSG:4326", x0=12.5, y0=51.4, cell=0.0001)
    with pytest.raises(QgsProcessingException, match="EPSG:4326, whose unit is not a metre on the ground.*Warp it to EPSG:25833"):
        run({"PATCHES": patch_layer(crs="EPSG:4326"), "RESISTANCE": path})


@pytest.mark.parametrize("params, fragment", [
    ({}, "Give the resistance"),
    ({"LANDUSE": "landuse"}, "LANDUSE needs a RESISTANCE_FIELD"),
    ({"LANDUSE": "landuse", "RESISTANCE": "raster", "RESISTANCE_FIELD": "r"}, "not both"),
    ({"RESISTANCE": "raster", "OUTPUT_CORRIDOR_RASTER": "/tmp/x.png"}, "ending in .tif"),
    ({"RESISTANCE": "raster", "CORRIDOR_TOLERANCE": 5000}, "CORRIDOR_TOLERANCE"),
])
def test_bad_parameter_combinations_are_refused(alg, tmp_path, params, fragment):
    params = dict(params)
    if params.get("LANDUSE") == "landuse":
        params["LANDUSE"] = landuse_layer()
    if params.get("RESISTANCE") == "raster":
        params["RESISTANCE"] = raster_file(tmp_path)
    params.setdefault("PATCHES", patch_layer())
    with pytest.raises(QgsProcessingException, match=fragment):
        run(params)


def test_resistance_raster_is_read_column_by_column_for_the_kernel_to_take_over(tmp_path):
    """The wrapper reads the resistance as float64 in Fortran order (nodata as NaN), the layout the
    kernel's passes read in place, so that the kernel needs no copy of it."""
    from qgis.core import QgsRasterLayer

    from wertvoll.algorithms.raster_io import read_raster

    path = tmp_path / "band.tif"
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), 3, 2, 1, gdal.GDT_Float32)
    dataset.SetGeoTransform((0.0, 10.0, 0.0, 20.0, 0.0, -10.0))
    dataset.GetRasterBand(1).SetNoDataValue(-1.0)
    dataset.GetRasterBand(1).WriteArray(np.array([[1.5, 2.0, -1.0], [4.0, 5.0, 6.25]], dtype=np.float32))
    dataset = None
    grid = read_raster(QgsRasterLayer(str(path), "r"), order="F")
    assert grid.values.dtype == np.float64 and grid.values.flags.f_contiguous
    np.testing.assert_array_equal(grid.values, [[1.5, 2.0, np.nan], [4.0, 5.0, 6.25]])
