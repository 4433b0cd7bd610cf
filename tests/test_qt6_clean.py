"""QGIS 4 (Qt 6) readiness by rule: nothing in the shipped code that QGIS's pyqt5_to_pyqt6 script rewrites.

No Qt 6 build of QGIS can be installed here, so the rules that script applies are checked on the
source instead (scripts/pyqt5_to_pyqt6/pyqt5_to_pyqt6.py in the QGIS repository):
* Qt only through ``qgis.PyQt`` (no PyQt5/PyQt6/sip imports);
* no ``exec_`` (Qt 6: ``exec``), no ``qApp``, ``QRegExp``, ``QDesktopWidget``, compiled resources,
  ``QFontMetrics.width``, ``activated[str]``;
* every enum member scoped: ``Qt.AlignmentFlag.AlignLeft``, not ``Qt.AlignLeft`` (Qt 6 and QGIS 4
  drop the unscoped names). The check asks the running bindings: an attribute ``Owner.Member`` whose
  value is a member of an enum type nested in ``Owner`` is unscoped. QGIS enums that moved into
  ``Qgis`` go through compat.py instead, which picks the new spelling where it exists.
The one allowed exception: compat.py's field types for QGIS < 3.38, which take ``QVariant.Double``
(QMetaType there only from 3.38; the branch never runs on QGIS 4).
"""
import ast
import importlib
from pathlib import Path

import pytest
from test_lint import shipped_code

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN_NAMES = {"qApp", "QRegExp", "QDesktopWidget", "resources_rc"}
ALLOWED_UNSCOPED = {("compat.py", "QVariant")}


def python_files():
    for target in map(Path, shipped_code()):
        yield from sorted(target.rglob("*.py")) if target.is_dir() else [target]


def imported_qgis_names(tree):
    """Names imported from qgis.* modules -> the objects they are in the running bindings."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "qgis":
            module = importlib.import_module(node.module)
            for alias in node.names:
                names[alias.asname or alias.name] = getattr(module, alias.name, None)
    return names


def unscoped_enum(owner, member):
    """The enum type's name when ``owner.member`` is an enum member reached without its enum, else None."""
    value = getattr(owner, member, None)
    kind = type(value)
    if value is None or kind in (int, bool, str, float) or isinstance(value, type):
        return None
    name = getattr(kind, "__name__", "")
    return name if getattr(owner, name, None) is kind and name != member else None


def problems_in(path):
    relative = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = imported_qgis_names(tree)
    found = []
    for node in ast.walk(tree):
        where = f"{relative}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if any(m.split(".")[0] in ("PyQt5", "PyQt6", "sip") for m in modules):
                found.append(f"{where}: import Qt through qgis.PyQt")
            if isinstance(node, ast.ImportFrom) and FORBIDDEN_NAMES & {a.name for a in node.names}:
                found.append(f"{where}: {FORBIDDEN_NAMES & {a.name for a in node.names}} is gone in Qt 6")
        elif isinstance(node, ast.Attribute) and node.attr == "exec_" or \
                isinstance(node, ast.FunctionDef) and node.name == "exec_":
            found.append(f"{where}: exec_ is exec in Qt 6")
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and \
                node.value.attr == "activated":
            found.append(f"{where}: activated[...] is gone in Qt 6")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                names.get(node.value.id) is not None and (relative, node.value.id) not in ALLOWED_UNSCOPED:
            enum = unscoped_enum(names[node.value.id], node.attr)
            if enum:
                found.append(f"{where}: {node.value.id}.{node.attr} -> {node.value.id}.{enum}.{node.attr} "
                             "(or a name from compat.py)")
    return found


def test_shipped_code_is_qt6_clean():
    files = list(python_files())
    assert len(files) > 20, files  # the plugin's modules, not an empty selection
    found = [problem for path in files for problem in problems_in(path)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("source, expected", [
    ("from qgis.PyQt.QtCore import Qt\nx = Qt.AlignLeft\n", "Qt.AlignLeft -> Qt.AlignmentFlag.AlignLeft"),
    ("from qgis.PyQt.QtWidgets import QDialog\nQDialog().exec_()\n", "exec_ is exec"),
    ("from PyQt5.QtCore import Qt\n", "import Qt through qgis.PyQt"),
    ("from qgis.PyQt.QtCore import QRegExp\n", "gone in Qt 6"),
])
def test_the_rules_find_what_pyqt5_to_pyqt6_rewrites(source, expected):
    """The check is not vacuous: each rule fires on a line the QGIS script would rewrite."""
    path = ROOT / "build" / "qt6_probe.py"
    path.parent.mkdir(exist_ok=True)
    path.write_text(source, encoding="utf-8")
    try:
        assert any(expected in problem for problem in problems_in(path)), problems_in(path)
    finally:
        path.unlink()
    scoped = ROOT / "build" / "qt6_scoped.py"
    scoped.write_text("from qgis.PyQt.QtCore import Qt\nx = Qt.AlignmentFlag.AlignLeft\n", encoding="utf-8")
    try:
        assert problems_in(scoped) == []
    finally:
        scoped.unlink()
