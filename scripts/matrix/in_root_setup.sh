#!/usr/bin/env bash
# Run by build_root.sh INSIDE a fresh root (run_in_root.sh, writable): the test venv.
# Only test tools come from PyPI; every runtime library stays Debian's (check_root.py).
# Editing this file (e.g. a pin) changes the root's stamp, so the next build_root.sh rebuilds.
set -euo pipefail
VENV=/opt/wertvoll-test
TOOLS=(pytest-qgis==5.0.2 hypothesis==6.170.17 ruff==0.17.6 bandit==1.9.4 flake8==7.5.0
       flake8-qgis==2.1.0 markdown==3.11.3)
# pytest itself is Debian's (trixie 8.3, sid 9.1): pytest-qgis 5.0.2 needs pytest>=6.2 only.

update-ca-certificates >/dev/null   # the host's local CAs that build_root.sh copied in, if any
python3 -m venv --system-site-packages "$VENV"
"$VENV/bin/python" -m pip install --quiet --no-cache-dir --disable-pip-version-check "${TOOLS[@]}"
"$VENV/bin/python" "$(dirname "$0")/check_root.py" > "$VENV/versions.txt"
# Debian's own versions too: a module's may be wrong (sid's shapely 2.2.0 says "0+unknown")
dpkg-query -W -f='deb:${Package}=${Version}\n' qgis libgeos-c1t64 python3-shapely python3-numpy \
  python3-pandas python3-scipy python3-skimage python3-docx python3-docxtpl >> "$VENV/versions.txt"
