"""The outputs of a WERTvoll run: written in one call, tagged with their kind, taken back on failure.

:class:`OutputsMixin` gives the algorithms

* :meth:`~OutputsMixin.write_output` -- open the sink of an output parameter, write the rows
  of an :class:`OutputTable`, and tag the layer with its kind (style, report slot);
* a record of every output a run makes (sinks, raster and file destinations), so that a
  cancel or an error takes them all back (:meth:`~OutputsMixin.discard_outputs`): a file that
  was there before the run is copied aside first (``<name>.wertvoll-backup``) and put back, so a
  run that does not finish leaves every earlier file as it was; a finished run removes the copies
  (:meth:`~OutputsMixin.keep_outputs`). A missing output folder is created, and removed again
  when the run does not finish;
* :meth:`~OutputsMixin.unwritable_output`, the check that every output folder can be written.
"""
import errno
import math
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Optional

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFields,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
)

from ..compat import (
    FLAG_OPTIONAL,
    PROPERTY_STATIC,
    SINK_FAST_INSERT,
    WKB_LINESTRING,
    WKB_MULTIPOLYGON,
    WKB_NOGEOMETRY,
    make_field,
)
from ..i18n import tr
from ..kernels.errors import Cancelled
from ..kinds import KIND_PROPERTY, KINDS
from .vector_io import BATCH_COORDINATES, to_qgs_geometries

#: the sink geometry type of each kind's geometry
WKB_TYPES = {"polygon": WKB_MULTIPOLYGON, "line": WKB_LINESTRING, "none": WKB_NOGEOMETRY}


class OutputTagger(QgsProcessingLayerPostProcessorInterface):
    """Marks an output layer loaded into the project with its kind and styles it (main thread).

    The report dock recognises result layers by this property (field names are the fallback);
    the style comes from resources/styles (styles.py).
    """

    _alive = []  # Processing does not own post-processors: keep the recent ones referenced

    def __init__(self, kind):
        super().__init__()
        self.kind = kind
        OutputTagger._alive = OutputTagger._alive[-200:] + [self]

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if layer is not None:
            from ..styles import apply_style
            from .provenance import PROVENANCE_PROPERTY

            record = layer.customProperty(PROVENANCE_PROPERTY)  # a memory layer's (provenance.py)
            apply_style(layer, self.kind)  # first: loading a QML replaces the custom properties
            layer.setCustomProperty(KIND_PROPERTY, self.kind)
            if record:
                layer.setCustomProperty(PROVENANCE_PROPERTY, record)


@dataclass
class OutputTable:
    """What :meth:`OutputsMixin.write_output` writes: one row of attribute values per feature."""

    kind: str                    # the output kind (kinds.py): fields, geometry type, tag
    rows: Any                    # iterable of attribute sequences, in the order of the fields
    geometries: Any = None       # shapely geometries (or their WKB), one per row; None for a table
    crs: Any = None              # CRS of *geometries* (QgsCoordinateReferenceSystem)
    to_crs: Any = None           # write them transformed into this CRS (default: *crs*)
    fields: Optional[QgsFields] = None  # default: the kind's fields (make_fields)


#: the feature-id column QGIS gives GeoPackage outputs
FID_COLUMN = "fid"
#: the suffix of the copy of an earlier output file while a run overwrites it
BACKUP_SUFFIX = ".wertvoll-backup"


class MadeOutput(NamedTuple):
    """An output a run made: enough to take it back."""

    dest_id: str
    path: Optional[str]          # the file, when the output is one
    layer_name: Optional[str]    # the layer inside *path* (a GeoPackage), when named
    backups: tuple = ()          # (file, its copy) of every file of *path* that was there before the run
    folders: tuple = ()          # folders this run created for *path*, the outermost first
    name: Optional[str] = None   # the output parameter


def make_fields(kind, id_type="int64", copied=()):
    """QgsFields of the output *kind* (a name in kinds.KINDS): *copied* QgsField first, then its fields.

    *id_type* is the field type of the kind's "id" fields (the type of the input's identifiers).
    A copied field named like a GeoPackage's feature-id column (``fid``) is copied as
    ``src_fid``: the output's own ids would collide with its values.
    """
    from qgis.core import QgsField

    fields = QgsFields()
    for field in copied:
        if field.name().lower() == FID_COLUMN:
            field = QgsField(field)
            field.setName(f"src_{FID_COLUMN}")
        fields.append(field)
    for field in KINDS[kind].fields:
        fields.append(make_field(field.name, id_type if field.type == "id" else field.type))
    return fields


