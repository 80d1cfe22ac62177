#!/usr/bin/env bash
# make tables: every source's table with verdicts, into results/tables/ (ALL.md is the
# one to paste into the README). Uses the canonical result file NAME-PRESET.h5 in
# results/ for each experiment and runs the experiment when there is none.
#   scripts/make-tables.sh BUILD PRESET      (Makefile: make tables [PRESET=quick])
# Environment: TL_RESULTS (default results): where result files are read and written;
# the tables go to $TL_RESULTS/tables.
set -euo pipefail
BUILD=${1:-build}
PRESET=${2:-default}
cd "$(dirname "$0")/.."
case "$BUILD" in /*) ;; *) BUILD="$PWD/$BUILD" ;; esac
for tool in "$BUILD/theorylab" "$BUILD/tl-tables"; do
  [ -x "$tool" ] || { echo "make-tables: $tool is missing; build first (make build)" >&2; exit 2; }
done
RESULTS=${TL_RESULTS:-results}
# The committed reference runs (reference/NAME-PRESET/PRESET.h5, too costly to rerun here)
# are tabled from their files at the default preset, each caption saying so.
REFERENCE=()
[ "$PRESET" = default ] && [ -d reference ] && REFERENCE=(--reference reference)
exec "$BUILD/tl-tables" --preset "$PRESET" --theorylab "$BUILD/theorylab" --results "$RESULTS" --out "$RESULTS/tables" "${REFERENCE[@]}"
