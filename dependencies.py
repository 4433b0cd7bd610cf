"""The Python packages WERTvoll needs beyond QGIS: which of them work here, and what to do if one does not.

Checked by what works, not by version strings: :func:`problems` imports a package and calls the
functions the algorithms use (a distribution build that calls itself ``0+unknown`` is fine when it
has them). Nothing on the way from ``classFactory`` to ``loadAlgorithms`` calls it: the provider
always loads and lists every tool, and a tool whose package is missing, too old or broken says so in
``canExecute`` (run when it is opened or run) with a command for this platform.

docxtpl and python-docx (pure Python) ship in the plugin's ``ext_libs`` folder; it is appended to
``sys.path``, so a copy the user installed wins and the bundled one is used only when there is none.
"""
import functools
import importlib.util
import sys
from pathlib import Path

from .i18n import tr
from .kernels.errors import N_

BUNDLED_DIR = Path(__file__).resolve().parent / "ext_libs"


def use_bundled_packages():
    """Put ``ext_libs`` at the end of ``sys.path`` (after every installed package); imports nothing."""
    if BUNDLED_DIR.is_dir() and str(BUNDLED_DIR) not in sys.path:
        sys.path.append(str(BUNDLED_DIR))


# -- what each package must be able to do ------------------------------------------------------

def _expect(condition):
    """Raise when a package's check computed a wrong result (a broken build)."""
    if not condition:
        raise RuntimeError("wrong result of a basic call")


def _numpy():
    import numpy as np

    _expect(np.add.reduce(np.arange(4.0)) == 6.0)


def _shapely():
    import numpy as np
    import shapely

    if not hasattr(shapely, "make_valid") or not hasattr(shapely, "from_wkb"):
        return N_("version 2 or newer is needed (this one has no vectorised functions)")
    box = np.array([shapely.box(0.0, 0.0, 2.0, 1.0)], dtype=object)
    back = shapely.from_wkb(shapely.to_wkb(box, output_dimension=3))  # as kernels.geometry.to_wkb
    _expect(shapely.area(shapely.make_valid(back))[0] == 2.0)
    return None


def _scipy():
    from scipy import ndimage  # noqa: F401
    from scipy.sparse.csgraph import dijkstra  # noqa: F401


def _pandas():
    import pandas as pd

    _expect(int(pd.DataFrame({"a": [1, 2]})["a"].sum()) == 3)


def _skimage():
    import numpy as np
    from skimage.graph import MCP_Geometric

    costs, _ = MCP_Geometric(np.ones((2, 2))).find_costs([(0, 0)])
    _expect(costs[1, 1] > 0)


def _jinja2():
    from jinja2.sandbox import SandboxedEnvironment

    _expect(SandboxedEnvironment().from_string("{{ 1 + 1 }}").render() == "2")


def _docxtpl():
    from docx.shared import Mm  # noqa: F401
    from docxtpl import DocxTemplate, InlineImage  # noqa: F401


#: import name -> (pip requirement, Debian/Ubuntu package, check). A check returns None when the
#: package works, raises when it is broken, or returns an N_() reason when it is usable but too old.
PACKAGES = {
    "numpy": ("numpy", "python3-numpy", _numpy),
    "shapely": ("shapely>=2", "python3-shapely", _shapely),
    "scipy": ("scipy", "python3-scipy", _scipy),
    "pandas": ("pandas", "python3-pandas", _pandas),
    "skimage": ("scikit-image", "python3-skimage", _skimage),
    "jinja2": ("jinja2", "python3-jinja2", _jinja2),
    "docxtpl": ("docxtpl", "python3-docxtpl", _docxtpl),
}


@functools.lru_cache(maxsize=None)
def problem(module):
    """'' when *module* works here, else a translated reason (checked once per session)."""
    if importlib.util.find_spec(module) is None:
        return tr("not installed")
    try:
        reason = PACKAGES[module][2]()
    except Exception as error:  # a broken install raises anything: ImportError, ValueError, AssertionError…
        return tr("installed but fails: {error}").format(error=f"{type(error).__name__}: {error}"[:300])
    return tr(reason) if reason else ""


def problems(modules):
    """``{import name: reason}`` for the packages among *modules* that do not work here."""
    found = {module: problem(module) for module in modules}
    return {module: reason for module, reason in found.items() if reason}


# -- what the planner does about it ------------------------------------------------------------

def _installed_version(distribution):
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version(distribution)
    except PackageNotFoundError:
        return None
    return found if found and found[0].isdigit() and "unknown" not in found else None


def _pins():
    """``name==version`` for the installed numpy and scipy: pip may add packages, never replace these."""
    pins = []
    for name in ("numpy", "scipy"):
        found = _installed_version(name)
        if found:
            pins.append(f'"{name}=={found}"')
    return pins


def _distribution_ships_shapely2(os_release=None):
    """True on Debian 13+ and Ubuntu 24.04+ (python3-shapely 2.x); Debian 12 and Ubuntu 22.04 ship 1.8."""
    try:
        text = os_release if os_release is not None else Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        return False
    fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    name, release = fields.get("ID", "").strip('"'), fields.get("VERSION_ID", "").strip('"')
    try:
        number = float(release)
    except ValueError:  # Debian testing/sid have no VERSION_ID and ship the newest shapely
        return name == "debian"
    return (name == "debian" and number >= 13) or (name == "ubuntu" and number >= 24.04)


def install_command(modules, platform=None, os_release=None, has_pip=None):
    """The command a planner runs to install *modules* into the Python of this QGIS.

    Debian/Ubuntu: the distribution's packages (apt); shapely from pip where the distribution's is
    older than 2 (Debian 12, Ubuntu 22.04). Windows (OSGeo4W Shell) and macOS: pip. pip always
    installs into the user's site with numpy and scipy pinned to the installed versions, so it adds
    packages but never replaces the numpy that GDAL and QGIS were built with.
    """
    platform = platform or sys.platform
    pins = [pin for pin in _pins() if pin.split("==")[0].strip('"') not in modules]
    requirement = {m: f'"{PACKAGES[m][0]}"' for m in modules}
    if platform.startswith("win"):
        return tr("in the OSGeo4W Shell (Start menu, QGIS folder): {command}").format(
            command=" ".join(["python -m pip install --user", *requirement.values(), *pins]))
    python = str(Path(sys.base_prefix) / "bin" / "python3")  # the Python of QGIS, not another on PATH
    if platform == "darwin" or not Path("/etc/debian_version").exists():
        return " ".join([f"{python} -m pip install --user", *requirement.values(), *pins])
    from_pip = [m for m in modules if m == "shapely" and not _distribution_ships_shapely2(os_release)]
    apt = [PACKAGES[m][1] for m in modules if m not in from_pip]
    has_pip = importlib.util.find_spec("pip") is not None if has_pip is None else has_pip
    if from_pip and not has_pip:
        apt.append("python3-pip")
    steps = [f"sudo apt install {' '.join(apt)}"] if apt else []
    if from_pip:
        steps.append(" ".join([f"{python} -m pip install --user --break-system-packages",
                               *[requirement[m] for m in from_pip], *pins]))
    return " && ".join(steps)


def hint(missing):
    """The translated message of a tool that cannot run: what is wrong with which package, what to do."""
    listing = "; ".join(f"{PACKAGES[module][0]}: {reason}" for module, reason in missing.items())
    return tr("This algorithm needs Python packages that do not work in this QGIS ({problems}). "
              "Install them with: {command} — then restart QGIS.").format(
        problems=listing, command=install_command(list(missing)))