def write_features(sink, fields, geometries, rows, feedback=None):
    """Add one feature per row (a sequence of attribute values) to *sink*, in batches of 5000 (fewer when
    they hold more than :data:`~.vector_io.BATCH_COORDINATES` coordinates)."""
    features, coordinates = [], 0
    geometries = iter(geometries) if geometries is not None else None
    for row in rows:
        feature = QgsFeature(fields)
        if geometries is not None:
            geometry = next(geometries)
            feature.setGeometry(geometry)
            coordinates += 0 if geometry.isNull() else geometry.constGet().nCoordinates()
        feature.setAttributes(list(row))
        features.append(feature)
        if len(features) >= 5000 or coordinates >= BATCH_COORDINATES:
            if feedback is not None and feedback.isCanceled():
                raise Cancelled()
            _add(sink, features)
            features, coordinates = [], 0
    if features:
        _add(sink, features)


def _add(sink, features):
    if not sink.addFeatures(features, SINK_FAST_INSERT):
        raise QgsProcessingException(tr(
            "The features could not be written to the output ({error}). Check that the file or "
            "database can be written to and has room.").format(error=sink.lastError() or "–"))


class OutputsMixin:
    """Output handling of :class:`algorithms.base.WertvollAlgorithm` (see the module docstring)."""

    def write_output(self, parameters, context, name, table):
        """Write *table* (:class:`OutputTable`) to the sink parameter *name*; returns its id.

        Returns None for an optional output the user did not ask for. The layer is tagged
        with the table's kind when Processing loads it.
        """
        fields = table.fields if table.fields is not None else make_fields(table.kind)
        geometry = KINDS[table.kind].geometry if table.geometries is not None else "none"
        crs = next((c for c in (table.to_crs, table.crs) if c is not None), QgsCoordinateReferenceSystem())
        sink, dest_id = self.parameterAsSink(parameters, name, context, fields, WKB_TYPES[geometry], crs)
        if sink is None:
            if self.parameterDefinition(name).flags() & FLAG_OPTIONAL:
                return None
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        geometries = None
        if table.geometries is not None:
            geometries = to_qgs_geometries(table.geometries, table.crs, table.to_crs, context)
        write_features(sink, fields, geometries, table.rows, getattr(self, "_feedback", None))
        del sink  # closes the file before the layer is loaded
        self.tag_output(context, dest_id, table.kind)
        return dest_id

    @staticmethod
    def tag_output(context, dest_id, kind):
        """Have the output *dest_id* marked as *kind* when Processing loads it into the project."""
        if dest_id and context.willLoadLayerOnCompletion(dest_id):
            context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(OutputTagger(kind))

    def unwritable_output(self, parameters):
        """A translated message when an output file cannot be written (or is a folder), else ''.

        Tried, not guessed from permission bits (root may write anywhere chmod allows nobody):
        a temporary file is made and removed in the folder, or in its nearest existing parent
        when Processing is to create it. A 'folder' that is a file, or /proc, fails.
        """
        for definition in self.destinationParameterDefinitions():
            path, _ = destination_file(parameters.get(definition.name()))
            if not path:
                continue
            if Path(path).is_dir():
                return tr("The output '{output}' is the folder {path}. Give a file name inside it.").format(
                    output=definition.description(), path=path)
            try:
                _try_writing(Path(path).parent)
            except OSError as error:
                return tr("Cannot write into {folder} ({problem}). Choose a folder you may write to.").format(
                    folder=str(Path(path).parent), problem=error.strerror or str(error))
        return ""

    def output_over_input(self, parameters, context):
        """A translated message when an output file is one of the run's input files, else ''.

        Writing there would destroy the input: a GeoPackage path loses its other layers, a
        raster is overwritten. Inputs are layers (their data source file) and file parameters.
        """
        inputs = {}
        for definition in self.parameterDefinitions():
            if definition.isDestination():
                continue
            for path in _input_files(parameters.get(definition.name()), context):
                inputs.setdefault(path, definition.description())
        for definition in self.destinationParameterDefinitions():
            path, _ = destination_file(parameters.get(definition.name()))
            if path and _real(path) in inputs:
                return tr("The output '{output}' is the file of the input '{input}' ({path}). Choose another "
                          "file: writing there would overwrite or remove the input's data.").format(
                    output=definition.description(), input=inputs[_real(path)], path=path)
        return ""

    # -- the record of what a run made ------------------------------------------------
    def parameterAsSink(self, parameters, name, context, *args, **kwargs):  # noqa: N802
        """Processing's sink; remembered (not the sink itself) so that a cancel can take it back."""
        path, layer_name = destination_file(parameters.get(name))
        folders, backups = _prepare_destination(path)
        try:
            sink, dest_id = super().parameterAsSink(parameters, name, context, *args, **kwargs)
        except BaseException:  # QGIS made some files before it failed (a .dxf, a .txt.gxt): take them back
            _take_back(MadeOutput("", path, layer_name, backups, folders))
            _remove_empty(folders)
            raise
        if sink is None:
            _take_back(MadeOutput("", path, layer_name, backups, folders))
            _remove_empty(folders)
            return sink, dest_id
        if sink is not None and str(dest_id).lower().endswith(".shp"):
            if _is_table(args, kwargs):
                dest_id = _table_of_shapefile(context, dest_id)
            if context.feedback() is not None:
                context.feedback().pushWarning(self.tr(
                    "{output} is written as a Shapefile: field names are cut to 10 characters (the WERTvoll "
                    "report still reads them) and texts to 254 characters, which may shorten the legal notes. "
                    "Choose a GeoPackage (.gpkg) to keep them whole.").format(
                    output=self.parameterDefinition(name).description()))
        if dest_id and not path and not context.temporaryLayerStore().mapLayer(dest_id):  # temporary file
            path, layer_name = destination_file(dest_id)
        getattr(self, "_made_outputs", []).append(MadeOutput(dest_id, path, layer_name, backups, folders, name))
        return sink, dest_id

    def parameterAsOutputLayer(self, parameters, name, context):  # noqa: N802
        """The output path (raster destinations); remembered for :meth:`discard_outputs`."""
        path = super().parameterAsOutputLayer(parameters, name, context)
        self._remember_file(path, name)
        return path

    def parameterAsFileOutput(self, parameters, name, context):  # noqa: N802
        """The output file path (file destinations); remembered for :meth:`discard_outputs`."""
        path = super().parameterAsFileOutput(parameters, name, context)
        self._remember_file(path, name)
        return path

    def _remember_file(self, path, name):
        made = getattr(self, "_made_outputs", None)
        if path and made is not None and all(entry.dest_id != path for entry in made):
            folders, backups = _prepare_destination(path)
            made.append(MadeOutput(path, path, None, backups, folders, name))

    def keep_outputs(self):
        """The run finished: remove the copies of the earlier output files (the new ones stay)."""
        made, self._made_outputs = getattr(self, "_made_outputs", []), []
        for output in made:
            for _, backup in output.backups:
                Path(backup).unlink(missing_ok=True)

    def discard_outputs(self, context):
        """Take back every output this run made: files, temporary layers, layers to load.

        A file that did not exist before the run is deleted (with its side-car files), one that
        did is put back from its copy (a GeoPackage with all its layers); folders the run created
        go; a layer Processing keeps (memory, PostGIS) leaves the context's store, a PostGIS table
        is dropped. Nothing is loaded.
        """
        made, self._made_outputs = getattr(self, "_made_outputs", []), []
        to_load = context.layersToLoadOnCompletion()
        for output in made:
            to_load.pop(output.dest_id, None)
            _discard_layer(context, output.dest_id)
            if output.path:
                _take_back(output)
        _remove_empty([folder for output in made for folder in output.folders])
        context.setLayersToLoadOnCompletion(to_load)


