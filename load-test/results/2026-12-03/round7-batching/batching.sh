#!/usr/bin/env bash
# Old (main 71b39ff) and new (batching) builds alternately, uniform routing, 3 nodes.
set -u
cd /work/main
OLD=/tmp/main-71b39ff.jar NEW=/tmp/batching-241db32.jar
OUT=/work/main/load-test/target/round7-batching
mkdir -p $OUT
for interval in 5 2.5; do
  for pair in 1 2; do
    for build in old new; do
      jar=$OLD; [[ $build == new ]] && jar=$NEW
      d=$OUT/i$interval-p$pair-$build
      TRACKER_JAR=$jar timeout 900 load-test/measure-cluster.sh 3 --routing uniform --label ours-3-nodes-uniform-$build \
        --scenario batching-i$interval --out $d --peers 3000 --swarms 10 --offers 5 --interval $interval --ramp 500 \
        --warmup 60 --duration 40 > $d.log 2>&1
      echo "$(date -u +%H:%M:%S) i=$interval pair=$pair $build: $(grep '^MEASURE-CLUSTER' $d.log) $(grep 'payloads between' $d.log)"
    done
  done
done
