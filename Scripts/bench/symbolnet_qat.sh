#!/usr/bin/env bash
# Quantization-aware fine-tuning on the bundled jets: for each fixed-point design, one `train` run that
# checks the extracted formulas in float, fixed point (golden model) and RTL (Verilator) on the 25,000
# test jets, before and after the fine-tuning. Sparsity is given (the defaults' validation search picks
# input=0.25, weight=0.95 on this split), so each row is one training run. Writes a Markdown table row
# per configuration to stdout; the committed table is Reports/benchmarks/symbolnet_qat.md.
#
#   Scripts/bench/symbolnet_qat.sh                  # every configuration below
#   Scripts/bench/symbolnet_qat.sh uniform-10-4     # only the named rows
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${SYMBOLFORGE_BIN:-.build/debug/symbolforge}
data=${SYMBOLNET_QAT_DATA:-Data/jets/jets_hlf.csv.gz}
work=${SYMBOLNET_QAT_WORK:-.build/symbolnet-qat}
mkdir -p "$work"
common="--data $data --target class --test-fraction 0.5 --sparsity input=0.25,weight=0.95 --no-reference --quantization-aware"
configs=(
  "uniform-18-8|--precision ap_fixed<18,8> --plan uniform"
  "uniform-10-4|--precision ap_fixed<10,4> --plan uniform"
  "uniform-8-3-sat|--precision ap_fixed<8,3,AP_RND,AP_SAT> --plan uniform"
  "uniform-7-3-sat|--precision ap_fixed<7,3,AP_RND,AP_SAT> --plan uniform"
  "uniform-6-3-sat|--precision ap_fixed<6,3,AP_RND,AP_SAT> --plan uniform"
  "uniform-6-3-sat-fw1|--precision ap_fixed<6,3,AP_RND,AP_SAT> --plan uniform --qat-float-weight 1"
  "uniform-18-8-fw1|--precision ap_fixed<18,8> --plan uniform --qat-float-weight 1"
  "optimized-10-4|--precision ap_fixed<10,4> --plan optimized"
)
want=("$@")
echo "| configuration | options | complexity before/after | before QAT: float / fixed / RTL | after QAT: float / fixed / RTL | gap before → after (points) | mismatches | wall s |"
echo "|---|---|---|---|---|---|---|---|"
for c in "${configs[@]}"; do
  name=${c%%|*}; opts=${c#*|}
  if [ ${#want[@]} -gt 0 ] && [[ ! " ${want[*]} " =~ " $name " ]]; then continue; fi
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  nice -n 5 "$bin" train $common $opts --out "$work/$name/model.json" >"$work/$name.log" 2>&1 || { echo "| $name | \`$opts\` | failed: $(tail -1 "$work/$name.log") |"; continue; }
  end=$(date +%s.%N)
  python3 - "$work/$name/model.metrics.json" "$name" "$opts" "$(echo "$end - $start" | bc)" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); name, opts, wall = sys.argv[2], sys.argv[3], float(sys.argv[4])
b, a = m["hardware_before_quantization_aware_training"], m["hardware"]
gap = lambda h: 100 * max(abs(h["float"] - h["fixed"]), abs(h["float"] - h["rtl"]))
f = lambda h: f'{h["float"]:.4f} / {h["fixed"]:.4f} / {h["rtl"]:.4f}'
print(f'| {name} | `{opts}` | {b["complexity"]} / {a["complexity"]} | {f(b)} | {f(a)} | {gap(b):.2f} → {gap(a):.2f} | {b["mismatches"]} / {a["mismatches"]} | {wall:.0f} |')
PY
done
