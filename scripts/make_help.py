#!/usr/bin/env python3
"""Build the offline help pages ``resources/help/<lang>/<page>.html`` from the user guide ``docs/``.

Every Markdown page of ``docs/de`` and ``docs/en`` becomes one standalone HTML page (inline CSS,
no scripts, nothing loaded from the net), so the *Help* button of an algorithm dialog opens the
guide without a connection: ``WertvollAlgorithm.helpUrl()`` points at
``resources/help/<UI language>/<algorithm id>.html``. Links between the pages (``x.md``) become
``x.html``; pictures from ``docs/img`` are referenced as ``../img/<name>`` and copied to
``resources/help/img`` when they exist (the screenshots come from ``make screenshots``). The
generated files are committed and ship in the plugin zip (``resources/`` is packaged whole);
``tests/test_help.py`` fails when they are older than the guide. Rebuild after editing ``docs/``::

    .venv/bin/python scripts/make_help.py            # writes resources/help
    .venv/bin/python scripts/make_help.py --out DIR  # somewhere else (the test does this)
"""
import argparse
import html
import re
import shutil
import sys
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
IMG = DOCS / "img"
TARGET = ROOT / "resources" / "help"
LANGUAGES = ("de", "en")
EXTENSIONS = ["tables", "fenced_code", "sane_lists", "toc"]

CSS = """
body { font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 15px;
       line-height: 1.5; color: #1c2b22; margin: 0; background: #fbfcfb; }
main { max-width: 60em; margin: 0 auto; padding: 1em 1.5em 3em; }
h1, h2, h3 { color: #1b5e20; line-height: 1.25; }
h1 { border-bottom: 2px solid #1b5e20; padding-bottom: .2em; }
h2 { margin-top: 1.6em; border-bottom: 1px solid #c8d6cb; }
a { color: #1565c0; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .92em;
       background: #eef3ef; padding: .05em .25em; border-radius: 3px; }
pre { background: #eef3ef; padding: .7em 1em; overflow-x: auto; border-radius: 4px; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: .8em 0; font-size: .93em; }
th, td { border: 1px solid #c8d6cb; padding: .3em .55em; vertical-align: top; text-align: left; }
th { background: #e3ede5; }
img { max-width: 100%; border: 1px solid #c8d6cb; }
blockquote { margin: .8em 0; padding: .2em 1em; border-left: 4px solid #81c784; background: #f1f8f2; }
nav.lang { float: right; font-size: .9em; }
"""

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – WERTvoll</title>
<style>{css}</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""

# relative targets in the generated HTML: href="..." / src="..."
_ATTR = re.compile(r'(?P<attr>href|src)="(?P<url>[^"#]*)(?P<anchor>#[^"]*)?"')


def pages(lang):
    """The Markdown pages of one language, sorted."""
    return sorted((DOCS / lang).glob("*.md"))


def _rewrite(match, source, images):
    """Map one link of the page *source* to its place under resources/help; collect pictures."""
    attr, url, anchor = match.group("attr"), match.group("url"), match.group("anchor") or ""
    if not url or re.match(r"^[a-z][a-z0-9+.-]*:", url):  # in-page anchor or absolute (http:, mailto:)
        return match.group(0)
    target = (source.parent / url).resolve()
    if target.suffix == ".md" and target.parent.parent == DOCS.resolve() and target.parent.name in LANGUAGES:
        return f'{attr}="{url[:-3]}.html{anchor}"'
    if target.parent == IMG.resolve():
        images.add(target.name)
        return f'{attr}="../img/{target.name}{anchor}"'
    raise SystemExit(f"make_help: {source.relative_to(ROOT)}: link '{url}' leaves docs/ (pages and docs/img "
                     "only): write the path as text instead")


def render(source):
    """(HTML text, picture names) of one Markdown page."""
    text = source.read_text(encoding="utf-8")
    md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    body = md.convert(text)
    images = set()
    body = _rewrite_all(body, source, images)
    first = re.search(r"^#\s+(.+)$", text, flags=re.MULTILINE)
    title = html.escape(re.sub(r"[`*_]", "", first.group(1)).strip()) if first else source.stem
    page = PAGE.format(lang=source.parent.name, title=title, css=CSS.strip(), body=body)
    return page, images


def _rewrite_all(body, source, images):
    return _ATTR.sub(lambda m: _rewrite(m, source, images), body)


def build(out=TARGET):
    """Write every page to *out*/<lang>/<page>.html and the pictures they show to *out*/img.

    Returns the list of written files. Pictures not (yet) in docs/img are reported and skipped.
    """
    out = Path(out)
    written, images = [], set()
    for lang in LANGUAGES:
        folder = out / lang
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for source in pages(lang):
            page, used = render(source)
            target = folder / f"{source.stem}.html"
            target.write_bytes(page.encode("utf-8"))
            written.append(target)
            images |= used
    img_out = out / "img"
    if img_out.exists():
        shutil.rmtree(img_out)
    missing = sorted(name for name in images if not (IMG / name).is_file())
    present = sorted(images - set(missing))
    if present:
        img_out.mkdir(parents=True)
        for name in present:
            shutil.copyfile(IMG / name, img_out / name)
            written.append(img_out / name)
    if missing:
        print(f"make_help: pictures not in docs/img yet (run 'make screenshots'): {', '.join(missing)}")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    written = build(args.out)
    try:
        shown = args.out.resolve().relative_to(ROOT)
    except ValueError:
        shown = args.out
    print(f"make_help: {len(written)} files in {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
