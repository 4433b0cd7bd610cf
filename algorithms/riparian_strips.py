"""wertvoll:riparianstrips — riparian strips (SächsWG §24, WHG §38/§38a) and development corridors (LAWA).

The QGIS side only: parameters, reading the layers in one metric CRS, writing the
outputs. The computation is ``kernels/riparian.py`` (shapely 2, no QGIS).
"""
import math

from qgis.core import (
    QgsFields,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
)

from ..kernels.errors import N_, KernelError
from .base import WertvollAlgorithm
from ..compat import (
    FIELD_ANY,
    FIELD_NUMERIC,
    FIELD_STRING,
    FILE_BEHAVIOR_FILE,
    NUMBER_DOUBLE,
    TYPE_VECTOR_ANY,
    TYPE_VECTOR_LINE,
    TYPE_VECTOR_POLYGON,
    WKB_MULTIPOLYGON,
    WKB_NOGEOMETRY,
    make_field,
)

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

STRIP_FIELDS = (
    ("zone", "string"), ("band_from_m", "double"), ("band_to_m", "double"), ("rule", "string"),
    ("restrictions", "string"), ("slope_band", "bool"), ("area_m2", "double"),
)
CORRIDOR_FIELDS = (("corridor_width_m", "double"), ("area_m2", "double"))
LANDUSE_FIELDS = (("layer", "string"), ("landuse", "string"), ("area_m2", "double"), ("share", "double"))

#: fields looked for when RIVER_ID_FIELD / RIVER_NAME_FIELD are empty (case-insensitive)
ID_FIELD_NAMES = ("gew_id", "gewkz", "gwk_id", "gewaesser_id", "id")
NAME_FIELD_NAMES = ("name", "gew_name", "gewname", "gn")


