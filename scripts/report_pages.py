#!/usr/bin/env python3
"""make report-pages: the four built-in demo reports (German) as PDF and as page pictures.

Runs the demo first when out/berichte/ lacks a report, then lays each report's HTML out on
A4 pages with ``wertvoll.report.pdf`` (QGIS's print layout engine) and writes
out/berichte/<template>.pdf and docs/img/bericht/<template>-<page>.png (60 dpi: small files
for the user guide). Prints pages and time per report.
"""
import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from qgis_headless import start_qgis  # noqa: E402

TEMPLATES = ("stadt-land-bilanz", "kompensation", "gewaesser", "biotopverbund")


def ensure_demo(out):
    """The demo's report HTML files, running ``scripts/run_demo.py`` when one is missing."""
    html = {name: out / "berichte" / f"{name}.html" for name in TEMPLATES}
    if not all(path.is_file() for path in html.values()):
        subprocess.run([sys.executable, str(ROOT / "scripts" / "run_demo.py"), "--out", str(out)], check=True)
    return html


def render(name, html_path, pictures, dpi):
    from wertvoll.report import pdf

    html = html_path.read_text(encoding="utf-8")
    for old in pictures.glob(f"{name}-*.png"):  # a report that got shorter leaves no stale page
        old.unlink()
    start = time.perf_counter()
    pages = pdf.write_pdf(html, html_path.with_suffix(".pdf"))
    seconds = time.perf_counter() - start
    images = pdf.export_pages(html, pictures, dpi=dpi, prefix=name)
    print(f"report-pages: {name}: {pages} pages, PDF in {seconds:.2f} s, {len(images)} pictures")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "out"), help="the demo's output folder")
    parser.add_argument("--pictures", default=str(ROOT / "docs" / "img" / "bericht"))
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()
    html = ensure_demo(Path(args.out))
    pictures = Path(args.pictures)
    pictures.mkdir(parents=True, exist_ok=True)
    _app = start_qgis()
    for name, path in html.items():
        render(name, path, pictures, args.dpi)


if __name__ == "__main__":
    main()
