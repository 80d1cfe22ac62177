#!/usr/bin/env bash
# build_examples.sh PREFIX OUT [CXX [LAUNCHER]] [-- EXAMPLE...]
#   Builds each example (every folder of examples/ with a CMakeLists.txt, or the folders
#   named after --) the way a user builds theirs: against the theorylab installed in
#   PREFIX (find_package(theorylab CONFIG); PREFIX "" means the system's, /usr or
#   /usr/local), each in its own build folder OUT/NAME. Then its own test (ctest) and,
#   for every experiment its program lists, `PROGRAM check EXPERIMENT --docs
#   EXAMPLE/docs/science`. An example's program is named after its folder. Prints one
#   line per example with its times; exits 1 at the first failure, with the log.
# Used by the install test `install: every example ...` (PREFIX: the package test's
# prefix) and by `make test-package` (the Debian package installed into /usr).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
[ $# -ge 2 ] || { echo "usage: build_examples.sh PREFIX OUT [CXX [LAUNCHER]] [-- EXAMPLE...]" >&2; exit 2; }
prefix=$1 out=$2
shift 2
cxx="" launcher=""
if [ $# -gt 0 ] && [ "$1" != "--" ]; then cxx=$1; shift; fi
if [ $# -gt 0 ] && [ "$1" != "--" ]; then launcher=$1; shift; fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
examples=("$@")
if [ ${#examples[@]} -eq 0 ]; then
  for d in "$source_dir"/examples/*/; do [ -f "$d/CMakeLists.txt" ] && examples+=("$(basename "$d")"); done
fi
[ ${#examples[@]} -gt 0 ] || { echo "FAIL: no example under $source_dir/examples" >&2; exit 1; }
fail() { echo "FAIL: $*" >&2; exit 1; }
show_fail() { cat "$1" >&2; fail "$2"; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ -n "$prefix" ]; then
  [ -d "$prefix" ] || fail "no prefix folder $prefix"
  prefix=$(cd "$prefix" && pwd)
fi
for name in "${examples[@]}"; do
  src=$source_dir/examples/$name
  [ -f "$src/CMakeLists.txt" ] || fail "no example $src"
  build=$out/$name
  rm -rf "$build"
  start=$(date +%s)
  cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release ${prefix:+-DCMAKE_PREFIX_PATH=$prefix} \
    ${cxx:+-DCMAKE_CXX_COMPILER=$cxx} ${launcher:+-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher} \
    > "$out/$name-configure.log" 2>&1 || show_fail "$out/$name-configure.log" "$name: configure against ${prefix:-/usr}"
  # The package found is the one meant (not another install on the machine).
  found=$(sed -n 's/^theorylab_DIR:PATH=//p' "$build/CMakeCache.txt")
  if [ -n "$prefix" ]; then
    case $found in "$prefix"/*) ;; *) fail "$name: found theorylab in '$found', not under $prefix" ;; esac
  fi
  cmake --build "$build" -j 2 > "$out/$name-build.log" 2>&1 || show_fail "$out/$name-build.log" "$name: build"
  built=$(date +%s)
  ctest --test-dir "$build" --output-on-failure > "$out/$name-ctest.log" 2>&1 || show_fail "$out/$name-ctest.log" "$name: its ctest"
  grep -q "100% tests passed" "$out/$name-ctest.log" || show_fail "$out/$name-ctest.log" "$name: ctest ran no test"
  program=$build/$name
  [ -x "$program" ] || fail "$name: no program $program (an example's program is named after its folder)"
  "$program" list > "$out/$name-list.txt" || show_fail "$out/$name-list.txt" "$name: list"
  experiments=$(awk 'NF && $1 ~ /^[a-z][a-z0-9_]*$/ { print $1 }' "$out/$name-list.txt")
  [ -n "$experiments" ] || show_fail "$out/$name-list.txt" "$name: its program lists no experiment"
  for e in $experiments; do
    "$program" check "$e" --docs "$src/docs/science" > "$out/$name-check-$e.txt" 2>&1 \
      || show_fail "$out/$name-check-$e.txt" "$name: check $e"
    grep -q "^$e: 0 of [0-9]* checks failed" "$out/$name-check-$e.txt" || show_fail "$out/$name-check-$e.txt" "$name: check $e"
  done
  echo "example $name: built in $((built - start)) s, ctest and check ($(echo $experiments)) in $(($(date +%s) - built)) s"
done
