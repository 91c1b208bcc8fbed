#!/usr/bin/env bash
# Runs the relay load over N tracker nodes (separate JVMs on 127.0.0.1, joined by Hazelcast or
# by one redis-server this script starts) and prints the cluster's cost per message, the share of
# relays that crossed nodes and the latencies, so 1 node and 3 nodes, and the two backends, can be
# compared on the same load.
#
#   load-test/measure-cluster.sh NODES [--routing local-first|uniform] [--backend hazelcast|redis|local]
#                                [--generators G] [--label NAME] [--scenario NAME] [--out DIR]
#                                [--cpu-limit CORES] [--loaded-nodes K] [GENERATOR FLAG VALUE]...
#
# NODES 1 with --backend local is the single-node baseline; NODES > 1 with --backend local runs
# that many independent trackers (no cluster), a control for what N JVMs sharing the machine's
# cores cost without any cluster code (e-marginal.sh uses it). Peer i connects to node i mod NODES
# and joins swarm i mod --swarms, so every swarm spans every node. CPU is utime+stime of each
# node's /proc/<pid>/stat over the generator's measurement window, plus redis-server's with the
# redis backend (Hazelcast runs inside the nodes, so both totals are the whole cluster's cost);
# cross-node counts come from each node's /stats "cluster" totals. The redis-server binary is
# $REDIS_SERVER, else the one the build unpacks (tracker-service/target/redis/, made by
# `mvn -pl tracker-service dependency:unpack@redis-server-binary`), else redis-server on PATH.
# Processes are stopped by PID (SIGTERM, then SIGKILL). --node-flags "FLAGS" adds tracker flags to
# every node (e.g. the cluster.tls-* files, to measure TLS between nodes).
#
# --generators G splits --peers over G generator processes (peer numbers and source addresses
# disjoint: --first-peer, --first-source-address), because one process may hold at most 20,000
# open files here; the window is the first generator's, counts are summed over all of them, and
# latencies are the worst of the generators' percentiles. The figures also go to DIR/measure.json
# (tracker --label, default ours-N-nodes; --scenario), which compare.sh and plot.sh read.
#
# --cpu-limit CORES runs each node in a cgroup of its own (cgroup v1 cpu controller, so root)
# and, from the window's start, holds it to a CFS quota of CORES per 10 ms period, as
# Kubernetes' CPU limit does (its period is 100 ms; 10 ms here so the throttling itself adds at
# most ~10 ms to a message's latency). It gives each node a CPU budget of its own on a machine
# whose cores the nodes and generators share; e-capacity.sh uses it to find the message rate 1
# node and 3 nodes each sustain. The nodes start and warm up unlimited: a cold JVM's JIT
# compilation under a fifth of a core takes longer than any warm-up, and leaves a backlog that
# would be measured instead of the steady state. The share of periods in which the nodes were
# throttled is reported; the cgroups are removed at exit.
#
# --loaded-nodes K connects the peers to the first K nodes only; the others are members of the
# cluster with no viewers. With K = 1 the loaded node does what each node of a symmetric cluster
# does under local-first routing (every swarm has members enough on its own node, so nothing
# crosses), but it alone draws on the machine's cores: so its CPU budget can be as big as a
# node's on machines of its own, which three loaded nodes and the generator could not share here
# (e-capacity.sh --loaded-nodes 1). The CPU of each node is reported, and us_per_msg_loaded is the
# loaded nodes' CPU per message.
# Example:
#   load-test/measure-cluster.sh 3 --routing uniform --peers 1500 --swarms 10 --offers 5 --interval 5 --duration 60
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${TRACKER_JAR:-$ROOT/tracker-service/target/hivecast-tracker.jar}"
unset TRACKER_JAR # the nodes inherit the environment, and the tracker refuses TRACKER_* names it does not know
GEN_JAR="${LOAD_TEST_JAR:-$ROOT/load-test/target/hivecast-load-test.jar}"
CLK_TCK="$(getconf CLK_TCK)"
die() { echo "measure-cluster.sh: $*" >&2; exit 2; }

