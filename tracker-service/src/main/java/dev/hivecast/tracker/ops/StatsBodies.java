package dev.hivecast.tracker.ops;

import io.vertx.core.buffer.Buffer;

/**
 * One rendering of /stats in its three forms, from one snapshot: each is written as is to every
 * request that waited for it (Vert.x writes a buffer's content without copying it).
 */
record StatsBodies(Buffer json, Buffer prettyJson, Buffer html) {
}
