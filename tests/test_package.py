"""make package: the zip holds what runs in QGIS and nothing else."""
import zipfile
from pathlib import Path

import package  # scripts/package.py (pyproject.toml: pythonpath)

ROOT = Path(__file__).resolve().parent.parent


def test_package_contents(tmp_path):
    target = package.build(tmp_path)
    assert target.name == f"wertvoll-{package.version()}.zip"
    names = zipfile.ZipFile(target).namelist()
    assert all(n.startswith("wertvoll/") for n in names)
    for required in ("metadata.txt", "__init__.py", "plugin.py", "LICENSE", "algorithms/provider.py",
                     "compat.py", "ui/dock.py", "i18n/wertvoll_de.qm", "resources/icons/wertvoll.svg"):
        assert f"wertvoll/{required}" in names, required
    for name in names:
        parts = Path(name).parts
        assert parts[1] not in ("tests", "scripts", "bench", ".ci", "build", "dist", "out", ".venv"), name
        assert "__pycache__" not in parts and not name.endswith((".pyc", ".ts")), name
    assert "wertvoll/Makefile" not in names and "wertvoll/pyproject.toml" not in names
    # every algorithm module of the provider is shipped
    for module in (ROOT / "algorithms").glob("*.py"):
        assert f"wertvoll/algorithms/{module.name}" in names
