"""wertvoll:compensationscreening — find, value and rank land for nature compensation.

The QGIS side only: parameters, reading the layers in one metric CRS, writing the
outputs. The computation is ``kernels/screening.py`` (shapely 2, no QGIS).
"""
from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputBoolean,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
)

from ..compat import (
    FIELD_ANY,
    FIELD_NUMERIC,
    FILE_BEHAVIOR_FILE,
    NUMBER_DOUBLE,
    TYPE_VECTOR_ANY,
    TYPE_VECTOR_LINE,
    TYPE_VECTOR_POLYGON,
)
from ..kernels.errors import N_
from ..kinds import COMPENSATION, SUMMARY
from .base import WertvollAlgorithm, kernel_errors
from .outputs import OutputTable, plain_rows
from .screening_choice import ChoiceParameters

#: note id (from the kernel) -> English text shown in the ``notes`` field
NOTE_TEXTS = {
    "woody_in_flood": N_("woody measure inside a designated flood zone: WHG §78a(1) no. 6 bans tree and "
                         "shrub plantings that run against flood protection, unless the authority allows "
                         "them (§78a(2)) - check with the water authority or choose grassland"),
    "arable_in_riparian": N_("arable land inside a riparian strip (SächsWG §24): "
                             "no conversion of grassland to arable, 5 m without fertiliser"),
    "water_zone_1": N_("inside drinking-water protection zone I: measures only in agreement "
                       "with the water utility (DVGW W 101)"),
    "pik": N_("prime soil: production-integrated compensation proposed instead of taking "
              "the land out of farming (BNatSchG §15(3))"),
}

def _is_zone_zero(value):
    """Whether a zone value is 0 (the designated zone): 0, 0.0, "0", " 0 "; NULL and text are not."""
    try:
        return value is not None and float(str(value).strip()) == 0.0
    except ValueError:
        return False


