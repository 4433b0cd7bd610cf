"""One checked run of the robustness matrix (issue 9) and the invariants it checks.

:func:`checked_run` runs an algorithm through Processing and checks, for every case:

* the run gives a result, or raises ``QgsProcessingException`` (never another type) whose
  message is one of the plugin's translatable templates (or a message QGIS itself
  translates) and shows no Python internals;
* the inputs are unchanged (WKB and attributes of every feature; bytes of every file);
* after an error no output file exists (outputs are files by default for that reason).

:func:`run_world` runs a world that way and compares with its expectation: a clear error, or
the result worked out by hand (the world's ``check``) with the warnings it expects.
"""
import hashlib
import json
import os
import re
import string
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from layers import WarningFeedback

#: words of Python internals that must never reach a planner
INTERNALS = re.compile(r"Traceback|File \"|\.py\b|NoneType|has no attribute|object is not|"
                       r"\b(?:Type|Value|Key|Index|Attribute|Runtime|Name|OS|Assertion|ZeroDivision|"
                       r"Import|GEOS|Shapely|Memory|Overflow|Recursion)(?:Error|Exception)\b|"
                       r"numpy|shapely\.|pandas|sip\.|<[a-z_.]+ object at 0x")

#: messages QGIS (core or the processing plugin) raises and translates itself
QGIS_TEMPLATES = (
    "Could not load source layer for {name}: {detail}",
    "Could not load source layer for {name}: invalid value",
    "Could not create destination layer for {name}: {detail}",
    "Could not create destination layer for {name}: invalid value",
    "Incorrect parameter value for {name}",
    "Could not create layer {path}: {detail}",
    "Feature ({fid}) from “{layer}” has invalid geometry. Please fix the geometry or change the "
    "Processing setting to the “Ignore invalid input features” option.",
    "Feature ({fid}) from “{layer}” has invalid geometry. Please fix the geometry or change the "
    "“Invalid features filtering” option for this input or globally in Processing settings.",
)


def _pattern(template):
    """A regex matching *template* with every {placeholder} filled by any text."""
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(".*?")
    return re.compile("".join(parts), re.DOTALL)


_TEMPLATES = None


def translatable_templates():
    """Regexes of every string the plugin passes to tr()/N_() (scripts/i18n.py extracts them)."""
    global _TEMPLATES
    if _TEMPLATES is None:
        import i18n as i18n_tool  # scripts/i18n.py (pyproject.toml: pythonpath)

        texts = set(i18n_tool.extract_strings()) | set(QGIS_TEMPLATES)
        for language in i18n_tool.LANGUAGES:  # a translated message is a template too
            texts |= {t for t in i18n_tool.read_ts(i18n_tool.ts_path(language)).values() if t}
        texts = [t for t in texts if "{" in t or len(t) > 12]
        _TEMPLATES = [_pattern(t) for t in sorted(texts, key=len, reverse=True)]
    return _TEMPLATES


def assert_clear_message(message):
    """*message* is a filled-in translatable template and shows no Python internals."""
    text = message.strip()
    assert text, "empty error message"
    assert not INTERNALS.search(text), f"Python internals in the message: {text!r}"
    prefix = "Unable to execute algorithm\n"  # processing.run's wrapper of checkParameterValues
    if text.startswith(prefix):
        text = text[len(prefix):].strip()
    assert any(p.fullmatch(text) for p in translatable_templates()), (
        f"not a translatable message (no tr()/N_() template matches): {text!r}")


# --------------------------------------------------------------------------------------------
# snapshots: inputs unchanged, outputs absent

def _file_digest(path):
    path = Path(path)
    if not path.exists():
        return None
    if path.is_dir():
        return {p.name: _file_digest(p) for p in sorted(path.iterdir())}
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot_layer(layer):
    """(fid, WKB, attributes) of every feature of *layer*; repr() makes NaN comparable."""
    rows = []
    for feature in layer.getFeatures():
        geometry = feature.geometry()
        wkb = None if geometry is None or geometry.isNull() else bytes(geometry.asWkb())
        rows.append((feature.id(), wkb, [repr(v) for v in feature.attributes()]))
    fields = [(f.name(), f.typeName()) for f in layer.fields()]
    return fields, rows


