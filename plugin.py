"""The plugin object QGIS holds: registers the provider, the menu, toolbar button and dock."""
from qgis.core import QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .about import ICON_PATH
from .algorithms.provider import WertvollProvider
from .i18n import install_translator, remove_translator, tr

LOG_TAG = "WERTvoll"


class WertvollPlugin:
    """Created by ``classFactory``; does no GUI work until ``initGui()``."""

    def __init__(self, iface):  # noqa: QGS105 - classFactory hands QGIS's iface over (the documented way)
        self.iface = iface
        self.provider = None
        self.action = None
        self.dock = None
        install_translator()

    # -- Processing (the only path qgis_process takes) -----------------------------
    def initProcessing(self):  # noqa: N802 - QGIS API name
        if self.provider is None:
            provider = WertvollProvider()
            # the registry refuses (and deletes) a second provider with the same id
            if QgsApplication.processingRegistry().addProvider(provider):
                self.provider = provider
            else:
                QgsMessageLog.logMessage(
                    tr("A Processing provider with the id 'wertvoll' is already registered; "
                       "remove the other copy of the WERTvoll plugin."),
                    LOG_TAG,
                )

    # -- desktop ------------------------------------------------------------------
    def initGui(self):  # noqa: N802 - QGIS API name
        from .ui.dock import ReportDock

        self.initProcessing()
        main_window = self.iface.mainWindow()
        self.action = QAction(QIcon(str(ICON_PATH)), tr("WERTvoll report panel"), main_window)
        self.action.setObjectName("wertvollShowDock")
        self.action.setCheckable(True)
        self.action.setToolTip(tr("Show or hide the WERTvoll report panel"))
        self.action.toggled.connect(self._set_dock_visible)
        self.iface.addPluginToMenu(self.menu_name(), self.action)
        self.iface.addToolBarIcon(self.action)

        self.dock = ReportDock(main_window)
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.dock.visibilityChanged.connect(self.action.setChecked)

    @staticmethod
    def menu_name():
        return tr("&WERTvoll")

    def _set_dock_visible(self, visible):
        if self.dock is not None:
            self.dock.setVisible(visible)

    def unload(self):
        """Remove everything initGui()/initProcessing() added, and disconnect signals."""
        if self.dock is not None:
            self.dock.visibilityChanged.disconnect(self.action.setChecked)
            self.iface.removeDockWidget(self.dock)
            self.dock.cleanup()
            self.dock.deleteLater()
            self.dock = None
        if self.action is not None:
            self.action.toggled.disconnect(self._set_dock_visible)
            self.iface.removePluginMenu(self.menu_name(), self.action)
            self.iface.removeToolBarIcon(self.action)
            self.action.deleteLater()
            self.action = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)  # noqa: QGS202 - unloading anyway
            self.provider = None
        remove_translator()
