"""Nitrate leaching avoided and soil carbon per measure (kernels/water_climate.py, issue 24).

Every expected value is worked out by hand from the numbers printed in the shipped tables
(resources/water_climate/*.csv) and written out here as arithmetic, not read from the code:

    land state           N surplus kg N/ha·a   F_LU × F_MG × F_I (IPCC 2019, cool temperate dry)
    arable                    73                 0.77 × 1 × 1
    arable_pik                52.6               0.77 × 1 × 1
    grassland_new              0                 0.93 × 1 × 1   (set-aside factor, IPCC 2006 Ch. 6)
    grassland_intensive        (empty)           1 × 1.14 × 1
    grassland_extensive        0                 1

    soil class     nFKWe mm   SOC_REF t C/ha
    sand              73          13
    loamy_sand       160          43   (the default class)
    loess            229          43

Nitrate: (surplus before - after) × min(1, percolation / nFKWe). Carbon: SOC_REF × (F after -
F before) / 20 a × 44/12 t CO2 per t C × ha.
"""
import math

import numpy as np
import pytest
import shapely
from shapely.geometry import box

from wertvoll.kernels import water_climate as wc
from wertvoll.kernels.errors import KernelError
from wertvoll.kernels.grid import Grid
from wertvoll.kernels.screening import ScreeningOptions, screen
from wertvoll.kernels.value_table import DEFAULT_TABLE_PATH, load_value_table

FACTORS = wc.load_factors()
SAND, LOAMY, LOESS = 0, 1, 2


def one(before, after, soil, seepage=85.0, area_m2=20_000.0):
    """The estimate of one part of *area_m2* (default 2 ha)."""
    site = wc.Site(np.array([soil]), np.array([seepage]), np.array([False]))
    return wc.estimate(np.array([area_m2]), (np.array([before], object), np.array([after], object)), site, FACTORS)


def test_the_shipped_tables_hold_the_numbers_the_docstring_names():
    s = FACTORS.states
    assert (s["arable"].n_surplus, s["arable"].stock_factor) == (73, 0.77)
    assert (s["grassland_new"].n_surplus, s["grassland_new"].stock_factor) == (0, 0.93)
    assert math.isnan(s["grassland_intensive"].n_surplus) and s["grassland_intensive"].stock_factor == 1.14
    assert [(x.key, x.nfk_we, x.soc_ref) for x in FACTORS.soils] == [
        ("sand", 73, 13), ("loamy_sand", 160, 43), ("loess", 229, 43)]
    assert FACTORS.default_soil() == LOAMY
    for row in (*s.values(), *FACTORS.soils):  # every row names its source and what is assumed
        assert row.source and row.status


def test_arable_to_meadow_on_sand_all_the_surplus_leaches():
    e = one("arable", "grassland_new", SAND)  # AH = 85 / 73 = 1.16 > 1: the soil water is replaced once a year
    assert e.n_saved_ha[0] == pytest.approx(73.0)
    assert e.n_saved_kg[0] == pytest.approx(146.0)  # 2 ha
    assert e.co2_t_a[0] == pytest.approx(13 * (0.93 - 0.77) / 20 * 44 / 12 * 2)  # 0.763 t CO2/a


def test_arable_to_meadow_on_loess_a_third_leaches():
    e = one("arable", "grassland_new", LOESS)  # AH = 85 / 229 = 0.371
    assert e.n_saved_ha[0] == pytest.approx(73 * 85 / 229)  # 27.1 kg N/ha·a
    assert e.n_saved_kg[0] == pytest.approx(2 * 73 * 85 / 229)
    assert e.co2_t_a[0] == pytest.approx(43 * 0.16 / 20 * 44 / 12 * 2)  # 2.52 t CO2/a


def test_pik_keeps_a_quarter_of_the_surplus_and_no_carbon():
    e = one("arable", "arable_pik", LOESS)
    assert e.n_saved_ha[0] == pytest.approx((73 - 52.6) * 85 / 229)  # 7.57 kg N/ha·a
    assert e.co2_t_a[0] == 0.0  # same IPCC factors: medium input, full tillage


