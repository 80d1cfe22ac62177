#!/bin/sh
# make verify-reference: re-runs a random sample of the committed reference rows with
# this build and compares them with the recorded ones (theorylab verify).
# Every folder reference/NAME/ with shard files (*.tls) is one run; cpu_model.txt in it
# names the CPU model its rows were recorded on: on that model the rows must come back
# bit for bit, on another within VERIFY_RTOL (relative, every number). The sample is
# drawn with VERIFY_SEED (default: from the clock, printed) and costs at most
# VERIFY_CPU_SECONDS (default 300, shared equally by the folders) by the rows' recorded CPU
# time; a run whose lightest row is over its share re-runs that one row
# (--at-least-one-row), so every run is checked and the total exceeds the budget by at
# most that row's excess (the paper-regime reference: its lightest row took 103 CPU-s).
set -eu
BUILD=${1:-build}
BIN="$BUILD/theorylab"
BUDGET=${VERIFY_CPU_SECONDS:-300}
SEED=${VERIFY_SEED:-$(date +%s)}
RTOL=${VERIFY_RTOL:-1e-3}
[ -x "$BIN" ] || { echo "verify-reference: no $BIN (build it first)" >&2; exit 2; }
dirs=""
for d in reference/*/; do
  ls "$d"*.tls >/dev/null 2>&1 && dirs="$dirs $d"
done
[ -n "$dirs" ] || { echo "verify-reference: no shard files under reference/" >&2; exit 2; }
count=$(echo $dirs | wc -w)
share=$(awk "BEGIN { print $BUDGET / $count }")
echo "verify-reference: seed $SEED, $share CPU-s per run, rtol $RTOL on another CPU model"
status=0
for d in $dirs; do
  echo "== ${d%/}"
  model=""
  [ -f "$d/cpu_model.txt" ] && model=$(cat "$d/cpu_model.txt")
  if [ -n "$model" ]; then
    "$BIN" verify "$d"*.tls --max-cpu-seconds "$share" --seed "$SEED" --cpu-model "$model" --rtol "$RTOL" --at-least-one-row || status=$?
  else
    "$BIN" verify "$d"*.tls --max-cpu-seconds "$share" --seed "$SEED" --at-least-one-row || status=$?
  fi
done
if [ "$status" -eq 0 ]; then echo "verify-reference: every sampled row of $count run(s) reproduced"
else echo "verify-reference: some rows differ or could not be re-run (exit $status; see above)" >&2; fi
exit $status
