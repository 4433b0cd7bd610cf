"""The shipped model wertvoll:stadtlandbilanz runs the whole chain and its report matches the layers."""
import processing
import pytest
from qgis.core import QgsApplication, QgsVectorLayer

from conftest import _PROVIDER_KEEPALIVE
from test_report import docx_rows, german_number, html_rows, value


@pytest.fixture(scope="module")
def small_region(tmp_path_factory):
    import make_demo_region

    out = tmp_path_factory.mktemp("model_region")
    result = make_demo_region.generate(out, seed=7, scale=0.1, parcels=600, river_segments=40, patches=6,
                                       dem_size=96)
    return out / "demo_region.gpkg", result["dem"]


def layer(gpkg, name):
    return f"{gpkg}|layername={name}"


def test_model_is_listed_and_opens_like_a_model(provider):
    model = QgsApplication.processingRegistry().algorithmById("wertvoll:stadtlandbilanz")
    assert model is not None and model.groupId() == "report"
    steps = {child.algorithmId() for child in model.childAlgorithms().values()}
    assert steps == {"wertvoll:riparianstrips", "wertvoll:floodriskzones", "wertvoll:biotopecorridors",
                     "wertvoll:compensationscreening", "wertvoll:report"}
    # every child parameter it sets exists in the algorithm it calls (catches renamed parameters)
    for child in model.childAlgorithms().values():
        names = {p.name() for p in child.algorithm().parameterDefinitions()}
        assert set(child.parameterSources()) <= names, (child.childId(), set(child.parameterSources()) - names)


@pytest.fixture(scope="module")
def model_run(qgis_app, qgis_processing, small_region, tmp_path_factory):
    from qgis.core import QgsApplication as App

    from wertvoll.algorithms.provider import WertvollProvider

    if App.processingRegistry().providerById("wertvoll") is None:  # module scope: no 'provider' fixture
        instance = WertvollProvider()
        App.processingRegistry().addProvider(instance)
        _PROVIDER_KEEPALIVE[:] = [instance]
    gpkg, dem = small_region
    out = tmp_path_factory.mktemp("model_run")
    model = App.processingRegistry().algorithmById("wertvoll:stadtlandbilanz")
    outputs = {p.name(): "TEMPORARY_OUTPUT" for p in model.destinationParameterDefinitions()}
    result = processing.run("wertvoll:stadtlandbilanz", {**outputs,
        "RIVERS": layer(gpkg, "gewaesser"), "CHANNEL_WIDTH_FIELD": "breite_m", "DEM": str(dem),
        "BUILTUP": layer(gpkg, "ortslagen"), "PARCELS": layer(gpkg, "flurstuecke"), "LANDUSE_FIELD": "nutzung",
        "SOIL_FIELD": "bodenzahl", "EXCLUSIONS": [layer(gpkg, "ortslagen"), layer(gpkg, "verkehr")],
        "WATER_PROTECTION": layer(gpkg, "wasserschutzgebiete"), "FLOODPLAIN": layer(gpkg, "ueberschwemmungsgebiet"),
        "MUNICIPALITIES": layer(gpkg, "gemeinden"), "MUNICIPALITY_FIELD": "name",
        "PATCHES": layer(gpkg, "habitate"), "DEMAND": 500000, "AUTHOR": "Testlauf",
        "screening:candidates": str(out / "kandidaten.gpkg"), "network:links": str(out / "links.gpkg"),
        "riparian:strips": str(out / "streifen.gpkg"),
        "report:report_html": str(out / "bilanz.html"), "report:report_docx": str(out / "bilanz.docx"),
    })
    return result, out


def test_model_runs_the_chain_and_reports_what_the_layers_hold(provider, model_run):
    result, out = model_run
    html, word = out / "bilanz.html", out / "bilanz.docx"
    candidates = QgsVectorLayer(result["screening:candidates"], "c", "ogr")
    links = QgsVectorLayer(result["network:links"], "l", "ogr")
    assert candidates.isValid() and candidates.featureCount() > 0 and links.isValid()
    uplift = sum(f["uplift_pts"] for f in candidates.getFeatures())
    selected = sum(f["uplift_pts"] for f in candidates.getFeatures() if f["selected"])
    for rows in (html_rows(html), docx_rows(word)):
        assert value(rows, "Bearbeitung") == "Testlauf"
        assert german_number(value(rows, "Bedarf (Wertpunkte)")) == 500000
        assert german_number(value(rows, "Aufwertung (Wertpunkte)")) == pytest.approx(uplift, abs=0.6)
        assert german_number(value(rows, "Ausgewählt (Wertpunkte)")) == pytest.approx(selected, abs=0.6)
        assert german_number(value(rows, "Verbindungen")) == links.featureCount()


