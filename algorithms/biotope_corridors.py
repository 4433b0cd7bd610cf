"""wertvoll:biotopecorridors — least-cost links, corridors, gaps and patch importance of a biotope network.

The QGIS side only: parameters, reading the layers in one metric CRS, building the
resistance grid (GDAL rasterizes), writing the results. The computation is
``kernels/corridors.py`` (numpy/scipy/scikit-image/shapely, no QGIS).
"""
from qgis.core import (
    QgsFields,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..kernels.errors import N_, KernelError
from .base import WertvollAlgorithm, read_raster, write_raster
from ..compat import (
    DISTANCE_METERS,
    FIELD_ANY,
    FILE_BEHAVIOR_FILE,
    NUMBER_DOUBLE,
    TYPE_VECTOR_LINE,
    TYPE_VECTOR_POLYGON,
    WKB_LINESTRING,
    WKB_MULTIPOLYGON,
    make_field,
)

#: SPECIES_PRESET options, in the order of kernels.corridors.PRESET_KEYS
PRESET_LABELS = (
    N_("None: use MAX_COST"),
    N_("Short range (less mobile species)"),
    N_("Medium range"),
    N_("Amphibians, reptiles, small mammals"),
    N_("Amphibians, reptiles, small mammals (upper range)"),
)


def gdal_rasterize(shape, x0, y0, dx, dy, geometries, values, all_touched=False, fill=0, dtype="float64",
                   wkt=""):
    """Burn shapely *geometries* with *values* into a new numpy array (GDAL RasterizeLayer, in memory).

    Same rules as :func:`kernels.corridors.rasterize_shapes` (later geometries win;
    cell centre inside, or with *all_touched* every cell the polygon overlaps), much
    faster on many polygons.
    """
    import numpy as np
    import shapely
    from osgeo import gdal, ogr, osr

    rows, cols = shape
    dtype = np.dtype(dtype)
    gdal_type = gdal.GDT_Int32 if dtype.kind in "iu" else gdal.GDT_Float64
    dataset = gdal.GetDriverByName("MEM").Create("", cols, rows, 1, gdal_type)
    dataset.SetGeoTransform((x0, dx, 0.0, y0, 0.0, -dy))
    srs = None
    if wkt:
        srs = osr.SpatialReference()
        srs.ImportFromWkt(wkt)
        dataset.SetProjection(wkt)
    band = dataset.GetRasterBand(1)
    band.Fill(float(fill))
    # the in-memory vector driver is "Memory" up to GDAL 3.10, "MEM" from 3.11 on
    driver = ogr.GetDriverByName("Memory") or ogr.GetDriverByName("MEM")
    vector = driver.CreateDataSource("burn")
    layer = vector.CreateLayer("burn", srs=srs, geom_type=ogr.wkbMultiPolygon)
    layer.CreateField(ogr.FieldDefn("value", ogr.OFTReal))
    definition = layer.GetLayerDefn()
    geometries = np.asarray(geometries, dtype=object)
    present = ~shapely.is_missing(geometries) if len(geometries) else np.zeros(0, dtype=bool)
    layer.StartTransaction()
    from ..kernels.geometry import to_wkb

    for wkb, value in zip(to_wkb(geometries[present]), np.asarray(values)[present]):
        feature = ogr.Feature(definition)
        feature.SetField(0, float(value))
        feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb))
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    options = ["ATTRIBUTE=value"] + (["ALL_TOUCHED=TRUE"] if all_touched else [])
    gdal.RasterizeLayer(dataset, [1], layer, options=options)
    out = band.ReadAsArray().astype(dtype)
    layer = vector = band = dataset = None
    return out


def _fields(spec):
    fields = QgsFields()
    for name, kind in spec:
        fields.append(make_field(name, kind))
    return fields


