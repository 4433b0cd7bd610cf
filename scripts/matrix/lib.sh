# Shared by the matrix scripts (sourced, not run): paths, suites and the mount-safe rm.
# shellcheck shell=bash

MATRIX_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$MATRIX_DIR/../.." && pwd)          # the plugin folder (repo root)
REPO_PARENT=$(dirname "$REPO")                   # holds ../shared; bound at the same path inside
ROOTS=${WERTVOLL_ROOTS:-/var/cache/wertvoll/roots}
VENV=/opt/wertvoll-test                          # test tools inside each root

# NAME -> Debian suite (QGIS version in the comment is what the suite shipped when written)
suite_of() {
  case "$1" in
    trixie) echo trixie ;;   # QGIS 3.40 LTR, Python 3.13, Qt5
    sid) echo sid ;;         # QGIS 3.44, Python 3.14, Qt5
    *) echo "matrix: unknown root '$1' (known: trixie sid)" >&2; return 1 ;;
  esac
}

# Every mount point at or below $1 in this mount namespace (fields of /proc/self/mountinfo).
mounts_below() {
  awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo
}

# rm -rf a root folder, but only when nothing is mounted in it: a root with a live bind of
# /dev (or of the repository) must never be deleted, that would wipe the host's files.
safe_rm_root() {
  local dir
  dir=$(realpath -m "$1")
  [[ -e "$dir" ]] || return 0
  case "$dir" in "$ROOTS"/*) ;; *) echo "matrix: refusing to delete $dir (not under $ROOTS)" >&2; return 1 ;; esac
  if [[ -n "$(mounts_below "$dir")" ]]; then
    echo "matrix: refusing to delete $dir, mounts below it:" >&2
    mounts_below "$dir" >&2
    return 1
  fi
  rm -rf --one-file-system -- "$dir"
}
