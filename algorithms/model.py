"""The shipped model ``wertvoll:stadtlandbilanz``: its inputs, outputs and texts, and how it loads.

``scripts/make_model.py`` builds ``resources/models/stadtlandbilanz.model3`` from :data:`INPUTS` and
:data:`OUTPUTS`; the texts stored in the file are the English sources. :class:`ShippedModel` loads
the file for the provider and, like the algorithms, shows it in the user's language:

* the display name ("City–countryside balance", German "Stadt-Land-Bilanz") while the id stays
  ``wertvoll:stadtlandbilanz`` (a model's name is its id in QGIS, so only the display name changes);
* the labels and help of the parameters, the summary and the link to the guide page translated;
* the intermediate results optional: given a path they are written there, otherwise the model keeps
  them as temporary layers (QGIS copies "mandatory" from the child's output, so ``qgis_process``
  would demand every one of them).

The parameter order (each layer before its fields) is the ``parameterOrder`` stored in the file,
which QGIS 3.22 and newer honour when they load a model.
"""
from qgis.core import QgsProcessing, QgsProcessingModelAlgorithm

from ..about import PLUGIN_DIR
from ..compat import FLAG_OPTIONAL
from ..i18n import tr
from ..kernels.errors import N_
from .base import GROUPS, help_page
from .help import short_help
from .help import text as help_text
from .screening_choice import SELECTIONS

NAME = "stadtlandbilanz"
GROUP_ID = "report"
PATH = PLUGIN_DIR / "resources" / "models" / f"{NAME}.model3"
DISPLAY_NAME = N_("City–countryside balance")
SUMMARY = (
    N_("The whole city–countryside analysis in one run: riparian strips and development corridors, "
       "flood-risk zones, the biotope network (links and gaps), the compensation screening with these "
       "three as co-benefits, and the report 'Stadt-Land-Bilanz' (HTML and Word)."),
    N_("Only the compensation candidates and the balance per municipality must be saved; every other "
       "result is a temporary layer unless you give it a file. Open the model in the Graphical Modeler "
       "to change any step."),
)

# the model's inputs in the dialog's order, each layer before its fields:
# (name, kind, label, help, options); kind "field:<layer>" is a field of that layer input
INPUTS = [
    ("RIVERS", "lines", N_("Rivers and water bodies"),
     N_("River centre lines, e.g. ATKIS Basis-DLM watercourse axes."), {}),
    ("CHANNEL_WIDTH_FIELD", "field:RIVERS", N_("Channel width field (m)"),
     N_("Channel width in metres: the strip starts at the bank. Empty: at the line."), {"optional": True}),
    ("DEM", "raster", N_("Digital elevation model (DEM)"),
     N_("Terrain heights in metres (e.g. DGM from GeoSN), projected CRS."), {}),
    ("BUILTUP", "polygons", N_("Built-up areas"),
     N_("Built-up areas: 5 m strips inside instead of 10 m (SächsWG §24(2))."), {"optional": True}),
    ("PARCELS", "polygons", N_("Parcels with their land-use code"),
     N_("Parcels with their land-use code (ALKIS): candidates, land use in strips, resistance."), {}),
    ("LANDUSE_FIELD", "field:PARCELS", N_("Land-use code field"), N_("Land-use code field of the parcels."), {}),
    ("SOIL_FIELD", "field:PARCELS", N_("Soil index field (Acker-/Grünlandzahl)"),
     N_("Soil index for the prime-soil check (BNatSchG §15(3)). Empty: no check."), {"optional": True}),
    ("SEEPAGE", "raster", N_("Percolation raster (mm/a)"),
     N_("Yearly percolation from the root zone (e.g. KliWES) for the nitrate leaching avoided per measure. "
        "Empty: 85 mm/a everywhere, an assumption for the Leipzig lowland."), {"optional": True}),
    ("EXCLUSIONS", "multi", N_("Exclusion layers"),
     N_("Settlements, traffic, existing compensation areas (KoKa-Nat): never candidates."), {"optional": True}),
    ("WATER_PROTECTION", "polygons", N_("Drinking-water protection zones"),
     N_("Drinking-water protection zones: co-benefit 'water'."), {"optional": True}),
    ("FLOODPLAIN", "polygons", N_("Official flood zones"),
     N_("The official HQ100 zone (WHG §76); becomes zone 0 of the flood zones."), {"optional": True}),
    ("MUNICIPALITIES", "polygons", N_("Municipalities"),
     N_("Municipality boundaries for the balance per municipality."), {}),
    ("MUNICIPALITY_FIELD", "field:MUNICIPALITIES", N_("Municipality name field"),
     N_("Field with the municipality name."), {}),
    ("PATCHES", "polygons", N_("Habitat patches (core areas)"),
     N_("Core habitat patches of the biotope network (e.g. FFH sites, large forests)."), {}),
    ("DISPERSAL_COST", "number", N_("Dispersal cost at p = 0.5"),
     N_("Link cost (resistance × metres) at which half of the species' individuals still arrive: gives PC, "
        "ECA and the connectivity gain of each candidate. 0: none."), {"default": 0}),
    ("DEMAND", "number", N_("Compensation demand (eco-points)"),
     N_("Eco-points the city needs to place; the screening selects the best candidates until it is met. "
        "0: no selection."), {"default": 0}),
    ("SELECTION", "enum", N_("Selection"),
     N_("By rank, or optimal: the least farmland taken out of farming that covers the demand "
        "(mixed-integer program); the report compares both."),
     {"default": 0, "options": SELECTIONS}),
    ("ROBUSTNESS_RUNS", "number", N_("Random weightings for the selection frequency"),
     N_("Number of random weightings (±50 % around each weight) for the selection frequency and the "
        "robust picks in the report. 0: off."), {"default": 0}),
    ("W_CONNECTIVITY", "number", N_("Weight of the connectivity gain"),
     N_("Weight in the score of what each candidate adds to the biotope network (ECA gain). 0: shown "
        "in the report, not weighted."), {"default": 0}),
    ("AUTHOR", "string", N_("Author of the report"),
     N_("Who prepared the report (shown in the report; the report needs it)."), {}),
]