[[ $# -ge 1 && "$1" =~ ^[1-9]$ ]] || die "usage: measure-cluster.sh NODES(1-9) [--routing R] [--backend B] [--out DIR] [GENERATOR FLAGS]"
NODES="$1"; shift
NODE_FLAGS=() ROUTING=local-first BACKEND=hazelcast OUT="" GEN_ARGS=() GENERATORS=1 LABEL="" SCENARIO="" PEERS=1000 CPU_LIMIT="" LOADED="$NODES"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --node-flags) read -r -a NODE_FLAGS <<< "$2"; shift 2 ;;
    --routing) ROUTING="$2"; shift 2 ;;
    --backend) BACKEND="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --generators) GENERATORS="$2"; shift 2 ;;
    --label) LABEL="$2"; shift 2 ;;
    --scenario) SCENARIO="$2"; shift 2 ;;
    --peers) PEERS="$2"; shift 2 ;;
    --cpu-limit) CPU_LIMIT="$2"; shift 2 ;;
    --loaded-nodes) LOADED="$2"; shift 2 ;;
    --url|--mode|--first-peer|--first-source-address) die "$1 is set by measure-cluster.sh" ;;
    --*) [[ $# -ge 2 ]] || die "$1 needs a value"; GEN_ARGS+=("$1" "$2"); shift 2 ;;
    *) die "unexpected argument $1" ;;
  esac
done
[[ "$GENERATORS" =~ ^[1-9]$ ]] || die "--generators takes 1 to 9"
[[ "$PEERS" =~ ^[0-9]+$ ]] || die "--peers takes a whole number"
[[ "$LOADED" =~ ^[1-9]$ ]] && (( LOADED <= NODES )) || die "--loaded-nodes takes 1 to NODES ($NODES)"
(( PEERS % GENERATORS == 0 )) || die "--peers ($PEERS) must divide evenly over $GENERATORS generators"
PER_GEN=$((PEERS / GENERATORS))
(( PER_GEN <= 19000 )) || die "$PER_GEN peers per generator: at most 19,000 (use more --generators)"
SOURCES_PER_GEN=$(( (PER_GEN + 2499) / 2500 )) # the generator's own default (LoadOptions), made explicit
if [[ -z "$LABEL" ]]; then LABEL="ours-$NODES-node"; [[ $NODES -eq 1 ]] || LABEL+=s; fi
[[ -f "$JAR" && -f "$GEN_JAR" ]] || die "build first: mvn -q -B -pl load-test -am package -DskipTests"
OUT="${OUT:-$ROOT/load-test/target/measure/$(date +%Y%m%d-%H%M%S)-cluster-$NODES-$ROUTING}"
mkdir -p "$OUT"
# --networks writes its locality sites file beside measure.json unless told where (each generator
# writes the same file, atomically).
if [[ " ${GEN_ARGS[*]} " == *" --networks "* && " ${GEN_ARGS[*]} " != *" --sites-file "* ]]; then
  GEN_ARGS+=(--sites-file "$(realpath --relative-to=. "$OUT/networks.sites")")
fi

CGROUP_ROOT=/sys/fs/cgroup/cpu CGROUPS=() CFS_PERIOD_US=10000
if [[ -n "$CPU_LIMIT" ]]; then
  [[ "$CPU_LIMIT" =~ ^[0-9]*\.?[0-9]+$ ]] || die "--cpu-limit takes a number of cores, e.g. 0.25"
  [[ -w "$CGROUP_ROOT/cpu.cfs_quota_us" ]] || die "--cpu-limit needs a writable cgroup v1 cpu controller at $CGROUP_ROOT (root)"
  CPU_LIMIT="$(awk -v c="$CPU_LIMIT" 'BEGIN {printf "%g", c}')" # 0.3, not .3: it goes into the JSON
  QUOTA_US="$(awk -v c="$CPU_LIMIT" -v p="$CFS_PERIOD_US" 'BEGIN {printf "%d", c * p}')"
  (( QUOTA_US >= 1000 )) || die "--cpu-limit $CPU_LIMIT is below the kernel's 1 ms minimum quota"
fi
node_cgroup() { # I: a fresh cgroup for node I, unlimited until limit_nodes; prints its path
  local dir="$CGROUP_ROOT/hivecast-$$-node$1"
  mkdir "$dir" && echo "$CFS_PERIOD_US" > "$dir/cpu.cfs_period_us"
  printf '%s' "$dir"
}
limit_nodes() {
  local dir
  for dir in ${CGROUPS[@]+"${CGROUPS[@]}"}; do echo "$QUOTA_US" > "$dir/cpu.cfs_quota_us"; done
}
throttle_counts() { # periods and throttled periods so far, summed over the loaded nodes' cgroups
  local dir
  for dir in ${CGROUPS[@]+"${CGROUPS[@]:0:LOADED}"}; do cat "$dir/cpu.stat"; done \
    | awk '$1 == "nr_periods" {p += $2} $1 == "nr_throttled" {t += $2} END {print p + 0, t + 0}'
}

GEN_PIDS=()
# shellcheck source=cluster-nodes.sh
source "$ROOT/load-test/cluster-nodes.sh"
node_wrapper() { # the node joins its cgroup before java starts, so every thread is in it
  if [[ -n "$CPU_LIMIT" ]]; then
    CGROUPS+=("$(node_cgroup "$1")")
    NODE_WRAPPER=(bash -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "${CGROUPS[-1]}")
  fi
}
cleanup() {
  local pid
  for pid in ${GEN_PIDS[@]+"${GEN_PIDS[@]}"}; do kill -TERM "$pid" 2>/dev/null || true; done
  cluster_stop
  local dir
  for dir in ${CGROUPS[@]+"${CGROUPS[@]}"}; do rmdir "$dir" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cluster_start "$NODES" "$BACKEND" "$OUT" --cluster.offer-routing "$ROUTING" ${NODE_FLAGS[@]+"${NODE_FLAGS[@]}"}
echo "nodes: ${URLS[*]} (pids ${PIDS[*]}, routing $ROUTING, backend $BACKEND${CPU_LIMIT:+, $CPU_LIMIT cores each})"

ticks_of() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
node_ticks() { local pid; for pid in "${PIDS[@]}"; do printf '%s ' "$(ticks_of "$pid")"; done; }
cpu_ticks() { local sum=0 pid; for pid in "${PIDS[@]}" $REDIS_PID; do sum=$((sum + $(ticks_of "$pid"))); done; echo "$sum"; }
redis_ticks() { if [[ -n "$REDIS_PID" ]]; then ticks_of "$REDIS_PID"; else echo 0; fi; }
totals() { # all nodes' /stats summed: relayed, crossed (offers+answers sent to other nodes), the payloads they went in
  python3 - "${URLS[@]}" <<'PY'
import json, sys, urllib.request
relayed = crossed = payloads = 0
loopback = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
def stats(url):  # a starved node may answer late: 3 tries of 10 s, then give up
    for attempt in range(3):
        try:
            return json.load(loopback.open(url.replace("ws://", "http://") + "stats", timeout=10))
        except OSError:
            if attempt == 2:
                raise
for url in sys.argv[1:]:
    s = stats(url)
    t, c = s["totals"], s["cluster"].get("totals", {})
    relayed += t["offersRelayed"] + t["answersRelayed"]
    crossed += c.get("offersSent", 0) + c.get("answersSent", 0)
    payloads += c.get("payloadsSent", 0)  # 0 from builds before batching
print(relayed, crossed, payloads)
PY
}
URL_LIST="$(IFS=,; echo "${URLS[*]:0:LOADED}")"
# Several generators' windows start a few seconds apart (each after its own ramp), so each goes on
# signalling after its window (--linger) until every one has its result: otherwise the first to
# finish closes its 19,000 connections inside the others' windows, and their tails measure that
# close storm (a d3 run's p99 went from 4.3 ms to 1.1 s in its last seconds).
LINGER=()
(( GENERATORS == 1 )) || LINGER=(--linger 600)
generator() { # K: generator K of G, its own peers and source addresses
  exec timeout 3600 java -Xmx2g -jar "$GEN_JAR" --url "$URL_LIST" --mode relay "${GEN_ARGS[@]}" --peers "$PER_GEN" \
    --first-peer $(($1 * PER_GEN)) --first-source-address $(($1 * SOURCES_PER_GEN + 1)) --source-addresses "$SOURCES_PER_GEN" \
    ${LINGER[@]+"${LINGER[@]}"}
}
for ((k = 1; k < GENERATORS; k++)); do # the others run beside the first, which paces the window
  generator "$k" > "$OUT/generator$k.log" 2>&1 &
  GEN_PIDS+=($!)
done
S_NODE="" E_NODE="" S_CPU="" E_CPU="" S_RCPU=0 E_RCPU=0 S_TOT="" E_TOT="" RESULT="" S_BUSY=0 E_BUSY=0 S_THR="0 0" E_THR="0 0"
machine_busy_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; } # all processes
exec {GEN0_OUT}< <(generator 0 2>&1)
GEN_PIDS+=($!)
while IFS= read -r line <&"$GEN0_OUT"; do
  printf '%s\n' "$line" | tee -a "$OUT/generator.log"
  case "$line" in
    WINDOW-START*) # /stats first: asked under the quota, a throttled node may answer late
      S_TOT="$(totals)"; limit_nodes
      S_NODE="$(node_ticks)"; S_CPU="$(cpu_ticks)"; S_RCPU="$(redis_ticks)"; S_BUSY="$(machine_busy_ticks)"; S_THR="$(throttle_counts)" ;;
    WINDOW-END*) E_NODE="$(node_ticks)"; E_CPU="$(cpu_ticks)"; E_RCPU="$(redis_ticks)"; E_BUSY="$(machine_busy_ticks)"; E_THR="$(throttle_counts)"; E_TOT="$(totals)" ;;
    RESULT*) RESULT="$line" ;;
    '{"tool":"hivecast-load-test"'*) (( GENERATORS == 1 )) || break ;; # the rest is its linger
  esac
