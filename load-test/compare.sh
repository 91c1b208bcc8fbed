#!/usr/bin/env bash
# Runs the standard scenarios side by side: the same load, one tracker after another, against
# our tracker and the reference bittorrent-tracker 11.2.3 (as shipped, and with its per-swarm
# peer cap raised), then prints every figure and the ratios ours / reference, and writes the
# JSON results and a PNG plot.
#
#   load-test/compare.sh SCENARIO... [--trackers LIST] [--out DIR] [--peers-cache-length N]
#                        [--ours "COMMAND"] [GENERATOR FLAG VALUE]...
#
#   SCENARIO   a  1,000 peers in 10 swarms, 5 offers per announce every 5 s, 60 s window
#              b  10,000 mostly idle peers in 100 swarms, 5 offers every 30 s; then the same
#                 10,000 peers fully idle (one announce, no offers: "b-idle"), whose RSS and
#                 live heap per peer are the memory per connection
#              b-idle  that idle half alone
#              c  one swarm of 5,000 peers, 5 offers every 10 s
#              d  19,000 peers (one process may hold 20,000 open files here) in 100 swarms at
#                 P2P Media Loader's rate, 5 offers every 120 s; heavy: ~8 minutes per tracker
#              e  the cluster: scenario a's load on 1 node (local backend), then on 3 nodes
#                 (Hazelcast) with local-first and with uniform offer routing (the latter
#                 relays across nodes), peer i on node i mod 3, with measure-cluster.sh; ours only
#              h  heavy: 1,000 peers in 10 swarms, 5 offers every 0.5 s (~34,000 msgs/s), for the
#                 "at most 20 us per message at 20k+ msgs/s" target; saturates 2 shared cores
#              d3 the cluster at its limit: 3 nodes x 19,000 peers driven by 3 generator
#                 processes (measure-cluster.sh --generators 3); ours only; heavy
#   --trackers LIST   for a, b, c, d and h: any of ours,reference,reference-pcl; default all three.
#                     reference-pcl is the reference with --peers-cache-length (its swarms
#                     otherwise keep at most 1000 peers, evicting the rest as `stopped`)
#   --peers-cache-length N   the raised cap; default 1000000
#   --ours "COMMAND"  how to start our tracker; default measure.sh's
#                     (java -jar tracker-service/target/hivecast-tracker.jar --host 127.0.0.1 --port 0)
#   --out DIR         default load-test/target/compare/<UTC time>
#   --tag TEXT        appended to the scenario names in the results ("a+zipf"), for runs whose
#                     extra generator flags make them a variant of the standard scenario
#   any other --flag VALUE goes to the generator after the scenario's own flags, so it wins:
#                     compare.sh a --duration 30, compare.sh c --popularity zipf --swarms 50
#
# Each run is one measure.sh (or measure-cluster.sh) call with its own folder under DIR
# (logs, class histograms, measure.json); DIR/compare.json holds every run and the ratios,
# DIR/compare.png the plot (load-test/plot.sh redraws it from any set of folders). The reference
# is installed from npm into load-test/.reference (git-ignored) on first use. Runs are
# sequential, so the trackers never share the CPU with each other; the machine may still be
# shared with other work: each run's others_cpu_s says how much.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
GEN_JAR="${LOAD_TEST_JAR:-$ROOT/load-test/target/hivecast-load-test.jar}"
REF_DIR="$ROOT/load-test/.reference"
REF_VERSION=11.2.3
die() { echo "compare.sh: $*" >&2; exit 2; }