class CompensationScreening(ChoiceParameters, WertvollAlgorithm):
    NAME = "compensationscreening"
    GROUP_ID = "compensation"
    DISPLAY_NAME = N_("Compensation-area screening")
    REQUIRES = ("numpy", "shapely", "pandas")
    SHORT_HELP = (
        N_("Finds, values and ranks land for nature compensation (BNatSchG §15) across the city–countryside "
           "region; SächsNatSchG §10(1) allows the whole planning region as search area."),
        N_("Each candidate parcel, minus the exclusions, gets its eco-point uplift, (value_target − value_now) "
           "× area (BKompV §8(2)), and its co-benefits for drinking water, floods, rivers and the biotope "
           "network, which give its score and rank."),
        N_("With a demand, candidates are selected by rank until it is covered; on good arable soils the tool "
           "proposes production-integrated compensation (BNatSchG §15(3))."),
    )

    INPUT = "INPUT"
    LANDUSE_FIELD = "LANDUSE_FIELD"
    METHOD = "METHOD"
    VALUE_TABLE = "VALUE_TABLE"
    EXCLUSIONS = "EXCLUSIONS"
    WATER_PROTECTION = "WATER_PROTECTION"
    WATER_ZONE_FIELD = "WATER_ZONE_FIELD"
    FLOODPLAIN = "FLOODPLAIN"
    FLOOD_ZONE_FIELD = "FLOOD_ZONE_FIELD"
    RIPARIAN = "RIPARIAN"
    CORRIDORS = "CORRIDORS"
    CORRIDOR_BUFFER = "CORRIDOR_BUFFER"
    W_UPLIFT = "W_UPLIFT"
    W_WATER = "W_WATER"
    W_FLOOD = "W_FLOOD"
    W_RIPARIAN = "W_RIPARIAN"
    W_CORRIDOR = "W_CORRIDOR"
    SOIL_FIELD = "SOIL_FIELD"
    PIK_SOIL_THRESHOLD = "PIK_SOIL_THRESHOLD"
    MUNICIPALITIES = "MUNICIPALITIES"
    MUNICIPALITY_FIELD = "MUNICIPALITY_FIELD"
    SOIL_TYPE_FIELD = "SOIL_TYPE_FIELD"
    SEEPAGE = "SEEPAGE"
    SEEPAGE_DEFAULT = "SEEPAGE_DEFAULT"
    FACTORS_LAND = "FACTORS_LAND"
    FACTORS_SOIL = "FACTORS_SOIL"
    W_NITRATE = "W_NITRATE"
    W_CLIMATE = "W_CLIMATE"
    WATER_BENEFIT = "WATER_BENEFIT"
    MIN_AREA = "MIN_AREA"
    DEMAND = "DEMAND"
    IN_DATABASE = "IN_DATABASE"
    OUTPUT = "OUTPUT"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"

    COBENEFITS = (  # parameter, kernel keyword, weight parameter
        ("WATER_PROTECTION", "water", "W_WATER"),
        ("FLOODPLAIN", "flood", "W_FLOOD"),
        ("RIPARIAN", "riparian", "W_RIPARIAN"),
        ("CORRIDORS", "corridor", "W_CORRIDOR"),
    )

    def initAlgorithm(self, config=None):  # noqa: N802
        polygon = [TYPE_VECTOR_POLYGON]
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.INPUT, self.tr("Candidate land (parcels)"), polygon),
            N_("Polygons of candidate land: ALKIS parcels (Flurstücke) or land-use polygons, any CRS."))
        self.add_parameter(
            QgsProcessingParameterField(self.LANDUSE_FIELD, self.tr("Land-use code field"),
                                        parentLayerParameterName=self.INPUT, type=FIELD_ANY),
            N_("Field with the current land-use or biotope code (text or integer), looked up in "
               "the value table. Codes missing from the table are skipped with one warning each."))
        from ..kernels.value_table import SHIPPED_TABLES

        self.add_parameter(
            QgsProcessingParameterEnum(self.METHOD, self.tr("Valuation method"),
                                       options=[self.tr(name) for _k, _f, name in SHIPPED_TABLES],
                                       defaultValue=0),
            (N_("The shipped value table. BKompV 2020 Anlage 2 binds federal projects; Saxon and municipal "
                "projects use the Saxon guideline (SMUL 2009) or the city's own model. The Saxon list is "
                "not shipped: its values could not be taken from the primary document."),
             N_("Enter it, or any other list, as your own value table below. The outputs and the report "
                "name the method used (field 'method').")))
        self.add_parameter(
            QgsProcessingParameterFile(self.VALUE_TABLE, self.tr("Own value table (CSV, replaces the method)"),
                                       behavior=FILE_BEHAVIOR_FILE, extension="csv", optional=True),
            N_("CSV (UTF-8, ; or , separated) with the header code,label,value_now,measure,"
               "value_target,pik_measure,pik_value_target in points per m² (0–24). When given, it is "
               "used instead of the valuation method and named as 'own value table' in the outputs."))
        self.add_parameter(
            QgsProcessingParameterMultipleLayers(self.EXCLUSIONS, self.tr("Exclusion layers"),
                                                 layerType=TYPE_VECTOR_POLYGON, optional=True),
            N_("Polygon layers removed from the candidates: settlements, roads, water, existing "
               "compensation or eco-account areas (KoKa-Nat), high-value biotopes."))
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.WATER_PROTECTION, self.tr("Drinking-water protection zones"),
                                                polygon, optional=True),
            N_("Drinking-water protection zones (DVGW W 101). Groundwater-protective "
               "extensification pays most in zone III."))
        self.add_parameter(
            QgsProcessingParameterField(self.WATER_ZONE_FIELD, self.tr("Zone field of the protection zones"),
                                        parentLayerParameterName=self.WATER_PROTECTION, optional=True),
            N_("Field holding the zone (I, II, III). Features with zone I or 1 raise the note "
               "'drinking-water protection zone I'. Empty: a field named 'zone' is used if present."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.FLOODPLAIN, self.tr("Flood zones"), polygon, optional=True),
            (N_("Designated flood zones (WHG §76, SächsWG §72) or the zones of wertvoll:floodriskzones. "
                "All count for the flood share (retention is a synergy, WHG §77)."),
             N_("The note on WHG §78a (tree and shrub plantings) is given only for designated zones: with a "
                "zone field (FLOOD_ZONE_FIELD, or a field 'zone'), zone 0 = official; without one, every "
                "feature counts as designated.")))
        self.add_parameter(
            QgsProcessingParameterField(self.FLOOD_ZONE_FIELD, self.tr("Zone field of the flood zones"),
                                        parentLayerParameterName=self.FLOODPLAIN, optional=True),
            N_("Field telling designated from estimated zones: 0 = designated (official) zone, any other "
               "value = estimated (as in the output of wertvoll:floodriskzones). Empty: a field named "
               "'zone' is used if present."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.RIPARIAN, self.tr("Riparian strips and corridors"),
                                                polygon, optional=True),
            N_("Riparian strips or river development corridors, e.g. from wertvoll:riparianstrips "
               "(SächsWG §24, WHG §38)."))
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.CORRIDORS, self.tr("Biotope network corridors or gaps"),
                                                [TYPE_VECTOR_POLYGON, TYPE_VECTOR_LINE], optional=True),
            N_("Corridors (polygons) or gaps (lines) of the biotope network, e.g. OUTPUT_CORRIDORS or "
               "OUTPUT_GAPS of wertvoll:biotopecorridors (BNatSchG §21). Lines count with a band of "
               "CORRIDOR_BUFFER on each side: the land where a stepping stone closes the gap."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.CORRIDOR_BUFFER, self.tr("Band around network gap lines (m)"),
                                         type=NUMBER_DOUBLE, defaultValue=25.0, minValue=0.0),
            N_("Half-width of the band around line features of the network layer (default 25 m, one "
               "cell of the corridor analysis: an assumption of the plugin). Polygons are used as they are."),
            advanced=True)
        for name, label in ((self.W_UPLIFT, N_("Weight of the eco-point uplift")),
                            (self.W_WATER, N_("Weight of drinking-water protection")),
                            (self.W_FLOOD, N_("Weight of flood retention")),
                            (self.W_RIPARIAN, N_("Weight of riparian strips")),
                            (self.W_CORRIDOR, N_("Weight of the biotope network"))):
            self.add_parameter(
                QgsProcessingParameterNumber(name, self.tr(label), type=NUMBER_DOUBLE,
                                             defaultValue=1.0, minValue=0.0),
                N_("Weight in the score; the uplift enters as (value_target − value_now)/24, each "
                   "co-benefit as its area share 0–1. 0 switches a criterion off. The /24 scaling and the "
                   "default weights 1 are assumptions (Annahme) of the plugin, not from a law."),
                advanced=True)
        self.add_parameter(
            QgsProcessingParameterField(self.SOIL_FIELD, self.tr("Soil index field (Acker-/Grünlandzahl)"),
                                        parentLayerParameterName=self.INPUT, type=FIELD_NUMERIC,
                                        optional=True),
            N_("Numeric field with the soil taxation index (7–100). Arable land at or above the "
               "threshold gets production-integrated compensation (PIK) instead of conversion "
               "(BNatSchG §15(3); PIK measures: BKompV §11(1) with Anlage 6 A)."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.PIK_SOIL_THRESHOLD, self.tr("PIK soil threshold"),
                                         type=NUMBER_DOUBLE, minValue=0.0, maxValue=100.0, optional=True),
            (N_("Soil index from which PIK is proposed. BKompV §10(2) judges prime soil by the Acker-/"
                "Grünlandzahlen of the Landkreis or kreisfreie Stadt: enter the district's figure here."),
             N_("Empty: the area-weighted mean soil index of the arable candidates stands in for the "
                "district (an assumption, Annahme, named in the log).")),
            advanced=True)
        self.init_water_climate_parameters()
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.MUNICIPALITIES, self.tr("Municipalities"),
                                                polygon, optional=True),
            N_("Municipality boundaries; each candidate gets the municipality holding the largest "
               "share of it, and the summary has one row per municipality."))
        self.add_parameter(
            QgsProcessingParameterField(self.MUNICIPALITY_FIELD, self.tr("Municipality name field"),
                                        parentLayerParameterName=self.MUNICIPALITIES, optional=True),
            N_("Field with the municipality name. Needed when municipalities are given."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.MIN_AREA, self.tr("Minimum area of a candidate part (m²)"),
                                         type=NUMBER_DOUBLE, defaultValue=5000.0, minValue=0.0),
            N_("Parts left after the exclusions that are smaller than this are dropped."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.DEMAND, self.tr("Compensation demand (eco-points)"),
                                         type=NUMBER_DOUBLE, defaultValue=0.0, minValue=0.0),
            N_("Eco-points to cover. Candidates are selected by rank (or optimally, see SELECTION) until "
               "their uplift covers the demand. 0: no selection."))
        self.init_choice_parameters()
        self.add_parameter(
            QgsProcessingParameterBoolean(self.IN_DATABASE, self.tr("Compute the overlays in PostGIS"),
                                          defaultValue=False),
            (N_("When the candidates and every overlay layer (exclusions, co-benefit layers, municipalities) are "
                "tables of one PostGIS database in the CRS of the run, the database computes the exclusions, the "
                "co-benefit shares, zone I, the designated flood zones and the municipalities."),
             N_("It uses its spatial indexes and works on several areas at once; the overlay layers are not read "
                "into QGIS."),
             N_("The results equal the local ones to rounding. The candidate layer needs a key column (integer "
                "or text) among its fields. When a layer does not qualify, the log says why and the tool "
                "computes in QGIS.")),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Compensation candidates"),
                                              TYPE_VECTOR_POLYGON),
            N_("One polygon per remaining candidate part with value, measure, uplift, co-benefit "
               "shares, score, rank, selection and legal notes."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_SUMMARY, self.tr("Summary per municipality"),
                                              TYPE_VECTOR_ANY),
            N_("Table with one row per municipality and a row 'total'."))
        self.add_output(QgsProcessingOutputNumber("CANDIDATES", self.tr("Number of candidates")))
        self.add_output(QgsProcessingOutputNumber("TOTAL_UPLIFT", self.tr("Total uplift (eco-points)")))
        self.add_output(QgsProcessingOutputNumber("SELECTED_PTS", self.tr("Selected eco-points")))
        self.add_output(QgsProcessingOutputBoolean("DEMAND_MET", self.tr("Demand met")))

    def init_water_climate_parameters(self):
        """The inputs of the nitrate and carbon estimates (kernels/water_climate.py) and their weights."""
        from ..kernels.water_climate import SEEPAGE_DEFAULT_MM

        self.add_parameter(
            QgsProcessingParameterField(self.SOIL_TYPE_FIELD, self.tr("Soil type field (KA5 soil texture)"),
                                        parentLayerParameterName=self.INPUT, type=FIELD_ANY, optional=True),
            (N_("Field with the soil texture (KA5 Bodenart such as Sl3, Ut4) or a soil class of the soil-class "
                "table (sand, loamy_sand, loess), for the nitrate and carbon estimates. Without it the soil "
                "index (SOIL_FIELD) picks the class by the ranges in the table (an assumption, Annahme),"),
             N_("else the table's default class. Soil types not in the table are named in one warning.")),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterRasterLayer(self.SEEPAGE, self.tr("Percolation raster (mm/a)"), optional=True),
            N_("Yearly percolation from the root zone in mm/a (Sickerwasserrate, e.g. from the Saxon water-balance "
               "portal KliWES), sampled at a point inside each candidate. It sets the exchange frequency of the "
               "soil water (Ad-hoc-AG Boden, VKR 7.8) and so the nitrate leaching avoided."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.SEEPAGE_DEFAULT, self.tr("Default percolation (mm/a)"),
                                         type=NUMBER_DOUBLE, defaultValue=SEEPAGE_DEFAULT_MM, minValue=0.0),
            (N_("Percolation where the raster gives none, or for all candidates without a raster. The default "
                "85 mm/a is an assumption (Annahme): about 15 % of Leipzig's 557 mm of precipitation in a lowland "
                "with a negative climatic water balance."),
             N_("Enter the value of your catchment (KliWES).")),
            advanced=True)
        for name, label, what in (
                (self.FACTORS_LAND, N_("Own land-state factor table (CSV)"),
                 N_("CSV replacing the shipped land-state table (resources/water_climate/land_states.csv): per "
                    "land state the nitrogen surplus (kg N/ha·a) and the IPCC stock change factors F_LU, F_MG, "
                    "F_I, each with its source. An empty cell means no sourced value: no estimate.")),
                (self.FACTORS_SOIL, N_("Own soil-class table (CSV)"),
                 N_("CSV replacing the shipped soil-class table (resources/water_climate/soil_classes.csv): per "
                    "class the KA5 soil textures, a soil index range, the usable field capacity of the root zone "
                    "nFKWe (mm) and the reference carbon stock SOC_REF (t C/ha, 0-30 cm)."))):
            self.add_parameter(
                QgsProcessingParameterFile(name, self.tr(label), behavior=FILE_BEHAVIOR_FILE, extension="csv",
                                           optional=True), what, advanced=True)
        for name, label in ((self.W_NITRATE, N_("Weight of nitrate leaching avoided")),
                            (self.W_CLIMATE, N_("Weight of soil carbon stored"))):
            self.add_parameter(
                QgsProcessingParameterNumber(name, self.tr(label), type=NUMBER_DOUBLE, defaultValue=0.0,
                                             minValue=0.0),
                (N_("Weight in the score (default 0: the ranking stays as without the estimates). The share is the "
                    "estimate over a full mark, at most 1: 50 kg N/ha·a of leaching avoided, or 1 t C/ha·a"),
                 N_("(3.67 t CO2/ha·a) stored; both marks are assumptions (Annahme) of the plugin.")),
                advanced=True)
        self.add_parameter(
            QgsProcessingParameterEnum(self.WATER_BENEFIT, self.tr("Drinking-water share in the score"),
                                       options=[self.tr("Area share inside the protection zones"),
                                                self.tr("Nitrate leaching avoided inside the protection zones")],
                                       defaultValue=0),
            N_("What W_WATER weighs: the share of the candidate inside the drinking-water protection zones, or "
               "that share times the nitrate share (leaching avoided over 50 kg N/ha·a): land in a zone where "
               "the measure keeps no nitrate out then counts nothing for drinking water."),
            advanced=True)

    # -- validation (before the run in the dialog, and at its start) -------------------
    def validate(self, parameters, context):
        municipalities = self.parameterAsSource(parameters, self.MUNICIPALITIES, context)
        if municipalities is not None and not self.parameterAsString(parameters, self.MUNICIPALITY_FIELD, context):
            raise QgsProcessingException(
                self.tr("Choose the municipality name field, or leave the municipality layer empty."))
        self._value_table(parameters, context)
        self._factors(parameters, context)

    def _factors(self, parameters, context):
        """The two factor tables of the nitrate and carbon estimates (own CSVs or the shipped ones)."""
        from ..kernels.water_climate import load_factors

        with kernel_errors():
            return load_factors(self.parameterAsFile(parameters, self.FACTORS_LAND, context) or None,
                                self.parameterAsFile(parameters, self.FACTORS_SOIL, context) or None)

    def _value_table(self, parameters, context):
        """The value table chosen (own CSV, else the shipped method), its method name set."""
        from pathlib import Path

        from ..kernels.value_table import SHIPPED_TABLES, load_value_table, shipped_table

        path = self.parameterAsFile(parameters, self.VALUE_TABLE, context)
        if path:
            method = self.tr("Own value table {file}").format(file=Path(path).name)
        else:
            index = self.parameterAsEnum(parameters, self.METHOD, context)
            path, name = shipped_table(SHIPPED_TABLES[index if 0 <= index < len(SHIPPED_TABLES) else 0][0])
            method = self.tr(name)
        with kernel_errors():
            return load_value_table(path, method)

    def default_file(self, name, parameters, context):
        """The shipped table of the valuation method, read when VALUE_TABLE is empty (provenance record)."""
        from ..kernels.water_climate import SOILS_PATH, STATES_PATH

        if name == self.VALUE_TABLE:
            return self._value_table(parameters, context).path
        return {self.FACTORS_LAND: str(STATES_PATH), self.FACTORS_SOIL: str(SOILS_PATH)}.get(name)

    # -- the run (worker thread: no GUI, no QgsProject.instance()) --------------------
    def process(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        crs = self.measuring_crs(source, context, feedback)
        feedback.pushInfo(self.tr("Step 1/3: reading layers"))
        plan, candidates, database = None, None, None
        if self.parameterAsBoolean(parameters, self.IN_DATABASE, context):
            from . import postgis_overlays

            plan = postgis_overlays.plan(self, parameters, context, crs, feedback)
        if plan is not None:
            candidates, database = self._read_candidates_in_database(parameters, context, source, plan)
        if candidates is None:
            candidates = self._read_candidates(parameters, context, source, crs)
        try:
            return self._screen(parameters, context, (source, crs, database), candidates)
        finally:
            if candidates[0] is not None:
                candidates[0].close()  # the temporary file of the candidates' geometries

    def _screen(self, parameters, context, read, candidates):
        """Steps 1-3 after the candidates are read: *read* = (their source, the CRS of the run, the
        kernel's :class:`~..kernels.screening_sql.Database` or None); *candidates*: what
        :meth:`_read_candidates` returns (the geometries None when the database has them)."""
        from ..kernels.screening import ScreeningOptions, screen

        feedback, (source, crs, database) = self._feedback, read
        geoms, fids, values, soil, box = candidates
        landuse = values[self.parameterAsString(parameters, self.LANDUSE_FIELD, context)]
        feedback.setProgress(12)
        exclusions, cobenefits, zones = [], dict.fromkeys(key for _p, key, _w in self.COBENEFITS), {}
        if database is None:
            exclusions = [self.read_source(layer, crs, context, feedback)[0]
                          for layer in self.parameterAsLayerList(parameters, self.EXCLUSIONS, context)]
            cobenefits, zones = self._read_cobenefits(parameters, context, crs)
        weights = self._cobenefit_weights(parameters, context)
        water_climate = self._water_climate(parameters, context, (box, values, crs), weights)
        # with the database, which assigns them, only the fields the selection reads
        municipalities, municipality_values = self._read_municipalities(parameters, context,
                                                                        crs if database is None else None)
        choice, weights["connectivity"] = self.choice_settings(parameters, context, (crs, fids, values),
                                                               municipality_values)
        feedback.setProgress(20)

        feedback.pushInfo(self.tr("Step 2/3: screening {count} candidates").format(count=len(fids)))
        threshold = None
        if parameters.get(self.PIK_SOIL_THRESHOLD) not in (None, ""):
            threshold = self.parameterAsDouble(parameters, self.PIK_SOIL_THRESHOLD, context)
        table = self._value_table(parameters, context)
        feedback.pushInfo(self.tr("Valuation: {method} ({path})").format(method=table.method, path=table.path))
        result = self.run_kernel(
            feedback, screen, geoms, fids, landuse, table,
            ScreeningOptions(exclusions=exclusions, soil=soil,
                             pik_soil_threshold=threshold, municipalities=municipalities, weights=weights,
                             min_area=self.parameterAsDouble(parameters, self.MIN_AREA, context),
                             demand=self.parameterAsDouble(parameters, self.DEMAND, context),
                             water_climate=water_climate, database=database, **zones, **cobenefits, **choice),
            progress_range=(20, 85))
        self.report_warnings(feedback, result.warnings)
        self._log_pik(feedback, result.stats)
        self._log_choice(feedback, result.stats)

        feedback.pushInfo(self.tr("Step 3/3: writing {count} candidates").format(count=len(result.wkb)))
        outputs = self._write(parameters, context, result, (crs, source.sourceCrs()))
        self._log_summary(feedback, result.summary)
        feedback.setProgress(100)
        return outputs

    def _database(self, plan, values):
        """The kernel's :class:`~..kernels.screening_sql.Database` of a *plan*, with the candidates'
        scan (whether each has a geometry, its bounds) from the database; *values*: the candidates'
        fields, with the key field. ``NotInDatabase`` when the keys do not qualify."""
        import numpy as np

        from ..kernels.screening_sql import Database
        from . import postgis_overlays

        keys = values[plan.key_field]
        key_type = postgis_overlays.key_type(keys)
        run = postgis_overlays.query(plan.connection, self._feedback)
        scan = postgis_overlays.scan(plan, run, keys, key_type)
        overlays = plan.overlays._replace(key_type=key_type)
        for table in postgis_overlays.missing_indexes(run, overlays):
            self._feedback.pushWarning(self.tr(
                "{table} has no spatial index, so the database reads all of it for every candidate. Ask its "
                "owner for one: CREATE INDEX ON {table} USING gist (geometry column).").format(table=table))
        self._feedback.pushInfo(self.tr("The overlays are computed in the database."))
        return Database(overlays, run, np.asarray(keys, dtype=np.int64 if key_type == "bigint" else object), scan)

    def _candidate_fields(self, parameters, context, source, key_field=None):
        """The fields of the candidates to read (land use, soil, soil type, the selection's, the key)."""
        landuse_field = self.parameterAsString(parameters, self.LANDUSE_FIELD, context)
        soil_field = self.parameterAsString(parameters, self.SOIL_FIELD, context)
        for field in filter(None, (landuse_field, soil_field)):
            if source.fields().lookupField(field) < 0:
                raise QgsProcessingException(
                    self.tr("The field '{field}' is not in the candidate layer. Choose one of its fields.")
                    .format(field=field))
        soil_type_field = self.parameterAsString(parameters, self.SOIL_TYPE_FIELD, context)
        return list(dict.fromkeys([landuse_field, *([soil_field] if soil_field else []),
                                   *([soil_type_field] if soil_type_field else []),
                                   *self.candidate_choice_fields(parameters, context),
                                   *([key_field] if key_field else [])]))

    def _candidates_found(self, parameters, context, source, read):
        """The candidates read: *read* = (geometries or None, fids, values, bounds or None); raises
        when there are none. Returns what :meth:`_read_candidates` does."""
        import numpy as np
        import shapely

        geoms, fids, values, bounds = read
        box = np.array([shapely.box(*bounds)] if bounds is not None else [], dtype=object)
        self.set_reference(source, box)
        if len(fids) == 0:
            if geoms is not None:
                geoms.close()
            raise QgsProcessingException(self.tr("The candidate layer has no features (check its filter "
                                                 "or selection)."))
        soil_field = self.parameterAsString(parameters, self.SOIL_FIELD, context)
        soil = self._soil_values(values[soil_field], fids, soil_field, self._feedback) if soil_field else None
        return geoms, fids, values, soil, box

    def _read_candidates(self, parameters, context, source, crs):
        """Candidate geometries in *crs* as WKB, their ids, land-use codes, soil values (None without)
        and their extent as an array of one box (empty without geometries)."""
        fields = self._candidate_fields(parameters, context, source)
        return self._candidates_found(parameters, context, source,
                                      self.read_source_wkb(source, crs, context, self._feedback, fields=fields))

    def _read_candidates_in_database(self, parameters, context, source, plan):
        """(What :meth:`_read_candidates` returns, the geometries None; the kernel's database) for a
        *plan*: the candidates' fields read by QGIS without geometries, whether each has a geometry
        and its bounds asked of the database. (None, None) when the key does not qualify (the log
        says why; the caller reads the candidates with their geometries and computes in QGIS)."""
        import numpy as np

        from . import postgis_overlays

        fields = self._candidate_fields(parameters, context, source, plan.key_field)
        fids, values = self.read_source_values(source, context, self._feedback, fields=fields)
        if len(fids) == 0:
            self._candidates_found(parameters, context, source, (None, fids, values, None))  # raises
        try:
            database = self._database(plan, values)
        except postgis_overlays.NotInDatabase as reason:
            postgis_overlays.computed_in_qgis(self._feedback, reason)
            return None, None
        present, bounds = database.scan
        bounds = bounds[present]
        extent = (bounds[:, 0].min(), bounds[:, 1].min(), bounds[:, 2].max(), bounds[:, 3].max()) \
            if len(bounds) and np.isfinite(bounds).all() else None
        return self._candidates_found(parameters, context, source, (None, fids, values, extent)), database

    def _cobenefit_weights(self, parameters, context):
        """{weight key: weight} of the uplift and the co-benefit layers."""
        return {"uplift": self.parameterAsDouble(parameters, self.W_UPLIFT, context),
                **{key: self.parameterAsDouble(parameters, weight, context) for _p, key, weight in self.COBENEFITS}}

    def _read_cobenefits(self, parameters, context, crs):
        """({kernel keyword: geometries or None},
        {"water_zone1": zone-I geometries or None, "flood_designated": designated flood zones or None})."""
        cobenefits = {}
        zones = {"water_zone1": None, "flood_designated": None}
        special = {"water": (self._read_water, "water_zone1"), "flood": (self._read_flood, "flood_designated")}
        for parameter, key, _weight in self.COBENEFITS:
            layer = self.parameterAsSource(parameters, parameter, context)
            cobenefits[key] = None
            if layer is not None and key in special:
                reader, zone_key = special[key]
                cobenefits[key], zones[zone_key] = reader(parameters, context, layer, crs)
            elif layer is not None:
                cobenefits[key] = self.read_source(layer, crs, context, self._feedback)[0]
            if key == "corridor" and cobenefits[key] is not None:  # gap lines become a band around them
                from ..kernels.geometry import buffer_lines

                cobenefits[key] = buffer_lines(
                    cobenefits[key], self.parameterAsDouble(parameters, self.CORRIDOR_BUFFER, context))
        return cobenefits, zones

    def _water_climate(self, parameters, context, candidates, weights):
        """The inputs of the nitrate and carbon estimates; their weights go into *weights*.

        *candidates*: (their extent as an array of one box, {field: values}, CRS) of the candidate layer.
        """
        from ..kernels.water_climate import Inputs

        geoms, values, crs = candidates
        weights["nitrate"] = self.parameterAsDouble(parameters, self.W_NITRATE, context)
        weights["climate"] = self.parameterAsDouble(parameters, self.W_CLIMATE, context)
        soil_type_field = self.parameterAsString(parameters, self.SOIL_TYPE_FIELD, context)
        layer = self.parameterAsRasterLayer(parameters, self.SEEPAGE, context)
        default = self.parameterAsDouble(parameters, self.SEEPAGE_DEFAULT, context)
        self._feedback.pushInfo(self.tr(
            "Nitrate and carbon: percolation {source}; default {mm:g} mm/a (an assumption unless you entered your "
            "catchment's value).").format(source=layer.name() if layer is not None else self.tr("not given"),
                                          mm=default))
        return Inputs(self._factors(parameters, context),
                      values[soil_type_field] if soil_type_field else None, self._seepage_grid(layer, geoms, crs),
                      default, self.parameterAsEnum(parameters, self.WATER_BENEFIT, context) == 1)

    def _seepage_grid(self, layer, geoms, crs):
        """The percolation raster over the candidates' extent in *crs* (None without one or off them)."""
        import shapely

        from .raster_io import read_raster

        if layer is None:
            return None
        if not layer.crs().isValid():  # GDAL would warp it from nowhere
            raise QgsProcessingException(self.tr(
                "The percolation raster '{name}' has no CRS. Assign its CRS (Layer properties > Source), e.g. "
                "EPSG:25833, and run again.").format(name=layer.name()))
        grid = read_raster(layer, crs=crs, bounds=tuple(float(v) for v in shapely.total_bounds(geoms)))
        if grid is None:
            self._feedback.pushWarning(self.tr(
                "The percolation raster '{name}' does not overlap the candidates; all of them use the default "
                "percolation. Check its extent and CRS.").format(name=layer.name()))
        return grid

    def _read_water(self, parameters, context, layer, crs):
        """Drinking-water protection zones in *crs* and those of them that are zone I (None: no zone field)."""
        import numpy as np

        zone_field = self._zone_field(parameters, context, layer, self.WATER_ZONE_FIELD)
        geoms, _, zone_values = self.read_source(layer, crs, context, self._feedback,
                                                 fields=[zone_field] if zone_field else [])
        if not zone_field:
            return geoms, None
        mask = np.array([str(v).strip().upper() in ("I", "1", "ZONE I") for v in zone_values[zone_field]],
                        dtype=bool)
        return geoms, geoms[mask]

    def _read_flood(self, parameters, context, layer, crs):
        """Flood zones in *crs* and the designated ones among them (None: all count as designated).

        With a zone field (FLOOD_ZONE_FIELD, else a field 'zone'), zone 0 is designated (the
        official zone of wertvoll:floodriskzones), any other value estimated.
        """
        import numpy as np

        field = self._zone_field(parameters, context, layer, self.FLOOD_ZONE_FIELD)
        geoms, _, values = self.read_source(layer, crs, context, self._feedback, fields=[field] if field else [])
        if not field:
            self._feedback.pushInfo(self.tr("Flood zones: no zone field, so every feature counts as a "
                                            "designated flood zone (WHG §76, SächsWG §72) for the §78a note."))
            return geoms, None
        mask = np.array([_is_zone_zero(v) for v in values[field]], dtype=bool)
        self._feedback.pushInfo(self.tr("Flood zones: {official} of {count} features are designated (field "
                                        "'{field}' = 0); only they raise the WHG §78a note.").format(
            official=int(mask.sum()), count=len(mask), field=field))
        return geoms, geoms[mask]

    def _log_pik(self, feedback, stats):
        """Name the PIK soil threshold used and where it comes from."""
        if stats.get("pik_threshold_source") == "candidates":
            feedback.pushInfo(self.tr(
                "PIK soil threshold {value:.1f}: the area-weighted mean soil index of the candidates, standing "
                "in for the district (an assumption; BKompV §10(2) judges by the Landkreis or kreisfreie "
                "Stadt: enter its figure as PIK_SOIL_THRESHOLD).").format(value=stats["pik_soil_threshold"]))
        elif stats.get("pik_threshold_source") == "given":
            feedback.pushInfo(self.tr("PIK soil threshold {value:g} (PIK_SOIL_THRESHOLD).").format(
                value=stats["pik_soil_threshold"]))

    def _read_municipalities(self, parameters, context, crs):
        """((geometries, names), (names, {field: values})) of the municipality layer in *crs*, or
        (None, None) without one; the fields are those the optimal selection reads. *crs* None: the
        fields only, no geometries (None in their place)."""
        source = self.parameterAsSource(parameters, self.MUNICIPALITIES, context)
        if source is None:
            return None, None
        name_field = self.parameterAsString(parameters, self.MUNICIPALITY_FIELD, context)
        fields = list(dict.fromkeys([name_field, *self.municipality_choice_fields(parameters, context)]))
        if crs is None:
            geoms, values = None, self.read_source_values(source, context, self._feedback, fields=fields)[1]
        else:
            geoms, _, values = self.read_source(source, crs, context, self._feedback, fields=fields)
        names = ["" if v is None else str(v) for v in values[name_field]]
        return (None if geoms is None else (geoms, names)), (names, values)

    def _write(self, parameters, context, result, crs_pair):
        """The candidates (back in the input's CRS) and the summary table; the run's results."""
        crs, source_crs = crs_pair
        stats = result.stats
        dest_id = self.write_output(parameters, context, self.OUTPUT, OutputTable(
            "COMPENSATION", self._candidate_rows(result.table), result.wkb, crs, source_crs))
        self._feedback.setProgress(95)
        summary_id = self.write_output(parameters, context, self.OUTPUT_SUMMARY, OutputTable(
            "SUMMARY", result.summary[list(SUMMARY.names())].itertuples(index=False)))
        return {
            self.OUTPUT: dest_id,
            self.OUTPUT_SUMMARY: summary_id,
            "CANDIDATES": int(stats["candidates"]),
            "TOTAL_UPLIFT": float(stats["total_uplift"]),
            "SELECTED_PTS": float(stats["selected_pts"]),
            "DEMAND_MET": bool(stats["demand_met"]),
            "SELECTION_STATUS": stats.get("selection_status", "by_rank"),
            "SELECTION_GAP": 100.0 * stats["mip_gap"] if "mip_gap" in stats else None,
            "FARMLAND_SAVED_M2": (stats["farmland_greedy_m2"] - stats["farmland_optimal_m2"]
                                  if "farmland_optimal_m2" in stats else None),
        }

    def _soil_values(self, values, fids, field, feedback):
        """Soil indices as floats (NULL -> NaN): text that is no number is an error, a negative
        value (a no-data code such as -1) counts as missing, with a warning."""
        import numpy as np

        soil = np.full(len(values), np.nan)
        for i, value in enumerate(values):
            if value is None:
                continue
            try:
                soil[i] = float(value)
            except (TypeError, ValueError):
                raise QgsProcessingException(self.tr(
                    "Feature {fid}: the soil index field '{field}' holds '{value}', not a number. Choose a "
                    "numeric field with the soil index (Acker- or Grünlandzahl, 7–100).").format(
                    fid=fids[i], field=field, value=value)) from None
        negative = np.flatnonzero(np.nan_to_num(soil, nan=0.0) < 0)
        if len(negative):
            feedback.pushWarning(self.tr(
                "{count} candidates have a negative soil index (e.g. {value}): it counts as missing, so they "
                "get no PIK. Correct SOIL_FIELD if that is wrong.").format(
                count=len(negative), value=f"{soil[negative[0]]:g}"))
            soil[negative] = np.nan
        return soil

    def _zone_field(self, parameters, context, layer, parameter):
        """The zone field of *layer*: the one chosen in *parameter*, else a field named 'zone', else None."""
        field = self.parameterAsString(parameters, parameter, context)
        if field:
            return field
        index = layer.fields().lookupField("zone")  # case-insensitive lookup
        return layer.fields().at(index).name() if index >= 0 else None

    def _candidate_rows(self, table):
        names = list(COMPENSATION.names())
        for row in plain_rows(table if list(table.columns) == names else table[names]):
            notes = row[-1]
            row[-1] = "; ".join(self.tr(NOTE_TEXTS[n]) for n in str(notes).split(";") if n) if notes else ""
            yield row

    def _log_choice(self, feedback, stats):
        """Name the optimal selection's status, gap and the farmland it saves against the walk by rank."""
        if "selection_status" not in stats:
            return
        feedback.pushInfo(self.tr(
            "Optimal selection: {status}, MIP gap {gap:.2f} %, {seconds:.1f} s; farmland taken out of farming "
            "{optimal:,.0f} m² against {greedy:,.0f} m² by rank.").format(
            status=stats["selection_status"], gap=100 * stats["mip_gap"], seconds=stats["solve_seconds"],
            optimal=stats["farmland_optimal_m2"], greedy=stats["farmland_greedy_m2"]))

    def _log_summary(self, feedback, summary):
        feedback.pushInfo(self.tr("Municipality | candidates | area ha | uplift points | selected points | "
                                  "selected: nitrate avoided kg N/a | CO2 stored t/a"))
        for row in summary.itertuples(index=False):
            feedback.pushInfo(f"{row.municipality} | {row.candidates} | {row.area_m2 / 10000:.1f} | "
                              f"{row.uplift_pts:,.0f} | {row.selected_pts:,.0f} | {row.selected_n_kg:,.0f} | "
                              f"{row.selected_co2_t:,.1f}")

