#!/usr/bin/env bash
# Compares tracker builds on one load by alternating them: A, B, A, B, ... (or A, B, C, A, B, C,
# ... for three or more) so that the machine's slow and fast phases fall on all alike, and prints
# each round's difference from A.
#
#   load-test/alternate.sh ROUNDS JAR_A JAR_B [JAR_C ...] [--out DIR] [--jvm "FLAGS"] [--cluster "ARGS"]
#                          [GENERATOR FLAG VALUE]...
#
# A build may carry tracker flags of its own, in the same argument after the jar, to compare one
# build with a setting on and off: "tracker.jar --locality.enabled=false" (single-node runs only).
#
# Each run is `measure.sh relay` (tracker CPU from /proc) with the chart's JVM flags (--jvm
# replaces them) and, unless generator flags are given, scenario h (1,000 peers, 10 swarms, 5
# offers every 0.5 s, 10 s warm-up, 40 s window). With --cluster "ARGS" each run is instead
# `TRACKER_JAR=<jar> measure-cluster.sh ARGS` (e.g. --cluster "3 --routing uniform"), and the
# generator flags are required. On a shared VM one build's CPU per message moved by 40 % within
# an hour (16 to 23 us per relayed message in h), with the generator's own CPU moving alike (the
# host's steal time and load); a difference between builds of a few per cent shows only as a
# consistent sign over rounds run back to back, which is what this prints. Each run's
# measure.json is kept in DIR/<round>-<A|B|...>/, the table in DIR/summary.txt.
# Examples:
#   load-test/alternate.sh 4 before.jar tracker-service/target/hivecast-tracker.jar
#   load-test/alternate.sh 3 before.jar tracker-service/target/hivecast-tracker.jar \
#     --peers 1000 --swarms 10 --offers 5 --interval 5 --warmup 10 --duration 60     # scenario a
#   load-test/alternate.sh 2 before.jar tracker-service/target/hivecast-tracker.jar --cluster "3 --routing uniform" \
#     --peers 3000 --swarms 10 --offers 5 --interval 5 --ramp 500 --warmup 60 --duration 40
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
die() { echo "alternate.sh: $*" >&2; exit 2; }
[[ $# -ge 3 && "$1" =~ ^[1-9][0-9]?$ ]] || die "usage: alternate.sh ROUNDS(1-99) JAR_A JAR_B [JAR_C ...] [--out DIR] [--jvm FLAGS] [--cluster ARGS] [GENERATOR FLAGS]"
ROUNDS="$1"; shift
JARS=() BUILDS=() FLAGS=()
LETTERS=(A B C D E F)
while [[ $# -gt 0 && "$1" != --* ]]; do
  read -r jar flags <<< "$1"
  [[ -f "$jar" ]] || die "no such jar: $jar"
  [[ ${#JARS[@]} -lt ${#LETTERS[@]} ]] || die "at most ${#LETTERS[@]} builds"
  JARS+=("$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")") # the runs start elsewhere
  FLAGS+=("$flags")
  BUILDS+=("${LETTERS[${#BUILDS[@]}]}")
  shift
done
[[ ${#JARS[@]} -ge 2 ]] || die "give at least two jars"
OUT="" JVM="-XX:MaxRAM=512m -XX:MaxRAMPercentage=75 -XX:GCTimeRatio=49 -XX:+ExitOnOutOfMemoryError" CLUSTER="" GEN=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --jvm) JVM="$2"; shift 2 ;;
    --cluster) CLUSTER="$2"; shift 2 ;;
    --*) [[ $# -ge 2 ]] || die "$1 needs a value"; GEN+=("$1" "$2"); shift 2 ;;
    *) die "unexpected argument $1" ;;
  esac
done
if [[ ${#GEN[@]} -eq 0 ]]; then
  [[ -z "$CLUSTER" ]] || die "--cluster needs the generator flags (--peers, --interval, ...)"
  GEN=(--peers 1000 --swarms 10 --offers 5 --interval 0.5 --warmup 10 --duration 40)
fi
OUT="${OUT:-$ROOT/load-test/target/alternate-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
read -r -a JVM_FLAGS <<< "$JVM"
read -r -a CLUSTER_ARGS <<< "$CLUSTER"
for ((i = 1; i <= ROUNDS; i++)); do
  for ((j = 0; j < ${#JARS[@]}; j++)); do
    jar="${JARS[$j]}" build="${BUILDS[$j]}"
    read -r -a extra <<< "${FLAGS[$j]}"
    if [[ -n "$CLUSTER" ]]; then
      [[ ${#extra[@]} -eq 0 ]] || die "a build's own flags apply to single-node runs only"
      TRACKER_JAR="$jar" "$ROOT/load-test/measure-cluster.sh" "${CLUSTER_ARGS[@]}" --out "$OUT/$i-$build" --label "$build" \
        "${GEN[@]}" > "$OUT/$i-$build.log" 2>&1 || die "run $i-$build failed (see $OUT/$i-$build.log)"
    else
      "$ROOT/load-test/measure.sh" relay --out "$OUT/$i-$build" --label "$build" "${GEN[@]}" \
        -- java "${JVM_FLAGS[@]}" -jar "$jar" --host 127.0.0.1 --port 0 "${extra[@]}" > "$OUT/$i-$build.log" 2>&1 \
        || die "run $i-$build failed (see $OUT/$i-$build.log)"
    fi
    echo "round $i $build done"
  done
done
# The jars by file name only: the summary is kept with the results, which carry no machine's paths.
NAMES=(); for j in "${!JARS[@]}"; do NAMES+=("$(basename "${JARS[$j]}")${FLAGS[$j]:+ ${FLAGS[$j]}}"); done
python3 - "$OUT" "$ROUNDS" "${NAMES[@]}" <<'PY' | tee "$OUT/summary.txt"
import json, statistics, sys
out, pairs, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
builds = "ABCDEF"[:len(names)]
for b, name in zip(builds, names):
    print(f"{b} = {name}")
print("round build us/relayed  us/msg  kernel s  steal s  softirq s  generator CPU s  o2a p99 ms  crossed  payloads")
diffs = {b: [] for b in builds[1:]}
for i in range(1, pairs + 1):
    runs = {}
    for b in builds:
        doc = json.load(open(f"{out}/{i}-{b}/measure.json"))
        m, g = doc["measure"], doc["generator"]
        runs[b] = m["us_per_relayed"]
        print(f"{i:4} {b:5} {m['us_per_relayed']:11.2f} {m['us_per_msg']:7.2f} {m.get('tracker_sys_s')!s:>9} "
              f"{m.get('steal_s')!s:>8} {m.get('softirq_s')!s:>10} {m['gen_cpu_s']:16} {g['latency_ms']['offer_to_answer']['p99']:11}"
              f" {m.get('crossed')!s:>8} {m.get('crossing_payloads')!s:>9}")
    for b in builds[1:]:
        diffs[b].append(runs[b] - runs["A"])
for b, d in diffs.items():
    print(f"{b} - A per round, us per relayed message: " + ", ".join(f"{x:+.2f}" for x in d))
    print(f"mean {statistics.mean(d):+.2f} us; {b} cheaper in {sum(x < 0 for x in d)} of {pairs} rounds")
PY
