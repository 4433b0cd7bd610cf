"""Static checks: ruff's pyflakes rules on the whole tree, bandit on the code that ships.

plugins.qgis.org refuses uploads with bandit findings, so the shipped packages must be clean.
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
sys.path.insert(0, str(ROOT / "scripts"))


@pytest.mark.skipif(RUFF is None, reason="ruff not installed (requirements-dev.txt; make test installs it)")
def test_pyflakes_clean():
    result = subprocess.run([RUFF, "check", "--select", "F", "--no-cache", str(ROOT)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(BANDIT is None, reason="bandit not installed (requirements-dev.txt; make test installs it)")
def test_bandit_clean_on_shipped_code():
    from package import PACKAGES, TOP_FILES

    targets = [str(ROOT / p) for p in PACKAGES if (ROOT / p).is_dir() and p not in ("resources", "i18n")]
    targets += [str(ROOT / f) for f in TOP_FILES if f.endswith(".py")]
    targets.append(str(ROOT / "i18n" / "__init__.py"))
    result = subprocess.run([BANDIT, "-q", "-r", *targets], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
