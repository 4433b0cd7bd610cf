#!/usr/bin/env python3
"""Keep the Qt translation files of WERTvoll in sync with the source code.

Why not pylupdate5: it files ``self.tr()`` strings under the *class* name as
context, while WERTvoll translates everything in one context (``WERTvoll``)
through ``i18n.tr()`` — base-class strings would land in the wrong context.
This script reads the Python sources with ``ast`` instead and collects every
string literal passed as first argument to ``tr(...)``, ``<obj>.tr(...)`` or
``N_(...)`` (the no-op marker used in kernels and class attributes).

    python scripts/i18n.py update   # add new strings (unfinished), drop vanished ones
    python scripts/i18n.py check    # exit 1 unless every .ts matches the code and is fully translated

``lrelease i18n/wertvoll_de.ts`` (run by the Makefile) compiles the ``.qm``.
"""
import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTEXT = "WERTvoll"
LANGUAGES = {"de": "de_DE"}
# folders with code that runs inside QGIS (tests, scripts and tools are not translated)
SOURCE_DIRS = ["", "algorithms", "ui", "kernels", "i18n", "report"]
MARKERS = {"tr", "N_"}


def source_files():
    for folder in SOURCE_DIRS:
        base = ROOT / folder
        if not base.is_dir():
            continue
        pattern = "*.py" if folder == "" else "**/*.py"
        yield from sorted(base.glob(pattern))


def extract_strings(files=None):
    """Map each translatable source string to the first 'file:line' it occurs at."""
    found = {}
    for path in files or source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            first = node.args[0]
            if name in MARKERS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                found.setdefault(first.value, f"{where}:{node.lineno}")
    return found


def ts_path(language):
    return ROOT / "i18n" / f"wertvoll_{language}.ts"


def read_ts(path):
    """Map source -> translation (None when unfinished) of the WERTvoll context."""
    if not path.exists():
        return {}
    messages = {}
    for context in ET.parse(path).getroot().iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") not in ("unfinished", "obsolete", "vanished")
            text = translation.text if translation is not None else None
            messages[message.findtext("source")] = text if done and text else None
    return messages


def write_ts(path, language, messages):
    root = ET.Element("TS", version="2.1", language=LANGUAGES[language], sourcelanguage="en")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source in sorted(messages):
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = source
        translation = ET.SubElement(message, "translation")
        if messages[source]:
            translation.text = messages[source]
        else:
            translation.set("type", "unfinished")
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def update():
    strings = extract_strings()
    for language in LANGUAGES:
        path = ts_path(language)
        old = read_ts(path)
        merged = {source: old.get(source) for source in strings}
        write_ts(path, language, merged)
        unfinished = [s for s, t in merged.items() if not t]
        print(f"{path.relative_to(ROOT)}: {len(merged)} strings, {len(unfinished)} unfinished, "
              f"{len(set(old) - set(strings))} dropped")
    return 0


def check_problems():
    """Every way the .ts files are out of sync with the code, as readable lines."""
    strings = extract_strings()
    problems = []
    for language in LANGUAGES:
        path = ts_path(language)
        messages = read_ts(path)
        for source in sorted(set(strings) - set(messages)):
            problems.append(f"{path.name}: missing {source!r} ({strings[source]})")
        for source in sorted(set(messages) - set(strings)):
            problems.append(f"{path.name}: no longer in the code {source!r}")
        for source in sorted(s for s in set(messages) & set(strings) if not messages[s]):
            problems.append(f"{path.name}: not translated {source!r} ({strings[source]})")
        for source, translation in sorted(messages.items()):
            if translation and placeholders(source) != placeholders(translation):
                problems.append(f"{path.name}: placeholders differ {placeholders(source)} vs "
                                f"{placeholders(translation)} in {source!r}")
    return problems


def placeholders(text):
    """The str.format fields of *text*, e.g. {'count', 'crs'}."""
    import string

    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def check():
    problems = check_problems()
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} translation problem(s): run 'python scripts/i18n.py update', "
              "then translate the unfinished entries in i18n/*.ts")
        return 1
    print(f"translations in sync: {len(extract_strings())} strings")
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    sys.exit({"update": update, "check": check}[command]())