def test_demo_project_opens_with_valid_layers_and_layout(provider, model_run, small_region):
    import zipfile

    from demo_project import build_demo_project
    from qgis.core import QgsProject

    result, out = model_run
    gpkg, dem = small_region
    target = out / "projekt.qgz"
    build_demo_project(target, [("Gemeinden", layer(gpkg, "gemeinden"), "ogr", True),
                                ("Geländemodell", str(dem), "gdal", False)],
                       [("Kompensationskandidaten", result["screening:candidates"], "COMPENSATION"),
                        ("Biotopverbindungen", result["network:links"], "LINKS"),
                        ("Gewässerrandstreifen", result["riparian:strips"], "STRIPS")],
                       ("stadt-land-bilanz", {"author": "Testlauf", "demand": 500000}))
    project = QgsProject()
    assert project.read(str(target))
    layers = list(project.mapLayers().values())
    assert len(layers) == 5 and all(lyr.isValid() for lyr in layers)
    assert [lay.name() for lay in project.layoutManager().layouts()] == ["Übersicht A4"]
    assert project.readEntry("wertvoll", "report/stadt-land-bilanz/author", "")[0] == "Testlauf"
    with zipfile.ZipFile(target) as archive:
        qgs = archive.read(next(n for n in archive.namelist() if n.endswith(".qgs"))).decode("utf-8")
    import re

    sources = [s for s in re.findall(r"<datasource>([^<]*)</datasource>", qgs) if s]
    assert len(sources) == 5 and all(src.startswith(("./", "../")) for src in sources), sources  # relative


# -- what the planner sees: name, order, defaults, outputs ----------------------------------------

PLANNER_ORDER = ["RIVERS", "CHANNEL_WIDTH_FIELD", "DEM", "BUILTUP", "PARCELS", "LANDUSE_FIELD", "SOIL_FIELD",
                 "SEEPAGE", "EXCLUSIONS", "WATER_PROTECTION", "FLOODPLAIN", "MUNICIPALITIES", "MUNICIPALITY_FIELD",
                 "PATCHES", "DISPERSAL_COST", "DEMAND", "SELECTION", "ROBUSTNESS_RUNS", "W_CONNECTIVITY", "AUTHOR"]


def created_model():
    """The model as the toolbox, processing.run and qgis_process get it (a new instance)."""
    return QgsApplication.processingRegistry().createAlgorithmById("wertvoll:stadtlandbilanz")


def test_model_is_called_city_countryside_balance_and_keeps_its_id(provider):
    model = created_model()
    assert model.id() == "wertvoll:stadtlandbilanz" and model.name() == "stadtlandbilanz"
    assert model.displayName() == "City–countryside balance"
    assert provider.algorithm("stadtlandbilanz").displayName() == "City–countryside balance"
    assert "Stadt-Land-Bilanz" in model.shortHelpString() and "Modeler" in model.shortHelpString()
    assert model.helpUrl().endswith("/en/modeler.html")


def test_model_speaks_german_in_a_german_qgis(provider, german):
    """The display name needs its German entry in i18n/wertvoll_de.ts (the lead translates)."""
    model = created_model()
    assert model.group() == "Berichte"
    labels = {p.name(): p.description() for p in model.parameterDefinitions()}
    assert labels["MUNICIPALITIES"] == "Gemeinden" and labels["screening:candidates"] == "Kompensationskandidaten"
    assert model.displayName() == "Stadt-Land-Bilanz"


def test_parameters_in_the_planners_order_each_layer_before_its_fields(provider):
    from qgis.core import QgsProcessingParameterField

    model = created_model()  # kept: the definitions belong to it
    params = [p for p in model.parameterDefinitions() if not p.isDestination()]
    names = [p.name() for p in params]
    assert names == PLANNER_ORDER
    for param in params:
        if isinstance(param, QgsProcessingParameterField):
            assert names.index(param.parentLayerParameterName()) < names.index(param.name()), param.name()


def test_no_layer_or_field_is_preset(provider):
    from wertvoll.compat import FLAG_OPTIONAL, TYPE_VECTOR_LINE, TYPE_VECTOR_POLYGON

    model = created_model()  # kept: the definitions belong to it
    params = {p.name(): p for p in model.parameterDefinitions()}
    for name in PLANNER_ORDER[:13]:  # the layers and fields
        assert params[name].defaultValue() in (None, ""), name
    assert params["DEMAND"].defaultValue() == 0 and params["AUTHOR"].defaultValue() in (None, "") \
        and not params["AUTHOR"].flags() & FLAG_OPTIONAL  # the report needs it: no invented author
    assert params["RIVERS"].dataTypes() == [TYPE_VECTOR_LINE]
    assert all(params[n].dataTypes() == [TYPE_VECTOR_POLYGON]
               for n in ("BUILTUP", "PARCELS", "WATER_PROTECTION", "FLOODPLAIN", "MUNICIPALITIES", "PATCHES"))
    assert params["DEM"].type() == "raster"


def test_only_the_candidates_and_the_balance_must_be_saved(provider):
    from wertvoll.compat import FLAG_OPTIONAL

    model = created_model()  # kept: the definitions belong to it
    outputs = model.destinationParameterDefinitions()
    assert len(outputs) == 13
    assert {p.name() for p in outputs if not p.flags() & FLAG_OPTIONAL} == {"screening:candidates",
                                                                            "screening:summary"}
    assert all(p.defaultValue() == "TEMPORARY_OUTPUT" for p in outputs)
