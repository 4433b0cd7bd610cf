"""The provenance record of a run: what made a result, written into the result itself.

After a run that finished, :func:`record` describes it — the algorithm, every parameter as given
(for one left at its default: the source its help cites, or that it is an assumption), the input
layers (source, feature count, CRS, file date), the tables read with their SHA-256, the plugin and
QGIS versions, the time and the ``qgis_process`` command that runs it again — and
:func:`write_record` stores it (JSON) in each output the run made:

* a GeoPackage layer: an OGR layer metadata item (``PROVENANCE`` in the domain ``WERTVOLL``,
  kept by GDAL in the GeoPackage's ``gpkg_metadata`` table);
* a raster (GeoTIFF): the same GDAL metadata item of the dataset;
* a layer Processing keeps in memory: the custom property :data:`PROVENANCE_PROPERTY`.

Other formats (Shapefile, CSV, PostGIS) get none. ``report/provenance.py`` reads it back.
"""
import datetime
import hashlib
import json
import os
import re
import shlex
from contextlib import contextmanager
from pathlib import Path

#: custom layer property holding the record of a memory layer (JSON text)
PROVENANCE_PROPERTY = "wertvoll/provenance"
#: the GDAL metadata domain and item holding the record in a file
METADATA_DOMAIN = "WERTVOLL"
METADATA_KEY = "PROVENANCE"
#: the program of the reproducing command (Debian's ``qgis_process`` wrapper fails, see tests/qgisprocess.py)
QGIS_PROCESS = "qgis_process.bin"
#: the status of a default: its help cites a law or guideline, calls it an assumption, or says neither
CITED, ASSUMPTION, NO_SOURCE = "cited", "assumption", "none"

#: parameter types whose value is one or more layers (an input of the run)
LAYER_TYPES = ("source", "vector", "raster", "multilayer")
#: words by which a help sentence cites a law, an ordinance or a guideline
_CITATION = re.compile(r"§|\b(Anlage|BKompV|WHG|SächsWG|SächsNatSchG|BNatSchG|BauGB|LAWA|DIN|SMUL|LfULG)\b")
_ASSUMPTION = re.compile(r"\b(Annahme|assumptions?)\b", re.IGNORECASE)
#: the end of a sentence: not after "e.g.", "i.e.", "no." (SächsWG §24(3) no. 1), "cf."
_SENTENCE_END = re.compile(r"(?<=[.!?;])(?<!e\.g\.)(?<!i\.e\.)(?<!\bno\.)(?<!\bcf\.)\s+(?=[A-Za-z])")


def default_source(help_text):
    """``{"status", "text"}`` of a parameter's default, from its English help (a string or N_() pieces).

    The sentences naming the default are looked at: one calling it an assumption (Annahme) gives
    :data:`ASSUMPTION`, else one citing a law or guideline (§, WHG, LAWA …) :data:`CITED`, each
    with that sentence; otherwise :data:`NO_SOURCE` (nothing is invented).
    """
    pieces = (help_text,) if isinstance(help_text, str) else tuple(help_text or ())
    sentences = [s for piece in pieces for s in _SENTENCE_END.split(piece or "")]
    naming = [s for s in sentences if "default" in s.lower()]
    for status, pattern in ((ASSUMPTION, _ASSUMPTION), (CITED, _CITATION)):
        for sentence in naming:
            if pattern.search(sentence):
                return {"status": status, "text": sentence}
    return {"status": NO_SOURCE, "text": " ".join(naming)}


def as_text(value):
    """A parameter value as qgis_process takes it: a string, a list of strings, or None when empty."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsMapLayer,
        QgsProcessingFeatureSourceDefinition,
        QgsProcessingOutputLayerDefinition,
        QgsProperty,
    )

    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        value = value.source
    elif isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink
    if isinstance(value, QgsProperty):
        value = value.staticValue()
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in [as_text(item)] if text is not None] or None
    if isinstance(value, QgsMapLayer):
        return value.source()
    if isinstance(value, QgsCoordinateReferenceSystem):
        return value.authid() or value.toWkt()
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value is None or value == "" else str(value)


def _is_default(definition, text):
    """True when the parameter was not given or given with its default value."""
    default = as_text(definition.defaultValue())
    if text is None or text == default:
        return True
    try:
        return float(text) == float(default)
    except (TypeError, ValueError):
        return False


def parameter_entries(algorithm, parameters):
    """One entry per parameter: name, label, value as given (text), at its default, the default's source."""
    entries = []
    for definition in algorithm.parameterDefinitions():
        name = definition.name()
        text = as_text(parameters.get(name))
        entry = {"name": name, "description": definition.description(), "value": text, "output": False}
        if definition.isDestination():
            entry["output"] = True
        elif definition.defaultValue() is not None and _is_default(definition, text):
            entry["value"] = text if text is not None else as_text(definition.defaultValue())
            entry["default"] = default_source(algorithm.help_source(name))
        entries.append(entry)
    return entries


def _modified(path):
    """The file's modification time, ISO 8601 with the local offset; None without a file."""
    if not path or not os.path.isfile(path):
        return None
    stamp = datetime.datetime.fromtimestamp(os.path.getmtime(path), datetime.timezone.utc)
    return stamp.astimezone().isoformat(timespec="seconds")


