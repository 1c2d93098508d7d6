#!/usr/bin/env bash
# Measures SymbolNet configurations against the dense reference network on the bundled jets (50/50 split,
# seed 1): test accuracy, formula complexity and wall time per configuration. These runs chose the
# defaults in Sources/SymbolNet/Defaults.swift; the table is recorded in docs/symbolnet.md.
#
#   Scripts/bench/symbolnet_defaults.sh                 # every configuration below, debug build
#   SYMBOLFORGE_BIN=.build/release/symbolforge Scripts/bench/symbolnet_defaults.sh
#   Scripts/bench/symbolnet_defaults.sh base cross-entropy    # only the named rows
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${SYMBOLFORGE_BIN:-.build/debug/symbolforge}
data=${SYMBOLNET_DEFAULTS_DATA:-Data/jets/jets_hlf.csv.gz}
work=${SYMBOLNET_DEFAULTS_WORK:-.build/symbolnet-defaults}
mkdir -p "$work"

# name | options (sparsity given, so each row is one training run; "search" rows let train choose).
# Rows without --loss train with the default loss (cross-entropy for classification); mse-* rows use MSE.
configs=(
  "old-main-job|--nodes 12:3 --epochs 30 --sparsity input=0.75,weight=0.9,unary=0.4,binary=0.4"
  "base-in0.75|--nodes 20:5,20:5 --epochs 100 --sparsity input=0.75,weight=0.9,unary=0.4,binary=0.4"
  "base-in0.5|--nodes 20:5,20:5 --epochs 100 --sparsity input=0.5,weight=0.9,unary=0.4,binary=0.4"
  "base-in0.25|--nodes 20:5,20:5 --epochs 100 --sparsity input=0.25,weight=0.9,unary=0.4,binary=0.4"
  "mse-in0.5|--nodes 20:5,20:5 --epochs 100 --loss mse --sparsity input=0.5,weight=0.9,unary=0.4,binary=0.4"
  "w0.8|--nodes 20:5,20:5 --epochs 100 --sparsity input=0.5,weight=0.8,unary=0.4,binary=0.4"
  "cross-entropy|--nodes 20:5,20:5 --epochs 100 --loss cross-entropy --sparsity input=0.5,weight=0.9,unary=0.4,binary=0.4"
  "warmup20|--nodes 20:5,20:5 --epochs 100 --warmup 20 --sparsity input=0.5,weight=0.9,unary=0.4,binary=0.4"
  "cosine|--nodes 20:5,20:5 --epochs 100 --lr-schedule cosine --sparsity input=0.5,weight=0.9,unary=0.4,binary=0.4"
  "ce-warmup-cosine|--nodes 20:5,20:5 --epochs 100 --loss cross-entropy --warmup 20 --lr-schedule cosine --sparsity input=0.5,weight=0.9,unary=0.4,binary=0.4"
  "wide-32:8|--nodes 32:8,32:8 --epochs 100 --sparsity input=0.5,weight=0.9,unary=0.4,binary=0.4"
  "epochs200|--nodes 20:5,20:5 --epochs 200 --sparsity input=0.5,weight=0.9,unary=0.4,binary=0.4"
  "ce-w0.95|--nodes 20:5,20:5 --epochs 100 --loss cross-entropy --sparsity input=0.5,weight=0.95,unary=0.4,binary=0.4"
  "ce-in0.75-w0.95|--nodes 20:5,20:5 --epochs 100 --loss cross-entropy --sparsity input=0.75,weight=0.95,unary=0.4,binary=0.4"
  "ce-12:3x2|--nodes 12:3,12:3 --epochs 100 --loss cross-entropy --sparsity input=0.5,weight=0.9,unary=0.4,binary=0.4"
  "ce-12:3x2-w0.95|--nodes 12:3,12:3 --epochs 100 --loss cross-entropy --sparsity input=0.5,weight=0.95,unary=0.4,binary=0.4"
  "search|--nodes 20:5,20:5 --epochs 100"
  "search-ce|--nodes 20:5,20:5 --epochs 100 --loss cross-entropy"
)
want=("$@")
echo "| configuration | options | SymbolNet test accuracy | complexity (sum over classes) | wall s |"
echo "|---|---|---|---|---|"
for c in "${configs[@]}"; do
  name=${c%%|*}; opts=${c#*|}
  if [ ${#want[@]} -gt 0 ] && [[ ! " ${want[*]} " == *" $name "* ]]; then continue; fi
  out="$work/$name"
  mkdir -p "$out"
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$bin" train --data "$data" --target class --test-fraction 0.5 --seed 1 --no-reference $opts --out "$out/model.json" > "$out/train.log" 2>&1
  end=$(date +%s.%N)
  acc=$(grep -o 'test accuracy [0-9.]*' "$out/train.log" | awk '{print $3}')
  cx=$("$bin" extract "$out/model.json" | grep -o 'complexity [0-9]*' | awk '{s+=$2} END {print s}')
  printf '| %s | `%s` | %s | %s | %.1f |\n' "$name" "$opts" "$acc" "$cx" "$(echo "$end - $start" | bc)"
done
# The reference network once (seeded, so every row above is compared with the same network).
if [ ${#want[@]} -eq 0 ] || [[ " ${want[*]} " == *" reference "* ]]; then
  out="$work/reference"; mkdir -p "$out"
  start=$(date +%s.%N)
  "$bin" train --data "$data" --target class --test-fraction 0.5 --seed 1 --nodes 2:1 --epochs 1 \
    --sparsity input=0.5,weight=0.9,unary=0.4,binary=0.4 --out "$out/model.json" > "$out/train.log" 2>&1
  end=$(date +%s.%N)
  grep 'reference network' "$out/train.log" | sed 's/^/# /'
  printf '# reference run wall %.1f s (includes a 1-epoch SymbolNet)\n' "$(echo "$end - $start" | bc)"
fi
