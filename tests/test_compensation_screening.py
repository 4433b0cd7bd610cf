"""wertvoll:compensationscreening through Processing, with values worked out by hand.

Geometry of the small test world (EPSG:25833, metres):

    parcel 1  arable  (0,0)-(100,100)       10,000 m², soil 60
    parcel 2  grass   (200,0)-(300,100)     10,000 m², soil 30
    parcel 3  code "99" (unknown)           (400,0)-(500,100)
    exclusion strip   (0,0)-(20,100)        -> parcel 1 keeps 80 x 100 = 8,000 m²
    water zone        (200,0)-(250,100)     -> parcel 2: share_water 0.5
    municipality A    x < 150, B x >= 150

Value table (test_table.csv): arable 7 -> 15 (PIK 10), grassland 8 -> 15.
  parcel 1: uplift = (15 - 7) x 8,000 = 64,000; score = 8/24 = 0.3333
  parcel 2: uplift = (15 - 8) x 10,000 = 70,000; score = 7/24 + 0.5 = 0.7917
  -> parcel 2 rank 1, parcel 1 rank 2.
"""
import shutil

import processing
import pytest
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsVectorLayer,
)

from layers import square, memory_layer, reproject_wkt, output_layer, WarningFeedback

TABLE = (
    "code;label;value_now;measure;value_target;pik_measure;pik_value_target;landuse_kind\n"
    "43001_1010;Acker;7;Grünland;15;Extensivacker;10;arable\n"
    "43001_1020;Grünland;8;Extensivgrünland;15;;;grassland\n"
    "41001;bebaut;0;;;;;sealed\n"
)





@pytest.fixture
def table(tmp_path):
    path = tmp_path / "test_table.csv"
    path.write_text(TABLE, encoding="utf-8")
    return str(path)


def parcels(crs="EPSG:25833"):
    rows = [
        (square(0, 0, 100, 100), {"nutzung": "43001_1010", "bz": 60}),
        (square(200, 0, 300, 100), {"nutzung": "43001_1020", "bz": 30}),
        (square(400, 0, 500, 100), {"nutzung": "99", "bz": 50}),
    ]
    if crs != "EPSG:25833":
        rows = [(reproject_wkt(w, "EPSG:25833", crs), a) for w, a in rows]
    return memory_layer("Polygon", crs, ["nutzung:string", "bz:integer"], rows, "parcels")


def run(params, feedback=None):
    context = QgsProcessingContext()
    return processing.run("wertvoll:compensationscreening", params, context=context,
                          feedback=feedback or QgsProcessingFeedback()), context


def features_by_fid(layer):
    return {f["src_fid"]: f for f in layer.getFeatures()}



def base_params(table, input_layer, **extra):
    params = {
        "INPUT": input_layer, "LANDUSE_FIELD": "nutzung", "VALUE_TABLE": table,
        "MIN_AREA": 1000, "OUTPUT": "memory:", "OUTPUT_SUMMARY": "memory:",
    }
    params.update(extra)
    return params



def test_values_by_hand(provider, table):
    exclusion = memory_layer("Polygon", "EPSG:25833", [], [(square(0, 0, 20, 100), {})])
    water = memory_layer("Polygon", "EPSG:25833", ["zone:string"], [(square(200, 0, 250, 100), {"zone": "III"})])
    municipalities = memory_layer("Polygon", "EPSG:25833", ["name:string"], [
        (square(-1000, -1000, 150, 1000), {"name": "A"}), (square(150, -1000, 1000, 1000), {"name": "B"})])
    feedback = WarningFeedback()
    result, context = run(base_params(table, parcels(), EXCLUSIONS=[exclusion], WATER_PROTECTION=water,
                                      MUNICIPALITIES=municipalities, MUNICIPALITY_FIELD="name"), feedback)
    out = features_by_fid(output_layer(result, context))
    assert sorted(out) == [1, 2]  # memory layer fids start at 1; parcel 3 has an unknown code
    p1, p2 = out[1], out[2]
    assert p1["area_m2"] == pytest.approx(8000, rel=1e-9)
    assert p1["uplift_pts"] == pytest.approx(64000, rel=1e-9)
    assert p1["score"] == pytest.approx(8 / 24, abs=1e-9)
    assert p1["share_water"] == pytest.approx(0.0, abs=1e-12)
    assert p1["municipality"] == "A" and p1["landuse_label"] == "Acker" and p1["measure"] == "Grünland"
    assert p2["area_m2"] == pytest.approx(10000, rel=1e-9)
    assert p2["uplift_pts"] == pytest.approx(70000, rel=1e-9)
    assert p2["share_water"] == pytest.approx(0.5, abs=1e-9)
    assert p2["score"] == pytest.approx(7 / 24 + 0.5, abs=1e-9)
    assert (p2["rank"], p1["rank"]) == (1, 2)
    assert p2["municipality"] == "B"
    assert result["CANDIDATES"] == 2
    assert result["TOTAL_UPLIFT"] == pytest.approx(134000)
    # the excluded strip is gone: the candidate starts at x = 20
    assert p1.geometry().boundingBox().xMinimum() == pytest.approx(20.0)
    assert sum("99" in w for w in feedback.warnings) == 1, feedback.warnings


