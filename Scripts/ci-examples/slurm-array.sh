#!/usr/bin/env bash
# Slurm: one array task per shard, then a merge job that waits for all of them.
#   sbatch --array=1-8 Scripts/ci-examples/slurm-array.sh
#   sbatch --dependency=afterany:<array job id> --wrap \
#     ".build/release/symbolforge merge out/shard-*/results.json --baseline Reports/baseline --out out/merged --junit out/merged/junit.xml"
# Build once before submitting (swift build -c release --product symbolforge) so the tasks do not race to build.
#SBATCH --job-name=symbolforge-regress
#SBATCH --cpus-per-task=2
#SBATCH --time=00:30:00
#SBATCH --output=out/slurm-%A_%a.log
set -euo pipefail
cd "${SLURM_SUBMIT_DIR:-.}"
k="${SLURM_ARRAY_TASK_ID:?submit with --array=1-N}"
n="${SLURM_ARRAY_TASK_COUNT:?submit with --array=1-N}"
.build/release/symbolforge regress --baseline Reports/baseline \
    --shard "${k}/${n}" --out "out/shard-${k}" --junit "out/shard-${k}/junit.xml"