class RiparianStrips(WertvollAlgorithm):
    NAME = "riparianstrips"
    GROUP_ID = "water"
    DISPLAY_NAME = N_("Riparian strips and development corridors")
    REQUIRES = ("numpy", "shapely", "pandas")
    SHORT_HELP = N_(
        "<p>Draws the riparian strips the water law fixes along every river (Gewässerrandstreifen: "
        "SächsWG §24, WHG §38), the WHG §38a green-cover band on sloping farmland, and the development "
        "corridor a river needs to move again (LAWA 2016/2019), and tabulates the land use inside "
        "them: arable land in a strip is the conflict to look for; strip and corridor land is prime "
        "compensation land for wertvoll:compensationscreening.</p>"
        "<h3>Formulas</h3><ul>"
        "<li><b>Bank</b>: lines are the channel centre, the bank lies channel width / 2 away; the edge "
        "of a polygon is the bank. Nothing is drawn on any water body.</li>"
        "<li><b>Strip</b>: all land whose distance to the nearest bank is below the width of its zone "
        "(saxony: 10 m outside, 5 m inside built-up areas, the first 5 m without fertiliser; federal: "
        "5 m outside, none inside; custom: WIDTH_OUTSIDE, WIDTH_INSIDE, INNER_BAND). The width changes "
        "exactly at the edge of BUILTUP. Touching segments and confluences count once.</li>"
        "<li><b>slope_band</b> (with a DEM): per river stretch of about 100 m and bank, the mean of the "
        "slopes of the least-squares lines through the DEM heights 0, 5, 10, 15 and 20 m from the bank, "
        "sampled every 10 m; ≥ 5 % towards the water marks the bands starting below 5 m on that bank "
        "(WHG §38a: 5 m year-round green cover).</li>"
        "<li><b>corridor_width_m</b> = channel width × factor × 1.25 (LAWA dynamics surcharge), at "
        "least MIN_CORRIDOR, centred on the river; factor from CORRIDOR_FACTOR_FIELD, else "
        "CORRIDOR_FACTOR, else the river type in the river-type table, else its default 7 (winding "
        "river; an assumption, see the table's sources). Dissolved corridors of one river show the "
        "length-weighted mean width.</li>"
        "<li><b>area_m2</b>: planar area in metres (geographic input is measured in EPSG:25833). "
        "STRIP_AREA and CORRIDOR_AREA count overlapping area once; RIVER_LENGTH is the length of the "
        "lines (half the perimeter of polygons).</li>"
        "<li><b>Land use</b>: per strip band ('strip outside 0-5 m' …) and 'corridor', the area and "
        "share of each land-use code; area without land use has an empty code. The rows of a band sum "
        "to its area.</li></ul>"
        "<h3>Example</h3><p>A brook with a 4 m channel, 1 km long, outside built-up areas, saxony: "
        "strip = 2 × 10 m × 1,000 m = 20,000 m² beyond the banks (plus the round ends), 10,000 m² of "
        "it the 0-5 m band without fertiliser; corridor = max(4 × 7 × 1.25, 20) = 35 m wide, about "
        "3.5 ha.</p>"
    )

    INPUT = "INPUT"
    CHANNEL_WIDTH_FIELD = "CHANNEL_WIDTH_FIELD"
    DEFAULT_CHANNEL_WIDTH = "DEFAULT_CHANNEL_WIDTH"
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
            N_("River axes (lines, e.g. ATKIS AX_Gewaesserachse) or water areas (polygons), any CRS. A "
               "line is the channel's centre; the edge of a polygon is the bank (SächsWG §24(1): top of "
               "the bank slope, else the mean high-water line)."))
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
            N_("Channel width for lines without a width value. 0 (default): the strip starts at the line "
               "itself, right only where the line is the bank."))
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
            N_("Elevation model in metres, any CRS (best 1-10 m cells, e.g. DGM1/DGM2 of Saxony). Marks the "
               "WHG §38a slope band: where the land slopes on average at least 5 % towards the water "
               "within 20 m of the bank, farmland keeps a year-round green cover in the first 5 m. "
               "Empty: no slope band."))
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

    # -- validation before the run (main thread, shown in the dialog) ----------------
    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        landuse = self.parameterAsSource(parameters, self.LANDUSE, context)
        if landuse is not None and not self.parameterAsString(parameters, self.LANDUSE_FIELD, context):
            return False, self.tr("Choose the land-use code field, or leave the land-use layer empty.")
        try:
            self._type_table(parameters, context)
        except KernelError as error:
            return False, self.tr(error.template).format(**error.params)
        return True, ""

    def _type_table(self, parameters, context):
        from ..kernels.riparian import load_river_types

        return load_river_types(self.parameterAsFile(parameters, self.RIVER_TYPE_TABLE, context) or None)

    # -- the run (worker thread: no GUI, no QgsProject.instance()) --------------------
    def process(self, parameters, context, feedback):
        import numpy as np

        from ..kernels.riparian import riparian_strips, tabulate_landuse

        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        fields = {key: self.parameterAsString(parameters, name, context) or None for key, name in (
            ("width", self.CHANNEL_WIDTH_FIELD), ("factor", self.CORRIDOR_FACTOR_FIELD),
            ("id", self.RIVER_ID_FIELD), ("name", self.RIVER_NAME_FIELD), ("type", self.RIVER_TYPE_FIELD))}
        for field in filter(None, fields.values()):
            if source.fields().lookupField(field) < 0:
                raise QgsProcessingException(
                    self.tr("The field '{field}' is not in the river layer. Choose one of its fields.")
                    .format(field=field))
        fields["id"] = fields["id"] or _find_field(source.fields(), ID_FIELD_NAMES)
        fields["name"] = fields["name"] or _find_field(source.fields(), NAME_FIELD_NAMES)
        try:
            type_table = self._type_table(parameters, context)
        except KernelError as error:
            raise QgsProcessingException(self.tr(error.template).format(**error.params)) from error
        ruleset = self.parameterAsEnumString(parameters, self.RULESET, context) or "saxony"

        crs = self.metric_crs(source.sourceCrs())
        if crs != source.sourceCrs():
            feedback.pushInfo(self.tr("Distances and areas are measured in {crs}: the river layer is not in "
                                      "a metric CRS.").format(crs=crs.authid()))

        feedback.pushInfo(self.tr("Step 1/3: reading layers"))
        read = [f for f in dict.fromkeys(fields.values()) if f]
        geoms, fids, values = self.read_source(source, crs, context, feedback, read)
        if len(geoms) == 0:
            raise QgsProcessingException(self.tr("The river layer has no features (check its filter or "
                                                 "selection)."))

        def numbers(field):
            if not field:
                return None
            out = np.full(len(geoms), np.nan)
            for i, v in enumerate(values[field]):
                try:
                    out[i] = float(v)
                except (TypeError, ValueError):
                    pass
            return out

        builtup = None
        builtup_source = self.parameterAsSource(parameters, self.BUILTUP, context)
        if builtup_source is not None:
            builtup = self.read_source(builtup_source, crs, context, feedback)[0]
        landuse_source = self.parameterAsSource(parameters, self.LANDUSE, context)
        landuse_field = None
        if landuse_source is not None:
            landuse_field = self.parameterAsString(parameters, self.LANDUSE_FIELD, context)
            if not landuse_field or landuse_source.fields().lookupField(landuse_field) < 0:
                raise QgsProcessingException(self.tr("Choose the land-use code field, or leave the land-use "
                                                     "layer empty."))
        dem = None
        dem_layer = self.parameterAsRasterLayer(parameters, self.DEM, context)
        if dem_layer is not None:
            dem = self._read_dem(dem_layer, crs, geoms, feedback)
        feedback.setProgress(15)

        feedback.pushInfo(self.tr("Step 2/3: strips, corridors and land use for {count} river features "
                                  "({ruleset})").format(count=len(geoms), ruleset=ruleset))
        kernel_end = 70 if landuse_source is not None else 92
        factor = None
        if parameters.get(self.CORRIDOR_FACTOR) not in (None, ""):
            factor = self.parameterAsDouble(parameters, self.CORRIDOR_FACTOR, context)
        result = self.run_kernel(
            feedback, riparian_strips, geoms,
            channel_width=numbers(fields["width"]),
            default_channel_width=self.parameterAsDouble(parameters, self.DEFAULT_CHANNEL_WIDTH, context),
            builtup=builtup, ruleset=ruleset,
            width_outside=self.parameterAsDouble(parameters, self.WIDTH_OUTSIDE, context),
            width_inside=self.parameterAsDouble(parameters, self.WIDTH_INSIDE, context),
            inner_band=self.parameterAsDouble(parameters, self.INNER_BAND, context),
            dem=dem, corridor=self.parameterAsBool(parameters, self.CORRIDOR, context),
            corridor_factors=numbers(fields["factor"]), corridor_factor=factor,
            river_types=values[fields["type"]] if fields["type"] else None, type_table=type_table,
            min_corridor=self.parameterAsDouble(parameters, self.MIN_CORRIDOR, context),
            dissolve=self.parameterAsBool(parameters, self.DISSOLVE, context),
            river_ids=values[fields["id"]] if fields["id"] else None,
            river_names=values[fields["name"]] if fields["name"] else None,
            fids=fids, progress_range=(15, kernel_end))
        del builtup, dem
        if landuse_source is not None:
            # only the land use touching a strip or corridor is kept in memory
            landuse, codes = self._read_landuse(landuse_source, landuse_field, crs, context, feedback, result)
            feedback.setProgress(76)
            self.run_kernel(feedback, tabulate_landuse, result, landuse, codes, progress_range=(76, 92))
            del landuse, codes
        self.report_warnings(feedback, result.warnings)
        stats = result.stats

        feedback.pushInfo(self.tr("Step 3/3: writing {strips} strip and {corridors} corridor polygons")
                          .format(strips=len(result.strips), corridors=len(result.corridors)))
        dissolve = self.parameterAsBool(parameters, self.DISSOLVE, context)
        river_fields = [f for f in (fields["id"], fields["name"]) if f]
        strip_fields = _fields(source.fields(), [] if dissolve else river_fields, STRIP_FIELDS)
        sink, strips_id = self.parameterAsSink(parameters, self.OUTPUT_STRIPS, context, strip_fields,
                                               WKB_MULTIPOLYGON, source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_STRIPS))
        qgs = self.to_qgs_geometries(result.strips, crs, source.sourceCrs(), context)
        self.write_features(sink, strip_fields, qgs, self._strip_rows(
            result.strip_table, [] if dissolve else river_fields, values), feedback)
        del sink, qgs
        feedback.setProgress(95)

        outputs = {self.OUTPUT_STRIPS: strips_id}
        corridor_fields = _fields(source.fields(), river_fields, CORRIDOR_FIELDS)
        corridor_sink, corridors_id = self.parameterAsSink(parameters, self.OUTPUT_CORRIDORS, context,
                                                           corridor_fields, WKB_MULTIPOLYGON, source.sourceCrs())
        if corridor_sink is not None:
            qgs = self.to_qgs_geometries(result.corridors, crs, source.sourceCrs(), context)
            rows = ([values[f][int(feature)] for f in river_fields] + [_plain(w), _plain(a)]
                    for feature, w, a in result.corridor_table[["feature", "corridor_width_m", "area_m2"]]
                    .itertuples(index=False))
            self.write_features(corridor_sink, corridor_fields, qgs, rows, feedback)
            outputs[self.OUTPUT_CORRIDORS] = corridors_id
            del corridor_sink
        landuse_fields = _fields(None, [], LANDUSE_FIELDS)
        landuse_sink, landuse_id = self.parameterAsSink(parameters, self.OUTPUT_LANDUSE, context,
                                                        landuse_fields, WKB_NOGEOMETRY)
        if landuse_sink is not None:
            self.write_features(landuse_sink, landuse_fields, None,
                                ([_plain(v) for v in row] for row in
                                 result.landuse[[n for n, _ in LANDUSE_FIELDS]].itertuples(index=False)))
            outputs[self.OUTPUT_LANDUSE] = landuse_id
            del landuse_sink
        self._log_summary(feedback, result, stats)
        for key, kind in ((self.OUTPUT_STRIPS, "STRIPS"), (self.OUTPUT_CORRIDORS, "CORRIDORS_RIVER"),
                          (self.OUTPUT_LANDUSE, "STRIP_LANDUSE")):
            self.tag_output(context, outputs.get(key), kind)
        feedback.setProgress(100)
        outputs.update({
            "STRIP_AREA": float(stats.get("strip_area", 0.0)),
            "CORRIDOR_AREA": float(stats.get("corridor_area", 0.0)),
            "RIVER_LENGTH": float(stats.get("river_length", 0.0)),
        })
        return outputs

    def _read_landuse(self, source, field, crs, context, feedback, result, chunk=20000):
        """Land-use geometries (in *crs*) and codes of the features touching the strips or corridors.

        Read in chunks and filtered at once, so a large parcel layer never sits in memory whole.
        """
        import numpy as np
        import shapely

        from ..kernels.riparian import landuse_near

        kept_geoms, kept_codes = [], []
        for geoms, _, values in self.iter_source(source, crs, context, feedback, [field], chunk=chunk):
            present = np.flatnonzero(~shapely.is_missing(geoms))
            near = present[landuse_near(result, geoms[present])]
            kept_geoms.append(geoms[near])
            kept_codes.extend(values[field][i] for i in near)
        geoms = np.concatenate(kept_geoms) if kept_geoms else np.empty(0, dtype=object)
        return geoms, kept_codes

    def _read_dem(self, layer, crs, geoms, feedback):
        """The DEM cut to the rivers (plus a margin) in the metric CRS *crs*, as a float32 Grid."""
        import shapely

        from .base import read_raster

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

    def _strip_rows(self, table, river_fields, values):
        texts = {key: self.tr(text) for key, text in RESTRICTION_TEXTS.items()}
        columns = ["feature"] + [name for name, _ in STRIP_FIELDS]
        for row in table[columns].itertuples(index=False):
            row = list(row)
            feature = int(row[0])
            restrictions = "; ".join(texts[r] for r in str(row[5]).split(";") if r)
            out = [values[f][feature] for f in river_fields] if river_fields else []
            out += [row[1], _plain(row[2]), _plain(row[3]), row[4], restrictions, bool(row[6]), _plain(row[7])]
            yield out

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


def _find_field(fields, names):
    """The first field of *fields* whose name is one of *names* (case-insensitive), or None."""
    lower = {fields.at(i).name().lower(): fields.at(i).name() for i in range(fields.count())}
    return next((lower[n] for n in names if n in lower), None)


def _fields(source_fields, copied, spec):
    fields = QgsFields()
    for name in copied:
        fields.append(source_fields.at(source_fields.lookupField(name)))
    for name, kind in spec:
        fields.append(make_field(name, kind))
    return fields


def _plain(value):
    """numpy scalars -> Python values QGIS accepts (NaN -> None)."""
    item = getattr(value, "item", None)
    value = item() if callable(item) else value
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
