#!/usr/bin/env bash
# make docs: the few small plots the README shows, regenerated into docs/ (committed).
# Same plots as make plots (scripts/make-plots.sh), smaller, from the newest complete
# result files of the preset (default: default; runs the experiments that have none).
#   scripts/make-docs.sh BUILD [PRESET]
set -euo pipefail
BUILD=${1:-build}
PRESET=${2:-default}
cd "$(dirname "$0")/.."
export TL_PLOT_SIZE=${TL_PLOT_SIZE:-640x420}
export TL_PLOT_ONLY="jl-k50-vs-N-bounds.png jl-entropy-vs-n-gaussian-d64.png ps-convergence-T1.png
  gms-alpha-star-vs-n-normal.png gp-ratio-histogram.png gp-dose-response.png qs-loss-vs-N.png"
TL_PLOT_ONLY=$(echo $TL_PLOT_ONLY)  # one line, single spaces
scripts/make-plots.sh "$BUILD" "$PRESET" docs
# The claims tables the README links to, from the same result files.
"$BUILD/tl-tables" --preset "$PRESET" --out results/tables >/dev/null
cp results/tables/CLAIMS.md docs/CLAIMS.md
echo "make-docs: docs/CLAIMS.md from results/tables/CLAIMS.md"
# The README's claim tables, from the same tables.
"${PYTHON:-python3}" scripts/readme-results.py results/tables README.md "$PRESET"
