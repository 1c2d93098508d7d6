#!/usr/bin/env bash
# Installs every tool SymbolForge needs on a fresh Debian machine (idempotent; quick when all is present).
set -euo pipefail

need_apt=()
command -v verilator >/dev/null 2>&1 || need_apt+=(verilator)
command -v iverilog >/dev/null 2>&1 || need_apt+=(iverilog)
command -v yosys >/dev/null 2>&1 || need_apt+=(yosys)
command -v g++ >/dev/null 2>&1 || need_apt+=(g++)
command -v make >/dev/null 2>&1 || need_apt+=(make)
command -v unzip >/dev/null 2>&1 || need_apt+=(unzip)
command -v jq >/dev/null 2>&1 || need_apt+=(jq)
[ -f /usr/include/gmp.h ] || [ -f /usr/include/x86_64-linux-gnu/gmp.h ] || need_apt+=(libgmp-dev)
# zlib: the gzip data readers and the FST waveform writer of traced Verilator builds (no other package for FST).
[ -f /usr/include/zlib.h ] || need_apt+=(zlib1g-dev)
command -v nextpnr-ice40 >/dev/null 2>&1 || need_apt+=(nextpnr-ice40)

if [ ${#need_apt[@]} -gt 0 ]; then
    echo "bootstrap: installing ${need_apt[*]} with apt-get" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

command -v swift >/dev/null 2>&1 || { echo "bootstrap: the Swift 6 toolchain is required (swift not on PATH)" >&2; exit 1; }

# Extra set-up steps of individual stages (ap_types headers, Python tools) live beside them.
for step in "$(dirname "$0")"/bootstrap.d/*.sh; do
    [ -e "$step" ] || continue
    bash "$step"
done
