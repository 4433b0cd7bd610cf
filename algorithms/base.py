"""The one small base class every WERTvoll Processing algorithm derives from.

It holds what all algorithms share — translation, groups, icon, help link,
dependency check, and the bridge from a kernel's progress/cancel callbacks and
errors to Processing's ``feedback`` and ``QgsProcessingException`` — so that each
algorithm file only declares its parameters and calls its kernel.
"""
import importlib
import importlib.metadata
import importlib.util
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

# import name -> (pip requirement, minimum version tuple or None)
_REQUIREMENTS = {
    "shapely": ("shapely>=2", (2, 0)),
    "numpy": ("numpy", None),
    "scipy": ("scipy", None),
    "pandas": ("pandas", None),
    "jinja2": ("jinja2", None),
    "docxtpl": ("docxtpl", None),
    "skimage": ("scikit-image", None),
}


def missing_requirements(modules):
    """The pip requirements among *modules* (import names) that are absent or too old.

    Looks the packages up without importing them (find_spec and the installed
    distribution's version), so the check costs nothing at QGIS start-up.
    """
    missing = []
    for module in modules:
        requirement, minimum = _REQUIREMENTS[module]
        if importlib.util.find_spec(module) is None:
            missing.append(requirement)
            continue
        if minimum is not None:
            try:
                version = importlib.metadata.version(requirement.split(">")[0].split("=")[0])
            except importlib.metadata.PackageNotFoundError:
                version = importlib.import_module(module).__version__
            parts = tuple(int(p) for p in version.split(".")[:2] if p.isdigit())
            if parts < minimum:
                missing.append(requirement)
    return missing


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

    def canExecute(self):  # noqa: N802
        """False with a translated message when a Python package is missing."""
        missing = missing_requirements(self.REQUIRES)
        if missing:
            return False, self.tr(
                "This algorithm needs the Python package(s) {packages}. Install them into "
                "the Python of QGIS (Linux: python3 -m pip install --user {packages}; "
                "Windows: OSGeo4W Shell, then pip install {packages}) and restart QGIS."
            ).format(packages=" ".join(f'"{m}"' for m in missing))
        return True, ""

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Refuse to run without the needed packages (qgis_process does not ask canExecute)."""
        ok, message = self.canExecute()
        if not ok:
            raise QgsProcessingException(message)
        return True

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Run :meth:`process`; a cancel (``Cancelled`` from a kernel or reader) ends it cleanly."""
        try:
            return self.process(parameters, context, feedback)
        except Cancelled:
            feedback.reportError(self.tr("Cancelled by the user; no result was written."))
            return {}

    def process(self, parameters, context, feedback):
        """The algorithm's work (worker thread: no GUI, no QgsProject.instance())."""
        raise NotImplementedError

    # -- helpers for subclasses -------------------------------------------------
    def add_parameter(self, parameter, help_text, advanced=False):
        """Add *parameter* with translated help; *advanced* hides it under 'Advanced'."""
        from .compat import FLAG_ADVANCED

        parameter.setHelp(self.tr(help_text))
        if advanced:
            parameter.setFlags(parameter.flags() | FLAG_ADVANCED)
        self.addParameter(parameter)
        return parameter

    def run_kernel(self, feedback, function, *args, progress_range=(0.0, 100.0), **kwargs):
        """Run a kernel with feedback bridged in; translate its errors.

        The kernel gets ``progress`` (mapped into *progress_range* of the whole run)
        and ``is_cancelled`` callbacks; a :class:`KernelError` becomes a translated
        ``QgsProcessingException``; :class:`Cancelled` propagates.
        """
        low, high = progress_range

        def progress(percent):
            feedback.setProgress(low + (high - low) * percent / 100.0)

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

        request = QgsFeatureRequest()
        request.setDestinationCrs(crs, context.transformContext())
        indexes = [source.fields().lookupField(name) for name in fields]
        request.setSubsetOfAttributes(indexes)

        def collected(wkbs, fids, values):
            geometries = shapely.from_wkb(np.array(wkbs, dtype=object)) if wkbs else np.array([], dtype=object)
            return geometries, np.array(fids, dtype=np.int64), values

        wkbs, fids, values = [], [], {name: [] for name in fields}
        yielded = False
        for count, feature in enumerate(source.getFeatures(request)):
            if count % 2000 == 0 and feedback is not None and feedback.isCanceled():
                raise Cancelled()
            geometry = feature.geometry()
            if geometry is None or geometry.isNull() or geometry.isEmpty():
                wkbs.append(None)
            else:
                if QgsWkbTypes.isCurvedType(geometry.wkbType()) or QgsWkbTypes.hasZ(
                        geometry.wkbType()) or QgsWkbTypes.hasM(geometry.wkbType()):
                    flat = geometry.constGet().segmentize()
                    flat.dropZValue()
                    flat.dropMValue()
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
        import shapely

        transform = None
        if source_crs is not None and target_crs is not None and source_crs != target_crs:
            transform = QgsCoordinateTransform(source_crs, target_crs, context.transformContext())
        result = []
        for wkb in shapely.to_wkb(geometries):
            geometry = QgsGeometry()
            geometry.fromWkb(wkb)
            if transform is not None:
                geometry.transform(transform)
            result.append(geometry)
        return result

    @staticmethod
    def write_features(sink, fields, geometries, rows, feedback=None, batch=5000):
        """Add one feature per row (a sequence of attribute values) to *sink*, in batches."""
        from .compat import SINK_FAST_INSERT

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
                sink.addFeatures(features, SINK_FAST_INSERT)
                features = []
        if features:
            sink.addFeatures(features, SINK_FAST_INSERT)


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


def _is_null(value):
    """True for QGIS NULL (a null QVariant) as PyQGIS hands it out."""
    is_null = getattr(value, "isNull", None)
    return bool(is_null()) if callable(is_null) else False
