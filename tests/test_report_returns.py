"""The report's 'what the city gets back' figures (report/data.py ``returns``), summed by hand."""
import pytest

from wertvoll.report.data import compensation, returns


def row(municipality, area, points, n_kg, co2, selected):
    return {"municipality": municipality, "area_m2": area, "uplift_pts": points, "n_saved_kg": n_kg,
            "co2_t_a": co2, "selected": selected}


ROWS = [row("Wurzen", 20000.0, 260000.0, 108.0, 2.5, True),
        row("Wurzen", 10000.0, 70000.0, None, -1.1, True),  # intensive grassland: no nitrate figure
        row("Bennewitz", 5000.0, 40000.0, 13.5, 0.3, True),
        row("Bennewitz", 9000.0, 90000.0, 99.0, 9.9, False)]  # not selected: not counted


def test_sums_of_the_selected_measures_per_municipality_and_in_total():
    r = returns(ROWS)
    assert r["basis"] == "selected"
    by_name = {m["name"]: m for m in r["municipalities"]}
    assert by_name["Wurzen"]["n_kg"] == 108.0 and by_name["Wurzen"]["co2_t"] == pytest.approx(1.4)
    assert by_name["Wurzen"]["without_n"] == 1 and by_name["Wurzen"]["points"] == 330000.0
    assert by_name["Bennewitz"]["n_kg"] == 13.5 and by_name["Bennewitz"]["count"] == 1
    assert r["total"]["n_kg"] == 121.5 and r["total"]["co2_t"] == pytest.approx(1.7)
    assert r["total"]["area_m2"] == 35000.0 and r["total"]["without_n"] == 1 and r["total"]["without_co2"] == 0
    assert [m["name"] for m in r["rows"]] == ["Bennewitz", "Wurzen", ""] and r["rows"][-1]["is_total"]


def test_nothing_selected_shows_all_candidates_and_no_estimates_no_table():
    r = returns([dict(x, selected=False) for x in ROWS])
    assert r["basis"] == "candidates" and r["total"]["n_kg"] == 108.0 + 13.5 + 99.0
    assert returns([dict(x, n_saved_kg=None, co2_t_a=None) for x in ROWS]) is None
    assert compensation([dict(x, n_saved_kg=None, co2_t_a=None) for x in ROWS])["returns"] is None


def test_from_the_summary_table_alone():
    summary = [{"municipality": "Wurzen", "selected_area_m2": 30000.0, "selected_pts": 330000.0,
                "selected_n_kg": 108.0, "selected_co2_t": 1.4},
               {"municipality": "total", "selected_area_m2": 30000.0, "selected_pts": 330000.0,
                "selected_n_kg": 108.0, "selected_co2_t": 1.4}]
    r = returns([], summary)
    assert [m["name"] for m in r["municipalities"]] == ["Wurzen"] and r["total"]["n_kg"] == 108.0
    assert returns([], [{"municipality": "total", "selected_pts": 1.0}]) is None  # an older summary without them


def test_comparison_of_the_two_selections_adds_nitrate_and_carbon_when_estimated():
    from wertvoll.report.data import comparison

    rows = [dict(r, sel_greedy=g) for r, g in zip(ROWS, (True, False, False, True))]
    table = {x["key"]: x for x in comparison(rows)["rows"]}
    assert table["n_kg"]["optimal"] == 108.0 + 13.5 and table["n_kg"]["greedy"] == 108.0 + 99.0
    assert table["co2_t"]["optimal"] == pytest.approx(2.5 - 1.1 + 0.3) and table["co2_t"]["greedy"] == 2.5 + 9.9
    blank = [dict(r, n_saved_kg=None, co2_t_a=None) for r in rows]
    assert not {"n_kg", "co2_t"} & {x["key"] for x in comparison(blank)["rows"]}
