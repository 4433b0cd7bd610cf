"""Nitrate leaching avoided and soil carbon through wertvoll:compensationscreening (issue 24).

Small world (EPSG:25833, metres), the shipped BKompV table and the shipped factor tables:

    parcel 1  arable 43001_1010  (0,0)-(200,100)     2 ha, soil type Ut4 (loess), soil index 40
    parcel 2  arable 43001_1010  (300,0)-(500,100)   2 ha, no soil type, soil index 20 (sand)
    parcel 3  grassland 43001_1020 (600,0)-(700,100) 1 ha, soil type Sl3 (loamy sand)
    percolation raster: 140 mm/a west of x = 250, 60 mm/a east of it (cells of 50 m)
    PIK_SOIL_THRESHOLD 100: no PIK

By hand (surplus × min(1, percolation / nFKWe); SOC_REF × ΔF / 20 × 44/12 × ha):
    1: 73 × 140/229 = 44.63 kg N/ha·a, × 2 ha;  43 × (0.93 - 0.77) / 20 × 44/12 × 2 = 2.523 t CO2/a
    2: 73 × min(1, 60/73) = 60 kg N/ha·a, × 2;   13 × 0.16 / 20 × 44/12 × 2 = 0.763 t CO2/a
    3: no sourced surplus of intensive grassland: NULL; 43 × (1 - 1.14) / 20 × 44/12 × 1 = -1.104 t CO2/a
"""
import processing
import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingContext

import numpy as np
from layers import WarningFeedback, memory_layer, output_layer, square
from wertvoll.algorithms.raster_io import write_raster
from wertvoll.kernels.grid import Grid

CO2 = 44 / 12


def is_null(value):
    """A NULL attribute (None in QGIS 3.40+, a NULL QVariant in 3.22)."""
    return value is None or str(value) == "NULL"


def parcels():
    return memory_layer("Polygon", "EPSG:25833", ["nutzung:string", "bz:integer", "boden:string"], [
        (square(0, 0, 200, 100), {"nutzung": "43001_1010", "bz": 40, "boden": "Ut4"}),
        (square(300, 0, 500, 100), {"nutzung": "43001_1010", "bz": 20, "boden": None}),
        (square(600, 0, 700, 100), {"nutzung": "43001_1020", "bz": 50, "boden": "Sl3"}),
    ], "parcels")


def seepage_raster(tmp_path):
    values = np.where(np.arange(16) < 5, 140.0, 60.0)[None, :].repeat(4, axis=0)  # x < 250: 140 mm/a
    path = tmp_path / "sickerwasser.tif"
    write_raster(path, Grid(values, 0.0, 150.0, 50.0, 50.0), QgsCoordinateReferenceSystem("EPSG:25833"))
    return str(path)


def run(tmp_path, feedback=None, **extra):
    params = {"INPUT": parcels(), "LANDUSE_FIELD": "nutzung", "SOIL_FIELD": "bz", "SOIL_TYPE_FIELD": "boden",
              "PIK_SOIL_THRESHOLD": 100, "SEEPAGE": seepage_raster(tmp_path), "MIN_AREA": 0,
              "OUTPUT": "memory:", "OUTPUT_SUMMARY": "memory:", **extra}
    context = QgsProcessingContext()
    result = processing.run("wertvoll:compensationscreening", params, context=context,
                            feedback=feedback or WarningFeedback())
    return result, context


def test_estimates_by_hand(provider, tmp_path):
    feedback = WarningFeedback()
    result, context = run(tmp_path, feedback, DEMAND=1e12)  # everything selected
    out = {f["src_fid"]: f for f in output_layer(result, context).getFeatures()}
    assert out[1]["n_saved_ha"] == pytest.approx(73 * 140 / 229)
    assert out[1]["n_saved_kg"] == pytest.approx(2 * 73 * 140 / 229)
    assert out[1]["co2_t_a"] == pytest.approx(43 * 0.16 / 20 * CO2 * 2)
    assert out[1]["est_unc"] == "medium"
    assert out[2]["n_saved_ha"] == pytest.approx(60.0)
    assert out[2]["co2_t_a"] == pytest.approx(13 * 0.16 / 20 * CO2 * 2)
    assert out[2]["est_unc"] == "high"
    assert is_null(out[3]["n_saved_ha"]) and is_null(out[3]["n_saved_kg"])
    assert out[3]["co2_t_a"] == pytest.approx(43 * -0.14 / 20 * CO2)
    total = [f for f in output_layer(result, context, "OUTPUT_SUMMARY").getFeatures()][-1]
    assert total["municipality"] == "total"
    assert total["selected_n_kg"] == pytest.approx(2 * 73 * 140 / 229 + 120.0)
    assert total["selected_co2_t"] == pytest.approx(43 * 0.16 / 20 * CO2 * 2 + 13 * 0.16 / 20 * CO2 * 2
                                                    + 43 * -0.14 / 20 * CO2)
    assert any("No nitrate estimate for 1 candidate areas" in w for w in feedback.warnings), feedback.warnings
    assert any("percolation sickerwasser" in i for i in feedback.infos), feedback.infos


