#!/usr/bin/env bash
# Regenerates the experiments' part of the seed corpus of tests/fuzz/fuzz_result_file:
# real result files from quick presets narrowed on the command line to a few rows. A
# file's size is mostly metadata (about 2 KB per group or dataset, attribute order
# tracked), so even these are 85-230 KB; only the two smallest (jl_attention_scale,
# gradient_max_scale: a fixed and a ragged series layout between them) are committed,
# beside two files of the fixture experiments written by tests/io ("layout" test).
# Usage: scripts/make-fuzz-corpus.sh BUILD/theorylab
set -euo pipefail
bin=${1:?usage: scripts/make-fuzz-corpus.sh PATH/TO/theorylab}
out=$(cd "$(dirname "$0")/.." && pwd)/tests/fuzz/corpus/fuzz_result_file
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { local name=$1; shift; "$bin" run "$@" --threads 1 --quiet --force --out "$tmp/$name.h5" >/dev/null; cp "$tmp/$name.h5" "$out/$name.h5"; }
run gradient_max_scale gradient_max_scale --preset quick part=B2 score=normal n=64 trials=20 'alpha_grid=log(0.05,50,5)'
run jl_attention_scale jl_attention_scale --preset quick part=A3 d=16 'n=pow2(4,5)' draws=5
ls -l "$out"
