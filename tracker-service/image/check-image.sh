#!/usr/bin/env bash
# Checks an image tar built by the Jib profile (default tracker-service/target/jib-image.tar):
# prints its entrypoint, user, environment, ports and labels (a release's must name its version and
# commit: -Dimage.revision), then unpacks its application layers and runs that entrypoint with this
# machine's java (the image's /app mapped to the unpacked copy), on free loopback ports, until
# /health answers. Proves the image's layout and start command, not its base. ImageMatchesChartTest
# (helm/src/test) keeps the definitions in step with the chart; this checks what was built from them.
set -euo pipefail
image=$(realpath "${1:-$(dirname "$0")/../target/jib-image.tar}")
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/image" "$work/rootfs"
tar -C "$work/image" -xf "$image"
config=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["Config"])' "$work/image/manifest.json")
python3 - "$work/image/$config" <<'PY'
import json, re, sys
c = json.load(open(sys.argv[1]))["config"]
for k in ("Entrypoint", "User", "Env", "ExposedPorts", "WorkingDir", "Labels"):
    print(f"{k}: {c.get(k)}")
assert c["User"] == "10001:10001", "the image must not run as root"
assert any(e.startswith("JDK_JAVA_OPTIONS=") and "-XX:MaxRAMPercentage=" in e for e in c["Env"])
labels = c.get("Labels") or {}
oci = "org.opencontainers.image."
assert labels.get(oci + "licenses") == "Apache-2.0", labels
assert "@sha256:" in labels.get(oci + "base.name", ""), "the base must be pinned by digest"
assert labels.get(oci + "version", "unknown") != "unknown", "no version label"
assert re.fullmatch(r"[0-9a-f]{40}", labels.get(oci + "revision", "")), \
    "the revision label must be the commit: build with -Dimage.revision=$(git rev-parse HEAD)"
PY
for layer in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))[0]["Layers"]))' "$work/image/manifest.json"); do
  tar --warning=no-unknown-keyword -C "$work/rootfs" -xf "$work/image/$layer"
done
entrypoint=$(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["config"]["Entrypoint"]))' "$work/image/$config")
mapfile -t cmd < <(printf '%s\n' "$entrypoint" | sed "s#/app/#$work/rootfs/app/#g; s#@/app/#@$work/rootfs/app/#g")
# Jib's entrypoint reads the class path from /app/jib-classpath-file (an @-argument file).
sed -i "s#/app/#$work/rootfs/app/#g" "$work/rootfs/app/jib-classpath-file"
# The image's environment (JDK_JAVA_OPTIONS), without its PATH.
while IFS= read -r var; do export "$var"; done < <(python3 -c '
import json, sys
for e in json.load(open(sys.argv[1]))["config"].get("Env", []):
    if not e.startswith("PATH="): print(e)' "$work/image/$config")
echo "running: ${cmd[*]}"
"${cmd[@]}" --host 127.0.0.1 --port 0 --admin.port 0 --log-level info > "$work/out.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  admin=$(grep -oE 'admin port [0-9]+' "$work/out.log" | grep -oE '[0-9]+$' || true)
  if [ -n "$admin" ] && curl -fsS "http://127.0.0.1:$admin/health" > /dev/null; then
    grep -m1 "Players announce to" "$work/out.log"
    echo "health on admin port $admin: ok"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
cat "$work/out.log"
echo "the image's entrypoint did not start the tracker" >&2
exit 1