class BiotopeCorridors(WertvollAlgorithm):
    NAME = "biotopecorridors"
    GROUP_ID = "network"
    DISPLAY_NAME = N_("Biotope corridors (least-cost network)")
    REQUIRES = ("numpy", "shapely", "scipy", "pandas", "skimage")
    SHORT_HELP = N_(
        "<p>Which habitat patches are connected for a species group, where the least-cost links and "
        "corridors between them run, where the gaps are that a measure (a hedge, a compensation area) would "
        "close, and which patches matter most for the network (BNatSchG §20/§21: biotope network on at least "
        "10 % of each Land). It follows the Linkage Mapper method, for QGIS and at regional "
        "scale.</p><h3>Method</h3><ul><li>Resistance: the cost of crossing one metre of a cell (1 = best "
        "habitat; nodata or ≤ 0 = impassable), from a RESISTANCE raster or from LANDUSE polygons rasterized "
        "at CELL_SIZE. A step between two neighbouring cells (8 directions, through the cell centres) costs "
        "its length in metres × the mean resistance of the two cells, as in GRASS r.cost without knight's "
        "moves.</li><li>One pass from all patches at once gives the cost allocation (each cell goes to the "
        "patch it is cheapest to reach from). Only patches whose allocation zones touch get a link (Linkage "
        "Mapper's rule); then one pass per patch, stopped as soon as nothing further can matter, gives the "
        "exact least cost of each link and its path. A link whose path crosses a third patch is dropped, as "
        "is a link costing more than MAX_COST.</li><li>Corridor of link (a, b): the cells where cwd_a + "
        "cwd_b ≤ cost_ab × (1 + CORRIDOR_TOLERANCE/100) (cwd = cost-weighted distance). The corridor raster "
        "holds the least cwd_a + cwd_b − cost_ab over the links (Linkage Mapper's normalized least-cost "
        "corridor).</li><li>Gaps: stretches of a path on cells with resistance ≥ GAP_RESISTANCE — where a "
        "stepping stone closes the network. Feed them (buffered) to the compensation screening "
        "(CORRIDORS).</li><li>Probability of connectivity (Saura &amp; Pascual-Hortal 2007): PC = ΣᵢΣⱼ "
        "aᵢ·aⱼ·p*ᵢⱼ / A_L², with the patch areas aᵢ (m²), A_L the area of the analysis extent (the whole "
        "resistance grid) and p*ᵢⱼ = exp(−k·dᵢⱼ) the best product of link probabilities between i and j, dᵢⱼ "
        "being the least sum of link costs (p*ᵢᵢ = 1). k = ln 2 / (MAX_COST/2): p = 0.5 at half of MAX_COST; "
        "with MAX_COST 0 at the median link cost. ECA = √(ΣᵢΣⱼ aᵢ·aⱼ·p*ᵢⱼ) (m²) is the equivalent connected "
        "area; dPC of a patch = 100 × (PC − PC without it) / PC (%).</li></ul><h3>Species "
        "presets</h3><p>SPECIES_PRESET sets MAX_COST = dispersal distance × the resistance of grassland (20 "
        "in the shipped table): 200 m and 500 m (distance thresholds common in German plans; assumption), 1 "
        "km and 4 km for amphibians, reptiles and small mammals (Holzgang et al. 2001, Korridore für "
        "Wildtiere in der Schweiz, BUWAL Schriftenreihe Umwelt 326: migrations of 1–4 km are frequent). The "
        "values are in resources/species_presets.csv with their sources; edit them "
        "there.</p><h3>Example</h3><p>Two forest patches 500 m apart across arable land (resistance 50, "
        "cells of 25 m): the link costs about 500 × 50 = 25,000 and follows a hedge (resistance 2) if one "
        "runs nearly that way; with GAP_RESISTANCE 50 the arable stretch of the path is the gap. The "
        "land-use resistances of the shipped table (resources/biotope_resistance.csv) are expert "
        "assumptions, marked as such row by row: agree them with species experts.</p>"
    )

    PATCHES = "PATCHES"
    PATCH_ID_FIELD = "PATCH_ID_FIELD"
    MIN_PATCH_AREA = "MIN_PATCH_AREA"
    RESISTANCE = "RESISTANCE"
    LANDUSE = "LANDUSE"
    RESISTANCE_FIELD = "RESISTANCE_FIELD"
    RESISTANCE_TABLE = "RESISTANCE_TABLE"
    DEFAULT_RESISTANCE = "DEFAULT_RESISTANCE"
    CELL_SIZE = "CELL_SIZE"
    SPECIES_PRESET = "SPECIES_PRESET"
    MAX_COST = "MAX_COST"
    CORRIDOR_TOLERANCE = "CORRIDOR_TOLERANCE"
    GAP_RESISTANCE = "GAP_RESISTANCE"
    OUTPUT_LINKS = "OUTPUT_LINKS"
    OUTPUT_CORRIDORS = "OUTPUT_CORRIDORS"
    OUTPUT_CORRIDOR_RASTER = "OUTPUT_CORRIDOR_RASTER"
    OUTPUT_PATCHES = "OUTPUT_PATCHES"
    OUTPUT_GAPS = "OUTPUT_GAPS"

    def initAlgorithm(self, config=None):  # noqa: N802
        polygon = [TYPE_VECTOR_POLYGON]
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.PATCHES, self.tr("Habitat patches (core areas)"),
                                                polygon),
            N_("Polygons of the core habitat patches (Kernflächen): FFH sites, forests, wetlands. Any CRS: "
               "they are transformed to the CRS of the analysis. Holes are fine; patches smaller than a cell "
               "keep at least one cell."))
        self.add_parameter(
            QgsProcessingParameterField(self.PATCH_ID_FIELD, self.tr("Patch id field"),
                                        parentLayerParameterName=self.PATCHES, type=FIELD_ANY, optional=True),
            N_("Field with the patch id; features with the same id form one patch. Empty: each feature is a "
               "patch, named by its feature id."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.MIN_PATCH_AREA, self.tr("Minimum patch area (m²)"),
                                         type=NUMBER_DOUBLE, defaultValue=10000.0, minValue=0.0),
            N_("Patches (after merging by id) smaller than this are left out, with a message. Default "
               "10,000 m² = 1 ha (issue 6; an assumption, not a legal value)."))
        self.add_parameter(
            QgsProcessingParameterRasterLayer(self.RESISTANCE, self.tr("Resistance raster"), optional=True),
            N_("Cost of crossing one metre of each cell (≥ 1 by convention, 1 = best habitat); nodata, 0 and "
               "negative values are impassable. Band 1, in a projected CRS in metres (a raster in degrees is "
               "refused: resampling would blur barriers; warp it first with nearest neighbour). The whole "
               "raster is the analysis extent. Give either this or LANDUSE."))
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.LANDUSE, self.tr("Land-use polygons"), polygon,
                                                optional=True),
            N_("Land-use or biotope polygons (e.g. ALKIS parcels) rasterized at CELL_SIZE (cell centre in "
               "the polygon) over the extent of this layer and the patches; it is the analysis extent. Cells "
               "outside every polygon get DEFAULT_RESISTANCE. Give either this or RESISTANCE."))
        self.add_parameter(
            QgsProcessingParameterField(self.RESISTANCE_FIELD, self.tr("Resistance or land-use code field"),
                                        parentLayerParameterName=self.LANDUSE, type=FIELD_ANY, optional=True),
            N_("Numeric field: the resistance of each polygon (0 = impassable; negative or NaN values are "
               "refused, NULL gets DEFAULT_RESISTANCE). Text field (or any field with RESISTANCE_TABLE): a "
               "land-use code looked up in the resistance table, e.g. the 'nutzung' codes 43001_1010 "
               "(arable) or 43002 (forest)."))
        self.add_parameter(
            QgsProcessingParameterFile(self.RESISTANCE_TABLE, self.tr("Resistance table (CSV)"),
                                       behavior=FILE_BEHAVIOR_FILE, extension="csv", optional=True),
            N_("CSV (UTF-8, ; or , separated) with the columns code;label;resistance (source and status "
               "optional). Empty: the shipped table resources/biotope_resistance.csv (ALKIS land-use codes; "
               "expert assumptions marked per row). Given: RESISTANCE_FIELD is always read as a code."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterNumber(self.DEFAULT_RESISTANCE, self.tr("Default resistance"),
                                         type=NUMBER_DOUBLE, defaultValue=50.0, minValue=0.0),
            N_("Resistance of cells outside every land-use polygon, of codes missing from the table (listed "
               "in a warning) and of NULL values. Default 50, like arable land in the shipped table (an "
               "assumption: unknown land counts as intensively used)."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterNumber(self.CELL_SIZE, self.tr("Cell size (m)"), type=NUMBER_DOUBLE,
                                         defaultValue=25.0, minValue=0.0),
            N_("Cell size in metres for rasterizing LANDUSE (default 25 m). Smaller cells show narrow hedges "
               "and roads but need more memory and time: 4 × as much per halving. Ignored with a RESISTANCE "
               "raster (its own cells count)."))
        self.add_parameter(
            QgsProcessingParameterEnum(self.SPECIES_PRESET, self.tr("Species preset"),
                                       options=[self.tr(label) for label in PRESET_LABELS], defaultValue=0),
            N_("Fills MAX_COST from resources/species_presets.csv: dispersal distance × the resistance of "
               "grassland (20), e.g. 1 km for amphibians, reptiles and small mammals (Holzgang et al. 2001); "
               "see the help for the sources. 'None' uses MAX_COST as entered."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.MAX_COST, self.tr("Maximum link cost"), type=NUMBER_DOUBLE,
                                         defaultValue=0.0, minValue=0.0),
            N_("Links costing more (cost = resistance × metres) are dropped; 0 = unlimited. Also sets the "
               "dispersal kernel of PC: probability 0.5 at half of MAX_COST (with 0: at the median link "
               "cost). A SPECIES_PRESET other than 'None' replaces it."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.CORRIDOR_TOLERANCE, self.tr("Corridor tolerance (%)"),
                                         type=NUMBER_DOUBLE, defaultValue=10.0, minValue=0.0,
                                         maxValue=1000.0),
            N_("A cell belongs to the corridor of a link when the cheapest path through it costs at most "
               "this many percent more than the link's least cost. Default 10 % (issue 6; an assumption). 0 "
               "keeps only the cells of equally cheap paths."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.GAP_RESISTANCE, self.tr("Gap resistance"), type=NUMBER_DOUBLE,
                                         defaultValue=50.0, minValue=0.0),
            N_("Path cells with at least this resistance (outside the two patches) form the gaps. Default 50 "
               "= arable land in the shipped table (an assumption): gaps are where the path crosses arable "
               "land, settlements or roads. Adjust it to the scale of your own RESISTANCE raster."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_LINKS, self.tr("Least-cost links"),
                                              TYPE_VECTOR_LINE),
            N_("One line per link along its least-cost path (through cell centres, 8-connected): from_id, "
               "to_id, cost, length_m, euclid_m (shortest distance between the two patches), "
               "cost_per_length, mean_resistance, max_resistance (of the path's cells) and gap_m (length on "
               "gap cells)."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_CORRIDORS, self.tr("Corridors"),
                                              TYPE_VECTOR_POLYGON),
            N_("One multipolygon per link: the cells within the corridor tolerance (they include the near "
               "edges of both patches), with from_id, to_id and area_m2."))
        self.add_parameter(
            QgsProcessingParameterRasterDestination(self.OUTPUT_CORRIDOR_RASTER, self.tr("Corridor raster"),
                                                    optional=True, createByDefault=False),
            N_("Optional GeoTIFF (float32): per cell the least cwd_a + cwd_b − cost_ab over the links whose "
               "corridor holds it (0 on the paths); nodata elsewhere."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_PATCHES, self.tr("Patches with importance"),
                                              TYPE_VECTOR_POLYGON),
            N_("The analysed patches (merged by id) with patch_id, area_m2, degree (number of links), "
               "component (connected group, from 1) and dPC (% of PC lost without the patch)."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_GAPS, self.tr("Gaps"), TYPE_VECTOR_LINE),
            N_("The stretches of the link paths on gap cells (from_id, to_id, length_m): where a stepping "
               "stone or a hedge would close the network. Buffer them to use them as the compensation "
               "screening's CORRIDORS layer."))
        self.add_output(QgsProcessingOutputNumber("LINKS", self.tr("Number of links")))
        self.add_output(QgsProcessingOutputNumber("COMPONENTS", self.tr("Number of components")))
        self.add_output(QgsProcessingOutputNumber("PC", self.tr("Probability of connectivity (PC)")))
        self.add_output(QgsProcessingOutputNumber("ECA", self.tr("Equivalent connected area (ECA, m²)")))

    # -- validation before the run (main thread, shown in the dialog) ----------------
    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        try:
            self._check(parameters, context)
        except QgsProcessingException as error:
            return False, str(error)
        return True, ""

    def _check(self, parameters, context):
        """Raise a translated QgsProcessingException for parameter combinations that cannot work."""
        from ..kernels.corridors import check_parameters

        raster = self.parameterAsRasterLayer(parameters, self.RESISTANCE, context)
        landuse_given = parameters.get(self.LANDUSE) not in (None, "")
        if raster is None and not landuse_given:
            raise QgsProcessingException(self.tr(
                "Give the resistance: a RESISTANCE raster or LANDUSE polygons with a RESISTANCE_FIELD."))
        if raster is not None and landuse_given:
            raise QgsProcessingException(self.tr(
                "Give either a RESISTANCE raster or LANDUSE polygons, not both: clear one of the two."))
        if landuse_given and not self.parameterAsString(parameters, self.RESISTANCE_FIELD, context):
            raise QgsProcessingException(self.tr(
                "LANDUSE needs a RESISTANCE_FIELD: a numeric resistance or a land-use code field."))
        if raster is not None:
            problem = self._raster_crs_problem(raster)
            if problem:
                raise QgsProcessingException(problem)
        try:
            check_parameters(self.parameterAsDouble(parameters, self.MAX_COST, context),
                             self.parameterAsDouble(parameters, self.CORRIDOR_TOLERANCE, context),
                             self.parameterAsDouble(parameters, self.GAP_RESISTANCE, context),
                             self.parameterAsDouble(parameters, self.MIN_PATCH_AREA, context),
                             self.parameterAsDouble(parameters, self.CELL_SIZE, context) if landuse_given
                             else None)
        except KernelError as error:
            raise QgsProcessingException(self.tr(error.template).format(**error.params)) from error
        path = self._raster_path(parameters, context)
        if path and not path.lower().endswith((".tif", ".tiff")):
            raise QgsProcessingException(self.tr(
                "OUTPUT_CORRIDOR_RASTER is written as GeoTIFF: give a file name ending in .tif."))

    def _raster_crs_problem(self, raster):
        """A translated message when the resistance raster's CRS is unusable, else ''.

        A raster in degrees is refused rather than warped: resampling a resistance surface
        changes it (bilinear blurs one-cell barriers, nearest neighbour shifts them), and the
        planner should choose how, once, rather than get a silently altered network.
        """
        crs = raster.crs()
        if not crs.isValid():
            return self.tr("The resistance raster '{name}' has no CRS. Assign its CRS (Layer properties > "
                           "Source), e.g. EPSG:25833, and run again.").format(name=raster.name())
        if crs.isGeographic() or crs.mapUnits() != DISTANCE_METERS:
            return self.tr("The resistance raster '{name}' is in {crs}, not in a projected CRS in metres: "
                           "costs are resistance × metres. Warp it to a projected CRS in metres, e.g. "
                           "EPSG:25833 (Raster > Projections > Warp, resampling 'Nearest neighbour' so that "
                           "barriers stay whole), and run again.").format(name=raster.name(),
                                                          crs=crs.authid() or crs.description())
        return ""

    def _raster_path(self, parameters, context):
        value = parameters.get(self.OUTPUT_CORRIDOR_RASTER)
        if value is None or value == "":
            return ""
        return self.parameterAsOutputLayer(parameters, self.OUTPUT_CORRIDOR_RASTER, context) or ""

    # -- the run (worker thread: no GUI, no QgsProject.instance()) --------------------
    def process(self, parameters, context, feedback):
        import numpy as np
        import shapely

        from ..kernels import corridors as kernel
        from .flood_risk_zones import gdal_polygonize

        self._check(parameters, context)
        patches_source = self.parameterAsSource(parameters, self.PATCHES, context)
        if patches_source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.PATCHES))
        raster = self.parameterAsRasterLayer(parameters, self.RESISTANCE, context)
        landuse = None if raster is not None else self.parameterAsSource(parameters, self.LANDUSE, context)
        if raster is None and landuse is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.LANDUSE))
        id_field = self.parameterAsString(parameters, self.PATCH_ID_FIELD, context)
        if id_field and patches_source.fields().lookupField(id_field) < 0:
            raise QgsProcessingException(self.tr("The field '{field}' is not in the patch layer. Choose one "
                                                 "of its fields or leave PATCH_ID_FIELD empty."
                                                 ).format(field=id_field))
        max_cost = self._max_cost(parameters, context, feedback)
        tolerance = self.parameterAsDouble(parameters, self.CORRIDOR_TOLERANCE, context)
        gap_resistance = self.parameterAsDouble(parameters, self.GAP_RESISTANCE, context)
        min_area = self.parameterAsDouble(parameters, self.MIN_PATCH_AREA, context)
        raster_path = self._raster_path(parameters, context)

        # 1. CRS and reading ------------------------------------------------------------
        if raster is not None:
            crs = raster.crs()
        else:
            crs = self.metric_crs(landuse.sourceCrs())
            if crs != landuse.sourceCrs():
                feedback.pushInfo(self.tr("The land-use layer is not in a projected CRS in metres: the "
                                          "analysis runs in {crs}.").format(crs=crs.authid()))
        if raster is not None:   # memory first: the raster's size is known before reading it
            self._check_memory(raster.height(), raster.width(), raster.rasterUnitsPerPixelX(), "raster",
                               bool(raster_path))
        feedback.pushInfo(self.tr("Step 1/4: reading the patches and the resistance"))
        patch_geoms, fids, values = self.read_source(patches_source, crs, context, feedback,
                                                     [id_field] if id_field else [])
        ids = self._patch_ids(values[id_field] if id_field else fids, bool(id_field))
        present = patch_geoms[~shapely.is_missing(patch_geoms)] if len(patch_geoms) else patch_geoms
        repaired = int((~shapely.is_valid(present)).sum()) if len(present) else 0
        if repaired:  # the kernel repairs them (make_valid): say so, as the other algorithms do
            feedback.pushWarning(self.tr("{layer}: {count} invalid geometries were repaired (make_valid).")
                                 .format(layer=patches_source.sourceName(), count=repaired))
        feedback.setProgress(3)

        # 2. resistance grid ------------------------------------------------------------
        if raster is not None:
            grid = read_raster(raster)
            feedback.pushInfo(self.tr("Step 2/4: resistance raster with {rows} × {cols} cells of {cell} m"
                                      ).format(rows=grid.shape[0], cols=grid.shape[1], cell=f"{grid.dx:g}"))
        else:
            grid = self._landuse_grid(parameters, context, feedback, landuse, crs, patch_geoms, raster_path)
        feedback.setProgress(10)

        # 3. the analysis ---------------------------------------------------------------
        feedback.pushInfo(self.tr("Step 3/4: links, corridors and connectivity of the patches"))

        wkt = crs.toWkt()

        def rasterize(*args, **kwargs):
            return gdal_rasterize(*args, wkt=wkt, **kwargs)

        result = self.run_kernel(feedback, kernel.biotope_corridors, grid, patch_geoms, ids,
                                 min_patch_area=min_area, max_cost=max_cost, tolerance=tolerance,
                                 gap_resistance=gap_resistance, corridor_raster=bool(raster_path),
                                 rasterize=rasterize, polygonize=gdal_polygonize,
                                 progress_range=(10, 92))
        del grid
        self.report_warnings(feedback, result.warnings)
        private = result.stats.get("worker_private_bytes") or []
        if private:
            feedback.pushInfo(self.tr("{count} worker processes computed the passes per patch, each with up to "
                                      "{mb} MB of memory of its own.").format(
                count=len(private), mb=f"{max(private) / 2 ** 20:,.0f}"))

        # 4. writing (nothing is written before the analysis succeeded) ----------------------
        feedback.pushInfo(self.tr("Step 4/4: writing the results"))
        outputs = {}
        if raster_path:
            write_raster(raster_path, result.corridor_raster, crs)
            outputs[self.OUTPUT_CORRIDOR_RASTER] = raster_path
        id_kind = self._id_kind(result.patches["patch_id"])
        id_value = self._id_converter(id_kind)
        link_fields = _fields([("from_id", id_kind), ("to_id", id_kind)] +
                              [(name, "double") for name in kernel.LINK_COLUMNS[2:]])
        rows = ([id_value(r[0]), id_value(r[1])] + [float(v) for v in r[2:]]
                for r in result.links.itertuples(index=False))
        outputs[self.OUTPUT_LINKS] = self._write(parameters, context, feedback, self.OUTPUT_LINKS,
                                                 link_fields, WKB_LINESTRING, crs, result.link_geometries,
                                                 rows)
        corridor_fields = _fields([("from_id", id_kind), ("to_id", id_kind), ("area_m2", "double")])
        rows = ([id_value(a), id_value(b), float(area)]
                for a, b, area in result.corridors.itertuples(index=False))
        outputs[self.OUTPUT_CORRIDORS] = self._write(parameters, context, feedback, self.OUTPUT_CORRIDORS,
                                                     corridor_fields, WKB_MULTIPOLYGON, crs,
                                                     result.corridor_geometries, rows)
        patch_fields = _fields([("patch_id", id_kind), ("area_m2", "double"), ("degree", "int"),
                                ("component", "int"), ("dPC", "double")])
        rows = ([id_value(pid), float(area), int(degree), int(comp), float(dpc)]
                for pid, area, degree, comp, dpc in result.patches.itertuples(index=False))
        multi = np.array([kernel.as_multipolygon(g) for g in result.patch_geometries], dtype=object)
        outputs[self.OUTPUT_PATCHES] = self._write(parameters, context, feedback, self.OUTPUT_PATCHES,
                                                   patch_fields, WKB_MULTIPOLYGON, crs, multi, rows)
        gap_fields = _fields([("from_id", id_kind), ("to_id", id_kind), ("length_m", "double")])
        rows = ([id_value(a), id_value(b), float(length)]
                for a, b, length in result.gaps.itertuples(index=False))
        outputs[self.OUTPUT_GAPS] = self._write(parameters, context, feedback, self.OUTPUT_GAPS, gap_fields,
                                                WKB_LINESTRING, crs, result.gap_geometries, rows)
        outputs.update({"LINKS": len(result.links), "COMPONENTS": result.components, "PC": result.pc,
                        "ECA": result.eca})
        self._log_summary(feedback, result)
        for key, kind in ((self.OUTPUT_LINKS, "LINKS"), (self.OUTPUT_CORRIDORS, "NETWORK_CORRIDORS"),
                          (self.OUTPUT_PATCHES, "PATCHES"), (self.OUTPUT_GAPS, "GAPS")):
            self.tag_output(context, outputs.get(key), kind)
        feedback.setProgress(100)
        return outputs

    # -- helpers ----------------------------------------------------------------------
    def _max_cost(self, parameters, context, feedback):
        from ..kernels.corridors import PRESET_KEYS, load_species_presets

        choice = self.parameterAsEnum(parameters, self.SPECIES_PRESET, context)
        max_cost = self.parameterAsDouble(parameters, self.MAX_COST, context)
        if not choice:
            return max_cost
        try:
            presets = load_species_presets()
        except KernelError as error:
            raise QgsProcessingException(self.tr(error.template).format(**error.params)) from error
        key = PRESET_KEYS[choice]
        if key not in presets:
            raise QgsProcessingException(self.tr(
                "The species preset '{key}' is missing from resources/species_presets.csv. Restore the file "
                "or choose SPECIES_PRESET 'None' and enter MAX_COST.").format(key=key))
        preset = presets[key]
        if max_cost > 0 and max_cost != preset.max_cost:
            feedback.pushWarning(self.tr("SPECIES_PRESET replaces the MAX_COST you entered ({entered})."
                                         ).format(entered=f"{max_cost:g}"))
        feedback.pushInfo(self.tr("Species preset '{label}': MAX_COST = {cost} ({distance} m × resistance "
                                  "{reference}); source: {source}").format(
            label=self.tr(PRESET_LABELS[choice]), cost=f"{preset.max_cost:g}",
            distance=f"{preset.distance_m:g}", reference=f"{preset.reference_resistance:g}",
            source=preset.source))
        return preset.max_cost

    def _check_memory(self, rows, cols, cell, kind, corridor_raster):
        from ..kernels.corridors import check_memory

        try:
            check_memory(rows, cols, cell, kind, corridor_raster)
        except KernelError as error:
            raise QgsProcessingException(self.tr(error.template).format(**error.params)) from error

    def _landuse_grid(self, parameters, context, feedback, landuse, crs, patch_geoms, raster_path):
        import numpy as np
        import shapely

        from ..kernels import corridors as kernel

        field = self.parameterAsString(parameters, self.RESISTANCE_FIELD, context)
        index = landuse.fields().lookupField(field)
        if index < 0:
            raise QgsProcessingException(self.tr("The field '{field}' is not in the land-use layer. Choose "
                                                 "one of its fields.").format(field=field))
        table_path = self.parameterAsFile(parameters, self.RESISTANCE_TABLE, context)
        numeric = landuse.fields().at(index).isNumeric() and not table_path
        cell = self.parameterAsDouble(parameters, self.CELL_SIZE, context)
        default = self.parameterAsDouble(parameters, self.DEFAULT_RESISTANCE, context)
        geoms, fids, values = self.read_source(landuse, crs, context, feedback, [field])
        present = ~shapely.is_missing(geoms) if len(geoms) else np.zeros(0, dtype=bool)
        parts = [g for g in (geoms[present], np.asarray(patch_geoms, dtype=object)) if len(g)]
        allgeoms = np.concatenate(parts) if parts else np.zeros(0, dtype=object)
        allgeoms = allgeoms[~shapely.is_missing(allgeoms)] if len(allgeoms) else allgeoms
        if not present.any():
            raise QgsProcessingException(self.tr("The land-use layer has no polygons (check its filter or "
                                                 "selection)."))
        bounds = shapely.total_bounds(allgeoms)
        x0, y0, rows, cols = kernel.grid_for_extent(bounds, cell)
        self._check_memory(rows, cols, cell, "landuse", bool(raster_path))
        try:
            table = None if numeric else kernel.load_resistance_table(table_path or None)
            resistances, warnings = kernel.landuse_resistance(values[field], fids, table, default, numeric)
        except KernelError as error:
            raise QgsProcessingException(self.tr(error.template).format(**error.params)) from error
        self.report_warnings(feedback, warnings)
        feedback.pushInfo(self.tr("Step 2/4: rasterizing {count} land-use polygons on {rows} × {cols} cells "
                                  "of {cell} m ({kind})").format(
            count=int(present.sum()), rows=rows, cols=cols, cell=f"{cell:g}",
            kind=self.tr("resistance values") if numeric else self.tr("codes from the resistance table")))
        wkt = crs.toWkt()
        return kernel.resistance_from_landuse(
            geoms[present], resistances[present], bounds, cell, default,
            rasterize=lambda *a, **k: gdal_rasterize(*a, wkt=wkt, **k))

    @staticmethod
    def _patch_ids(values, from_field):
        """Patch ids as plain Python values (int, float or text); None stays None."""
        out = []
        for value in values:
            if value is None:
                out.append(None)
            elif not from_field:
                out.append(int(value))
            elif isinstance(value, bool):
                out.append(int(value))
            elif isinstance(value, int):
                out.append(value)
            elif isinstance(value, float):
                out.append(int(value) if value.is_integer() else value)
            else:
                out.append(str(value))
        return out

    @staticmethod
    def _id_kind(ids):
        """Field type of the patch ids: int64, double or string (pandas dtype of the id column)."""
        kind = ids.dtype.kind
        return "int64" if kind in "iu" else "double" if kind == "f" else "string"

    @staticmethod
    def _id_converter(kind):
        if kind == "int64":
            return int
        if kind == "double":
            return float
        return str

    def _write(self, parameters, context, feedback, name, fields, wkb_type, crs, geometries, rows):
        sink, dest = self.parameterAsSink(parameters, name, context, fields, wkb_type, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        self.write_features(sink, fields, self.to_qgs_geometries(geometries), rows, feedback)
        return dest

    def _log_summary(self, feedback, result):
        feedback.pushInfo(self.tr("{links} links, {components} components, PC = {pc}, ECA = {eca} ha").format(
            links=len(result.links), components=result.components, pc=f"{result.pc:.4g}",
            eca=f"{result.eca / 1e4:,.1f}"))
        top = result.patches.sort_values("dPC", ascending=False).head(5)
        feedback.pushInfo(self.tr("Most important patches (patch | dPC %):"))
        for pid, dpc in zip(top["patch_id"], top["dPC"]):
            feedback.pushInfo(f"{pid} | {dpc:.1f}")