def _discard_layer(context, dest_id):
    """Take the layer *dest_id* out of the context's store; drop it when it is a PostGIS table."""
    if dest_id and context.temporaryLayerStore().mapLayer(dest_id) is not None:
        context.temporaryLayerStore().removeMapLayer(dest_id)
    postgis = re.match(r"^(?:postgis|postgres):(?://)?(.*)$", dest_id or "", re.DOTALL)
    if postgis:  # a table Processing created through the postgres provider
        _drop_postgres_table(postgis.group(1))


def _prepare_destination(path):
    """Before an output is written to *path*: create its missing folders, copy its earlier files aside.

    Returns ``(folders created, outermost first; ((file, copy), …))``. The copies sit beside
    the files (same file system: putting them back is a rename).
    """
    if not path:
        return (), ()
    target = Path(path)
    folders = [folder for folder in reversed(target.parents) if not folder.exists()]
    if folders:
        target.parent.mkdir(parents=True, exist_ok=True)
    backups = []
    for file in _with_sidecars(target) + _created_beside(target):
        if file.is_file():
            copy = file.with_name(file.name + BACKUP_SUFFIX)
            shutil.copy2(file, copy)
            backups.append((str(file), str(copy)))
    return tuple(str(f) for f in folders), tuple(backups)


def _created_beside(target):
    """Files GDAL drivers add beside *target* under other names (Geoconcept's .txt -> .txt.gxt)."""
    return [target.with_name(target.name + ".gxt")] if target.suffix.lower() == ".txt" else []


