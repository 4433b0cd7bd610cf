"""The screening's parameters beyond the walk down the ranks: the optimal selection, the robustness
of the ranking and the connectivity gain (the kernel side: ``kernels/screening_choice.py``).

A mixin of :class:`~.compensation_screening.CompensationScreening`: it declares the parameters
(all advanced) and turns them into the kernel's settings.
"""
import math

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
)

from ..compat import (
    FIELD_ANY,
    FIELD_NUMERIC,
    FILE_BEHAVIOR_FILE,
    NUMBER_DOUBLE,
    NUMBER_INTEGER,
    TYPE_VECTOR_LINE,
    TYPE_VECTOR_POLYGON,
)
from ..kernels.errors import N_
from ..kernels.screening_choice import OBJECTIVES
from .vector_io import numbers

SELECTIONS = (N_("By rank (walk down the ranks)"), N_("Optimal (mixed-integer program)"))
OBJECTIVE_NAMES = (N_("Least farmland taken out of farming"), N_("Least area"),
                   N_("Least cost (price field × area)"), N_("Most co-benefit (highest scores)"))
LOCK_IN = ("1", "in", "ein")
LOCK_OUT = ("-1", "out", "aus")
#: Annahme / assumption: a measure's target biotope (meadow, hedge, fallow) is taken as permeable as
#: fallow land, the row 43001_1200 of the shipped resistance table (10)
TARGET_RESISTANCE = 10.0


def _number(name, label, default, help_text, *, minimum=0.0, maximum=None, integer=False, optional=False):
    """A number parameter (double unless *integer*)."""
    kwargs = {"maxValue": maximum} if maximum is not None else {}
    param = QgsProcessingParameterNumber(name, label, type=NUMBER_INTEGER if integer else NUMBER_DOUBLE,
                                         defaultValue=default, minValue=minimum, optional=optional, **kwargs)
    return param, help_text


