#!/usr/bin/env bash
# The GPU suite in one command (bench/gpu_suite.py says what it times):
#
#   bench/gpu_suite.sh                 # on a CUDA machine: paper sizes, under 8 minutes on one H100/H200;
#                                      # JSON in bench/results/gpu_suite_<host>_<date>.json (commit it)
#   bench/gpu_suite.sh --smoke         # tiny sizes on any machine (CPU here): checks the suite, not the GPU
#   bench/gpu_suite.sh --out FILE.json
#
# Uses the checkout's .venv (or $MFAF_PYTHON).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py="${MFAF_PYTHON:-$here/.venv/bin/python}"
exec "$py" "$here/bench/gpu_suite.py" "$@"
