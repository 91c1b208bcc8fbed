#!/usr/bin/env bash
# Measures one tracker under the AudienceLoad generator and prints its cost per peer or per message.
#
#   load-test/measure.sh MODE [OPTION | GENERATOR FLAG VALUE]... [-- TRACKER COMMAND...]
#
#   MODE              idle (memory per connected peer) or relay (messages per tracker CPU-second)
#   --reference       run the reference tracker, bittorrent-tracker 11.2.3 ws-only
#                     (node load-test/reference-tracker.mjs --modules interop/node_modules), instead of ours
#   --out DIR         where logs and class histograms go; default load-test/target/measure/<time>-<mode>
#   --settle SEC      idle: seconds between WINDOW-START and the "after" sample; default 3
#   --label NAME      the tracker's name in measure.json; default ours, reference or the command
#   --scenario NAME   the scenario's name in measure.json (compare.sh sets it); default none
#   --generator-jvm "FLAGS"   JVM flags for the generator; default "-Xmx2g"
#   any other --flag VALUE is passed to the generator (see: java -jar load-test/target/hivecast-load-test.jar --help);
#                     with --networks N and no --sites-file, its sites file goes to DIR/networks.sites
#   -- CMD...         the tracker to start; it must print "Players announce to ws://127.0.0.1:<port>/".
#                     Default: java -jar tracker-service/target/hivecast-tracker.jar --host 127.0.0.1 --port 0
#
# It starts the tracker, waits for its ready line, samples the tracker process (CPU time
# utime+stime from /proc/<pid>/stat, VmRSS from /proc/<pid>/status and, for a JVM, the live heap
# after a full GC: the total of `jcmd <pid> GC.class_histogram`), runs the generator, samples again
# at the generator's WINDOW-START and WINDOW-END lines, and prints the figures: for idle, RSS and
# heap per connected peer, (after - baseline) / P; for relay, offers+answers relayed and messages
# in+out per tracker CPU-second, counted by the generator (and, for our tracker, by its /stats),
# and RSS per connected peer, (RSS at the window's end - baseline) / P. The figures are also
# written as one JSON object to DIR/measure.json, with the generator's JSON result inside
# ("generator"), for compare.sh and plot.sh.
# The tracker is stopped by its PID: SIGTERM, then SIGKILL after 20 s. Loopback only.
# Examples:
#   load-test/measure.sh idle --peers 10000 --swarms 100 --ramp 1000
#   load-test/measure.sh idle --peers 10000 --swarms 100 -- java -Xmx512m -jar tracker-service/target/hivecast-tracker.jar --host 127.0.0.1 --port 0
#   load-test/measure.sh relay --peers 1000 --swarms 10 --offers 5 --interval 5 --duration 60
#   load-test/measure.sh relay --reference --peers 1000 --swarms 10
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
GEN_JAR="${LOAD_TEST_JAR:-$ROOT/load-test/target/hivecast-load-test.jar}"
CLK_TCK="$(getconf CLK_TCK)"

die() { echo "measure.sh: $*" >&2; exit 2; }

