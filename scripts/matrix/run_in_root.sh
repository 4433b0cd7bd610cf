#!/usr/bin/env bash
# Run a command inside a cached matrix root:  scripts/matrix/run_in_root.sh NAME -- CMD...
# NAME is trixie|sid (the root in $WERTVOLL_ROOTS/NAME, built by build_root.sh) or, for
# build_root.sh itself, an absolute path to a root being built.
#
# The root is entered only inside a private mount + PID namespace (unshare): every mount
# (proc, sys, /dev, tmpfs /tmp and /run, the repository's parent) lives and dies with that
# namespace, and so does every process the command leaves behind (a test's postgres, Xvfb).
# The root is read-only during the run (WERTVOLL_ROOT_RW=1 for the build steps); writes go to
# the repository (build/, the tests' own outputs) and the fresh tmpfs /tmp, which is HOME too.
# WERTVOLL_BINDS="SRC:DST ..." binds more folders of the repository's parent over others in it
# for this run only (test_matrix.sh: per-version QGIS settings and test artifacts).
# The caller's working folder is kept when it lies under the repository's parent.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

(($# >= 3)) && [[ $2 == -- ]] || { echo "usage: $0 NAME -- CMD..." >&2; exit 2; }
NAME=$1; shift 2
if [[ $NAME == /* ]]; then
  ROOT=$NAME
else
  suite_of "$NAME" >/dev/null
  ROOT=$ROOTS/$NAME
  mkdir -p "$ROOTS"
  exec {lock}>"$ROOTS/.$NAME.lock"
  flock -s "$lock"                    # a rebuild (flock -x) waits until this run is over
fi
[[ -x $ROOT/usr/bin/env ]] || { echo "matrix: no root at $ROOT (run scripts/matrix/build_root.sh $NAME)" >&2; exit 1; }

WORKDIR=/
case "$PWD/" in "$REPO_PARENT"/*) WORKDIR=$PWD ;; esac

# The environment inside: nothing of the caller's but these (no pip config, no host venv).
ENVS=(HOME=/tmp/home XDG_RUNTIME_DIR=/tmp/runtime TMPDIR=/tmp LANG=C.UTF-8
      PATH=$VENV/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
      QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1)
for var in CI PYTEST_ADDOPTS TERM OPENBLAS_CORETYPE OPENBLAS_L2_SIZE HYPOTHESIS_STORAGE_DIRECTORY; do
  [[ -n ${!var:-} ]] && ENVS+=("$var=${!var}")
done

# Runs as PID 1 of the new namespaces; $1 root, $2 repo parent, $3 workdir, $4 rw, $5 binds,
# then env.. -- cmd..
# shellcheck disable=SC2016
INNER='
set -euo pipefail
R=$1 P=$2 W=$3 RW=$4 BINDS=$5; shift 5
envs=(); while [[ $1 != -- ]]; do envs+=("$1"); shift; done; shift
mkdir -p "$R$P"                                 # mount point for the repository parent
mount --bind "$R" "$R"                          # the root as its own mount ...
[[ $RW == 1 ]] || mount -o remount,bind,ro "$R" # ... read-only for test runs
mount -t proc proc "$R/proc"
mount -t sysfs sysfs "$R/sys"
mount --rbind /dev "$R/dev"                     # with /dev/pts
mount -t tmpfs -o mode=1777 tmpfs "$R/dev/shm"  # own shared memory (postgres), not the host'"'"'s
mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"
mount -t tmpfs -o mode=755 tmpfs "$R/run"
mkdir -m 700 "$R/tmp/home" "$R/tmp/runtime"
mount --bind /etc/resolv.conf "$R/etc/resolv.conf"   # the host'"'"'s current DNS (pip in tests)
mkdir -p "$R$P"                                 # again: a parent under /tmp is in the tmpfs now
mount --bind "$P" "$R$P"                        # same absolute path: the tests symlink to it
for b in $BINDS; do                             # SRC:DST, both under the repository parent
  [[ ${b#*:} == "$P"/* ]] || { echo "run_in_root: bind target ${b#*:} not under $P" >&2; exit 2; }
  mkdir -p "$R${b#*:}"; mount --bind "${b%%:*}" "$R${b#*:}"
done
# not exec: bash stays PID 1 of the namespace and reaps the orphans the command leaves
chroot "$R" /usr/bin/env -i "${envs[@]}" /bin/sh -c '"'"'cd "$0" && exec "$@"'"'"' "$W" "$@" || rc=$?
exit "${rc:-0}"
'
exec unshare --mount --propagation private --pid --fork --kill-child -- \
  bash -c "$INNER" inner "$ROOT" "$REPO_PARENT" "$WORKDIR" "${WERTVOLL_ROOT_RW:-0}" "${WERTVOLL_BINDS:-}" "${ENVS[@]}" -- "$@"
