"""WERTvoll — QGIS plugin for the city–countryside partnership around Leipzig.

QGIS calls :func:`classFactory` when it loads the plugin (desktop) and then
``initProcessing()`` (``qgis_process``) or ``initGui()`` (desktop). Nothing here
touches the GUI, so importing the package is cheap and safe anywhere.
"""


def classFactory(iface):  # noqa: N802 - QGIS API name
    """Return the plugin instance; QGIS calls this with its interface object."""
    from .plugin import WertvollPlugin

    return WertvollPlugin(iface)
