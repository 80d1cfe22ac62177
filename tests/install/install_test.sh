#!/usr/bin/env bash
# The install tests (ctest -R '^install:'), registered by the top CMakeLists.txt:
#   install_test.sh package BUILD_DIR CXX [LAUNCHER]
#     `cmake --install BUILD_DIR` into a fresh prefix, then project/ (one experiment:
#     a parameter, presets, a claim with its resolution, a cost model) configured with
#     find_package(theorylab CONFIG) and built; its list, describe, plan, run --preset
#     quick, --shard + merge; the installed tl-inspect reads its files; pkg-config links
#     the same object into a second program.
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
