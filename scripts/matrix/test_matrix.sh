#!/usr/bin/env bash
# The test suite on this machine's QGIS and on the QGIS of other Debian releases:
#   test_matrix.sh [NAME...] [-- PYTEST-ARGS...]      (default NAMEs: host trixie sid)
# host: this machine (Debian 12, QGIS 3.22) with the dev venv (.venv, made by make setup).
# Every other NAME: build_root.sh NAME (cached), then the repository's pytest inside that root with its
# test venv; the full log goes to build/matrix/NAME.log (junit xml beside it) and one summary
# line per version is printed. QGIS settings, test artifacts (the desktop screenshot) and
# hypothesis data of each version: build/matrix/NAME.{qgis-settings,artifacts,hypothesis}.
# Extra pytest arguments: after "--", or in PYTEST_ARGS (split on blanks, no quoting:
# PYTEST_ARGS='-x -k corridors').
# Exits non-zero when any version failed, after running all of them.
# Needs the host-built i18n/*.qm and dist/*.zip (make i18n package): not rebuilt in the roots.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

NAMES=(); while (($#)) && [[ $1 != -- ]]; do NAMES+=("$1"); shift; done
((${#NAMES[@]})) || NAMES=(host trixie sid)
read -ra EXTRA <<<"${PYTEST_ARGS:-}"
(($#)) && shift && EXTRA+=("$@")
OUT=$REPO/build/matrix
mkdir -p "$OUT"
cd "$REPO"
compgen -G 'i18n/*.qm' >/dev/null && compgen -G 'dist/*.zip' >/dev/null ||
  echo "matrix: warning: i18n/*.qm or dist/*.zip missing, run 'make i18n package' first" >&2

summaries=(); status=0
# the failed tests of a log, so that the CI output shows them (the whole log stays in build/matrix)
show_failures() {
  sed -n '/short test summary info/,$p' "$1" | grep -E '^(FAILED|ERROR)' | head -n 40 || true
}

host_label() {
  "$REPO/.venv/bin/python" - <<'PY'
import numpy, shapely
from qgis.core import Qgis
print(f"QGIS {Qgis.QGIS_VERSION.split('-')[0]} (host, GEOS {Qgis.geosVersion().split('-')[0]}, shapely {shapely.__version__}, "
      f"numpy {numpy.__version__})")
PY
}

for name in "${NAMES[@]}"; do
  if [[ $name == host ]]; then
    label=$(host_label)
    echo "matrix: testing $label, log: build/matrix/host.log"
    start=$SECONDS; rc=0
    "$REPO/.venv/bin/python" -m pytest -p no:cacheprovider --junitxml="build/matrix/host.xml" "${EXTRA[@]}" \
      >"$OUT/host.log" 2>&1 || rc=$?
  else
    if ! "$MATRIX_DIR/build_root.sh" "$name"; then
      summaries+=("matrix: $name: root build FAILED"); status=1; continue
    fi
    v() { sed -n "s/^$1=//p" "$ROOTS/$name/versions.txt"; }
    shapely=$(v shapely); [[ $shapely == 0+unknown ]] && shapely="$shapely (deb $(v deb:python3-shapely))"
    label="QGIS $(v qgis | cut -d- -f1) ($name, GEOS $(v geos | cut -d- -f1), shapely $shapely, numpy $(v numpy))"
    echo "matrix: testing $label, log: build/matrix/$name.log"
    # per version, fresh each run: pytest-qgis's QGIS profile (<repo>/.qgis-settings, which a
    # newer QGIS would upgrade under the host's feet), the desktop test's screenshots and
    # hypothesis's example database; all under build/matrix/
    for d in qgis-settings artifacts hypothesis; do rm -rf "${OUT:?}/$name.$d"; mkdir -p "$OUT/$name.$d"; done
    export WERTVOLL_BINDS="$OUT/$name.qgis-settings:$REPO/.qgis-settings $OUT/$name.artifacts:$REPO/tests/artifacts"
    export HYPOTHESIS_STORAGE_DIRECTORY=$OUT/$name.hypothesis
    start=$SECONDS; rc=0
    "$MATRIX_DIR/run_in_root.sh" "$name" -- python -m pytest -p no:cacheprovider \
      --junitxml="build/matrix/$name.xml" "${EXTRA[@]}" >"$OUT/$name.log" 2>&1 || rc=$?
  fi
  # pytest's closing line, e.g. "==== 2 failed, 629 passed in 151.20s (0:02:31) ===="
  result=$(grep -E '^=* ?([0-9]+ [a-z]+|no tests ran).* in [0-9.]+s' "$OUT/$name.log" | tail -n1 |
           sed -E 's/^=+ //; s/ in [0-9.]+s.*$//')
  summaries+=("matrix: $label: ${result:-no pytest summary (exit $rc)} in $((SECONDS - start)) s")
  echo "${summaries[-1]}"
  if ((rc != 0)); then status=1; show_failures "$OUT/$name.log"; fi
done
((${#NAMES[@]} == 1)) || printf '%s\n' "${summaries[@]}"
exit "$status"
