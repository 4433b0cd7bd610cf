"""wertvoll:report — fill a report template with result layers; write HTML and editable Word.

The engine (``report/engine.py``, ``report/data.py``) is plain Python; this wrapper reads the
slot layers, renders the map figures through a print layout (main thread: NoThreading) and
writes both files atomically (nothing half-written when a template fails).
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

from ..kernels.errors import N_
from .base import WertvollAlgorithm
from ..compat import ALG_FLAG_NO_THREADING, FILE_BEHAVIOR_FOLDER, TYPE_VECTOR_ANY
from .provider import plugin_metadata

#: slot kind -> (parameter label, help); the parameter name is the kind itself
SLOT_PARAMETERS = {
    "COMPENSATION": (N_("Compensation candidates"),
                     N_("Output 'Compensation candidates' of the compensation-area screening.")),
    "SUMMARY": (N_("Summary per municipality"),
                N_("Output 'Summary per municipality' of the screening (a table). Optional: the report "
                   "sums the candidates itself when it is empty.")),
    "STRIPS": (N_("Riparian strips"), N_("Output 'Riparian strips' of the riparian-strips algorithm.")),
    "STRIP_LANDUSE": (N_("Land use in strips"),
                      N_("Output 'Land use inside strips and corridors' of the riparian-strips algorithm "
                         "(a table): the land-use conflicts of the report.")),
    "CORRIDORS_RIVER": (N_("River development corridors"),
                        N_("Output 'Development corridors' of the riparian-strips algorithm.")),
    "FLOOD_ZONES": (N_("Flood-risk zones"), N_("Output 'Flood-risk zones' of the flood-risk algorithm.")),
    "FLOOD_EXPOSURE": (N_("Flood exposure"),
                       N_("Output 'Exposure per zone' of the flood-risk algorithm (a table).")),
    "LINKS": (N_("Biotope links"), N_("Output 'Links' of the biotope-corridor algorithm.")),
    "PATCHES": (N_("Habitat patches"), N_("Output 'Patches' of the biotope-corridor algorithm (with dPC).")),
    "GAPS": (N_("Network gaps"), N_("Output 'Gaps' of the biotope-corridor algorithm.")),
}
LANGUAGES = ("de", "en")
#: fields the report adds up or compares: text in them that is no number counts 0 (with a warning)
NUMBER_FIELDS = frozenset((
    "area_m2", "uplift_pts", "score", "rank", "selected_area_m2", "selected_pts", "candidates", "share_water",
    "share_flood", "share_riparian", "share_corridor", "band_from_m", "band_to_m", "corridor_width_m",
    "threshold_m", "count", "cost", "length_m", "degree", "component", "dPC"))


def slot_names(lang=None):
    """Layer name per slot kind (legend entries of the report maps), in *lang* or the UI's language."""
    from ..i18n import tr, tr_in

    return {kind: (tr_in(lang, label) if lang else tr(label)) for kind, (label, _) in SLOT_PARAMETERS.items()}


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
        for kind, (label, help_text) in SLOT_PARAMETERS.items():
            self.add_parameter(
                QgsProcessingParameterFeatureSource(kind, self.tr(label), [TYPE_VECTOR_ANY], optional=True),
                help_text)
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

    def _fields(self, parameters, context):
        text = (self.parameterAsString(parameters, self.FIELDS, context) or "").strip()
        if not text:
            return {}
        try:
            values = json.loads(text)
        except json.JSONDecodeError as e:
            raise QgsProcessingException(self.tr(
                "Field values: {problem} (line {line}). Write them as JSON, e.g. {{\"author\": \"Name\"}}."
            ).format(problem=e.msg, line=e.lineno))
        if not isinstance(values, dict):
            raise QgsProcessingException(self.tr(
                "Field values must be one JSON object, e.g. {\"author\": \"Name\"}."))
        return values

    def _warn_not_numbers(self, feedback, tables):
        """Text that is no number in a field the report adds up counts 0: say in which layer and field."""
        for kind, rows in tables.items():
            bad = {}
            for row in rows:
                for name, value in row.items():
                    if name in NUMBER_FIELDS and isinstance(value, str):
                        try:
                            float(value)
                        except ValueError:
                            bad[name] = bad.get(name, 0) + 1
            if bad:
                feedback.pushWarning(self.tr(
                    "The layer for '{slot}' holds text that is not a number in {fields}; the report counts it "
                    "as 0. Check the layer.").format(slot=self.tr(SLOT_PARAMETERS[kind][0]), fields=", ".join(
                        f"{name} ({count}×)" for name, count in sorted(bad.items()))))

    def process(self, parameters, context, feedback):
        from ..report import data, engine, layers

        html_path = self.parameterAsFileOutput(parameters, self.OUTPUT_HTML, context)
        docx_path = self.parameterAsFileOutput(parameters, self.OUTPUT_DOCX, context)
        if not html_path and not docx_path:
            raise QgsProcessingException(self.tr("Choose an HTML or a Word file to write the report to."))
        lang = self.parameterAsEnumString(parameters, self.LANGUAGE, context) or "de"
        try:
            spec = self._spec(parameters, context)
            values = engine.resolve_values(spec, self._fields(parameters, context), lang)
        except engine.ReportError as e:
            raise QgsProcessingException(self.tr(e.template).format(**e.params)) from e

        feedback.pushInfo(self.tr("Reading the result layers …"))
        tables, map_layers = {}, {}
        for slot in spec.slots:
            kind = slot["kind"]
            source = self.parameterAsSource(parameters, kind, context)
            if source is None:
                if slot.get("required"):
                    raise QgsProcessingException(self.tr(
                        "Template '{name}' needs a layer for '{slot}'. Choose it, e.g. the matching output "
                        "of a WERTvoll algorithm.").format(name=spec.name, slot=self.tr(SLOT_PARAMETERS[kind][0])))
                continue
            present = layers.full_names(source.fields().names())  # a Shapefile's cut names count
            missing = [f for f in engine.SLOT_KINDS[kind] if f not in present]
            if missing:
                raise QgsProcessingException(self.tr(
                    "The layer for '{slot}' lacks the fields {fields}: it is not a {slot} output of WERTvoll. "
                    "Choose the right layer.").format(slot=self.tr(SLOT_PARAMETERS[kind][0]),
                                                      fields=", ".join(missing)))
            tables[kind] = layers.read_rows(source, feedback)
            if feedback.isCanceled():
                return {}
            if slot.get("required") and not tables[kind]:
                raise QgsProcessingException(self.tr(
                    "The layer for '{slot}' has no features (check its filter or selection). Choose a layer "
                    "holding results.").format(slot=self.tr(SLOT_PARAMETERS[kind][0])))
            feedback.setProgress(20.0 * (spec.slots.index(slot) + 1) / len(spec.slots))
            layer = self.parameterAsVectorLayer(parameters, kind, context)
            if layer is not None:
                map_layers[kind] = layer
        if not tables:
            raise QgsProcessingException(self.tr(
                "Template '{name}' got no layer. Give at least one of: {slots}.").format(
                name=spec.name, slots=", ".join(spec.slot_kinds())))
        if not any(tables.values()):
            raise QgsProcessingException(self.tr(
                "Template '{name}' got only layers without features (check their filters or selections). "
                "Give at least one layer holding results.").format(name=spec.name))
        self._warn_not_numbers(feedback, tables)

        figures = {}
        workdir = tempfile.TemporaryDirectory(prefix="wertvoll-report-")
        if self.parameterAsBoolean(parameters, self.MAPS, context) and spec.maps:
            feedback.pushInfo(self.tr("Drawing the maps …"))
            figures = layers.draw_figures(spec, map_layers, workdir.name, lang, slot_names(lang))
        feedback.setProgress(60)
        if feedback.isCanceled():  # base.py: a cancelled run returns nothing
            workdir.cleanup()
            return {}

        feedback.pushInfo(self.tr("Filling in the template …"))
        context_data = data.build_context(spec, values, tables, lang, figures,
                                          version=plugin_metadata("version"))
        results = {}
        try:
            html = engine.render_html(spec, context_data, lang) if html_path else None
            feedback.setProgress(75)
            if docx_path and not feedback.isCanceled():
                results[self.OUTPUT_DOCX] = engine.render_docx(spec, context_data, docx_path, lang)
            feedback.setProgress(95)
            if html_path and not feedback.isCanceled():
                with engine.atomic_path(html_path) as tmp:
                    Path(tmp).write_text(html, encoding="utf-8")
                results[self.OUTPUT_HTML] = html_path
        except engine.ReportError as e:
            if docx_path and self.OUTPUT_DOCX in results:  # HTML failed after Word: leave nothing
                Path(docx_path).unlink(missing_ok=True)
            raise QgsProcessingException(self.tr(e.template).format(**e.params)) from e
        finally:
            workdir.cleanup()
        feedback.setProgress(100)
        for key, path in results.items():
            feedback.pushInfo(self.tr("Written: {path}").format(path=path))
        return results