class ChoiceParameters:
    """Parameters and settings of the optimal selection, robustness and connectivity gain."""

    SELECTION = "SELECTION"
    OBJECTIVE = "OBJECTIVE"
    PRICE_FIELD = "PRICE_FIELD"
    LOCK_FIELD = "LOCK_FIELD"
    MUNICIPALITY_MAX_SHARE = "MUNICIPALITY_MAX_SHARE"
    MUNICIPALITY_MIN_POINTS_FIELD = "MUNICIPALITY_MIN_POINTS_FIELD"
    MUNICIPALITY_MAX_POINTS_FIELD = "MUNICIPALITY_MAX_POINTS_FIELD"
    PRIME_SOIL_MAX_AREA = "PRIME_SOIL_MAX_AREA"
    PIK_MIN_SHARE = "PIK_MIN_SHARE"
    MIN_NITRATE = "MIN_NITRATE"
    MIN_CARBON = "MIN_CARBON"
    KEEP_PARCELS_WHOLE = "KEEP_PARCELS_WHOLE"
    ADJACENCY_BONUS = "ADJACENCY_BONUS"
    TIME_LIMIT = "TIME_LIMIT"
    MIP_GAP = "MIP_GAP"
    ROBUSTNESS_RUNS = "ROBUSTNESS_RUNS"
    SEED = "SEED"
    WEIGHT_SPREAD = "WEIGHT_SPREAD"
    NETWORK_LINKS = "NETWORK_LINKS"
    NETWORK_PATCHES = "NETWORK_PATCHES"
    RESISTANCE_TABLE = "RESISTANCE_TABLE"
    TARGET_RESISTANCE = "TARGET_RESISTANCE"
    W_CONNECTIVITY = "W_CONNECTIVITY"

    def init_choice_parameters(self):
        """Declare the parameters (after the screening's own) and the solver's outputs."""
        for param, help_text in self._selection_parameters() + self._robustness_parameters() \
                + self._network_parameters():
            self.add_parameter(param, help_text, advanced=True)
        self.add_output(QgsProcessingOutputString("SELECTION_STATUS", self.tr("Optimal selection: status")))
        self.add_output(QgsProcessingOutputNumber("SELECTION_GAP", self.tr("Optimal selection: MIP gap (%)")))
        self.add_output(QgsProcessingOutputNumber("FARMLAND_SAVED_M2",
                                                  self.tr("Farmland saved against the walk by rank (m²)")))

    def _selection_parameters(self):
        inp, mun = self.INPUT, self.MUNICIPALITIES
        return [
            (QgsProcessingParameterEnum(self.SELECTION, self.tr("Selection"),
                                        options=[self.tr(s) for s in SELECTIONS], defaultValue=0),
             (N_("By rank: walk down the ranks until DEMAND is covered. Optimal: cover DEMAND with the "
                 "least OBJECTIVE under the constraints below (mixed-integer program, SciPy milp/HiGHS)."),
              N_("The walk by rank is kept in the field sel_greedy, so the report compares both."))),
            (QgsProcessingParameterEnum(self.OBJECTIVE, self.tr("Objective of the optimal selection"),
                                        options=[self.tr(s) for s in OBJECTIVE_NAMES], defaultValue=0),
             (N_("Farmland: area of the selected parts that leave farming (arable, grassland, orchard, "
                 "fallow without PIK). Cost: PRICE_FIELD × area. Co-benefit: each m² counted by how far "
                 "its score stays below the best score (an assumption of the plugin)."),
              N_("Ties go to the least total area."))),
            (QgsProcessingParameterField(self.PRICE_FIELD, self.tr("Price field (per m²)"),
                                         parentLayerParameterName=inp, type=FIELD_NUMERIC, optional=True),
             N_("Numeric field of the candidate layer, e.g. land value or lease per m², for the cost "
                "objective. NULL counts 0.")),
            (QgsProcessingParameterField(self.LOCK_FIELD, self.tr("Lock field"), parentLayerParameterName=inp,
                                         type=FIELD_ANY, optional=True),
             N_("Field of the candidate layer: 1 or 'in' = must be selected, -1 or 'out' = must not be "
                "selected, anything else = free. Only for the optimal selection.")),
            _number(self.MUNICIPALITY_MAX_SHARE, self.tr("Largest share of a municipality's candidate area (%)"),
                    100.0, N_("No municipality gives more than this share of its candidate area (100 = no "
                              "cap). Needs MUNICIPALITIES."), maximum=100.0),
            (QgsProcessingParameterField(self.MUNICIPALITY_MIN_POINTS_FIELD,
                                         self.tr("Field of the municipalities: least eco-points"),
                                         parentLayerParameterName=mun, type=FIELD_NUMERIC, optional=True),
             N_("Numeric field of the municipality layer: the eco-points each municipality must supply at "
                "least (NULL = no minimum).")),
            (QgsProcessingParameterField(self.MUNICIPALITY_MAX_POINTS_FIELD,
                                         self.tr("Field of the municipalities: most eco-points"),
                                         parentLayerParameterName=mun, type=FIELD_NUMERIC, optional=True),
             N_("Numeric field of the municipality layer: the eco-points each municipality may supply at "
                "most (NULL = no cap).")),
            _number(self.PRIME_SOIL_MAX_AREA, self.tr("Most prime soil taken out of farming (ha)"), None,
                    N_("Farmland with a soil index at or above the PIK threshold that the selection may take "
                       "out of farming (BKompV §10(2)); PIK keeps it farmed. Empty = no limit."), optional=True),
            _number(self.PIK_MIN_SHARE, self.tr("Least PIK share of the selected area (%)"), 0.0,
                    N_("At least this share of the selected area stays in farming as production-integrated "
                       "compensation (BNatSchG §15(3))."), maximum=100.0),
            _number(self.MIN_NITRATE, self.tr("Least nitrate leaching avoided (kg N/a)"), 0.0,
                    N_("The selected measures together keep at least this much nitrate out of the groundwater "
                       "(sum of n_saved_kg; candidates without an estimate count 0). 0 = no minimum.")),
            _number(self.MIN_CARBON, self.tr("Least soil carbon stored (t CO2/a)"), 0.0,
                    N_("The selected measures together store at least this much carbon in the soil (sum of "
                       "co2_t_a; candidates without an estimate count 0). 0 = no minimum.")),
            (QgsProcessingParameterBoolean(self.KEEP_PARCELS_WHOLE, self.tr("Select the parts of a parcel "
                                                                            "together"), defaultValue=False),
             N_("The parts an exclusion cut from one parcel are selected together or not at all.")),
            _number(self.ADJACENCY_BONUS, self.tr("Bonus per metre of shared boundary"), 0.0,
                    N_("Objective units (m² for the farmland and area objectives) subtracted for each metre of "
                       "boundary two selected parts share: compact blocks are cheaper to manage. 0 = off.")),
            _number(self.TIME_LIMIT, self.tr("Time limit of the solver (s)"), 60.0,
                    N_("The solver stops after this time with the best selection found; the log and the "
                       "output SELECTION_STATUS say so."), minimum=1.0),
            _number(self.MIP_GAP, self.tr("MIP gap (%)"), 0.5,
                    N_("The solver stops when its selection is proven within this share of the optimum."),
                    maximum=100.0),
        ]

    def _robustness_parameters(self):
        return [
            _number(self.ROBUSTNESS_RUNS, self.tr("Random weightings for the selection frequency"), 0,
                    N_("Number of random weightings around the weights above; each candidate gets the share "
                       "of them in which the walk by rank selects it (sel_freq) and its rank range. 0 = off."),
                    integer=True, maximum=10000),
            _number(self.SEED, self.tr("Seed of the random weightings"), 1,
                    N_("The same seed gives the same weightings and the same result."), integer=True),
            _number(self.WEIGHT_SPREAD, self.tr("Spread of the random weights (%)"), 50.0,
                    N_("Each weight is multiplied by a factor drawn uniformly from 1 ± this share (50 % is "
                       "an assumption of the plugin)."), maximum=100.0),
        ]

    def _network_parameters(self):
        return [
            (QgsProcessingParameterFeatureSource(self.NETWORK_LINKS, self.tr("Biotope network: links"),
                                                 [TYPE_VECTOR_LINE], optional=True),
             N_("OUTPUT_LINKS of wertvoll:biotopecorridors (fields from_id, to_id, cost, prob). With "
                "NETWORK_PATCHES each candidate gets gain_eca: the ECA (m²) the network gains when the "
                "candidate gets TARGET_RESISTANCE.")),
            (QgsProcessingParameterFeatureSource(self.NETWORK_PATCHES, self.tr("Biotope network: patches"),
                                                 [TYPE_VECTOR_POLYGON], optional=True),
             N_("OUTPUT_PATCHES of the same run of wertvoll:biotopecorridors (fields patch_id, area_m2).")),
            (QgsProcessingParameterFile(self.RESISTANCE_TABLE, self.tr("Resistance table (CSV)"),
                                        behavior=FILE_BEHAVIOR_FILE, extension="csv", optional=True),
             N_("The resistance of each candidate's land-use code now: the table the corridor run used "
                "(empty: the shipped table).")),
            _number(self.TARGET_RESISTANCE, self.tr("Resistance after the measure"), TARGET_RESISTANCE,
                    N_("Resistance of a candidate once its measure is done. Default 10, as fallow land in the "
                       "shipped table: an assumption of the plugin."), minimum=0.001),
            _number(self.W_CONNECTIVITY, self.tr("Weight of the connectivity gain"), 1.0,
                    N_("Weight in the score of min(1, gain_eca / 1 % of the network's ECA): a candidate that "
                       "raises ECA by 1 % counts like a full co-benefit share (an assumption of the plugin).")),
        ]

    # -- settings for the kernel ---------------------------------------------------------
    def candidate_choice_fields(self, parameters, context):
        """The candidate fields the settings read (price, lock), empty names left out."""
        return [f for f in (self.parameterAsString(parameters, self.PRICE_FIELD, context),
                            self.parameterAsString(parameters, self.LOCK_FIELD, context)) if f]

    def choice_settings(self, parameters, context, candidates, municipality_values):
        """{network, optimal, robustness} for :class:`ScreeningOptions` and the connectivity weight.

        *candidates*: (crs, fids, {field: values}) of the candidate layer; *municipality_values*:
        (names, {field: values}) of the municipality layer or None.
        """
        from ..kernels.screening_choice import RobustnessSettings

        runs = self.parameterAsInt(parameters, self.ROBUSTNESS_RUNS, context)
        robustness = None if runs <= 0 else RobustnessSettings(
            runs=runs, seed=self.parameterAsInt(parameters, self.SEED, context),
            spread=self.parameterAsDouble(parameters, self.WEIGHT_SPREAD, context) / 100.0)
        settings = {"optimal": self._optimal_settings(parameters, context, candidates[2], municipality_values),
                    "robustness": robustness,
                    "network": self._network_settings(parameters, context, candidates)}
        return settings, self.parameterAsDouble(parameters, self.W_CONNECTIVITY, context)

    def municipality_choice_fields(self, parameters, context):
        """The municipality fields the settings read (least and most eco-points)."""
        return [f for f in (self.parameterAsString(parameters, self.MUNICIPALITY_MIN_POINTS_FIELD, context),
                            self.parameterAsString(parameters, self.MUNICIPALITY_MAX_POINTS_FIELD, context)) if f]

    def _optimal_settings(self, parameters, context, values, municipality_values):
        from ..kernels.screening_choice import OptimalSettings

        if self.parameterAsEnum(parameters, self.SELECTION, context) != 1:
            return None
        objective = OBJECTIVES[self.parameterAsEnum(parameters, self.OBJECTIVE, context)]
        price_field = self.parameterAsString(parameters, self.PRICE_FIELD, context)
        if objective == "cost" and not price_field:
            raise QgsProcessingException(self.tr("The cost objective needs a price field (PRICE_FIELD)."))
        prime = parameters.get(self.PRIME_SOIL_MAX_AREA)
        prime = math.inf if prime in (None, "") else 1e4 * self.parameterAsDouble(
            parameters, self.PRIME_SOIL_MAX_AREA, context)
        return OptimalSettings(
            objective=objective, price=numbers(values[price_field]) if price_field else None,
            municipality_max_share=self.parameterAsDouble(parameters, self.MUNICIPALITY_MAX_SHARE, context) / 100,
            **self._points_bounds(parameters, context, municipality_values),
            prime_max_area=prime,
            pik_min_share=self.parameterAsDouble(parameters, self.PIK_MIN_SHARE, context) / 100,
            nitrate_min=self.parameterAsDouble(parameters, self.MIN_NITRATE, context),
            carbon_min=self.parameterAsDouble(parameters, self.MIN_CARBON, context),
            lock=self._locks(parameters, context, values),
            keep_parcels_whole=self.parameterAsBool(parameters, self.KEEP_PARCELS_WHOLE, context),
            adjacency_bonus=self.parameterAsDouble(parameters, self.ADJACENCY_BONUS, context),
            time_limit=self.parameterAsDouble(parameters, self.TIME_LIMIT, context),
            mip_gap=self.parameterAsDouble(parameters, self.MIP_GAP, context) / 100)

    def _points_bounds(self, parameters, context, municipality_values):
        """{municipality_min_points, municipality_max_points}: {name: points} from the two fields."""
        out = {}
        for key, parameter in (("municipality_min_points", self.MUNICIPALITY_MIN_POINTS_FIELD),
                               ("municipality_max_points", self.MUNICIPALITY_MAX_POINTS_FIELD)):
            field = self.parameterAsString(parameters, parameter, context)
            out[key] = None
            if field and municipality_values is not None:
                names, values = municipality_values
                out[key] = {n: v for n, v in zip(names, numbers(values[field])) if not math.isnan(v)}
        return out

    def _locks(self, parameters, context, values):
        """Per candidate feature 1 (locked in), -1 (locked out) or 0; None without a lock field."""
        import numpy as np

        field = self.parameterAsString(parameters, self.LOCK_FIELD, context)
        if not field:
            return None
        text = [str(v).strip().lower().removesuffix(".0") if v is not None else "" for v in values[field]]
        return np.array([1 if t in LOCK_IN else -1 if t in LOCK_OUT else 0 for t in text], dtype=np.int8)

    def _network_settings(self, parameters, context, candidates):
        """The :class:`NetworkSettings` from the links and patches of a corridor run; None without."""
        links = self.parameterAsSource(parameters, self.NETWORK_LINKS, context)
        patches = self.parameterAsSource(parameters, self.NETWORK_PATCHES, context)
        if links is None and patches is None:
            return None
        if links is None or patches is None:
            raise QgsProcessingException(self.tr("Give both NETWORK_LINKS and NETWORK_PATCHES (the links and "
                                                 "the patches of one run of the biotope corridors), or neither."))
        crs, fids, values = candidates
        link_values = self._network_fields(links, ("from_id", "to_id", "cost", "prob"), crs, context)
        patch_values = self._network_fields(patches, ("patch_id", "area_m2"), crs, context)
        landuse = values[self.parameterAsString(parameters, self.LANDUSE_FIELD, context)]
        return self._network((link_values, patch_values), (fids, landuse), parameters, context)

    def _network_fields(self, source, fields, crs, context):
        """(geometries, {field: values}) of a network layer in *crs*; a missing field is an error."""
        missing = [f for f in fields if source.fields().lookupField(f) < 0]
        if missing:
            raise QgsProcessingException(self.tr("The layer '{layer}' lacks the field(s) {fields}: give the "
                                                 "output of wertvoll:biotopecorridors.").format(
                layer=source.sourceName(), fields=", ".join(missing)))
        geoms, _fids, values = self.read_source(source, crs, context, self._feedback, fields=fields)
        return geoms, values

    def _network(self, layers, candidates, parameters, context):
        """*layers*: (links, patches) as :meth:`_network_fields` reads them; *candidates*: (fids, codes)."""
        import numpy as np

        from ..kernels.corridors import landuse_resistance, load_resistance_table
        from ..kernels.screening_choice import NetworkSettings
        from .base import kernel_errors

        with kernel_errors():
            table = load_resistance_table(self.parameterAsFile(parameters, self.RESISTANCE_TABLE, context) or None)
            now, warnings = landuse_resistance(candidates[1], candidates[0], table)
        self.report_warnings(self._feedback, warnings)
        (lines, lv), patches = layers
        return NetworkSettings(
            link_lines=lines, link_from=np.asarray(lv["from_id"], dtype=object),
            link_to=np.asarray(lv["to_id"], dtype=object), link_cost=numbers(lv["cost"]),
            link_prob=numbers(lv["prob"]), patch_ids=np.asarray(patches[1]["patch_id"], dtype=object),
            patch_areas=numbers(patches[1]["area_m2"]), resistance_now=now,
            resistance_target=self.parameterAsDouble(parameters, self.TARGET_RESISTANCE, context))

