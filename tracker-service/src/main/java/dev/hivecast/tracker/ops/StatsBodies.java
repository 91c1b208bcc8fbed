package dev.hivecast.tracker.ops;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** One rendering of /stats in its three forms, from one snapshot. */
record StatsBodies(Buffer json, Buffer prettyJson, Buffer html) {

    /**
     * A body that every response waiting for it is written from as it is. Vert.x hands each write
     * an unreleasable slice of a buffer it did not allocate, and Netty queues a direct buffer
     * without copying it, so a thousand responses not yet read hold one copy, not a thousand; the
     * JDK frees it once the last is gone.
     */
    static Buffer shared(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return BufferInternal.buffer(Unpooled.wrappedBuffer(direct));
    }
}
