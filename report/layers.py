"""QGIS side of the reports: which layer fills which slot, and its attributes as plain rows."""
from qgis.core import NULL

from ..compat import LAYER_VECTOR, REQUEST_NO_GEOMETRY, SOURCE_SKIP_GEOMETRY_VALIDITY
from ..kernels.errors import N_
from ..kinds import KIND_PROPERTY, LONG_FIELD_NAMES, SLOTS
from .engine import ReportError, kind_from_fields
from .rows import RowsBuilder

#: a Shapefile (dBASE) keeps the first 10 characters of a field name; the report maps them back
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
    if kind in SLOTS:
        return kind
    return kind_from_fields(full_names(layer.fields().names()))


def slot_names(lang=None):
    """Layer name per slot kind (legend entries of the report maps), in *lang* or the UI's language."""
    from ..i18n import tr, tr_in

    return {name: (tr_in(lang, kind.slot_label) if lang else tr(kind.slot_label)) for name, kind in SLOTS.items()}


def layers_by_kind(layers):
    """{kind: [layers]} for *layers* (e.g. the project's), in the given order."""
    found = {}
    for layer in layers:
        kind = layer_kind(layer)
        if kind:
            found.setdefault(kind, []).append(layer)
    return found


def _source_path(layer):
    """The file behind *layer* (absolute path), or '' for a layer without one (memory, database, URL)."""
    import os

    from qgis.core import QgsProviderRegistry

    path = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source()).get("path") or ""
    return path if os.path.isabs(path) else ""


def readable(layer):
    """True when *layer* can still be read: valid, its provider opened its source, its file is there.

    A layer whose file was deleted or moved and then reloaded stays "valid" with a provider that
    cannot open it (featureCount() is -2); cloning it for a map crashes QGIS.
    """
    import os

    if layer is None or not layer.isValid():
        return False
    provider = layer.dataProvider()
    if provider is None or not provider.isValid():
        return False
    path = _source_path(layer)
    return not path or os.path.exists(path)


def message(error):
    """The translated text of a ReportError."""
    from ..i18n import tr

    return tr(error.template).format(**error.params)


def slot_layer(slot, layer, warn):
    """*layer* chosen for *slot* when it can be read, else None.

    An unreadable layer of an optional slot is left out with *warn* (message); of a required
    slot it is a ReportError.
    """
    if layer is None or readable(layer):
        return layer
    from ..i18n import tr

    params = {"layer": layer.name(), "slot": tr(SLOTS[slot["kind"]].slot_label), "source": layer.publicSource()}
    if slot.get("required"):
        raise ReportError(N_("The layer '{layer}' for '{slot}' cannot be read: its data source {source} is missing, "
                             "was moved or cannot be opened. Repair its data source or choose another layer."),
                          **params)
    error = ReportError(N_("The layer '{layer}' for '{slot}' cannot be read: its data source {source} is missing, "
                           "was moved or cannot be opened; the report leaves it out. Repair its data source or "
                           "choose another layer."), **params)
    warn(message(error))
    return None


def check_rows(slot, rows):
    """A ReportError when the layer of a required *slot* gave no *rows* (filtered or empty)."""
    from ..i18n import tr

    if slot.get("required") and not rows:
        raise ReportError(N_("The layer for '{slot}' has no features (check its filter or selection). Choose a "
                             "layer holding results."), slot=tr(SLOTS[slot["kind"]].slot_label))


def check_tables(spec, tables):
    """A ReportError when the template *spec* got no layer ({kind: rows}) or only empty ones."""
    if not tables:
        raise ReportError(N_("Template '{name}' got no layer. Give at least one of: {slots}."),
                          name=spec.name, slots=", ".join(spec.slot_kinds()))
    if not any(tables.values()):
        raise ReportError(N_("Template '{name}' got only layers without features (check their filters or "
                             "selections). Give at least one layer holding results."), name=spec.name)


def _plain(value):
    if value is None or value == NULL:
        return None
    if hasattr(value, "toPyDate"):  # QDate
        return value.toPyDate()
    if hasattr(value, "toPyDateTime"):
        return value.toPyDateTime()
    return value


def read_rows(source, feedback=None):
    """Attributes of every feature of *source* (a layer or a Processing feature source) as
    :class:`~.rows.Rows` (by column: a million candidates fit in a few hundred MB)."""
    names = full_names(source.fields().names())
    from qgis.core import QgsFeatureRequest, QgsProcessingFeatureSource

    request = QgsFeatureRequest().setFlags(REQUEST_NO_GEOMETRY)
    if isinstance(source, QgsProcessingFeatureSource):
        # attributes only: the invalid-geometry setting is for geometries (its 'stop' mode would
        # throw a C++ exception Python cannot catch); the report counts every row of the layer
        features = source.getFeatures(request, SOURCE_SKIP_GEOMETRY_VALIDITY)
    else:
        features = source.getFeatures(request)
    builder = RowsBuilder(names)
    for count, feature in enumerate(features):
        if count % 2000 == 0 and feedback is not None and feedback.isCanceled():
            break
        builder.add([_plain(value) for value in feature.attributes()])
    return builder.rows()


def missing_layer(spec, kind):
    """The planner's message when the template *spec* needs a layer for slot *kind* and got none."""
    from ..i18n import tr

    return tr("Template '{name}' needs a layer for '{slot}'. Choose it, e.g. the matching output "
              "of a WERTvoll algorithm.").format(name=spec.name, slot=tr(SLOTS[kind].slot_label))


def draw_figures(spec, map_layers, folder, lang, *, context=None, attribution="", is_cancelled=None):
    """Render the template's maps from *map_layers* ({kind: layer}) as PNGs in *folder*.

    The legend names the layers by their slot, in *lang*. *context*: the municipalities (grey
    boundaries and names, an overview map), *attribution*: a line naming the data; both optional.
    Returns {map id: path or None}. Main thread only (print layouts).
    """
    from pathlib import Path

    from .maps import MapLook, render_map

    names = slot_names(lang)
    figures = {}
    for figure in spec.maps:
        if is_cancelled is not None and is_cancelled():  # asked before each figure
            break
        chosen = [(map_layers[k], k) for k in figure.get("layers", []) if map_layers.get(k) is not None]
        look = MapLook(title=spec.text(figure.get("title"), lang), names=names, lang=lang, attribution=attribution)
        figures[figure["id"]] = render_map(chosen, Path(folder) / f"{figure['id']}.png", look, context=context)
    return figures