def test_intensive_to_extensive_grassland_no_nitrate_figure_and_a_tier1_carbon_loss():
    e = one("grassland_intensive", "grassland_extensive", LOAMY)
    assert math.isnan(e.n_saved_ha[0]) and math.isnan(e.n_saved_kg[0])  # no sourced surplus: left empty
    assert e.co2_t_a[0] == pytest.approx(43 * (1.0 - 1.14) / 20 * 44 / 12 * 2)  # -1.10 t CO2/a: improved -> nominal


def test_unknown_or_missing_states_give_no_estimate():
    for before, after in (("arable", ""), ("", "grassland_new"), ("arable", "moor")):
        e = one(before, after, LOAMY)
        assert math.isnan(e.n_saved_ha[0]) and math.isnan(e.co2_t_a[0])


def test_more_percolation_never_less_nitrate_avoided():
    seepage = np.linspace(0.0, 400.0, 81)
    for soil in (SAND, LOAMY, LOESS):
        n = [one("arable", "grassland_new", soil, s).n_saved_ha[0] for s in seepage]
        assert np.all(np.diff(n) >= 0) and n[0] == 0.0 and n[-1] == pytest.approx(73.0)


def test_units_scale_with_the_area():
    small, large = one("arable", "grassland_new", LOESS, area_m2=5_000.0), one("arable", "grassland_new", LOESS,
                                                                              area_m2=50_000.0)
    assert small.n_saved_ha[0] == large.n_saved_ha[0]  # per hectare: the area does not matter
    assert large.n_saved_kg[0] == pytest.approx(10 * small.n_saved_kg[0])
    assert large.co2_t_a[0] == pytest.approx(10 * small.co2_t_a[0])
    # 1 t C is 3.667 t CO2: 43 × 0.16 / 20 = 0.344 t C/ha·a on 5 ha
    assert large.co2_t_a[0] / (44 / 12) == pytest.approx(0.344 * 5)


def test_soil_class_by_type_then_index_then_default():
    types = np.array(["Ut4", "sl3", None, None, "Moor", "SAND"], dtype=object)
    index = np.array([20.0, 20.0, 80.0, np.nan, 40.0, 90.0])
    soil, by_type, unknown = wc.soil_classes(FACTORS, 6, types, index)
    assert soil.tolist() == [LOESS, LOAMY, LOESS, LOAMY, LOAMY, SAND]  # type wins; index 80: loess; none: default
    assert by_type.tolist() == [True, True, False, False, False, True]
    assert unknown == {"Moor": 1}
    assert wc.soil_classes(FACTORS, 3)[0].tolist() == [LOAMY] * 3
    assert wc.soil_classes(FACTORS, 4, soil_index=np.array([29.9, 30.0, 54.9, 55.0]))[0].tolist() == [
        SAND, LOAMY, LOAMY, LOESS]


def test_percolation_default_where_the_raster_has_none_and_never_below_zero():
    mm, sampled = wc.seepage(np.array([120.0, np.nan, -30.0]), 85.0)
    assert mm.tolist() == [120.0, 85.0, 0.0] and sampled.tolist() == [True, False, True]


def test_score_shares_cap_at_the_full_mark():
    est = wc.Estimate(np.array([25.0, 80.0, np.nan, -5.0]), None, np.array([44 / 12 / 2, 44 / 12 * 3, 1.0, 0.0]),
                      None)
    shares = wc.score_shares(est, np.array([10_000.0, 10_000.0, 10_000.0, 10_000.0]))
    assert shares["nitrate"].tolist() == [0.5, 1.0, 0.0, 0.0]  # 25 of 50 kg; capped; NaN and losses count 0
    assert shares["climate"] == pytest.approx([0.5, 1.0, 1 / (44 / 12), 0.0])


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_factor_tables_name_the_line(tmp_path):
    head = "state;label;n_surplus_kg_ha;f_lu;f_mg;f_i\n"
    with pytest.raises(KernelError) as e:
        wc.load_states(write(tmp_path, "a.csv", head + "arable;A;73;0.77;1;1\narable;B;70;0.77;1;1\n"))
    assert e.value.params["first"] == 2 and e.value.params["line"] == 3
    with pytest.raises(KernelError) as e:
        wc.load_states(write(tmp_path, "b.csv", head + "arable;A;73;-0.77;1;1\n"))
    assert e.value.params["line"] == 2 and e.value.params["column"] == "f_lu"
    with pytest.raises(KernelError) as e:
        wc.load_states(write(tmp_path, "c.csv", "state;label;f_lu\n"))
    assert "n_surplus_kg_ha" in e.value.params["missing"]
    soils = "soil;codes;nfk_we_mm;soc_ref_t_ha;default\nsand;Ss;73;13;1\nloess;Ut4;229;43;1\n"
    with pytest.raises(KernelError):  # two defaults
        wc.load_soils(write(tmp_path, "d.csv", soils))
    own = wc.load_states(write(tmp_path, "e.csv", head + "arable;A;;0.77;1;1\n"))
    assert math.isnan(own["arable"].n_surplus)  # empty: no sourced value


