"""Translations: .ts in sync with the code, fully translated, compiled .qm used at run time."""
import subprocess
from pathlib import Path

from qgis.PyQt.QtCore import QTranslator

import i18n as i18n_tool  # scripts/i18n.py (pyproject.toml: pythonpath)

ROOT = Path(__file__).resolve().parent.parent


def test_ts_files_in_sync_with_code_and_complete():
    problems = i18n_tool.check_problems()
    assert not problems, "\n".join(problems[:30]) + "\nrun: python scripts/i18n.py update"


#: longest translation key allowed: a longer help text is a tuple of N_() sentences (algorithms/help.py)
MAX_KEY = 300


def test_translation_keys_are_short():
    """No tr()/N_() string of the shipped code is over MAX_KEY characters: long keys are fragile."""
    strings = i18n_tool.extract_strings()
    assert len(strings) > 400
    long = sorted((len(text), where) for text, where in strings.items() if len(text) > MAX_KEY)
    assert not long, f"translatable strings over {MAX_KEY} characters (length, place): {long}; split them " \
        "into a tuple of N_() sentences (algorithms/help.py)"


def test_extractor_finds_tr_and_noop_markers(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text(
        "x = tr('one')\nclass A:\n    def f(self):\n        return self.tr('two')\n"
        "T = N_('three')\ny = tr(variable)\nz = other('four')\n",
        encoding="utf-8",
    )
    assert sorted(i18n_tool.extract_strings([source])) == ["one", "three", "two"]


def test_compiled_translation_loads_and_translates(tmp_path):
    qm = tmp_path / "de.qm"
    subprocess.run(["lrelease", "-silent", str(ROOT / "i18n/wertvoll_de.ts"), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("WERTvoll", "Compensation") == "Kompensation"


def test_built_qm_is_current():
    """The .qm the Makefile built (and the package ships) is not older than its .ts."""
    ts = ROOT / "i18n/wertvoll_de.ts"
    qm = ROOT / "i18n/wertvoll_de.qm"
    assert qm.exists(), "run 'make i18n'"
    assert qm.stat().st_mtime >= ts.stat().st_mtime, "i18n/wertvoll_de.qm is stale: run 'make i18n'"


def test_provider_and_groups_in_german(provider, german):
    assert provider.name() == "WERTvoll Stadt-Land"
    from wertvoll.algorithms.base import GROUPS
    from wertvoll.i18n import tr

    assert tr(GROUPS["water"]) == "Gewässer & Hochwasser"
    assert tr(GROUPS["network"]) == "Biotopverbund"


def test_provider_in_english_without_translator(provider):
    assert provider.name() == "WERTvoll city–countryside"
