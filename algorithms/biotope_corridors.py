"""wertvoll:biotopecorridors — least-cost links, corridors, gaps and patch importance of a biotope network.

The QGIS side only: parameters, reading the layers in one metric CRS, building the
resistance grid (GDAL rasterizes), writing the results. The computation is
``kernels/corridors.py`` (numpy/scipy/scikit-image/shapely, no QGIS).
"""
from qgis.core import (
    QgsCoordinateTransformContext,
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

from ..compat import (
    FIELD_ANY,
    FILE_BEHAVIOR_FILE,
    NUMBER_DOUBLE,
    TYPE_VECTOR_LINE,
    TYPE_VECTOR_POLYGON,
)
from ..i18n import tr
from ..kernels.errors import N_
from ..kinds import KINDS
from .base import WertvollAlgorithm, kernel_errors
from .crs import is_ground_metric
from .outputs import OutputTable, make_fields
from .raster_io import gdal_polygonize, gdal_rasterize, read_raster, write_raster

#: SPECIES_PRESET options, in the order of kernels.corridors.PRESET_KEYS
PRESET_LABELS = (
    N_("None: use MAX_COST"),
    N_("200 m planning distance (assumption, not a species' dispersal)"),
    N_("500 m search distance (assumption, not a species' dispersal)"),
    N_("Amphibians, reptiles, small mammals"),
    N_("Amphibians, reptiles, small mammals (upper range)"),
)


class BiotopeCorridors(WertvollAlgorithm):
    NAME = "biotopecorridors"
    GROUP_ID = "network"
    DISPLAY_NAME = N_("Biotope corridors (least-cost network)")
    REQUIRES = ("numpy", "shapely", "scipy", "pandas", "skimage")
    SHORT_HELP = (
        N_("Which habitat patches are connected for a species group, where the least-cost links and "
           "corridors between them run, where the gaps are that a measure (a hedge, a compensation area) "
           "would close, and which patches matter most for the network."),
        N_("The basis is the biotope network of BNatSchG §20/§21 (on at least 10 % of each Land); the method "
           "follows Linkage Mapper, for QGIS and at regional scale."),
        N_("A patch's importance is its share dPC of the probability of connectivity PC (Saura & "
           "Pascual-Hortal 2007); the gaps feed the compensation screening (CORRIDORS)."),
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
    DISPERSAL_COST = "DISPERSAL_COST"
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
               "10,000 m² = 1 ha (an assumption, not a legal value)."))
        self.add_parameter(
            QgsProcessingParameterRasterLayer(self.RESISTANCE, self.tr("Resistance raster"), optional=True),
            (N_("Cost of crossing one metre of each cell (≥ 1 by convention, 1 = best habitat); nodata, 0 "
                "and negative values are impassable."),
             N_("Band 1, in a projected CRS in metres (a raster in degrees is refused: resampling would blur "
                "barriers; warp it first with nearest neighbour)."),
             N_("The whole raster is the analysis extent. Give either this or LANDUSE.")))
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
            (N_("Fills MAX_COST from resources/species_presets.csv: distance × the resistance of grassland "
                "(20, an assumption), e.g. 1 km for amphibians, reptiles and small mammals (Holzgang et al. "
                "2001); PC's kernel then has p = 0.5 at half of it (an assumption). 'None' uses MAX_COST."),
             N_("Assumption: the 200 m and 500 m presets are the core-merging and search distances of German "
                "biotope-network plans, not dispersal distances of a species; use them only for comparison.")))
        self.add_parameter(
            QgsProcessingParameterNumber(self.MAX_COST, self.tr("Maximum link cost"), type=NUMBER_DOUBLE,
                                         defaultValue=0.0, minValue=0.0),
            N_("Links costing more (cost = resistance × metres) are dropped; 0 = unlimited. Without "
               "DISPERSAL_COST it also sets PC's dispersal kernel: p = 0.5 at half of MAX_COST (an "
               "assumption). A SPECIES_PRESET other than 'None' replaces it."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.DISPERSAL_COST, self.tr("Dispersal cost at p = 0.5"),
                                         type=NUMBER_DOUBLE, defaultValue=0.0, minValue=0.0),
            (N_("The link cost (resistance × metres) at which half of the species' individuals still arrive: "
                "PC, ECA and dPC use p = exp(−ln 2 × cost / DISPERSAL_COST). It belongs to the species, "
                "never to the data; take it from the literature for your species."),
             N_("0: half of MAX_COST (or of the preset's cost), an assumption. Without MAX_COST, preset and "
                "DISPERSAL_COST, PC, ECA and dPC are left empty (links and gaps are still computed).")))
        self.add_parameter(
            QgsProcessingParameterNumber(self.CORRIDOR_TOLERANCE, self.tr("Corridor tolerance (%)"),
                                         type=NUMBER_DOUBLE, defaultValue=10.0, minValue=0.0,
                                         maxValue=1000.0),
            N_("A cell belongs to the corridor of a link when the cheapest path through it costs at most "
               "this many percent more than the link's least cost. Default 10 % (an assumption). 0 "
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
            (N_("The analysed patches (merged by id) with patch_id, area_m2, degree (number of links), "
                "component (connected group, from 1) and dPC (% of PC lost without the patch, the best "
                "paths among the others recomputed)."),
             N_("dPC = dPCintra (the patch's own area) + dPCflux (flow from and to it) + dPCconnector (its "
                "role as a stepping stone between the others), after Saura & Rubio (2010).")))
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
    def validate(self, parameters, context):
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
        with kernel_errors():
            check_parameters(self.parameterAsDouble(parameters, self.MAX_COST, context),
                             self.parameterAsDouble(parameters, self.CORRIDOR_TOLERANCE, context),
                             self.parameterAsDouble(parameters, self.GAP_RESISTANCE, context),
                             self.parameterAsDouble(parameters, self.MIN_PATCH_AREA, context),
                             self.parameterAsDouble(parameters, self.CELL_SIZE, context) if landuse_given
                             else None,
                             dispersal_cost=self.parameterAsDouble(parameters, self.DISPERSAL_COST, context))
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
        if not is_ground_metric(crs, raster.extent(), QgsCoordinateTransformContext()):
            return self.tr("The resistance raster '{name}' is in {crs}, whose unit is not a metre on the ground there: "
                           "costs are resistance × metres. Warp it to EPSG:25833 or another CRS in metres (Raster > "
                           "Projections > Warp, resampling 'Nearest neighbour' so that barriers stay whole) and run "
                           "again.").format(name=raster.name(),
                                                          crs=crs.authid() or crs.description())
        return ""

    def _raster_path(self, parameters, context):
        value = parameters.get(self.OUTPUT_CORRIDOR_RASTER)
        if value is None or value == "":
            return ""
        return self.parameterAsOutputLayer(parameters, self.OUTPUT_CORRIDOR_RASTER, context) or ""

    # -- the run (worker thread: no GUI, no QgsProject.instance()) --------------------
    def process(self, parameters, context, feedback):
        patches_source, raster, landuse = self._sources(parameters, context)
        max_cost = self._max_cost(parameters, context, feedback)
        raster_path = self._raster_path(parameters, context)
        crs = self._crs(raster, landuse, context, feedback)
        if raster is not None:   # memory first: the raster's size is known before reading it
            self._check_memory(raster.height(), raster.width(), raster.rasterUnitsPerPixelX(), "raster",
                               bool(raster_path))
        feedback.pushInfo(self.tr("Step 1/4: reading the patches and the resistance"))
        patch_geoms, ids = self._read_patches(parameters, context, patches_source, crs)
        feedback.setProgress(3)
        if raster is not None:
            grid = read_raster(raster, order="F")       # float64 column by column: the kernel takes it over
            feedback.pushInfo(self.tr("Step 2/4: resistance raster with {rows} × {cols} cells of {cell} m"
                                      ).format(rows=grid.shape[0], cols=grid.shape[1], cell=f"{grid.dx:g}"))
        else:
            grid = self._landuse_grid(parameters, context, (landuse, crs), patch_geoms, raster_path)
        feedback.setProgress(10)
        feedback.pushInfo(self.tr("Step 3/4: links, corridors and connectivity of the patches"))
        result = self._analyse(parameters, context, (grid, patch_geoms, ids), (max_cost, crs, raster_path))
        del grid
        # nothing is written before the analysis succeeded
        feedback.pushInfo(self.tr("Step 4/4: writing the results"))
        outputs = self._write(parameters, context, result, crs, raster_path)
        self._log_summary(feedback, result)
        feedback.setProgress(100)
        return outputs

    def _sources(self, parameters, context):
        """(patch source, resistance raster or None, land-use source or None); one of the last two given."""
        patches_source = self.parameterAsSource(parameters, self.PATCHES, context)
        if patches_source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.PATCHES))
        raster = self.parameterAsRasterLayer(parameters, self.RESISTANCE, context)
        landuse = None if raster is not None else self.parameterAsSource(parameters, self.LANDUSE, context)
        if raster is None and landuse is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.LANDUSE))
        return patches_source, raster, landuse

    def _crs(self, raster, landuse, context, feedback):
        """The CRS of the analysis: the raster's, else the land use's measuring CRS (:mod:`crs`)."""
        if raster is not None:
            return raster.crs()
        return self.measuring_crs(landuse, context, feedback)

    def _read_patches(self, parameters, context, source, crs):
        """Patch geometries in *crs* and their ids (PATCH_ID_FIELD, else the feature ids)."""
        import shapely

        id_field = self.parameterAsString(parameters, self.PATCH_ID_FIELD, context)
        if id_field and source.fields().lookupField(id_field) < 0:
            raise QgsProcessingException(self.tr("The field '{field}' is not in the patch layer. Choose one "
                                                 "of its fields or leave PATCH_ID_FIELD empty.").format(field=id_field))
        patch_geoms, fids, values = self.read_source(source, crs, context, self._feedback,
                                                     fields=[id_field] if id_field else [])
        self.set_reference(source, patch_geoms)
        ids = self._patch_ids(values[id_field] if id_field else fids, bool(id_field))
        present = patch_geoms[~shapely.is_missing(patch_geoms)] if len(patch_geoms) else patch_geoms
        repaired = int((~shapely.is_valid(present)).sum()) if len(present) else 0
        if repaired:  # the kernel repairs them (make_valid): say so, as the other algorithms do
            self._feedback.pushWarning(self.tr("{layer}: {count} invalid geometries were repaired (make_valid).")
                                       .format(layer=source.sourceName(), count=repaired))
        return patch_geoms, ids

    def _analyse(self, parameters, context, inputs, run):
        """The kernel's analysis of *inputs* (grid, patch geometries, ids); *run*: (max cost, CRS, raster path)."""
        from ..kernels import corridors as kernel

        feedback = self._feedback
        grid, patch_geoms, ids = inputs
        max_cost, crs, raster_path = run
        tolerance = self.parameterAsDouble(parameters, self.CORRIDOR_TOLERANCE, context)
        gap_resistance = self.parameterAsDouble(parameters, self.GAP_RESISTANCE, context)
        min_area = self.parameterAsDouble(parameters, self.MIN_PATCH_AREA, context)
        wkt = crs.toWkt()

        def rasterize(frame, geometries, values, **options):
            return gdal_rasterize(frame, geometries, values, wkt=wkt, **options)

        options = kernel.CorridorOptions(min_patch_area=min_area, max_cost=max_cost,
                                         dispersal_cost=self.parameterAsDouble(parameters, self.DISPERSAL_COST,
                                                                               context),
                                         tolerance=tolerance,
                                         gap_resistance=gap_resistance, corridor_raster=bool(raster_path),
                                         rasterize=rasterize, polygonize=gdal_polygonize)
        result = self.run_kernel(feedback, kernel.biotope_corridors, grid, patch_geoms, ids, options,
                                 progress_range=(10, 92), own_values=True)
        self.report_warnings(feedback, result.warnings)
        private = result.stats.get("worker_private_bytes") or []
        if private:
            feedback.pushInfo(self.tr("{count} worker processes computed the passes per patch, each with up to "
                                      "{mb} MB of memory of its own.").format(
                count=len(private), mb=f"{max(private) / 2 ** 20:,.0f}"))
        return result

    def _write(self, parameters, context, result, crs, raster_path):
        """The corridor raster (when asked), links, corridors, patches, gaps; the run's results."""
        import numpy as np

        from ..kernels.corridors import as_multipolygon

        outputs = {}
        if raster_path:
            write_raster(raster_path, result.corridor_raster, crs)
            outputs[self.OUTPUT_CORRIDOR_RASTER] = raster_path
        id_type = self._id_kind(result.patches["patch_id"])
        id_value = self._id_converter(id_type)
        patches = np.array([as_multipolygon(g) for g in result.patch_geometries], dtype=object)
        for name, kind, table, geometries in (
                (self.OUTPUT_LINKS, "LINKS", result.links, result.link_geometries),
                (self.OUTPUT_CORRIDORS, "NETWORK_CORRIDORS", result.corridors, result.corridor_geometries),
                (self.OUTPUT_PATCHES, "PATCHES", result.patches, patches),
                (self.OUTPUT_GAPS, "GAPS", result.gaps, result.gap_geometries)):
            rows = (_row(values, kind, id_value) for values in table.itertuples(index=False))
            outputs[name] = self.write_output(parameters, context, name, OutputTable(
                kind, rows, geometries, crs, fields=make_fields(kind, id_type)))
        outputs.update({"LINKS": len(result.links), "COMPONENTS": result.components,
                        "PC": None if result.pc != result.pc else result.pc,        # NaN: no kernel
                        "ECA": None if result.eca != result.eca else result.eca})
        return outputs

    # -- helpers ----------------------------------------------------------------------
    def _max_cost(self, parameters, context, feedback):
        from ..kernels.corridors import PRESET_KEYS, load_species_presets

        choice = self.parameterAsEnum(parameters, self.SPECIES_PRESET, context)
        max_cost = self.parameterAsDouble(parameters, self.MAX_COST, context)
        if not choice:
            return max_cost
        with kernel_errors():
            presets = load_species_presets()
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

        with kernel_errors():
            check_memory(rows, cols, cell, kind, corridor_raster)

    def _landuse_grid(self, parameters, context, layer, patch_geoms, raster_path):
        """The resistance grid rasterized from the land use; *layer*: (land-use source, CRS)."""
        from ..kernels import corridors as kernel

        landuse, crs = layer
        field = self.parameterAsString(parameters, self.RESISTANCE_FIELD, context)
        index = landuse.fields().lookupField(field)
        if index < 0:
            raise QgsProcessingException(self.tr("The field '{field}' is not in the land-use layer. Choose "
                                                 "one of its fields.").format(field=field))
        table_path = self.parameterAsFile(parameters, self.RESISTANCE_TABLE, context)
        numeric = landuse.fields().at(index).isNumeric() and not table_path
        cell = self.parameterAsDouble(parameters, self.CELL_SIZE, context)
        default = self.parameterAsDouble(parameters, self.DEFAULT_RESISTANCE, context)
        geoms, fids, values = self.read_source(landuse, crs, context, self._feedback, fields=[field])
        problem = self.disjoint_from_reference(landuse, geoms, crs)  # the grid would span both, nothing to cross
        if problem:
            raise QgsProcessingException(problem)
        present, bounds = _landuse_extent(geoms, patch_geoms)
        x0, y0, rows, cols = kernel.grid_for_extent(bounds, cell)
        self._check_memory(rows, cols, cell, "landuse", bool(raster_path))
        with kernel_errors():
            table = None if numeric else kernel.load_resistance_table(table_path or None)
            resistances, warnings = kernel.landuse_resistance(values[field], fids, table, default, numeric)
        self.report_warnings(self._feedback, warnings)
        self._feedback.pushInfo(self.tr(
            "Step 2/4: rasterizing {count} land-use polygons on {rows} × {cols} cells of {cell} m ({kind})").format(
            count=int(present.sum()), rows=rows, cols=cols, cell=f"{cell:g}",
            kind=self.tr("resistance values") if numeric else self.tr("codes from the resistance table")))
        wkt = crs.toWkt()
        return kernel.resistance_from_landuse(
            geoms[present], resistances[present], bounds, cell, default,
            rasterize=lambda frame, *a, **k: gdal_rasterize(frame, *a, wkt=wkt, **k))

    @staticmethod
    def _patch_ids(values, from_field):
        """Patch ids as plain Python values (int, float or text); None stays None."""
        out = []
        for value in values:
            if value is None:
                out.append(None)
            elif not from_field or isinstance(value, bool):
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

    def _log_summary(self, feedback, result):
        import math

        if math.isnan(result.pc):
            feedback.pushInfo(self.tr("{links} links, {components} components (no dispersal kernel: no PC)"
                                      ).format(links=len(result.links), components=result.components))
            return
        feedback.pushInfo(self.tr("{links} links, {components} components, PC = {pc}, ECA = {eca} ha").format(
            links=len(result.links), components=result.components, pc=f"{result.pc:.4g}",
            eca=f"{result.eca / 1e4:,.1f}"))
        top = result.patches.sort_values(["dPC", "patch_id"], ascending=[False, True], kind="stable").head(5)
        feedback.pushInfo(self.tr("Most important patches (patch | dPC %):"))
        for pid, dpc in zip(top["patch_id"], top["dPC"]):
            feedback.pushInfo(f"{pid} | {dpc:.1f}")


def _row(values, kind, id_value):
    """An output row of *kind* from the kernel's table row *values*: ids, integers and numbers as such."""
    convert = {"id": id_value, "int": int, "double": _number}
    return [convert[field.type](value) for field, value in zip(KINDS[kind].fields, values)]


def _number(value):
    """A float, or None (NULL) for NaN (dPC without a dispersal kernel)."""
    value = float(value)
    return None if value != value else value


def _landuse_extent(geoms, patch_geoms):
    """(mask of the land-use polygons present, bounds of them and the patches); none present: an error."""
    import numpy as np
    import shapely

    present = ~shapely.is_missing(geoms) if len(geoms) else np.zeros(0, dtype=bool)
    if not present.any():
        raise QgsProcessingException(tr(
            "The land-use layer has no polygons (check its filter or selection)."))
    parts = [g for g in (geoms[present], np.asarray(patch_geoms, dtype=object)) if len(g)]
    allgeoms = np.concatenate(parts)
    allgeoms = allgeoms[~shapely.is_missing(allgeoms)]
    return present, shapely.total_bounds(allgeoms)
