#!/usr/bin/env bash
# The install tests (ctest -R '^install:'), registered by the top CMakeLists.txt:
#   install_test.sh package BUILD_DIR CXX [LAUNCHER]
#     `cmake --install BUILD_DIR` into a fresh prefix, then project/ (one experiment:
#     a parameter, presets, a claim with its resolution, a cost model) configured with
#     find_package(theorylab CONFIG) and built; its list, describe, plan, run --preset
#     quick, --shard + merge; the installed tl-inspect reads its files; pkg-config links
#     the same object into a second program; then `theorylab new my_check` from the
#     installed binary: that project configured, built and tested (ctest) as written,
#     its program's list, describe, plan, run, --resume, --shard + merge, verify, check.
#   install_test.sh subdirectory SOURCE_DIR BUILD_DIR CXX
#     subproject/ configures with add_subdirectory(theorylab) (configure only: building
#     would compile theorylab a second time).
# Everything is written under BUILD_DIR/install-test/ (kept for a look after a failure).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() {  # expect TEXT FILE: FILE contains TEXT
  grep -qF -- "$1" "$2" || { cat "$2" >&2; fail "no '$1' in $2"; }
}

mode=$1
if [ "$mode" = package ]; then
  build=$2 cxx=$3 launcher=${4:-}
  work=$build/install-test/package
  rm -rf "$work" && mkdir -p "$work"
  prefix=$work/prefix
  cmake --install "$build" --prefix "$prefix" > "$work/install.log"
  for f in bin/theorylab bin/tl-inspect lib/libtheorylab.a lib/libtheorylab_main.a \
           include/theorylab/core/experiment.hpp lib/cmake/theorylab/theorylabConfig.cmake \
           lib/cmake/theorylab/theorylabConfigVersion.cmake lib/pkgconfig/theorylab.pc; do
    [ -e "$prefix/$f" ] || fail "not installed: $f"
  done
  "$prefix/bin/theorylab" --version > "$work/version.txt"
  expect "theorylab " "$work/version.txt"

  # The user's project: find_package(theorylab CONFIG) and nothing else.
  cmake -S "$here/project" -B "$work/project" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_CXX_COMPILER="$cxx" ${launcher:+-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher} > "$work/configure.log" 2>&1 \
    || { cat "$work/configure.log" >&2; fail "configure of the project"; }
  cmake --build "$work/project" > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "build of the project"; }
  lab=$work/project/coin_lab

  "$lab" list > "$work/list.txt"
  expect "coin_bias" "$work/list.txt"
  "$lab" describe coin_bias > "$work/describe.txt"
  for word in "frequency_is_p" "quick" "flips per point"; do expect "$word" "$work/describe.txt"; done
  "$lab" plan coin_bias --preset quick > "$work/plan.txt"
  expect "estimate: 4 rows" "$work/plan.txt"
  # The program records its own build identity beside theorylab's.
  "$lab" --version > "$work/lab-version.txt"
  expect "+theorylab-" "$work/lab-version.txt"

  cd "$work"
  "$lab" run coin_bias --preset quick --out coin.h5 > run.txt 2>&1 || { cat run.txt >&2; fail "run --preset quick"; }
  expect "frequency_is_p" run.txt
  "$prefix/bin/tl-inspect" coin.h5 > inspect.txt
  for word in coin_bias "+theorylab-" frequency_is_p "table (4 rows)"; do expect "$word" inspect.txt; done
  "$prefix/bin/tl-inspect" coin.h5 --csv > table.csv
  expect "frequency" table.csv

  # The rest of the command line: shards and merge give the same file's rows.
  "$lab" run coin_bias --preset quick --shard 0/2 --out shard0.h5 --quiet > /dev/null
  "$lab" run coin_bias --preset quick --shard 1/2 --out shard1.h5 --quiet > /dev/null
  "$lab" merge --out merged.h5 shard0.h5 shard1.h5 > merge.txt 2>&1 || { cat merge.txt >&2; fail "merge"; }
  "$prefix/bin/tl-inspect" merged.h5 --csv > merged.csv
  # The same rows, bit for bit, but for the measured CPU time of each.
  drop_cpu() { awk -F, 'NR == 1 { for (i = 1; i <= NF; ++i) if ($i == "cpu_seconds") c = i }
                        { out = ""; for (i = 1; i <= NF; ++i) if (i != c) out = out (out == "" ? "" : ",") $i; print out }' "$1"; }
  [ "$(wc -l < merged.csv)" -eq 5 ] || { cat merged.csv >&2; fail "the merged file has not 4 rows"; }
  [ "$(drop_cpu table.csv)" = "$(drop_cpu merged.csv)" ] || fail "the merged shards' table differs from the single run's"

  # pkg-config: the same experiment object linked by hand.
  object=$(find project -name 'coin_bias.cpp.o' | head -1)
  PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags --libs theorylab-main > pkg-config.txt
  # shellcheck disable=SC2046
  "$cxx" "$object" $(cat pkg-config.txt) -o coin_lab_pc
  ./coin_lab_pc list > list_pc.txt
  expect "coin_bias" list_pc.txt

  # `theorylab new`: a project written by the installed binary builds against the
  # package as written and passes its own test (ctest: tl::check_experiment); then its
  # program's list, describe, plan, run, --resume, --shard + merge, verify and check.
  "$prefix/bin/theorylab" new my_check > new.txt || { cat new.txt >&2; fail "theorylab new my_check"; }
  for args in "my_check" "MyCheck fresh" "2fast"; do  # an existing folder, not snake_case (twice)
    status=0; "$prefix/bin/theorylab" new $args > /dev/null 2> new-bad.txt || status=$?
    [ "$status" -eq 2 ] && [ "$(wc -l < new-bad.txt)" -eq 1 ] || { cat new-bad.txt >&2; fail "new $args: exit $status, not 2 with one line"; }
  done
  status=0; "$prefix/bin/theorylab" new gradient_max_scale taken 2> new-bad.txt || status=$?
  [ "$status" -eq 2 ] && expect "already has" new-bad.txt && [ ! -e taken ] || fail "new with a built-in's name: exit $status"
  cmake -S my_check -B b -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
    ${launcher:+-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher} > new-configure.log 2>&1 \
    || { cat new-configure.log >&2; fail "configure of the project theorylab new wrote"; }
  cmake --build b -j 2 > new-build.log 2>&1 || { cat new-build.log >&2; fail "build of the project theorylab new wrote"; }
  ctest --test-dir b --output-on-failure > new-ctest.txt 2>&1 || { cat new-ctest.txt >&2; fail "the new project's own test"; }
  expect "100% tests passed" new-ctest.txt
  mine=$work/b/my_check
  "$mine" list > mine-list.txt && expect "my_check" mine-list.txt
  "$mine" describe my_check > mine-describe.txt
  for word in estimates_pi samples quick default "docs/science/my_check.md"; do expect "$word" mine-describe.txt; done
  "$mine" plan my_check --preset quick > mine-plan.txt && expect "estimate: 4 rows" mine-plan.txt
  "$mine" run my_check --preset quick --out mine.h5 > mine-run.txt 2>&1 || { cat mine-run.txt >&2; fail "my_check run --preset quick"; }
  expect "[pass] estimates_pi" mine-run.txt
  # --resume: interrupted once its journal exists, then resumed; the rows equal an
  # uninterrupted run's.
  sweep=(my_check samples=400000 --seeds 60 --threads 1 --quiet)
  "$mine" run "${sweep[@]}" --out whole.h5 > /dev/null
  "$mine" run "${sweep[@]}" --out resumed.h5 > /dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do [ -e resumed.h5.journal ] && break; sleep 0.05; done
  sleep 0.1; kill -INT $pid 2> /dev/null || true
  status=0; wait $pid || status=$?
  [ "$status" -eq 130 ] || [ "$status" -eq 0 ] || fail "interrupted run: exit $status"
  if [ "$status" -eq 130 ]; then
    "$mine" run "${sweep[@]}" --out resumed.h5 --resume > /dev/null || fail "my_check run --resume"
  else
    echo "note: the run ended before the interrupt; --resume not exercised this time"
  fi
  "$prefix/bin/tl-inspect" whole.h5 --csv > whole.csv && "$prefix/bin/tl-inspect" resumed.h5 --csv > resumed.csv
  [ "$(drop_cpu whole.csv)" = "$(drop_cpu resumed.csv)" ] || fail "the resumed run's table differs from the uninterrupted one's"
  "$mine" run my_check --preset quick --shard 0/2 --out mine0.h5 --quiet > /dev/null
  "$mine" run my_check --preset quick --shard 1/2 --out mine1.h5 --quiet > /dev/null
  "$mine" merge --out mine-merged.h5 mine0.h5 mine1.h5 > mine-merge.txt 2>&1 || { cat mine-merge.txt >&2; fail "my_check merge"; }
  "$prefix/bin/tl-inspect" mine.h5 --csv > mine.csv && "$prefix/bin/tl-inspect" mine-merged.h5 --csv > mine-merged.csv
  [ "$(drop_cpu mine.csv)" = "$(drop_cpu mine-merged.csv)" ] || fail "my_check: the merged shards differ from the single run"
  "$mine" verify mine0.h5 mine1.h5 > mine-verify.txt 2>&1 || { cat mine-verify.txt >&2; fail "my_check verify"; }
  (cd my_check && "$mine" check my_check) > mine-check.txt || { cat mine-check.txt >&2; fail "my_check check my_check"; }
  expect "my_check: 0 of 9 checks failed" mine-check.txt
  # The template's declared figure, stored in its result file, drawn by the installed tools.
  "$prefix/bin/tl-plot" mine.h5 --list-figures > mine-figures.txt && expect "estimate_vs_samples" mine-figures.txt
  "$prefix/bin/tl-report" mine.h5 --out mine.html > /dev/null || fail "tl-report on my_check's file"
  grep -q "data:image/svg+xml;base64," mine.html || fail "tl-report drew no figure of my_check"
  status=0; "$prefix/bin/theorylab" check my_check 2> check-unknown.txt || status=$?
  [ "$status" -eq 2 ] || fail "the installed theorylab checks an experiment it does not have: exit $status"
  echo "install test passed: $work"
elif [ "$mode" = subdirectory ]; then
  source=$2 build=$3 cxx=$4
  work=$build/install-test/subdirectory
  rm -rf "$work" && mkdir -p "$work"
  cmake -S "$here/subproject" -B "$work" -DTHEORYLAB_SOURCE_DIR="$source" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER="$cxx" > "$work/configure.log" 2>&1 || { cat "$work/configure.log" >&2; fail "configure"; }
  cmake --build "$work" --target help > "$work/targets.txt"
  for target in coin_lab coin_lab_by_hand theorylab tl-inspect; do
    grep -q "\.\.\. $target\$" "$work/targets.txt" || { cat "$work/targets.txt" >&2; fail "no target $target"; }
  done
  if grep -q "tests_core\|theorylab-fixtures" "$work/targets.txt"; then fail "theorylab's tests are configured in a subproject"; fi
  echo "add_subdirectory test passed: $work"
else
  fail "usage: install_test.sh package|subdirectory ..."
fi
