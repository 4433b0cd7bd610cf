"""The provenance appendix of a report: the record each result layer carries, read back and laid out.

``algorithms/provenance.py`` writes the record of a run into its outputs (GeoPackage layer and
GeoTIFF metadata, a memory layer's custom property). Here:

* :func:`read_provenance` reads it from a layer (None for a layer without one: CSV, Shapefile,
  a layer from before provenance was recorded);
* :func:`provenance_rows` turns records into what a template prints (texts in the report's language);
* :func:`add_provenance` puts them into a report context (``provenance``, labels ``L.prov_*``).
"""
import json

from ..algorithms.provenance import (
    ASSUMPTION,
    CITED,
    METADATA_DOMAIN,
    METADATA_KEY,
    PROVENANCE_PROPERTY,
    quiet_gdal,
)

#: the appendix's labels; a template's own label of the same key wins
LABELS = {
    "prov_title": {"de": "Anhang: Herkunft der Ergebnisse", "en": "Appendix: provenance of the results"},
    "prov_intro": {"de": "Für jedes Ergebnis: der Algorithmus, seine Parameter (bei Standardwerten deren Quelle), "
                         "die Eingangsdaten, die Bewertungstabellen mit Prüfsumme (SHA-256), die Versionen und der "
                         "Befehl, der die Berechnung wiederholt.",
                   "en": "For each result: the algorithm, its parameters (for defaults their source), the input "
                         "data, the value tables with checksum (SHA-256), the versions and the command that "
                         "repeats the computation."},
    "prov_result": {"de": "Ergebnis", "en": "Result"},
    "prov_algorithm": {"de": "Algorithmus", "en": "Algorithm"},
    "prov_run": {"de": "Berechnet am", "en": "Computed on"},
    "prov_versions": {"de": "Versionen", "en": "Versions"},
    "prov_command": {"de": "Befehl zur Wiederholung", "en": "Command to repeat it"},
    "prov_parameter": {"de": "Parameter", "en": "Parameter"},
    "prov_value": {"de": "Wert", "en": "Value"},
    "prov_default": {"de": "Standardwert", "en": "Default"},
    "prov_source": {"de": "Quelle des Standardwerts", "en": "Source of the default"},
    "prov_input": {"de": "Eingangsdaten", "en": "Input data"},
    "prov_features": {"de": "Objekte", "en": "Features"},
    "prov_crs": {"de": "KBS", "en": "CRS"},
    "prov_modified": {"de": "Dateistand", "en": "File date"},
    "prov_table": {"de": "Tabelle", "en": "Table"},
    "prov_checksum": {"de": "Prüfsumme (SHA-256)", "en": "Checksum (SHA-256)"},
}
#: the status of a default as the appendix shows it (the texts of the citations stay English)
STATUS = {
    CITED: {"de": "Quelle: {text}", "en": "Source: {text}"},
    ASSUMPTION: {"de": "Annahme / assumption: {text}", "en": "Annahme / assumption: {text}"},
    "none": {"de": "keine Quelle angegeben", "en": "no source given"},
}
YES = {"de": "ja", "en": "yes"}


def read_provenance(layer):
    """The provenance record (a dict) of *layer*, or None when it has none."""
    if layer is None:
        return None
    text = layer.customProperty(PROVENANCE_PROPERTY) or _file_record(layer)
    try:
        record = json.loads(text) if text else None
    except (TypeError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _file_record(layer):
    """The record text in the layer's GeoPackage layer or raster metadata, else None."""
    from osgeo import gdal
    from qgis.core import QgsProviderRegistry

    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    path = parts.get("path") or ""
    if layer.providerType() == "gdal" and path:
        with quiet_gdal():
            dataset = gdal.Open(path)
            return dataset.GetMetadataItem(METADATA_KEY, METADATA_DOMAIN) if dataset is not None else None
    if layer.providerType() == "ogr" and path.lower().endswith(".gpkg"):
        with quiet_gdal():
            dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
            found = dataset and (dataset.GetLayerByName(parts["layerName"]) if parts.get("layerName")
                                 else dataset.GetLayer(parts.get("layerId") or 0))
            return found.GetMetadataItem(METADATA_KEY, METADATA_DOMAIN) if found else None
    return None


def _text(table, lang):
    return table.get(lang) or table["en"]


def _default_text(entry, lang):
    default = entry.get("default") or {}
    status = default.get("status", "none")
    return _text(STATUS.get(status, STATUS["none"]), lang).format(text=default.get("text", ""))


def _parameter_rows(record, lang):
    return [{"name": e["name"], "description": e.get("description") or e["name"],
             "value": e.get("value") if e.get("value") is not None else "–",
             "default": _text(YES, lang) if "default" in e else "",
             "source": _default_text(e, lang) if "default" in e else ""}
            for e in record.get("parameters", []) if e.get("value") is not None or "default" in e]


def provenance_rows(records, lang="de"):
    """What the appendix prints, one dict per record, texts in *lang*.

    Each: ``result``, ``algorithm``, ``run``, ``versions``, ``command`` (texts) and the lists
    ``parameters`` (name, description, value, default: yes or '', source), ``inputs``
    (parameter, source, features, crs, modified) and ``tables`` (parameter, path, sha256).
    """
    rows = []
    for record in records:
        algorithm, versions = record.get("algorithm", {}), record.get("versions", {})
        output = record.get("output", {})
        rows.append({
            "result": record.get("layer") or output.get("name") or "",
            "algorithm": f"{algorithm.get('display_name') or algorithm.get('name', '')} ({algorithm.get('id', '')})",
            "run": record.get("run", ""),
            "versions": f"WERTvoll {versions.get('plugin', '?')}, QGIS {versions.get('qgis', '?')}",
            "command": record.get("command", ""),
            "parameters": _parameter_rows(record, lang),
            "inputs": [{**entry, "features": "–" if entry.get("features") is None else entry["features"],
                        "crs": entry.get("crs") or "–", "modified": entry.get("modified") or "–"}
                       for entry in record.get("inputs", [])],
            "tables": list(record.get("tables", [])),
        })
    return rows


def add_provenance(context, layers, lang="de"):
    """Put the records of *layers* ({kind: layer}, the report's slot layers) into the report *context*.

    ``context["provenance"]``: :func:`provenance_rows` of the layers that carry a record, each
    named by its layer; the appendix labels join ``context["L"]`` unless the template has them.
    """
    records = []
    for layer in layers.values():
        record = read_provenance(layer)
        if record is not None:
            records.append({**record, "layer": layer.name()})
    context["provenance"] = provenance_rows(records, lang)
    context["L"] = {**{key: _text(text, lang) for key, text in LABELS.items()}, **context.get("L", {})}
    return context