def test_summary_and_demand_met(provider, table):
    municipalities = memory_layer("Polygon", "EPSG:25833", ["name:string"], [
        (square(-1000, -1000, 150, 1000), {"name": "A"}), (square(150, -1000, 1000, 1000), {"name": "B"})])
    # ranks without weights on water: p1 8/24 = 0.333 (rank 1: 10,000 m² arable), p2 7/24 (rank 2)
    result, context = run(base_params(table, parcels(), MUNICIPALITIES=municipalities,
                                      MUNICIPALITY_FIELD="name", DEMAND=50000))
    out = features_by_fid(output_layer(result, context))
    assert out[1]["rank"] == 1 and out[1]["selected"] and not out[2]["selected"]
    assert result["SELECTED_PTS"] == pytest.approx(80000)  # (15-7) x 10,000
    assert result["DEMAND_MET"] is True
    summary = {f["municipality"]: f for f in output_layer(result, context, "OUTPUT_SUMMARY").getFeatures()}
    assert set(summary) == {"A", "B", "total"}
    assert summary["A"]["candidates"] == 1 and summary["A"]["selected_pts"] == pytest.approx(80000)
    assert summary["B"]["selected_area_m2"] == pytest.approx(0)
    assert summary["total"]["uplift_pts"] == pytest.approx(80000 + 70000)
    assert summary["total"]["area_m2"] == pytest.approx(20000)


def test_demand_not_met_selects_all_and_warns(provider, table):
    feedback = WarningFeedback()
    result, context = run(base_params(table, parcels(), DEMAND=1_000_000), feedback)
    out = features_by_fid(output_layer(result, context))
    assert all(f["selected"] for f in out.values())
    assert result["DEMAND_MET"] is False
    assert result["SELECTED_PTS"] == pytest.approx(150000)
    assert any("850" in w.replace(",", "").replace(".", "") for w in feedback.warnings), feedback.warnings


def test_pik_on_prime_soil(provider, table):
    """Soil 60 >= threshold 50: the arable parcel gets the PIK pair (target 10)."""
    result, context = run(base_params(table, parcels(), SOIL_FIELD="bz", PIK_SOIL_THRESHOLD=50))
    p1 = features_by_fid(output_layer(result, context))[1]
    assert p1["pik"] and p1["measure"] == "Extensivacker"
    assert p1["value_target"] == 10 and p1["uplift_pts"] == pytest.approx(30000)
    assert "15(3)" in p1["notes"]


