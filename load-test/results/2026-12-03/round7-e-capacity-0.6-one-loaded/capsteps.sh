#!/usr/bin/env bash
# e-capacity.sh's steps, one by one: NODES:INTERVAL ... (0.6 core each, peers on node 1 only for 3 nodes)
set -u
cd /work/main
OUT=/work/main/load-test/target/round7-ecap-0.6
for step in "$@"; do
  nodes=${step%%:*} interval=${step#*:}
  rate=$(python3 -c "print(round(1000 * 17 / $interval))")
  if [[ $nodes == 1 ]]; then cfg=(--backend local --label ours-1-node); else cfg=(--routing local-first --loaded-nodes 1 --label ours-3-nodes-1-loaded); fi
  d=$OUT/$nodes-node-$rate-b
  TRACKER_JAR=/tmp/main-71b39ff.jar timeout 1800 load-test/measure-cluster.sh $nodes "${cfg[@]}" --cpu-limit 0.6 --scenario e-capacity-$rate \
    --out $d --peers 1000 --swarms 10 --offers 5 --interval $interval --ramp 500 --warmup 240 --duration 30 > $d.log 2>&1
  python3 - "$d/measure.json" "$nodes" "$rate" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); m, g = j["measure"], j["generator"]
interval = g["options"]["interval_s"]; asked = 1000 * 5 * 2 / interval * g["window_s"]
print(f"{sys.argv[2]} node(s) offered {sys.argv[3]}: carried {m['msgs']/g['window_s']:.0f} msgs/s, delivered {100*g['counts']['relayed']/asked:.1f} %, "
      f"p99 {g['latency_ms']['offer_to_answer']['p99']} ms, {m['us_per_msg_loaded']} us/msg (node cpu {m['node_cpu_s']}), throttled {m['throttled_pct']} %, "
      f"gen {g['generator_cpu_cores']} core, others {m['others_cpu_s']} s, broken {m['failures'] + m['unexpected_closes'] + (m['failed_to_open'] or 0)}", flush=True)
PY
done
