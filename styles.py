"""Styles of the WERTvoll outputs, from QML files in resources/styles/<lang>/<kind>.qml.

Applied on the main thread: by the output post-processor when Processing loads a result into
the project, and by the report maps. Built by ``scripts/make_styles.py``. The legend labels
(below, German and English) write numbers in the language's format ("5.450,5" / "5,450.5") and
name their unit; the labels that depend on the data (class breaks of links and patches, the
heights of the flood zones) are written when a layer is styled.
"""
from .about import PLUGIN_DIR
from .kinds import CALIBRATED_ZONE, KINDS

STYLE_DIR = PLUGIN_DIR / "resources" / "styles"

#: legend labels of the styles; {lo}, {hi}, {k}: numbers already in the language's format
LABELS = {
    "score": {"de": "Punktzahl {lo} – {hi}", "en": "score {lo} – {hi}"},
    "score_top": {"de": "Punktzahl ab {lo}", "en": "score {lo} and above"},
    "selected": {"de": "ausgewählt (deckt den Bedarf)", "en": "selected (meets the demand)"},
    "inner": {"de": "0–5 m: ohne Dünge- und Pflanzenschutzmittel",
              "en": "0–5 m: no fertiliser or pesticides"},
    "outer": {"de": "ab 5 m: übriger Randstreifen", "en": "from 5 m: rest of the strip"},
    "river_corridor": {"de": "Entwicklungskorridor", "en": "development corridor"},
    "zone0": {"de": "Zone 0: festgesetztes Überschwemmungsgebiet", "en": "zone 0: official flood zone"},
    "zone_upto": {"de": "Zone {k}: bis {hi} m über Gewässer", "en": "zone {k}: up to {hi} m above the river"},
    "zone": {"de": "Zone {k}: {lo} bis {hi} m über Gewässer", "en": "zone {k}: {lo} to {hi} m above the river"},
    "zone100": {"de": "Zone 100: geschätztes HQ100 (an festgesetzten Gebieten kalibriert)",
                "en": "zone 100: estimated HQ100 (calibrated on the official zones)"},
    "terrain_flag": {"de": "Gelände kann Aue und Hochfläche nicht trennen",
                     "en": "terrain cannot separate floodplain and upland"},
    "link": {"de": "Kostenwert {lo} – {hi}", "en": "{lo} – {hi} cost units"},
    "gap": {"de": "Lücke (hoher Widerstand)", "en": "gap (high resistance)"},
    "patch": {"de": "dPC {lo} – {hi} %", "en": "dPC {lo} – {hi} %"},
    "network_corridor": {"de": "Verbundkorridor", "en": "network corridor"},
    "context": {"de": "Gemeindegrenzen", "en": "municipal boundaries"},
}
#: the label of each kind whose classes come from the data (kinds.py ``dynamic_style``)
DYNAMIC_LABELS = {"LINKS": "link", "PATCHES": "patch"}


def number_text(value, lang):
    """*value* for a legend: German "5.450" / "0,25", English "5,450" / "0.25"; trailing zeros dropped.

    Decimals by size: none from 100 on, one from 10 on, two below (Annahme / assumption: enough to
    tell the classes of the WERTvoll outputs apart and to show a height such as 1.25 m exactly).
    """
    from .report.engine import format_number

    decimals = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    text = format_number(value, decimals, "de" if lang == "de" else "en")
    point = "," if lang == "de" else "."
    return text.rstrip("0").rstrip(point) if point in text else text


def label(key, lang, **numbers):
    """The legend label *key* in *lang* (German for other languages) with *numbers* formatted."""
    text = LABELS[key]["en" if lang == "en" else "de"]
    return text.format(**{name: value if isinstance(value, int) else number_text(value, lang)
                          for name, value in numbers.items()})


