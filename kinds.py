"""The output kinds of WERTvoll: each result layer defined once, read by every part of the plugin.

An output kind (``FLOOD_ZONES``, ``LINKS`` …) says which fields the layer has (name, type),
how the report recognises it, which ones the report adds up, how it is labelled and drawn:

* the kernels take their output column names from here (:meth:`OutputKind.names`);
* the algorithms build their QGIS fields from here and tag the layer with the kind
  (``algorithms/outputs.py``), which also picks its style;
* the report reads the slot parameters, the field signatures, the number fields and the
  Shapefile field names from here (``report/``, ``algorithms/report.py``);
* the styles: ``resources/styles/<lang>/<kind>.qml`` (built by ``scripts/make_styles.py``),
  class breaks from the data for the kinds with ``dynamic_style``, a fallback symbol for maps.

Adding an output field: add a :class:`Field` to its kind below and compute the column in the
kernel. Nothing here imports QGIS.
"""
from dataclasses import dataclass

from .kernels.errors import N_

#: custom layer property naming what a WERTvoll output holds (set when Processing loads it)
KIND_PROPERTY = "wertvoll/kind"
#: the field types a kind may use; "id" takes the type of the input's identifiers (int64,
#: double or string), decided at run time
FIELD_TYPES = ("int", "int64", "double", "string", "bool", "id")


@dataclass(frozen=True)
class Field:
    """One attribute of an output layer."""

    name: str
    type: str
    #: one of the fields by which the report recognises a layer of this kind without its tag
    signature: bool = False
    #: the report adds it up or compares it: text that is no number counts 0, with a warning
    number: bool = False


@dataclass(frozen=True)
class OutputKind:
    """A kind of WERTvoll result layer."""

    name: str
    fields: tuple
    #: "polygon", "line" or "none" (a table)
    geometry: str
    #: the report slot (parameter label and help of wertvoll:report), None when it is no slot
    slot_label: str = ""
    slot_help: str = ""
    #: graduated style whose class breaks come from the data: (field, number of classes)
    dynamic_style: tuple = ()
    #: fallback symbol of the report maps when no QML exists: (fill, outline/line colour, width mm)
    symbol: tuple = ()

    def names(self):
        """The field names, in layer order."""
        return tuple(f.name for f in self.fields)

    def signature(self):
        """The field names that recognise the kind (empty: not recognised by its fields)."""
        return tuple(f.name for f in self.fields if f.signature)

    @property
    def is_slot(self):
        return bool(self.slot_label)


def _f(name, type_, *flags):
    """A :class:`Field`; *flags* among "sig" (signature) and "num" (a number the report uses)."""
    return Field(name, type_, signature="sig" in flags, number="num" in flags)


COMPENSATION = OutputKind(
    "COMPENSATION",
    (_f("src_fid", "int64"), _f("municipality", "string", "sig"), _f("landuse", "string"),
     _f("landuse_label", "string"), _f("area_m2", "double", "num"), _f("value_now", "double"),
     _f("measure", "string"), _f("value_target", "double"), _f("pik", "bool"),
     _f("uplift_pts", "double", "sig", "num"), _f("share_water", "double", "num"),
     _f("share_flood", "double", "num"), _f("share_riparian", "double", "num"),
     _f("share_corridor", "double", "num"), _f("score", "double", "sig", "num"),
     _f("rank", "int", "sig", "num"), _f("selected", "bool", "sig"), _f("sel_greedy", "bool"),
     _f("sel_freq", "double", "num"), _f("rank_min", "int"), _f("rank_max", "int"),
     _f("gain_eca", "double", "num"), _f("farmland", "bool"), _f("prime_soil", "bool"),
     _f("n_saved_ha", "double", "num"), _f("n_saved_kg", "double", "num"), _f("co2_t_a", "double", "num"),
     _f("est_unc", "string"), _f("method", "string"),
     _f("notes", "string")),
    "polygon",
    N_("Compensation candidates"), N_("Output 'Compensation candidates' of the compensation-area screening."),
    symbol=("#81c784", "#1b5e20", 0.2))
#: a robust pick: selected in at least this share of the random weightings (``sel_freq``; Marxan's
#: selection frequency, the threshold the planning committee asked for)
ROBUST_SHARE = 0.9
SUMMARY = OutputKind(
    "SUMMARY",
    (_f("municipality", "string", "sig"), _f("candidates", "int", "sig", "num"), _f("area_m2", "double", "num"),
     _f("uplift_pts", "double"), _f("selected_area_m2", "double", "num"),
     _f("selected_pts", "double", "sig", "num"), _f("selected_n_kg", "double", "num"),
     _f("selected_co2_t", "double", "num")),
    "none",
    N_("Summary per municipality"),
    N_("Output 'Summary per municipality' of the screening (a table). Optional: the report "
       "sums the candidates itself when it is empty."))
STRIPS = OutputKind(
    "STRIPS",
    (_f("zone", "string", "sig"), _f("band_from_m", "double", "sig", "num"),
     _f("band_to_m", "double", "sig", "num"), _f("rule", "string", "sig"), _f("restrictions", "string"),
     _f("slope_band", "bool"), _f("area_m2", "double", "num"), _f("bank_source", "string"),
     _f("slope_scope", "string")),
    "polygon",
    N_("Riparian strips"), N_("Output 'Riparian strips' of the riparian-strips algorithm."),
    symbol=("#4fc3f7", "#0277bd", 0.1))
