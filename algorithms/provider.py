"""The WERTvoll Processing provider: id ``wertvoll``, every algorithm added explicitly."""
from qgis.core import QgsApplication, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..about import ICON_PATH, PLUGIN_DIR, plugin_metadata
from ..i18n import tr


def algorithm_classes():
    """Every algorithm class of the provider, in toolbox order. Add new ones here."""
    from .biotope_corridors import BiotopeCorridors
    from .compensation_screening import CompensationScreening
    from .flood_risk_zones import FloodRiskZones
    from .report import Report
    from .riparian_strips import RiparianStrips

    return [CompensationScreening, RiparianStrips, FloodRiskZones, BiotopeCorridors, Report]


MODELS_DIR = PLUGIN_DIR / "resources" / "models"


def load_models():
    """The models shipped in resources/models (e.g. stadtlandbilanz), freshly loaded and translated."""
    from .model import ShippedModel

    models = [ShippedModel(path) for path in sorted(MODELS_DIR.glob("*.model3"))]
    return [model for model in models if model.loaded]


def algorithm_ids():
    """The ids of everything the provider lists: the algorithms, then the shipped models."""
    return [f"wertvoll:{cls.NAME}" for cls in algorithm_classes()] + [
        f"wertvoll:{path.stem}" for path in sorted(MODELS_DIR.glob("*.model3"))]


class WertvollProvider(QgsProcessingProvider):
    """Processing provider ``wertvoll`` ("WERTvoll Stadt-Land")."""

    def __init__(self):
        super().__init__()
        self._waiting = False

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
        # A model finds its steps (wertvoll:…) through the registry, which only knows this provider
        # once it is added: load the models then (refreshAlgorithms runs this method again).
        registry = QgsApplication.processingRegistry()
        if registry.providerById(self.id()) is not None:
            for model in load_models():  # listed as wertvoll:<model name>, open in the Modeler
                self.addAlgorithm(model)
        elif not self._waiting:
            self._waiting = True
            registry.providerAdded.connect(self._registered)

    def unload(self):
        if self._waiting:
            QgsApplication.processingRegistry().providerAdded.disconnect(self._registered)
            self._waiting = False
        super().unload()

    def _registered(self, provider_id):
        if provider_id == self.id():
            QgsApplication.processingRegistry().providerAdded.disconnect(self._registered)
            self._waiting = False
            self.refreshAlgorithms()