# the model's outputs: step -> [(output name, the step's output, label)]; the labels are the steps' own
OUTPUTS = {
    "riparian": [("strips", "OUTPUT_STRIPS", N_("Riparian strips")),
                 ("river_corridors", "OUTPUT_CORRIDORS", N_("Development corridors")),
                 ("strip_landuse", "OUTPUT_LANDUSE", N_("Land use in strips and corridors"))],
    "flood": [("flood_zones", "OUTPUT_ZONES", N_("Flood-risk zones")),
              ("flood_exposure", "OUTPUT_EXPOSURE", N_("Exposure per zone"))],
    "network": [("links", "OUTPUT_LINKS", N_("Least-cost links")), ("patches", "OUTPUT_PATCHES", N_("Patches with importance")),
                ("gaps", "OUTPUT_GAPS", N_("Gaps")), ("corridors", "OUTPUT_CORRIDORS", N_("Corridors"))],
    "screening": [("candidates", "OUTPUT", N_("Compensation candidates")),
                  ("summary", "OUTPUT_SUMMARY", N_("Summary per municipality"))],
    "report": [("report_html", "OUTPUT_HTML", N_("HTML report")), ("report_docx", "OUTPUT_DOCX", N_("Word report"))],
}
#: the results a run must save; every other output is optional (a temporary layer unless given a path)
FINAL_OUTPUTS = ("screening:candidates", "screening:summary")
TEMPORARY_OUTPUT = QgsProcessing.TEMPORARY_OUTPUT


class ShippedModel(QgsProcessingModelAlgorithm):
    """The model file at *path* as the provider lists it: translated, intermediate outputs optional."""

    def __init__(self, path=PATH):
        super().__init__()
        self._path = str(path)
        self.loaded = self.fromFile(self._path)
        if self.loaded:
            self._prepare()

    def _prepare(self):
        help_of = {name: help_text for name, _kind, _label, help_text, _options in INPUTS}
        for param in self.parameterDefinitions():
            param.setDescription(tr(param.description()))
            if param.name() in help_of:
                param.setHelp(help_text(help_of[param.name()]))
            elif param.isDestination() and param.name() not in FINAL_OUTPUTS:
                param.setFlags(param.flags() | FLAG_OPTIONAL)

    def createInstance(self):  # noqa: N802
        return ShippedModel(self._path)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Runs the model; an intermediate result the user gave no destination becomes temporary.

        A model passes a step nothing for an output it was not given (QGIS 3.22 does not use the
        output's default), and the step then cannot create its layer.
        """
        given = dict(parameters)
        for param in self.destinationParameterDefinitions():
            if param.name() not in FINAL_OUTPUTS and given.get(param.name()) in (None, ""):
                given[param.name()] = TEMPORARY_OUTPUT
        return super().processAlgorithm(given, context, feedback)

    def displayName(self):  # noqa: N802
        return tr(DISPLAY_NAME)

    def group(self):
        return tr(GROUPS[GROUP_ID])

    def groupId(self):  # noqa: N802
        return GROUP_ID

    def shortHelpString(self):  # noqa: N802
        return short_help(SUMMARY, self.helpUrl())

    def helpUrl(self):  # noqa: N802
        from qgis.PyQt.QtCore import QUrl

        page = help_page("modeler")
        return QUrl.fromLocalFile(str(page)).toString() if page is not None else ""