# --------------------------------------------------------------------------- through the screening

PARCELS = np.array([box(0, 0, 200, 100), box(300, 0, 500, 100), box(600, 0, 700, 100), box(800, 0, 900, 100)],
                   dtype=object)
CODES = ["43001_1010", "43001_1010", "43001_1020", "44001"]  # arable, arable, intensive grassland, river


def screened(**kw):
    table = load_value_table(DEFAULT_TABLE_PATH)
    inputs = wc.Inputs(FACTORS, **{k: kw.pop(k) for k in ("soil_types", "seepage", "water_by_nitrate") if k in kw})
    return screen(PARCELS, np.arange(1, 5), CODES, table,
                  ScreeningOptions(min_area=0.0, water_climate=inputs, **kw))


def by_fid(result):
    return result.table.set_index("src_fid")


def test_screening_fields_with_a_percolation_raster_and_soil_types():
    # percolation 160 mm/a west of x = 350, 40 mm/a east of it; cells of 100 m from x = -50 (no point on an edge)
    values = np.where(np.arange(10) < 4, 160.0, 40.0)[None, :].repeat(2, axis=0)
    grid = Grid(values, -50.0, 200.0, 100.0, 100.0)
    r = screened(soil_types=["Ut4", None, "Sl3", "Ut4"], seepage=grid, soil=np.array([np.nan, 20.0, np.nan, 50.0]))
    t = by_fid(r)
    # 1: loess, 160 mm (point inside 0-200 m): (73 - 0) × 160/229 on 2 ha; carbon 43 × 0.16/20 × 44/12 × 2
    assert t.loc[1, "n_saved_ha"] == pytest.approx(73 * 160 / 229)
    assert t.loc[1, "n_saved_kg"] == pytest.approx(2 * 73 * 160 / 229)
    assert t.loc[1, "co2_t_a"] == pytest.approx(43 * 0.16 / 20 * 44 / 12 * 2)
    assert t.loc[1, "est_unc"] == "medium"  # soil type and raster: site data
    # 2: soil index 20 -> sand; its point lies at x = 400 (its middle): 40 mm/a -> AH 40/73. It is the only
    # arable part with a soil index, so the index is the PIK threshold (the mean) and PIK is proposed
    assert t.loc[2, "pik"]
    assert t.loc[2, "n_saved_ha"] == pytest.approx((73 - 52.6) * 40 / 73)
    assert t.loc[2, "co2_t_a"] == 0.0
    assert t.loc[2, "est_unc"] == "high"  # soil from the index only
    assert math.isnan(t.loc[3, "n_saved_ha"]) and t.loc[3, "co2_t_a"] == pytest.approx(43 * -0.14 / 20 * 44 / 12)
    assert math.isnan(t.loc[4, "n_saved_ha"]) and math.isnan(t.loc[4, "co2_t_a"])  # the river: no land state
    assert t.loc[4, "est_unc"] is None and t.loc[3, "est_unc"] == "medium"  # 3: a soil type, inside the raster
    texts = [template.format(**params) for template, params in r.warnings]
    assert any("No nitrate estimate for 1 candidate areas" in x and "grassland_intensive → grassland_extensive" in x
               for x in texts)
    assert not any("No carbon estimate" in x for x in texts)  # the river has no land state: not a gap


