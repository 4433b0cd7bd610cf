"""The user guide (docs/) and its offline HTML (resources/help/) behind every algorithm's Help button.

* each algorithm's ``helpUrl()`` is a file:// URL of an existing page, in the UI language
  (English when the page is missing in it);
* each page names every parameter and output of its algorithm, taken from the algorithm;
* the committed HTML is what ``scripts/make_help.py`` makes from docs/ now, and it is packaged;
* every parameter has help text in English and a different German one;
* the dialog's short help is a summary of two to four sentences and a link to the algorithm's
  page, in the UI language; what the dialog held before (method, formulas, example) is on the page;
* every relative link and picture of docs/**/*.md resolves (the screenshots of
  ``make screenshots`` may still be missing: they are listed, not failed).
"""
import html
import re
from pathlib import Path

import pytest
from qgis.core import QgsProcessingModelAlgorithm
from qgis.PyQt.QtCore import QUrl

import make_help  # scripts/make_help.py (pyproject.toml: pythonpath)

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
HELP = ROOT / "resources" / "help"

#: pictures taken by `make screenshots` into docs/img; they may not exist yet
SCREENSHOTS = {"karte_demo.png", "dock_bericht.png", "dialog_screening.png", "dialog_korridore.png",
               "modeler_stadtlandbilanz.png"}
LANGUAGES = ("de", "en")


def _algorithms(provider):
    """The provider's algorithms; the shipped models have no help page of their own."""
    algs = [a for a in provider.algorithms() if not isinstance(a, QgsProcessingModelAlgorithm)]
    assert len(algs) >= 5
    return algs


def _fresh_algorithms():
    """New, initialised instances (parameters created in the language installed now)."""
    from wertvoll.algorithms.provider import algorithm_classes

    return [cls().create() for cls in algorithm_classes()]


def _mentions(text, name):
    """*name* appears as a whole word (INPUT does not count inside OUTPUT or INPUT_X)."""
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", text) is not None


def test_every_algorithm_has_a_local_help_url(provider):
    for alg in _algorithms(provider):
        url = alg.helpUrl()
        assert url.startswith("file://"), (alg.id(), url)
        path = Path(QUrl(url).toLocalFile())
        assert path.is_file(), (alg.id(), url)
        assert path.name == f"{alg.name()}.html" and path.parent.name in LANGUAGES, url
        assert path.parent.parent == HELP


def test_help_url_follows_the_ui_language(provider, monkeypatch):
    import wertvoll.i18n

    alg = provider.algorithm("compensationscreening")
    for language, folder in (("de", "de"), ("en", "en"), ("fr", "en")):  # no French pages: English
        monkeypatch.setattr(wertvoll.i18n, "user_language", lambda language=language: language)
        assert QUrl(alg.helpUrl()).toLocalFile().endswith(f"/help/{folder}/compensationscreening.html")


def test_missing_german_page_falls_back_to_english(tmp_path, monkeypatch):
    from wertvoll.algorithms import base

    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "sample.html").write_text("<html></html>", encoding="utf-8")
    monkeypatch.setattr(base, "HELP_DIR", tmp_path)
    assert base.help_page("sample", "de") == tmp_path / "en" / "sample.html"
    assert base.help_page("absent", "de") is None


def test_both_languages_have_the_same_pages():
    de = {p.name for p in (DOCS / "de").glob("*.md")}
    en = {p.name for p in (DOCS / "en").glob("*.md")}
    assert de == en
    for name in ("index.md", "installation.md", "modeler.md", "reports.md", "data-saxony.md", "limits.md"):
        assert name in de, name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_names_every_parameter_and_output(provider, lang):
    for alg in _algorithms(provider):
        page = HELP / lang / f"{alg.name()}.html"
        assert page.is_file(), f"no {lang} page for {alg.id()}: write docs/{lang}/{alg.name()}.md"
        text = page.read_text(encoding="utf-8")
        names = [p.name() for p in alg.parameterDefinitions()] + [o.name() for o in alg.outputDefinitions()]
        missing = [n for n in names if not _mentions(text, n)]
        assert not missing, f"docs/{lang}/{alg.name()}.md does not mention {missing}"


def test_committed_help_is_current(tmp_path):
    """resources/help is exactly what scripts/make_help.py makes from docs/ (like the .qm check)."""
    make_help.build(tmp_path)
    built = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    committed = {p.relative_to(HELP) for p in HELP.rglob("*") if p.is_file()}
    hint = "resources/help is stale: run '.venv/bin/python scripts/make_help.py'"
    assert built == committed, f"{hint} (differing files: {sorted(map(str, built ^ committed))})"
    stale = [str(rel) for rel in sorted(built) if (tmp_path / rel).read_bytes() != (HELP / rel).read_bytes()]
    assert not stale, f"{hint} (changed: {stale})"


def test_help_pages_are_packaged():
    from package import plugin_files

    shipped = set(plugin_files())
    for page in HELP.rglob("*.html"):
        assert page.relative_to(ROOT) in shipped, page


def _parameter_help():
    return {(alg.name(), p.name()): p.help() for alg in _fresh_algorithms() for p in alg.parameterDefinitions()}


def test_every_parameter_has_english_help():
    helps = _parameter_help()
    assert len(helps) > 80
    empty = [key for key, text in helps.items() if not text.strip()]
    assert not empty, f"parameters without help: {empty}"


def test_every_parameter_has_a_german_help(german):
    from wertvoll.i18n import install_translator

    install_translator("en")
    english = _parameter_help()
    install_translator("de")
    deutsch = _parameter_help()
    assert deutsch.keys() == english.keys()
    untranslated = [key for key in english if not deutsch[key].strip() or deutsch[key] == english[key]]
    assert not untranslated, f"parameters whose help is not translated: {untranslated}"


