#!/usr/bin/env bash
# Exploration benchmarks: `front` (a SymbolNet ladder on the bundled jets against the reference network) and
# `sweep` (set A, Examples/jets_pysr.txt, across plans and clock targets), each point co-simulated bit-exact,
# synthesized (Yosys xc7) and placed and routed (nextpnr ECP5-85F). Writes Reports/benchmarks/front.md and
# Reports/benchmarks/sweep.md: the measured front (front.md of each run) under a header naming the goal.
#
# Usage: [WHICH="front sweep"] [BIN=symbolforge] [FRONT_WIDTHS="12:3;24:0"] [FRONT_SPARSITIES=0.9,0.95] [FRONT_OPTIONS="--no-timing"]
#        [SWEEP_PLANS=...] [SWEEP_CLOCKS=5,10] Scripts/bench/exploration.sh
# FRONT_OPTIONS: further `front` options (split on spaces), e.g. --unary, --min-agreement or --no-timing.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
work=".build/bench/exploration"
mkdir -p "$work" Reports/benchmarks
# BIN=path skips the build (e.g. a release binary already built from this checkout).
if [[ -z "${BIN:-}" ]]; then
  swift build -c release --product symbolforge
  bin="$(swift build -c release --show-bin-path)/symbolforge"
else
  bin="$BIN"
fi
which="${WHICH:-front sweep}"

if [[ " $which " == *" front "* ]]; then
  start=$(date +%s)
  # One hidden layer: a second one puts a second table read (a pipeline stage) on every path. The front's
  # default unary operators (sin, tanh, gauss) are table reads, so unary-only rungs (16:0, 24:0) have no
  # variable-by-variable multiply on their paths.
  # shellcheck disable=SC2086
  "$bin" front --widths "${FRONT_WIDTHS:-12:3;16:0;24:0}" --weight-sparsities "${FRONT_SPARSITIES:-0.95}" ${FRONT_OPTIONS:-} \
    --out "$work/front" | tee "$work/front.log"
  secs=$(( $(date +%s) - start ))
  {
    echo "# Benchmark: \`symbolforge front\` on the bundled jets"
    echo
    echo "Goal (issue 15): at least one model with accuracy ≥ 0.93 × the reference network's at ≤ 3 cycles (5 ns target),"
    echo "≤ 1,000 LUT and ≤ 8 DSP48E1 on Yosys xc7. Command: \`Scripts/bench/exploration.sh\` (WHICH=front"
    echo "FRONT_WIDTHS='${FRONT_WIDTHS:-12:3;16:0;24:0}' FRONT_SPARSITIES='${FRONT_SPARSITIES:-0.95}' FRONT_OPTIONS='${FRONT_OPTIONS:-}'), ${secs} s on"
    echo "$(nproc) cores under load ($(uptime | sed 's/.*load average/load average/'))."
    echo
    grep -E "^reference|^front:" "$work/front.log" | sed 's/^/    /'
    echo
    sed '1d' "$work/front/front.md"
  } > Reports/benchmarks/front.md
fi

if [[ " $which " == *" sweep "* ]]; then
  start=$(date +%s)
  "$bin" sweep Examples/jets_pysr.txt --inputs 16 --data Data/jets/jets_hlf.csv.gz --plans "${SWEEP_PLANS:-uniform,hls4ml,optimized}" \
    --clock-ns "${SWEEP_CLOCKS:-5,10}" --out "$work/sweep" | tee "$work/sweep.log"
  secs=$(( $(date +%s) - start ))
  {
    echo "# Benchmark: \`symbolforge sweep\` on set A (Examples/jets_pysr.txt)"
    echo
    echo "The five published PySR jet expressions (16 inputs, 5 classes), scored on the bundled jets' test half (standardized),"
    echo "across precision plans and clock targets. Command: \`Scripts/bench/exploration.sh\` (WHICH=sweep), ${secs} s on"
    echo "$(nproc) cores under load ($(uptime | sed 's/.*load average/load average/'))."
    echo
    sed '1d' "$work/sweep/front.md"
  } > Reports/benchmarks/sweep.md
fi