def snapshot(inputs):
    out = []
    for item in inputs:
        if isinstance(item, (str, Path)):
            out.append(("file", str(item), _file_digest(item)))
        else:
            out.append(("layer", item.name(), snapshot_layer(item), item.selectedFeatureIds(),
                        item.subsetString()))
    return out


# --------------------------------------------------------------------------------------------
# the checked run

@dataclass
class Outcome:
    result: dict = None
    error: str = None
    context: object = None
    feedback: object = None
    seconds: float = 0.0

    @property
    def warnings(self):
        return self.feedback.warnings


def checked_run(algorithm, params, inputs, output_files, invalid_check=None):
    """Run *algorithm* and check the issue-9 invariants; returns an :class:`Outcome`.

    *inputs*: layers and files that must stay unchanged; *output_files*: paths that must not
    exist after an error (they do not exist before: every world writes into a fresh folder).
    """
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProject

    before = snapshot(inputs)
    present_before = {str(p): _file_digest(p) for p in output_files}
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    if invalid_check is not None:
        context.setInvalidGeometryCheck(invalid_check)
    feedback = WarningFeedback()
    outcome = Outcome(context=context, feedback=feedback)
    start = time.perf_counter()
    try:
        outcome.result = processing.run(f"wertvoll:{algorithm}", params, context=context, feedback=feedback)
    except QgsProcessingException as error:
        outcome.error = str(error)
    except Exception as error:  # noqa: BLE001 - exactly what must not happen
        pytest.fail(f"{type(error).__name__} instead of QgsProcessingException: {error}")
    outcome.seconds = time.perf_counter() - start
    assert snapshot(inputs) == before, "an input was modified"
    if outcome.error is not None:
        assert_clear_message(outcome.error)
        left = {p: d for p, d in ((str(p), _file_digest(p)) for p in output_files) if d != present_before[p]}
        assert not left, f"output left behind after an error: {sorted(left)}"
    else:
        for text in feedback.warnings:  # warnings are shown to the planner too
            assert not INTERNALS.search(text), f"Python internals in a warning: {text!r}"
    return outcome


# --------------------------------------------------------------------------------------------
# running a case

_LOG = {}


def run_world(world, expect, project_layers, label):
    """Run *world*; *expect* 'error' (a clear QgsProcessingException) or None (the hand result).

    With WERTVOLL_MATRIX_LOG=<file.json> every outcome is written there (docs/robustness.md).
    """
    outcome = world.run(project_layers)
    _LOG[label] = {"error": outcome.error, "warnings": list(outcome.feedback.warnings),
                   "seconds": round(outcome.seconds, 3)}
    if os.environ.get("WERTVOLL_MATRIX_LOG"):
        path = Path(os.environ["WERTVOLL_MATRIX_LOG"])
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        old.update(_LOG)
        path.write_text(json.dumps(old, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    if expect == "error":
        assert outcome.error is not None, "expected a clear error, got a result"
    else:
        assert outcome.error is None, f"expected a result, got the error: {outcome.error}"
        world.check(outcome)
        for fragment in world.expect_warnings:
            assert any(fragment in w for w in outcome.warnings), (fragment, outcome.warnings)
    return outcome


def run_unchecked(world, project_layers):
    """Run without the dialog's check (a model step, a script): the error comes from inside the run."""
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingException, QgsProject

    from layers import WarningFeedback

    params, _ = world.build(project_layers)
    algorithm = QgsApplication.processingRegistry().createAlgorithmById(f"wertvoll:{world.ALG}")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    with pytest.raises(QgsProcessingException) as error:
        algorithm.run(params, context, WarningFeedback(), {}, False)
    assert_clear_message(str(error.value))
    return context
