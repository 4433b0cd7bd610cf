"""The report dock: where a planner fills in a report template and exports it.

For now a shell with its title and a short explanation; the report issue fills it.
"""
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QDockWidget, QLabel, QVBoxLayout, QWidget

from ..i18n import tr


class ReportDock(QDockWidget):
    """Dock panel "WERTvoll reports"."""

    OBJECT_NAME = "WertvollReportDock"

    def __init__(self, parent=None):
        super().__init__(tr("WERTvoll reports"), parent)
        self.setObjectName(self.OBJECT_NAME)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.intro = QLabel(
            tr("Run the WERTvoll algorithms from the Processing toolbox (group "
               "\"WERTvoll city–countryside\"). Report templates for compensation, "
               "water and the biotope network will be filled in here."),
            body,
        )
        self.intro.setWordWrap(True)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.intro)
        layout.addStretch(1)
        self.setWidget(body)
