#!/usr/bin/env python3
"""Build the QML styles of the WERTvoll outputs: ``resources/styles/<lang>/<kind>.qml``.

The QML files are committed (QGIS loads them through the output post-processor and the report
maps); this script is how they were made. Rebuild after changing a colour or a class here:
``.venv/bin/python scripts/make_styles.py``. Class labels exist in German and English.
Graduated styles with a ``dynamic_style`` in ``kinds.py`` get their class breaks from the
layer when it is loaded (link costs differ by orders of magnitude between regions).
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
STYLES = ROOT / "resources" / "styles"

LABELS = {
    "score": {"de": "Punktzahl {lo}–{hi}", "en": "score {lo}–{hi}"},
    "score_top": {"de": "Punktzahl über {lo}", "en": "score above {lo}"},
    "inner": {"de": "0–5 m: ohne Dünge- und Pflanzenschutzmittel", "en": "0–5 m: no fertiliser or pesticides"},
    "outer": {"de": "übriger Randstreifen", "en": "rest of the strip"},
    "river_corridor": {"de": "Entwicklungskorridor", "en": "development corridor"},
    "zone0": {"de": "Zone 0: festgesetztes ÜSG", "en": "zone 0: official zone"},
    "zone": {"de": "Zone {k}", "en": "zone {k}"},
    "link": {"de": "Verbindung", "en": "link"},
    "gap": {"de": "Lücke (hoher Widerstand)", "en": "gap (high resistance)"},
    "patch": {"de": "Kernfläche", "en": "core patch"},
    "network_corridor": {"de": "Verbundkorridor", "en": "network corridor"},
}
SCORE_BREAKS = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5]
GREENS = ["#f7fcb9", "#d9f0a3", "#addd8e", "#78c679", "#31a354", "#006837"]
BLUES = ["#08519c", "#3182bd", "#6baed6", "#9ecae1", "#c6dbef", "#deebf7"]


def fill(color, outline="#444444", width=0.1, alpha=1.0):
    from qgis.core import QgsFillSymbol

    symbol = QgsFillSymbol.createSimple({"color": color, "outline_color": outline, "outline_width": str(width)})
    symbol.setOpacity(alpha)
    return symbol


def line(color, width, style="solid"):
    from qgis.core import QgsLineSymbol

    return QgsLineSymbol.createSimple({"line_color": color, "line_width": str(width), "line_style": style,
                                      "capstyle": "round"})


def compensation(lang):
    from qgis.core import QgsGraduatedSymbolRenderer, QgsProperty, QgsRendererRange, QgsSymbolLayer

    ranges = []
    breaks = SCORE_BREAKS + [99.0]
    for i, (lo, hi) in enumerate(zip(breaks[:-1], breaks[1:])):
        symbol = fill(GREENS[i], "#555555", 0.1)
        layer = symbol.symbolLayer(0)
        # selected candidates (the demand selection) get a thick dark outline
        layer.setDataDefinedProperty(QgsSymbolLayer.PropertyStrokeWidth,
                                     QgsProperty.fromExpression('if("selected", 0.7, 0.1)'))
        layer.setDataDefinedProperty(QgsSymbolLayer.PropertyStrokeColor,
                                     QgsProperty.fromExpression("if(\"selected\", '#b71c1c', '#555555')"))
        label = (LABELS["score_top"][lang].format(lo=f"{lo:g}") if hi == 99.0
                 else LABELS["score"][lang].format(lo=f"{lo:g}", hi=f"{hi:g}"))
        ranges.append(QgsRendererRange(lo, hi, symbol, label))
    return QgsGraduatedSymbolRenderer("score", ranges), "Polygon", ["score:double", "selected:boolean"]


def strips(lang):
    from qgis.core import QgsRuleBasedRenderer

    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(fill("#0d47a1", "#0d47a1", 0.05), 0, 0,
                                               '"band_from_m" < 5', LABELS["inner"][lang]))
    root.appendChild(QgsRuleBasedRenderer.Rule(fill("#64b5f6", "#1e88e5", 0.05), 0, 0,
                                               'ELSE', LABELS["outer"][lang]))
    return QgsRuleBasedRenderer(root), "Polygon", ["band_from_m:double"]


def single(symbol, label, geometry):
    from qgis.core import QgsRuleBasedRenderer

    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, "", label))
    return QgsRuleBasedRenderer(root), geometry, []


def flood_zones(lang):
    from qgis.core import QgsCategorizedSymbolRenderer, QgsRendererCategory

    official = fill("#1a237e", "#1a237e", 0.4, 0.25)
    categories = [QgsRendererCategory(0, official, LABELS["zone0"][lang])]
    for k in range(1, 6):
        categories.append(QgsRendererCategory(k, fill(BLUES[k - 1], BLUES[k - 1], 0.05, 0.8),
                                              LABELS["zone"][lang].format(k=k)))
    return QgsCategorizedSymbolRenderer("zone", categories), "Polygon", ["zone:integer"]


def links(lang):
    from qgis.core import QgsGraduatedSymbolRenderer, QgsRendererRange

    ranges = [QgsRendererRange(0, 1, line(c, 0.8), LABELS["link"][lang])
              for c in ("#5d4037", "#795548", "#a1887f", "#bcaaa4", "#d7ccc8")]
    return QgsGraduatedSymbolRenderer("cost", ranges), "LineString", ["cost:double"]


def patches(lang):
    from qgis.core import QgsGraduatedSymbolRenderer, QgsRendererRange

    ranges = [QgsRendererRange(0, 1, fill(c, "#1b5e20", 0.2), LABELS["patch"][lang])
              for c in ("#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c")]
    return QgsGraduatedSymbolRenderer("dPC", ranges), "Polygon", ["dPC:double"]


def builders():
    return {
        "compensation": compensation,
        "strips": strips,
        "corridors_river": lambda lang: single(fill("#b3e5fc", "#0288d1", 0.2, 0.6),
                                               LABELS["river_corridor"][lang], "Polygon"),
        "flood_zones": flood_zones,
        "links": links,
        "gaps": lambda lang: single(line("#d50000", 1.4), LABELS["gap"][lang], "LineString"),
        "patches": patches,
        "network_corridors": lambda lang: single(fill("#ffcc80", "#ef6c00", 0.1, 0.5),
                                                 LABELS["network_corridor"][lang], "Polygon"),
    }


def main():
    from qgis_headless import start_qgis

    start_qgis()
    from qgis.core import QgsVectorLayer

    count = 0
    for lang in ("de", "en"):
        (STYLES / lang).mkdir(parents=True, exist_ok=True)
        for kind, build in builders().items():
            renderer, geometry, fields = build(lang)
            uri = f"{geometry}?crs=EPSG:25833" + "".join(f"&field={f}" for f in fields)
            layer = QgsVectorLayer(uri, kind, "memory")
            layer.setRenderer(renderer)
            message, ok = layer.saveNamedStyle(str(STYLES / lang / f"{kind}.qml"))
            if not ok:
                sys.exit(f"styles: {kind}: {message}")
            count += 1
    print(f"styles: wrote {count} QML files into {STYLES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
