"""The screening's optimal selection, selection frequency and connectivity gain through Processing.

The world (EPSG:25833, metres), three arable parcels, value 7 -> 15 (8 points per m²):

    P1 (0,0)-(100,100)     10,000 m²  80,000 points  municipality A, wholly in the water zone
    P2 (200,0)-(260,100)    6,000 m²  48,000 points  municipality B
    P3 (400,0)-(450,100)    5,000 m²  40,000 points  municipality B

Scores (weights 1): P1 = 8/24 + 1 = 1.333, P2 = P3 = 8/24 (P2 ranks first: more uplift).
Demand 85,000 points. By rank: P1 (80,000) falls short, P2 crosses the line: 16,000 m².
The pairs that cover 85,000: P1+P2 16,000 m², P1+P3 15,000 m², P2+P3 11,000 m² (88,000 points):
the least farmland is P2+P3, 5,000 m² less than by rank. With B allowed at most 60,000 points (field
maxpts) P2+P3 is out and P1+P3 (15,000 m²) is the optimum. A 60 % area cap excludes P1 (10,000 m² >
0.6 × A's 10,000 m²) and P2+P3 (11,000 m² > 0.6 × B's 11,000 m²): no selection covers the demand.
"""
import processing
import pytest
from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback

from layers import memory_layer, output_layer, square

TABLE = ("code;label;value_now;measure;value_target;pik_measure;pik_value_target;landuse_kind\n"
         "43001_1010;Acker;7;Wiese;15;;;arable\n")
DEMAND = 85_000


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text(TABLE, encoding="utf-8")
    return str(path)


def world(lock=("", "", "")):
    parcels = memory_layer("Polygon", "EPSG:25833", ["nutzung:string", "lock:string"], [
        (square(0, 0, 100, 100), {"nutzung": "43001_1010", "lock": lock[0]}),
        (square(200, 0, 260, 100), {"nutzung": "43001_1010", "lock": lock[1]}),
        (square(400, 0, 450, 100), {"nutzung": "43001_1010", "lock": lock[2]})], "parcels")
    water = memory_layer("Polygon", "EPSG:25833", [], [(square(-10, -10, 110, 110), {})], "water")
    municipalities = memory_layer("Polygon", "EPSG:25833", ["name:string", "maxpts:double"], [
        (square(-50, -50, 150, 150), {"name": "A", "maxpts": None}),
        (square(150, -50, 500, 150), {"name": "B", "maxpts": 60_000})], "gemeinden")
    return parcels, water, municipalities


def run(table, tmp_path=None, lock=("", "", ""), **extra):
    parcels, water, municipalities = world(lock)
    out = str(tmp_path / "out.gpkg") if tmp_path else "memory:"
    params = {"INPUT": parcels, "LANDUSE_FIELD": "nutzung", "VALUE_TABLE": table, "MIN_AREA": 100,
              "WATER_PROTECTION": water, "MUNICIPALITIES": municipalities, "MUNICIPALITY_FIELD": "name",
              "DEMAND": DEMAND, "OUTPUT": out, "OUTPUT_SUMMARY": "memory:", **extra}
    context = QgsProcessingContext()
    result = processing.run("wertvoll:compensationscreening", params, context=context,
                            feedback=QgsProcessingFeedback())
    layer = output_layer(result, context)
    rows = {round(f["area_m2"]): f for f in layer.getFeatures()}  # 10000 = P1, 6000 = P2, 5000 = P3
    return result, rows


def chosen(rows, field="selected"):
    return sorted(area for area, f in rows.items() if f[field] is True)


def test_by_rank_keeps_the_walk_and_leaves_sel_greedy_empty(provider, table):
    result, rows = run(table)
    assert chosen(rows) == [6000, 10000]
    assert all(f["sel_greedy"] is None or str(f["sel_greedy"]) == "NULL" for f in rows.values())
    assert result["SELECTION_STATUS"] == "by_rank"


def test_optimal_takes_the_two_small_parcels(provider, table):
    result, rows = run(table, SELECTION=1)
    assert chosen(rows) == [5000, 6000]
    assert chosen(rows, "sel_greedy") == [6000, 10000]
    assert result["FARMLAND_SAVED_M2"] == pytest.approx(5000)
    assert all(f["farmland"] is True and f["prime_soil"] is False for f in rows.values())