def _layer_entry(name, layer, count):
    from .outputs import _layer_file

    path = _layer_file(layer)
    return {"parameter": name, "source": layer.source(), "path": path or None, "features": count,
            "crs": layer.crs().authid() or None, "modified": _modified(path)}


def input_entries(algorithm, parameters, context):
    """One entry per input layer: its parameter, source, file, feature count, CRS and file date."""
    from ..report.layers import readable

    entries = []
    for definition in algorithm.parameterDefinitions():
        name = definition.name()
        if definition.type() not in LAYER_TYPES or parameters.get(name) in (None, ""):
            continue
        if definition.type() == "multilayer":
            layers = algorithm.parameterAsLayerList(parameters, name, context)
        else:
            layers = [algorithm.parameterAsLayer(parameters, name, context)]
        # a layer whose file is gone (left out of a report) is not read again: QGIS 3.40 crashes on it
        layers = [layer for layer in layers if readable(layer)]
        if not layers:
            continue
        source = algorithm.parameterAsSource(parameters, name, context) if definition.type() == "source" else None
        for layer in layers:
            count = source.featureCount() if source is not None else getattr(layer, "featureCount", lambda: None)()
            entries.append(_layer_entry(name, layer, count))
    return entries


def sha256(path):
    """The SHA-256 (hex) of the file at *path*."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def table_entries(tables):
    """``{"parameter", "path", "sha256"}`` of the ``(parameter, path)`` tables a run read."""
    return [{"parameter": name, "path": str(path), "sha256": sha256(path)}
            for name, path in tables if path and Path(path).is_file()]


def command(algorithm_id, parameters):
    """The shell command (quoted with shlex) that runs *algorithm_id* with *parameters* again."""
    words = [QGIS_PROCESS, "run", algorithm_id]
    for name, value in parameters.items():
        text = as_text(value)
        for item in text if isinstance(text, list) else [] if text is None else [text]:
            words.append(f"--{name}={item}")
    return " ".join(shlex.quote(word) for word in words)


def record(algorithm, parameters, context, tables=()):
    """The provenance record (a dict, JSON-ready) of a finished run of *algorithm*."""
    from qgis.core import Qgis

    from ..about import plugin_metadata

    algorithm_id = algorithm.id() if algorithm.provider() is not None else f"wertvoll:{algorithm.name()}"
    return {
        "algorithm": {"id": algorithm_id, "name": algorithm.DISPLAY_NAME, "display_name": algorithm.displayName()},
        "parameters": parameter_entries(algorithm, parameters),
        "inputs": input_entries(algorithm, parameters, context),
        "tables": table_entries(tables),
        "versions": {"plugin": plugin_metadata("version"), "qgis": Qgis.QGIS_VERSION},
        "run": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": command(algorithm_id, parameters),
    }


def write_record(entry, outputs, context):
    """Store *entry* (:func:`record`) in each of *outputs* (outputs.MadeOutput); names of those failed.

    Each output gets its own copy naming it (``output``: parameter name and destination).
    """
    failed = []
    for output in outputs:
        text = json.dumps({**entry, "output": {"name": output.name, "destination": output.dest_id}},
                          ensure_ascii=False)
        if not _store(text, output, context):
            failed.append(output.name)
    return failed


def _store(text, output, context):
    """Put *text* where the reader looks for it; False when that did not work (no file: True)."""
    layer = context.temporaryLayerStore().mapLayer(output.dest_id) if output.dest_id else None
    if layer is not None:
        layer.setCustomProperty(PROVENANCE_PROPERTY, text)
        return True
    path = output.path or ""
    if path.lower().endswith(".gpkg"):
        return _store_in_geopackage(text, path, output.layer_name or _layer_name(output.dest_id, path))
    if path.lower().endswith((".tif", ".tiff")):
        return _store_in_raster(text, path)
    return True


def _layer_name(dest_id, path):
    """The layer a sink wrote into the GeoPackage *path*: named in *dest_id*, else the file's name."""
    from .outputs import destination_file

    return destination_file(dest_id)[1] or Path(path).stem


def _store_in_geopackage(text, path, layer_name):
    from osgeo import gdal

    with quiet_gdal():
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
        layer = dataset.GetLayerByName(layer_name) if dataset is not None else None
        if layer is None:
            return False
        ok = layer.SetMetadataItem(METADATA_KEY, text, METADATA_DOMAIN) == 0
        layer = dataset = None  # closes the file: GDAL writes the metadata now
        return ok
    return False


def _store_in_raster(text, path):
    from osgeo import gdal

    with quiet_gdal():
        dataset = gdal.Open(path, gdal.GA_Update)
        if dataset is None:
            return False
        ok = dataset.SetMetadataItem(METADATA_KEY, text, METADATA_DOMAIN) == 0
        dataset = None
        return ok
    return False


@contextmanager
def quiet_gdal():
    """Silence GDAL's messages inside the block; a GDAL exception (when enabled) ends it quietly."""
    from osgeo import gdal

    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        yield
    except RuntimeError:
        pass
    finally:
        gdal.PopErrorHandler()
