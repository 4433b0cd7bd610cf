"""The WERTvoll Processing provider: id ``wertvoll``, every algorithm added explicitly."""
import configparser

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..i18n import tr
from .base import ICON_PATH, PLUGIN_DIR


def plugin_metadata(key, default=""):
    """A value of the ``[general]`` section of metadata.txt."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(PLUGIN_DIR / "metadata.txt", encoding="utf-8")
    return parser.get("general", key, fallback=default)


def algorithm_classes():
    """Every algorithm class of the provider, in toolbox order. Add new ones here."""
    from .compensation_screening import CompensationScreening
    from .flood_risk_zones import FloodRiskZones
    from .report import Report
    from .riparian_strips import RiparianStrips

    return [CompensationScreening, RiparianStrips, FloodRiskZones, Report]


class WertvollProvider(QgsProcessingProvider):
    """Processing provider ``wertvoll`` ("WERTvoll Stadt-Land")."""

    def id(self):
        return "wertvoll"

    def name(self):
        return tr("WERTvoll city–countryside")

    def longName(self):  # noqa: N802
        return tr("WERTvoll city–countryside partnership, version {version}").format(
            version=self.versionInfo()
        )

    def versionInfo(self):  # noqa: N802
        return plugin_metadata("version")

    def icon(self):
        return QIcon(str(ICON_PATH))

    def svgIconPath(self):  # noqa: N802
        return str(ICON_PATH)

    def loadAlgorithms(self):  # noqa: N802
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
