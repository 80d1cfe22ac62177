#!/usr/bin/env bash
# make plots: every figure each result file declares, drawn by tl-plot --figure. The
# figures are the experiments' own (ExperimentInfo::figures, stored in each file's
# /figures); this script names no experiment. The files: the canonical result file
# results/NAME-PRESET.h5 of every experiment (tl-tables --files-only checks it, and runs
# the experiment when there is none) and, at the default preset, the committed reference
# runs (reference/NAME-PRESET/PRESET.h5, keyed NAME-PRESET).
#   scripts/make-plots.sh BUILD PRESET [OUT]     (Makefile: make plots [PRESET=quick])
# Each figure is drawn as OUT/KEY-FIGURE.png (KEY: the experiment, or NAME-PRESET for a
# reference run; FIGURE: the declared name; `tl-plot FILE --list-figures` lists them).
# Environment: TL_RESULTS (default results), TL_PLOT_SIZE (default 800x560),
# TL_PLOT_ONLY (space-separated PNG names: draw only these; scripts/make-docs.sh uses it),
# TL_NO_RUN=1 (never run an experiment: plot only those with a result file).
# A figure that does not apply to a run (it needs a key the run did not sweep) is skipped;
# a figure that cannot be drawn, a file that declares none (written before declared
# figures: `theorylab reduce FILE --out NEW` writes them) or an experiment without a
# result file make the exit status 1.
set -uo pipefail
BUILD=${1:-build}
PRESET=${2:-default}
cd "$(dirname "$0")/.."
OUT=${3:-results/plots}
RESULTS=${TL_RESULTS:-results}
SIZE=${TL_PLOT_SIZE:-800x560}
ONLY=" ${TL_PLOT_ONLY:-} "
case "$BUILD" in /*) ;; *) BUILD="$PWD/$BUILD" ;; esac
for tool in "$BUILD/theorylab" "$BUILD/tl-tables" "$BUILD/tl-plot"; do
  [ -x "$tool" ] || { echo "make-plots: $tool is missing; build first (make build)" >&2; exit 2; }
done
mkdir -p "$OUT"

NO_RUN=()
[ -n "${TL_NO_RUN:-}" ] && NO_RUN=(--no-run)
REFERENCE=()
[ "$PRESET" = default ] && [ -d reference ] && REFERENCE=(--reference reference)
missing=0
files=$("$BUILD/tl-tables" --files-only --preset "$PRESET" --theorylab "$BUILD/theorylab" --results "$RESULTS" \
  "${NO_RUN[@]}" "${REFERENCE[@]}") || missing=1  # tl-tables named each missing file on stderr

drawn=0 failed=0 skipped=0
while read -r key file; do
  [ -n "$key" ] || continue
  names=$("$BUILD/tl-plot" "$file" --list-figures 2>/dev/null | cut -f1)
  if [ -z "$names" ]; then
    echo "make-plots: $file declares no figures (written before declared figures? theorylab reduce FILE --out NEW writes them)" >&2
    failed=$((failed + 1))
    continue
  fi
  for name in $names; do
    png="$key-$name.png"
    if [ "$ONLY" != "  " ] && [[ "$ONLY" != *" $png "* ]]; then continue; fi
    if messages=$("$BUILD/tl-plot" "$file" --figure "$name" --size "$SIZE" --force --out "$OUT/$png" 2>&1 >/dev/null); then
      drawn=$((drawn + 1))
      [ -z "$messages" ] || echo "make-plots: $png: ${messages//$'\n'/; }" >&2  # how its filters adapted
    elif [[ "$messages" == *"does not apply to this run"* ]]; then
      skipped=$((skipped + 1))
    else
      echo "make-plots: $png not drawn: $messages" >&2
      failed=$((failed + 1))
    fi
  done
done <<< "$files"

echo "make-plots: $drawn plots in $OUT/ ($failed failed, $skipped not applicable to their run)"
[ "$failed" -eq 0 ] && [ "$missing" -eq 0 ]
