"""Inside a matrix root, with the test venv's python: the runtime libraries must be Debian's.

The venv (/opt/wertvoll-test, --system-site-packages) holds only test tools from PyPI; if pip
had pulled its own numpy, shapely, ... the matrix would no longer test what users have.
Prints ``key=value`` versions (build_root.sh stores them as versions.txt); exit 1 on a violation.
"""
import importlib
import importlib.metadata
import platform
import sys

DEBIAN = "/usr/lib/python3/dist-packages/"
# module -> distribution name (for the version when the module has no __version__)
RUNTIME = {"numpy": "numpy", "shapely": "shapely", "pandas": "pandas", "scipy": "scipy",
           "skimage": "scikit-image", "docx": "python-docx", "docxtpl": "docxtpl",
           "matplotlib": "matplotlib", "jinja2": "jinja2", "lxml": "lxml", "pytest": "pytest"}


def version(module, dist):
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return str(getattr(module, "__version__", "?"))


def main():
    versions, bad = {}, []
    from qgis.core import Qgis

    versions["qgis"] = Qgis.version()
    versions["qgis_geos"] = Qgis.geosVersion() if hasattr(Qgis, "geosVersion") else "?"
    from osgeo import gdal

    versions["gdal"] = gdal.__version__
    for name, dist in RUNTIME.items():
        module = importlib.import_module(name)
        versions[name] = version(module, dist)
        if not module.__file__.startswith(DEBIAN):
            bad.append(f"{name} {versions[name]} imports from {module.__file__}, not {DEBIAN}")
    import shapely

    versions["geos"] = shapely.geos_version_string
    versions["python"] = platform.python_version()
    for key, value in versions.items():
        print(f"{key}={value}")
    for line in bad:
        print(f"check_root: {line}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
