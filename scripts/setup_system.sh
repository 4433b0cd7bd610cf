#!/usr/bin/env bash
# Install the Debian 12 packages WERTvoll needs, only those missing. Idempotent:
# when everything is there it only asks dpkg (well under a second).
#   setup_system.sh          everything for make demo / make test
#   setup_system.sh package  only what make package needs: lrelease and pip (no QGIS, no PostgreSQL)
#   QGIS (python3-qgis, qgis-providers, qgis: qgis_process.bin and the desktop for the GUI test)
#   lrelease/pylupdate5 (qttools5-dev-tools, pyqt5-dev-tools), Xvfb for the desktop test,
#   Qt's own German texts (qttranslations5-l10n: "Schließen", not "Close", in the dialogs),
#   numpy/scipy/scikit-image/pandas/jinja2/matplotlib from Debian: all built on Debian's
#   numpy 1.24 that QGIS's GDAL needs (pip's numpy 2 would break them),
#   PostgreSQL + PostGIS for the PostGIS tests (tests/robustness: a throw-away cluster on loopback).
set -euo pipefail
PACKAGE_ONLY=(qttools5-dev-tools python3-pip)
PACKAGES=(
  python3-qgis qgis-providers qgis
  qttools5-dev-tools pyqt5-dev-tools
  xvfb xauth qttranslations5-l10n
  python3-venv python3-pip
  python3-numpy python3-scipy python3-skimage python3-pandas python3-jinja2 python3-matplotlib
  python3-lxml
  postgresql postgresql-15-postgis-3
)
[[ "${1:-}" == package ]] && PACKAGES=("${PACKAGE_ONLY[@]}")
missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    SUDO=sudo
  else
    SUDO=
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
