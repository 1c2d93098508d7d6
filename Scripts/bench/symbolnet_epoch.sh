#!/usr/bin/env bash
# SymbolNet training time per epoch: Swift (release) against PyTorch CPU on the same data,
# architecture and batch size. Prints both; results are recorded in Reports/benchmarks/symbolnet_epoch.md.
#
#   Scripts/bench/symbolnet_epoch.sh            # 100k rows x 16 inputs, layers 20:5,20:5, 5 classes, 3 epochs
#   SYMBOLNET_BENCH_EPOCHS=5 Scripts/bench/symbolnet_epoch.sh
#   SYMBOLNET_BENCH_CONFIG=debug Scripts/bench/symbolnet_epoch.sh   # reuse the debug build (SymbolNet is -O there)
#
# PyTorch goes into a local venv .venv-bench (git-ignored) on first use.
set -euo pipefail
cd "$(dirname "$0")/../.."
export SYMBOLNET_BENCH_ROWS=${SYMBOLNET_BENCH_ROWS:-100000}
export SYMBOLNET_BENCH_INPUTS=${SYMBOLNET_BENCH_INPUTS:-16}
export SYMBOLNET_BENCH_EPOCHS=${SYMBOLNET_BENCH_EPOCHS:-3}
export SYMBOLNET_BENCH_LAYERS=${SYMBOLNET_BENCH_LAYERS:-20:5,20:5}
export SYMBOLNET_BENCH_THREADS=${SYMBOLNET_BENCH_THREADS:-2}
config=${SYMBOLNET_BENCH_CONFIG:-release}
data=${SYMBOLNET_BENCH_DATA:-.build/symbolnet-bench}
export SYMBOLNET_BENCH_DATA=$data

if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q numpy torch
fi
.venv-bench/bin/python Scripts/bench/symbolnet_epoch_data.py "$data"

echo "== machine"
uname -srm
grep -m1 "model name" /proc/cpuinfo || true
echo "cores: $(nproc)"
swift --version 2>&1 | head -1

echo "== Swift ($config, ${SYMBOLNET_BENCH_THREADS} threads)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
swift test -c "$config" --disable-swift-testing --filter EpochBenchmark 2>&1 | grep -E "BENCH|error|failed" || true

echo "== PyTorch CPU (${SYMBOLNET_BENCH_THREADS} threads)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
.venv-bench/bin/python Scripts/bench/symbolnet_epoch_torch.py "$data"
