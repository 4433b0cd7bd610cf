"""QGIS side of the reports: which layer fills which slot, and its attributes as plain rows."""
from qgis.core import NULL

# KIND_PROPERTY: the custom layer property the WERTvoll algorithms set on their outputs
from ..kinds import KIND_PROPERTY
from ..compat import LAYER_VECTOR, REQUEST_NO_GEOMETRY, SOURCE_SKIP_GEOMETRY_VALIDITY
from .engine import SLOT_KINDS, kind_from_fields


#: WERTvoll output fields with names longer than 10 characters: a Shapefile (dBASE) keeps the
#: first 10 (OGR cuts them; unique for every output), the report maps them back
LONG_FIELD_NAMES = ("municipality", "landuse_label", "value_target", "share_water", "share_flood",
                    "share_riparian", "share_corridor", "selected_area_m2", "selected_pts", "band_from_m",
                    "restrictions", "corridor_width_m", "threshold_m", "cost_per_length", "mean_resistance",
                    "max_resistance")
_FROM_SHAPEFILE = {name[:10]: name for name in LONG_FIELD_NAMES}


def full_names(names):
    """Field *names* with the Shapefile-cut ones (e.g. ``municipali``) given back their full name."""
    present = set(names)
    return [_FROM_SHAPEFILE[n] if n in _FROM_SHAPEFILE and _FROM_SHAPEFILE[n] not in present else n
            for n in names]


def layer_kind(layer):
    """The slot kind of *layer*: its WERTvoll property, else recognised by its field names."""
    if layer is None or layer.type() != LAYER_VECTOR:
        return None
    kind = layer.customProperty(KIND_PROPERTY)
    if kind in SLOT_KINDS:
        return kind
    return kind_from_fields(full_names(layer.fields().names()))


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
    names = full_names(source.fields().names())
    from qgis.core import QgsFeatureRequest, QgsProcessingFeatureSource

    request = QgsFeatureRequest().setFlags(REQUEST_NO_GEOMETRY)
    if isinstance(source, QgsProcessingFeatureSource):
        # attributes only: the invalid-geometry setting is for geometries (its 'stop' mode would
        # throw a C++ exception Python cannot catch); the report counts every row of the layer
        features = source.getFeatures(request, SOURCE_SKIP_GEOMETRY_VALIDITY)
    else:
        features = source.getFeatures(request)
    rows = []
    for feature in features:
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
