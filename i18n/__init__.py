"""Translation of WERTvoll: one ``tr()`` for the whole plugin, one context.

Source strings are English; ``i18n/wertvoll_<lang>.ts`` hold the translations
(German complete). ``scripts/i18n.py`` extracts every string passed literally to
``tr()``/``self.tr()`` or marked with ``N_()`` and checks the ``.ts`` files are in
sync; ``lrelease`` compiles them to ``.qm`` (built by the Makefile, not committed).
"""
from pathlib import Path

from qgis.PyQt.QtCore import QCoreApplication, QTranslator

CONTEXT = "WERTvoll"
I18N_DIR = Path(__file__).resolve().parent

_translator = None  # kept alive for the session: Qt does not own it


def tr(text):
    """Translate *text* (an English source string) to the user's language."""
    return QCoreApplication.translate(CONTEXT, text)


def user_language():
    """Two-letter language of the QGIS user interface (``en`` when unknown)."""
    from qgis.core import QgsApplication, QgsSettings

    locale = QgsSettings().value("locale/userLocale", "") or QgsApplication.locale() or "en"
    return str(locale)[:2].lower()


def install_translator(language=None):
    """Install the translator for *language* (default: the QGIS locale) once.

    Returns the path of the loaded ``.qm`` file, or ``None`` when English is
    wanted or no compiled translation exists (then the English source strings show).
    """
    global _translator
    language = language or user_language()
    qm = I18N_DIR / f"wertvoll_{language}.qm"
    if _translator is not None:
        QCoreApplication.removeTranslator(_translator)
        _translator = None
    if language == "en" or not qm.exists():
        return None
    translator = QTranslator()
    if not translator.load(str(qm)):
        return None
    QCoreApplication.installTranslator(translator)
    _translator = translator
    return qm


def remove_translator():
    """Remove the translator installed by :func:`install_translator` (plugin unload)."""
    global _translator
    if _translator is not None:
        QCoreApplication.removeTranslator(_translator)
        _translator = None


_report_translators = {}  # language -> QTranslator, not installed: only for tr_in()


def tr_in(language, text):
    """*text* in *language* whatever the user interface speaks (for reports in another language)."""
    if language == "en":
        return text
    translator = _report_translators.get(language)
    if translator is None:
        translator = QTranslator()
        if not translator.load(str(I18N_DIR / f"wertvoll_{language}.qm")):
            return text
        _report_translators[language] = translator
    return translator.translate(CONTEXT, text) or text
