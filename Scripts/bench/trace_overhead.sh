#!/usr/bin/env bash
# Cost of waveforms: the traced builds (FST, VCD) beside the untraced one, and the untraced run's throughput
# against a reference binary (REF_BIN, e.g. main's) on the same design. Best of 3 where repeated, because the
# machine is shared. Writes Reports/benchmarks/trace_overhead.md.
#   REF_BIN=... Scripts/bench/trace_overhead.sh [BIN]     (default: .build/debug/symbolforge of this checkout)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-.build/debug/symbolforge}
REF_BIN=${REF_BIN:-}
FORMULA=${FORMULA:-"y: 2*x0 + x1*x2 - x3**2"}
VECTORS=${VECTORS:-300000}      # throughput runs
WAVE_VECTORS=${WAVE_VECTORS:-2000}  # waveform runs (all vectors traced)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SYMBOLFORGE_CACHE=$work/cache
now() { date +%s.%N; }
# Seconds a command takes.
timed() { local a b; a=$(now); "$@" >/dev/null; b=$(now); python3 -c "print($b - $a)"; }
mcps() { "$1" cosim "$FORMULA" --vectors "$VECTORS" | sed -n 's/.*, \([0-9.]*\) M cycles\/s.*/\1/p'; }
best_max() { python3 -c "import sys; print(f'{max(map(float, sys.argv[1:])):.2f}')" "$@"; }
best_min() { python3 -c "import sys; print(f'{min(map(float, sys.argv[1:])):.2f}')" "$@"; }
minus() { python3 -c "print(f'{$1 - $2:+.2f}')"; }

# Warm-up: both runtimes (untraced and traced) are built once per toolchain, not per design.
"$BIN" cosim "y: x0" --vectors 10 --trace "$work/warm.fst" --trace-vectors 5 >/dev/null
build=$("$BIN" cosim "$FORMULA" --vectors 10 | sed -n 's/^build \([0-9.]*\) s.*/\1/p')

this=(); ref=()
for _ in 1 2 3; do
  this+=("$(mcps "$BIN")")
  if [ -n "$REF_BIN" ]; then ref+=("$(mcps "$REF_BIN")"); fi
done
refText="not measured"
[ -n "$REF_BIN" ] && refText="$(best_max "${ref[@]}") M cycles/s (runs: ${ref[*]})"

run() { "$BIN" cosim "$FORMULA" --vectors "$WAVE_VECTORS" "$@"; }
base=$(best_min "$(timed run)" "$(timed run)" "$(timed run)")
fstFirst=$(timed run --trace "$work/w.fst" --trace-vectors "$WAVE_VECTORS")
fst=$(best_min "$(timed run --trace "$work/w.fst" --trace-vectors "$WAVE_VECTORS")" "$(timed run --trace "$work/w.fst" --trace-vectors "$WAVE_VECTORS")")
vcdFirst=$(timed run --trace "$work/w.vcd" --trace-vectors "$WAVE_VECTORS")
vcd=$(best_min "$(timed run --trace "$work/w.vcd" --trace-vectors "$WAVE_VECTORS")" "$(timed run --trace "$work/w.vcd" --trace-vectors "$WAVE_VECTORS")")

out=Reports/benchmarks/trace_overhead.md
{
  echo "# Waveform cost (Scripts/bench/trace_overhead.sh)"
  echo
  echo "Design \`$FORMULA\`; $(date -u +%Y-%m-%d), $(nproc) cores shared with other jobs (load average $(cut -d' ' -f1 /proc/loadavg) at the end); $(verilator --version); debug builds of the CLI."
  echo
  echo "| step | measured |"
  echo "|---|---|"
  echo "| untraced build of a new design (runtime already built) | $build s |"
  echo "| untraced run, $VECTORS vectors, full checking, this binary (best of 3) | $(best_max "${this[@]}") M cycles/s (runs: ${this[*]}) |"
  echo "| the same, reference binary ${REF_BIN:-none} (best of 3) | $refText |"
  echo "| cosim of $WAVE_VECTORS vectors, all cached, no waveform (best of 3) | $base s |"
  echo "| the same with an FST waveform of all of them, first time (traced build) | $(minus "$fstFirst" "$base") s |"
  echo "| the same, traced build cached (best of 2) | $(minus "$fst" "$base") s |"
  echo "| the same with a VCD waveform, first time (traced build) | $(minus "$vcdFirst" "$base") s |"
  echo "| the same, traced build cached (best of 2) | $(minus "$vcd" "$base") s |"
  echo "| FST / VCD file size for $WAVE_VECTORS vectors | $(stat -c %s "$work/w.fst") / $(stat -c %s "$work/w.vcd") bytes |"
} >"$out"
cat "$out"
