#!/usr/bin/env bash
# Runs the relay load over N tracker nodes (separate JVMs on 127.0.0.1, joined by Hazelcast or
# by one redis-server this script starts) and prints the cluster's cost per message, the share of
# relays that crossed nodes and the latencies, so 1 node and 3 nodes, and the two backends, can be
# compared on the same load.
#
#   load-test/measure-cluster.sh NODES [--routing local-first|uniform] [--backend hazelcast|redis|local]
#                                [--out DIR] [GENERATOR FLAG VALUE]...
#
# NODES 1 with --backend local is the single-node baseline. Peer i connects to node i mod NODES
# and joins swarm i mod --swarms, so every swarm spans every node. CPU is utime+stime of each
# node's /proc/<pid>/stat over the generator's measurement window, plus redis-server's with the
# redis backend (Hazelcast runs inside the nodes, so both totals are the whole cluster's cost);
# cross-node counts come from each node's /stats "cluster" totals. The redis-server binary is
# $REDIS_SERVER, else the one the build unpacks (tracker-service/target/redis/, made by
# `mvn -pl tracker-service dependency:unpack@redis-server-binary`), else redis-server on PATH.
# Processes are stopped by PID (SIGTERM, then SIGKILL).
# Example:
#   load-test/measure-cluster.sh 3 --routing uniform --peers 1500 --swarms 10 --offers 5 --interval 5 --duration 60
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${TRACKER_JAR:-$ROOT/tracker-service/target/hivecast-tracker.jar}"
GEN_JAR="${LOAD_TEST_JAR:-$ROOT/load-test/target/hivecast-load-test.jar}"
CLK_TCK="$(getconf CLK_TCK)"
die() { echo "measure-cluster.sh: $*" >&2; exit 2; }

