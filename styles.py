"""Styles of the WERTvoll outputs, from QML files in resources/styles/<lang>/<kind>.qml.

Applied on the main thread: by the output post-processor when Processing loads a result into
the project, and by the report maps. Built by ``scripts/make_styles.py``.
"""
from .about import PLUGIN_DIR
from .kinds import KINDS

STYLE_DIR = PLUGIN_DIR / "resources" / "styles"


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
    path = style_path(kind, lang)
    if layer is None or path is None:
        return False
    _message, ok = layer.loadNamedStyle(str(path))
    if not ok:
        return False
    dynamic = KINDS[kind].dynamic_style if kind in KINDS else ()
    if dynamic and layer.featureCount() > 0:
        from qgis.core import QgsClassificationJenks, QgsGradientColorRamp, QgsGraduatedSymbolRenderer

        renderer = layer.renderer()
        if isinstance(renderer, QgsGraduatedSymbolRenderer):
            field, classes = dynamic
            ranges = renderer.ranges()
            # keep the style's colours: a ramp from its first to its last class
            ramp = QgsGradientColorRamp(ranges[0].symbol().color(), ranges[-1].symbol().color())
            method = QgsClassificationJenks()
            method.setLabelPrecision(0)
            method.setLabelFormat("%1 – %2")
            renderer.setClassAttribute(field)
            renderer.setClassificationMethod(method)
            renderer.updateColorRamp(ramp)
            renderer.updateClasses(layer, classes)
    layer.triggerRepaint()
    return True
