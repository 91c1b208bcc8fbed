package dev.hivecast.tracker.access;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import java.nio.charset.StandardCharsets;

/**
 * A list file, re-read when its modification time or size changes. Checking those two is one
 * stat per interval; a same-size edit within the file system's timestamp resolution would be
 * missed, so the content is read again whenever either differs, never compared byte by byte.
 * Editors replace the file (a new inode, a new mtime). A mounted ConfigMap is updated by the
 * kubelet swapping a {@code ..data} symlink while the path itself stays a symlink that never
 * changes: {@code props} follows links, so it sees the new file ({@code lprops} would not;
 * KubeletVolumeReloadIT).
 */
final class FileListSource implements ListSource {

    private final Vertx vertx;
    private final String path;
    private long lastModified = Long.MIN_VALUE;
    private long lastSize = -1;

    FileListSource(Vertx vertx, String path) {
        this.vertx = vertx;
        this.path = path;
    }

    @Override
    public Future<String> readIfChanged() {
        return vertx.fileSystem().props(path).compose(props -> {
            if (props.lastModifiedTime() == lastModified && props.size() == lastSize) {
                return Future.succeededFuture(null);
            }
            return vertx.fileSystem().readFile(path).map(bytes -> {
                remember(props);
                return bytes.toString(StandardCharsets.UTF_8);
            });
        });
    }

    private void remember(FileProps props) {
        lastModified = props.lastModifiedTime();
        lastSize = props.size();
    }

    @Override
    public String describe() {
        return path;
    }
}
