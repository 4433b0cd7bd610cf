"""wertvoll:floodriskzones — flood-risk zones from terrain and official flood areas, with exposure.

The QGIS side only: parameters, reading the DEM and the layers in the DEM's CRS,
vectorising the zone raster with GDAL, writing the outputs. The computation is
``kernels/flood.py`` (numpy/scipy/shapely, no QGIS).
"""
import json

from qgis.core import (
    QgsFields,
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..kernels.errors import N_, KernelError
from .base import WertvollAlgorithm, read_raster, write_raster
from ..compat import (
    DISTANCE_METERS,
    FIELD_ANY,
    NUMBER_DOUBLE,
    TYPE_VECTOR_ANY,
    TYPE_VECTOR_LINE,
    TYPE_VECTOR_POINT,
    TYPE_VECTOR_POLYGON,
    WKB_MULTIPOLYGON,
    WKB_NOGEOMETRY,
    make_field,
)

ZONE_FIELDS = (("zone", "int"), ("threshold_m", "double"), ("label", "string"), ("area_m2", "double"))
EXPOSURE_FIELDS = (("zone", "int"), ("class", "string"), ("area_m2", "double"), ("count", "int"))


def _fields(spec):
    fields = QgsFields()
    for name, kind in spec:
        fields.append(make_field(name, kind))
    return fields


def gdal_polygonize(values, x0, y0, dx, dy):
    """Polygons of the non-zero cells of the uint8 raster *values* (GDAL Polygonize, in memory).

    4-connected regions (so every ring is valid); returns ``(shapely geometries,
    values)``, one polygon per region. Same polygons as
    :func:`kernels.flood.polygonize_zones`, about seven times faster on large rasters.
    """
    import numpy as np
    import shapely
    from osgeo import gdal, ogr

    rows, cols = values.shape
    dataset = gdal.GetDriverByName("MEM").Create("", cols, rows, 1, gdal.GDT_Byte)
    dataset.SetGeoTransform((x0, dx, 0.0, y0, 0.0, -dy))
    band = dataset.GetRasterBand(1)
    band.WriteArray(np.ascontiguousarray(values, dtype=np.uint8))
    # the in-memory vector driver is "Memory" up to GDAL 3.10, "MEM" from 3.11 on
    driver = ogr.GetDriverByName("Memory") or ogr.GetDriverByName("MEM")
    vector = driver.CreateDataSource("zones")
    layer = vector.CreateLayer("zones", geom_type=ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("zone", ogr.OFTInteger))
    gdal.Polygonize(band, band, layer, 0, [], callback=None)  # the band as its own mask: 0 is left out
    wkbs, zones = [], []
    layer.ResetReading()
    for feature in layer:
        wkbs.append(bytes(feature.GetGeometryRef().ExportToWkb()))
        zones.append(feature.GetField(0))
    layer = vector = band = dataset = None
    geometries = shapely.from_wkb(np.array(wkbs, dtype=object)) if wkbs else np.empty(0, dtype=object)
    return geometries, np.array(zones, dtype=np.int64)


class FloodRiskZones(WertvollAlgorithm):
    NAME = "floodriskzones"
    GROUP_ID = "water"
    DISPLAY_NAME = N_("Flood-risk zones (height above river)")
    REQUIRES = ("numpy", "shapely", "scipy", "pandas")
    SHORT_HELP = N_(
        "<p>Estimates where water goes along rivers without an official flood zone, from the terrain: "
        "the height of the land above the water level of the nearest river (relative elevation model, "
        "\"height above nearest drainage\", HAND, the usual first estimate for small streams). Official "
        "flood zones (HQ100, WHG §76, SächsWG §72) are added as zone 0, and for every zone the exposed "
        "land is tabulated (WHG §78a: no conversion of grassland to arable, no plantings that hinder "
        "flood flow; retention counts as compensation, WHG §77).</p>"
        "<h3>Method</h3><ul>"
        "<li>The rivers (digitised downstream) are rasterised on the DEM grid. The water level of a river "
        "cell is its DEM value; with SMOOTH it is the lowest DEM value from the source down to the cell, "
        "along the line and through the network, so the level never rises downstream and bridges or dams "
        "in the DEM do not block the water.</li>"
        "<li>Every cell gets the level of its nearest river cell; relative height = DEM − level "
        "(OUTPUT_HEIGHT).</li>"
        "<li>A cell is in zone k if its relative height is at most the k-th threshold, it lies within "
        "MAX_DISTANCE of a river and it is connected to the river through cells that are themselves "
        "at most the threshold (8-neighbourhood): a depression behind a ridge higher than the threshold "
        "stays out. Zones are rings: each cell is in the lowest zone it reaches.</li>"
        "<li>Zone 0 is the union of the official flood zones; it overlaps the estimated zones (compare "
        "them, do not add their areas).</li>"
        "<li>OUTPUT_EXPOSURE: per zone and class of the exposure layer the area inside the zone and the "
        "number of features touched (points: inside).</li></ul>"
        "<h3>Example</h3><p>A stream in a V-shaped valley whose sides rise 5 cm per metre (slope 0.05): "
        "with THRESHOLDS 1,2,3 zone 1 reaches 1 / 0.05 = 20 m to each side, zone 2 from 20 to 40 m and "
        "zone 3 from 40 to 60 m; ZONE_AREAS gives the areas as JSON, e.g. {\"1\": 40000.0, ...} for a "
        "1 km reach.</p>"
        "<p>The estimate ignores flow volumes, dykes narrower than a cell and backwater, and near the "
        "sources of streams on flat land it spreads wide: it is a screening, not a hydraulic model.</p>"
    )

    RIVERS = "RIVERS"
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
    ZONE_AREAS = "ZONE_AREAS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.RIVERS, self.tr("Rivers (lines, digitised downstream)"),
                                                [TYPE_VECTOR_LINE]),
            N_("River axes as lines, digitised in flow direction, e.g. ATKIS AX_Gewaesserachse (44004). "
               "Any CRS: they are transformed to the CRS of the DEM. Parts outside the DEM are left out "
               "with a warning."))
        self.add_parameter(
            QgsProcessingParameterRasterLayer(self.DEM, self.tr("Digital elevation model (DEM)")),
            N_("Terrain heights in metres, in a projected CRS in metres (in Saxony ETRS89 / UTM 33N, "
               "EPSG:25833), band 1. A DEM in degrees is refused: warp it first (Raster > Projections > "
               "Warp). Nodata cells stay out of every zone. The zones follow its cells: a 1–10 m DEM suits "
               "small streams."))
        self.add_parameter(
            QgsProcessingParameterString(self.THRESHOLDS, self.tr("Height thresholds (m above the river)"),
                                         defaultValue="1,2,3"),
            N_("Heights in metres above the water level of the nearest river, increasing, separated by "
               "commas (or by semicolons with decimal commas: 0,5;1;2); one zone each, zone 1 = most "
               "likely. Default 1,2,3 (issue 5); the national flood depth classes have the bounds "
               "0.5, 1, 2 and 4 m (enter 0.5,1,2,4 to follow them)."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.MAX_DISTANCE, self.tr("Maximum distance from the river (m)"),
                                         type=NUMBER_DOUBLE, defaultValue=1000.0, minValue=0.0),
            N_("Cells farther than this from every river cell are in no zone and have no relative height. "
               "Default 1000 m: an assumption of the plugin (no legal or guideline value); widen it for "
               "broad valleys of large rivers."))
        self.add_parameter(
            QgsProcessingParameterBoolean(self.SMOOTH, self.tr("Make the water level fall downstream"),
                                          defaultValue=True),
            N_("On: the water level of a river cell is the lowest DEM value from the source down to it "
               "(through the network), so bridges, culverts and dams in the DEM do not block the water. "
               "Off: the raw DEM value of each river cell. Fill pits on the river line in the DEM first: "
               "a pit lowers the level downstream of it."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.FLOODPLAIN, self.tr("Official flood zones"),
                                                [TYPE_VECTOR_POLYGON], optional=True),
            N_("Designated flood zones (Überschwemmungsgebiete: at least HQ100, WHG §76, SächsWG §72; "
               "areas at risk up to HQextrem, SächsWG §75). Their union becomes zone 0 'official', which "
               "overlaps the estimated zones."))
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.EXPOSURE, self.tr("Exposure layer"),
                                                [TYPE_VECTOR_POLYGON, TYPE_VECTOR_POINT], optional=True),
            N_("Polygons or points to tabulate per zone: parcels or land use (arable land: WHG §78a bans "
               "converting grassland to arable in flood zones), settlements, planned compensation "
               "measures (woody measures hinder flood flow, WHG §78a; retention is a synergy, WHG §77)."))
        self.add_parameter(
            QgsProcessingParameterField(self.EXPOSURE_FIELD, self.tr("Class field of the exposure layer"),
                                        parentLayerParameterName=self.EXPOSURE, type=FIELD_ANY,
                                        optional=True),
            N_("Field whose values form the classes of the exposure table, e.g. the land-use code. Empty: "
               "one class for all features."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_ZONES, self.tr("Flood-risk zones"),
                                              TYPE_VECTOR_POLYGON),
            N_("One multipolygon per zone with zone (0 = official, 1.. = estimated), threshold_m, label and "
               "area_m2, in the CRS of the DEM. Zones without cells are left out."))
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
        self.add_output(QgsProcessingOutputString(self.ZONE_AREAS, self.tr("Zone areas (JSON)")))

    # -- validation before the run (main thread, shown in the dialog) ----------------
    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        try:
            self._thresholds(parameters, context)
        except QgsProcessingException as error:
            return False, str(error)
        if self.parameterAsDouble(parameters, self.MAX_DISTANCE, context) <= 0:
            return False, self.tr("MAX_DISTANCE must be greater than 0 m.")
        dem = self.parameterAsRasterLayer(parameters, self.DEM, context)
        if dem is not None:
            problem = self._dem_crs_problem(dem)
            if problem:
                return False, problem
        height = self._height_path(parameters, context)
        if height and not height.lower().endswith((".tif", ".tiff")):
            return False, self.tr("OUTPUT_HEIGHT is written as GeoTIFF: give a file name ending in .tif.")
        return True, ""

    def _thresholds(self, parameters, context):
        from ..kernels.flood import parse_thresholds

        try:
            return parse_thresholds(self.parameterAsString(parameters, self.THRESHOLDS, context))
        except KernelError as error:
            raise QgsProcessingException(self.tr(error.template).format(**error.params)) from error

    def _dem_crs_problem(self, dem):
        """A translated message when the DEM's CRS is unusable, else ''."""
        crs = dem.crs()
        if not crs.isValid():
            return self.tr("The DEM '{name}' has no CRS. Assign its CRS (Layer properties > Source), "
                           "e.g. EPSG:25833, and run again.").format(name=dem.name())
        if crs.isGeographic() or crs.mapUnits() != DISTANCE_METERS:
            return self.tr("The DEM '{name}' is in {crs}, not in a projected CRS in metres: heights above "
                           "the river need distances in metres. Warp the DEM to a projected CRS in metres, "
                           "e.g. EPSG:25833 (Raster > Projections > Warp (Reproject)), and run again."
                           ).format(name=dem.name(), crs=crs.authid() or crs.description())
        return ""

    def _height_path(self, parameters, context):
        value = parameters.get(self.OUTPUT_HEIGHT)
        if value is None or value == "":
            return ""
        return self.parameterAsOutputLayer(parameters, self.OUTPUT_HEIGHT, context) or ""

    # -- the run (worker thread: no GUI, no QgsProject.instance()) --------------------
    def process(self, parameters, context, feedback):
        from ..kernels.flood import flood_zones

        thresholds = self._thresholds(parameters, context)
        max_distance = self.parameterAsDouble(parameters, self.MAX_DISTANCE, context)
        if max_distance <= 0:
            raise QgsProcessingException(self.tr("MAX_DISTANCE must be greater than 0 m."))
        smooth = self.parameterAsBool(parameters, self.SMOOTH, context)
        dem_layer = self.parameterAsRasterLayer(parameters, self.DEM, context)
        if dem_layer is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, self.DEM))
        problem = self._dem_crs_problem(dem_layer)
        if problem:
            raise QgsProcessingException(problem)
        crs = dem_layer.crs()
        rivers = self.parameterAsSource(parameters, self.RIVERS, context)
        if rivers is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.RIVERS))
        height_path = self._height_path(parameters, context)

        feedback.pushInfo(self.tr("Step 1/3: reading the DEM and the layers"))
        dem = read_raster(dem_layer)
        feedback.setProgress(5)
        river_geoms, _, _ = self.read_source(rivers, crs, context, feedback)
        floodplain = None
        floodplain_source = self.parameterAsSource(parameters, self.FLOODPLAIN, context)
        if floodplain_source is not None:
            floodplain = self.read_source(floodplain_source, crs, context, feedback)[0]
        exposure, classes = None, None
        exposure_source = self.parameterAsSource(parameters, self.EXPOSURE, context)
        if exposure_source is not None:
            field = self.parameterAsString(parameters, self.EXPOSURE_FIELD, context)
            if field and exposure_source.fields().lookupField(field) < 0:
                raise QgsProcessingException(
                    self.tr("The field '{field}' is not in the exposure layer. Choose one of its fields "
                            "or leave EXPOSURE_FIELD empty.").format(field=field))
            exposure, _, values = self.read_source(exposure_source, crs, context, feedback,
                                                   [field] if field else [])
            classes = values[field] if field else [self.tr("all features")] * len(exposure)
        feedback.setProgress(10)

        feedback.pushInfo(self.tr("Step 2/3: heights above the river on {rows} × {cols} cells").format(
            rows=dem.shape[0], cols=dem.shape[1]))
        result = self.run_kernel(feedback, flood_zones, dem, river_geoms, thresholds=thresholds,
                                 max_distance=max_distance, smooth=smooth, floodplain=floodplain,
                                 exposure=exposure, exposure_classes=classes, polygonize=gdal_polygonize,
                                 progress_range=(10, 85))
        del dem
        self.report_warnings(feedback, result.warnings)

        feedback.pushInfo(self.tr("Step 3/3: writing the results"))
        outputs = {}
        if height_path:  # first: a path that cannot be written fails before any layer is created
            write_raster(height_path, result.height, crs)
            outputs[self.OUTPUT_HEIGHT] = height_path
        zone_fields = _fields(ZONE_FIELDS)
        sink, zones_id = self.parameterAsSink(parameters, self.OUTPUT_ZONES, context, zone_fields,
                                              WKB_MULTIPOLYGON, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_ZONES))
        labels = self._labels(thresholds, floodplain_source)
        rows = [[int(z), None if z == 0 else float(t), labels[int(z)], float(a)]
                for z, t, a in result.zones[["zone", "threshold_m", "area_m2"]].itertuples(index=False)]
        self.write_features(sink, zone_fields, self.to_qgs_geometries(result.geometries), rows, feedback)
        feedback.setProgress(90)

        outputs[self.OUTPUT_ZONES] = zones_id
        exposure_fields = _fields(EXPOSURE_FIELDS)
        exposure_sink, exposure_id = self.parameterAsSink(parameters, self.OUTPUT_EXPOSURE, context,
                                                          exposure_fields, WKB_NOGEOMETRY)
        if exposure_sink is not None:
            table = result.exposure
            self.write_features(exposure_sink, exposure_fields, None,
                                ([int(z), str(c), float(a), int(n)] for z, c, a, n in zip(
                                    table["zone"], table["class"], table["area_m2"], table["count"])),
                                feedback)
            outputs[self.OUTPUT_EXPOSURE] = exposure_id
        zone_areas = {str(k): round(v, 2) for k, v in sorted(result.zone_areas.items())}
        outputs[self.ZONE_AREAS] = json.dumps(zone_areas)
        self._log_summary(feedback, labels, result)
        self.tag_output(context, zones_id, "FLOOD_ZONES")
        self.tag_output(context, outputs.get(self.OUTPUT_EXPOSURE), "FLOOD_EXPOSURE")
        feedback.setProgress(100)
        return outputs

    def _labels(self, thresholds, floodplain_source):
        labels = {}
        if floodplain_source is not None:
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