[[ $# -ge 1 && "$1" =~ ^[1-9]$ ]] || die "usage: measure-cluster.sh NODES(1-9) [--routing R] [--backend B] [--out DIR] [GENERATOR FLAGS]"
NODES="$1"; shift
ROUTING=local-first BACKEND=hazelcast OUT="" GEN_ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --routing) ROUTING="$2"; shift 2 ;;
    --backend) BACKEND="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --url|--mode) die "$1 is set by measure-cluster.sh" ;;
    --*) [[ $# -ge 2 ]] || die "$1 needs a value"; GEN_ARGS+=("$1" "$2"); shift 2 ;;
    *) die "unexpected argument $1" ;;
  esac
done
[[ "$BACKEND" != local || "$NODES" == 1 ]] || die "several nodes need --backend hazelcast or redis"
[[ -f "$JAR" && -f "$GEN_JAR" ]] || die "build first: mvn -q -B -pl load-test -am package -DskipTests"
OUT="${OUT:-$ROOT/load-test/target/measure/$(date +%Y%m%d-%H%M%S)-cluster-$NODES-$ROUTING}"
mkdir -p "$OUT"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PIDS=() URLS=() HZ=() REDIS_PID=""
for ((i = 0; i < NODES; i++)); do HZ+=("$(free_port)"); done
MEMBERS="$(printf '127.0.0.1:%s,' "${HZ[@]}")"; MEMBERS="${MEMBERS%,}"
await_exit() { # SIGKILL whatever is still running 20 s after SIGTERM
  local pid
  for pid in "$@"; do
    for ((t = 0; t < 200; t++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  await_exit "${PIDS[@]}"
  if [[ -n "$REDIS_PID" ]]; then kill -TERM "$REDIS_PID" 2>/dev/null || true; await_exit "$REDIS_PID"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

BACKEND_FLAGS=()
if [[ "$BACKEND" == redis ]]; then
  REDIS_BIN="${REDIS_SERVER:-$ROOT/tracker-service/target/redis/redis-server-6.2.6-v5-linux-amd64}"
  [[ -x "$REDIS_BIN" ]] || REDIS_BIN="$(command -v redis-server || true)"
  [[ -n "$REDIS_BIN" && -x "$REDIS_BIN" ]] || die "no redis-server: set REDIS_SERVER, or run mvn -pl tracker-service dependency:unpack@redis-server-binary"
  REDIS_PORT="$(free_port)"
  "$REDIS_BIN" --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$OUT" > "$OUT/redis.log" 2>&1 &
  REDIS_PID=$!
  for ((t = 0; t < 100; t++)); do grep -q "Ready to accept connections" "$OUT/redis.log" && break; sleep 0.1; done
  grep -q "Ready to accept connections" "$OUT/redis.log" || die "redis-server did not start (see $OUT/redis.log)"
  BACKEND_FLAGS=(--cluster.redis-url "redis://127.0.0.1:$REDIS_PORT")
fi
for ((i = 0; i < NODES; i++)); do
  [[ "$BACKEND" == redis ]] || BACKEND_FLAGS=(--cluster.host 127.0.0.1 --cluster.port "${HZ[$i]}" --cluster.members "$MEMBERS")
  java -Xmx1g -jar "$JAR" --host 127.0.0.1 --port 0 --event-loops 1 --drain.window 0 \
    --cluster.backend "$BACKEND" "${BACKEND_FLAGS[@]}" --cluster.offer-routing "$ROUTING" > "$OUT/node$i.log" 2>&1 &
  PIDS+=($!)
done
for ((i = 0; i < NODES; i++)); do
  url=""
  for ((t = 0; t < 600; t++)); do
    url="$(grep -o 'Players announce to ws://127\.0\.0\.1:[0-9]*/' "$OUT/node$i.log" | head -1 | sed 's/^Players announce to //')" || true
    [[ -z "$url" ]] || break
    kill -0 "${PIDS[$i]}" 2>/dev/null || die "node $i exited (see $OUT/node$i.log)"
    sleep 0.1
  done
  [[ -n "$url" ]] || die "node $i not ready within 60 s"
  URLS+=("$url")
done
http_of() { printf '%s' "${1/ws:\/\//http://}"; }
live() { curl --noproxy '*' -sf --max-time 3 "$(http_of "$1")stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["cluster"].get("liveNodes", 1))' || echo 0; }
if [[ "$BACKEND" != local ]]; then
  for ((t = 0; t < 300; t++)); do
    ok=1; for u in "${URLS[@]}"; do [[ "$(live "$u")" == "$NODES" ]] || ok=0; done
    [[ $ok -eq 1 ]] && break; sleep 0.1
  done
  [[ $ok -eq 1 ]] || die "the cluster did not form within 30 s"
fi
echo "nodes: ${URLS[*]} (pids ${PIDS[*]}, routing $ROUTING, backend $BACKEND)"

ticks_of() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
cpu_ticks() { local sum=0 pid; for pid in "${PIDS[@]}" $REDIS_PID; do sum=$((sum + $(ticks_of "$pid"))); done; echo "$sum"; }
machine_busy_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; } # all processes
redis_ticks() { if [[ -n "$REDIS_PID" ]]; then ticks_of "$REDIS_PID"; else echo 0; fi; }
totals() { # all nodes' /stats summed: relayed, crossed (offers+answers this node sent to others)
  python3 - "${URLS[@]}" <<'PY'
import json, sys, urllib.request
relayed = crossed = 0
loopback = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
for url in sys.argv[1:]:
    s = json.load(loopback.open(url.replace("ws://", "http://") + "stats", timeout=3))
    t, c = s["totals"], s["cluster"].get("totals", {})
    relayed += t["offersRelayed"] + t["answersRelayed"]
    crossed += c.get("offersSent", 0) + c.get("answersSent", 0)
print(relayed, crossed)
PY
}
URL_LIST="$(IFS=,; echo "${URLS[*]}")"
S_CPU="" E_CPU="" S_RCPU=0 E_RCPU=0 S_BUSY=0 E_BUSY=0 S_TOT="" E_TOT="" RESULT=""
while IFS= read -r line; do
  printf '%s\n' "$line" | tee -a "$OUT/generator.log"
  case "$line" in
    WINDOW-START*) S_CPU="$(cpu_ticks)"; S_RCPU="$(redis_ticks)"; S_BUSY="$(machine_busy_ticks)"; S_TOT="$(totals)" ;;
    WINDOW-END*) E_CPU="$(cpu_ticks)"; E_RCPU="$(redis_ticks)"; E_BUSY="$(machine_busy_ticks)"; E_TOT="$(totals)" ;;
    RESULT*) RESULT="$line" ;;
  esac
done < <(timeout 3600 java -Xmx2g -jar "$GEN_JAR" --url "$URL_LIST" --mode relay "${GEN_ARGS[@]}" 2>&1)
[[ -n "$RESULT" && -n "$S_CPU" && -n "$E_CPU" ]] || die "no measurement window (see $OUT/generator.log)"
field() { printf '%s\n' "$RESULT" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
read -r S_REL S_CROSS <<< "$S_TOT"; read -r E_REL E_CROSS <<< "$E_TOT"
CPU_S="$(awk -v a="$S_CPU" -v b="$E_CPU" -v t="$CLK_TCK" 'BEGIN {printf "%.2f", (b - a) / t}')"
REDIS_CPU_S="$(awk -v a="$S_RCPU" -v b="$E_RCPU" -v t="$CLK_TCK" 'BEGIN {printf "%.2f", (b - a) / t}')"
MSGS=$(( $(field sent) + $(field received) ))
# CPU the rest of the machine used in the window: a large value marks a noisy run.
OTHERS_CPU_S="$(awk -v a="$S_BUSY" -v b="$E_BUSY" -v t="$CLK_TCK" -v c="$CPU_S" -v g="$(field gen_cpu_s)" \
  'BEGIN {o = (b - a) / t - c - g; printf "%.2f", o < 0 ? 0 : o}')"
REL=$((E_REL - S_REL)); CROSS=$((E_CROSS - S_CROSS))
echo
echo "== measure-cluster.sh: $NODES node(s), backend $BACKEND, routing $ROUTING"
echo "window $(field window_s) s, peers $(field open); all nodes' CPU $CPU_S s (of which redis-server $REDIS_CPU_S s)"
echo "  messages in+out per CPU-second:  $(awk -v m="$MSGS" -v c="$CPU_S" 'BEGIN {printf "%.0f", m / c}') ($MSGS messages)"
echo "  relays (offers+answers) crossing nodes: $CROSS of $REL ($(awk -v x="$CROSS" -v r="$REL" 'BEGIN {printf "%.1f", r ? 100 * x / r : 0}') %)"
echo "  announce RTT p50/p99 ms:         $(field rtt_p50_ms) / $(field rtt_p99_ms)"
echo "  offer->answer back p50/p99 ms:   $(field o2a_p50_ms) / $(field o2a_p99_ms)"
echo "  failures $(field failures), unexpected closes $(field unexpected_closes), answers unmatched $(field answers_unmatched)"
echo "  CPU of the generator $(field gen_cpu_s) s, of everything else on the machine $OTHERS_CPU_S s"
printf 'MEASURE-CLUSTER nodes=%s backend=%s routing=%s cpu_s=%s redis_cpu_s=%s msgs=%s msgs_per_cpu_s=%s relayed=%s crossed=%s rtt_p50_ms=%s rtt_p99_ms=%s o2a_p50_ms=%s o2a_p99_ms=%s gen_cpu_s=%s others_cpu_s=%s\n' \
  "$NODES" "$BACKEND" "$ROUTING" "$CPU_S" "$REDIS_CPU_S" "$MSGS" "$(awk -v m="$MSGS" -v c="$CPU_S" 'BEGIN {printf "%.0f", m / c}')" "$REL" "$CROSS" \
  "$(field rtt_p50_ms)" "$(field rtt_p99_ms)" "$(field o2a_p50_ms)" "$(field o2a_p99_ms)" "$(field gen_cpu_s)" "$OTHERS_CPU_S"
