#!/usr/bin/env bash
# A bounded soak of a 3-node cluster: a live audience that joins, leaves, switches rendition and
# is hit by reconnect storms, while each node's heap after a full GC, RSS, open file descriptors,
# threads and connections are sampled every minute. Passes when, after the first 5 minutes, each
# series is flat within the bounds soak-verdict.py states; exits 1 otherwise, saying which.
#
#   load-test/soak.sh [--backend hazelcast|redis] [--minutes M] [--out DIR] [GENERATOR FLAG VALUE]...
#
# M (default 30, 6 to 240) minutes are counted from the moment every viewer has connected; the
# samples are taken at minutes 0..M. The default audience: 1,500 viewers in 5 swarms of 3
# renditions (5 is coprime to 3, so every swarm spans every node), joining at 10 a second (at 50
# a second, with the machine's load average at 40, 703 of 1,500 connections were reset or closed
# during the upgrade and never opened), 3 offers per announce every 10 s, 2 % of re-announces a rendition switch, 2 viewers leaving and 2 joining per second (3,600
# joiners in 30 minutes: the audience turns over 2.4 times), and every 270 s a storm dropping 25 %
# of the connections at once, which come back within 5 s with the same peer_id. 270 s is not a
# whole number of minutes, so storms drift across the sampling instants instead of always
# hitting them. Any generator flag given is passed on and overrides these.
#
# Per node, DIR/nodeI.tsv has one row per minute: the live heap (the total of `jcmd
# GC.class_histogram`, taken in a full GC, as measure.sh does), VmRSS and Threads from
# /proc/PID/status, the entries of /proc/PID/fd, and the node's own connection count from /stats.
# DIR/machine.tsv has the load average at each sample (the machine may be shared: latency is not
# judged, only flatness). The histograms' top 40 classes at minute 5 and at the end are kept
# (DIR/histo-nodeI-{start,end}.txt), for a diff if the heap grows.
# DIR/summary.txt is the verdict. Everything is on 127.0.0.1 and stopped by PID.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${TRACKER_JAR:-$ROOT/tracker-service/target/hivecast-tracker.jar}"
unset TRACKER_JAR # the nodes inherit the environment, and the tracker refuses TRACKER_* names it does not know
GEN_JAR="${LOAD_TEST_JAR:-$ROOT/load-test/target/hivecast-load-test.jar}"
die() { echo "soak.sh: $*" >&2; exit 2; }

