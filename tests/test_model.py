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
