package dev.hivecast.cluster;

import io.vertx.core.Vertx;

/** A started backend, the Vert.x instance it made and what it told its node. */
record TestNode(ClusterBackend backend, Vertx vertx, RecordingListener events) {

    String id() {
        return backend.nodeId();
    }
}
