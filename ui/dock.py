"""The report dock: pick a template, fill in its form, choose the layers, preview, export.

The form is built from the template's ``template.json``; its values and the chosen layers are
kept in the QGIS project (``QgsProject.writeEntry``), so a reopened project shows them again.
Reading the layers and filling the template use the same engine as ``wertvoll:report``.
"""
import contextlib
import re
import tempfile
from html import escape

from qgis.core import QgsProject, QgsSettings
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtCore import QDate, Qt, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..compat import GEOMETRY_POLYGON, LAYER_FILTER_VECTOR, LAYER_VECTOR
from ..i18n import tr, user_language

SCOPE = "wertvoll"
SETTING_USER_FOLDER = "wertvoll/report/user_folder"


class ReportDock(QDockWidget):
    """Dock panel "WERTvoll reports"."""

    OBJECT_NAME = "WertvollReportDock"

    def __init__(self, parent=None, project=None):
        super().__init__(tr("WERTvoll reports"), parent)
        self.setObjectName(self.OBJECT_NAME)
        self.project = project or QgsProject.instance()
        self.templates, self.spec = [], None
        self.field_widgets, self.slot_widgets = {}, {}
        self.warnings = []  # layers the last preview or export left out
        self._loading = False
        self._workdir = tempfile.TemporaryDirectory(prefix="wertvoll-dock-")

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addLayout(self._choice_rows(body))
        self._form_and_preview(body, layout)
        layout.addLayout(self._button_row(body))
        self.open_after = QCheckBox(tr("Open after export"), body)
        self.open_after.setChecked(True)
        layout.addWidget(self.open_after)
        self.setWidget(body)

        self.template_box.currentIndexChanged.connect(self._template_changed)
        self.language_box.currentIndexChanged.connect(lambda _i: self._template_changed())
        self.project.readProject.connect(self._project_read)
        self.load_templates()

    def _choice_rows(self, body):
        """The rows on top: template, report language and the folder of own templates."""
        top = QFormLayout()
        self.template_box = QComboBox(body)
        self.template_box.setObjectName("wertvollTemplate")
        top.addRow(tr("Template"), self.template_box)
        self.language_box = QComboBox(body)
        self.language_box.addItem("Deutsch", "de")
        self.language_box.addItem("English", "en")
        self.language_box.setCurrentIndex(1 if user_language() == "en" else 0)
        top.addRow(tr("Report language"), self.language_box)
        folder_row = QHBoxLayout()
        self.folder_label = QLabel(body)
        self.folder_label.setWordWrap(True)
        folder_button = QPushButton(tr("Own templates …"), body)
        folder_button.clicked.connect(self.choose_user_folder)
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(folder_button)
        top.addRow(tr("Own templates"), folder_row)
        return top

    def _form_and_preview(self, body, layout):
        """The template's description, its fields and layers, the preview and the message line."""
        self.description = QLabel(body)
        self.description.setWordWrap(True)
        layout.addWidget(self.description)

        self.fields_box = QGroupBox(tr("Fields"), body)
        self.fields_form = QFormLayout(self.fields_box)
        layout.addWidget(self.fields_box)
        self.slots_box = QGroupBox(tr("Layers"), body)
        self.slots_form = QFormLayout(self.slots_box)
        layout.addWidget(self.slots_box)
        layout.addWidget(self._map_context_box(body))

        self.preview = QTextBrowser(body)  # Qt5/Qt6-safe; shows the report without a web engine
        self.preview.setObjectName("wertvollPreview")
        self.preview.setOpenExternalLinks(True)
        layout.addWidget(self.preview, 1)
        self.message = QLabel(body)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)

    def _map_context_box(self, body):
        """Municipal boundaries (grey, named, with an overview) and the data attribution for the maps."""
        from ..report.layers import readable

        box = QGroupBox(tr("Maps"), body)
        form = QFormLayout(box)
        self.municipalities = QgsMapLayerComboBox(box)
        self.municipalities.setObjectName("wertvollMunicipalities")
        # vector layers as in the slots: a polygon filter asks every layer for its geometry type, which
        # crashes QGIS 3.40 for a layer whose file is gone (see report.layers.readable)
        self.municipalities.setFilters(LAYER_FILTER_VECTOR)
        self.municipalities.setAllowEmptyLayer(True)
        self.municipalities.setLayer(next((lyr for lyr in self.project.mapLayers().values()
                                           if re.search(r"gemeind|municipal", lyr.name(), re.IGNORECASE)
                                           and readable(lyr) and lyr.type() == LAYER_VECTOR
                                           and lyr.geometryType() == GEOMETRY_POLYGON), None))
        form.addRow(tr("Municipal boundaries"), self.municipalities)
        self.attribution = QLineEdit(box)
        self.attribution.setObjectName("wertvollAttribution")
        self.attribution.setPlaceholderText("© GeoSN, dl-de/by-2-0")
        form.addRow(tr("Data attribution"), self.attribution)
        return box

    def _button_row(self, body):
        """Preview and the three exports."""
        buttons = QHBoxLayout()
        self.preview_button = QPushButton(tr("Preview"), body)
        self.preview_button.clicked.connect(lambda: self.refresh_preview())
        buttons.addWidget(self.preview_button)
        for label, kind in ((tr("HTML …"), "html"), (tr("Word …"), "docx"), (tr("PDF …"), "pdf")):
            button = QPushButton(label, body)
            button.setObjectName(f"wertvollExport_{kind}")
            button.clicked.connect(lambda _checked=False, k=kind: self.export(k))
            buttons.addWidget(button)
        return buttons

    # -- templates and form -------------------------------------------------------
    def user_folder(self):
        return QgsSettings().value(SETTING_USER_FOLDER, "") or ""

    def choose_user_folder(self, folder=None):
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, tr("Folder with own report templates"),
                                                      self.user_folder())
        if folder:
            QgsSettings().setValue(SETTING_USER_FOLDER, str(folder))  # noqa: QGS202 - returns None
            self.load_templates()

    def load_templates(self):
        from ..report import engine

        current = self.spec.name if self.spec else None
        self.templates, problems = engine.list_templates(self.user_folder() or None)
        self.folder_label.setText(self.user_folder() or tr("(none)"))
        self._loading = True
        self.template_box.clear()
        for spec in self.templates:
            suffix = "" if spec.builtin else " " + tr("(own)")
            self.template_box.addItem(spec.title_in(self.language()) + suffix, spec.name)
        self._loading = False
        names = [t.name for t in self.templates]
        self.template_box.setCurrentIndex(names.index(current) if current in names else 0)
        self._template_changed()
        if problems:
            self.show_message("; ".join(tr(p.template).format(**p.params) for p in problems), error=True)

    def language(self):
        return self.language_box.currentData() or "de"

    def select_template(self, name):
        index = self.template_box.findData(name)
        if index < 0:
            raise ValueError(name)
        self.template_box.setCurrentIndex(index)

    def _template_changed(self, _index=None):
        if self._loading or not self.templates:
            return
        index = max(self.template_box.currentIndex(), 0)
        self.spec = self.templates[index]
        self._build_form()
        self.preview.clear()

    def _clear(self, form):
        while form.rowCount():
            form.removeRow(0)  # noqa: QGS202 - QFormLayout, returns None

    def _build_form(self):
        spec, lang = self.spec, self.language()
        self.description.setText(spec.text(spec.description, lang))
        self._clear(self.fields_form)
        self._clear(self.slots_form)
        self.field_widgets, self.slot_widgets = {}, {}
        for f in spec.fields:
            widget = self._field_widget(f, lang)
            label = spec.text(f.get("label"), lang) or f["id"]
            self.fields_form.addRow(label + (" *" if f.get("required") else ""), widget)
            self.field_widgets[f["id"]] = (f, widget)
        from ..report.layers import layers_by_kind, slot_names

        found = layers_by_kind(self.project.mapLayers().values())
        names = slot_names()
        for slot in spec.slots:
            kind = slot["kind"]
            box = QgsMapLayerComboBox(self.slots_box)
            box.setObjectName(f"wertvollSlot_{kind}")
            box.setFilters(LAYER_FILTER_VECTOR)
            box.setAllowEmptyLayer(True)
            box.setLayer(found.get(kind, [None])[0])
            box.layerChanged.connect(lambda _layer: self._save_values())
            self.slots_form.addRow(names[kind] + (" *" if slot.get("required") else ""), box)
            self.slot_widgets[kind] = box
        self._restore_values()

    def _field_widget(self, f, lang):
        kind = f.get("type", "text")
        if kind == "choice":
            widget = QComboBox(self.fields_box)
            for choice in f["choices"]:
                value = choice["value"] if isinstance(choice, dict) else choice
                label = self.spec.text(choice.get("label"), lang) if isinstance(choice, dict) else choice
                widget.addItem(label or value, value)
            if f.get("default") is not None:
                widget.setCurrentIndex(max(widget.findData(f["default"]), 0))
            widget.currentIndexChanged.connect(lambda _i: self._save_values())
        elif kind == "date":
            widget = QDateEdit(self.fields_box)
            widget.setCalendarPopup(True)
            widget.setDisplayFormat("dd.MM.yyyy" if lang == "de" else "yyyy-MM-dd")
            default = f.get("default")
            widget.setDate(QDate.currentDate() if default in (None, "today")
                           else QDate.fromString(str(default), "yyyy-MM-dd"))
            widget.dateChanged.connect(lambda _d: self._save_values())
        else:  # text and number: numbers accept German "1.250.000,5"
            widget = QLineEdit(self.fields_box)
            if f.get("default") is not None:
                widget.setText(str(f["default"]))
            widget.editingFinished.connect(self._save_values)
        widget.setObjectName(f"wertvollField_{f['id']}")
        return widget

    # -- values kept in the project ------------------------------------------------------
    def _key(self, name):
        return f"report/{self.spec.name}/{name}"

    def values(self):
        out = {}
        for fid, (_f, widget) in self.field_widgets.items():
            if isinstance(widget, QComboBox):
                out[fid] = widget.currentData()
            elif isinstance(widget, QDateEdit):
                out[fid] = widget.date().toString("yyyy-MM-dd")
            else:
                out[fid] = widget.text()
        return out

    def set_value(self, field_id, value):
        """Set a form field programmatically (tests, the demo project)."""
        _f, widget = self.field_widgets[field_id]
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(widget.findData(value), 0))
        elif isinstance(widget, QDateEdit):
            widget.setDate(QDate.fromString(str(value), "yyyy-MM-dd"))
        else:
            widget.setText(str(value))
        self._save_values()

    def _save_values(self):
        if self._loading or self.spec is None:
            return
        for fid, value in self.values().items():
            self.project.writeEntry(SCOPE, self._key(fid), "" if value is None else str(value))
        for kind, box in self.slot_widgets.items():
            layer = box.currentLayer()
            self.project.writeEntry(SCOPE, self._key(f"slot_{kind}"), layer.id() if layer else "")

    def _restore_values(self):
        self._loading = True
        try:
            for fid, (_f, widget) in self.field_widgets.items():
                text, found = self.project.readEntry(SCOPE, self._key(fid), "")
                if not found:
                    continue
                if isinstance(widget, QComboBox):
                    widget.setCurrentIndex(max(widget.findData(text), 0))
                elif isinstance(widget, QDateEdit):
                    if text:
                        widget.setDate(QDate.fromString(text, "yyyy-MM-dd"))
                else:
                    widget.setText(text)
            for kind, box in self.slot_widgets.items():
                layer_id, found = self.project.readEntry(SCOPE, self._key(f"slot_{kind}"), "")
                if found and layer_id and self.project.mapLayer(layer_id) is not None:
                    box.setLayer(self.project.mapLayer(layer_id))
        finally:
            self._loading = False

    def _project_read(self, *_args):
        self._template_changed()

    # -- rendering ------------------------------------------------------------------------
    def show_message(self, text, error=False):
        colour = "#b71c1c" if error else "#1b5e20"
        self.message.setText(f'<span style="color:{colour}">{escape(text, quote=False)}</span>')

    def _done(self, text):
        """*text* (the result) after the warnings of the run (layers left out), orange when there are any."""
        if not self.warnings:
            self.show_message(text)
            return
        self.message.setText('<span style="color:#e65100">{}</span>'.format(
            escape(" ".join([*self.warnings, text]), quote=False)))

    def context(self, draw_maps=True):
        """The filled-in template context with its map figures and charts (*draw_maps*), or raises ReportError/ValueError with a planner's message.

        Layers left out (their file is gone) are noted in ``self.warnings``.
        """
        from ..about import plugin_metadata
        from ..report import data, engine
        from ..report.charts import report_charts
        from ..report.layers import draw_figures
        from ..report.provenance import add_provenance

        lang = self.language()
        values = engine.resolve_values(self.spec, self.values(), lang)
        self.warnings = []
        tables, chosen = self._read_slots()
        figures = draw_figures(self.spec, chosen, self._workdir.name, lang, context=self.municipalities.currentLayer(),
                               attribution=self.attribution.text().strip()) if draw_maps else {}
        context = data.build_context(self.spec, values, tables, lang, maps=figures, version=plugin_metadata("version"))
        if draw_maps:
            context["charts"] = report_charts(context, self._workdir.name, lang)
        return add_provenance(context, chosen, lang)

    def _read_slots(self):
        """({kind: rows}, {kind: layer}) of the chosen layers, checked as ``wertvoll:report`` checks them."""
        from ..report.layers import check_rows, check_tables, missing_layer, read_rows, slot_layer

        tables, chosen = {}, {}
        for slot in self.spec.slots:
            layer = slot_layer(slot, self.slot_widgets[slot["kind"]].currentLayer(), self.warnings.append)
            if layer is None:
                if slot.get("required"):
                    raise ValueError(missing_layer(self.spec, slot["kind"]))
                continue
            rows = read_rows(layer)
            check_rows(slot, rows)
            tables[slot["kind"]] = rows
            chosen[slot["kind"]] = layer
        check_tables(self.spec, tables)
        return tables, chosen

    def _guard(self, work):
        from ..report.engine import ReportError

        try:
            return work()
        except ReportError as e:
            self.show_message(tr(e.template).format(**e.params), error=True)
        except ValueError as e:
            self.show_message(str(e), error=True)
        return None

    def refresh_preview(self):
        from ..report import engine

        def work():
            html = engine.render_html(self.spec, self.context(), self.language(), embed_images=False)
            self.preview.setHtml(html)  # noqa: QGS202 - QTextBrowser, returns None
            self._done(tr("Preview updated."))
            return html

        return self._guard(work)

    def export(self, kind, path=None):
        """Export as html, docx or pdf to *path* (asked for when None). Returns the path or None."""
        from ..report import engine

        filters = {"html": "HTML (*.html)", "docx": "Word (*.docx)", "pdf": "PDF (*.pdf)"}
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, tr("Export report"), f"{self.spec.name}.{kind}",
                                                  filters[kind])
            if not path:
                return None
        path = str(path)
        if not path.lower().endswith("." + kind):
            path += "." + kind

        def work():
            engine.check_target(path)  # a folder: refused before anything is rendered
            context = self.context()
            lang = self.language()
            if kind == "html":
                engine.write_html(self.spec, context, path, lang)
            elif kind == "docx":
                engine.render_docx(self.spec, context, path, lang)
            else:
                html = engine.render_html(self.spec, context, lang, embed_images=False)
                with engine.atomic_path(path) as tmp:
                    write_pdf(html, tmp)
            self._done(tr("Written: {path}").format(path=path))
            if self.open_after.isChecked():
                QDesktopServices.openUrl(QUrl.fromLocalFile(path))
            return path

        return self._guard(work)

    def closeEvent(self, event):  # noqa: N802
        self._save_values()
        super().closeEvent(event)

    def cleanup(self):
        """Disconnect from the project and remove the preview's temporary files (plugin unload)."""
        with contextlib.suppress(TypeError):
            self.project.readProject.disconnect(self._project_read)
        self._workdir.cleanup()


def write_pdf(html, path):
    """Lay out *html* on A4 pages with QGIS's print layout engine and write the PDF to *path*."""
    from ..report import pdf

    pdf.write_pdf(html, path)