done
DRAIN_PID=""
if (( GENERATORS > 1 )); then # keep reading its linger, or it blocks on a full pipe
  cat <&"$GEN0_OUT" >> "$OUT/generator.log" &
  DRAIN_PID=$!
fi
exec {GEN0_OUT}<&-
[[ -n "$RESULT" && -n "$S_CPU" && -n "$E_CPU" ]] || die "no measurement window (see $OUT/generator.log)"
RESULTS=("$RESULT")
for ((k = 1; k < GENERATORS; k++)); do # bounded: each generator ends by itself after its window
  for ((t = 0; t < 1200; t++)); do grep -q '^{"tool":"hivecast-load-test"' "$OUT/generator$k.log" && break; sleep 0.5; done
  r="$(grep '^RESULT ' "$OUT/generator$k.log" | tail -1)" || true
  [[ -n "$r" ]] && RESULTS+=("$r") || echo "measure-cluster.sh: generator $k printed no RESULT (see $OUT/generator$k.log)" >&2
done
if (( GENERATORS > 1 )); then # every window is over: end the lingering generators
  for pid in "${GEN_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  await_exit "${GEN_PIDS[@]}"
  wait "$DRAIN_PID" || true # ends with the first generator's output
fi
field() { # KEY: summed over the generators' RESULT lines, or the largest for a latency
  printf '%s\n' "${RESULTS[@]}" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {
      if (k ~ /_ms$/) { if ($2 > v) v = $2 } else if (k == "window_s") { v = $2 } else v += $2 }
    END {print v + 0}'
}
read -r S_REL S_CROSS S_PAY <<< "$S_TOT"; read -r E_REL E_CROSS E_PAY <<< "$E_TOT"
CPU_S="$(awk -v a="$S_CPU" -v b="$E_CPU" -v t="$CLK_TCK" 'BEGIN {printf "%.2f", (b - a) / t}')"
REDIS_CPU_S="$(awk -v a="$S_RCPU" -v b="$E_RCPU" -v t="$CLK_TCK" 'BEGIN {printf "%.2f", (b - a) / t}')"
MSGS=$(( $(field sent) + $(field received) ))
# Each node's CPU in the window, and the loaded nodes' (all of them unless --loaded-nodes).
read -r -a S_NODE_T <<< "$S_NODE"; read -r -a E_NODE_T <<< "$E_NODE"
NODE_CPU=() LOADED_TICKS=0
for ((i = 0; i < NODES; i++)); do
  NODE_CPU+=("$(awk -v a="${S_NODE_T[$i]}" -v b="${E_NODE_T[$i]}" -v t="$CLK_TCK" 'BEGIN {printf "%.2f", (b - a) / t}')")
  (( i < LOADED )) && LOADED_TICKS=$((LOADED_TICKS + E_NODE_T[i] - S_NODE_T[i]))
