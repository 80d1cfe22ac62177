#!/usr/bin/env bash
# make docs: what the README shows, regenerated (all committed):
#  - the figures listed in docs/figures.tsv, drawn into docs/ by scripts/make-plots.sh
#    (tl-plot --size readme, 640x480) from the canonical result files of the preset (default:
#    default; the experiments that have none are run);
#  - docs/CLAIMS.md and the README's claim tables and figure captions (prediction and
#    verdict per claim: scripts/readme-results.py), from the same files;
#  - docs/report-gradient_max_scale.png, the README's screenshot of a tl-report page (a
#    quick gradient_max_scale run, rendered by headless Chromium when it is installed:
#    THEORYLAB_BROWSER=1 scripts/install-deps.sh).
#   scripts/make-docs.sh BUILD [PRESET]
set -euo pipefail
BUILD=${1:-build}
PRESET=${2:-default}
cd "$(dirname "$0")/.."
export TL_PLOT_SIZE=${TL_PLOT_SIZE:-readme}  # tl-plot --size readme: 640x480
TL_PLOT_ONLY=$(awk -F'\t' '!/^#/ && NF { printf "%s ", $1 }' docs/figures.tsv)
export TL_PLOT_ONLY=${TL_PLOT_ONLY% }
scripts/make-plots.sh "$BUILD" "$PRESET" docs
# The claims tables the README links to, from the same result files.
REFERENCE=()
[ "$PRESET" = default ] && [ -d reference ] && REFERENCE=(--reference reference)
"$BUILD/tl-tables" --preset "$PRESET" --out results/tables "${REFERENCE[@]}" >/dev/null
cp results/tables/CLAIMS.md docs/CLAIMS.md
echo "make-docs: docs/CLAIMS.md from results/tables/CLAIMS.md"
# The README's claim tables and figure captions, from the same tables.
"${PYTHON:-python3}" scripts/readme-results.py results/tables README.md "$PRESET" docs/figures.tsv

# The tl-report screenshot.
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "make-docs: chromium not installed: docs/report-gradient_max_scale.png left as it is" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$BUILD/theorylab" run gradient_max_scale --preset quick --quiet --threads 1 --out "$work/gradient_max_scale-quick.h5" >/dev/null
"$BUILD/tl-report" "$work/gradient_max_scale-quick.h5" --out "$work/report.html" >/dev/null
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1700 \
  --screenshot="$work/report.png" "file://$work/report.html" >/dev/null 2>&1
cp "$work/report.png" docs/report-gradient_max_scale.png
echo "make-docs: docs/report-gradient_max_scale.png (tl-report of a quick gradient_max_scale run, Chromium 1100x1700)"
