"""wertvoll:report — fill a report template with result layers; write HTML and editable Word.

The engine (``report/engine.py``, ``report/data.py``) is plain Python; this wrapper reads the
slot layers, renders the map figures through a print layout (main thread: NoThreading), draws
the charts (``report/charts.py``) and writes both files atomically (nothing half-written when a template fails).
"""
import json
import tempfile
from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ..about import plugin_metadata
from ..compat import (
    ALG_FLAG_NO_THREADING,
    FILE_BEHAVIOR_FOLDER,
    TYPE_VECTOR_ANY,
    TYPE_VECTOR_LINE,
    TYPE_VECTOR_POLYGON,
)
from ..kernels.errors import N_
from ..kinds import NUMBER_FIELDS, SLOTS
from .base import WertvollAlgorithm, kernel_errors

LANGUAGES = ("de", "en")
#: a slot's geometry (kinds.OutputKind.geometry) -> the layers its dialog offers; tables take any layer
SLOT_TYPES = {"polygon": TYPE_VECTOR_POLYGON, "line": TYPE_VECTOR_LINE, "none": TYPE_VECTOR_ANY}


class Report(WertvollAlgorithm):
    NAME = "report"
    GROUP_ID = "report"
    DISPLAY_NAME = N_("Report from a template (HTML, Word)")
    SHORT_HELP = (
        N_("Fills a report template with the result layers of the WERTvoll algorithms and writes an HTML "
           "page and an editable Word file (.docx)."),
        N_("Built-in templates: kompensation, gewaesser, biotopverbund and stadt-land-bilanz; your own "
           "template is a folder with template.json, template.html.j2 and template.docx."),
        N_("Every number in the report is computed from the layers given; templates run sandboxed, so "
           "attribute values are printed as text, never evaluated."),
    )
    REQUIRES = ("jinja2", "docxtpl")

    TEMPLATE = "TEMPLATE"
    TEMPLATE_FOLDER = "TEMPLATE_FOLDER"
    FIELDS = "FIELDS"
    LANGUAGE = "LANGUAGE"
    MAPS = "MAPS"
    MUNICIPALITIES = "MUNICIPALITIES"
    ATTRIBUTION = "ATTRIBUTION"
    OUTPUT_HTML = "OUTPUT_HTML"
    OUTPUT_DOCX = "OUTPUT_DOCX"

    def flags(self):
        # the map figures are print layouts, which must be exported on the main thread
        return super().flags() | ALG_FLAG_NO_THREADING

    def initAlgorithm(self, config=None):  # noqa: N802
        from ..report.engine import BUILTIN_NAMES

        template = QgsProcessingParameterEnum(self.TEMPLATE, self.tr("Template"), options=list(BUILTIN_NAMES),
                                              defaultValue=BUILTIN_NAMES[0])
        template.setUsesStaticStrings(True)
        self.add_parameter(template, N_(
            "Built-in template: kompensation, gewaesser, biotopverbund or stadt-land-bilanz. Ignored when a "
            "template folder is given."))
        self.add_parameter(
            QgsProcessingParameterFile(self.TEMPLATE_FOLDER, self.tr("Own template folder (optional)"),
                                       behavior=FILE_BEHAVIOR_FOLDER, optional=True),
            N_("A folder holding template.json, template.html.j2 and template.docx. Wins over the built-in "
               "template. Files outside this folder cannot be included."))
        for kind in SLOTS.values():  # the parameter name is the kind itself; the dialog offers its geometry only
            self.add_parameter(QgsProcessingParameterFeatureSource(kind.name, self.tr(kind.slot_label),
                                                                   [SLOT_TYPES[kind.geometry]], optional=True),
                               kind.slot_help)
        self.add_parameter(
            QgsProcessingParameterString(self.FIELDS, self.tr("Field values (JSON)"), multiLine=True,
                                         optional=True, defaultValue=""),
            N_("The values a planner fills in, as JSON, e.g. {\"author\": \"Amt für Umweltschutz\", "
               "\"demand\": 20000000, \"date\": \"2026-11-25\"}. The template's template.json lists the field "
               "ids; required fields without a default must be given."))
        language = QgsProcessingParameterEnum(self.LANGUAGE, self.tr("Report language"),
                                              options=list(LANGUAGES), defaultValue="de")
        language.setUsesStaticStrings(True)
        self.add_parameter(language, N_("de (default): German; en: English labels and texts."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterBoolean(self.MAPS, self.tr("Draw map figures"), defaultValue=True),
            N_("Render the template's maps (map, legend, scale bar, north arrow) from the slot layers."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.MUNICIPALITIES, self.tr("Municipal boundaries for the maps"),
                                                [TYPE_VECTOR_POLYGON], optional=True),
            N_("Drawn in grey with their names under the results of every map, and as a small overview map. "
               "Empty: the maps show the results only."))
        self.add_parameter(
            QgsProcessingParameterString(self.ATTRIBUTION, self.tr("Data attribution under the maps"),
                                         optional=True, defaultValue=""),
            N_("The source line the data's licence asks for, e.g. '© GeoSN, dl-de/by-2-0'. Empty: none."))
        self.add_parameter(
            QgsProcessingParameterFileDestination(self.OUTPUT_HTML, self.tr("HTML report"),
                                                  fileFilter="HTML (*.html)", optional=True),
            N_("The report as one HTML file (maps embedded). Skip it to write Word only."))
        self.add_parameter(
            QgsProcessingParameterFileDestination(self.OUTPUT_DOCX, self.tr("Word report"),
                                                  fileFilter="Word (*.docx)", optional=True),
            N_("The report as an editable Word file. Skip it to write HTML only."))

    def _spec(self, parameters, context):
        from ..report import engine

        folder = self.parameterAsFile(parameters, self.TEMPLATE_FOLDER, context)
        if folder:
            return engine.load_template(folder)
        name = self.parameterAsEnumString(parameters, self.TEMPLATE, context) or engine.BUILTIN_NAMES[0]
        return engine.load_template(engine.BUILTIN_DIR / name, builtin=True)

    def _field_values(self, parameters, context):
        text = (self.parameterAsString(parameters, self.FIELDS, context) or "").strip()
        if not text:
            return {}
        try:
            values = json.loads(text)
        except json.JSONDecodeError as e:
            raise QgsProcessingException(self.tr(
                "Field values: {problem} (line {line}). Write them as JSON, e.g. {{\"author\": \"Name\"}}."
            ).format(problem=e.msg, line=e.lineno)) from None
        if not isinstance(values, dict):
            raise QgsProcessingException(self.tr(
                "Field values must be one JSON object, e.g. {\"author\": \"Name\"}."))
        return values

    def _warn_not_numbers(self, feedback, tables):
        """Text that is no number in a field the report adds up counts 0: say in which layer and field."""
        for kind, rows in tables.items():
            bad = {}
            for name, value in ((n, v) for row in rows for n, v in row.items()):
                if name in NUMBER_FIELDS and isinstance(value, str) and not _is_number(value):
                    bad[name] = bad.get(name, 0) + 1
            if bad:
                feedback.pushWarning(self.tr(
                    "The layer for '{slot}' holds text that is not a number in {fields}; the report counts it "
                    "as 0. Check the layer.").format(slot=self.tr(SLOTS[kind].slot_label), fields=", ".join(
                        f"{name} ({count}×)" for name, count in sorted(bad.items()))))

    def process(self, parameters, context, feedback):
        from ..report import charts, data, provenance

        paths = self._paths(parameters, context)
        lang = self.parameterAsEnumString(parameters, self.LANGUAGE, context) or "de"
        spec, values = self._template(parameters, context, lang)
        feedback.pushInfo(self.tr("Reading the result layers …"))
        tables, map_layers = self._read_slots(parameters, context, spec)
        if feedback.isCanceled():
            return {}
        self._warn_not_numbers(feedback, tables)
        with tempfile.TemporaryDirectory(prefix="wertvoll-report-") as workdir:
            figures = self._draw(parameters, context, spec, (map_layers, workdir, lang))
            feedback.setProgress(60)
            if feedback.isCanceled():  # base.py: a cancelled run returns nothing
                return {}
            feedback.pushInfo(self.tr("Filling in the template …"))
            context_data = data.build_context(spec, values, tables, lang, maps=figures,
                                              version=plugin_metadata("version"))
            context_data["charts"] = charts.report_charts(context_data, workdir, lang, feedback.isCanceled)
            if feedback.isCanceled():
                return {}
            provenance.add_provenance(context_data, map_layers, lang)
            results = self._render(spec, context_data, lang, paths)
        feedback.setProgress(100)
        for path in results.values():
            feedback.pushInfo(self.tr("Written: {path}").format(path=path))
        return results

    def validate(self, parameters, context):
        """Refuse a run without a report file before anything is rendered (a folder: the base's check)."""
        self._paths(parameters, context)

    def _paths(self, parameters, context):
        """{output: path} of the files asked for; at least one."""
        paths = {name: self.parameterAsFileOutput(parameters, name, context)
                 for name in (self.OUTPUT_HTML, self.OUTPUT_DOCX)}
        if not any(paths.values()):
            raise QgsProcessingException(self.tr("Choose an HTML or a Word file to write the report to."))
        return paths

    def _template(self, parameters, context, lang):
        """The template spec and the planner's field values, checked against it."""
        from ..report import engine

        with kernel_errors():
            spec = self._spec(parameters, context)
            return spec, engine.resolve_values(spec, self._field_values(parameters, context), lang)

    def _read_slots(self, parameters, context, spec):
        """({kind: rows}, {kind: layer for the maps}) of the template's slots that were given."""
        from ..report import layers

        tables, map_layers = {}, {}
        for number, slot in enumerate(spec.slots, start=1):
            rows = self._read_slot(parameters, context, spec, slot)
            if self._feedback.isCanceled():
                return {}, {}
            if rows is None:
                continue
            tables[slot["kind"]] = rows
            self._feedback.setProgress(20.0 * number / len(spec.slots))
            layer = self.parameterAsVectorLayer(parameters, slot["kind"], context)
            if layer is not None:
                map_layers[slot["kind"]] = layer
        with kernel_errors():
            layers.check_tables(spec, tables)
        return tables, map_layers

    def _read_slot(self, parameters, context, spec, slot):
        """The rows of the layer given for *slot*, None when none was given; checked against its kind."""
        from ..report import layers

        kind = slot["kind"]
        layer = self.parameterAsVectorLayer(parameters, kind, context)
        with kernel_errors():
            if layer is not None and layers.slot_layer(slot, layer, self._feedback.pushWarning) is None:
                return None  # its file is gone: left out with a warning
        source = self.parameterAsSource(parameters, kind, context)
        if source is None:
            if slot.get("required"):
                raise QgsProcessingException(layers.missing_layer(spec, kind))
            return None
        present = layers.full_names(source.fields().names())  # a Shapefile's cut names count
        missing = [f for f in SLOTS[kind].signature() if f not in present]
        if missing:
            raise QgsProcessingException(self.tr(
                "The layer for '{slot}' lacks the fields {fields}: it is not a {slot} output of WERTvoll. "
                "Choose the right layer.").format(slot=self.tr(SLOTS[kind].slot_label), fields=", ".join(missing)))
        rows = layers.read_rows(source, self._feedback)
        if not self._feedback.isCanceled():
            with kernel_errors():
                layers.check_rows(slot, rows)
        return rows

    def _draw(self, parameters, context, spec, where):
        """The template's map figures ({map id: PNG path}) when MAPS is on; *where*: (layers, folder, lang)."""
        from ..report import layers

        map_layers, folder, lang = where
        if not (self.parameterAsBoolean(parameters, self.MAPS, context) and spec.maps):
            return {}
        self._feedback.pushInfo(self.tr("Drawing the maps …"))
        return layers.draw_figures(
            spec, map_layers, folder, lang,
            context=self.parameterAsVectorLayer(parameters, self.MUNICIPALITIES, context),
            attribution=self.parameterAsString(parameters, self.ATTRIBUTION, context) or "",
            is_cancelled=self._feedback.isCanceled)

    def _render(self, spec, context_data, lang, paths):
        """Write the Word and the HTML file asked for (atomically); {output: path}.

        Nothing is left when the second fails after the first was written.
        """
        from ..report import engine

        feedback, results = self._feedback, {}
        html_path, docx_path = paths[self.OUTPUT_HTML], paths[self.OUTPUT_DOCX]
        limits = engine.Limits(is_cancelled=feedback.isCanceled)  # a template stops on cancel, or after 30 s
        try:
            with kernel_errors():
                html = engine.render_html(spec, context_data, lang, limits=limits) if html_path else None
                feedback.setProgress(75)
                if docx_path and not feedback.isCanceled():
                    results[self.OUTPUT_DOCX] = engine.render_docx(spec, context_data, docx_path, lang,
                                                                   limits=limits)
                feedback.setProgress(95)
                if html_path and not feedback.isCanceled():
                    with engine.atomic_path(html_path) as tmp:
                        Path(tmp).write_text(html, encoding="utf-8")
                    results[self.OUTPUT_HTML] = html_path
        except QgsProcessingException:
            if self.OUTPUT_DOCX in results:  # HTML failed after Word: leave nothing
                Path(docx_path).unlink(missing_ok=True)
            raise
        return results


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True
