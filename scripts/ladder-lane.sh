#!/bin/sh
# One lane of the ladder's shards, run one after another (theorylab run ... --shard K/8):
#   scripts/ladder-lane.sh 0 2 4 6
# A finished shard (ladder-K.tls) is skipped; an interrupted one (ladder-K.tls.journal)
# is resumed. LADDER_BIN: a build of the tag ladder-v1 (reference/README.md says how);
# LADDER_REFERENCE: the folder of the shard files.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${LADDER_BIN:-$ROOT/build-ladder/build/theorylab}
R=${LADDER_REFERENCE:-$ROOT/reference/quantization_scaling-ladder}
for K in "$@"; do
  if [ -f "$R/ladder-$K.tls" ]; then continue; fi
  if [ -f "$R/ladder-$K.tls.journal" ]; then RES=--resume; else RES=; fi
  echo "$(date -u +%FT%TZ) shard $K start"
  nice -n 19 "$B" run quantization_scaling --preset ladder --shard "$K/8" --threads 1 --quiet --out "$R/ladder-$K.tls" $RES
  echo "$(date -u +%FT%TZ) shard $K exit $?"
done
