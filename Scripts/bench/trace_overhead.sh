#!/usr/bin/env bash
# Cost of waveforms: the traced build (FST, VCD) beside the untraced one, and the untraced run's throughput
# against a reference binary (REF_BIN, e.g. main's) on the same design. Writes Reports/benchmarks/trace_overhead.md.
#   Scripts/bench/trace_overhead.sh [BIN]     (default: .build/debug/symbolforge of this checkout)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-.build/debug/symbolforge}
REF_BIN=${REF_BIN:-}
FORMULA=${FORMULA:-"y: 2*x0 + x1*x2 - x3**2"}
VECTORS=${VECTORS:-300000}
TRACE_VECTORS=${TRACE_VECTORS:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SYMBOLFORGE_CACHE=$work/cache
now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }
mcps() { sed -n 's/.*, \([0-9.]*\) M cycles\/s.*/\1/p' "$1"; }

# Warm-up: both runtimes (untraced and traced) are built once per toolchain, not per design.
"$BIN" cosim "y: x0" --vectors 10 --trace "$work/warm.fst" --trace-vectors 5 >/dev/null

t0=$(now); "$BIN" cosim "$FORMULA" --vectors "$VECTORS" >"$work/a.txt"; t1=$(now)
build=$(sed -n 's/^build \([0-9.]*\) s.*/\1/p' "$work/a.txt")
"$BIN" cosim "$FORMULA" --vectors "$VECTORS" >"$work/b.txt"; t2=$(now)
t3=$(now); "$BIN" cosim "$FORMULA" --vectors "$VECTORS" --trace "$work/w.fst" --trace-vectors "$TRACE_VECTORS" >/dev/null; t4=$(now)
"$BIN" cosim "$FORMULA" --vectors "$VECTORS" --trace "$work/w.fst" --trace-vectors "$TRACE_VECTORS" >/dev/null; t5=$(now)
"$BIN" cosim "$FORMULA" --vectors "$VECTORS" --trace "$work/w.vcd" --trace-vectors "$TRACE_VECTORS" >/dev/null; t6=$(now)
"$BIN" cosim "$FORMULA" --vectors "$VECTORS" --trace "$work/w.vcd" --trace-vectors "$TRACE_VECTORS" >/dev/null; t7=$(now)
cached=$(elapsed "$t1" "$t2")
ref="not measured"
if [ -n "$REF_BIN" ]; then
  "$REF_BIN" cosim "$FORMULA" --vectors "$VECTORS" >"$work/r.txt"
  "$REF_BIN" cosim "$FORMULA" --vectors "$VECTORS" >"$work/r.txt"
  ref="$(mcps "$work/r.txt") M cycles/s"
fi
out=Reports/benchmarks/trace_overhead.md
{
  echo "# Waveform cost (Scripts/bench/trace_overhead.sh)"
  echo
  echo "Design \`$FORMULA\`, $VECTORS random vectors, waveform of the first $TRACE_VECTORS; $(date -u +%Y-%m-%d), $(nproc) cores shared with other jobs; $(verilator --version)."
  echo
  echo "| step | measured |"
  echo "|---|---|"
  echo "| untraced build of a new design (runtime already built) | $build s |"
  echo "| untraced run, full checking (this binary) | $(mcps "$work/b.txt") M cycles/s |"
  echo "| untraced run, full checking (reference binary ${REF_BIN:-none}) | $ref |"
  echo "| whole cosim command, all cached | $cached s |"
  echo "| + FST traced build and waveform, first time | +$(elapsed "$cached" "$(elapsed "$t3" "$t4")") s |"
  echo "| + FST waveform, traced build cached | +$(elapsed "$cached" "$(elapsed "$t4" "$t5")") s |"
  echo "| + VCD traced build and waveform, first time | +$(elapsed "$cached" "$(elapsed "$t5" "$t6")") s |"
  echo "| + VCD waveform, traced build cached | +$(elapsed "$cached" "$(elapsed "$t6" "$t7")") s |"
  echo "| FST / VCD file size | $(stat -c %s "$work/w.fst") / $(stat -c %s "$work/w.vcd") bytes |"
} >"$out"
cat "$out"
