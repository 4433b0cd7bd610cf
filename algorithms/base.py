"""The one small base class every WERTvoll Processing algorithm derives from.

It holds what all algorithms share — translation, groups, icon, help link,
dependency check, and the bridge from a kernel's progress/cancel callbacks and
errors to Processing's ``feedback`` and ``QgsProcessingException`` — so that each
algorithm file only declares its parameters and calls its kernel.
"""
import inspect
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QIcon

from ..dependencies import hint, problems
from ..i18n import tr
from ..kernels.errors import N_, Cancelled, KernelError

PLUGIN_DIR = Path(__file__).resolve().parent.parent
ICON_PATH = PLUGIN_DIR / "resources" / "icons" / "wertvoll.svg"

#: measuring CRS for geographic input (ETRS89 / UTM 33N, the CRS of Saxony)
FALLBACK_CRS = "EPSG:25833"

# group id -> English display name (translated at run time)
GROUPS = {
    "compensation": N_("Compensation"),
    "water": N_("Water & floods"),
    "network": N_("Biotope network"),
    "report": N_("Reports"),
}

#: the user guide as offline HTML, one folder per language (built by scripts/make_help.py)
HELP_DIR = PLUGIN_DIR / "resources" / "help"


def help_page(name, language=None):
    """The bundled help page ``resources/help/<language>/<name>.html``, or None when there is none.

    *language* defaults to the plugin's UI language (:func:`i18n.user_language`, the one
    the translator is installed for); a page missing in that language falls back to English.
    """
    from ..i18n import user_language

    for lang in dict.fromkeys((language or user_language(), "en")):
        page = HELP_DIR / lang / f"{name}.html"
        if page.is_file():
            return page
    return None


#: custom layer property naming what a WERTvoll output holds (a report slot kind)
KIND_PROPERTY = "wertvoll/kind"


class OutputTagger(QgsProcessingLayerPostProcessorInterface):
    """Marks an output layer loaded into the project with its kind and styles it (main thread).

    The report dock recognises result layers by this property (field names are the fallback);
    the style comes from resources/styles (algorithms/styles.py).
    """

    _alive = []  # Processing does not own post-processors: keep the recent ones referenced

    def __init__(self, kind):
        super().__init__()
        self.kind = kind
        OutputTagger._alive = OutputTagger._alive[-200:] + [self]

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if layer is not None:
            from .styles import apply_style

            apply_style(layer, self.kind)  # first: loading a QML replaces the custom properties
            layer.setCustomProperty(KIND_PROPERTY, self.kind)


