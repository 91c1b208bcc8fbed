#!/usr/bin/env bash
# The container JVM measured in a real memory-limited cgroup: one tracker per run, started inside
# a child of the cgroup v1 memory controller with memory.limit_in_bytes set (what a pod's
# resources.limits.memory gives its container), under scenario d's load (measure.sh relay).
#
#   load-test/jvm-cgroup.sh [--limits 512M,2G] [--collectors g1,serial] [--rounds N]
#                           [--heap-pct P] [--direct SIZE] [--extra "JVM FLAGS"] [--out DIR]
#                           [GENERATOR FLAG VALUE]...
#
#   --limits      memory limits, one run each (K/M/G suffixes); default 512M,2G
#   --collectors  g1 (-XX:+UseG1GC -XX:GCTimeRatio=49), serial (-XX:+UseSerialGC) or parallel
#                 (-XX:+UseParallelGC -XX:GCTimeRatio=49); alternated within each round so a busy
#                 spell of the shared machine does not land on one collector only; default g1,serial
#   --rounds      how many times the whole set runs; default 1
#   --heap-pct    -XX:MaxRAMPercentage; default 75
#   --direct      -XX:MaxDirectMemorySize; default 64m
#   --extra       more flags for the tracker's JVM
#   --max-load L  before each run, wait (at most --max-wait s, default 600) until the machine's
#                 1-minute load average is at most L (default 3; 0 = do not wait): on a shared
#                 machine a starved tracker measures its neighbours, not its collector
#   any other --flag VALUE goes to the generator; default scenario d's shape, shortened:
#   --peers 19000 --swarms 100 --offers 5 --interval 120 --ramp 250 --warmup 30 --duration 60
#
# Every tracker also runs with -Xlog:gc (its pauses) and -XX:NativeMemoryTracking=summary (where
# its memory goes, sampled by jcmd every 30 s while it runs). Per run it keeps measure.sh's folder
# plus gc.log, samples.tsv (cgroup usage and RSS every 5 s), nmt.txt (the last NMT summary),
# cgroup.txt (the group's peak, failcnt, OOM kills, memory.stat) and one line in runs.jsonl:
# peers held before the first error, RSS and cgroup memory per peer, the longest pause (collections
# a diagnostic command asked for, such as measure.sh's live-heap histogram, left out), offer->answer
# p99, and the load average and steal around it (the machine is shared: CPU figures are noisy).
# As root (it writes /sys/fs/cgroup/memory); each run is bounded (10 min), its tracker and generator
# are stopped by measure.sh by PID, and the cgroup is removed before the next run.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CGROOT=/sys/fs/cgroup/memory
LIMITS=512M,2G COLLECTORS=g1,serial ROUNDS=1 HEAP_PCT=75 DIRECT=64m EXTRA="" OUT="" GEN=() MAX_LOAD=3 MAX_WAIT=600
while [[ $# -gt 0 ]]; do
  case "$1" in
    --limits) LIMITS="$2"; shift 2 ;;
    --collectors) COLLECTORS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --heap-pct) HEAP_PCT="$2"; shift 2 ;;
    --direct) DIRECT="$2"; shift 2 ;;
    --extra) EXTRA="$2"; shift 2 ;;
    --max-load) MAX_LOAD="$2"; shift 2 ;;
    --max-wait) MAX_WAIT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --*) [[ $# -ge 2 ]] || { echo "jvm-cgroup.sh: $1 needs a value" >&2; exit 2; }; GEN+=("$1" "$2"); shift 2 ;;
    *) echo "jvm-cgroup.sh: unexpected argument $1" >&2; exit 2 ;;
  esac
done
[[ -w "$CGROOT" ]] || { echo "jvm-cgroup.sh: needs root and the cgroup v1 memory controller at $CGROOT" >&2; exit 2; }
[[ ${#GEN[@]} -gt 0 ]] || GEN=(--peers 19000 --swarms 100 --offers 5 --interval 120 --ramp 250 --warmup 30 --duration 60)
OUT="${OUT:-$ROOT/load-test/target/jvm-cgroup-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"

collector_flags() {
  case "$1" in
    g1) echo "-XX:+UseG1GC -XX:GCTimeRatio=49" ;;
    serial) echo "-XX:+UseSerialGC" ;;
    parallel) echo "-XX:+UseParallelGC -XX:GCTimeRatio=49" ;;
    *) echo "jvm-cgroup.sh: unknown collector $1" >&2; exit 2 ;;
  esac
}
bytes() { numfmt --from=iec "${1^^}"; }
wait_for_quiet() { # waits for the load average to fall to MAX_LOAD; sets WAITED (seconds)
  local t0=$SECONDS
  while awk -v m="$MAX_LOAD" '{exit !(m > 0 && $1 > m)}' /proc/loadavg && ((SECONDS - t0 < MAX_WAIT)); do sleep 5; done
  WAITED=$((SECONDS - t0))
}
steal_ticks() { awk '$1 == "cpu" {print $9; exit}' /proc/stat; }

