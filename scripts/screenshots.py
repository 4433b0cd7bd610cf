#!/usr/bin/env python3
"""make screenshots: the user-guide pictures, taken in the real QGIS desktop under Xvfb.

Starts ``qgis.bin`` under ``xvfb-run`` (screen 1600x1000) with a fresh, German profile into
which the packaged plugin (dist/wertvoll-<version>.zip, ``make package``) is installed, opens
the demo project out/wertvoll_demo.qgz (``make demo``) and lets scripts/screenshots_in_qgis.py
take the pictures. They are scaled to at most 1400 px wide, reduced to 256 colours (Pillow,
from Debian's python3-pil) and written to --out (docs/img):

    karte_demo.png, dock_bericht.png, dialog_screening.png, dialog_korridore.png,
    modeler_stadtlandbilanz.png

QGIS's own output goes to build/screenshots/qgis.log. Nothing of the user's QGIS profile or
settings is touched.
"""
import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from qgis_desktop import (  # noqa: E402
    desktop_command, desktop_env, make_profile, missing_tools, plugin_zip, run_desktop)

PICTURES = ["karte_demo.png", "dock_bericht.png", "dialog_screening.png", "dialog_korridore.png",
            "modeler_stadtlandbilanz.png"]
PROFILE = "wertvoll_screenshots"
LOG = ROOT / "build" / "screenshots" / "qgis.log"


def compress(source, target):
    """*source* as a 256-colour PNG at *target* (Pillow with libimagequant, dithered: about a third of
    the size, no visible loss on a screenshot); a plain copy when Pillow is missing or it is not smaller."""
    try:
        from PIL import Image, features
    except ImportError:
        shutil.copyfile(source, target)
        return
    method = Image.Quantize.LIBIMAGEQUANT if features.check("libimagequant") else Image.Quantize.MEDIANCUT
    with Image.open(source) as image:
        small = image.convert("RGB").quantize(colors=256, method=method, dither=Image.Dither.FLOYDSTEINBERG)
    tmp = target.with_suffix(".tmp.png")
    small.save(tmp, optimize=True)
    if tmp.stat().st_size < source.stat().st_size:
        tmp.replace(target)
    else:
        tmp.unlink()
        shutil.copyfile(source, target)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img", help="folder for the PNGs")
    parser.add_argument("--project", type=Path, default=ROOT / "out" / "wertvoll_demo.qgz",
                        help="the demo project (make demo writes it)")
    parser.add_argument("--width", type=int, default=1400, help="maximum picture width in px")
    parser.add_argument("--timeout", type=int, default=300, help="seconds QGIS may take in all")
    parser.add_argument("--only", nargs="+", choices=PICTURES, metavar="PICTURE",
                        help=f"take only these pictures ({', '.join(PICTURES)})")
    args = parser.parse_args()

    missing = missing_tools()
    if missing:
        sys.exit(f"screenshots: not installed: {', '.join(missing)} - the real QGIS desktop under Xvfb is "
                 "needed (Debian: apt-get install qgis xvfb; 'make setup' installs both)")
    project = args.project.resolve()
    wanted = args.only or PICTURES
    if not project.exists() and wanted != ["modeler_stadtlandbilanz.png"]:
        sys.exit(f"screenshots: {project} is missing - run 'make demo' first")
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wertvoll-shots-") as tmp:
        tmp = Path(tmp)
        profiles, _plugins = make_profile(tmp, plugin_zip(tmp), PROFILE)
        shots, result_file = tmp / "shots", tmp / "result.json"
        env = desktop_env(tmp / "home", WERTVOLL_SHOTS_DIR=shots, WERTVOLL_SHOTS_PROJECT=project,
                          WERTVOLL_SHOTS_RESULT=result_file, WERTVOLL_SHOTS_WIDTH=args.width,
                          WERTVOLL_SHOTS_ONLY=",".join(args.only or []))
        (tmp / "home").mkdir()
        print(f"screenshots: starting QGIS under Xvfb on {project.name} (log: {LOG.relative_to(ROOT)}) ...")
        code = run_desktop(LOG, desktop_command(profiles, PROFILE, ROOT / "scripts" / "screenshots_in_qgis.py"),
                           env, args.timeout)
        if code is None:
            sys.exit(f"screenshots: QGIS did not finish within {args.timeout} s and was stopped; see {LOG}")
        if not result_file.exists():
            sys.exit(f"screenshots: QGIS wrote no result (exit {code}); see {LOG}")
        result = json.loads(result_file.read_text(encoding="utf-8"))
        for shot in result["written"]:
            target = out / shot["file"]
            compress(shots / shot["file"], target)
            print(f"  wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}  "
                  f"{shot['width']}x{shot['height']} px, {target.stat().st_size / 1024:.0f} KiB")
    for note in result.get("notes", []):
        print(f"screenshots: note: {note}")
    for problem in result["problems"]:
        print(f"screenshots: problem: {problem}", file=sys.stderr)
    written = {shot["file"] for shot in result["written"]}
    absent = [name for name in wanted if name not in written]
    print(f"screenshots: {len(written)} pictures in {time.perf_counter() - started:.0f} s "
          f"(QGIS {result.get('seconds', '?')} s after start-up)")
    if absent or result["problems"]:
        sys.exit(f"screenshots: failed; missing: {', '.join(absent) or 'none'}; see the problems above and {LOG}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