class WertvollAlgorithm(QgsProcessingAlgorithm):
    """Base of all WERTvoll algorithms. Subclasses set the class attributes below."""

    NAME = ""  # fixed lowercase id, e.g. "compensationscreening"
    GROUP_ID = ""  # one of GROUPS
    DISPLAY_NAME = ""  # English, marked with N_()
    SHORT_HELP = ""  # English, marked with N_()
    REQUIRES = ("numpy", "shapely")  # import names the kernel needs

    # -- identity ---------------------------------------------------------------
    def tr(self, text):  # noqa: D102 - Processing convention
        return tr(text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return self.tr(self.DISPLAY_NAME)

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def group(self):
        return self.tr(GROUPS[self.GROUP_ID])

    def shortHelpString(self):  # noqa: N802
        return self.tr(self.SHORT_HELP)

    def icon(self):
        return QIcon(str(ICON_PATH))

    def svgIconPath(self):  # noqa: N802
        return str(ICON_PATH)

    def helpUrl(self):  # noqa: N802
        """The algorithm's page of the bundled user guide as a file:// URL (works offline)."""
        from qgis.PyQt.QtCore import QUrl

        page = help_page(self.NAME)
        return QUrl.fromLocalFile(str(page)).toString() if page is not None else ""

    def canExecute(self):  # noqa: N802
        """False with a translated message when a Python package is missing, too old or broken."""
        missing = problems(self.REQUIRES)
        return (False, hint(missing)) if missing else (True, "")

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """QGIS's checks, then: every output file can be written, before any work is done."""
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        problem = self.unwritable_output(parameters)
        return (False, problem) if problem else (True, "")

    def unwritable_output(self, parameters):
        """A translated message when the folder of an output file cannot be written, else ''.

        Tried, not guessed from permission bits (root may write anywhere chmod allows nobody):
        a temporary file is made and removed in the folder, or in its nearest existing parent
        when Processing is to create it. A 'folder' that is a file, or /proc, fails.
        """
        import errno
        import os
        import tempfile

        for definition in self.destinationParameterDefinitions():
            path, _ = _destination_file(parameters.get(definition.name()))
            if not path:
                continue
            folder = Path(path).parent
            probe = folder
            while not probe.exists() and probe != probe.parent:
                probe = probe.parent
            try:
                if not probe.is_dir():
                    raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(probe))
                handle, name = tempfile.mkstemp(prefix=".wertvoll-", dir=probe)
                os.close(handle)
                os.unlink(name)
            except OSError as error:
                return self.tr("Cannot write into {folder} ({problem}). Choose a folder you may write to.").format(
                    folder=str(folder), problem=error.strerror or str(error))
        return ""

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Refuse to run without the needed packages (qgis_process does not ask canExecute)."""
        ok, message = self.canExecute()
        if not ok:
            raise QgsProcessingException(message)
        return True

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Run :meth:`process`; a cancel (``Cancelled`` from a kernel or reader) ends it cleanly.

        A cancel that lands after the last check (while the outputs are written) counts too.
        Either way the outputs made so far are taken back (:meth:`discard_outputs`) and the
        run returns no result.
        """
        self._made_outputs = []
        error = None
        try:
            results = self.process(parameters, context, feedback)
        except Cancelled:
            results = None
        except QgsProcessingException as exception:  # e.g. the second output cannot be created
            results, error = None, str(exception)
        if error is not None:  # no half result: the outputs made before the error go too
            self.discard_outputs(context)
            raise QgsProcessingException(error)
        if results is not None and not (feedback is not None and feedback.isCanceled()):
            return results
        # outside the except block: the traceback no longer holds the frames with the open sinks
        results = None
        self.discard_outputs(context)
        if feedback is not None:
            feedback.reportError(self.tr("Cancelled by the user; no result was written."))
        return {}

    def process(self, parameters, context, feedback):
        """The algorithm's work (worker thread: no GUI, no QgsProject.instance())."""
        raise NotImplementedError

    # -- outputs of a run, taken back when it is cancelled ------------------------------
    def parameterAsSink(self, parameters, name, context, *args, **kwargs):  # noqa: N802
        """Processing's sink; remembered (not the sink itself) so that a cancel can take it back."""
        path, layer_name = _destination_file(parameters.get(name))
        existed = bool(path) and Path(path).exists()
        sink, dest_id = super().parameterAsSink(parameters, name, context, *args, **kwargs)
        if sink is not None and str(dest_id).lower().endswith(".shp"):
            if _is_table(args, kwargs):
                dest_id = _table_of_shapefile(context, dest_id)
            if context.feedback() is not None:
                context.feedback().pushWarning(self.tr(
                    "{output} is written as a Shapefile: field names are cut to 10 characters (the WERTvoll "
                    "report still reads them) and texts to 254 characters, which may shorten the legal notes. "
                    "Choose a GeoPackage (.gpkg) to keep them whole.").format(
                    output=self.parameterDefinition(name).description()))
        if sink is not None:
            if dest_id and not path and not context.temporaryLayerStore().mapLayer(dest_id):  # temporary file
                path, layer_name = _destination_file(dest_id)
                existed = False
            getattr(self, "_made_outputs", []).append((dest_id, path, layer_name, existed))
        return sink, dest_id

    def parameterAsOutputLayer(self, parameters, name, context):  # noqa: N802
        """The output path (raster destinations); remembered for :meth:`discard_outputs`."""
        path = super().parameterAsOutputLayer(parameters, name, context)
        self._remember_file(path)
        return path

    def parameterAsFileOutput(self, parameters, name, context):  # noqa: N802
        """The output file path (file destinations); remembered for :meth:`discard_outputs`."""
        path = super().parameterAsFileOutput(parameters, name, context)
        self._remember_file(path)
        return path

    def _remember_file(self, path):
        made = getattr(self, "_made_outputs", None)
        if path and made is not None and all(entry[0] != path for entry in made):
            made.append((path, path, None, Path(path).exists()))

    def discard_outputs(self, context):
        """Take back every output this run made: files, temporary layers, layers to load.

        A file that did not exist before the run is deleted (with its side-car files); a layer
        written into an existing GeoPackage is dropped from it; a layer Processing keeps (memory,
        PostGIS) leaves the context's store, a PostGIS table is dropped. Nothing is loaded.
        """
        import re
        import shutil

        from qgis.core import QgsProcessingUtils

        made, self._made_outputs = getattr(self, "_made_outputs", []), []
        to_load = context.layersToLoadOnCompletion()
        temp_folder = Path(QgsProcessingUtils.tempFolder())
        for dest_id, path, layer_name, existed in made:
            to_load.pop(dest_id, None)
            layer = context.temporaryLayerStore().mapLayer(dest_id) if dest_id else None
            if layer is not None:
                context.temporaryLayerStore().removeMapLayer(dest_id)
            postgis = re.match(r"^(?:postgis|postgres):(?://)?(.*)$", dest_id or "", re.DOTALL)
            if postgis:  # a table Processing created through the postgres provider
                _drop_postgres_table(postgis.group(1))
            if not path:
                continue
            try:
                if existed and layer_name:  # a layer written into a GeoPackage that was there before
                    _drop_ogr_layer(path, layer_name)
                else:
                    for file in _with_sidecars(Path(path)):
                        file.unlink(missing_ok=True)
                folder = Path(path).parent
                if folder.parent == temp_folder and not any(folder.iterdir()):
                    shutil.rmtree(folder, ignore_errors=True)  # the folder made for a temporary output
            except OSError:
                pass  # best effort: a file another program holds open stays
        context.setLayersToLoadOnCompletion(to_load)

    # -- helpers for subclasses -------------------------------------------------
    def add_parameter(self, parameter, help_text, advanced=False):
        """Add *parameter* with translated help; *advanced* hides it under 'Advanced'."""
        from .compat import FLAG_ADVANCED

        parameter.setHelp(self.tr(help_text))
        if advanced:
            parameter.setFlags(parameter.flags() | FLAG_ADVANCED)
        if not self.addParameter(parameter):  # False only for a name used twice: a programming error
            raise ValueError(f"{type(self).__name__}: parameter {parameter.name()} added twice")
        return parameter

    def add_output(self, output):
        """``addOutput`` with its result checked (False only for a name used twice: a programming error)."""
        if not self.addOutput(output):
            raise ValueError(f"{type(self).__name__}: output {output.name()} added twice")
        return output

    def run_kernel(self, feedback, function, *args, progress_range=(0.0, 100.0), **kwargs):
        """Run a kernel with feedback bridged in; translate its errors.

        The kernel gets ``progress`` (mapped into *progress_range* of the whole run)
        and ``is_cancelled`` callbacks, and ``log`` when it names its steps (the
        step texts, translated, go to the Processing log); a :class:`KernelError`
        becomes a translated ``QgsProcessingException``; :class:`Cancelled` propagates.
        """
        low, high = progress_range

        def progress(percent):
            feedback.setProgress(low + (high - low) * percent / 100.0)

        if feedback and "log" not in kwargs and "log" in inspect.signature(function).parameters:
            def log(template, **params):
                feedback.pushInfo(self.tr(template).format(**params))

            kwargs["log"] = log
        try:
            return function(
                *args,
                progress=progress if feedback else None,
                is_cancelled=feedback.isCanceled if feedback else None,
                **kwargs,
            )
        except KernelError as error:
            raise QgsProcessingException(self.tr(error.template).format(**error.params)) from error

    @staticmethod
    def tag_output(context, dest_id, kind):
        """Have the output *dest_id* marked as *kind* when Processing loads it into the project."""
        if dest_id and context.willLoadLayerOnCompletion(dest_id):
            context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(OutputTagger(kind))

    def report_warnings(self, feedback, warnings):
        """Push a kernel's (template, params) warnings to the log, translated."""
        for template, params in warnings:
            feedback.pushWarning(self.tr(template).format(**params))

    # -- reading and writing (bulk WKB between QGIS and shapely) --------------------
    @staticmethod
    def metric_crs(crs):
        """*crs* when it is projected in metres, else EPSG:25833 (areas never in degrees)."""
        from .compat import DISTANCE_METERS

        if crs.isValid() and not crs.isGeographic() and crs.mapUnits() == DISTANCE_METERS:
            return crs
        return QgsCoordinateReferenceSystem(FALLBACK_CRS)

    def parameterAsSource(self, parameters, name, context):  # noqa: N802
        """Processing's feature source, made safe for the setting 'stop on invalid geometries'.

        With that setting QGIS throws a C++ exception out of the feature iterator, which Python
        cannot catch: QGIS 3.22 aborts. So the source's own check is switched off and
        :meth:`iter_source` applies the setting itself, with a QgsProcessingException.
        """
        source = super().parameterAsSource(parameters, name, context)
        from .compat import GEOMETRY_ABORT_ON_INVALID, GEOMETRY_NO_CHECK

        if source is not None and _geometry_check(parameters.get(name), context) == GEOMETRY_ABORT_ON_INVALID:
            source.setInvalidGeometryCheck(GEOMETRY_NO_CHECK)
            self._strict_sources = getattr(self, "_strict_sources", []) + [source]
        return source

    def read_source(self, source, crs, context, feedback, fields=()):
        """Read *source* into shapely geometries in *crs*, plus the values of *fields*.

        Goes through the source's iterator, so the user's invalid-geometry setting
        applies. Curved geometries are segmentized, Z/M dropped; NULL or empty
        geometries become ``None``. Returns ``(geometries, fids, {field: values})``.
        Raises :class:`Cancelled` when the user cancels.
        """
        return next(self.iter_source(source, crs, context, feedback, fields))

    def iter_source(self, source, crs, context, feedback, fields=(), chunk=None):
        """:meth:`read_source` in chunks of at most *chunk* features (all at once when None).

        Lets a caller filter a big layer chunk by chunk, so it never sits in memory whole.
        Yields ``(geometries, fids, {field: values})``, at least once.
        """
        import numpy as np
        import shapely

        if not source.sourceCrs().isValid():  # it would transform to nothing: every geometry lost
            raise QgsProcessingException(self.tr(
                "The layer '{layer}' has no CRS. Assign its CRS (Layer properties > Source), e.g. "
                "EPSG:25833, and run again.").format(layer=source.sourceName()))
        request = QgsFeatureRequest()
        request.setDestinationCrs(crs, context.transformContext())
        indexes = [source.fields().lookupField(name) for name in fields]
        request.setSubsetOfAttributes(indexes)

        def collected(wkbs, fids, values):
            try:
                geometries = shapely.from_wkb(np.array(wkbs, dtype=object)) if wkbs else np.array([], dtype=object)
            except shapely.errors.GEOSException:  # a broken geometry GEOS cannot even read: one by one
                geometries, broken = _from_wkb_one_by_one(wkbs)
                if broken and feedback is not None:
                    feedback.pushWarning(self.tr(
                        "{count} feature(s) of the layer '{layer}' have a geometry that cannot be read (e.g. a "
                        "ring with fewer than four points); they are left out. Repair the layer (Vector "
                        "geometry > Fix geometries).").format(count=broken, layer=source.sourceName()))
            if len(geometries):  # a failed transformation leaves inf coordinates: say so, drop nothing silently
                present = ~shapely.is_missing(geometries)
                present[present] = ~shapely.is_empty(geometries[present])
                lost = present & ~np.isfinite(shapely.bounds(geometries)).all(axis=1)
                if lost.any():
                    raise QgsProcessingException(self.tr(
                        "{count} feature(s) of the layer '{layer}' cannot be transformed from {source} to "
                        "{target}: their coordinates do not fit the layer's CRS. Check the CRS assigned to the "
                        "layer (Layer properties > Source) and run again.").format(
                        count=int(lost.sum()), layer=source.sourceName(), source=source.sourceCrs().authid(),
                        target=crs.authid()))
            return geometries, np.array(fids, dtype=np.int64), values

        wkbs, fids, values = [], [], {name: [] for name in fields}
        yielded = False
        strict = any(s is source for s in getattr(self, "_strict_sources", ()))
        for count, feature in enumerate(source.getFeatures(request)):
            if count % 2000 == 0 and feedback is not None and feedback.isCanceled():
                raise Cancelled()
            geometry = feature.geometry()
            if strict and geometry is not None and not geometry.isNull() and not geometry.isGeosValid():
                raise QgsProcessingException(self.tr(
                    "Feature {fid} of the layer '{layer}' has an invalid geometry, and Processing is set to "
                    "stop on invalid geometries. Repair the layer (Vector geometry > Fix geometries) or "
                    "change the setting 'Invalid features filtering' (Processing options or the input's "
                    "advanced options).").format(fid=feature.id(), layer=source.sourceName()))
            if geometry is None or geometry.isNull() or geometry.isEmpty():
                wkbs.append(None)
            else:
                if QgsWkbTypes.isCurvedType(geometry.wkbType()) or QgsWkbTypes.hasZ(
                        geometry.wkbType()) or QgsWkbTypes.hasM(geometry.wkbType()):
                    flat = geometry.constGet().segmentize()
                    flat.dropZValue()  # noqa: QGS202 - False only means there was no Z to drop
                    flat.dropMValue()  # noqa: QGS202 - False only means there was no M to drop
                    geometry = QgsGeometry(flat)
                wkbs.append(bytes(geometry.asWkb()))
            fids.append(feature.id())
            for name, index in zip(fields, indexes):
                value = feature.attribute(index)
                values[name].append(None if value is None or _is_null(value) else value)
            if chunk is not None and len(wkbs) >= chunk:
                yield collected(wkbs, fids, values)
                yielded = True
                wkbs, fids, values = [], [], {name: [] for name in fields}
        if wkbs or not yielded:
            yield collected(wkbs, fids, values)

    @staticmethod
    def to_qgs_geometries(geometries, source_crs=None, target_crs=None, context=None):
        """shapely geometries -> QgsGeometry list, transformed when the CRSs differ."""
        from ..kernels.geometry import to_wkb

        transform = None
        if source_crs is not None and target_crs is not None and source_crs != target_crs:
            transform = QgsCoordinateTransform(source_crs, target_crs, context.transformContext())
        result = []
        for wkb in to_wkb(geometries):
            geometry = QgsGeometry()
            geometry.fromWkb(wkb)
            if transform is not None:  # a failing projection raises QgsCsException; a null geometry stays null
                geometry.transform(transform)  # noqa: QGS201
            result.append(geometry)
        return result

    @staticmethod
    def write_features(sink, fields, geometries, rows, feedback=None, batch=5000):
        """Add one feature per row (a sequence of attribute values) to *sink*, in batches."""
        from .compat import SINK_FAST_INSERT

        def add(batch_features):
            if not sink.addFeatures(batch_features, SINK_FAST_INSERT):
                raise QgsProcessingException(tr(
                    "The features could not be written to the output ({error}). Check that the file or "
                    "database can be written to and has room.").format(error=sink.lastError() or "–"))

        features = []
        for index, row in enumerate(rows):
            feature = QgsFeature(fields)
            if geometries is not None:
                feature.setGeometry(geometries[index])
            feature.setAttributes(list(row))
            features.append(feature)
            if len(features) >= batch:
                if feedback is not None and feedback.isCanceled():
                    raise Cancelled()
                add(features)
                features = []
        if features:
            add(features)