def test_summary_sums_what_the_selected_measures_give():
    r = screened(demand=1.0, weights={"uplift": 1.0})  # the walk takes the best-ranked part only
    t = r.table
    chosen = t[t["selected"]]
    assert len(chosen) == 1
    total = r.summary.iloc[-1]
    assert total["selected_n_kg"] == pytest.approx(chosen["n_saved_kg"].sum())
    assert total["selected_co2_t"] == pytest.approx(chosen["co2_t_a"].sum())
    everything = screened(demand=1e12).summary.iloc[-1]  # all selected; the NaNs count 0
    default = 73 * 85 / 160 * 2  # loamy sand (default class), default percolation, 2 ha each
    assert everything["selected_n_kg"] == pytest.approx(2 * default)
    assert everything["selected_co2_t"] == pytest.approx(2 * 43 * 0.16 / 20 * 44 / 12 * 2 + 43 * -0.14 / 20 * 44 / 12)


def test_weights_default_zero_and_move_the_ranking_when_set():
    plain = screen(PARCELS, np.arange(1, 5), CODES, load_value_table(DEFAULT_TABLE_PATH),
                   ScreeningOptions(min_area=0.0))
    with_estimates = screened()
    assert with_estimates.table["score"].tolist() == plain.table["score"].tolist()  # W_NITRATE = W_CLIMATE = 0
    assert with_estimates.table["rank"].tolist() == plain.table["rank"].tolist()
    # nitrate only: arable parts score 73 × 85/160 / 50 = 0.776, grassland and river 0
    r = by_fid(screened(weights={"uplift": 0.0, "water": 0.0, "flood": 0.0, "riparian": 0.0, "corridor": 0.0,
                                 "nitrate": 1.0}))
    assert r.loc[1, "score"] == pytest.approx(73 * 85 / 160 / 50) and r.loc[3, "score"] == 0.0
    assert set(r.loc[[1, 2], "rank"]) == {1, 2}


def test_water_share_by_nitrate_inside_the_zones():
    zone = np.array([box(0, 0, 100, 100), box(600, 0, 700, 100)], dtype=object)  # half of 1, all of 3
    kw = dict(water=zone, weights={"uplift": 0.0, "flood": 0.0, "riparian": 0.0, "corridor": 0.0})
    area = by_fid(screened(**kw))
    assert area.loc[1, "score"] == pytest.approx(0.5) and area.loc[3, "score"] == pytest.approx(1.0)
    nitrate = by_fid(screened(water_by_nitrate=True, **kw))
    assert nitrate.loc[1, "score"] == pytest.approx(0.5 * 73 * 85 / 160 / 50)
    assert nitrate.loc[3, "score"] == 0.0  # no nitrate figure for grassland: nothing for drinking water
    assert nitrate.loc[1, "share_water"] == 0.5  # the output field stays the area share


def test_outside_the_raster_takes_the_default_with_a_warning():
    grid = Grid(np.full((1, 1), 200.0), 0.0, 100.0, 150.0, 100.0)  # covers parcel 1 only
    r = screened(seepage=grid)
    t = by_fid(r)
    assert t.loc[1, "n_saved_ha"] == pytest.approx(73 * min(1.0, 200 / 160))
    assert t.loc[2, "n_saved_ha"] == pytest.approx(73 * 85 / 160)
    texts = [template.format(**params) for template, params in r.warnings]
    assert any(x.startswith("3 candidate areas lie outside the percolation raster") for x in texts)


def test_point_inside_each_part_is_sampled():
    ring = shapely.difference(box(0, 0, 300, 300), box(50, 50, 250, 250))  # its centroid lies in the hole
    grid = Grid(np.array([[10.0, 10.0, 10.0], [10.0, 999.0, 10.0], [10.0, 10.0, 10.0]]), 0.0, 300.0, 100.0, 100.0)
    from wertvoll.kernels.screening import _sample
    assert _sample(grid, np.array([ring], dtype=object)).tolist() == [10.0]