SCENARIOS=() TRACKERS=ours,reference,reference-pcl PCL=1000000 OURS="" OUT="" EXTRA=() TAG=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    a|b|b-idle|c|d|e|d3|h) SCENARIOS+=("$1"); shift ;;
    --trackers) TRACKERS="$2"; shift 2 ;;
    --peers-cache-length) PCL="$2"; shift 2 ;;
    --ours) OURS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --tag) TAG="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --url|--mode) die "$1 is set by the scenario" ;;
    --*) [[ $# -ge 2 ]] || die "$1 needs a value"; EXTRA+=("$1" "$2"); shift 2 ;;
    *) die "unknown scenario or argument $1 (scenarios: a b b-idle c d e d3 h; see --help)" ;;
  esac
done
[[ ${#SCENARIOS[@]} -gt 0 ]] || die "name at least one scenario: a b c d e d3 h (see --help)"
[[ -f "$GEN_JAR" && -f "$ROOT/tracker-service/target/hivecast-tracker.jar" ]] \
  || die "build first: mvn -q -B -pl load-test -am package -DskipTests"
OUT="${OUT:-$ROOT/load-test/target/compare/$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"

# Ramps are slow enough for the reference to take every peer in (at 1,000/s it left 254 of
# 10,000 connections unopened in scenario b, and its announce p99 stayed near a second for the
# whole window): the window measures the steady state, not who survives the ramp.
scenario_flags() { # the generator flags of one scenario
  case "$1" in
    a|e) echo --mode relay --peers 1000 --swarms 10 --offers 5 --interval 5 --warmup 10 --duration 60 ;;
    h) echo --mode relay --peers 1000 --swarms 10 --offers 5 --interval 0.5 --warmup 10 --duration 60 ;;
    b) echo --mode relay --peers 10000 --swarms 100 --offers 5 --interval 30 --ramp 250 --warmup 30 --duration 60 ;;
    b-idle) echo --mode idle --peers 10000 --swarms 100 --ramp 250 ;;
    c) echo --mode relay --peers 5000 --swarms 1 --offers 5 --interval 10 --ramp 250 --warmup 20 --duration 60 ;;
    d) echo --mode relay --peers 19000 --swarms 100 --offers 5 --interval 120 --ramp 250 --warmup 120 --duration 240 ;;
    # --ramp is per generator: 3 x 83/s is d's 250 new connections a second in all. At 3 x 250/s
    # six JVMs warming up on 2 cores starved, and 12,141 of one generator's connections timed out.
    d3) echo --peers 57000 --swarms 100 --offers 5 --interval 120 --ramp 83 --warmup 120 --duration 240 ;;
  esac
}

ensure_reference() { # bittorrent-tracker $REF_VERSION from npm into the git-ignored $REF_DIR
  local have=""
  have="$(node -p "require('$REF_DIR/node_modules/bittorrent-tracker/package.json').version" 2>/dev/null || true)"
  [[ "$have" == "$REF_VERSION" ]] && return 0
  echo "installing bittorrent-tracker@$REF_VERSION from npm into $REF_DIR"
  mkdir -p "$REF_DIR"
  printf '{\n  "private": true,\n  "dependencies": { "bittorrent-tracker": "%s" }\n}\n' "$REF_VERSION" > "$REF_DIR/package.json"
  # --ignore-scripts: no native builds (ws falls back to JS, as the interop suite runs it);
  # --omit=optional: the server never loads the client's WebRTC binaries.
  timeout 600 npm install --prefix "$REF_DIR" --ignore-scripts --omit=optional --no-audit --no-fund --loglevel=error \
    || die "npm install bittorrent-tracker@$REF_VERSION failed"
}

run_single() { # SCENARIO TRACKER: one measure.sh run
  local scenario="$1" tracker="$2" cmd=()
  case "$tracker" in
    ours) if [[ -n "$OURS" ]]; then read -r -a cmd <<< "$OURS"; fi ;;
    reference) ensure_reference; cmd=(node "$ROOT/load-test/reference-tracker.mjs") ;;
    reference-pcl) ensure_reference; cmd=(node "$ROOT/load-test/reference-tracker.mjs" --peers-cache-length "$PCL") ;;
    *) die "unknown tracker $tracker (ours, reference, reference-pcl)" ;;
  esac
  local flags; read -r -a flags <<< "$(scenario_flags "$scenario")"
  local mode="${flags[1]}"
  echo
  echo "=== scenario $scenario, $tracker"
  "$ROOT/load-test/measure.sh" "$mode" --label "$tracker" --scenario "$scenario$TAG" --out "$OUT/$scenario-$tracker" \
    "${flags[@]:2}" "${EXTRA[@]}" ${cmd[@]+-- "${cmd[@]}"} || echo "compare.sh: scenario $scenario, $tracker failed (see $OUT/$scenario-$tracker)" >&2
}

