"""Every shipped style loads, exists in German and English, and graduated classes follow the data."""
from pathlib import Path

import pytest
from qgis.core import QgsVectorLayer

from layers import memory_layer, square
from wertvoll.styles import STYLE_DIR, apply_style

QML = sorted(STYLE_DIR.glob("*/*.qml"))


def test_both_languages_have_the_same_styles():
    de = {p.name for p in (STYLE_DIR / "de").glob("*.qml")}
    en = {p.name for p in (STYLE_DIR / "en").glob("*.qml")}
    assert de == en and len(de) >= 8


@pytest.mark.parametrize("path", QML, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_style_loads(qgis_app, path: Path):
    geometry = "LineString" if path.stem in ("links", "gaps") else "Polygon"
    layer = QgsVectorLayer(f"{geometry}?crs=EPSG:25833", path.stem, "memory")
    message, ok = layer.loadNamedStyle(str(path))
    assert ok, message
    assert layer.renderer() is not None and layer.renderer().legendSymbolItems()


def test_patch_classes_come_from_the_data(qgis_app):
    rows = [(square(i * 10, 0, i * 10 + 5, 5), {"dPC": v}) for i, v in enumerate([0.5, 1, 2, 8, 30, 31, 60, 90])]
    layer = memory_layer("Polygon", "EPSG:25833", ["dPC:double"], rows)
    assert apply_style(layer, "PATCHES", "de")
    ranges = layer.renderer().ranges()
    assert len(ranges) == 5
    assert ranges[0].lowerValue() == pytest.approx(0.5) and ranges[-1].upperValue() == pytest.approx(90)


@pytest.mark.parametrize("value, lang, text", [(5450.4, "de", "5.450"), (5450.4, "en", "5,450"), (0.25, "de", "0,25"),
                                               (0.25, "en", "0.25"), (1.5, "de", "1,5"), (2.0, "de", "2"),
                                               (12.34, "de", "12,3"), (134888.0, "de", "134.888")])
def test_legend_numbers_in_the_languages_format(value, lang, text):
    from wertvoll.styles import number_text

    assert number_text(value, lang) == text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_flood_style_has_the_algorithms_zones_with_heights(qgis_app, lang):
    layer = QgsVectorLayer("Polygon?crs=EPSG:25833&field=zone:integer", "z", "memory")
    layer.loadNamedStyle(str(STYLE_DIR / lang / "flood_zones.qml"))
    categories = layer.renderer().categories()
    assert [int(c.value()) for c in categories] == [0, 1, 2, 3, 100]  # default thresholds 1, 2, 3 m; calibrated
    assert categories[1].label() == {"de": "Zone 1: bis 1 m über Gewässer", "en": "zone 1: up to 1 m above the river"}[lang]
    assert categories[3].label() == {"de": "Zone 3: 2 bis 3 m über Gewässer", "en": "zone 3: 2 to 3 m above the river"}[lang]


def test_link_classes_from_the_data_name_the_cost_unit(qgis_app):
    rows = [(f"LINESTRING({i * 10} 0, {i * 10 + 5} 5)", {"cost": v})
            for i, v in enumerate([25.0, 30.0, 5450.4, 46238.0, 46300.0, 77571.0, 108993.0, 134888.0])]
    layer = memory_layer("LineString", "EPSG:25833", ["cost:double"], rows)
    assert apply_style(layer, "LINKS", "de")
    labels = [r.label() for r in layer.renderer().ranges()]
    assert len(labels) == 5 and all(label.startswith("Kostenwert ") for label in labels)
    assert labels[0].startswith("Kostenwert 25 – ") and labels[-1].endswith(" – 134.888")


def test_patches_without_dpc_get_one_symbol(qgis_app):
    from qgis.core import QgsSingleSymbolRenderer

    layer = memory_layer("Polygon", "EPSG:25833", ["dPC:double"], [(square(0, 0, 5, 5), {"dPC": None})])
    assert apply_style(layer, "PATCHES", "de")
    assert isinstance(layer.renderer(), QgsSingleSymbolRenderer)