def read_raster(layer, band=1, crs=None, bounds=None, dtype="float64"):
    """A QGIS raster layer (GDAL provider) as :class:`kernels.grid.Grid`, nodata -> NaN.

    With *bounds* ``(xmin, ymin, xmax, ymax)`` only that window is read (an exact
    cut-out); with a *crs* other than the layer's the raster is warped to it
    (bilinear) over *bounds*. Returns ``None`` when the window misses the raster.
    Raises ``QgsProcessingException`` with a translated message for rasters that GDAL
    cannot open or that are rotated.
    """
    import numpy as np
    from osgeo import gdal

    from ..kernels.grid import Grid

    unreadable = tr("The raster '{name}' cannot be read. Use a GeoTIFF or another "
                    "file GDAL can open.").format(name=layer.name() if layer else "")
    try:  # gdal.Open returns None, or raises when someone called gdal.UseExceptions()
        dataset = gdal.Open(layer.source()) if layer is not None else None
    except RuntimeError:
        dataset = None
    if dataset is None:
        raise QgsProcessingException(unreadable)
    x0, dx, rx, y0, ry, dy = dataset.GetGeoTransform()
    if rx != 0 or ry != 0 or dy >= 0:
        raise QgsProcessingException(tr("The raster '{name}' is rotated or not north-up. Warp it first "
                                        "(Raster > Projections > Warp).").format(name=layer.name()))
    try:
        if crs is not None and layer.crs() != crs:
            dataset = gdal.Warp("", dataset, format="MEM", dstSRS=crs.toWkt(), outputBounds=bounds,
                                resampleAlg="bilinear", outputType=gdal.GDT_Float32, dstNodata=-3.4e38)
        elif bounds is not None:
            xmax, ymin = x0 + dx * dataset.RasterXSize, y0 + dy * dataset.RasterYSize
            window = [max(bounds[0], x0), min(bounds[3], y0), min(bounds[2], xmax), max(bounds[1], ymin)]
            if window[0] >= window[2] or window[3] >= window[1]:
                return None
            dataset = gdal.Translate("", dataset, format="MEM", projWin=window)
    except RuntimeError as error:
        raise QgsProcessingException(unreadable) from error
    if dataset is None or dataset.RasterXSize == 0 or dataset.RasterYSize == 0:
        return None
    source_band = dataset.GetRasterBand(band)
    raw = source_band.ReadAsArray()
    values = raw.astype(dtype)
    nodata = source_band.GetNoDataValue()
    if nodata is not None:
        values[raw == np.asarray(nodata).astype(raw.dtype)] = np.nan
    values[~np.isfinite(values)] = np.nan
    gx0, gdx, _, gy0, _, gdy = dataset.GetGeoTransform()
    return Grid(values, gx0, gy0, gdx, -gdy)