done
LOADED_CPU_S="$(awk -v x="$LOADED_TICKS" -v t="$CLK_TCK" 'BEGIN {printf "%.2f", x / t}')"
REL=$((E_REL - S_REL)); CROSS=$((E_CROSS - S_CROSS)); PAYLOADS=$((E_PAY - S_PAY))
echo
echo "== measure-cluster.sh: $NODES node(s), backend $BACKEND, routing $ROUTING"
echo "window $(field window_s) s, peers $(field open); all nodes' CPU $CPU_S s (of which redis-server $REDIS_CPU_S s)"
echo "  each node's CPU: ${NODE_CPU[*]} s$( (( LOADED < NODES )) && echo " (peers on the first $LOADED only: $LOADED_CPU_S s, $(awk -v m="$MSGS" -v c="$LOADED_CPU_S" 'BEGIN {printf "%.2f", (m > 0 ? 1e6 * c / m : -1)}') us per message)")"
echo "  messages in+out per CPU-second:  $(awk -v m="$MSGS" -v c="$CPU_S" 'BEGIN {printf "%.0f", m / c}') ($MSGS messages)"
echo "  relays (offers+answers) crossing nodes: $CROSS of $REL ($(awk -v x="$CROSS" -v r="$REL" 'BEGIN {printf "%.1f", r ? 100 * x / r : 0}') %), in $PAYLOADS payloads between nodes"
echo "  announce RTT p50/p99 ms:         $(field rtt_p50_ms) / $(field rtt_p99_ms)"
echo "  offer->answer back p50/p99 ms:   $(field o2a_p50_ms) / $(field o2a_p99_ms)"
echo "  failures $(field failures), unexpected closes $(field unexpected_closes), answers unmatched $(field answers_unmatched)"
# The machine is shared: what processes other than the nodes and the generators used meanwhile.
OTHERS_S="$(awk -v b="$((E_BUSY - S_BUSY - (E_CPU - S_CPU)))" -v t="$CLK_TCK" -v g="$(field gen_cpu_s)" 'BEGIN {printf "%.2f", b / t - g}')"
echo "  other processes' CPU in the window: $OTHERS_S s (a large value means a noisy run)"
[[ $GENERATORS -gt 1 ]] && echo "  ($GENERATORS generators: counts summed, latencies the worst generator's)"
read -r S_PERIODS S_THROTTLED <<< "$S_THR"; read -r E_PERIODS E_THROTTLED <<< "$E_THR"
THROTTLED_PCT="$(awk -v p="$((E_PERIODS - S_PERIODS))" -v t="$((E_THROTTLED - S_THROTTLED))" 'BEGIN {printf "%.1f", p ? 100 * t / p : 0}')"
[[ -n "$CPU_LIMIT" ]] && echo "  CPU limit $CPU_LIMIT cores per node from the window's start; throttled in $THROTTLED_PCT % of the nodes' busy 10 ms periods"
printf 'MEASURE-CLUSTER nodes=%s backend=%s routing=%s cpu_s=%s redis_cpu_s=%s msgs=%s msgs_per_cpu_s=%s relayed=%s crossed=%s rtt_p50_ms=%s rtt_p99_ms=%s o2a_p50_ms=%s o2a_p99_ms=%s gen_cpu_s=%s others_cpu_s=%s\n' \
  "$NODES" "$BACKEND" "$ROUTING" "$CPU_S" "$REDIS_CPU_S" "$MSGS" "$(awk -v m="$MSGS" -v c="$CPU_S" 'BEGIN {printf "%.0f", m / c}')" "$REL" "$CROSS" \
  "$(field rtt_p50_ms)" "$(field rtt_p99_ms)" "$(field o2a_p50_ms)" "$(field o2a_p99_ms)" "$(field gen_cpu_s)" "$OTHERS_S"
