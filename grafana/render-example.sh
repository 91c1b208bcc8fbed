#!/usr/bin/env bash
# Renders grafana/overview-example.svg, the picture in docs/metrics.md of the overview dashboard, from real
# data: the tracker jar, a Prometheus 2.42 scraping its admin port every 2 s, and two waves of the
# load-test generator's players (one arriving over ~2 minutes, a second joining and leaving).
# Everything on 127.0.0.1, stopped by PID. Needs: mvn -q -B -pl load-test -am package -DskipTests
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
ADMIN="$(free_port)"; PROM="$(free_port)"

java -jar "$ROOT/tracker-service/target/hivecast-tracker.jar" --host 127.0.0.1 --port 0 --admin.port "$ADMIN" \
  >"$OUT/tracker.log" 2>&1 & PIDS+=($!)
URL=""
for _ in $(seq 1 60); do
  URL="$(grep -o 'ws://127\.0\.0\.1:[0-9]*/' "$OUT/tracker.log" | head -1 || true)"
  [[ -n "$URL" ]] && break; sleep 1
done
[[ -n "$URL" ]] || { echo "tracker did not start (see $OUT/tracker.log)" >&2; exit 1; }

cat >"$OUT/prometheus.yml" <<YAML
global: {scrape_interval: 2s, evaluation_interval: 2s}
scrape_configs:
  - job_name: hivecast
    static_configs:
      - targets: ['127.0.0.1:$ADMIN']
        labels: {namespace: live, pod: tracker-0}
YAML
prometheus --config.file="$OUT/prometheus.yml" --storage.tsdb.path="$OUT/data" \
  --web.listen-address="127.0.0.1:$PROM" --log.level=warn >"$OUT/prometheus.log" 2>&1 & PIDS+=($!)

START="$(date +%s)"
GEN=(java -Xmx512m -jar "$ROOT/load-test/target/hivecast-load-test.jar" --url "$URL" --mode relay --offers 3 --interval 5)
"${GEN[@]}" --peers 400 --swarms 4 --ramp 4 --warmup 0 --duration 130 >"$OUT/wave1.log" 2>&1 & W1=$!; PIDS+=($W1)
sleep 60
"${GEN[@]}" --peers 200 --swarms 4 --ramp 20 --warmup 0 --duration 40 >"$OUT/wave2.log" 2>&1 & W2=$!; PIDS+=($W2)
wait "$W1" "$W2" || true
sleep 20
END="$(date +%s)"
python3 "$ROOT/grafana/plot_example.py" "http://127.0.0.1:$PROM" "$START" "$END" "$ROOT/grafana/overview-example.svg"
echo "wrote grafana/overview-example.svg ($((END - START)) s of data, $START..$END; logs and data in $OUT)"