def write_raster(path, grid, crs, nodata=-9999.0):
    """Write a :class:`kernels.grid.Grid` as float32 GeoTIFF, NaN -> *nodata*."""
    import numpy as np
    from osgeo import gdal

    rows, cols = grid.shape
    dataset = gdal.GetDriverByName("GTiff").Create(
        str(path), cols, rows, 1, gdal.GDT_Float32, options=["COMPRESS=DEFLATE", "TILED=YES"])
    if dataset is None:
        raise QgsProcessingException(tr("Cannot write the raster {path}. Check that the folder exists "
                                        "and is writable.").format(path=path))
    dataset.SetGeoTransform(grid.geotransform())
    dataset.SetProjection(crs.toWkt())
    out_band = dataset.GetRasterBand(1)
    out_band.SetNoDataValue(nodata)
    out_band.WriteArray(np.where(np.isfinite(grid.values), grid.values, nodata).astype(np.float32))
    out_band.FlushCache()
    dataset = None


def _from_wkb_one_by_one(wkbs):
    """shapely geometries of *wkbs* read one by one: unclosed rings closed, unreadable ones None.

    Returns ``(geometries, number of unreadable ones)``. Only used when reading all at once
    failed (a broken file: an unclosed ring, a ring or line with too few points).
    """
    import numpy as np
    import shapely

    geometries = np.empty(len(wkbs), dtype=object)
    broken = 0
    for index, wkb in enumerate(wkbs):
        if wkb is None:
            continue
        for candidate in (wkb, _closed_rings(wkb)):
            try:
                geometries[index] = shapely.from_wkb(candidate)
                break
            except shapely.errors.GEOSException:
                continue
        else:
            broken += 1
    return geometries, broken


