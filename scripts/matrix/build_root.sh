#!/usr/bin/env bash
# Build (or reuse) the throw-away Debian root for one matrix entry:  build_root.sh trixie|sid
#   trixie: QGIS 3.40 LTR   sid: QGIS 3.44   (the distribution's own packages, as users have them)
# Cached in ${WERTVOLL_ROOTS:-/var/cache/wertvoll/roots}/NAME, outside the clone. A root is
# reused while its stamp (hash of suite + package list + the in-root setup files) matches, so
# a cached call takes well under a second; otherwise it is built with mmdebstrap into a temp
# folder and renamed into place when complete. Versions go to NAME/versions.txt.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

NAME=${1:?usage: $0 trixie|sid}
SUITE=$(suite_of "$NAME")
MIRROR=http://deb.debian.org/debian
HELPER_VERSION=1   # bump to force a rebuild of every root
PACKAGES=(qgis python3-qgis qgis-providers xvfb xauth
          python3-shapely python3-numpy python3-pandas python3-scipy python3-skimage
          python3-jinja2 python3-lxml python3-docx python3-docxtpl python3-matplotlib
          python3-pip python3-venv python3-pytest
          postgresql                                 # + postgresql-NN-postgis-3, NN from the hook
          qttranslations5-l10n qttools5-dev-tools qtchooser   # Qt's German texts; lrelease
          ca-certificates git)                                 # git: bench/report.py
# the server version the suite's 'postgresql' depends on (trixie 17, sid 18) gets PostGIS
# shellcheck disable=SC2016
POSTGIS_HOOK='chroot "$1" sh -euc '\''pg=$(dpkg-query -W -f="\${Depends}" postgresql | grep -o "postgresql-[0-9][0-9]*" | head -n1)
  apt-get install -y --no-install-recommends "$pg-postgis-3"'\'''

STAMP=$( { printf '%s\n' "$HELPER_VERSION" "$SUITE" "$MIRROR" "${PACKAGES[@]}" "$POSTGIS_HOOK"
           cat "$MATRIX_DIR/in_root_setup.sh" "$MATRIX_DIR/check_root.py"; } | sha256sum | cut -c1-16)
DEST=$ROOTS/$NAME

mkdir -p "$ROOTS"
exec {lock}>"$ROOTS/.$NAME.lock"
flock -x "$lock"          # one build at a time, and none while a run uses the root
if [[ -f $DEST/.wertvoll-stamp && $(<"$DEST/.wertvoll-stamp") == "$STAMP" ]]; then
  echo "matrix: $NAME root cached ($DEST, stamp $STAMP)"
  exit 0
fi

command -v mmdebstrap >/dev/null || {
  echo "matrix: installing mmdebstrap on the host"
  apt-get -o DPkg::Lock::Timeout=900 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends mmdebstrap
}

# leftovers of an interrupted build (we hold the lock, so nobody uses them)
for old in "$ROOTS/.$NAME".build.* "$ROOTS/.$NAME".old.*; do [[ -e $old ]] && safe_rm_root "$old"; done
TMP=$ROOTS/.$NAME.build.$$
trap 'safe_rm_root "$TMP"' EXIT
start=$SECONDS
echo "matrix: building $NAME root ($SUITE) in $TMP"

# mmdebstrap mounts /proc, /dev, ... in the target while it works: inside its own private
# mount namespace, none of those can outlive it. Check-Valid-Until off: the mirror's Release
# files may be past their Valid-Until date.
unshare --mount --propagation private -- \
  mmdebstrap --mode=root --variant=apt --aptopt='Acquire::Check-Valid-Until "false"' \
    --include="$(IFS=,; echo "${PACKAGES[*]}")" --customize-hook="$POSTGIS_HOOK" \
    "$SUITE" "$TMP" "$MIRROR"

# For pip inside the root: the host's DNS and local CAs (e.g. a TLS-inspecting proxy's).
rm -f "$TMP/etc/resolv.conf"; cp /etc/resolv.conf "$TMP/etc/resolv.conf"
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$TMP/usr/local/share/ca-certificates/"
fi
WERTVOLL_ROOT_RW=1 "$MATRIX_DIR/run_in_root.sh" "$TMP" -- bash "$MATRIX_DIR/in_root_setup.sh"
cp "$TMP/opt/wertvoll-test/versions.txt" "$TMP/versions.txt"
echo "$STAMP" > "$TMP/.wertvoll-stamp"

# swap in: the old root aside, the new one renamed into place, the old one deleted
if [[ -e $DEST ]]; then mv -T "$DEST" "$ROOTS/.$NAME.old.$$"; fi
mv -T "$TMP" "$DEST"
safe_rm_root "$ROOTS/.$NAME.old.$$"
echo "matrix: built $NAME root in $((SECONDS - start)) s, $(du -sh --one-file-system "$DEST" | cut -f1) on disk:"
sed 's/^/  /' "$DEST/versions.txt"
