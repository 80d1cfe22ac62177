#!/usr/bin/env bash
# Runs every registered experiment at one preset (default: "default") into its canonical
# result file results/NAME-PRESET.h5 (the file make tables / make plots read), printing
# each run's summary and claims. A run interrupted earlier (its .journal is there) is
# resumed; a finished file is replaced by the new run. Exit status 1 if any run fails
# outright; failing claims are results, reported in the summaries.
set -uo pipefail
bin=${1:?usage: run-all.sh THEORYLAB_BINARY [PRESET]}
preset=${2:-default}
mkdir -p results
status=0
for name in $("$bin" list | awk '{print $1}'); do
  out="results/$name-$preset.h5"
  echo "=================== $name (--preset $preset) -> $out ==================="
  if [ -e "$out.journal" ]; then
    "$bin" run "$name" --preset "$preset" --out "$out" --resume || status=1
  else
    "$bin" run "$name" --preset "$preset" --out "$out" --force || status=1
  fi
done
exit $status
