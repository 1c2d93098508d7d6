#!/usr/bin/env bash
# The ap_types headers that the HLS C simulation compiles against (the main job runs it on every
# test vector); installed into $SYMBOLFORGE_CACHE (default ~/.cache/symbolforge), where CSim looks.
set -euo pipefail
command -v pip3 >/dev/null 2>&1 || command -v pip >/dev/null 2>&1 || {
    echo "bootstrap(ap_types): installing python3-pip with apt-get" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-pip >/dev/null
}
bash "$(dirname "$0")/../ap_types/install.sh" >/dev/null
