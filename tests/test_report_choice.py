"""The report's comparison of the optimal selection with the walk by rank, its robust picks and the
connectivity table (report/data.py), from rows worked out by hand."""
import pytest

from wertvoll.report.data import compensation


def row(fid, area, pts, *, greedy, optimal, municipality="A", farmland=True, prime=False, water=0.0,
        freq=None, gain=None, rank=None):
    return {"src_fid": fid, "rank": rank or fid, "municipality": municipality, "area_m2": area, "uplift_pts": pts,
            "sel_greedy": greedy, "selected": optimal, "farmland": farmland, "prime_soil": prime,
            "share_water": water, "share_flood": 0.0, "share_riparian": 0.0, "share_corridor": 0.0,
            "sel_freq": freq, "rank_min": 1, "rank_max": 3, "gain_eca": gain, "landuse": "43001_1010",
            "measure": "Wiese", "score": 1.0, "notes": ""}


ROWS = [row(1, 10_000, 80_000, greedy=True, optimal=False, water=1.0, freq=1.0),
        row(2, 6_000, 48_000, greedy=True, optimal=True, municipality="B", prime=True, freq=0.95, gain=300.0),
        row(3, 5_000, 40_000, greedy=False, optimal=True, municipality="B", farmland=False, freq=0.5, gain=120.0)]


def test_the_two_selections_side_by_side():
    v = compensation(ROWS)["comparison"]
    figures = {r["key"]: (r["greedy"], r["optimal"]) for r in v["rows"]}
    assert figures["count"] == (2, 2)
    assert figures["area_m2"] == (16_000, 11_000)
    assert figures["farmland_m2"] == (16_000, 6_000)  # P3 is no farmland
    assert figures["prime_m2"] == (6_000, 6_000)
    assert figures["points"] == (128_000, 88_000)
    # water share by area: by rank 10,000 of 16,000 m²; optimal none
    assert figures["share_water"] == (pytest.approx(0.625), 0.0)
    assert (v["both"], v["only_optimal"], v["only_greedy"]) == (1, 1, 1)
    assert v["farmland_saved_m2"] == 10_000
    per = {m["name"]: m for m in v["municipalities"]}
    assert (per["A"]["greedy_area_m2"], per["A"]["optimal_area_m2"]) == (10_000, 0.0)
    assert (per["B"]["greedy_pts"], per["B"]["optimal_pts"]) == (48_000, 88_000)
    assert [(r["src_fid"], r["only"]) for r in v["differ"]] == [(1, "greedy"), (3, "optimal")]


def test_no_comparison_without_an_optimal_run():
    rows = [dict(r, sel_greedy=None) for r in ROWS]
    assert compensation(rows)["comparison"] is None


def test_robust_picks_among_the_selected():
    b = compensation(ROWS)["robust"]
    assert (b["selected_count"], b["robust_count"]) == (2, 1)  # P2 0.95 >= 0.9, P3 0.5
    assert [r["robust"] for r in b["rows"]] == [True, False]
    assert compensation([dict(r, sel_freq=None) for r in ROWS])["robust"] is None


def test_connectivity_table_by_gain():
    g = compensation(ROWS)["connectivity"]
    assert [r["src_fid"] for r in g["rows"]] == [2, 3]
    assert compensation([dict(r, gain_eca=0.0) for r in ROWS])["connectivity"] is None


@pytest.mark.parametrize("name", ["kompensation", "stadt-land-bilanz"])
def test_the_reports_print_the_comparison(tmp_path, name):
    import datetime

    import docx

    from wertvoll.report import data, engine

    spec = engine.load_template(engine.BUILTIN_DIR / name, builtin=True)
    values = engine.resolve_values(spec, {"author": "Büro Muster", "date": datetime.date(2026, 12, 6),
                                          "demand": 85_000}, "de")
    context = data.build_context(spec, values, {"COMPENSATION": ROWS}, "de")
    html = engine.render_html(spec, context, "de")
    engine.render_docx(spec, context, tmp_path / "r.docx", "de")
    word = "\n".join(c.text for t in docx.Document(str(tmp_path / "r.docx")).tables for r in t.rows for c in r.cells)
    for text in (html, word):
        # area 1.6 ha by rank against 1.1 ha optimal; farmland saved 1.0 ha; 88,000 points; 62.5 % water
        for figure in ("1,6", "1,1", "88.000", "128.000", "62,5 %", "Eingesparte landwirtschaftliche Fläche",
                       "Robuste Flächen unter den ausgewählten", "95 %", "ECA-Zuwachs"):
            assert figure in text, (figure, name)