def test_help_in_pieces_is_translated_piece_by_piece(german):
    from wertvoll.algorithms.help import text
    from wertvoll.kernels.errors import N_

    assert text(N_("Compensation")) == "Kompensation"
    assert text((N_("Compensation"), N_("Biotope network"))) == "Kompensation Biotopverbund"
    flood = next(alg for alg in _fresh_algorithms() if alg.name() == "floodriskzones")
    thresholds = flood.parameterDefinition("THRESHOLDS").help()
    assert thresholds.startswith("Höhen in Metern") and "Vorgabe 1,2,3" in thresholds, thresholds


def _summary(alg):
    """(summary text without tags, link target) of the dialog's short help."""
    text = alg.shortHelpString()
    link = re.search(r'<a href="([^"]+)">', text)
    summary = html.unescape(re.sub(r"<[^>]+>", " ", text[:link.start()] if link else text)).strip()
    return summary, (html.unescape(link.group(1)) if link else None)


def test_short_help_is_a_summary_with_a_link_to_the_page():
    for alg in _fresh_algorithms():
        assert isinstance(alg.SHORT_HELP, tuple) and 2 <= len(alg.SHORT_HELP) <= 4, alg.name()
        summary, link = _summary(alg)
        assert 100 < len(summary) < 800, (alg.name(), summary)
        assert "<h3>" not in alg.shortHelpString() and "<li>" not in alg.shortHelpString(), alg.name()
        assert link == alg.helpUrl() and link.endswith(f"/help/en/{alg.name()}.html"), (alg.name(), link)
        assert "User guide" in alg.shortHelpString()


def test_short_help_in_german_links_to_the_german_page(german, monkeypatch):
    import wertvoll.i18n

    monkeypatch.setattr(wertvoll.i18n, "user_language", lambda: "de")
    for alg in _fresh_algorithms():
        summary, link = _summary(alg)
        assert link is not None and link.endswith(f"/help/de/{alg.name()}.html"), (alg.name(), link)
        assert "Benutzerhandbuch" in alg.shortHelpString(), alg.name()
        english = " ".join(alg.SHORT_HELP)
        assert summary and summary != english, alg.name()


#: what the dialogs' long help held before it moved to the guide: it must be on the page
MOVED_TO_THE_PAGE = {
    "compensationscreening": {"en": ["W_UPLIFT × (value_target − value_now)/24", "80,000 eco-points", "WHG §78a"],
                              "de": ["W_UPLIFT × (value_target − value_now)/24", "80.000 Wertpunkte", "WHG §78a"]},
    "riparianstrips": {"en": ["least-squares lines", "max(4 × 7 × 1.25, 20) = 35 m"],
                       "de": ["Ausgleichsgeraden", "max(4 × 7 × 1,25; 20) = 35 m"]},
    "floodriskzones": {"en": ["8-neighbourhood", '{"1": 40000.0', "bridges or dams"],
                       "de": ["8er-Nachbarschaft", '{"1": 40000.0', "Brücken oder Dämme"]},
    "biotopecorridors": {"en": ["PC = ΣᵢΣⱼ aᵢ·aⱼ·p*ᵢⱼ / A_L²", "√(ΣᵢΣⱼ aᵢ·aⱼ·p*ᵢⱼ)", "Holzgang", "500 × 50 = 25,000"],
                         "de": ["PC = ΣᵢΣⱼ aᵢ·aⱼ·p*ᵢⱼ / A_L²", "√(ΣᵢΣⱼ aᵢ·aⱼ·p*ᵢⱼ)", "Holzgang", "500 × 50 = 25.000"]},
    "report": {"en": ["stadt-land-bilanz", "never evaluated"], "de": ["stadt-land-bilanz", "nie ausgewertet"]},
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_what_left_the_dialog_is_on_the_page(lang):
    for name, phrases in MOVED_TO_THE_PAGE.items():
        page = html.unescape((HELP / lang / f"{name}.html").read_text(encoding="utf-8"))
        missing = [phrase for phrase in phrases[lang] if phrase not in page]
        assert not missing, f"resources/help/{lang}/{name}.html lacks {missing}"


_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _links(markdown_text):
    """Targets of the Markdown links and pictures outside code blocks and code spans."""
    text = re.sub(r"^(```|~~~).*?^\1", "", markdown_text, flags=re.MULTILINE | re.DOTALL)
    text = re.sub(r"`[^`\n]*`", "", text)
    return _LINK.findall(text)


def _anchors(md_path):
    """The heading ids of a page, as the generated help HTML has them."""
    html = HELP / md_path.parent.name / f"{md_path.stem}.html"
    return set(re.findall(r'\bid="([^"]+)"', html.read_text(encoding="utf-8"))) if html.is_file() else set()


def test_relative_links_and_pictures_resolve(capsys):
    pages = sorted(DOCS.rglob("*.md"))
    assert pages
    broken, pending = [], set()
    for page in pages:
        for target in _links(page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                continue
            path_part, _, anchor = target.partition("#")
            resolved = (page.parent / path_part).resolve() if path_part else page
            if path_part and not resolved.exists():
                if resolved.parent == (DOCS / "img").resolve() and resolved.name in SCREENSHOTS:
                    pending.add(resolved.name)
                    continue
                broken.append(f"{page.relative_to(ROOT)}: {target}")
                continue
            if anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such heading)")
    assert not broken, "broken links:\n" + "\n".join(broken)
    if pending:
        with capsys.disabled():
            print(f"\nscreenshots not in docs/img yet (make screenshots): {', '.join(sorted(pending))}")
