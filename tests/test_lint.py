"""Static checks: ruff's pyflakes rules on the whole tree, bandit and flake8-qgis on the code that ships.

plugins.qgis.org refuses uploads with bandit findings, so the shipped packages must be clean.
flake8-qgis is the QGIS plugin linter (rules QGS1xx-QGS4xx: PyQt/QGIS imports, iface, return
values of PyQGIS calls, Qt 6 removals); a finding that does not apply carries a ``# noqa: QGSnnn``
with the reason on its line.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = str(Path(sys.executable).parent)
RUFF = shutil.which("ruff", path=BIN)
BANDIT = shutil.which("bandit", path=BIN)
FLAKE8 = shutil.which("flake8", path=BIN)


@pytest.mark.skipif(RUFF is None, reason="ruff not installed (requirements-dev.txt; make test installs it)")
def test_ruff_clean():
    """ruff with the project's rules (pyproject.toml: pyflakes and pycodestyle's error-prone rules)."""
    result = subprocess.run([RUFF, "check", "--no-cache", str(ROOT)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def shipped_code():
    """The Python that goes into the plugin zip: packages (no resources), top files, i18n/__init__.py."""
    from package import PACKAGES, TOP_FILES

    targets = [str(ROOT / p) for p in PACKAGES if (ROOT / p).is_dir() and p not in ("resources", "i18n")]
    targets += [str(ROOT / f) for f in TOP_FILES if f.endswith(".py")]
    targets.append(str(ROOT / "i18n" / "__init__.py"))
    return targets


@pytest.mark.skipif(BANDIT is None, reason="bandit not installed (requirements-dev.txt; make test installs it)")
def test_bandit_clean_on_shipped_code():
    result = subprocess.run([BANDIT, "-q", "-r", *shipped_code()], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(FLAKE8 is None, reason="flake8 not installed (requirements-dev.txt; make test installs it)")
def test_flake8_qgis_clean_on_shipped_code():
    """The QGIS plugin linter (flake8-qgis rules only) finds nothing in the code that ships."""
    rules = subprocess.run([FLAKE8, "--version"], capture_output=True, text=True).stdout
    assert "flake8-qgis" in rules, "flake8-qgis is not installed (requirements-dev.txt)"
    result = subprocess.run([FLAKE8, "--isolated", "--select=QGS", *shipped_code()],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