json_num() { [[ "$1" =~ ^-?[0-9]+(\.[0-9]+)?$ ]] && printf '%s' "$1" || printf 'null'; }
GEN_JSON="$(grep '^{"tool":"hivecast-load-test"' "$OUT/generator.log" | tail -1)" || true
printf '{"tool":"measure-cluster.sh","mode":"relay","tracker":"%s","scenario":"%s","command":"%s node(s), backend %s, routing %s, %s generator(s)","date":"%s","machine":"%s","measure":{"nodes":%s,"generators":%s,"peers":%s,"window_s":%s,"tracker_cpu_s":%s,"redis_cpu_s":%s,"msgs":%s,"msgs_per_cpu_s":%s,"us_per_msg":%s,"us_per_relayed":%s,"relayed":%s,"crossed":%s,"crossing_payloads":%s,"failures":%s,"unexpected_closes":%s,"failed_to_open":%s,"gen_cpu_s":%s,"others_cpu_s":%s,"cpu_limit_cores":%s,"throttled_pct":%s,"loaded_nodes":%s,"node_cpu_s":[%s],"loaded_cpu_s":%s,"us_per_msg_loaded":%s},"generator":%s}\n' \
  "$LABEL" "$SCENARIO" "$NODES" "$BACKEND" "$ROUTING" "$GENERATORS" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)" \
  "$NODES" "$GENERATORS" "$(json_num "$(field open)")" "$(json_num "$(field window_s)")" "$(json_num "$CPU_S")" "$(json_num "$REDIS_CPU_S")" \
  "$MSGS" "$(json_num "$(awk -v m="$MSGS" -v c="$CPU_S" 'BEGIN {printf "%.0f", (c > 0 ? m / c : -1)}')")" \
  "$(json_num "$(awk -v m="$MSGS" -v c="$CPU_S" 'BEGIN {printf "%.2f", (m > 0 ? 1e6 * c / m : -1)}')")" \
  "$(json_num "$(awk -v r="$REL" -v c="$CPU_S" 'BEGIN {printf "%.2f", (r > 0 ? 1e6 * c / r : -1)}')")" \
  "$REL" "$CROSS" "$PAYLOADS" "$(json_num "$(field failures)")" "$(json_num "$(field unexpected_closes)")" "$(json_num "$(field failed)")" "$(json_num "$(field gen_cpu_s)")" \
  "$(json_num "$OTHERS_S")" "$(json_num "$CPU_LIMIT")" "$(json_num "${CPU_LIMIT:+$THROTTLED_PCT}")" \
  "$LOADED" "$(IFS=,; echo "${NODE_CPU[*]}")" "$(json_num "$LOADED_CPU_S")" \
  "$(json_num "$(awk -v m="$MSGS" -v c="$LOADED_CPU_S" 'BEGIN {printf "%.2f", (m > 0 ? 1e6 * c / m : -1)}')")" "${GEN_JSON:-null}" > "$OUT/measure.json"
echo "measure.json: $OUT/measure.json"