[[ $# -ge 1 ]] || die "usage: measure.sh idle|relay [--reference] [--out DIR] [GENERATOR FLAGS] [-- TRACKER COMMAND]"
MODE="$1"; shift
[[ "$MODE" == idle || "$MODE" == relay ]] || die "MODE is idle or relay, not $MODE"

OUT="" SETTLE=3 GEN_JVM="-Xmx2g" REFERENCE=0 LABEL="" SCENARIO=""
GEN_ARGS=() TRACKER=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --reference) REFERENCE=1; shift ;;
    --out) OUT="$2"; shift 2 ;;
    --settle) SETTLE="$2"; shift 2 ;;
    --label) LABEL="$2"; shift 2 ;;
    --scenario) SCENARIO="$2"; shift 2 ;;
    --generator-jvm) GEN_JVM="$2"; shift 2 ;;
    --) shift; TRACKER=("$@"); break ;;
    --mode|--url) die "$1 is set by measure.sh" ;;
    --*) [[ $# -ge 2 ]] || die "$1 needs a value"; GEN_ARGS+=("$1" "$2"); shift 2 ;;
    *) die "unexpected argument $1" ;;
  esac
done
if [[ ${#TRACKER[@]} -eq 0 ]]; then
  if [[ $REFERENCE -eq 1 ]]; then
    TRACKER=(node "$ROOT/load-test/reference-tracker.mjs" --modules "$ROOT/interop/node_modules")
  else
    TRACKER=(java -jar "$ROOT/tracker-service/target/hivecast-tracker.jar" --host 127.0.0.1 --port 0)
  fi
fi
if [[ -z "$LABEL" ]]; then
  if [[ $REFERENCE -eq 1 ]]; then LABEL=reference; elif [[ "${TRACKER[*]}" == *hivecast-tracker.jar* ]]; then LABEL=ours; else LABEL="${TRACKER[0]##*/}"; fi
fi
[[ -f "$GEN_JAR" ]] || die "no $GEN_JAR: build it with  mvn -q -B -pl load-test -am package -DskipTests"
OUT="${OUT:-$ROOT/load-test/target/measure/$(date +%Y%m%d-%H%M%S)-$MODE}"
mkdir -p "$OUT"
# --networks writes its locality sites file beside measure.json unless told where (a relative
# path, so the generator's log names no machine's layout).
if [[ " ${GEN_ARGS[*]} " == *" --networks "* && " ${GEN_ARGS[*]} " != *" --sites-file "* ]]; then
  GEN_ARGS+=(--sites-file "$(realpath --relative-to=. "$OUT/networks.sites")")
fi

TPID="" GENERATOR_PID=""
stop_pid() { # PID SECONDS: SIGTERM, wait, then SIGKILL
  local pid="$1" grace="$2" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  echo "measure.sh: $pid still running after ${grace} s, SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  [[ -n "$GENERATOR_PID" ]] && stop_pid "$GENERATOR_PID" 10
  [[ -n "$TPID" ]] && stop_pid "$TPID" 20
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; } # utime + stime
sys_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $13}'; } # stime: the kernel's share
# Time the hypervisor gave away (steal) and softirq work charged to no process, machine-wide: a
# run with much of either measured a busy host, not the tracker.
steal_softirq_ticks() { awk '$1 == "cpu" {print $9, $8; exit}' /proc/stat; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
machine_busy_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; } # all processes
live_heap_bytes() { # a full GC, then the live bytes; the histogram is kept in $2
  jcmd "$1" GC.class_histogram > "$2" 2>&1 && awk '/^Total/ {print $3}' "$2"
}
histogram_per_peer() { # BASELINE AFTER P: per class, (after - baseline) / P in instances and bytes
  awk -v p="$3" 'FNR == NR && $1 ~ /^[0-9]+:$/ {bi[$4] = $2; bb[$4] = $3; next}
    $1 ~ /^[0-9]+:$/ {di = ($2 - bi[$4]) / p; db = ($3 - bb[$4]) / p; total += $3 - bb[$4]
      if (db >= 0.5 || db <= -0.5) printf "%10.1f B %8.2f objects  %s\n", db, di, $4}
    END {printf "%10.1f B in all (per peer, all classes)\n", total / p}' "$1" "$2" | sort -k1,1 -g -r
}
stats_json() { curl --noproxy '*' -sf --max-time 3 "http://$HOSTPORT/stats" 2>/dev/null || true; }
stats_total() { # JSON KEY: a number in the "totals" object
  printf '%s\n' "$1" | awk -v k="\"$2\"" '/"totals"/ {t = 1} t && index($0, k) {gsub(/[^0-9]/, "", $NF); print $NF; exit}'
}
result_field() { printf '%s\n' "$RESULT" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
div() { # NUMERATOR-EXPRESSION DENOMINATOR-EXPRESSION [FORMAT]
  awk -v f="${3:-%.1f}" "BEGIN { b = ($2); if (b == 0) print \"n/a\"; else printf f \"\\n\", ($1) / b }"
}

# The tracker command as measure.json keeps it: paths in the repository relative to it, any other
# absolute path cut to its file name, so that results committed from any machine carry no layout.
portable() { sed -E "s#://#\x01#g; s#$ROOT/##g; s#(^|[ =:,])/([^ ]*/)?([^/ ]*)#\1\3#g; s#\x01#://#g" <<< "$1"; }
json_num() { [[ "$1" =~ ^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$ ]] && printf '%s' "$1" || printf 'null'; }
json_str() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
write_json() { # NAME VALUE ...: measure.json, numbers as numbers, n/a as null, the generator's JSON inside
  local first=1 kv="" name value
  while [[ $# -gt 0 ]]; do
    name="$1" value="$2"; shift 2
    [[ $first -eq 1 ]] || kv+=","; first=0
    kv+="\"$name\":$(json_num "$value")"
  done
  printf '{"tool":"measure.sh","mode":%s,"tracker":%s,"scenario":%s,"command":%s,"date":%s,"machine":%s,"measure":{%s},"generator":%s}\n' \
    "$(json_str "$MODE")" "$(json_str "$LABEL")" "$(json_str "$SCENARIO")" "$(json_str "$(portable "${TRACKER[*]}")")" \
    "$(json_str "$(date -u +%Y-%m-%dT%H:%M:%SZ)")" "$(json_str "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)")" \
    "$kv" "${GEN_JSON:-null}" > "$OUT/measure.json"
  echo "measure.json: $OUT/measure.json"
}

echo "tracker: ${TRACKER[*]}"
echo "output:  $OUT"
"${TRACKER[@]}" > "$OUT/tracker.log" 2>&1 &
TPID=$!
URL=""
for ((i = 0; i < 600; i++)); do
  URL="$(grep -o 'Players announce to ws://127\.0\.0\.1:[0-9]*/' "$OUT/tracker.log" 2>/dev/null | head -1 | sed 's/^Players announce to //')" || true
  [[ -n "$URL" ]] && break
  kill -0 "$TPID" 2>/dev/null || { cat "$OUT/tracker.log" >&2; die "the tracker exited before it was ready"; }
  sleep 0.1
done
[[ -n "$URL" ]] || die "no 'Players announce to ws://127.0.0.1:<port>/' line within 60 s (see $OUT/tracker.log)"
HOSTPORT="${URL#ws://}"; HOSTPORT="${HOSTPORT%/}"
IS_JVM=0 # jcmd attaches with SIGQUIT, which kills a process that is not a JVM: look first
[[ "$(readlink "/proc/$TPID/exe" 2>/dev/null)" == */java ]] && jcmd "$TPID" VM.version > /dev/null 2>&1 && IS_JVM=1
HAS_STATS=0; stats_json | grep -q '"totals"' && HAS_STATS=1
echo "tracker pid $TPID at $URL (jvm=$IS_JVM, /stats=$HAS_STATS)"

sleep 2 # let start-up settle before the baseline
BASE_RSS_NATURAL="$(rss_kib "$TPID")"
BASE_HEAP="" BASE_RSS_GC=""
if [[ $IS_JVM -eq 1 ]]; then
  BASE_HEAP="$(live_heap_bytes "$TPID" "$OUT/histogram-baseline.txt")"
  BASE_RSS_GC="$(rss_kib "$TPID")"
fi
echo "baseline: rss ${BASE_RSS_NATURAL} KiB${BASE_HEAP:+, live heap $BASE_HEAP B, rss after GC $BASE_RSS_GC KiB}"

# shellcheck disable=SC2086 # GEN_JVM is a list of JVM flags
coproc GEN { exec java $GEN_JVM -jar "$GEN_JAR" --url "$URL" --mode "$MODE" "${GEN_ARGS[@]}" 2>&1; }
GENERATOR_PID="$GEN_PID" # bash unsets GEN_PID when the coproc ends
exec {GEN_OUT}<&"${GEN[0]}"

RESULT="" GEN_JSON="" W_OPEN="" S_BUSY="" E_BUSY="" S_SYS="" E_SYS="" S_STEAL="" E_STEAL="" S_SOFTIRQ="" E_SOFTIRQ="" S_CPU="" S_RSS="" S_STATS="" E_CPU="" E_RSS="" E_STATS=""
A_RSS_NATURAL="" A_HEAP="" A_RSS_GC=""
deadline=$((SECONDS + 4 * 3600))
while IFS= read -r -t 120 -u "$GEN_OUT" line; do
  printf '%s\n' "$line" | tee -a "$OUT/generator.log"
  case "$line" in
    WINDOW-START*)
      W_OPEN="$(sed 's/.*open=\([0-9]*\).*/\1/' <<< "$line")"
      S_CPU="$(cpu_ticks "$TPID")"; S_RSS="$(rss_kib "$TPID")"; S_BUSY="$(machine_busy_ticks)"
      S_SYS="$(sys_ticks "$TPID")"; read -r S_STEAL S_SOFTIRQ <<< "$(steal_softirq_ticks)"
      [[ $HAS_STATS -eq 1 ]] && S_STATS="$(stats_json)"
      if [[ "$MODE" == idle ]]; then
        sleep "$SETTLE"
        A_RSS_NATURAL="$(rss_kib "$TPID")"
        if [[ $IS_JVM -eq 1 ]]; then
          A_HEAP="$(live_heap_bytes "$TPID" "$OUT/histogram-after.txt")"
          A_RSS_GC="$(rss_kib "$TPID")"
        fi
        E_CPU="$(cpu_ticks "$TPID")"; E_RSS="$(rss_kib "$TPID")"
        kill -TERM "$GENERATOR_PID" 2>/dev/null || true
      fi ;;
    WINDOW-END*)
      E_CPU="$(cpu_ticks "$TPID")"; E_RSS="$(rss_kib "$TPID")"; E_BUSY="$(machine_busy_ticks)"
      E_SYS="$(sys_ticks "$TPID")"; read -r E_STEAL E_SOFTIRQ <<< "$(steal_softirq_ticks)"
      [[ $HAS_STATS -eq 1 ]] && E_STATS="$(stats_json)" ;;
    RESULT*) RESULT="$line" ;;
    '{"tool":"hivecast-load-test"'*) GEN_JSON="$line" ;;
  esac
  ((SECONDS < deadline)) || { echo "measure.sh: generator still running after 4 h" >&2; break; }
done
GEN_RC=0; wait "$GENERATOR_PID" 2>/dev/null || GEN_RC=$?
GENERATOR_PID=""
[[ -n "$RESULT" ]] || die "the generator printed no RESULT line (exit $GEN_RC; see $OUT/generator.log)"
[[ -n "$S_CPU" && -n "$E_CPU" ]] || die "no measurement window (see $OUT/generator.log)"

echo
echo "== measure.sh $MODE: ${TRACKER[*]}"
P="${W_OPEN:-$(result_field open)}"
if [[ "$MODE" == idle ]]; then
  echo "connected peers P = $P"
  echo "RSS        baseline ${BASE_RSS_NATURAL} KiB, with P peers ${A_RSS_NATURAL} KiB: $(div "($A_RSS_NATURAL - $BASE_RSS_NATURAL) * 1024" "$P" %.0f) B per peer"
  if [[ $IS_JVM -eq 1 ]]; then
    echo "RSS (GC'd) baseline ${BASE_RSS_GC} KiB, with P peers ${A_RSS_GC} KiB: $(div "($A_RSS_GC - $BASE_RSS_GC) * 1024" "$P" %.0f) B per peer"
    echo "live heap  baseline ${BASE_HEAP} B, with P peers ${A_HEAP} B: $(div "$A_HEAP - $BASE_HEAP" "$P" %.0f) B per peer"
    histogram_per_peer "$OUT/histogram-baseline.txt" "$OUT/histogram-after.txt" "$P" > "$OUT/histogram-per-peer.txt"
    echo "class histogram with P peers: $OUT/histogram-after.txt; growth per peer, largest first: $OUT/histogram-per-peer.txt"
    head -20 "$OUT/histogram-per-peer.txt"
  fi
  printf 'MEASURE mode=idle peers=%s rss_base_kib=%s rss_kib=%s rss_per_peer_b=%s rss_gc_base_kib=%s rss_gc_kib=%s rss_gc_per_peer_b=%s heap_base_b=%s heap_b=%s heap_per_peer_b=%s\n' \
    "$P" "$BASE_RSS_NATURAL" "$A_RSS_NATURAL" "$(div "($A_RSS_NATURAL - $BASE_RSS_NATURAL) * 1024" "$P" %.0f)" \
    "${BASE_RSS_GC:-n/a}" "${A_RSS_GC:-n/a}" "$( [[ $IS_JVM -eq 1 ]] && div "($A_RSS_GC - $BASE_RSS_GC) * 1024" "$P" %.0f || echo n/a)" \
    "${BASE_HEAP:-n/a}" "${A_HEAP:-n/a}" "$( [[ $IS_JVM -eq 1 ]] && div "$A_HEAP - $BASE_HEAP" "$P" %.0f || echo n/a)"
  write_json peers "$P" rss_base_kib "$BASE_RSS_NATURAL" rss_kib "$A_RSS_NATURAL" \
    rss_per_peer_b "$(div "($A_RSS_NATURAL - $BASE_RSS_NATURAL) * 1024" "$P" %.0f)" \
    rss_gc_per_peer_b "$( [[ $IS_JVM -eq 1 ]] && div "($A_RSS_GC - $BASE_RSS_GC) * 1024" "$P" %.0f || echo n/a)" \
    heap_per_peer_b "$( [[ $IS_JVM -eq 1 ]] && div "$A_HEAP - $BASE_HEAP" "$P" %.0f || echo n/a)"
else
  CPU_S="$(div "$E_CPU - $S_CPU" "$CLK_TCK" %.2f)"
  WIN="$(result_field window_s)"
  RELAYED="$(result_field relayed)"; MSGS=$(( $(result_field sent) + $(result_field received) ))
  RSS_PER_PEER="$(div "($E_RSS - $BASE_RSS_NATURAL) * 1024" "$P" %.0f)"
  echo "window $WIN s, connected peers $P; tracker CPU $CPU_S s ($(div "100 * $CPU_S" "$WIN" %.0f)% of one core), RSS $S_RSS -> $E_RSS KiB"
  echo "  RSS per connected peer:            $RSS_PER_PEER B ((window-end RSS - baseline ${BASE_RSS_NATURAL} KiB) / P)"
  echo "generator counts: $RELAYED offers+answers relayed, $MSGS messages in+out"
  echo "  relayed per tracker CPU-second:    $(div "$RELAYED" "$CPU_S" %.0f)"
  echo "  messages in+out per CPU-second:    $(div "$MSGS" "$CPU_S" %.0f)"
  echo "  tracker CPU per message in+out:    $(div "1e6 * $CPU_S" "$MSGS" %.1f) us"
  echo "  announce RTT p50/p99/max ms:       $(result_field rtt_p50_ms) / $(result_field rtt_p99_ms) / $(result_field rtt_max_ms)"
  echo "  offer->answer p50/p99/max ms:      $(result_field o2a_p50_ms) / $(result_field o2a_p99_ms) / $(result_field o2a_max_ms)"
  echo "  generator CPU in the window:       $(result_field gen_cpu_s) s"
  OTHERS_S="$(div "($E_BUSY - $S_BUSY) - ($E_CPU - $S_CPU)" "$CLK_TCK" %.2f)"
  OTHERS_S="$(awk -v a="$OTHERS_S" -v g="$(result_field gen_cpu_s)" 'BEGIN { printf "%.2f\n", a - g }')"
  echo "  other processes' CPU in the window: $OTHERS_S s (the machine is shared: a large value means a noisy run)"
  SYS_S="$(div "$E_SYS - $S_SYS" "$CLK_TCK" %.2f)"
  STEAL_S="$(div "$E_STEAL - $S_STEAL" "$CLK_TCK" %.2f)"; SOFTIRQ_S="$(div "$E_SOFTIRQ - $S_SOFTIRQ" "$CLK_TCK" %.2f)"
  echo "  tracker CPU in the kernel:         $SYS_S s of $CPU_S s"
  echo "  machine steal / softirq:           $STEAL_S / $SOFTIRQ_S s (steal: the host ran someone else)"
  T_RELAYED="n/a" T_MSGS="n/a"
  if [[ $HAS_STATS -eq 1 && -n "$S_STATS" && -n "$E_STATS" ]]; then
    T_RELAYED=$(( $(stats_total "$E_STATS" offersRelayed) + $(stats_total "$E_STATS" answersRelayed) \
                - $(stats_total "$S_STATS" offersRelayed) - $(stats_total "$S_STATS" answersRelayed) ))
    T_MSGS=$(( $(stats_total "$E_STATS" messagesIn) + $(stats_total "$E_STATS" messagesOut) \
             - $(stats_total "$S_STATS" messagesIn) - $(stats_total "$S_STATS" messagesOut) ))
    echo "tracker /stats counts: $T_RELAYED relayed ($(div "$T_RELAYED" "$CPU_S" %.0f) per CPU-s), $T_MSGS in+out ($(div "$T_MSGS" "$CPU_S" %.0f) per CPU-s)"
  fi
  printf 'MEASURE mode=relay peers=%s window_s=%s tracker_cpu_s=%s relayed=%s msgs=%s relayed_per_cpu_s=%s msgs_per_cpu_s=%s us_per_msg=%s stats_relayed=%s stats_msgs=%s rtt_p50_ms=%s rtt_p99_ms=%s rtt_max_ms=%s o2a_p50_ms=%s o2a_p99_ms=%s o2a_max_ms=%s gen_cpu_s=%s others_cpu_s=%s rss_start_kib=%s rss_end_kib=%s failures=%s unexpected_closes=%s rss_base_kib=%s rss_per_peer_b=%s\n' \
    "$P" "$WIN" "$CPU_S" "$RELAYED" "$MSGS" "$(div "$RELAYED" "$CPU_S" %.0f)" "$(div "$MSGS" "$CPU_S" %.0f)" \
    "$(div "1e6 * $CPU_S" "$MSGS" %.1f)" "$T_RELAYED" "$T_MSGS" "$(result_field rtt_p50_ms)" "$(result_field rtt_p99_ms)" \
    "$(result_field rtt_max_ms)" "$(result_field o2a_p50_ms)" "$(result_field o2a_p99_ms)" "$(result_field o2a_max_ms)" \
    "$(result_field gen_cpu_s)" "$OTHERS_S" "$S_RSS" "$E_RSS" "$(result_field failures)" "$(result_field unexpected_closes)" \
    "$BASE_RSS_NATURAL" "$RSS_PER_PEER"
  write_json peers "$P" window_s "$WIN" tracker_cpu_s "$CPU_S" relayed "$RELAYED" msgs "$MSGS" \
    relayed_per_cpu_s "$(div "$RELAYED" "$CPU_S" %.0f)" msgs_per_cpu_s "$(div "$MSGS" "$CPU_S" %.0f)" \
    us_per_msg "$(div "1e6 * $CPU_S" "$MSGS" %.2f)" us_per_relayed "$(div "1e6 * $CPU_S" "$RELAYED" %.2f)" \
    stats_relayed "$T_RELAYED" stats_msgs "$T_MSGS" gen_cpu_s "$(result_field gen_cpu_s)" others_cpu_s "$OTHERS_S" \
    tracker_sys_s "$SYS_S" steal_s "$STEAL_S" softirq_s "$SOFTIRQ_S" \
    rss_base_kib "$BASE_RSS_NATURAL" rss_start_kib "$S_RSS" rss_end_kib "$E_RSS" rss_per_peer_b "$RSS_PER_PEER" \
    failures "$(result_field failures)" unexpected_closes "$(result_field unexpected_closes)"
fi
