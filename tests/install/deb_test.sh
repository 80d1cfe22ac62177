#!/usr/bin/env bash
# deb_test.sh BUILD_DIR [LAUNCHER]: the Debian package of `make package`
# (BUILD_DIR/theorylab_*.deb) installed into this machine's /usr as a user installs it,
# `apt-get install ./theorylab_*.deb` (dpkg -i when apt cannot), then used:
# `theorylab --version`, `man theorylab` and `man tl-inspect`, and examples/score_matching
# built against the system's theorylab (no CMAKE_PREFIX_PATH) with its ctest and check
# (build_examples.sh). Then removed again: dpkg -r theorylab, and any package the
# install pulled in purged, so that the machine has exactly the packages it had; checked.
# Needs root (CI runs as root). Refuses to run where theorylab is already installed in
# /usr (it would remove someone's install), except under CI=true, where a theorylab
# package can only be left by an earlier run killed before its removal. `make test-package` runs it; CI after `make test`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
[ $# -ge 1 ] || { echo "usage: deb_test.sh BUILD_DIR [LAUNCHER]" >&2; exit 2; }
build=$(cd "$1" && pwd) launcher=${2:-}
shopt -s nullglob
debs=("$build"/theorylab_*.deb)
[ ${#debs[@]} -eq 1 ] || fail "want exactly one $build/theorylab_*.deb (make package), found ${#debs[@]}"
deb=${debs[0]}
[ "$(id -u)" -eq 0 ] || fail "installing the package into /usr needs root"
if dpkg-query -W -f='${Status}' theorylab 2>/dev/null | grep -q " installed"; then
  # On CI's machine (kept between runs) only an earlier run killed before its removal
  # leaves it: removed. Anywhere else it is someone's install: refused.
  [ "${CI:-}" = true ] || fail "the package theorylab is already installed here; remove it first (dpkg -r theorylab)"
  echo "deb test: removing the theorylab package an interrupted earlier run left installed"
  dpkg -r theorylab > /dev/null || fail "dpkg -r theorylab (left by an earlier run)"
fi
for f in /usr/bin/theorylab /usr/lib/cmake/theorylab /usr/include/theorylab; do
  [ ! -e "$f" ] || fail "$f exists (a theorylab installed by hand?): not overwriting it"
done

work=$build/deb-test
rm -rf "$work" && mkdir -p "$work"
packages() { dpkg-query -W -f='${Package}:${Architecture} ${Status}\n' | awk '$NF == "installed" { print $1 }' | sort; }
packages > "$work/packages-before.txt"

remove() {  # always, also after a failure: the machine as it was
  local status=$?
  trap - EXIT
  dpkg -r theorylab > "$work/remove.log" 2>&1 || { cat "$work/remove.log" >&2; echo "FAIL: dpkg -r theorylab" >&2; status=1; }
  packages > "$work/packages-after.txt"
  local pulled
  pulled=$(comm -13 "$work/packages-before.txt" "$work/packages-after.txt" | tr '\n' ' ')
  if [ -n "${pulled// /}" ]; then
    echo "deb test: purging what the install pulled in: $pulled"
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq $pulled > "$work/purge.log" 2>&1 || { cat "$work/purge.log" >&2; status=1; }
    packages > "$work/packages-after.txt"
  fi
  if ! cmp -s "$work/packages-before.txt" "$work/packages-after.txt"; then
    diff "$work/packages-before.txt" "$work/packages-after.txt" >&2 || true
    echo "FAIL: the installed packages differ from before the test" >&2
    status=1
  fi
  for f in /usr/bin/theorylab /usr/bin/tl-inspect /usr/lib/cmake/theorylab /usr/include/theorylab \
           /usr/share/man/man1/theorylab.1.gz; do
    [ ! -e "$f" ] || { echo "FAIL: $f is still there after dpkg -r" >&2; status=1; }
  done
  [ "$status" -eq 0 ] && echo "deb test: removed; the machine has the packages it had"
  exit "$status"
}
trap remove EXIT

start=$(date +%s)
if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$deb" > "$work/install.log" 2>&1; then
  echo "deb test: installed $(basename "$deb") with apt-get in $(($(date +%s) - start)) s"
else
  cat "$work/install.log" >&2
  echo "deb test: apt-get could not install it (above); dpkg -i with the dependencies already present"
  dpkg -i "$deb" > "$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "dpkg -i $deb"; }
fi

[ "$(command -v theorylab)" = /usr/bin/theorylab ] || fail "theorylab on PATH is '$(command -v theorylab)', not /usr/bin/theorylab"
theorylab --version > "$work/version.txt"
grep -q "^theorylab " "$work/version.txt" || { cat "$work/version.txt" >&2; fail "theorylab --version"; }
for page in theorylab tl-inspect; do
  MANPAGER=cat MANWIDTH=100 man "$page" > "$work/man-$page.txt" 2> "$work/man-$page.err" \
    || { cat "$work/man-$page.err" >&2; fail "man $page"; }
  grep -q "$page" "$work/man-$page.txt" && [ "$(wc -l < "$work/man-$page.txt")" -ge 10 ] \
    || { cat "$work/man-$page.txt" >&2; fail "man $page shows no manual"; }
done
theorylab list > "$work/list.txt" && grep -q gradient_max_scale "$work/list.txt" || fail "theorylab list"

"$here/build_examples.sh" "" "$work/examples" c++ ${launcher:+"$launcher"} -- score_matching
found=$(sed -n 's/^theorylab_DIR:PATH=//p' "$work/examples/score_matching/CMakeCache.txt")
case $found in /usr/lib/*) ;; *) fail "the example found theorylab in '$found', not the package's /usr/lib" ;; esac
echo "deb test: installed, used and built against in $(($(date +%s) - start)) s"
