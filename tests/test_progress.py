"""The Processing log tells a planner, in German, which step each algorithm is at (issue #10).

One run of the shipped model (all four analyses and the report) on a small generated
region, with the German translation installed and a feedback that records the log.
The expected texts are written here as a planner reads them, not taken from the code.
"""
import processing
import pytest
from layers import WarningFeedback


def layer(gpkg, name):
    return f"{gpkg}|layername={name}"


@pytest.fixture(scope="module")
def german_log(qgis_app, qgis_processing, tmp_path_factory):
    import make_demo_region
    from qgis.core import QgsApplication

    from wertvoll.algorithms.provider import WertvollProvider
    from wertvoll.i18n import install_translator

    registry = QgsApplication.processingRegistry()
    if registry.providerById("wertvoll") is None:
        instance = WertvollProvider()
        registry.addProvider(instance)
        _KEEPALIVE[:] = [instance]
    out = tmp_path_factory.mktemp("progress_region")
    region = make_demo_region.generate(out, seed=11, scale=0.1, parcels=500, river_segments=30, patches=6,
                                       dem_size=120)
    gpkg, dem = out / "demo_region.gpkg", region["dem"]
    if install_translator("de") is None:
        pytest.fail("i18n/wertvoll_de.qm is missing: run 'make i18n' (make test does it)")
    try:
        model = registry.algorithmById("wertvoll:stadtlandbilanz")
        outputs = {p.name(): "TEMPORARY_OUTPUT" for p in model.destinationParameterDefinitions()}
        feedback = WarningFeedback()
        processing.run("wertvoll:stadtlandbilanz", {
            **outputs,
            "RIVERS": layer(gpkg, "gewaesser"), "CHANNEL_WIDTH_FIELD": "breite_m", "DEM": str(dem),
            "BUILTUP": layer(gpkg, "ortslagen"), "PARCELS": layer(gpkg, "flurstuecke"),
            "LANDUSE_FIELD": "nutzung", "SOIL_FIELD": "bodenzahl",
            "EXCLUSIONS": [layer(gpkg, "ortslagen"), layer(gpkg, "verkehr")],
            "WATER_PROTECTION": layer(gpkg, "wasserschutzgebiete"),
            "FLOODPLAIN": layer(gpkg, "ueberschwemmungsgebiet"),
            "MUNICIPALITIES": layer(gpkg, "gemeinden"), "MUNICIPALITY_FIELD": "name",
            "PATCHES": layer(gpkg, "habitate"), "DEMAND": 100000, "AUTHOR": "Testlauf",
            "report:report_html": str(out / "bilanz.html"), "report:report_docx": str(out / "bilanz.docx"),
        }, feedback=feedback)
    finally:
        install_translator("en")
    return "\n".join(feedback.infos)


_KEEPALIVE = []

STEPS = {
    "screening": ["Nutzungscodes von", "Ausschlussflächen abziehen …", "Zusatznutzen (Trinkwasser, Hochwasser",
                  "Gemeinden zuordnen …", "Ökopunkte und Rangfolge berechnen"],
    "riparian": ["Abstände ab der Böschungsoberkante messen …", "Hangneigung zum Gewässer prüfen (WHG §38a) …",
                 "Gewässerrandstreifen bilden und Überlappungen zusammenführen …", "Entwicklungskorridore bilden …"],
    "flood": ["Gewässer in das DGM einbrennen", "Höhe jeder Zelle über dem nächsten Gewässer berechnen …",
              "Zonen in Polygone umwandeln …"],
    "corridors": ["Kostenzuordnung: von welcher Kernfläche aus", "Kostengünstigste Wege und Korridore von"],
    "report": ["Vorlage ausfüllen …"],
}


@pytest.mark.parametrize("algorithm", sorted(STEPS))
def test_each_step_is_named_in_german(german_log, algorithm):
    missing = [text for text in STEPS[algorithm] if text not in german_log]
    assert not missing, f"{algorithm}: steps not in the German log: {missing}\n--- log ---\n{german_log}"


def test_no_english_step_text_in_the_german_log(german_log):
    english = ["Subtracting the exclusion areas", "Drawing the riparian strips", "Turning the zones into polygons",
               "Least-cost paths and corridors", "Step 1/", "Filling in the template"]
    leaked = [text for text in english if text in german_log]
    assert not leaked, f"untranslated in the German log: {leaked}"