def _closed_rings(wkb):
    """*wkb* with every unclosed polygon ring closed (its first point appended)."""
    from qgis.core import QgsCurvePolygon, QgsGeometryCollection, QgsLineString

    geometry = QgsGeometry()
    geometry.fromWkb(wkb)
    shape = geometry.get()
    if shape is None:
        return wkb
    parts = ([shape.geometryN(i) for i in range(shape.numGeometries())]
             if isinstance(shape, QgsGeometryCollection) else [shape])
    for part in parts:
        if isinstance(part, QgsCurvePolygon):
            rings = [part.exteriorRing()] + [part.interiorRing(i) for i in range(part.numInteriorRings())]
            for ring in rings:
                if isinstance(ring, QgsLineString) and not ring.isClosed():
                    ring.close()
    return bytes(geometry.asWkb())


def _destination_file(value):
    """``(path, layer name)`` when the sink destination *value* is a file, else ``(None, None)``.

    Understands plain paths (``x.gpkg``, ``x.gpkg|layername=y``), ``ogr:dbname='x.gpkg' table="y"``
    and output definitions holding them; ``TEMPORARY_OUTPUT``, ``memory:`` and provider URIs
    (``postgis:``…) are no files.
    """
    import re

    from qgis.core import QgsDataSourceUri, QgsProcessingOutputLayerDefinition, QgsProperty

    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink
    if isinstance(value, QgsProperty):
        from .compat import PROPERTY_STATIC

        value = value.staticValue() if value.propertyType() == PROPERTY_STATIC else None
    if not isinstance(value, str) or not value or value == "TEMPORARY_OUTPUT":
        return None, None
    if value.startswith("ogr:"):
        uri = QgsDataSourceUri(value[4:])
        return uri.database() or None, uri.table() or None
    if re.match(r"^[A-Za-z][\w+.-]{2,}:", value):  # memory:, postgis:, postgres:, …
        return None, None
    path, _, options = value.partition("|")
    match = re.search(r"layername=([^|]+)", options)
    return path or None, match.group(1) if match else None


