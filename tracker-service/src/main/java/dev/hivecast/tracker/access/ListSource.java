package dev.hivecast.tracker.access;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Where an info_hash list comes from: a file or an http(s) URL, read without blocking a loop. */
public interface ListSource {

    /**
     * The list's text when it changed since the last successful read (always on the first), or
     * null when it did not; fails when it cannot be read, and the next call tries again.
     */
    Future<String> readIfChanged();

    /** For logs and metrics: the path or URL. */
    String describe();

    static ListSource of(Vertx vertx, String fileOrUrl) {
        return fileOrUrl.startsWith("http://") || fileOrUrl.startsWith("https://")
                ? new UrlListSource(vertx, fileOrUrl)
                : new FileListSource(vertx, fileOrUrl);
    }
}
