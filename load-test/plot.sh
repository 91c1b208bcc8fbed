#!/usr/bin/env bash
# Draws the results plot (PNG) from measure.json files: offer->answer latency percentiles
# (p50/p90/p99/p99.9, log scale) and messages per tracker CPU-second, one group per run,
# labelled by scenario and tracker. Java2D from the JDK draws it: nothing to install.
#
#   load-test/plot.sh [--out PNG] [--title TEXT] PATH...
#
#   PATH    a measure.json, or a folder searched for them (e.g. a compare.sh output folder)
#   --out   default load-test/target/plot.png
# Example:
#   load-test/plot.sh --out plot.png load-test/results/2026-12-03/a-1 load-test/results/2026-12-03/a-h-1
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
GEN_JAR="${LOAD_TEST_JAR:-$ROOT/load-test/target/hivecast-load-test.jar}"
OUT="$ROOT/load-test/target/plot.png" TITLE="Hivecast load test" PATHS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --title) TITLE="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) PATHS+=("$1"); shift ;;
  esac
done
[[ ${#PATHS[@]} -gt 0 ]] || { echo "plot.sh: name at least one measure.json or folder" >&2; exit 2; }
[[ -f "$GEN_JAR" ]] || { echo "plot.sh: build first: mvn -q -B -pl load-test -am package -DskipTests" >&2; exit 2; }
exec java -cp "$GEN_JAR" dev.hivecast.loadtest.ResultsReport plot --png "$OUT" --title "$TITLE" "${PATHS[@]}"