def test_a_municipality_cap_that_binds(provider, table):
    _result, rows = run(table, SELECTION=1, MUNICIPALITY_MAX_POINTS_FIELD="maxpts")
    assert chosen(rows) == [5000, 10000]


def test_locked_parcels(provider, table):
    _result, rows = run(table, SELECTION=1, LOCK_FIELD="lock", lock=("in", "", "out"))
    assert chosen(rows) == [6000, 10000]  # P1 in, P3 out: P2 is the only way to cover the rest


def test_infeasible_constraints_stop_the_run_and_write_nothing(provider, table, tmp_path):
    with pytest.raises(QgsProcessingException, match="(?i)demand|constraint"):
        run(table, tmp_path, SELECTION=1, MUNICIPALITY_MAX_SHARE=60)
    assert not (tmp_path / "out.gpkg").exists()


def test_selection_frequency_by_hand(provider, table):
    # every weight varies by ±50 %: the water share keeps P1 first (its score exceeds the others' by
    # w_water >= 0.5), P2 stays second (same score as P3, more uplift), so every walk takes P1 and P2
    _result, rows = run(table, ROBUSTNESS_RUNS=40, SEED=7)
    assert [(rows[a]["sel_freq"], rows[a]["rank_min"], rows[a]["rank_max"]) for a in (10000, 6000, 5000)] == [
        (1.0, 1, 1), (1.0, 2, 2), (0.0, 3, 3)]


def test_connectivity_gain_of_a_stepping_stone_through_processing(provider, tmp_path):
    """Two forest patches 400 m apart with arable land between them: the link runs through the arable
    parcel between them, which gets a gain; an arable parcel 1 km away gets none. Weighted, the parcel
    on the link outranks the one off it (equal otherwise)."""
    from wertvoll.kernels.value_table import SHIPPED_TABLES, shipped_table

    rows = [(square(0, 0, 100, 100), {"nutzung": "43002"}), (square(500, 0, 600, 100), {"nutzung": "43002"}),
            (square(100, 0, 500, 100), {"nutzung": "43001_1010"}),
            (square(100, 1000, 500, 1100), {"nutzung": "43001_1010"})]
    landuse = memory_layer("Polygon", "EPSG:25833", ["nutzung:string"], rows, "landuse")
    patches = memory_layer("Polygon", "EPSG:25833", ["id:integer"],
                           [(rows[0][0], {"id": 1}), (rows[1][0], {"id": 2})], "patches")
    net = processing.run("wertvoll:biotopecorridors", {
        "PATCHES": patches, "PATCH_ID_FIELD": "id", "MIN_PATCH_AREA": 0, "LANDUSE": landuse,
        "RESISTANCE_FIELD": "nutzung", "CELL_SIZE": 10, "DISPERSAL_COST": 20_000,
        "OUTPUT_LINKS": str(tmp_path / "links.gpkg"), "OUTPUT_CORRIDORS": "memory:",
        "OUTPUT_PATCHES": str(tmp_path / "patches.gpkg"), "OUTPUT_GAPS": "memory:"})
    context = QgsProcessingContext()
    result = processing.run("wertvoll:compensationscreening", {
        "INPUT": landuse, "LANDUSE_FIELD": "nutzung", "VALUE_TABLE": shipped_table(SHIPPED_TABLES[0][0])[0],
        "MIN_AREA": 100, "NETWORK_LINKS": net["OUTPUT_LINKS"], "NETWORK_PATCHES": net["OUTPUT_PATCHES"],
        "W_CONNECTIVITY": 1, "OUTPUT": "memory:", "OUTPUT_SUMMARY": "memory:"}, context=context)
    by_y = {round(f.geometry().boundingBox().yMinimum()): f for f in output_layer(result, context).getFeatures()}
    on, off = by_y[0], by_y[1000]
    assert on["gain_eca"] > 0 and off["gain_eca"] == 0
    assert on["rank"] == 1 and on["score"] > off["score"]
