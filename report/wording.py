"""What a report prints for the codes the algorithms store: land uses, strip zones and bands, flood zones.

The algorithms write codes that stay the same in every language (``outside``, ``strip outside 0-5 m``,
``43001_1010``, zone numbers); a report turns them into words of its language here. Land-use names
come from the value table (``label``, ``label_en``): the labels the screening wrote next to its codes
first, then the shipped table. The phrases are English source strings translated with the plugin's
translation (:func:`i18n.tr_in`), so a German report is German whatever language QGIS speaks.
"""
import functools
import re

from ..kernels.errors import N_
from ..kinds import CALIBRATED_ZONE
from .engine import format_number

#: a strip band's name in the land-use table (kernels/riparian.Band.layer), e.g. ``strip outside 0-5 m``
_BAND_LAYER = re.compile(r"strip (\w+) ([\d.]+)-([\d.]+) m$")
#: the development corridor's name in the land-use table (kernels/riparian.CORRIDOR_LAYER)
_CORRIDOR_LAYER = "corridor"
_ZONES = {"outside": N_("outside built-up areas"), "inside": N_("inside built-up areas")}


def translate(lang, text):
    """*text* (an English source string) in *lang*; English when the translation cannot be loaded."""
    try:
        from ..i18n import tr_in
    except ImportError:  # outside QGIS (kernel tests): the source text
        return text
    return tr_in(lang, text)


def metres(value, lang):
    """A distance or height in m without trailing zeros, in *lang*'s number format: 0.5 -> '0,5'."""
    text = format_number(value, 2, lang)
    return text.rstrip("0").rstrip(",.") if ("," in text or "." in text) else text


def band(start, end, lang):
    """'0–5 m'."""
    return f"{metres(start, lang)}–{metres(end, lang)} m"


def strip_zone(zone, lang):
    """'outside' -> 'außerorts' (de); other values as they are."""
    return translate(lang, _ZONES[zone]) if zone in _ZONES else str(zone)


def landuse_layer(layer, lang):
    """A row name of the land-use table: 'strip outside 0-5 m' -> 'Randstreifen außerorts, 0–5 m'."""
    if layer == _CORRIDOR_LAYER:
        return translate(lang, N_("development corridor"))
    match = _BAND_LAYER.match(str(layer or ""))
    if not match:
        return str(layer or "")
    zone, start, end = match.groups()
    return translate(lang, N_("riparian strip {zone}, {band}")).format(
        zone=strip_zone(zone, lang), band=band(float(start), float(end), lang))


def flood_zone(zone, upper, lower, lang):
    """Zone 0 is the official zone; zone k the ring from *lower* (None: the river) up to *upper* m."""
    if zone == 0:
        return translate(lang, N_("official flood zone (designated)"))
    if zone == CALIBRATED_ZONE:
        return translate(lang, N_("estimated HQ100, calibrated on the designated zones"))
    if upper is None:
        return translate(lang, N_("estimated zone {zone}")).format(zone=zone)
    if lower is None:
        return translate(lang, N_("up to {upper} m above the river (estimated)")).format(
            upper=metres(upper, lang))
    return translate(lang, N_("{lower} to {upper} m above the river (estimated)")).format(
        lower=metres(lower, lang), upper=metres(upper, lang))


@functools.lru_cache(maxsize=1)
def _shipped_labels():
    """{code: (label, label_en)} of the shipped value table."""
    from ..kernels.value_table import SHIPPED_TABLES, load_value_table, shipped_table

    path, _method = shipped_table(SHIPPED_TABLES[0][0])
    return {code: (row.label, row.label_en) for code, row in load_value_table(path).rows.items()}


def landuse_names(lang, known=None):
    """A function code -> land-use name in *lang*: *known* {code: label} first, then the shipped table.

    An empty code is 'not given'; a code found nowhere is printed as it is.
    """
    from ..kernels.value_table import normalize_code

    shipped = _shipped_labels()
    known = {normalize_code(c): label for c, label in (known or {}).items() if label}
    missing = translate(lang, N_("not given"))

    def name(code):
        key = normalize_code(code)
        if key is None:
            return missing
        label, label_en = shipped.get(key, ("", ""))
        if lang == "en" and label_en:
            return label_en
        return known.get(key) or label or key

    return name
