#!/usr/bin/env bash
# Creates Scripts/hls4ml/.venv-hls4ml with hls4ml 1.3.0 and SymPy, for the side-by-side comparison
# with hls4ml's symbolic-expression converter. Prints the venv's python. Idempotent.
#
# Environment: PYTHON (default python3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv-hls4ml"
py="$venv/bin/python"
if [[ -x "$py" ]] && "$py" -c 'import hls4ml, sympy; assert hls4ml.__version__ == "1.3.0"' 2>/dev/null; then
    echo "$py"
    exit 0
fi
"${PYTHON:-python3}" -m venv "$venv" >&2
"$py" -m pip install --quiet "hls4ml==1.3.0" sympy >&2
"$py" -c 'import hls4ml, sympy; assert hls4ml.__version__ == "1.3.0"'
echo "$py"
