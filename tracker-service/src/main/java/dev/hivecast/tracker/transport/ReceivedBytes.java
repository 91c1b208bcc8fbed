package dev.hivecast.tracker.transport;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * A received message's bytes where they already lie. Vert.x copies every frame's payload out of
 * Netty's pooled buffer into a heap buffer of its own, which nothing else references or writes
 * after handing it over; the codec parses that array in place and the relayed offer and answer
 * objects are slices of it. Copying it once more into a {@code byte[]} cost an allocation and a
 * copy of every announce (~7 KB with 5 offers) and answer.
 */
record ReceivedBytes(byte[] array, int offset, int length) {

    static ReceivedBytes of(Buffer data) {
        if (data instanceof BufferInternal internal) {
            ByteBuf content = internal.getByteBuf();
            if (content.hasArray()) {
                return new ReceivedBytes(content.array(), content.arrayOffset() + content.readerIndex(),
                        content.readableBytes());
            }
        }
        byte[] copy = data.getBytes(); // a direct or composite buffer: no array to parse in place
        return new ReceivedBytes(copy, 0, copy.length);
    }
}
