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
