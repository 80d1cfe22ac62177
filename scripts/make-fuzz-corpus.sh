#!/usr/bin/env bash
# Regenerates the seed corpus of tests/fuzz/fuzz_result_file: small real result files,
# one per experiment, from its quick preset narrowed on the command line to a few rows
# (a few KB each), plus a sharded run merged. Usage: scripts/make-fuzz-corpus.sh BUILD/theorylab
set -euo pipefail
bin=${1:?usage: scripts/make-fuzz-corpus.sh PATH/TO/theorylab}
out=$(cd "$(dirname "$0")/.." && pwd)/tests/fuzz/corpus/fuzz_result_file
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { local name=$1; shift; "$bin" run "$@" --threads 1 --quiet --force --out "$tmp/$name.h5" >/dev/null; cp "$tmp/$name.h5" "$out/$name.h5"; }
run probability_space probability_space --preset quick problem=T1,T3 solver=projected_gradient n=4 mu=4 iterations=50
run gradient_penalty gradient_penalty --preset quick depth=1,2 width=4 in_dim=3 out_dim=1 activation=tanh init=gaussian head=readout
run gradient_max_scale gradient_max_scale --preset quick part=B2 score=normal n=64 trials=20 'alpha_grid=log(0.05,50,5)'
run jl_attention_scale jl_attention_scale --preset quick part=A3 d=16 'n=pow2(4,5)' draws=5
run quantization_scaling quantization_scaling --preset quick job=0
ls -l "$out"
