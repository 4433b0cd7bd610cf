"""wertvoll:riparianstrips — riparian strips (SächsWG §24, WHG §38/§38a) and development corridors (LAWA).

The QGIS side only: parameters, reading the layers in one metric CRS, writing the
outputs. The computation is ``kernels/riparian.py`` (shapely 2, no QGIS).
"""

from qgis.core import (
    QgsExpression,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..compat import (
    FIELD_ANY,
    FIELD_NUMERIC,
    FIELD_STRING,
    FILE_BEHAVIOR_FILE,
    NUMBER_DOUBLE,
    TYPE_VECTOR_ANY,
    TYPE_VECTOR_LINE,
    TYPE_VECTOR_POLYGON,
)
from ..kernels.errors import N_
from ..kinds import STRIP_LANDUSE, STRIPS
from .base import WertvollAlgorithm, kernel_errors
from .outputs import OutputTable, make_fields, plain, plain_rows
from .vector_io import _is_null, numbers

#: restriction id (from the kernel) -> English text shown in the ``restrictions`` field
RESTRICTION_TEXTS = {
    "no_fertiliser": N_("no fertilisers or pesticides (SächsWG §24(3) no. 1)"),
    "no_buildings": N_("no buildings or other structures unless site-bound or needed for water "
                       "management (SächsWG §24(3) no. 2)"),
    "no_deposits": N_("no deposits, not even temporary ones, of objects that can hinder the flow or be "
                      "washed away (SächsWG §24(3) no. 3)"),
    "whg38": N_("no conversion of grassland to arable land, no removal of site-appropriate trees and "
                "shrubs, no planting of non-site-appropriate ones, no handling of substances hazardous "
                "to water, no permanent deposits that can be washed away (WHG §38(4))"),
    "green_cover": N_("farmland keeps a closed plant cover all year (slope of at least 5 % towards the "
                      "water, WHG §38a)"),
}

#: fields looked for when RIVER_ID_FIELD / RIVER_NAME_FIELD are empty (case-insensitive)
ID_FIELD_NAMES = ("gew_id", "gewkz", "gwk_id", "gewaesser_id", "id")
NAME_FIELD_NAMES = ("name", "gew_name", "gewname", "gn")


class RiparianStrips(WertvollAlgorithm):
    NAME = "riparianstrips"
    GROUP_ID = "water"
    DISPLAY_NAME = N_("Riparian strips and development corridors")
    REQUIRES = ("numpy", "shapely", "pandas")
    SHORT_HELP = (
        N_("Draws the riparian strips the water law fixes along every river (Gewässerrandstreifen: SächsWG "
           "§24, WHG §38), the WHG §38a green-cover band on sloping farmland and the development corridor a "
           "river needs to move again (LAWA 2016/2019)."),
        N_("The Saxon rule (default): 10 m outside and 5 m inside built-up areas, the first 5 m without "
           "fertiliser and pesticides; the federal rule: 5 m outside, none inside."),
        N_("Strips are measured from the top of the bank: from your bank polygons, a bank width field, or "
           "an assumed bank (1 m high, slope 1:1.5) beyond the water line. Waters exempt by SächsWG §1(2) "
           "can be left out."),
        N_("The land use inside is tabulated: arable land in a strip is the conflict to look for; strip and "
           "corridor land is prime compensation land for wertvoll:compensationscreening."),
    )

    INPUT = "INPUT"
    CHANNEL_WIDTH_FIELD = "CHANNEL_WIDTH_FIELD"
    DEFAULT_CHANNEL_WIDTH = "DEFAULT_CHANNEL_WIDTH"
    BANK_AREAS = "BANK_AREAS"
    BANK_WIDTH_FIELD = "BANK_WIDTH_FIELD"
    BANK_HEIGHT = "BANK_HEIGHT"
    BANK_SLOPE = "BANK_SLOPE"
    EXEMPT_EXPRESSION = "EXEMPT_EXPRESSION"
    FARMLAND_CODES = "FARMLAND_CODES"
    BUILTUP = "BUILTUP"
    RULESET = "RULESET"
    WIDTH_OUTSIDE = "WIDTH_OUTSIDE"
    WIDTH_INSIDE = "WIDTH_INSIDE"
    INNER_BAND = "INNER_BAND"
    DEM = "DEM"
    CORRIDOR = "CORRIDOR"
    CORRIDOR_FACTOR_FIELD = "CORRIDOR_FACTOR_FIELD"
    CORRIDOR_FACTOR = "CORRIDOR_FACTOR"
    MIN_CORRIDOR = "MIN_CORRIDOR"
    LANDUSE = "LANDUSE"
    LANDUSE_FIELD = "LANDUSE_FIELD"
    DISSOLVE = "DISSOLVE"
    RIVER_ID_FIELD = "RIVER_ID_FIELD"
    RIVER_NAME_FIELD = "RIVER_NAME_FIELD"
    RIVER_TYPE_FIELD = "RIVER_TYPE_FIELD"
    RIVER_TYPE_TABLE = "RIVER_TYPE_TABLE"
    OUTPUT_STRIPS = "OUTPUT_STRIPS"
    OUTPUT_CORRIDORS = "OUTPUT_CORRIDORS"
    OUTPUT_LANDUSE = "OUTPUT_LANDUSE"
    RULESETS = ("saxony", "federal", "custom")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.INPUT, self.tr("Rivers and water bodies"),
                                                [TYPE_VECTOR_LINE, TYPE_VECTOR_POLYGON]),
            N_("River axes (lines, e.g. ATKIS AX_Gewaesserachse) or water areas (polygons, e.g. ATKIS/ALKIS, "
               "at mean water level), any CRS. A line is the channel's centre; the edge of a polygon is the "
               "water line. The strip is measured from the top of the bank beyond (bank parameters)."))
        self.add_parameter(
            QgsProcessingParameterField(self.CHANNEL_WIDTH_FIELD, self.tr("Channel width field (m)"),
                                        parentLayerParameterName=self.INPUT, type=FIELD_NUMERIC,
                                        optional=True),
            N_("Numeric field with the channel width in metres (e.g. from the ATKIS width class). The "
               "strip starts half of it away from the line, at the bank (SächsWG §24(1), WHG §38(2)). "
               "Empty values use the default channel width. Ignored for polygons."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.DEFAULT_CHANNEL_WIDTH, self.tr("Default channel width (m)"),
                                         type=NUMBER_DOUBLE, defaultValue=0.0, minValue=0.0),
            N_("Channel width for lines without a width value. Default 0: no law or guideline gives a "
               "width for small Saxon rivers, so none is assumed; the strip then starts at the line, on "
               "each side half a channel width closer to the water than the law means. Give the channel "
               "width field or the width you measured."))
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.BANK_AREAS, self.tr("Water bodies up to the top of the "
                                                                         "bank"),
                                                [TYPE_VECTOR_POLYGON], optional=True),
            N_("Water bodies with their banks up to the top of the bank (Böschungsoberkante), e.g. surveyed "
               "or from DGM1. Where a river runs inside them, the strip is measured from their edge (WHG "
               "§38(2) sentence 2, SächsWG §24(1), (2)); elsewhere from the bank width or the bank rule."))
        self.add_parameter(
            QgsProcessingParameterField(self.BANK_WIDTH_FIELD, self.tr("Bank width field (m per side)"),
                                        parentLayerParameterName=self.INPUT, type=FIELD_NUMERIC,
                                        optional=True),
            N_("Numeric field with the horizontal width of the bank slope on each side, from the water line "
               "to the top of the bank, in metres. The strip starts that much farther out. Empty values use "
               "the bank rule below."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.BANK_HEIGHT, self.tr("Bank height above the water line (m)"),
                                         type=NUMBER_DOUBLE, defaultValue=1.0, minValue=0.0),
            N_("Bank rule for features without a bank area or bank width: bank width = bank height × bank "
               "slope. Default 1 m: an assumption of this plugin (Annahme), not from a source; measure or "
               "ask the water authority. 0: the strip starts at the water line (bank_source 'none')."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.BANK_SLOPE, self.tr("Bank slope 1:n (n)"),
                                         type=NUMBER_DOUBLE, defaultValue=1.5, minValue=0.0),
            N_("n of the bank slope 1:n (horizontal metres per metre of height) in the bank rule. Default 1.5: "
               "an assumption (Annahme), the steepest slope water associations usually accept for ditch "
               "banks."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterExpression(self.EXEMPT_EXPRESSION, self.tr("Exempt waters (expression)"),
                                             parentLayerParameterName=self.INPUT, optional=True),
            N_("Expression true for waters the water law does not apply to (SächsWG §1(2): ditches of one "
               "owner's parcel, road-side ditches, unconnected ponds, streams up to 500 m from source to "
               "mouth, each only if of minor water-management importance; WHG §2(2))."))
        self.add_parameter(
            QgsProcessingParameterString(self.FARMLAND_CODES, self.tr("Farmland land-use codes (WHG §38a)"),
                                         defaultValue="43001", optional=True),
            N_("Comma-separated land-use codes, or their beginnings, that count as farmland for the WHG §38a "
               "slope band (which binds farmland only). Default 43001 = ALKIS agriculture (arable, "
               "grassland, orchard, fallow)."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.BUILTUP, self.tr("Built-up areas"),
                                                [TYPE_VECTOR_POLYGON], optional=True),
            N_("Built-up areas ('im Zusammenhang bebaute Ortsteile', BauGB §34), e.g. ATKIS settlement "
               "areas. Inside them the narrower width applies (SächsWG §24(2): 5 m instead of 10 m). "
               "Empty: everything counts as outside."))
        ruleset = QgsProcessingParameterEnum(
            self.RULESET, self.tr("Ruleset (saxony = SächsWG §24, federal = WHG §38, custom)"),
            options=list(self.RULESETS), defaultValue="saxony")
        ruleset.setUsesStaticStrings(True)
        self.add_parameter(
            ruleset,
            N_("saxony (default): SächsWG §24(2), 10 m outside and 5 m inside built-up areas, the first "
               "5 m without fertiliser and pesticides (§24(3) no. 1). federal: WHG §38(3), 5 m outside, "
               "none inside. custom: the three widths below, e.g. as set by the water authority (WHG "
               "§38(3) sentence 2)."))
        for name, label, default, text in (
                (self.WIDTH_OUTSIDE, N_("Custom: strip width outside built-up areas (m)"), 10.0,
                 N_("Used by the ruleset custom only. Default 10 m = SächsWG §24(2).")),
                (self.WIDTH_INSIDE, N_("Custom: strip width inside built-up areas (m)"), 5.0,
                 N_("Used by the ruleset custom only. Default 5 m = SächsWG §24(2); 0 = no strip inside.")),
                (self.INNER_BAND, N_("Custom: band without fertiliser and pesticides (m)"), 5.0,
                 N_("Used by the ruleset custom only. Default 5 m = SächsWG §24(3) no. 1; 0 = no such "
                    "band."))):
            self.add_parameter(
                QgsProcessingParameterNumber(name, self.tr(label), type=NUMBER_DOUBLE, defaultValue=default,
                                             minValue=0.0),
                text, advanced=True)
        self.add_parameter(
            QgsProcessingParameterRasterLayer(self.DEM, self.tr("Digital elevation model"), optional=True),
            N_("Elevation model in metres, any CRS (best 1-10 m cells, e.g. DGM1/DGM2). WHG §38a: farmland "
               "sloping on average >= 5 % towards the water within 20 m of the top of the bank keeps a green "
               "cover in the first 5 m. Slope averaged per ~100 m stretch, a profile every 10 m: assumptions "
               "(Annahme)."))
        self.add_parameter(
            QgsProcessingParameterBoolean(self.CORRIDOR, self.tr("Draw development corridors"),
                                          defaultValue=True),
            N_("Also draw the development corridor the river needs to move again (LAWA 2016/2019, "
               "'Gewässerentwicklungskorridor')."))
        self.add_parameter(
            QgsProcessingParameterField(self.CORRIDOR_FACTOR_FIELD, self.tr("Corridor factor field"),
                                        parentLayerParameterName=self.INPUT, type=FIELD_NUMERIC,
                                        optional=True),
            N_("Numeric field with the ratio of corridor width to channel width per feature (LAWA 2019: "
               "from the sinuosity of the river type). Empty values use the corridor factor below."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.CORRIDOR_FACTOR, self.tr("Corridor factor"), type=NUMBER_DOUBLE,
                                         minValue=0.0, optional=True),
            N_("Factor for all features without a field value. Empty (default): by river type from the "
               "river-type table (LAWA 2019 method; resources/riparian_river_types.csv, where the values "
               "are marked as assumptions), else its row 'default' = 7 (a winding river, sinuosity up "
               "to 1.5)."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.MIN_CORRIDOR, self.tr("Minimum corridor width (m)"),
                                         type=NUMBER_DOUBLE, defaultValue=20.0, minValue=0.0),
            N_("Smallest total corridor width, centred on the river. Default 20 m = the two Saxon 10 m "
               "strips (SächsWG §24(2)); an assumption of this plugin, not a LAWA value."))
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.LANDUSE, self.tr("Land use"), [TYPE_VECTOR_POLYGON],
                                                optional=True),
            N_("Land-use polygons (ALKIS actual land use, or parcels with a land-use code). Their area in "
               "every strip band and in the corridors is tabulated; arable land in a strip is the "
               "conflict (WHG §38(4) bans converting grassland to arable)."))
        self.add_parameter(
            QgsProcessingParameterField(self.LANDUSE_FIELD, self.tr("Land-use code field"),
                                        parentLayerParameterName=self.LANDUSE, type=FIELD_ANY, optional=True),
            N_("Field with the land-use code (e.g. 43001_1010 arable). Needed when land use is given."))
        self.add_parameter(
            QgsProcessingParameterBoolean(self.DISSOLVE, self.tr("Dissolve strips"), defaultValue=True),
            N_("Yes (default): one polygon per zone, band and slope band. No: one per river feature, with "
               "its id and name fields; the strips are split between the features, so area still counts "
               "once."))
        self.add_parameter(
            QgsProcessingParameterField(self.RIVER_ID_FIELD, self.tr("River id field"),
                                        parentLayerParameterName=self.INPUT, type=FIELD_ANY, optional=True),
            N_("Field shared by all segments of one river; corridors are dissolved per river and carry "
               "it. Empty: a field named gew_id, gewkz, gwk_id, gewaesser_id or id if there is one."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterField(self.RIVER_NAME_FIELD, self.tr("River name field"),
                                        parentLayerParameterName=self.INPUT, type=FIELD_STRING, optional=True),
            N_("Field with the river name, copied to the corridors. Empty: a field named name, gew_name, "
               "gewname or gn if there is one."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterField(self.RIVER_TYPE_FIELD, self.tr("River type field"),
                                        parentLayerParameterName=self.INPUT, type=FIELD_ANY, optional=True),
            N_("Field with the LAWA river type (e.g. 14, 17, 15_g) or the course form (gestreckt, "
               "schwach_gewunden, gewunden, maeandrierend), looked up in the river-type table for the "
               "corridor factor."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterFile(self.RIVER_TYPE_TABLE, self.tr("River-type table (CSV)"),
                                       behavior=FILE_BEHAVIOR_FILE, extension="csv", optional=True),
            N_("CSV (UTF-8, ; or , separated) with the columns type;label;factor (source;status optional) "
               "and a row 'default'. Empty: resources/riparian_river_types.csv (LAWA 2019 method, "
               "sources and assumptions in the file)."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_STRIPS, self.tr("Riparian strips"),
                                              TYPE_VECTOR_POLYGON),
            N_("Strip polygons with zone (outside/inside built-up areas), band (m from the bank), the legal "
               "rule, what it bans, the slope band flag and the area."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_CORRIDORS, self.tr("Development corridors"),
                                              TYPE_VECTOR_POLYGON, optional=True, createByDefault=True),
            N_("Corridor polygons with the river id and name, corridor width and area."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_LANDUSE, self.tr("Land use in strips and corridors"),
                                              TYPE_VECTOR_ANY, optional=True, createByDefault=True),
            N_("Table with the area and share of each land-use code per strip band and in the corridors."))
        self.add_output(QgsProcessingOutputNumber("STRIP_AREA", self.tr("Strip area (m²)")))
        self.add_output(QgsProcessingOutputNumber("CORRIDOR_AREA", self.tr("Corridor area (m²)")))
        self.add_output(QgsProcessingOutputNumber("RIVER_LENGTH", self.tr("River length (m)")))

    # -- validation (before the run in the dialog, and at its start) -------------------
    def validate(self, parameters, context):
        landuse = self.parameterAsSource(parameters, self.LANDUSE, context)
        field = self.parameterAsString(parameters, self.LANDUSE_FIELD, context)
        if landuse is not None and (not field or landuse.fields().lookupField(field) < 0):
            raise QgsProcessingException(
                self.tr("Choose the land-use code field, or leave the land-use layer empty."))
        self._type_table(parameters, context)

    def _type_table(self, parameters, context):
        from ..kernels.riparian import load_river_types

        with kernel_errors():
            return load_river_types(self.parameterAsFile(parameters, self.RIVER_TYPE_TABLE, context) or None)

    def default_file(self, name, parameters, context):
        """The shipped river-type table, read when RIVER_TYPE_TABLE is empty (provenance record)."""
        from ..kernels.riparian import RIVER_TYPES_PATH

        return RIVER_TYPES_PATH if name == self.RIVER_TYPE_TABLE else None

    # -- the run (worker thread: no GUI, no QgsProject.instance()) --------------------
    def process(self, parameters, context, feedback):
        from ..kernels.riparian import riparian_strips, tabulate_landuse

        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        fields = self._river_fields(parameters, context, source)
        crs = self.measuring_crs(source, context, feedback)
        feedback.pushInfo(self.tr("Step 1/3: reading layers"))
        rivers, values = self._read_rivers(source, crs, context, fields)
        rivers = self._with_exempt(parameters, context, source, rivers)
        layers = self._layers(parameters, context, crs, rivers.geoms)
        feedback.setProgress(15)

        options = self._options(parameters, context)
        feedback.pushInfo(self.tr("Step 2/3: strips, corridors and land use for {count} river features "
                                  "({ruleset})").format(count=len(rivers.geoms), ruleset=options.ruleset))
        landuse_source = self.parameterAsSource(parameters, self.LANDUSE, context)
        result = self.run_kernel(feedback, riparian_strips, rivers, layers,
                                 options, progress_range=(15, 70 if landuse_source is not None else 92))
        del layers
        if landuse_source is not None:
            # only the land use touching a strip or corridor is kept in memory
            field = self.parameterAsString(parameters, self.LANDUSE_FIELD, context)
            landuse, codes = self._read_landuse(landuse_source, field, crs, context, result)
            feedback.setProgress(76)
            self.run_kernel(feedback, tabulate_landuse, result, landuse, codes, progress_range=(76, 92))
            del landuse, codes
        result.drop_targets()  # free them before writing
        self.report_warnings(feedback, result.warnings)

        feedback.pushInfo(self.tr("Step 3/3: writing {strips} strip and {corridors} corridor polygons")
                          .format(strips=len(result.strips), corridors=len(result.corridors)))
        copied = _Copied(source.fields(), [f for f in (fields["id"], fields["name"]) if f], values)
        outputs = self._write(parameters, context, result, copied, (crs, source.sourceCrs()))
        self._log_summary(feedback, result, result.stats)
        self._log_law(feedback, result.stats, parameters, context)
        feedback.setProgress(100)
        return outputs

    def _layers(self, parameters, context, crs, river_geoms):
        """The kernel's :class:`RiparianLayers`: built-up areas, DEM, bank areas and (with a DEM and land
        use) the farmland near the rivers."""
        from ..kernels.riparian import RiparianLayers

        feedback = self._feedback
        builtup_source = self.parameterAsSource(parameters, self.BUILTUP, context)
        builtup = self.read_source(builtup_source, crs, context, feedback)[0] if builtup_source else None
        bank_source = self.parameterAsSource(parameters, self.BANK_AREAS, context)
        bank_areas = self.read_source(bank_source, crs, context, feedback)[0] if bank_source else None
        dem_layer = self.parameterAsRasterLayer(parameters, self.DEM, context)
        dem = self._read_dem(dem_layer, crs, river_geoms, feedback) if dem_layer is not None else None
        farmland = None
        landuse_source = self.parameterAsSource(parameters, self.LANDUSE, context)
        if dem is not None and landuse_source is not None:
            farmland = self._read_farmland(parameters, context, landuse_source, crs, river_geoms)
        # handed over: the kernel frees the DEM and the farmland once it has drawn the slope band
        return RiparianLayers(builtup=builtup, dem=_handed_over(dem), bank_areas=bank_areas,
                              farmland=_handed_over(farmland))

    def _farmland_codes(self, parameters, context):
        text = self.parameterAsString(parameters, self.FARMLAND_CODES, context) or ""
        return tuple(c.strip() for c in text.split(",") if c.strip())

    def _read_farmland(self, parameters, context, source, crs, river_geoms, *, chunk=20000):
        """The farmland polygons (land-use code starting with one of FARMLAND_CODES) whose boxes come
        within 500 m of a river's box: all the slope band (20 m from the bank) can meet, and over a
        state's network not every field of the state."""
        import numpy as np
        import shapely

        from ..kernels.riparian import is_farmland

        field = self.parameterAsString(parameters, self.LANDUSE_FIELD, context)
        codes = self._farmland_codes(parameters, context)
        present = river_geoms[~shapely.is_missing(river_geoms)]
        rivers = shapely.STRtree(shapely.envelope(present))
        kept = []
        for geoms, _, values in self.iter_source(source, crs, context, self._feedback, fields=[field], chunk=chunk):
            farm = np.flatnonzero(is_farmland(values[field], codes) & ~shapely.is_missing(geoms))
            if len(farm):
                b = shapely.bounds(geoms[farm])
                boxes = shapely.box(b[:, 0] - 500, b[:, 1] - 500, b[:, 2] + 500, b[:, 3] + 500)
                farm = farm[np.unique(rivers.query(boxes)[0])]
            kept.append(geoms[farm])
        return np.concatenate(kept) if kept else np.empty(0, dtype=object)

    def _with_exempt(self, parameters, context, source, rivers):
        """*rivers* with ``exempt`` from EXEMPT_EXPRESSION (unchanged without one)."""
        import dataclasses

        import numpy as np

        raw = parameters.get(self.EXEMPT_EXPRESSION)
        # QGIS 3.22 hands out an unparsable expression as '': take the text itself, to report the error
        text = raw if isinstance(raw, str) else self.parameterAsExpression(parameters, self.EXEMPT_EXPRESSION,
                                                                           context)
        if not text or not text.strip():
            return rivers
        expression = QgsExpression(text)
        if expression.hasParserError():
            raise QgsProcessingException(self.tr("EXEMPT_EXPRESSION cannot be read: {error}. Correct it.")
                                         .format(error=expression.parserErrorString()))
        expression_context = self.createExpressionContext(parameters, context, source)
        expression.prepare(expression_context)
        exempt = set()
        for feature in source.getFeatures(QgsFeatureRequest()):
            expression_context.setFeature(feature)
            value = expression.evaluate(expression_context)
            if expression.hasEvalError():
                raise QgsProcessingException(self.tr("EXEMPT_EXPRESSION fails on feature {fid}: {error}. "
                                                     "Correct it.").format(fid=feature.id(),
                                                                           error=expression.evalErrorString()))
            if value is not None and not _is_null(value) and bool(value):
                exempt.add(feature.id())
        return dataclasses.replace(rivers, exempt=np.isin(np.asarray(rivers.fids), sorted(exempt)))

    def _log_law(self, feedback, stats, parameters, context):
        """Which top of the bank was used, the exempt waters and the scope of the slope band, in the log."""
        sources = stats.get("bank_sources", {})
        feedback.pushInfo(self.tr(
            "Strips measured from the top of the bank (WHG §38(2), SächsWG §24(1)): river features by source "
            "(line = BANK_AREAS, field = BANK_WIDTH_FIELD, rule = {rule:g} m per side from BANK_HEIGHT × "
            "BANK_SLOPE, an assumption; none = from the water line): {sources}").format(
                rule=stats.get("bank_rule_m", 0.0), sources=", ".join(f"{k}: {v}" for k, v in sources.items())))
        if stats.get("bank_areas_ignored"):
            feedback.pushInfo(self.tr("{count} polygons of BANK_AREAS touch no river of the river layer (or only "
                                      "exempt ones) and were ignored.").format(count=stats["bank_areas_ignored"]))
        if stats.get("exempt"):
            feedback.pushInfo(self.tr(
                "{count} waters exempt by EXEMPT_EXPRESSION (SächsWG §1(2), WHG §2(2)) got no strip and no "
                "corridor ({length:.0f} m; feature ids {ids}).").format(
                    count=stats["exempt"], length=stats.get("exempt_length", 0.0), ids=stats.get("exempt_ids", "")))
        from ..kernels.riparian import SLOPE_SCOPE_ALL

        if "stretch_sides" not in stats:
            return
        if stats.get("slope_scope") == SLOPE_SCOPE_ALL:
            feedback.pushInfo(self.tr(
                "No land use given (LANDUSE): the WHG §38a slope band was drawn on all land (slope_scope 'all "
                "land (no land use given)'), although §38a binds farmland only."))
        else:
            feedback.pushInfo(self.tr("WHG §38a slope band on farmland only (land-use codes starting with "
                                      "{codes})").format(codes=", ".join(self._farmland_codes(parameters, context))))

    def _river_fields(self, parameters, context, source):
        """{role: field name or None} of the river layer; id and name found by their usual names."""
        fields = {key: self.parameterAsString(parameters, name, context) or None for key, name in (
            ("width", self.CHANNEL_WIDTH_FIELD), ("factor", self.CORRIDOR_FACTOR_FIELD),
            ("bank", self.BANK_WIDTH_FIELD),
            ("id", self.RIVER_ID_FIELD), ("name", self.RIVER_NAME_FIELD), ("type", self.RIVER_TYPE_FIELD))}
        for field in filter(None, fields.values()):
            if source.fields().lookupField(field) < 0:
                raise QgsProcessingException(
                    self.tr("The field '{field}' is not in the river layer. Choose one of its fields.")
                    .format(field=field))
        fields["id"] = fields["id"] or _find_field(source.fields(), ID_FIELD_NAMES)
        fields["name"] = fields["name"] or _find_field(source.fields(), NAME_FIELD_NAMES)
        return fields

    def _read_rivers(self, source, crs, context, fields):
        """The kernel's :class:`Rivers` in *crs*, and the values of the river layer's *fields*."""
        from ..kernels.riparian import Rivers

        read = [f for f in dict.fromkeys(fields.values()) if f]
        geoms, fids, values = self.read_source(source, crs, context, self._feedback, fields=read)
        self.set_reference(source, geoms)
        if len(geoms) == 0:
            raise QgsProcessingException(self.tr("The river layer has no features (check its filter or "
                                                 "selection)."))

        def column(role, convert=None):
            if not fields[role]:
                return None
            return convert(values[fields[role]]) if convert else values[fields[role]]

        rivers = Rivers(geoms, channel_width=column("width", numbers), corridor_factors=column("factor", numbers),
                        river_types=column("type"), river_ids=column("id"), river_names=column("name"), fids=fids,
                        bank_width=column("bank", numbers))
        return rivers, values

    def _options(self, parameters, context):
        """The kernel's :class:`RiparianOptions` from the parameters."""
        from ..kernels.riparian import RiparianOptions

        factor = None
        if parameters.get(self.CORRIDOR_FACTOR) not in (None, ""):
            factor = self.parameterAsDouble(parameters, self.CORRIDOR_FACTOR, context)
        return RiparianOptions(
            ruleset=self.parameterAsEnumString(parameters, self.RULESET, context) or "saxony",
            width_outside=self.parameterAsDouble(parameters, self.WIDTH_OUTSIDE, context),
            width_inside=self.parameterAsDouble(parameters, self.WIDTH_INSIDE, context),
            inner_band=self.parameterAsDouble(parameters, self.INNER_BAND, context),
            default_channel_width=self.parameterAsDouble(parameters, self.DEFAULT_CHANNEL_WIDTH, context),
            corridor=self.parameterAsBool(parameters, self.CORRIDOR, context), corridor_factor=factor,
            min_corridor=self.parameterAsDouble(parameters, self.MIN_CORRIDOR, context),
            dissolve=self.parameterAsBool(parameters, self.DISSOLVE, context),
            type_table=self._type_table(parameters, context),
            bank_height=self.parameterAsDouble(parameters, self.BANK_HEIGHT, context),
            bank_slope=self.parameterAsDouble(parameters, self.BANK_SLOPE, context))

    def _write(self, parameters, context, result, copied, crs_pair):
        """Strips and corridors (back in the input's CRS, with the river's id/name) and the land-use table."""
        crs, source_crs = crs_pair
        dissolve = self.parameterAsBool(parameters, self.DISSOLVE, context)
        strip_copied = copied if not dissolve else _Copied(copied.source_fields, [], copied.values)
        outputs = {self.OUTPUT_STRIPS: self.write_output(parameters, context, self.OUTPUT_STRIPS, OutputTable(
            "STRIPS", self._strip_rows(result.strip_table, strip_copied), result.strips, crs, source_crs,
            fields=strip_copied.fields("STRIPS")))}
        self._feedback.setProgress(95)
        rows = (copied.row(feature) + [plain(w), plain(a)] for feature, w, a in
                result.corridor_table[["feature", "corridor_width_m", "area_m2"]].itertuples(index=False))
        outputs[self.OUTPUT_CORRIDORS] = self.write_output(parameters, context, self.OUTPUT_CORRIDORS, OutputTable(
            "CORRIDORS_RIVER", rows, result.corridors, crs, source_crs, fields=copied.fields("CORRIDORS_RIVER")))
        rows = plain_rows(result.landuse[list(STRIP_LANDUSE.names())])
        outputs[self.OUTPUT_LANDUSE] = self.write_output(parameters, context, self.OUTPUT_LANDUSE,
                                                         OutputTable("STRIP_LANDUSE", rows))
        outputs = {key: value for key, value in outputs.items() if value is not None}
        outputs.update({key: float(result.stats.get(stat, 0.0)) for key, stat in (
            ("STRIP_AREA", "strip_area"), ("CORRIDOR_AREA", "corridor_area"), ("RIVER_LENGTH", "river_length"))})
        return outputs

    def _read_landuse(self, source, field, crs, context, result, *, chunk=20000):
        """Land-use geometries (in *crs*) and codes of the features touching the strips or corridors.

        Read in chunks and filtered at once, so a large parcel layer never sits in memory whole.
        """
        import numpy as np
        import shapely

        from ..kernels.riparian import landuse_near

        kept_geoms, kept_codes = [], []
        for geoms, _, values in self.iter_source(source, crs, context, self._feedback, fields=[field], chunk=chunk):
            present = np.flatnonzero(~shapely.is_missing(geoms))
            near = present[landuse_near(result, geoms[present])]
            kept_geoms.append(geoms[near])
            kept_codes.extend(values[field][i] for i in near)
        geoms = np.concatenate(kept_geoms) if kept_geoms else np.empty(0, dtype=object)
        return geoms, kept_codes

    def _read_dem(self, layer, crs, geoms, feedback):
        """The DEM cut to the rivers (plus a margin) in the metric CRS *crs*, as a float32 Grid."""
        import shapely

        from .raster_io import read_raster

        if not layer.crs().isValid():  # GDAL would warp it from nowhere
            raise QgsProcessingException(self.tr(
                "The DEM '{name}' has no CRS. Assign its CRS (Layer properties > Source), e.g. EPSG:25833, "
                "and run again.").format(name=layer.name()))
        present = geoms[~shapely.is_missing(geoms)]
        present = present[~shapely.is_empty(present)] if len(present) else present
        if len(present) == 0:
            return None
        b = shapely.bounds(present)
        margin = 500.0
        bounds = (b[:, 0].min() - margin, b[:, 1].min() - margin, b[:, 2].max() + margin, b[:, 3].max() + margin)
        if layer.crs() != crs:
            feedback.pushInfo(self.tr("The DEM is reprojected to {crs} (bilinear).").format(crs=crs.authid()))
        grid = read_raster(layer, crs=crs, bounds=bounds, dtype="float32")
        if grid is None:
            feedback.pushWarning(self.tr("The DEM does not overlap the rivers; no slope band was computed."))
        return grid

    def _strip_rows(self, table, copied):
        texts = {key: self.tr(text) for key, text in RESTRICTION_TEXTS.items()}
        for row in table[["feature", *STRIPS.names()]].itertuples(index=False):
            row = list(row)
            restrictions = "; ".join(texts[r] for r in str(row[5]).split(";") if r)
            yield copied.row(int(row[0])) + [row[1], plain(row[2]), plain(row[3]), row[4], restrictions,
                                             bool(row[6]), plain(row[7]), row[8], row[9]]

    def _log_summary(self, feedback, result, stats):
        feedback.pushInfo(self.tr("Zone | band m | slope band | area ha"))
        for row in result.strip_table.itertuples(index=False):
            feedback.pushInfo(f"{row.zone} | {row.band_from_m:g}-{row.band_to_m:g} | "
                              f"{'x' if row.slope_band else '-'} | {row.area_m2 / 10000:.2f}")
        feedback.pushInfo(self.tr("Strips {strips:.2f} ha, corridors {corridors:.2f} ha, rivers {length:.2f} km")
                          .format(strips=stats.get("strip_area", 0.0) / 10000,
                                  corridors=stats.get("corridor_area", 0.0) / 10000,
                                  length=stats.get("river_length", 0.0) / 1000))
        sources = stats.get("corridor_factor_sources")
        if sources:
            feedback.pushInfo(self.tr("Corridor factors by source (field, parameter, river type or default): "
                                      "{sources}").format(sources=", ".join(f"{k}: {v}" for k, v in
                                                                            sorted(sources.items()))))
        if "stretch_sides" in stats:
            feedback.pushInfo(self.tr("Slope band (WHG §38a): {slope} of {total} stretch banks slope at least "
                                      "5 % towards the water").format(slope=stats["slope_sides"],
                                                                    total=stats["stretch_sides"]))


def _handed_over(value):
    """*value* as a callable that returns it once and keeps no reference to it (None stays None)."""
    return None if value is None else [value].pop


def _find_field(fields, names):
    """The first field of *fields* whose name is one of *names* (case-insensitive), or None."""
    lower = {fields.at(i).name().lower(): fields.at(i).name() for i in range(fields.count())}
    return next((lower[n] for n in names if n in lower), None)


class _Copied:
    """The river layer's fields that the outputs copy (id, name): their definitions and values."""

    def __init__(self, source_fields, names, values):
        self.source_fields, self.names, self.values = source_fields, names, values

    def fields(self, kind):
        """QgsFields of the output *kind*: the copied fields first."""
        return make_fields(kind, copied=[self.source_fields.at(self.source_fields.lookupField(n))
                                         for n in self.names])

    def row(self, feature):
        """The copied values of the river feature with index *feature* (-1, a bank area: NULL)."""
        if int(feature) < 0:
            return [None] * len(self.names)
        return [self.values[name][int(feature)] for name in self.names]