CG="" SAMPLER=""
cleanup() {
  if [[ -n "$SAMPLER" ]]; then kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true; fi
  SAMPLER=""
  if [[ -n "$CG" && -d "$CG" ]]; then
    # measure.sh has stopped the tracker by now; wait for the kernel to empty the group.
    for _ in $(seq 1 300); do [[ -s "$CG/cgroup.procs" ]] || break; sleep 0.1; done
    rmdir "$CG" 2>/dev/null || echo "jvm-cgroup.sh: could not remove $CG (still holds $(cat "$CG/cgroup.procs"))" >&2
  fi
  CG=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sample() { # RUN_DIR: the group's charge and the tracker's RSS every 5 s, the NMT summary every 30 s
  local dir="$1" pid n=0 open
  # usage counts page cache (the kernel reclaims it before an OOM kill) and kernel memory (socket
  # structures: not in RSS, but charged to the pod all the same).
  echo -e "t_s\tusage_b\tcache_b\tkmem_b\trss_kib\topen" > "$dir/samples.tsv"
  while [[ -d "$CG" ]]; do
    pid="$(head -1 "$CG/cgroup.procs" 2>/dev/null || true)"
    if [[ -n "$pid" ]]; then
      open="$(grep -o ' open=[0-9]*' "$dir/measure/generator.log" 2>/dev/null | tail -1 | cut -d= -f2 || true)"
      echo -e "$SECONDS\t$(cat "$CG/memory.usage_in_bytes")\t$(awk '$1 == "total_cache" {print $2}' "$CG/memory.stat")\t$(cat "$CG/memory.kmem.usage_in_bytes")\t$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null)\t${open:-0}" >> "$dir/samples.tsv"
      if ((n % 6 == 5)) && [[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == */java ]]; then
        jcmd "$pid" VM.native_memory summary scale=KB > "$dir/nmt.tmp" 2>&1 && grep -q 'Java Heap' "$dir/nmt.tmp" && mv "$dir/nmt.tmp" "$dir/nmt.txt"
      fi
    fi
    n=$((n + 1)); sleep 5
  done
}

i=0
for round in $(seq 1 "$ROUNDS"); do
  for limit in ${LIMITS//,/ }; do
    for gc in ${COLLECTORS//,/ }; do
      i=$((i + 1)); name="$(printf '%02d' "$i")-$gc-$limit"; dir="$OUT/$name"; mkdir -p "$dir"
      wait_for_quiet
      CG="$CGROOT/hivecast-jvm-$$-$i"; mkdir "$CG"
      bytes "$limit" > "$CG/memory.limit_in_bytes"
      jvm="$(collector_flags "$gc") -XX:MaxRAMPercentage=$HEAP_PCT -XX:MaxDirectMemorySize=$DIRECT -XX:+ExitOnOutOfMemoryError $EXTRA"
      echo "== run $name (round $round): $jvm in a $limit cgroup (waited ${WAITED} s for load <= $MAX_LOAD)"
      load_start="$(cut -d' ' -f1-3 /proc/loadavg)"; steal_start="$(steal_ticks)"; t0=$SECONDS
      sample "$dir" & SAMPLER=$!
      # shellcheck disable=SC2086 # $jvm is a list of flags
      timeout 600 "$ROOT/load-test/measure.sh" relay --out "$dir/measure" --label "$gc-$limit" --scenario "d-cgroup-$limit" \
        "${GEN[@]}" -- sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$CG" \
        java $jvm -XX:NativeMemoryTracking=summary "-Xlog:gc:file=$dir/gc.log:uptime,level,tags" \
        -jar "$ROOT/tracker-service/target/hivecast-tracker.jar" --host 127.0.0.1 --port 0 > "$dir/measure.log" 2>&1 \
        && rc=0 || rc=$?
      sed -i "s#$ROOT/##g" "$dir/measure.log" # paths relative to the repository, as measure.json has them
      load_end="$(cut -d' ' -f1-3 /proc/loadavg)"; steal_s=$(( ($(steal_ticks) - steal_start) / $(getconf CLK_TCK) ))
      { for f in max_usage_in_bytes failcnt limit_in_bytes; do echo "$f $(cat "$CG/memory.$f")"; done
        cat "$CG/memory.oom_control"; cat "$CG/memory.stat"; } > "$dir/cgroup.txt"
      cleanup
      python3 "$ROOT/load-test/jvm-cgroup-summary.py" "$dir" "$name" "$gc" "$limit" "$jvm" "$rc" \
        "$load_start" "$load_end" "$steal_s" "$((SECONDS - t0))" "$WAITED" | tee -a "$OUT/runs.jsonl"
    done
  done
done
echo "results in $OUT (runs.jsonl: one line per run)"
