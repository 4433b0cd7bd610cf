"""The report dock: form from template.json, layers pre-filled, preview, exports, values kept in the project."""
import docx
import pytest
from qgis.core import QgsProject

from layers import memory_layer, square
from test_report import candidates_layer, docx_rows, german_number, value
from wertvoll.ui.dock import SCOPE, ReportDock


@pytest.fixture
def project_with_candidates(qgis_app, provider):
    project = QgsProject.instance()
    project.clear()
    other = memory_layer("Polygon", "EPSG:25833", ["name:string"], [(square(0, 0, 1, 1), {"name": "x"})], "andere")
    layer = candidates_layer()
    project.addMapLayers([other, layer])
    yield project, layer
    project.clear()


@pytest.fixture
def dock(project_with_candidates):
    widget = ReportDock(project=project_with_candidates[0])
    widget.open_after.setChecked(False)
    widget.language_box.setCurrentIndex(widget.language_box.findData("de"))
    yield widget
    widget.cleanup()
    widget.deleteLater()


def test_form_is_built_from_template_json_and_layers_prefilled(dock, project_with_candidates):
    _project, layer = project_with_candidates
    dock.select_template("kompensation")
    assert set(dock.field_widgets) == {f["id"] for f in dock.spec.fields}
    assert dock.slot_widgets["COMPENSATION"].currentLayer() is layer  # recognised by its fields
    assert dock.slot_widgets["SUMMARY"].currentLayer() is None
    dock.select_template("biotopverbund")
    assert "pc" in dock.field_widgets and "PATCHES" in dock.slot_widgets


def test_preview_and_exports(dock, tmp_path):
    dock.select_template("kompensation")
    assert dock.refresh_preview() is None  # author is required and empty: a message, no crash
    assert "Bearbeitung" in dock.message.text() or "Prepared by" in dock.message.text()
    dock.set_value("author", "Planungsverband <Leipzig>")
    dock.set_value("demand", "600.000")
    html = dock.refresh_preview()
    assert "Planungsverband &lt;Leipzig&gt;" in html and "591.000" in html
    assert "591.000" in dock.preview.toPlainText()
    docx_path = dock.export("docx", tmp_path / "bericht.docx")
    rows = docx_rows(docx_path)
    assert german_number(value(rows, "Aufwertung (Wertpunkte)")) == 591000
    assert german_number(value(rows, "Fehlende Wertpunkte")) == 600000 - 513500
    assert any(p.text == "Planungsverband <Leipzig>" for t in docx.Document(docx_path).tables
               for r in t.rows for p in r.cells[1].paragraphs)
    html_path = dock.export("html", tmp_path / "bericht")  # suffix added
    assert html_path.endswith("bericht.html") and "data:image/png" in open(html_path, encoding="utf-8").read()
    pdf_path = dock.export("pdf", tmp_path / "bericht.pdf")
    data = open(pdf_path, "rb").read()
    assert data.startswith(b"%PDF") and len(data) > 20000  # text plus the map figure


def test_values_are_kept_in_the_project(dock, project_with_candidates, tmp_path):
    project, layer = project_with_candidates
    dock.select_template("kompensation")
    dock.set_value("author", "Amt für Umweltschutz")
    dock.set_value("status", "abgestimmt")
    dock.set_value("date", "2026-05-04")
    assert project.readEntry(SCOPE, "report/kompensation/author", "")[0] == "Amt für Umweltschutz"
    path = tmp_path / "projekt.qgs"
    assert project.write(str(path))
    project.clear()
    assert project.read(str(path))
    reopened = ReportDock(project=project)
    try:
        reopened.select_template("kompensation")
        values = reopened.values()
        assert values["author"] == "Amt für Umweltschutz"
        assert values["status"] == "abgestimmt" and values["date"] == "2026-05-04"
    finally:
        reopened.cleanup()


def test_own_template_folder_is_listed(dock, tmp_path):
    import shutil

    from wertvoll.report.engine import BUILTIN_DIR

    folder = tmp_path / "vorlagen"
    shutil.copytree(BUILTIN_DIR / "kompensation", folder / "meine")
    spec = (folder / "meine" / "template.json")
    spec.write_text(spec.read_text(encoding="utf-8").replace('"name": "kompensation"', '"name": "meine"'),
                    encoding="utf-8")
    try:
        dock.choose_user_folder(str(folder))
        assert dock.template_box.findData("meine") >= 4
        dock.select_template("meine")
        assert not dock.spec.builtin
    finally:
        from qgis.core import QgsSettings

        from wertvoll.ui.dock import SETTING_USER_FOLDER

        QgsSettings().remove(SETTING_USER_FOLDER)


def test_maps_box_preselects_the_municipalities_and_draws_them(project_with_candidates, tmp_path):
    """A polygon layer named like municipalities is preselected; the map then has its grey boundaries."""
    from qgis.PyQt.QtGui import QImage

    project, candidates = project_with_candidates
    extent = candidates.extent()
    municipalities = memory_layer("Polygon", "EPSG:25833", ["name:string"], [
        (square(extent.xMinimum() - 200, extent.yMinimum() - 200, extent.xMaximum() + 200, extent.yMaximum() + 200),
         {"name": "Wurzen"})], "Gemeinden")
    project.addMapLayer(municipalities)
    widget = ReportDock(project=project)
    try:
        assert widget.municipalities.currentLayer() is municipalities
        widget.select_template("kompensation")
        widget.set_value("author", "T")
        widget.attribution.setText("© GeoSN, dl-de/by-2-0")
        figure = tmp_path / "with.png"  # the dock redraws into the same file: keep a copy
        figure.write_bytes(open(widget.context()["maps"]["candidates"], "rb").read())
        widget.municipalities.setLayer(None)
        plain = widget.context()["maps"]["candidates"]
        # the boundaries and their overview map add grey pixels the figure without them lacks
        def greys(path):
            image = QImage(str(path))
            return sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
                       if (c := image.pixelColor(x, y)).red() == c.green() == c.blue() and 60 < c.red() < 200)
        assert greys(figure) > greys(plain) + 50
    finally:
        widget.cleanup()
        widget.deleteLater()
