"""WERTvoll — QGIS plugin for the city–countryside partnership around Leipzig.

QGIS calls :func:`classFactory` when it loads the plugin (desktop) and then
``initProcessing()`` (``qgis_process``) or ``initGui()`` (desktop). Nothing here
touches the GUI, so importing the package is cheap and safe anywhere (module level stays free of
relative imports: pytest imports this file alone when the checkout's folder is not a valid name).
:func:`classFactory` puts the bundled pure-Python packages (``ext_libs``: docxtpl, python-docx) at
the end of ``sys.path``; it imports none of them, nor shapely, pandas, scipy or scikit-image (see
dependencies.py).
"""


def classFactory(iface):  # noqa: N802 - QGIS API name
    """Return the plugin instance; QGIS calls this with its interface object."""
    from .dependencies import use_bundled_packages
    from .plugin import WertvollPlugin

    use_bundled_packages()
    return WertvollPlugin(iface)