def test_nitrate_weight_orders_by_leaching_avoided(provider, tmp_path):
    weights = {"W_UPLIFT": 0, "W_WATER": 0, "W_FLOOD": 0, "W_RIPARIAN": 0, "W_CORRIDOR": 0}
    result, context = run(tmp_path, W_NITRATE=1, **weights)
    out = {f["src_fid"]: f for f in output_layer(result, context).getFeatures()}
    assert out[2]["score"] == pytest.approx(1.0)  # 60 kg N/ha·a over the full mark of 50: capped at 1
    assert out[1]["score"] == pytest.approx(73 * 140 / 229 / 50)
    assert (out[2]["rank"], out[1]["rank"], out[3]["rank"]) == (1, 2, 3)
    result, context = run(tmp_path, W_CLIMATE=1, **weights)
    out = {f["src_fid"]: f for f in output_layer(result, context).getFeatures()}
    assert out[1]["score"] == pytest.approx(43 * 0.16 / 20)  # t C/ha·a over the full mark of 1 t C/ha·a
    assert (out[1]["rank"], out[2]["rank"], out[3]["rank"]) == (1, 2, 3)


def test_own_factor_table_with_an_empty_cell_gives_no_figure(provider, tmp_path):
    own = tmp_path / "zustaende.csv"
    own.write_text("state;label;n_surplus_kg_ha;f_lu;f_mg;f_i\n"
                   "arable;Acker;;0.70;1;1\ngrassland_new;Wiese;0;0.82;1;1\n", encoding="utf-8")
    feedback = WarningFeedback()
    result, context = run(tmp_path, feedback, FACTORS_LAND=str(own))
    out = {f["src_fid"]: f for f in output_layer(result, context).getFeatures()}
    assert is_null(out[1]["n_saved_ha"])
    assert out[1]["co2_t_a"] == pytest.approx(43 * 0.12 / 20 * CO2 * 2)  # the moist-zone factors entered
    # the own table has no grassland states at all: the grassland parcel has no figure either
    assert any("No nitrate estimate for 3 candidate areas" in w and "arable → grassland_new (2)" in w
               for w in feedback.warnings), feedback.warnings
    assert any("No carbon estimate for 1 candidate areas" in w for w in feedback.warnings), feedback.warnings


def test_bad_factor_table_is_a_clear_error(provider, tmp_path):
    bad = tmp_path / "boeden.csv"
    bad.write_text("soil;codes;nfk_we_mm;soc_ref_t_ha;default\nsand;Ss;0;13;1\n", encoding="utf-8")
    with pytest.raises(Exception) as error:
        run(tmp_path, FACTORS_SOIL=str(bad))
    assert "line 2" in str(error.value) and "nfk_we_mm" in str(error.value)


def test_optimal_selection_with_a_least_nitrate_avoided(provider, tmp_path):
    """Farmland objective, demand 60,000 points: the grassland parcel 3 (1 ha, 70,000 points) is the cheapest
    cover; requiring 100 kg N/a brings in parcel 2 (sand: 120 kg N/a), not parcel 1 (89.3 kg N/a)."""
    chosen = {}
    for minimum in (0, 100):
        result, context = run(tmp_path, SELECTION=1, DEMAND=60000, MIN_NITRATE=minimum)
        chosen[minimum] = {f["src_fid"] for f in output_layer(result, context).getFeatures() if f["selected"]}
    assert chosen[0] == {3}
    assert 2 in chosen[100] and 1 not in chosen[100]
    with pytest.raises(Exception) as error:  # all three together avoid 2 × 73 × 140/229 + 120 = 209 kg N/a
        run(tmp_path, SELECTION=1, DEMAND=60000, MIN_NITRATE=1000)
    assert "1,000 kg N/a" in str(error.value) and "209 kg N/a" in str(error.value)