BACKEND=hazelcast MINUTES=30 OUT="" GEN_ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --backend) BACKEND="$2"; shift 2 ;;
    --minutes) MINUTES="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --url|--mode|--duration|--warmup) die "$1 is set by soak.sh" ;;
    --*) [[ $# -ge 2 ]] || die "$1 needs a value"; GEN_ARGS+=("$1" "$2"); shift 2 ;;
    *) die "unexpected argument $1" ;;
  esac
done
[[ "$BACKEND" == hazelcast || "$BACKEND" == redis ]] || die "--backend is hazelcast or redis"
[[ "$MINUTES" =~ ^[0-9]+$ ]] && (( MINUTES >= 6 && MINUTES <= 240 )) || die "--minutes takes 6 to 240 (the first 5 are not judged)"
[[ -f "$JAR" && -f "$GEN_JAR" ]] || die "build first: mvn -q -B -pl load-test,tracker-service -am package -DskipTests"
command -v jcmd > /dev/null || die "jcmd (from the JDK) is needed for the live heap"
OUT="${OUT:-$ROOT/load-test/target/soak/$(date +%Y%m%d-%H%M%S)-$BACKEND}"
mkdir -p "$OUT"
NODES=3
DEFAULTS=(--peers 1500 --swarms 5 --renditions 3 --offers 3 --interval 10 --switch-probability 0.02 --ramp 10 --connect-timeout 30
  --churn-per-second 2 --storm-interval 270 --storm-share 0.25 --storm-reconnect-spread 5)

# shellcheck source=cluster-nodes.sh
source "$ROOT/load-test/cluster-nodes.sh"
GEN_PID=""
cleanup() {
  [[ -z "$GEN_PID" ]] || { kill -TERM "$GEN_PID" 2>/dev/null || true; await_exit "$GEN_PID"; }
  cluster_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM
START_SECONDS=300 # a busy shared machine took more than the default minute to form the cluster
cluster_start "$NODES" "$BACKEND" "$OUT" --cluster.join-timeout 5m
echo "nodes: ${URLS[*]} (pids ${PIDS[*]}, backend $BACKEND); samples in $OUT"

# The generator outlives the last sample by a minute and is ended by PID; `timeout` bounds it
# even if this script is killed with SIGKILL.
URL_LIST="$(IFS=,; echo "${URLS[*]}")"
timeout $(( (MINUTES + 10) * 60 )) java -Xmx1g -jar "$GEN_JAR" --url "$URL_LIST" --mode relay "${DEFAULTS[@]}" \
  ${GEN_ARGS[@]+"${GEN_ARGS[@]}"} --warmup 0 --duration $(( (MINUTES + 1) * 60 )) > "$OUT/generator.log" 2>&1 &
GEN_PID=$!
for ((t = 0; t < 1200; t++)); do # the ramp: 1,500 viewers at 10/s take 150 s; at most 10 minutes
  grep -q '^WINDOW-START' "$OUT/generator.log" 2>/dev/null && break
  kill -0 "$GEN_PID" 2>/dev/null || die "the generator exited (see $OUT/generator.log)"
  sleep 0.5
done
grep -q '^WINDOW-START' "$OUT/generator.log" || die "the audience did not connect within 10 minutes"

# The live heap: GC.class_histogram counts the objects in a full-GC pause, so unlike GC.run then
# GC.heap_info it does not include what the node allocated in between (10 MiB under this load).
live_heap_kib() { # PID HISTOGRAM_FILE: KiB, -1 if jcmd did not answer; the histogram is kept in the file
  if jcmd "$1" GC.class_histogram > "$2" 2>/dev/null; then awk '/^Total/ {printf "%d", $3 / 1024}' "$2"; else echo -1; fi
}
status_field() { awk -v k="$2:" '$1 == k {print $2; exit}' "/proc/$1/status"; }
connections_of() { # URL: the node's connections from /stats, -1 if it does not answer within 10 s
  curl --noproxy '*' -sf --max-time 10 "$(http_of "$1")stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["connections"])' || echo -1
}

printf 'minute\tepoch\theap_kib\trss_kib\tfds\tthreads\tconnections\n' > "$OUT/header.tsv"
for ((i = 0; i < NODES; i++)); do cp "$OUT/header.tsv" "$OUT/node$i.tsv"; done
printf 'minute\tepoch\tload1\tload5\tload15\n' > "$OUT/machine.tsv"
rm "$OUT/header.tsv"
START="$(date +%s)"
for ((m = 0; m <= MINUTES; m++)); do
  while (( $(date +%s) < START + 60 * m )); do sleep 1; done
  for ((i = 0; i < NODES; i++)); do
    pid="${PIDS[$i]}"
    kill -0 "$pid" 2>/dev/null || die "node $i (pid $pid) exited at minute $m (see $OUT/node$i.log)"
    heap="$(live_heap_kib "$pid" "$OUT/histo.tmp")"
    # Connections right beside the fd count, so that the fds not held by connections are comparable.
    conns="$(connections_of "${URLS[$i]}")"
    fds="$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)"
    printf '%d\t%d\t%s\t%s\t%s\t%s\t%s\n' "$m" "$(date +%s)" "$heap" "$(status_field "$pid" VmRSS)" "$fds" \
      "$(status_field "$pid" Threads)" "$conns" >> "$OUT/node$i.tsv"
    if (( m == 5 )); then head -43 "$OUT/histo.tmp" > "$OUT/histo-node$i-start.txt"; fi
    if (( m == MINUTES )); then head -43 "$OUT/histo.tmp" > "$OUT/histo-node$i-end.txt"; fi
  done
  printf '%d\t%d\t%s\n' "$m" "$(date +%s)" "$(awk '{print $1 "\t" $2 "\t" $3}' /proc/loadavg)" >> "$OUT/machine.tsv"
  echo "minute $m: $(for ((i = 0; i < NODES; i++)); do tail -1 "$OUT/node$i.tsv" | awk -v n="$i" -F'\t' '{printf "node%d heap %.1f MiB rss %.0f MiB fds %d threads %d conns %d; ", n, $3/1024, $4/1024, $5, $6, $7}'; done)load $(cut -d' ' -f1 /proc/loadavg)"
done
rm -f "$OUT/histo.tmp"
kill -TERM "$GEN_PID" 2>/dev/null || true
await_exit "$GEN_PID"
GEN_PID=""
grep -E '^(STORM|  churn|  connections open|  failure reason|  connect error)' "$OUT/generator.log" > "$OUT/generator-summary.txt" || true
{
  echo "soak.sh --backend $BACKEND --minutes $MINUTES ${GEN_ARGS[*]}"
  echo "generator: $(grep -m1 '^AudienceLoad ' "$OUT/generator.log")"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
  cat "$OUT/generator-summary.txt"
} > "$OUT/summary.txt"
set +e
python3 "$ROOT/load-test/soak-verdict.py" "$OUT" | tee -a "$OUT/summary.txt"
VERDICT=${PIPESTATUS[0]}
set -e
echo "summary: $OUT/summary.txt"
exit "$VERDICT"
