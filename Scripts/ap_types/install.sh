#!/usr/bin/env bash
# Installs AMD/Xilinx's open ap_types headers (as shipped inside the hls4ml wheel) into a cache
# directory and prints the include path. The headers are the reference for FixedPoint's
# differential tests; they are never committed to this repository.
#
#   Scripts/ap_types/install.sh          # prints e.g. ~/.cache/symbolforge/ap_types/1.3.0/include
#
# Environment: SYMBOLFORGE_CACHE (default ~/.cache/symbolforge), PIP (default: pip3 or pip).
set -euo pipefail

version=1.3.0
if [ "${SYMBOLFORGE_CACHE+set}" = set ] && [ -z "$SYMBOLFORGE_CACHE" ]; then
    echo "SYMBOLFORGE_CACHE is set but empty; unset it to use ~/.cache/symbolforge, or give a directory" >&2
    exit 1
fi
cache="${SYMBOLFORGE_CACHE:-$HOME/.cache/symbolforge}"
dest="$cache/ap_types/$version"
include="$dest/include"

# Idempotent: a finished install leaves a marker written only after the headers are in place.
if [[ -f "$dest/.complete" && -f "$include/ap_fixed.h" ]]; then
    echo "$include"
    exit 0
fi

pip_cmd="${PIP:-}"
if [[ -z "$pip_cmd" ]]; then
    if command -v pip3 >/dev/null 2>&1; then pip_cmd=pip3
    elif command -v pip >/dev/null 2>&1; then pip_cmd=pip
    else echo "install.sh: need pip (or set PIP) to download hls4ml==$version" >&2; exit 1; fi
fi
command -v unzip >/dev/null 2>&1 || { echo "install.sh: need unzip" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --no-deps: only the wheel's files are needed, not hls4ml's (large) Python dependencies.
"$pip_cmd" download --quiet --no-deps --only-binary=:all: "hls4ml==$version" -d "$work" >&2
wheel="$(ls "$work"/hls4ml-"$version"-*.whl 2>/dev/null | head -n 1)"
[[ -n "$wheel" ]] || { echo "install.sh: pip did not produce an hls4ml $version wheel" >&2; exit 1; }

unzip -q "$wheel" 'hls4ml/templates/vivado/ap_types/*' -d "$work/x"
[[ -f "$work/x/hls4ml/templates/vivado/ap_types/ap_fixed.h" ]] \
    || { echo "install.sh: the wheel has no hls4ml/templates/vivado/ap_types/ap_fixed.h" >&2; exit 1; }

# Move into place atomically so a concurrent or interrupted run never leaves half a tree.
mkdir -p "$dest"
staged="$dest/include.tmp.$$"
rm -rf "$staged"
mv "$work/x/hls4ml/templates/vivado/ap_types" "$staged"
rm -rf "$include"
mv "$staged" "$include"
echo "hls4ml==$version $(sha256sum "$wheel" | cut -d' ' -f1)" > "$dest/.complete"
echo "$include"
