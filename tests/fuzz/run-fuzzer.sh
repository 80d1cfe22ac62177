#!/usr/bin/env bash
# Runs one libFuzzer harness for SECONDS in all, from CORPUS, and fails on any finding in
# theorylab's code: a crash, a sanitizer report, a timeout (-timeout=10) or running out of
# memory. One kind of finding is not ours and is listed instead of failing: a memory
# error whose first frame (after the sanitizer's interceptors) is inside libhdf5 itself.
# HDF5 1.10.8 (Debian's) trusts lengths in a damaged file's metadata (e.g. H5HG_read's
# global-heap object size): its own h5dump crashes on the same inputs. Each such input is
# kept under ARTIFACTS/hdf5-faults/ and fuzzing resumes for the time left. The same holds
# for a hang inside libhdf5: a timeout whose innermost frame (below the alarm handler) is
# in libhdf5 and on whose input HDF5's own `h5dump` (attributes and data) does not finish
# either (seen in CI 2026-12-05: H5HG_read loops forever on a damaged global heap while
# reading a string attribute; h5dump hangs on that input too).
# Usage: tests/fuzz/run-fuzzer.sh BINARY CORPUS SECONDS ARTIFACTS [libFuzzer options...]
set -uo pipefail
bin=$1 corpus=$2 seconds=$3 artifacts=$4
shift 4
mkdir -p "$artifacts/hdf5-faults"
end=$((SECONDS + seconds))
runs=0 rate_sum=0 rounds=0 hdf5_faults=0
while :; do
  left=$((end - SECONDS))
  [ "$left" -ge 1 ] || break
  log=$(mktemp)
  "$bin" -max_total_time="$left" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$@" "$corpus" >"$log" 2>&1
  status=$?
  runs=$((runs + $(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 | grep . || echo 0)))
  rate_sum=$((rate_sum + $(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1 | grep . || echo 0)))
  rounds=$((rounds + 1))
  if [ "$status" -eq 0 ]; then rm -f "$log"; break; fi
  input=$(sed -n "s/.*Test unit written to \(.*\)$/\1/p" "$log" | tail -1)
  # The first frame of the report that is not a sanitizer interceptor.
  frame=$(grep -m1 -A12 -E "ERROR: (AddressSanitizer|UndefinedBehaviorSanitizer)" "$log" |
          grep -E "^ +#[0-9]+ " | grep -v -E "__interceptor_|__asan_|__sanitizer|in (malloc|calloc|realloc|free|memcpy|memmove|memset|strlen) " | head -1)
  # A timeout: the first frame below the alarm handler's, past libc's signal frames.
  hang_frame=$(grep -A40 "AlarmCallback" "$log" | grep -E "^ +#[0-9]+ " | tail -n +2 | grep -v -E "libc\.so|AlarmCallback" | head -1)
  kind=""
  if [ -n "$input" ] && grep -q "ALARM: working on the last Unit" "$log" && grep -q "libhdf5" <<<"$hang_frame" &&
     { timeout 10 h5dump "$input" >/dev/null 2>&1; [ $? -eq 124 ]; }; then
    kind="a hang inside libhdf5 (h5dump hangs on the input too)" frame=$hang_frame
  elif [ -n "$input" ] && grep -q "libhdf5" <<<"$frame" && ! grep -q -E "ALARM|out-of-memory|leak" "$log"; then
    kind="a fault inside libhdf5 (not theorylab's code)"
  fi
  if [ -n "$kind" ]; then  # listed, kept, and fuzzing resumes
    hdf5_faults=$((hdf5_faults + 1))
    echo "fuzz: $kind, input kept: $input"
    echo "      $(sed 's/^ *//' <<<"$frame" | cut -c1-160)"
    mv "$input" "$artifacts/hdf5-faults/"
    rm -f "$log"
    continue
  fi
  cat "$log"
  echo "fuzz: FINDING in $(basename "$bin") (input: ${input:-none}); see the report above"
  rm -f "$log"
  exit 1
done
echo "fuzz: $(basename "$bin"): $runs inputs in ${seconds} s (about $((rate_sum / (rounds > 0 ? rounds : 1))) per second), no finding in theorylab's code; $hdf5_faults faults (crashes or hangs) inside libhdf5 listed"
