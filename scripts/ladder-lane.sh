#!/bin/sh
# One lane of the ladder's shards, run one after another (theorylab run ... --shard K/8).
B=/work/wt-ladder/build-ladder/build/theorylab
R=/work/wt-ladder/reference/quantization_scaling-ladder
for K in "$@"; do
  if [ -f "$R/ladder-$K.tls" ]; then continue; fi
  if [ -f "$R/ladder-$K.tls.journal" ]; then RES=--resume; else RES=; fi
  echo "$(date -u +%FT%TZ) shard $K start" 
  nice -n 19 $B run quantization_scaling --preset ladder --shard $K/8 --threads 1 --quiet --out "$R/ladder-$K.tls" $RES
  echo "$(date -u +%FT%TZ) shard $K exit $?"
done
