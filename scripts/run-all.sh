#!/usr/bin/env bash
# Runs every registered experiment at one preset (default: "default"), one result file
# each in results/, printing each run's summary and claims. Exit status 1 if any run
# fails outright; failing claims are results, reported in the summaries.
set -uo pipefail
bin=${1:?usage: run-all.sh THEORYLAB_BINARY [PRESET]}
preset=${2:-default}
mkdir -p results
status=0
for name in $("$bin" list | awk '{print $1}'); do
  echo "=================== $name (--preset $preset) ==================="
  "$bin" run "$name" --preset "$preset" || status=1
done
exit $status
