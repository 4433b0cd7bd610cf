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


@pytest.fixture
def own_templates(dock, tmp_path):
    """make(name, html) -> the dock showing an own template *name* (one required candidates slot)."""
    import json

    from qgis.core import QgsSettings

    from wertvoll.ui.dock import SETTING_USER_FOLDER

    root = tmp_path / "vorlagen"

    def make(name, html):
        folder = root / name
        folder.mkdir(parents=True)
        (folder / "template.json").write_text(json.dumps({
            "title": name, "slots": [{"kind": "COMPENSATION", "required": True}]}), encoding="utf-8")
        (folder / "template.html.j2").write_text(html, encoding="utf-8")
        dock.choose_user_folder(str(root))
        dock.select_template(name)
        return folder

    yield make
    QgsSettings().remove(SETTING_USER_FOLDER)


@pytest.mark.parametrize(("html", "expected"), [
    ("<p>ok</p>\n<p>{{ 1/0 }}</p>", "template.html.j2 line 2: division by zero (render error)"),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(1) }}", "template.html.j2 line 1: maximum recursion depth"),
    ("<p>\n\n{{ [].pop() }}</p>", "template.html.j2 line 3: pop from empty list (render error)"),
])
def test_template_runtime_error_is_a_message_in_the_dock(dock, own_templates, tmp_path, html, expected):
    """Issue 18.8: before, the Python exception escaped the button's slot (a traceback in QGIS)."""
    folder = own_templates("kaputt", html)
    assert dock.refresh_preview() is None
    assert f"{folder}/{expected}" in dock.message.text()
    assert dock.export("html", tmp_path / "r.html") is None
    assert not (tmp_path / "r.html").exists()


def test_endless_template_is_stopped_in_the_dock(dock, own_templates, monkeypatch, tmp_path):
    """Issue 18.6: the dock renders on the main thread; the time limit (1 s here) stops a busy template."""
    import time

    from wertvoll.report import engine

    monkeypatch.setattr(engine, "TIME_LIMIT_S", 1)
    own_templates("ewig", "<p>\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    start = time.monotonic()
    assert dock.export("html", tmp_path / "r.html") is None
    assert time.monotonic() - start < 10
    assert "template.html.j2 line 2: filling it in took longer than 1 s and was stopped" in dock.message.text()
    assert not (tmp_path / "r.html").exists()


def test_link_to_a_file_outside_the_template_folder_is_not_included(dock, own_templates, tmp_path):
    """Issue 18.16 in the dock: the preview does not show a linked file from outside the folder."""
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIM", encoding="utf-8")
    folder = own_templates("verlinkt", "<p>{% include 'link.txt' %}</p>")
    (folder / "link.txt").symlink_to(secret)
    assert dock.refresh_preview() is None
    assert "'link.txt' lies outside the template folder" in dock.message.text()
    assert "GEHEIM" not in dock.preview.toPlainText() + dock.message.text()