def _is_table(args, kwargs):
    """True when parameterAsSink's *args*/*kwargs* ask for a sink without geometry."""
    from .compat import WKB_NOGEOMETRY

    return (args[1] if len(args) > 1 else kwargs.get("geometryType")) == WKB_NOGEOMETRY


def _table_of_shapefile(context, dest_id):
    """The .dbf of a table written to *dest_id* (a .shp path); the layer to load follows it.

    OGR writes only the .dbf of a table without geometry, so the .shp path Processing hands
    back opens nothing; the .dbf is the table a planner opens.
    """
    table = dest_id[:-4] + ".dbf"
    to_load = context.layersToLoadOnCompletion()
    if dest_id in to_load:
        details = to_load.pop(dest_id)
        to_load[table] = details
        context.setLayersToLoadOnCompletion(to_load)
    return table


def _with_sidecars(path):
    """*path* and the files GDAL keeps beside it (journal, WAL, shapefile parts, aux.xml)."""
    files = [path] + [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal", ".aux.xml")]
    if path.suffix.lower() == ".shp":
        files += [path.with_suffix(s) for s in (".shx", ".dbf", ".prj", ".cpg", ".qpj", ".qix", ".sbn",
                                                ".sbx", ".qmd")]
    return files


def _drop_ogr_layer(path, layer_name):
    """Delete the layer *layer_name* from the OGR data source *path* (a GeoPackage)."""
    from osgeo import ogr

    dataset = ogr.Open(str(path), 1)
    if dataset is None:
        return
    for index in range(dataset.GetLayerCount()):
        if dataset.GetLayerByIndex(index).GetName() == layer_name:
            dataset.DeleteLayer(index)
            break
    dataset = None


def _drop_postgres_table(uri):
    """Drop the PostGIS table of the layer source *uri* (an output of a cancelled run)."""
    from qgis.core import QgsDataSourceUri, QgsProviderConnectionException, QgsProviderRegistry

    source = QgsDataSourceUri(uri)
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    if metadata is None or not source.table():
        return
    try:
        metadata.createConnection(source.uri(False), {}).dropVectorTable(source.schema() or "public",
                                                                         source.table())
    except QgsProviderConnectionException:
        return


def _geometry_check(value, context):
    """The invalid-geometry setting for a source parameter *value*: its own override or the context's."""
    from qgis.core import QgsProcessingFeatureSourceDefinition

    from .compat import SOURCE_OVERRIDES_GEOMETRY_CHECK

    if isinstance(value, QgsProcessingFeatureSourceDefinition) and \
            int(value.flags) & int(SOURCE_OVERRIDES_GEOMETRY_CHECK):
        return value.geometryCheck
    return context.invalidGeometryCheck()


def _is_null(value):
    """True for QGIS NULL (a null QVariant) as PyQGIS hands it out."""
    is_null = getattr(value, "isNull", None)
    return bool(is_null()) if callable(is_null) else False
