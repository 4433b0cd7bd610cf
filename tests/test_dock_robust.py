"""Issue 18, the report dock: odd layers, templates and destinations end in a message in the dock,
the same the algorithm gives, never in a traceback out of a button's slot."""
import pytest
from qgis.core import QgsProject

from test_report import candidates_layer
from wertvoll.ui.dock import ReportDock


@pytest.fixture
def candidates(qgis_app, provider):
    project = QgsProject.instance()
    project.clear()
    layer = candidates_layer()
    project.addMapLayer(layer)
    yield layer
    project.clear()


@pytest.fixture
def dock(candidates):
    widget = ReportDock(project=QgsProject.instance())
    widget.open_after.setChecked(False)
    widget.language_box.setCurrentIndex(widget.language_box.findData("en"))
    widget.select_template("kompensation")
    widget.set_value("author", "Test")
    yield widget
    widget.cleanup()
    widget.deleteLater()


def test_filtered_to_no_feature_is_the_layers_fault_not_the_templates(dock, candidates, tmp_path):
    """Issue 18.13: the candidates filtered to 0 features; the dock says so as wertvoll:report does."""
    assert candidates.setSubsetString('"uplift_pts" < 0')
    assert candidates.featureCount() == 0
    assert dock.refresh_preview() is None
    text = dock.message.text()
    assert "The layer for 'Compensation candidates' has no features (check its filter or selection)" in text
    assert "Correct the template" not in text and "None" not in text
    assert dock.export("html", tmp_path / "r.html") is None
    assert list(tmp_path.iterdir()) == []


def test_export_to_a_folder_is_refused(dock, tmp_path):
    """Issue 18.10: the chosen file name is an existing folder (IsADirectoryError before)."""
    folder = tmp_path / "bericht.docx"
    folder.mkdir()
    assert dock.export("docx", folder) is None
    assert f"{folder} is a folder. Choose a file name for the report" in dock.message.text()
    assert list(folder.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["bericht.docx"]