def style_path(kind, lang=None):
    """The QML file for *kind* in *lang* (the QGIS language; German for other languages), or None."""
    from .i18n import user_language

    lang = lang or user_language()
    for candidate in (lang, "de"):
        path = STYLE_DIR / ("en" if candidate == "en" else "de") / f"{kind.lower()}.qml"
        if path.exists():
            return path
    return None


def apply_style(layer, kind, lang=None):
    """Style *layer* as a *kind* output; returns True when a style file was applied."""
    from .i18n import user_language

    lang = lang or user_language()
    path = style_path(kind, lang)
    if layer is None or path is None:
        return False
    _message, ok = layer.loadNamedStyle(str(path))
    if not ok:
        return False
    if kind in DYNAMIC_LABELS and layer.featureCount() > 0:
        _classes_from_data(layer, kind, lang)
    if kind == "FLOOD_ZONES" and layer.featureCount() > 0:
        _flood_zone_labels(layer, lang)
    layer.triggerRepaint()
    return True


def _classes_from_data(layer, kind, lang):
    """Graduated classes of *layer* by natural breaks of its values, labelled in *lang* with their unit.

    Without any value (e.g. dPC not computed) the layer gets one symbol of the style.
    """
    from qgis.core import (
        QgsClassificationJenks,
        QgsGradientColorRamp,
        QgsGraduatedSymbolRenderer,
        QgsSingleSymbolRenderer,
    )

    renderer = layer.renderer()
    if not isinstance(renderer, QgsGraduatedSymbolRenderer):
        return
    field, classes = KINDS[kind].dynamic_style
    ranges = renderer.ranges()
    index = layer.fields().indexOf(field)
    if index < 0 or all(v is None or v != v for v in _plain_values(layer, index)):
        layer.setRenderer(QgsSingleSymbolRenderer(ranges[len(ranges) // 2].symbol().clone()))
        return
    # keep the style's colours: a ramp from its first to its last class
    ramp = QgsGradientColorRamp(ranges[0].symbol().color(), ranges[-1].symbol().color())
    renderer.setClassAttribute(field)
    renderer.setClassificationMethod(QgsClassificationJenks())
    renderer.updateColorRamp(ramp)
    renderer.updateClasses(layer, classes)
    for i, item in enumerate(renderer.ranges()):
        renderer.updateRangeLabel(i, label(DYNAMIC_LABELS[kind], lang, lo=item.lowerValue(), hi=item.upperValue()))


def _plain_values(layer, index):
    """The values of field *index* of *layer*, NULL as None."""
    from qgis.core import NULL

    return [None if v == NULL else v for v in layer.uniqueValues(index)]


def _flood_zone_labels(layer, lang):
    """Label the flood zones of *layer* with their heights ("Zone 2: 1 bis 2 m über Gewässer").

    The thresholds are a parameter of the algorithm: the labels come from the layer's
    ``threshold_m``; a zone beyond the style's (more thresholds given) takes the last zone's symbol.
    """
    from qgis.core import QgsCategorizedSymbolRenderer, QgsRendererCategory

    renderer = layer.renderer()
    if not isinstance(renderer, QgsCategorizedSymbolRenderer):
        return
    heights = {int(f["zone"]): float(f["threshold_m"]) for f in layer.getFeatures()
               if f["zone"] and _is_number(f["threshold_m"])}
    for zone in sorted(heights):
        lower = heights.get(zone - 1)  # unknown when the zone below is empty (not in the layer)
        text = (label("zone", lang, k=zone, lo=lower, hi=heights[zone]) if lower is not None
                else label("zone_upto", lang, k=zone, hi=heights[zone]))
        index = renderer.categoryIndexForValue(zone)
        if index < 0:
            rings = [c for c in renderer.categories() if 0 < int(c.value()) < CALIBRATED_ZONE]
            renderer.addCategory(QgsRendererCategory(zone, rings[-1].symbol().clone(), text))
        else:
            renderer.updateCategoryLabel(index, text)


def _is_number(value):
    try:
        return float(value) == float(value)
    except (TypeError, ValueError):
        return False
