"""Static checks: no unused imports or variables, no undefined names (ruff's pyflakes rules)."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(RUFF is None, reason="ruff not installed (requirements-dev.txt; make test installs it)")
def test_pyflakes_clean():
    result = subprocess.run([RUFF, "check", "--select", "F", "--no-cache", str(ROOT)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
