"""The one small base class every WERTvoll Processing algorithm derives from.

It holds what all algorithms share — translation, groups, icon, help link,
dependency check, and the bridge from a kernel's progress/cancel callbacks and
errors to Processing's ``feedback`` and ``QgsProcessingException`` — so that each
algorithm file only declares its parameters and calls its kernel.
"""
import importlib
from pathlib import Path

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtGui import QIcon

from ..i18n import tr
from ..kernels.errors import N_, Cancelled, KernelError

PLUGIN_DIR = Path(__file__).resolve().parent.parent
ICON_PATH = PLUGIN_DIR / "resources" / "icons" / "wertvoll.svg"

# group id -> English display name (translated at run time)
GROUPS = {
    "compensation": N_("Compensation"),
    "water": N_("Water & floods"),
    "network": N_("Biotope network"),
    "report": N_("Reports"),
}

# import name -> (pip requirement, minimum version tuple or None)
_REQUIREMENTS = {
    "shapely": ("shapely>=2", (2, 0)),
    "numpy": ("numpy", None),
    "scipy": ("scipy", None),
    "pandas": ("pandas", None),
    "jinja2": ("jinja2", None),
    "docxtpl": ("docxtpl", None),
    "skimage": ("scikit-image", None),
}


def missing_requirements(modules):
    """The pip requirements among *modules* (import names) that are absent or too old."""
    missing = []
    for module in modules:
        requirement, minimum = _REQUIREMENTS[module]
        try:
            mod = importlib.import_module(module)
        except ImportError:
            missing.append(requirement)
            continue
        if minimum is not None:
            version = tuple(int(p) for p in mod.__version__.split(".")[:2] if p.isdigit())
            if version < minimum:
                missing.append(requirement)
    return missing


class WertvollAlgorithm(QgsProcessingAlgorithm):
    """Base of all WERTvoll algorithms. Subclasses set the class attributes below."""

    NAME = ""  # fixed lowercase id, e.g. "compensationscreening"
    GROUP_ID = ""  # one of GROUPS
    DISPLAY_NAME = ""  # English, marked with N_()
    SHORT_HELP = ""  # English, marked with N_()
    REQUIRES = ("numpy", "shapely")  # import names the kernel needs

    # -- identity ---------------------------------------------------------------
    def tr(self, text):  # noqa: D102 - Processing convention
        return tr(text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return self.tr(self.DISPLAY_NAME)

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def group(self):
        return self.tr(GROUPS[self.GROUP_ID])

    def shortHelpString(self):  # noqa: N802
        return self.tr(self.SHORT_HELP)

    def icon(self):
        return QIcon(str(ICON_PATH))

    def svgIconPath(self):  # noqa: N802
        return str(ICON_PATH)

    def canExecute(self):  # noqa: N802
        """False with a translated message when a Python package is missing."""
        missing = missing_requirements(self.REQUIRES)
        if missing:
            return False, self.tr(
                "This algorithm needs the Python package(s) {packages}. Install them into "
                "the Python of QGIS (Linux: python3 -m pip install --user {packages}; "
                "Windows: OSGeo4W Shell, then pip install {packages}) and restart QGIS."
            ).format(packages=" ".join(f'"{m}"' for m in missing))
        return True, ""

    # -- helpers for subclasses -------------------------------------------------
    def add_parameter(self, parameter, help_text, advanced=False):
        """Add *parameter* with translated help; *advanced* hides it under 'Advanced'."""
        from .compat import FLAG_ADVANCED

        parameter.setHelp(self.tr(help_text))
        if advanced:
            parameter.setFlags(parameter.flags() | FLAG_ADVANCED)
        self.addParameter(parameter)
        return parameter

    def run_kernel(self, feedback, function, *args, **kwargs):
        """Run a kernel with feedback bridged in; translate its errors.

        The kernel gets ``progress`` and ``is_cancelled`` callbacks; a
        :class:`KernelError` becomes a translated ``QgsProcessingException``.
        Returns ``None`` when the user cancelled.
        """
        try:
            return function(
                *args,
                progress=feedback.setProgress if feedback else None,
                is_cancelled=feedback.isCanceled if feedback else None,
                **kwargs,
            )
        except Cancelled:
            return None
        except KernelError as error:
            raise QgsProcessingException(self.tr(error.template).format(**error.params)) from error

    def report_warnings(self, feedback, warnings):
        """Push a kernel's (template, params) warnings to the log, translated."""
        for template, params in warnings:
            feedback.pushWarning(self.tr(template).format(**params))
