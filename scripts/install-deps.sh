#!/usr/bin/env bash
# Installs the Debian packages theorylab builds and runs with, when they are missing.
# Does nothing (and needs no network or root) when every package is already present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libeigen3-dev
  libboost-program-options-dev libboost-math-dev
  libhdf5-dev hdf5-tools
  catch2
  libbenchmark-dev
  gnuplot-nox
  libopenmpi-dev openmpi-bin
)
# Optional peers for `make bench-peers` only; never required to build or test.
if [ "${THEORYLAB_PEERS:-0}" = 1 ]; then packages+=(python3-numpy python3-torch); fi
# Optional: headless Chromium, for the one test that renders tl-report's pages (without it
# that test's rendering part prints SKIP). About 300 MB, hence not by default.
if [ "${THEORYLAB_BROWSER:-0}" = 1 ]; then packages+=(chromium fonts-wqy-zenhei); fi  # CJK glyphs of the sources' titles
# The fuzzers of `make fuzz` only: clang and its runtime (libFuzzer, ASan, UBSan), and gdb,
# with which tests/fuzz/run-fuzzer.sh tells a hang inside one libhdf5 call from ours.
if [ "${THEORYLAB_FUZZ:-0}" = 1 ]; then packages+=(clang libclang-rt-14-dev gdb); fi
# `make package` only: help2man writes the man pages from each program's --help; man-db
# reads them back in `make test-package` (`man theorylab`; Debian's images mostly have it).
if [ "${THEORYLAB_PACKAGE:-0}" = 1 ]; then packages+=(help2man man-db); fi
# A single-node Slurm for the tests of `theorylab submit slurm` (tests/slurm, started by
# scripts/local-slurm.sh): `make test` asks for it; building and running never need it.
if [ "${THEORYLAB_SLURM:-0}" = 1 ]; then packages+=(munge slurmctld slurmd slurm-client); fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done" >&2
