"""wertvoll:floodriskzones — flood-risk zones from terrain and official flood areas, with exposure.

The QGIS side only: parameters, reading the DEM and the layers in the DEM's CRS,
vectorising the zone raster with GDAL, writing the outputs. The computation is
``kernels/flood.py`` (numpy/scipy/shapely, no QGIS).
"""
import json
from typing import NamedTuple

from qgis.core import (
    QgsCoordinateTransformContext,
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..compat import (
    FIELD_ANY,
    NUMBER_DOUBLE,
    NUMBER_INTEGER,
    TYPE_VECTOR_ANY,
    TYPE_VECTOR_LINE,
    TYPE_VECTOR_POINT,
    TYPE_VECTOR_POLYGON,
)
from ..kernels.errors import N_
from ..kinds import CALIBRATED_ZONE, FLOOD_CALIBRATION
from .base import WertvollAlgorithm, kernel_errors
from .crs import is_ground_metric
from .outputs import OutputTable
from .raster_io import (
    TiffWriter,
    gdal_polygonize,
    gdal_polygonize_band,
    gdal_rasterize,
    raster_frame,
    read_raster,
    window_reader,
    write_raster,
)

#: HEIGHT_REFERENCE options: FloodOptions.reference and the label of each
REFERENCE_OPTIONS = (("nearest", N_("Nearest river cell")), ("flow", N_("River cell the flow path drains to")))


def _number(value):
    """A float, or None (NULL) for NaN."""
    return None if value != value else float(value)


class _Dem(NamedTuple):
    """The DEM of a run: the window read (:class:`kernels.grid.Grid`), the whole DEM's frame, its CRS."""

    grid: object
    frame: object
    crs: object


class FloodRiskZones(WertvollAlgorithm):
    NAME = "floodriskzones"
    GROUP_ID = "water"
    DISPLAY_NAME = N_("Flood-risk zones (height above river)")
    REQUIRES = ("numpy", "shapely", "scipy", "pandas")
    SHORT_HELP = (
        N_("Estimates where water goes along rivers without an official flood zone, from the terrain: the "
           "height of the land above the water level of the nearest river (relative elevation model, "
           "\"height above nearest drainage\", HAND)."),
        N_("Official flood zones (HQ100, WHG §76, SächsWG §72) become zone 0; where they exist, the height that "
           "reproduces them best is fitted per river class and carried over to the rivers without one (zone "
           "100, 'estimated HQ100 (calibrated)')."),
        N_("Exposed land is tabulated per zone; the bans of WHG §78a bind designated zones only. The water level "
           "falls robustly downstream, the thresholds are assumptions (Annahme), flat terrain is flagged. A "
           "screening, not a hydraulic model."),
    )

    RIVERS = "RIVERS"
    FLOW_DIRECTION = "FLOW_DIRECTION"
    RIVER_CLASS = "RIVER_CLASS"
    CALIBRATE = "CALIBRATE"
    HEIGHT_REFERENCE = "HEIGHT_REFERENCE"
    DEM = "DEM"
    THRESHOLDS = "THRESHOLDS"
    MAX_DISTANCE = "MAX_DISTANCE"
    SMOOTH = "SMOOTH"
    FLOODPLAIN = "FLOODPLAIN"
    EXPOSURE = "EXPOSURE"
    EXPOSURE_FIELD = "EXPOSURE_FIELD"
    OUTPUT_ZONES = "OUTPUT_ZONES"
    OUTPUT_HEIGHT = "OUTPUT_HEIGHT"
    OUTPUT_EXPOSURE = "OUTPUT_EXPOSURE"
    OUTPUT_CALIBRATION = "OUTPUT_CALIBRATION"
    TERRAIN_FLAGS = "TERRAIN_FLAGS"
    OUTPUT_FLAGS = "OUTPUT_FLAGS"
    ZONE_AREAS = "ZONE_AREAS"
    TILE_SIZE = "TILE_SIZE"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.RIVERS, self.tr("Rivers (lines, digitised downstream)"),
                                                [TYPE_VECTOR_LINE]),
            N_("River axes as lines, e.g. ATKIS AX_Gewaesserachse (44004), digitised in flow direction unless "
               "FLOW_DIRECTION says otherwise. Any CRS: they are transformed to the CRS of the DEM. Parts "
               "outside the DEM are left out with a warning."))
        self.add_parameter(
            QgsProcessingParameterField(self.FLOW_DIRECTION, self.tr("Flow-direction field of the rivers"),
                                        parentLayerParameterName=self.RIVERS, type=FIELD_ANY, optional=True),
            (N_("ATKIS Basis-DLM attribute 'fliessrichtung' (FLR) of AX_Gewaesserachse: true = the water flows "
                "in digitising direction, false = against it (the line is reversed). Also 1/0, yes/no, ja/nein. "
                "Empty values keep the digitising direction."),
             N_("Without a field every line is taken as digitised downstream. ATKIS gives canals (function "
                "8300) always false, meaning no defined flow direction: leave them out or set their value.")))
        self.add_parameter(
            QgsProcessingParameterRasterLayer(self.DEM, self.tr("Digital elevation model (DEM)")),
            N_("Terrain heights in metres, in a projected CRS in metres (in Saxony ETRS89 / UTM 33N, "
               "EPSG:25833), band 1. A DEM in degrees is refused: warp it first (Raster > Projections > "
               "Warp). Nodata cells stay out of every zone. The zones follow its cells: a 1–10 m DEM suits "
               "small streams."))
        self.add_parameter(
            QgsProcessingParameterString(self.THRESHOLDS, self.tr("Height thresholds (m above the river)"),
                                         defaultValue="1,2,3"),
            (N_("Heights in metres above the water level of the nearest river, increasing, separated by "
                "commas (or by semicolons with decimal commas: 0,5;1;2); one zone each, zone 1 = most "
                "likely."),
             N_("Default 1,2,3: an assumption of the plugin (Annahme; no legal or guideline value, "
                "not a flood level). The national flood depth classes have the bounds 0.5, 1, 2 and "
                "4 m (enter 0.5,1,2,4 to follow them).")))
        self.add_parameter(
            QgsProcessingParameterNumber(self.MAX_DISTANCE, self.tr("Maximum distance from the river (m)"),
                                         type=NUMBER_DOUBLE, defaultValue=1000.0, minValue=0.0),
            N_("Cells farther than this from every river cell are in no zone and have no relative height. "
               "Default 1000 m: an assumption of the plugin (no legal or guideline value); widen it for "
               "broad valleys of large rivers."))
        self.add_parameter(
            QgsProcessingParameterBoolean(self.SMOOTH, self.tr("Make the water level fall downstream"),
                                          defaultValue=True),
            (N_("On: the level along each river is the falling profile closest to the DEM values in the sum "
                "of absolute differences (robust isotonic regression, median-based). A pit or bridge pools "
                "only with a stretch about as long as itself; downstream of that the level is the DEM again."),
             N_("Not a running minimum (one pit would lower the whole river below it) and not a least-squares "
                "fit (a 5 m pit would pull a long stretch down). Tributaries are kept at or above the level "
                "of the river they join. Off: the raw DEM value of each river cell.")),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterEnum(self.HEIGHT_REFERENCE, self.tr("Height measured from"),
                                       options=[self.tr(label) for _, label in REFERENCE_OPTIONS], defaultValue=0),
            (N_("Nearest river cell: each cell's height is taken above the water level of the nearest river cell "
                "(straight line)."),
             N_("River cell the flow path drains to: above the river cell where the water of the cell reaches a "
                "river, following the terrain downhill (Priority-Flood, Barnes et al. 2014; a hollow drains over "
                "its lowest rim)."),
             N_("The flow path keeps a slope beyond a ridge with its own river, where the nearest cell may lie in "
                "the next valley; in flat land both give similar heights.")),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterBoolean(self.TERRAIN_FLAGS, self.tr("Flag where the terrain cannot tell"),
                                          defaultValue=True),
            (N_("Low relief: the terrain within MAX_DISTANCE of a cell varies less than the highest threshold, so "
                "every cell near a river falls into a zone however flat the land (the Leipzig lowland; terrain "
                "methods fail at under 3 m relief over 20 km)."),
             N_("Level surface: a square of 1 ha whose heights differ by at most 5 cm (mining lakes, reservoirs), "
                "where a height above the river means nothing."),
             N_("The 1 ha and 5 cm are assumptions of the plugin. Embankments narrower than a cell leave no trace "
                "in the DEM and cannot be flagged: use a DEM that shows them (DGM1/DGM2).")),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.FLOODPLAIN, self.tr("Official flood zones"),
                                                [TYPE_VECTOR_POLYGON], optional=True),
            N_("Designated flood zones (Überschwemmungsgebiete: at least HQ100, WHG §76, SächsWG §72; "
               "areas at risk up to HQextrem, SächsWG §75). Their union becomes zone 0 'official', which "
               "overlaps the estimated zones."))
        self.add_parameter(
            QgsProcessingParameterBoolean(self.CALIBRATE, self.tr("Fit the height to the official flood zones"),
                                          defaultValue=True),
            (N_("With official zones: per river class the height above the river that reproduces them best (the "
                "highest critical success index CSI = hits / (hits + misses + false alarms), in steps of "
                "5 cm up to 20 m) is fitted on the rivers whose cells lie inside them."),
             N_("It is applied to the rivers of the same class without an official zone: zone 100 'estimated "
                "HQ100 (calibrated)'."),
             N_("A class with fewer than 50 official cells takes the height fitted on all classes (an "
                "assumption of the plugin, as the 5 cm and 20 m). The zones of THRESHOLDS are drawn as well. "
                "Off, or without official zones: only the zones of THRESHOLDS.")))
        self.add_parameter(
            QgsProcessingParameterField(self.RIVER_CLASS, self.tr("River class field"),
                                        parentLayerParameterName=self.RIVERS, type=FIELD_ANY, optional=True),
            N_("Field of the river layer whose values form the classes of the fit (e.g. the river type or width "
               "class). Empty: the Strahler order of each line, computed on the river network (lines joined "
               "where one ends in the cell where another starts)."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.EXPOSURE, self.tr("Exposure layer"),
                                                [TYPE_VECTOR_POLYGON, TYPE_VECTOR_POINT], optional=True),
            N_("Polygons or points to tabulate per zone: parcels or land use, settlements, planned compensation "
               "measures. In designated zones (zone 0) WHG §78a(1) nos. 6-8 restrict plantings, converting "
               "grassland to arable and floodplain forest; retention is a synergy (WHG §77)."))
        self.add_parameter(
            QgsProcessingParameterField(self.EXPOSURE_FIELD, self.tr("Class field of the exposure layer"),
                                        parentLayerParameterName=self.EXPOSURE, type=FIELD_ANY,
                                        optional=True),
            N_("Field whose values form the classes of the exposure table, e.g. the land-use code. Empty: "
               "one class for all features."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_ZONES, self.tr("Flood-risk zones"),
                                              TYPE_VECTOR_POLYGON),
            N_("One multipolygon per zone with zone (0 = official, 1.. = estimated), threshold_m (an "
               "assumption), label, area_m2 and note (what the law says there), in the CRS of the DEM. Zones "
               "without cells are left out."))
        self.add_parameter(
            QgsProcessingParameterRasterDestination(self.OUTPUT_HEIGHT, self.tr("Height above the river"),
                                                    optional=True, createByDefault=False),
            N_("Optional GeoTIFF (float32) of the relative height DEM − water level of the nearest river "
               "cell in metres; nodata beyond MAX_DISTANCE and on DEM nodata."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_EXPOSURE, self.tr("Exposure per zone"),
                                              TYPE_VECTOR_ANY, optional=True, createByDefault=True),
            N_("Table with zone, class, area_m2 (area inside the zone; 0 for points) and count (features "
               "touched; points inside). Empty without an exposure layer."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_CALIBRATION, self.tr("Fit to the official zones"),
                                              TYPE_VECTOR_ANY, optional=True, createByDefault=True),
            (N_("Table with one row per river class and one for all classes: class, threshold_m (fitted), "
                "fitted_on (own class or all classes), official_m2 and estimated_m2 on the cells measured from "
                "rivers inside official zones,"),
             N_("hit_rate, false_alarm_ratio, csi, and calibrated_m2 (area of zone 100 of the class; in the last "
                "row of all). Empty without official zones.")))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_FLAGS, self.tr("Where the terrain cannot tell"),
                                              TYPE_VECTOR_POLYGON, optional=True, createByDefault=True),
            N_("Polygons (hatched) of the cells with a height where the terrain cannot separate floodplain from "
               "upland: flag 1 low relief, 2 level surface, 3 both; with reason and area_m2. Zones there are "
               "decided by flatness, not by a terrain step: read them as 'cannot tell', not as confident rings."))
        self.add_output(QgsProcessingOutputString(self.ZONE_AREAS, self.tr("Zone areas (JSON)")))
        self._add_tile_parameter()

    def _add_tile_parameter(self):
        self.add_parameter(
            QgsProcessingParameterNumber(self.TILE_SIZE, self.tr("Tile size (cells, 0 = automatic)"),
                                         type=NUMBER_INTEGER, defaultValue=0, minValue=0),
            N_("0: the DEM window within MAX_DISTANCE of the rivers is processed in one piece when it fits in "
               "memory, else in tiles as large as the free memory allows (e.g. a DGM2 of a whole planning "
               "region). A number: tiles of that many cells per side. Tiles give the same zones and heights."),
            advanced=True)

    # -- validation (before the run in the dialog, and at its start) -------------------
    def validate(self, parameters, context):
        self._thresholds(parameters, context)
        if self.parameterAsDouble(parameters, self.MAX_DISTANCE, context) <= 0:
            raise QgsProcessingException(self.tr("MAX_DISTANCE must be greater than 0 m."))
        dem = self.parameterAsRasterLayer(parameters, self.DEM, context)
        if dem is not None and self._dem_crs_problem(dem):
            raise QgsProcessingException(self._dem_crs_problem(dem))
        height = self._height_path(parameters, context)
        if height and not height.lower().endswith((".tif", ".tiff")):
            raise QgsProcessingException(
                self.tr("OUTPUT_HEIGHT is written as GeoTIFF: give a file name ending in .tif."))

    def _thresholds(self, parameters, context):
        from ..kernels.flood import parse_thresholds

        with kernel_errors():
            return parse_thresholds(self.parameterAsString(parameters, self.THRESHOLDS, context))

    def _dem_crs_problem(self, dem):
        """A translated message when the DEM's CRS is unusable, else ''."""
        crs = dem.crs()
        if not crs.isValid():
            return self.tr("The DEM '{name}' has no CRS. Assign its CRS (Layer properties > Source), "
                           "e.g. EPSG:25833, and run again.").format(name=dem.name())
        if not is_ground_metric(crs, dem.extent(), QgsCoordinateTransformContext()):
            return self.tr("The DEM '{name}' is in {crs}, whose unit is not a metre on the ground there: heights "
                           "above the river need distances in metres. Warp the DEM to EPSG:25833 or another CRS in "
                           "metres (Raster > Projections > Warp (Reproject)) and run again.").format(
                name=dem.name(), crs=crs.authid() or crs.description())
        return ""

    def _height_path(self, parameters, context):
        value = parameters.get(self.OUTPUT_HEIGHT)
        if value is None or value == "":
            return ""
        return self.parameterAsOutputLayer(parameters, self.OUTPUT_HEIGHT, context) or ""

    # -- the run (worker thread: no GUI, no QgsProject.instance()) --------------------
    def process(self, parameters, context, feedback):
        try:
            return self._process(parameters, context, feedback)
        except MemoryError:  # the estimate missed, or other programs took the memory meanwhile
            raise QgsProcessingException(self.tr(
                "There was not enough memory for the flood-risk zones. Close other programs, resample the "
                "DEM to larger cells (Raster > Projections > Warp) or filter the river layer to the area "
                "of interest, and run again.")) from None

    def _process(self, parameters, context, feedback):
        dem_layer = self.parameterAsRasterLayer(parameters, self.DEM, context)
        if dem_layer is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, self.DEM))
        feedback.pushInfo(self.tr("Step 1/3: reading the DEM and the layers"))
        inputs = self._read_layers(parameters, context, feedback, dem_layer.crs())
        feedback.setProgress(5)
        options = self._kernel_inputs(parameters, context, inputs)[0]  # the stages decide the memory
        frame, window = self._dem_window(dem_layer, inputs["rivers"], options, feedback)
        if self._tiled(parameters, context, (window, options), feedback):
            return self._zones_tiled(parameters, context, feedback, _Dem(dem_layer, frame, dem_layer.crs()),
                                     inputs)
        dem = _Dem(read_raster(dem_layer, window=window), frame, dem_layer.crs())
        feedback.setProgress(10)
        return self._zones(parameters, context, feedback, dem, inputs)

    def _dem_window(self, dem_layer, rivers, options, feedback):
        """The DEM's :class:`RasterFrame` and the window of it the rivers need (logged); *options*: the
        run's :class:`FloodOptions`."""
        from ..kernels.flood import estimate_memory, reach_window

        frame = raster_frame(dem_layer)
        # no lines, or all beyond the DEM: one cell, and the kernel says what is wrong
        window = reach_window(frame.shape, frame.geotransform, rivers, options.max_distance) or (0, 1, 0, 1)
        rows, cols = window[1] - window[0], window[3] - window[2]
        cell = max(frame.geotransform[1], -frame.geotransform[5])
        need = estimate_memory(rows, cols, options)
        feedback.pushInfo(self.tr("DEM window within MAX_DISTANCE of the rivers: {rows} × {cols} of the DEM's "
                                  "{all_rows} × {all_cols} cells of {cell} m; about {mb} MB of memory needed "
                                  "in one piece."
                                  ).format(rows=rows, cols=cols, all_rows=frame.shape[0],
                                           all_cols=frame.shape[1], cell=f"{cell:g}", mb=round(need / 2 ** 20)))
        return frame, window

    def _zones(self, parameters, context, feedback, dem, inputs):
        """The kernel on the DEM window (*dem*: a :class:`_Dem`) and the outputs."""
        from ..kernels.flood import flood_zones

        dem, target = dem.grid, dem._replace(grid=None)
        feedback.pushInfo(self.tr("Step 2/3: heights above the river on {rows} × {cols} cells").format(
            rows=dem.shape[0], cols=dem.shape[1]))
        options, layers = self._kernel_inputs(parameters, context, inputs)
        result = self.run_kernel(feedback, flood_zones, dem, inputs["rivers"], options, layers,
                                 polygonize=gdal_polygonize, progress_range=(10, 85))
        labels = self._labels(options.thresholds, inputs["floodplain"] is not None)
        return self._outputs(parameters, context, feedback, result, target=target, labels=labels)

    def _kernel_inputs(self, parameters, context, inputs):
        """The kernel's :class:`FloodOptions` and :class:`FloodLayers` of the parameters and *inputs*."""
        from ..kernels.flood import FloodLayers, FloodOptions

        wkt = inputs["wkt"]
        options = FloodOptions(thresholds=self._thresholds(parameters, context),
                               max_distance=self.parameterAsDouble(parameters, self.MAX_DISTANCE, context),
                               smooth=self.parameterAsBool(parameters, self.SMOOTH, context),
                               calibrate=self.parameterAsBool(parameters, self.CALIBRATE, context),
                               flags=self.parameterAsBool(parameters, self.TERRAIN_FLAGS, context),
                               reference=REFERENCE_OPTIONS[
                                   self.parameterAsEnum(parameters, self.HEIGHT_REFERENCE, context)][0],
                               rasterize=lambda frame, *a, **k: gdal_rasterize(frame, *a, wkt=wkt, **k))
        layers = FloodLayers(floodplain=inputs["floodplain"], exposure=inputs["exposure"],
                             exposure_classes=inputs["classes"], against_flow=inputs["against"],
                             river_classes=inputs["river_classes"])
        return options, layers

    def _outputs(self, parameters, context, feedback, result, *, target, labels):
        """Warnings, outputs and summary of the kernel's *result* (*target*: a :class:`_Dem` without grid)."""
        self.report_warnings(feedback, result.warnings)
        feedback.pushInfo(self.tr("Step 3/3: writing the results"))
        outputs = self._write(parameters, context, result, labels, target)
        self._log_summary(feedback, labels, result)
        feedback.setProgress(100)
        return outputs

    def _read_layers(self, parameters, context, feedback, crs):
        """Rivers, official flood zones and exposure in the DEM's *crs*: {name: geometries or None}."""
        rivers = self.parameterAsSource(parameters, self.RIVERS, context)
        if rivers is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.RIVERS))
        flow = self.parameterAsString(parameters, self.FLOW_DIRECTION, context)
        self._check_field(rivers, flow, "FLOW_DIRECTION")
        river_class = self.parameterAsString(parameters, self.RIVER_CLASS, context)
        self._check_field(rivers, river_class, "RIVER_CLASS")
        fields = [f for f in (flow, river_class) if f]
        geometries, _, values = self.read_source(rivers, crs, context, feedback, fields=list(dict.fromkeys(fields)))
        self.set_reference(rivers, geometries)
        inputs = {"rivers": geometries, "against": self._flow_flags(feedback, flow, values),
                  "river_classes": values[river_class] if river_class else None,
                  "floodplain": None, "exposure": None, "classes": None, "wkt": crs.toWkt()}
        floodplain = self.parameterAsSource(parameters, self.FLOODPLAIN, context)
        if floodplain is not None:
            inputs["floodplain"] = self.read_source(floodplain, crs, context, feedback)[0]
        exposure = self.parameterAsSource(parameters, self.EXPOSURE, context)
        if exposure is not None:
            field = self.parameterAsString(parameters, self.EXPOSURE_FIELD, context)
            self._check_field(exposure, field, "EXPOSURE_FIELD")
            geometries, _, values = self.read_source(exposure, crs, context, feedback,
                                                     fields=[field] if field else [])
            inputs["exposure"] = geometries
            inputs["classes"] = values[field] if field else [self.tr("all features")] * len(geometries)
        return inputs

    def _check_field(self, source, field, name):
        if field and source.fields().lookupField(field) < 0:
            raise QgsProcessingException(
                self.tr("The field '{field}' is not in the layer '{layer}'. Choose one of its fields or leave "
                        "{parameter} empty.").format(field=field, layer=source.sourceName(), parameter=name))

    def _flow_flags(self, feedback, field, values):
        """Per river feature True where it is digitised against the flow (None without a field); logged."""
        from ..kernels.flood import flow_flags

        if not field:
            feedback.pushInfo(self.tr("Flow direction: no FLOW_DIRECTION field; every river line is taken as "
                                      "digitised downstream (the ATKIS rule when 'fliessrichtung' is true)."))
            return None
        against, unknown = flow_flags(values[field])
        feedback.pushInfo(self.tr("Flow direction from the field '{field}' (true = in digitising direction): "
                                  "{count} lines digitised against the flow are reversed; {unknown} without a "
                                  "usable value keep their digitising direction.").format(
            field=field, count=int(against.sum()), unknown=unknown))
        return against

    def _note(self, zone, upper):
        """The note of a zone: what WHG §78a says there (zone 0), or that it does not apply (estimated)."""
        if zone == CALIBRATED_ZONE:
            return " ".join((
                self.tr("Estimated from the terrain with the height above the river that reproduces the official "
                        "flood zones of rivers of the same class best (see the table 'Fit to the official zones'). "
                        "An estimate, not a designation: WHG §78a binds designated flood zones only (WHG §76, "
                        "SächsWG §72)."),
                self.tr("Outside every designated zone this may hint at a flood area not yet determined: ask the "
                        "water authority before planting trees or shrubs or converting grassland.")))
        if zone == 0:
            return " ".join((
                self.tr("Designated flood zone (WHG §76; in Saxony also by law, SächsWG §72). WHG §78a(1) "
                        "sentence 1 prohibits here among others: no. 6 tree and shrub plantings insofar as they "
                        "conflict with preventive flood protection; no. 7 converting grassland to arable land;"),
                self.tr("no. 8 converting floodplain forest to another use. Not for flood protection, watercourse "
                        "development or maintenance (sentence 2). The authority may permit a measure case by "
                        "case (§78a(2)) or the zone's ordinance generally (§78a(4)).")))
        return " ".join((
            self.tr("Estimated from the terrain: up to {upper} m above the river, a threshold that is an "
                    "assumption (Annahme), not a flood level. WHG §78a does not apply here directly: it binds "
                    "designated flood zones (WHG §76, SächsWG §72).").format(upper=f"{upper:g}"),
            self.tr("Outside every designated zone this may hint at a flood area not yet determined: ask the "
                    "water authority before planting trees or shrubs or converting grassland.")))

    def _write(self, parameters, context, result, labels, target):
        """The outputs: the height raster (first: a path that cannot be written fails early), zones, exposure.

        *target*: a :class:`_Dem` without its grid; the height raster covers the whole DEM (its frame),
        nodata beyond the window computed on."""
        outputs = {}
        frame, crs = target.frame, target.crs
        height_path = self._height_path(parameters, context)
        if height_path:
            if result.height is not None:  # a tiled run has written it already (_zones_tiled)
                write_raster(height_path, result.height, crs, frame=frame)
            outputs[self.OUTPUT_HEIGHT] = height_path
        rows = [[int(z), _number(t), labels[int(z)], float(a), None if z == 0 else float(o), _number(f),
                 self._note(int(z), t)]
                for z, t, a, o, f in result.zones[["zone", "threshold_m", "area_m2", "outside_official_m2",
                                                   "flagged_m2"]].itertuples(index=False)]
        outputs[self.OUTPUT_ZONES] = self.write_output(parameters, context, self.OUTPUT_ZONES, OutputTable(
            "FLOOD_ZONES", rows, result.geometries, crs))
        table = result.exposure
        exposure_id = self.write_output(parameters, context, self.OUTPUT_EXPOSURE, OutputTable(
            "FLOOD_EXPOSURE", ([int(z), str(c), float(a), int(n)] for z, c, a, n in zip(
                table["zone"], table["class"], table["area_m2"], table["count"]))))
        if exposure_id is not None:
            outputs[self.OUTPUT_EXPOSURE] = exposure_id
        calibration_id = self.write_output(parameters, context, self.OUTPUT_CALIBRATION, OutputTable(
            "FLOOD_CALIBRATION", self._calibration_rows(result.calibration)))
        if calibration_id is not None:
            outputs[self.OUTPUT_CALIBRATION] = calibration_id
        flags_id = self.write_output(parameters, context, self.OUTPUT_FLAGS, self._flag_table(result.flags, crs))
        if flags_id is not None:
            outputs[self.OUTPUT_FLAGS] = flags_id
        zone_areas = {str(k): round(v, 2) for k, v in sorted(result.zone_areas.items())}
        outputs[self.ZONE_AREAS] = json.dumps(zone_areas)
        return outputs

    def _flag_table(self, flags, crs):
        """The :class:`OutputTable` of the terrain flags: one (multi)polygon per flag value (none without)."""
        import numpy as np

        from ..kernels.flood import zone_geometries
        from ..kernels.flood_terrain import FLAT_SURFACE, LOW_RELIEF

        if flags is None or not flags.values.any():
            return OutputTable("FLOOD_FLAGS", [], [], crs)
        rows = np.flatnonzero(flags.values.any(axis=1))  # the bounding box of the flagged cells
        cols = np.flatnonzero(flags.values.any(axis=0))
        r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        geoms, values = gdal_polygonize(flags.values[r0:r1, c0:c1], flags.x0 + c0 * flags.dx,
                                        flags.y0 - r0 * flags.dy, flags.dx, flags.dy)
        reasons = {LOW_RELIEF: self.tr("low relief: the terrain within MAX_DISTANCE varies less than the highest "
                                       "threshold"),
                   FLAT_SURFACE: self.tr("level surface of at least 1 ha (a lake or as flat as one)")}
        by_flag = zone_geometries(geoms, values, FLAT_SURFACE | LOW_RELIEF)  # {flag 1..3: MultiPolygon}
        return OutputTable("FLOOD_FLAGS", [[v, "; ".join(t for bit, t in reasons.items() if v & bit), g.area]
                                           for v, g in by_flag.items()], list(by_flag.values()), crs)

    def _calibration_rows(self, table):
        """The rows of the calibration table (none without a fit); the last row is named 'all classes'."""
        if table is None:
            return []
        fitted_on = {"own class": self.tr("own class"), "all classes": self.tr("all classes")}
        return [[name or self.tr("all classes"), float(t), fitted_on[on], float(o), float(e), _number(h),
                 _number(f), _number(c), float(a)]
                for name, t, on, o, e, h, f, c, a in table[list(FLOOD_CALIBRATION.names())].itertuples(index=False)]

    def _labels(self, thresholds, official):
        labels = {CALIBRATED_ZONE: self.tr("zone 100: estimated HQ100 (calibrated on the official zones)")}
        if official:
            labels[0] = self.tr("zone 0: official flood zone")
        for k, upper in enumerate(thresholds, start=1):
            if k == 1:
                labels[k] = self.tr("zone {zone}: up to {upper} m above the river").format(
                    zone=k, upper=f"{upper:g}")
            else:
                labels[k] = self.tr("zone {zone}: {lower} to {upper} m above the river").format(
                    zone=k, lower=f"{thresholds[k - 2]:g}", upper=f"{upper:g}")
        return labels

    def _log_summary(self, feedback, labels, result):
        feedback.pushInfo(self.tr("Zone | area ha"))
        for zone, area in sorted(result.zone_areas.items()):
            feedback.pushInfo(f"{labels.get(zone, zone)} | {area / 10000:.2f}")

    # -- the tiled run (a DEM window that does not fit in memory, or TILE_SIZE given) -----------
    def _tiled(self, parameters, context, run, feedback):
        """Whether to run tile by tile (TILE_SIZE given, or the one-piece window too large); a tiled run is
        checked first to fit on the disk of the temporary folder. *run*: (window, :class:`FloodOptions`)."""
        import shutil

        from qgis.core import QgsProcessingUtils

        from ..kernels.flood_tiles import check_disk, one_piece_fits

        window, options = run
        rows, cols = window[1] - window[0], window[3] - window[2]
        if self.parameterAsInt(parameters, self.TILE_SIZE, context) <= 0:
            if one_piece_fits(rows, cols, options=options):
                return False
            feedback.pushInfo(self.tr("The window does not fit in memory in one piece: it is processed in "
                                      "tiles."))
        dem = self.parameterAsRasterLayer(parameters, self.DEM, context)
        cell = max(dem.rasterUnitsPerPixelX(), dem.rasterUnitsPerPixelY())
        with kernel_errors():
            check_disk(rows, cols, cell, shutil.disk_usage(QgsProcessingUtils.tempFolder()).free)
        return True

    def _zones_tiled(self, parameters, context, feedback, dem, inputs):
        """The tiled kernel on the DEM read by windows (*dem*: a :class:`_Dem` with the layer as grid); the
        heights go straight to OUTPUT_HEIGHT (a temporary name until the run has succeeded), the zones to
        a temporary GeoTIFF that GDAL polygonizes line by line."""
        import os
        import tempfile

        from qgis.core import QgsProcessingUtils

        from ..kernels.flood_tiles import RasterSource, TiledStage, flood_zones_tiled

        frame_tuple, read = window_reader(dem.grid)
        source = RasterSource(frame_tuple, read)
        height_path = self._height_path(parameters, context)
        workdir = tempfile.mkdtemp(prefix="flood_tiles_", dir=QgsProcessingUtils.tempFolder())
        height = TiffWriter(height_path + ".partial.tif", dem.frame, dem.crs) if height_path else None
        zones = TiffWriter(os.path.join(workdir, "zones.tif"), dem.frame, dem.crs, dtype="uint8", nodata=None)
        tile = self.parameterAsInt(parameters, self.TILE_SIZE, context) or None
        stage = TiledStage(zones, lambda out, _count: _polygonize_written(out), height_out=height, tile=tile,
                           workdir=workdir)
        options, layers = self._kernel_inputs(parameters, context, inputs)
        feedback.pushInfo(self.tr("Step 2/3: heights above the river, tile by tile"))
        try:
            result = self.run_kernel(feedback, flood_zones_tiled, source, inputs["rivers"], options, layers,
                                     stage=stage, progress_range=(10, 85))
            if height is not None:
                height.close()
                os.replace(height_path + ".partial.tif", height_path)
        finally:
            _discard(height, zones, workdir)
        labels = self._labels(options.thresholds, inputs["floodplain"] is not None)
        return self._outputs(parameters, context, feedback, result, target=dem._replace(grid=None), labels=labels)


def _polygonize_written(writer):
    """GDAL's polygons of the zone raster *writer* (a :class:`TiffWriter`), read from its file."""
    writer.flush()
    return gdal_polygonize_band(writer.band)


def _discard(height, zones, workdir):
    """Close the writers of a tiled run and remove what is left of them: the temporary folder, and the
    height raster's temporary file when the run failed or was cancelled (nothing half-written stays)."""
    import os
    import shutil

    for writer in (height, zones):
        if writer is not None:
            writer.close()
    if height is not None and os.path.exists(height.path):
        os.remove(height.path)
    shutil.rmtree(workdir, ignore_errors=True)
