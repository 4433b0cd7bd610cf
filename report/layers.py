"""QGIS side of the reports: which layer fills which slot, and its attributes as plain rows."""
from qgis.core import NULL

# KIND_PROPERTY: the custom layer property the WERTvoll algorithms set on their outputs
from ..algorithms.base import KIND_PROPERTY
from ..algorithms.compat import LAYER_VECTOR, REQUEST_NO_GEOMETRY
from .engine import SLOT_KINDS, kind_from_fields


def layer_kind(layer):
    """The slot kind of *layer*: its WERTvoll property, else recognised by its field names."""
    if layer is None or layer.type() != LAYER_VECTOR:
        return None
    kind = layer.customProperty(KIND_PROPERTY)
    if kind in SLOT_KINDS:
        return kind
    return kind_from_fields(layer.fields().names())


def layers_by_kind(layers):
    """{kind: [layers]} for *layers* (e.g. the project's), in the given order."""
    found = {}
    for layer in layers:
        kind = layer_kind(layer)
        if kind:
            found.setdefault(kind, []).append(layer)
    return found


def _plain(value):
    if value is None or value == NULL:
        return None
    if hasattr(value, "toPyDate"):  # QDate
        return value.toPyDate()
    if hasattr(value, "toPyDateTime"):
        return value.toPyDateTime()
    return value


def read_rows(source, feedback=None):
    """Attributes of every feature of *source* (a layer or a Processing feature source) as dicts."""
    names = source.fields().names()
    from qgis.core import QgsFeatureRequest

    request = QgsFeatureRequest().setFlags(REQUEST_NO_GEOMETRY)
    rows = []
    for feature in source.getFeatures(request):
        if feedback is not None and feedback.isCanceled():
            break
        rows.append({name: _plain(value) for name, value in zip(names, feature.attributes())})
    return rows


def draw_figures(spec, map_layers, folder, lang, names=None):
    """Render the template's maps from *map_layers* ({kind: layer}) as PNGs in *folder*.

    Returns {map id: path or None}. Main thread only (print layouts).
    """
    from pathlib import Path

    from .maps import render_map

    figures = {}
    for figure in spec.maps:
        chosen = [(map_layers[k], k) for k in figure.get("layers", []) if map_layers.get(k) is not None]
        figures[figure["id"]] = render_map(chosen, Path(folder) / f"{figure['id']}.png",
                                           title=spec.text(figure.get("title"), lang), names=names, lang=lang)
    return figures