def _take_back(output):
    """Undo what a run wrote to the file of *output* (:class:`MadeOutput`): earlier files back, new ones gone."""
    from qgis.core import QgsProcessingUtils

    if not output.path:
        return
    try:
        target = Path(output.path)
        kept = {file for file, _ in output.backups}
        for file in _with_sidecars(target) + _created_beside(target):
            if str(file) not in kept:
                file.unlink(missing_ok=True)
        for file, copy in output.backups:
            os.replace(copy, file)
        folder = target.parent
        if folder.parent == Path(QgsProcessingUtils.tempFolder()) and folder.is_dir() and not any(folder.iterdir()):
            shutil.rmtree(folder, ignore_errors=True)  # the folder made for a temporary output
    except OSError:
        pass  # best effort: a file another program holds open stays


def _input_files(value, context):
    """The real paths of the files behind a parameter *value* (layers, layer ids, paths, lists of them)."""
    from qgis.core import QgsMapLayer, QgsProcessingFeatureSourceDefinition, QgsProcessingUtils, QgsProperty

    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        value = value.source
    if isinstance(value, QgsProperty):
        value = value.staticValue() if value.propertyType() == PROPERTY_STATIC else None
    if isinstance(value, (list, tuple)):
        return [path for item in value for path in _input_files(item, context)]
    layer = value if isinstance(value, QgsMapLayer) else None
    if layer is None and isinstance(value, str) and value:
        layer = QgsProcessingUtils.mapLayerFromString(value, context, False)
    text = _layer_file(layer) if layer is not None else value if isinstance(value, str) else None
    if not text:
        return []
    path = text.split("|")[0]
    return [_real(path)] if os.path.isfile(path) else []


def _layer_file(layer):
    """The file of *layer*'s data source ('' for memory, database and web layers)."""
    from qgis.core import QgsProviderRegistry

    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    return parts.get("path") or ""


def _real(path):
    return os.path.realpath(os.path.expanduser(str(path)))


def _remove_empty(folders):
    """Remove the *folders* a run created (outermost first within each output) that are empty now."""
    for folder in sorted(set(folders), key=len, reverse=True):  # the innermost first
        try:
            if Path(folder).is_dir() and not any(Path(folder).iterdir()):
                Path(folder).rmdir()
        except OSError:
            pass  # best effort, like the files


def _try_writing(folder):
    """Make and remove a temporary file in *folder* or its nearest existing parent; OSError if not."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(probe))
    handle, name = tempfile.mkstemp(prefix=".wertvoll-", dir=probe)
    os.close(handle)
    os.unlink(name)


def destination_file(value):
    """``(path, layer name)`` when the sink destination *value* is a file, else ``(None, None)``.

    Understands plain paths (``x.gpkg``, ``x.gpkg|layername=y``), ``ogr:dbname='x.gpkg' table="y"``
    and output definitions holding them; ``TEMPORARY_OUTPUT``, ``memory:`` and provider URIs
    (``postgis:``…) are no files.
    """
    from qgis.core import QgsDataSourceUri, QgsProcessingOutputLayerDefinition, QgsProperty

    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink
    if isinstance(value, QgsProperty):
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



def plain(value):
    """*value* as QGIS takes it: numpy scalars as Python values, NaN as NULL (None)."""
    item = getattr(value, "item", None)
    value = item() if callable(item) else value
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def plain_rows(frame, batch=5000):
    """The rows of the DataFrame *frame* as lists of :func:`plain` values, converted a column at a time
    for *batch* rows at once (numbers without a call per value; only *batch* rows exist as Python objects)."""
    import numpy as np

    for start in range(0, len(frame), batch):
        columns = []
        for _, series in frame.iloc[start:start + batch].items():
            values = series.to_numpy()
            if values.dtype.kind == "f":
                out = values.astype(object)
                out[np.isnan(values)] = None
                columns.append(out.tolist())
            elif values.dtype.kind in "biu":
                columns.append(values.tolist())
            else:
                columns.append([plain(v) for v in values])
        yield from (list(row) for row in zip(*columns))
