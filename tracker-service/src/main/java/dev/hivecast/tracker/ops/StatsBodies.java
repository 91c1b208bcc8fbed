package dev.hivecast.tracker.ops;

import io.vertx.core.buffer.Buffer;

/** One rendering of /stats in its three forms, from one snapshot, written to every request that waited for it. */
record StatsBodies(Buffer json, Buffer prettyJson, Buffer html) {
}