def test_geographic_input_measured_in_metres(provider, table):
    """Input in EPSG:4326: areas are m² on the ground, output stays in the input's CRS.

    The parcel (0,0)-(100,100) of EPSG:25833 lies at 10.5° E on the equator, 4.5° off that
    zone's meridian; measured in its own UTM zone (32) the area is the ellipsoid's within 0.01 %
    (scale 0.9996-1.0000 there), which QgsDistanceArea gives independently."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsDistanceArea, QgsGeometry, QgsProject

    layer = parcels("EPSG:4326")
    result, context = run(base_params(table, layer))
    out_layer = output_layer(result, context)
    assert out_layer.crs().authid() == "EPSG:4326"
    out = features_by_fid(out_layer)
    ellipsoid = QgsDistanceArea()
    ellipsoid.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance().transformContext())
    ellipsoid.setEllipsoid("EPSG:7019")
    ground = ellipsoid.measureArea(QgsGeometry.fromWkt(reproject_wkt(square(0, 0, 100, 100), "EPSG:25833",
                                                                     "EPSG:4326")))
    assert out[1]["area_m2"] == pytest.approx(ground, rel=2e-4)
    assert out[1]["uplift_pts"] == pytest.approx(8 * ground, rel=2e-4)  # 7 -> 15 points per m²


def test_mixed_crs_exclusion(provider, table):
    """An exclusion layer in EPSG:4326 is reprojected before it is cut out."""
    exclusion = memory_layer("Polygon", "EPSG:4326", [],
                             [(reproject_wkt(square(0, 0, 50, 100), "EPSG:25833", "EPSG:4326"), {})])
    result, context = run(base_params(table, parcels(), EXCLUSIONS=[exclusion]))
    p1 = features_by_fid(output_layer(result, context))[1]
    assert p1["area_m2"] == pytest.approx(5000, rel=1e-4)


def test_min_area_drops_small_parts(provider, table):
    """An exclusion cuts parcel 1 into 60 m x 100 m and 30 m x 100 m; MIN_AREA 4000 keeps one part."""
    exclusion = memory_layer("Polygon", "EPSG:25833", [], [(square(60, -10, 70, 110), {})])
    result, context = run(base_params(table, parcels(), EXCLUSIONS=[exclusion], MIN_AREA=4000))
    parts = [f for f in output_layer(result, context).getFeatures() if f["src_fid"] == 1]
    assert [round(f["area_m2"]) for f in parts] == [6000]


def test_geopackage_output_and_unchanged_input(provider, table, tmp_path):
    layer = parcels()
    before = [(f.id(), f.geometry().asWkt(), f.attributes()) for f in layer.getFeatures()]
    target = tmp_path / "result.gpkg"
    result, context = run(base_params(table, layer, OUTPUT=str(target)))
    written = QgsVectorLayer(result["OUTPUT"], "written", "ogr")
    assert written.isValid() and written.featureCount() == 2
    assert [f.name() for f in written.fields()][1:] == [
        "src_fid", "municipality", "landuse", "landuse_label", "area_m2", "value_now", "measure",
        "value_target", "pik", "uplift_pts", "share_water", "share_flood", "share_riparian",
        "share_corridor", "score", "rank", "selected", "sel_greedy", "sel_freq", "rank_min", "rank_max",
        "gain_eca", "farmland", "prime_soil", "n_saved_ha", "n_saved_kg", "co2_t_a", "est_unc", "method",
        "notes"]  # [0] is the GeoPackage fid
    assert [(f.id(), f.geometry().asWkt(), f.attributes()) for f in layer.getFeatures()] == before


def test_malformed_value_table_is_a_clear_error(provider, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(TABLE + "43002;Wald;viel;;;;;forest\n", encoding="utf-8")
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="line 5"):
        run(base_params(str(bad), parcels()))


def test_output_feeds_the_next_step_of_a_model(provider, table, tmp_path):
    """A model: screening -> native:extractbyexpression ("selected")."""
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterFeatureSource,
    )

    model = QgsProcessingModelAlgorithm("screen_and_pick", "test")
    model.addModelParameter(QgsProcessingParameterFeatureSource("parcels", "parcels"),
                            QgsProcessingModelParameter("parcels"))
    screening = QgsProcessingModelChildAlgorithm("wertvoll:compensationscreening")
    screening.setChildId("screening")
    screening.addParameterSources("INPUT", [QgsProcessingModelChildParameterSource.fromModelParameter("parcels")])
    for name, value in (("LANDUSE_FIELD", "nutzung"), ("VALUE_TABLE", table), ("MIN_AREA", 1000),
                        ("DEMAND", 50000)):
        screening.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromStaticValue(value)])
    model.addChildAlgorithm(screening)
    pick = QgsProcessingModelChildAlgorithm("native:extractbyexpression")
    pick.setChildId("pick")
    pick.addParameterSources("INPUT", [QgsProcessingModelChildParameterSource.fromChildOutput("screening", "OUTPUT")])
    pick.addParameterSources("EXPRESSION", [QgsProcessingModelChildParameterSource.fromStaticValue('"selected"')])
    output = QgsProcessingModelOutput("picked")
    output.setChildOutputName("OUTPUT")
    output.setChildId("pick")
    pick.setModelOutputs({"picked": output})
    model.addChildAlgorithm(pick)
    target = tmp_path / "picked.gpkg"
    context = QgsProcessingContext()
    result = processing.run(model, {"parcels": parcels(), "pick:picked": str(target)}, context=context)
    picked = QgsVectorLayer(result["pick:picked"], "picked", "ogr")
    assert picked.isValid()
    assert [f["src_fid"] for f in picked.getFeatures()] == [1]  # only the selected candidate


@pytest.mark.skipif(shutil.which("qgis_process.bin") is None, reason="qgis_process.bin not installed")
def test_qgis_process_run(provider, table, tmp_path):
    """From the command line with the QGIS's own Python and pip's newest shapely (tests/qgisprocess.py)."""
    from qgisprocess import environment, plugin_folder, run_json, user_site_with_pip_shapely

    source = tmp_path / "parcels.gpkg"
    processing.run("native:savefeatures", {"INPUT": parcels(), "OUTPUT": str(source)})
    env = environment(tmp_path, plugin_folder(tmp_path), user_base=user_site_with_pip_shapely()[0])
    results = run_json(env, "wertvoll:compensationscreening", {
        "INPUT": source, "LANDUSE_FIELD": "nutzung", "VALUE_TABLE": table, "MIN_AREA": 1000,
        "OUTPUT": tmp_path / "out.gpkg", "OUTPUT_SUMMARY": tmp_path / "summary.csv"})
    assert results["CANDIDATES"] == 2
    assert results["TOTAL_UPLIFT"] == pytest.approx(150000)


def test_invalid_geometry_repaired_with_warning(provider, table):
    """A bow-tie (0 0, 100 100, 100 0, 0 100) is two triangles of 2,500 m² once repaired."""
    from qgis.core import QgsFeatureRequest

    bow_tie = "POLYGON((0 0,100 100,100 0,0 100,0 0))"
    layer = memory_layer("Polygon", "EPSG:25833", ["nutzung:string"], [(bow_tie, {"nutzung": "43001_1010"})])
    context = QgsProcessingContext()
    no_check = getattr(QgsFeatureRequest, "GeometryNoCheck", None)
    context.setInvalidGeometryCheck(no_check)  # the user's setting "do not filter invalid geometries"
    feedback = WarningFeedback()
    result = processing.run("wertvoll:compensationscreening", base_params(table, layer), context=context,
                            feedback=feedback)
    parts = list(output_layer(result, context).getFeatures())
    assert sorted(round(f["area_m2"], 6) for f in parts) == [2500.0, 2500.0]
    assert sum(f["uplift_pts"] for f in parts) == pytest.approx(8 * 5000)
    assert any("repaired" in w or "invalid" in w for w in feedback.warnings), feedback.warnings


def test_empty_cobenefit_layer_gives_zero_share(provider, table):
    empty = memory_layer("Polygon", "EPSG:25833", [], [])
    result, context = run(base_params(table, parcels(), FLOODPLAIN=empty, RIPARIAN=empty))
    for feature in output_layer(result, context).getFeatures():
        assert feature["share_flood"] == 0 and feature["share_riparian"] == 0
    assert result["CANDIDATES"] == 2


def test_network_gap_lines_count_with_a_band(provider, table):
    # a gap line across parcel 2 at x = 250 from y = 0 to 100; with a 10 m band the buffer covers
    # x 240..260 inside the parcel (round caps reach outside it): 20 x 100 = 2,000 of 10,000 m² -> 0.2
    gap = memory_layer("LineString", "EPSG:25833", [], [("LINESTRING(250 0, 250 100)", {})])
    result, context = run(base_params(table, parcels(), CORRIDORS=gap, CORRIDOR_BUFFER=10))
    by_fid = features_by_fid(output_layer(result, context))
    assert by_fid[2]["share_corridor"] == pytest.approx(0.2, abs=1e-3)
    assert by_fid[1]["share_corridor"] == 0