CORRIDORS_RIVER = OutputKind(
    "CORRIDORS_RIVER",
    (_f("corridor_width_m", "double", "sig", "num"), _f("area_m2", "double", "sig", "num")),
    "polygon",
    N_("River development corridors"), N_("Output 'Development corridors' of the riparian-strips algorithm."),
    symbol=("#b3e5fc", "#0288d1", 0.1))
STRIP_LANDUSE = OutputKind(
    "STRIP_LANDUSE",
    (_f("layer", "string", "sig"), _f("landuse", "string", "sig"), _f("area_m2", "double", "sig", "num"),
     _f("share", "double", "sig")),
    "none",
    N_("Land use in strips"),
    N_("Output 'Land use inside strips and corridors' of the riparian-strips algorithm "
       "(a table): the land-use conflicts of the report."))
FLOOD_ZONES = OutputKind(
    "FLOOD_ZONES",
    (_f("zone", "int", "sig"), _f("threshold_m", "double", "sig", "num"), _f("label", "string", "sig"),
     _f("area_m2", "double", "sig", "num"), _f("outside_official_m2", "double", "num"), _f("flagged_m2", "double"),
     _f("note", "string")),
    "polygon",
    N_("Flood-risk zones"), N_("Output 'Flood-risk zones' of the flood-risk algorithm."),
    symbol=("#90caf9", "#1565c0", 0.1))
#: the zone number of "estimated HQ100 (calibrated)" in FLOOD_ZONES (kernels/flood_calibration.py);
#: 0 is the official zone, 1 … 50 the zones of the height thresholds
CALIBRATED_ZONE = 100
FLOOD_EXPOSURE = OutputKind(
    "FLOOD_EXPOSURE",
    (_f("zone", "int", "sig"), _f("class", "string", "sig"), _f("area_m2", "double", "sig", "num"),
     _f("count", "int", "sig", "num")),
    "none",
    N_("Flood exposure"), N_("Output 'Exposure per zone' of the flood-risk algorithm (a table)."))
#: terrain flags of the flood-risk zones (kernels/flood_terrain.py: bits 1 low relief, 2 flat surface)
FLOOD_FLAGS = OutputKind(
    "FLOOD_FLAGS",
    (_f("flag", "int"), _f("reason", "string"), _f("area_m2", "double")),
    "polygon", symbol=("#ffffff", "#b71c1c", 0.2))
FLOOD_CALIBRATION = OutputKind(
    "FLOOD_CALIBRATION",
    (_f("class", "string"), _f("threshold_m", "double"), _f("fitted_on", "string"), _f("official_m2", "double"),
     _f("estimated_m2", "double"), _f("hit_rate", "double"), _f("false_alarm_ratio", "double"),
     _f("csi", "double"), _f("calibrated_m2", "double")),
    "none")
LINKS = OutputKind(
    "LINKS",
    (_f("from_id", "id", "sig"), _f("to_id", "id", "sig"), _f("cost", "double", "sig", "num"),
     _f("length_m", "double", "sig", "num"), _f("euclid_m", "double"), _f("cost_per_length", "double"),
     _f("mean_resistance", "double"), _f("max_resistance", "double"), _f("gap_m", "double"), _f("prob", "double")),
    "line",
    N_("Biotope links"), N_("Output 'Links' of the biotope-corridor algorithm."),
    dynamic_style=("cost", 5), symbol=(None, "#6d4c41", 0.5))
NETWORK_CORRIDORS = OutputKind(
    "NETWORK_CORRIDORS",
    (_f("from_id", "id"), _f("to_id", "id"), _f("area_m2", "double")),
    "polygon")
PATCHES = OutputKind(
    "PATCHES",
    (_f("patch_id", "id", "sig"), _f("area_m2", "double", "sig", "num"), _f("degree", "int", "sig", "num"),
     _f("component", "int", "sig", "num"), _f("dPC", "double", "sig", "num"), _f("dPCintra", "double", "num"),
     _f("dPCflux", "double", "num"), _f("dPCconnector", "double", "num")),
    "polygon",
    N_("Habitat patches"), N_("Output 'Patches' of the biotope-corridor algorithm (with dPC)."),
    dynamic_style=("dPC", 5), symbol=("#2e7d32", "#1b5e20", 0.2))
GAPS = OutputKind(
    "GAPS",
    (_f("from_id", "id", "sig"), _f("to_id", "id", "sig"), _f("length_m", "double", "sig", "num")),
    "line",
    N_("Network gaps"), N_("Output 'Gaps' of the biotope-corridor algorithm."),
    symbol=(None, "#d32f2f", 0.9))

#: every kind by name, in the order the report lists its slots
KINDS = {kind.name: kind for kind in (COMPENSATION, SUMMARY, STRIPS, STRIP_LANDUSE, CORRIDORS_RIVER,
                                       FLOOD_ZONES, FLOOD_EXPOSURE, FLOOD_CALIBRATION, FLOOD_FLAGS, LINKS,
                                       NETWORK_CORRIDORS, PATCHES, GAPS)}
#: the kinds that are report slots
SLOTS = {name: kind for name, kind in KINDS.items() if kind.is_slot}
#: fields the report adds up or compares, over all kinds
NUMBER_FIELDS = frozenset(f.name for kind in SLOTS.values() for f in kind.fields if f.number)
#: field names longer than 10 characters: a Shapefile (dBASE) keeps the first 10, the report maps
#: them back (the cut names are unique over all kinds: checked by tests/test_kinds.py)
LONG_FIELD_NAMES = tuple(dict.fromkeys(f.name for kind in KINDS.values() for f in kind.fields
                                       if len(f.name) > 10))
