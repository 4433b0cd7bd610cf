#!/usr/bin/env bash
# make bench only: install GRASS GIS (Debian's grass-core, for the r.cost corridor peer) when missing.
# Not part of `make test`: the smoke test skips the GRASS part when GRASS is not there.
set -euo pipefail
status=$(dpkg-query -W -f='${Status}' grass-core 2>/dev/null || true)
if [[ "$status" != "install ok installed" ]]; then
  echo "bench: installing Debian package grass-core (GRASS GIS, for the r.cost peer)"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends grass-core
fi
