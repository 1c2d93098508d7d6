#!/usr/bin/env bash
# Training with and without the measured operator costs (Reports/benchmarks/operator_costs.json) on the
# bundled jets: test accuracy, the operators left in the extracted formulas, their cost estimated from
# the operator table, and the Yosys xc7 resources of the extracted formulas as one design.
#
#   Scripts/bench/operator_costs_training.sh [seed ...]      # default: seed 1
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${SYMBOLFORGE_BIN:-.build/debug/symbolforge}
data=${OPERATOR_COSTS_DATA:-Data/jets/jets_hlf.csv.gz}
work=${OPERATOR_COSTS_WORK:-.build/operator-costs-training}
seeds=("$@"); [ ${#seeds[@]} -gt 0 ] || seeds=(1)
mkdir -p "$work"
echo "| seed | operator costs | test accuracy | complexity | distinct sin / tanh / gauss / square nodes | their cost (LUT eq., operator table) | Yosys xc7 LUT / DSP48E1 / RAMB18 of the formulas | LUT eq. | wall s |"
echo "|---|---|---|---|---|---|---|---|---|"
for seed in "${seeds[@]}"; do
  for costs in none measured; do
    dir="$work/$costs-$seed"; mkdir -p "$dir"
    start=$(date +%s.%N)
    nice -n 5 "$bin" train --data "$data" --target class --test-fraction 0.5 --sparsity input=0.25,weight=0.95 --no-reference \
      --seed "$seed" --operator-costs "$costs" --out "$dir/model.json" >"$dir/train.log" 2>&1
    end=$(date +%s.%N)
    "$bin" extract "$dir/model.json" --digits 4 >"$dir/formulas.txt"
    nice -n 5 "$bin" synth "$dir/formulas.txt" --inputs 16 --precision 'ap_fixed<18,8>' --no-timing --json "$dir/synth.json" >"$dir/synth.log" 2>&1
    python3 Scripts/bench/operator_mix.py "$dir" "$seed" "$costs" "$(echo "$end - $start" | bc)"
  done
done