run_cluster() { # SCENARIO: 1 node against 3 (e), or 3 nodes at the per-process limit (d3)
  local scenario="$1" flags; read -r -a flags <<< "$(scenario_flags "$scenario")"
  if [[ "$scenario" == e ]]; then
    echo; echo "=== scenario e, 1 node (local backend)"
    "$ROOT/load-test/measure-cluster.sh" 1 --backend local --label ours-1-node --scenario "e$TAG" --out "$OUT/e-1-node" \
      "${flags[@]:2}" "${EXTRA[@]}" || echo "compare.sh: scenario e, 1 node failed" >&2
    echo; echo "=== scenario e, 3 nodes (hazelcast, local-first routing)"
    "$ROOT/load-test/measure-cluster.sh" 3 --routing local-first --label ours-3-nodes --scenario "e$TAG" --out "$OUT/e-3-nodes" \
      "${flags[@]:2}" "${EXTRA[@]}" || echo "compare.sh: scenario e, 3 nodes failed" >&2
    # local-first keeps offers on the announcer's node while it has enough members there, which
    # every swarm of scenario a has: uniform routing is the run that measures cross-node relays.
    echo; echo "=== scenario e, 3 nodes (hazelcast, uniform routing)"
    "$ROOT/load-test/measure-cluster.sh" 3 --routing uniform --label ours-3-nodes-uniform --scenario "e$TAG" --out "$OUT/e-3-nodes-uniform" \
      "${flags[@]:2}" "${EXTRA[@]}" || echo "compare.sh: scenario e, 3 nodes uniform failed" >&2
  else
    echo; echo "=== scenario d3, 3 nodes, 3 generators"
    "$ROOT/load-test/measure-cluster.sh" 3 --routing local-first --generators 3 --label ours-3-nodes --scenario "d3$TAG" \
      --out "$OUT/d3-3-nodes" "${flags[@]}" "${EXTRA[@]}" || echo "compare.sh: scenario d3 failed" >&2
  fi
}

echo "compare.sh: scenarios ${SCENARIOS[*]}, trackers $TRACKERS, results in $OUT"
IFS=, read -r -a TRACKER_LIST <<< "$TRACKERS"
for scenario in "${SCENARIOS[@]}"; do
  case "$scenario" in
    e|d3) run_cluster "$scenario" ;;
    b) for tracker in "${TRACKER_LIST[@]}"; do run_single b "$tracker"; run_single b-idle "$tracker"; done ;;
    *) for tracker in "${TRACKER_LIST[@]}"; do run_single "$scenario" "$tracker"; done ;;
  esac
done

echo
echo "=== side by side ($OUT)"
# Run from the folder itself, so compare.json names its runs relative to it (./a-ours/measure.json):
# the folder can be kept as results without any machine's paths in it.
GEN_JAR="$(cd "$(dirname "$GEN_JAR")" && pwd)/$(basename "$GEN_JAR")"
(cd "$OUT" && java -cp "$GEN_JAR" dev.hivecast.loadtest.ResultsReport table --json compare.json .)
(cd "$OUT" && java -cp "$GEN_JAR" dev.hivecast.loadtest.ResultsReport plot --png compare.png \
  --title "Hivecast vs bittorrent-tracker $REF_VERSION, scenarios ${SCENARIOS[*]} ($(date -u +%Y-%m-%d))" .) \
  || echo "compare.sh: no plot (idle runs relay nothing to plot)" >&2
