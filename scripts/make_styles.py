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

#: score classes: the score runs from 0 to 5 with the default weights (1 + four shares of 0-1);
#: most candidates lie below 0.5 or between 1 and 1.5 (Annahme / assumption: breaks for reading)
SCORE_BREAKS = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0]
#: flood zones of the algorithm: 0 (official) and 1-3 (default thresholds 1, 2, 3 m, relabelled
#: from the layer's threshold_m when it is styled)
FLOOD_THRESHOLDS = (1.0, 2.0, 3.0)
GREENS = ["#f7fcb9", "#d9f0a3", "#addd8e", "#78c679", "#31a354", "#006837"]
BLUES = ["#08519c", "#3182bd", "#6baed6"]
LINK_COLOURS = ("#5d4037", "#795548", "#a1887f", "#bcaaa4", "#d7ccc8")
PATCH_COLOURS = ("#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c")


def fill(color, outline="#444444", width=0.1, alpha=1.0):
    from qgis.core import QgsFillSymbol

    symbol = QgsFillSymbol.createSimple({"color": color, "outline_color": outline, "outline_width": str(width)})
    symbol.setOpacity(alpha)
    return symbol


def hatched(color):
    """Diagonal hatching without a fill: the layers below stay visible (the terrain flags)."""
    from qgis.core import QgsFillSymbol

    return QgsFillSymbol.createSimple({"color": color, "style": "b_diagonal", "outline_color": color,
                                       "outline_width": "0.2"})


def line(color, width, style="solid"):
    from qgis.core import QgsLineSymbol

    return QgsLineSymbol.createSimple({"line_color": color, "line_width": str(width), "line_style": style,
                                      "capstyle": "round"})


def text(key, lang, **numbers):
    """The legend label *key* of ``styles.LABELS`` in *lang*, numbers in the language's format."""
    from wertvoll.styles import label

    return label(key, lang, **numbers)


def compensation(lang):
    """Score classes as rules, plus an outline rule for the selected candidates (its own legend entry).

    Symbol levels draw every outline after all fills, so a neighbour never covers it.
    """
    from qgis.core import QgsFillSymbol, QgsRuleBasedRenderer

    root = QgsRuleBasedRenderer.Rule(None)
    breaks = SCORE_BREAKS[1:]
    for i, lo in enumerate(SCORE_BREAKS):
        if i == len(breaks):
            rule, label = f'"score" >= {lo}', text("score_top", lang, lo=lo)
        else:
            lower = f'"score" >= {lo} AND ' if i else ""
            rule, label = f'{lower}"score" < {breaks[i]}', text("score", lang, lo=lo, hi=breaks[i])
        root.appendChild(QgsRuleBasedRenderer.Rule(fill(GREENS[i], "#555555", 0.1), 0, 0, rule, label))
    outline = QgsFillSymbol.createSimple({"style": "no", "outline_color": "#b71c1c", "outline_width": "0.7"})
    outline.symbolLayer(0).setRenderingPass(1)
    root.appendChild(QgsRuleBasedRenderer.Rule(outline, 0, 0, '"selected"', text("selected", lang)))
    renderer = QgsRuleBasedRenderer(root)
    renderer.setUsingSymbolLevels(True)
    return renderer, "Polygon", ["score:double", "selected:boolean"]


def strips(lang):
    from qgis.core import QgsRuleBasedRenderer

    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(fill("#0d47a1", "#0d47a1", 0.05), 0, 0,
                                               '"band_from_m" < 5', text("inner", lang)))
    root.appendChild(QgsRuleBasedRenderer.Rule(fill("#64b5f6", "#1e88e5", 0.05), 0, 0,
                                               'ELSE', text("outer", lang)))
    return QgsRuleBasedRenderer(root), "Polygon", ["band_from_m:double"]


def single(symbol, label, geometry):
    from qgis.core import QgsRuleBasedRenderer

    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, "", label))
    return QgsRuleBasedRenderer(root), geometry, []


def flood_zones(lang):
    from qgis.core import QgsCategorizedSymbolRenderer, QgsRendererCategory

    official = fill("#1a237e", "#1a237e", 0.4, 0.25)
    categories = [QgsRendererCategory(0, official, text("zone0", lang))]
    lower = 0.0
    for k, height in enumerate(FLOOD_THRESHOLDS, start=1):
        label = (text("zone", lang, k=k, lo=lower, hi=height) if lower
                 else text("zone_upto", lang, k=k, hi=height))
        categories.append(QgsRendererCategory(k, fill(BLUES[k - 1], BLUES[k - 1], 0.05, 0.8), label))
        lower = height
    calibrated = fill("#26a69a", "#00695c", 0.4, 0.45)
    categories.append(QgsRendererCategory(100, calibrated, text("zone100", lang)))  # kinds.CALIBRATED_ZONE
    return QgsCategorizedSymbolRenderer("zone", categories), "Polygon", ["zone:integer", "threshold_m:double"]


def graduated(field, symbols, key, lang, geometry):
    """Five placeholder classes 0-1 of *field*: the real breaks and labels come from the data (styles.py)."""
    from qgis.core import QgsGraduatedSymbolRenderer, QgsRendererRange

    ranges = [QgsRendererRange(0, 1, symbol, text(key, lang, lo=0.0, hi=1.0)) for symbol in symbols]
    return QgsGraduatedSymbolRenderer(field, ranges), geometry, [f"{field}:double"]


def builders():
    return {
        "compensation": compensation,
        "strips": strips,
        "corridors_river": lambda lang: single(fill("#b3e5fc", "#0288d1", 0.2, 0.6),
                                               text("river_corridor", lang), "Polygon"),
        "flood_zones": flood_zones,
        "flood_flags": lambda lang: single(hatched("#b71c1c"), text("terrain_flag", lang), "Polygon"),
        "links": lambda lang: graduated("cost", [line(c, 0.8) for c in LINK_COLOURS], "link", lang,
                                        "LineString"),
        "gaps": lambda lang: single(line("#d50000", 1.4), text("gap", lang), "LineString"),
        "patches": lambda lang: graduated("dPC", [fill(c, "#1b5e20", 0.2) for c in PATCH_COLOURS], "patch",
                                          lang, "Polygon"),
        "network_corridors": lambda lang: single(fill("#ffcc80", "#ef6c00", 0.1, 0.5),
                                                 text("network_corridor", lang), "Polygon"),
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
