# Sourced by measure-cluster.sh and soak.sh: starts N tracker nodes on 127.0.0.1 joined by
# Hazelcast or by one redis-server it starts (or N independent trackers with backend local),
# waits until they are ready and form one cluster, and stops them by PID. Not run on its own.
#
# The caller sets JAR (the tracker jar) and ROOT, and may define node_wrapper I, which prints
# nothing and sets the array NODE_WRAPPER to a command prefix for node I (measure-cluster.sh puts
# a node into its cgroup that way), NODE_JAVA_OPTS (default -Xmx1g) and START_SECONDS, how long a
# node may take to start, its cluster join included (default 60; pass the tracker a
# --cluster.join-timeout as long: on a machine shared with busy neighbours joining took minutes).
# After cluster_start: PIDS (node PIDs), URLS (their ws:// announce URLs), REDIS_PID.

PIDS=() URLS=() HZ=() REDIS_PID="" NODE_WRAPPER=()
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
await_exit() { # SIGKILL whatever is still running 20 s after SIGTERM
  local pid
  for pid in "$@"; do
    for ((t = 0; t < 200; t++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
http_of() { printf '%s' "${1/ws:\/\//http://}"; }

# NODES BACKEND OUT [TRACKER FLAG]...: starts the nodes (logs OUT/nodeI.log) and, with redis, the server.
cluster_start() {
  local nodes="$1" backend="$2" out="$3"; shift 3
  local i t url ok backend_flags=() members
  for ((i = 0; i < nodes; i++)); do HZ+=("$(free_port)"); done
  members="$(printf '127.0.0.1:%s,' "${HZ[@]}")"; members="${members%,}"
  if [[ "$backend" == redis ]]; then
    local redis_bin="${REDIS_SERVER:-$ROOT/tracker-service/target/redis/redis-server-6.2.6-v5-linux-amd64}" redis_port
    [[ -x "$redis_bin" ]] || redis_bin="$(command -v redis-server || true)"
    [[ -n "$redis_bin" && -x "$redis_bin" ]] || die "no redis-server: set REDIS_SERVER, or run mvn -pl tracker-service dependency:unpack@redis-server-binary"
    redis_port="$(free_port)"
    "$redis_bin" --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$out" > "$out/redis.log" 2>&1 &
    REDIS_PID=$!
    for ((t = 0; t < 100; t++)); do grep -q "Ready to accept connections" "$out/redis.log" && break; sleep 0.1; done
    grep -q "Ready to accept connections" "$out/redis.log" || die "redis-server did not start (see $out/redis.log)"
    backend_flags=(--cluster.redis-url "redis://127.0.0.1:$redis_port")
  fi
  for ((i = 0; i < nodes; i++)); do
    [[ "$backend" == redis ]] || backend_flags=(--cluster.host 127.0.0.1 --cluster.port "${HZ[$i]}" --cluster.members "$members")
    NODE_WRAPPER=()
    if declare -F node_wrapper > /dev/null; then node_wrapper "$i"; fi
    # shellcheck disable=SC2086 # NODE_JAVA_OPTS is a list of JVM flags
    ${NODE_WRAPPER[@]+"${NODE_WRAPPER[@]}"} java ${NODE_JAVA_OPTS:--Xmx1g} -jar "$JAR" --host 127.0.0.1 --port 0 --event-loops 1 --drain.window 0s \
      --cluster.backend "$backend" "${backend_flags[@]}" "$@" > "$out/node$i.log" 2>&1 &
    PIDS+=($!)
  done
  for ((i = 0; i < nodes; i++)); do
    url=""
    for ((t = 0; t < ${START_SECONDS:-60} * 10; t++)); do
      url="$(grep -o 'Players announce to ws://127\.0\.0\.1:[0-9]*/' "$out/node$i.log" | head -1 | sed 's/^Players announce to //')" || true
      [[ -z "$url" ]] || break
      kill -0 "${PIDS[$i]}" 2>/dev/null || die "node $i exited (see $out/node$i.log)"
      sleep 0.1
    done
    [[ -n "$url" ]] || die "node $i not ready within ${START_SECONDS:-60} s"
    URLS+=("$url")
  done
  if [[ "$backend" != local ]]; then
    for ((t = 0; t < 300; t++)); do
      ok=1; for url in "${URLS[@]}"; do [[ "$(cluster_live_nodes "$url")" == "$nodes" ]] || ok=0; done
      [[ $ok -eq 1 ]] && break; sleep 0.1
    done
    [[ $ok -eq 1 ]] || die "the cluster did not form within 30 s"
  fi
  # Each node answers /ready before any peer comes, as a Kubernetes readiness probe would make it:
  # a node's very first HTTP request costs its event loop ~200 ms (class loading), which the
  # local backend's runs otherwise paid at the window's start, in its p99.9.
  for url in "${URLS[@]}"; do
    for ((t = 0; t < 100; t++)); do curl --noproxy '*' -sf --max-time 3 -o /dev/null "$(http_of "$url")ready" && break; sleep 0.1; done
  done
}

cluster_live_nodes() { # URL: the cluster's live nodes as that node sees them, 0 if it does not answer
  curl --noproxy '*' -sf --max-time 3 "$(http_of "$1")stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["cluster"].get("liveNodes", 1))' 2>/dev/null || echo 0
}

# SIGTERM to the nodes, then to redis-server, each SIGKILLed if still there 20 s later.
cluster_stop() {
  local pid
  for pid in ${PIDS[@]+"${PIDS[@]}"}; do kill -TERM "$pid" 2>/dev/null || true; done
  await_exit ${PIDS[@]+"${PIDS[@]}"}
  if [[ -n "$REDIS_PID" ]]; then kill -TERM "$REDIS_PID" 2>/dev/null || true; await_exit "$REDIS_PID"; fi
}
