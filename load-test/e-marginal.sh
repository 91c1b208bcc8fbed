#!/usr/bin/env bash
# Scenario e's marginal cost: the cluster's CPU per extra message, 1 node against 3 nodes.
#
#   load-test/e-marginal.sh [OUT_DIR]
#
# Runs scenario a's load (1,000 peers, 10 swarms, 5 offers every 5 s) and three times it (3,000
# peers) on 1 node (local backend), on 3 nodes (Hazelcast, local-first routing) and, as a
# control, on 3 independent nodes (local backend, no cluster): six measure-cluster.sh runs of
# about two minutes each. With scenario a's swarms every node holds far more members of each swarm
# than the 5 offers need, so the independent nodes relay exactly what the cluster relays, and the
# difference between the two 3-node slopes is what the cluster code costs per message; the rest
# of the difference to 1 node is three JVMs taking turns on shared cores. The slope between the two loads,
# (CPU at 3,000 - CPU at 1,000) / (messages at 3,000 - messages at 1,000), is the CPU each further
# message costs; the intercept is the fixed cost of the JVMs and the cluster. On a machine where
# the nodes share cores, this is what can be measured of "3 nodes sustain N x one node's rate":
# with a core per node, N = 3 x (1-node slope / 3-node slope), less the fixed costs
# (docs/benchmarks.md, "Cluster", gives the figures).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:-$ROOT/load-test/target/e-marginal-$(date +%Y%m%d-%H%M%S)}"
# A 30 s warm-up: with 10 s the JIT was still compiling at the window's start (a fresh node's
# announce p99 was 200 ms for the first 10 s of the window, and its compiler's CPU counted).
LOAD=(--swarms 10 --offers 5 --interval 5 --warmup 30 --duration 60 --ramp 500)
for peers in 1000 3000; do
  "$ROOT/load-test/measure-cluster.sh" 1 --backend local --label ours-1-node --scenario "e-$peers" \
    --out "$OUT/1-node-$peers" --peers "$peers" "${LOAD[@]}"
  "$ROOT/load-test/measure-cluster.sh" 3 --routing local-first --label ours-3-nodes --scenario "e-$peers" \
    --out "$OUT/3-nodes-$peers" --peers "$peers" "${LOAD[@]}"
  "$ROOT/load-test/measure-cluster.sh" 3 --backend local --label ours-3-independent --scenario "e-$peers" \
    --out "$OUT/3-independent-$peers" --peers "$peers" "${LOAD[@]}"
done
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
def run(name):
    m = json.load(open(f"{out}/{name}/measure.json"))["measure"]
    return m["tracker_cpu_s"], m["msgs"]
for nodes in ("1-node", "3-nodes", "3-independent"):
    (c1, m1), (c3, m3) = run(f"{nodes}-1000"), run(f"{nodes}-3000")
    slope = (c3 - c1) / (m3 - m1)
    print(f"{nodes}: {slope * 1e6:.1f} us per further message; fixed {c1 - slope * m1:.2f} CPU-s per window")
PY
echo "results in $OUT"
