#!/usr/bin/env bash
# Writes a stand-in base image (docker save format, one near-empty layer, no JRE) to $1, so the
# Jib profile can be built where no registry is reachable:
#   tracker-service/image/local-base.sh /tmp/base.tar
#   mvn -B -Pimage -pl tracker-service -am package -DskipTests -Djib.from.image=tar:///tmp/base.tar \
#     -Dimage.revision=$(git rev-parse HEAD)
# The result has the real application layers and entrypoint but no java: check it with
# check-image.sh, never ship it.
set -euo pipefail
out=$(realpath -m "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rootfs/tmp" "$work/image"
tar -C "$work/rootfs" --owner=0 --group=0 --mtime=@0 -cf "$work/layer.tar" tmp
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
mv "$work/layer.tar" "$work/image/$diff_id.tar"
cat > "$work/image/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created_by":"tracker-service/image/local-base.sh"}]}
JSON
cat > "$work/image/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["hivecast/local-base:latest"],"Layers":["$diff_id.tar"]}]
JSON
tar -C "$work/image" --owner=0 --group=0 --mtime=@0 -cf "$out" manifest.json config.json "$diff_id.tar"
echo "$out"
