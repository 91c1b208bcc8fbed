package dev.hivecast.tracker.transport;

import dev.hivecast.protocol.JsonSlice;
import dev.hivecast.protocol.RelayParts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes one unfragmented, unmasked server text frame (RFC 6455, section 5.2) into a single
 * buffer: the header and the already-encoded UTF-8 message.
 *
 * <p>Why not Vert.x's {@code writeFrame}: for every relayed offer it allocates a promise, two frame
 * objects and a wrapped heap buffer, and Netty's encoder then writes a separate header buffer and
 * copies the heap payload into direct memory at flush. One direct buffer holding the whole frame
 * is one allocation, one copy and one buffer per write. Netty's WebSocket encoder passes plain
 * buffers through untouched, and the tracker negotiates no extension (compression is declined),
 * so the frame goes to the socket exactly as built here.
 */
final class TextFrames {

    private static final int FIN_TEXT = 0x81;
    private static final int LENGTH_16 = 126;
    private static final int LENGTH_64 = 127;

    private TextFrames() {
    }

    static ByteBuf encode(ByteBufAllocator alloc, byte[] utf8) {
        return startFrame(alloc, utf8.length).writeBytes(utf8);
    }

    /** A relayed offer or answer: its pieces go straight into the frame, never joined on the heap. */
    static ByteBuf encode(ByteBufAllocator alloc, RelayParts relay) {
        JsonSlice body = relay.body();
        return startFrame(alloc, relay.length())
                .writeBytes(relay.head())
                .writeBytes(body.bytes(), body.offset(), body.length())
                .writeBytes(relay.tail());
    }

    /** A buffer of exactly the frame's size, holding its header. */
    private static ByteBuf startFrame(ByteBufAllocator alloc, int length) {
        ByteBuf frame = alloc.directBuffer(headerSize(length) + length);
        frame.writeByte(FIN_TEXT);
        if (length < LENGTH_16) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(LENGTH_16).writeShort(length);
        } else {
            frame.writeByte(LENGTH_64).writeLong(length);
        }
        return frame;
    }

    static int headerSize(int length) {
        return length < LENGTH_16 ? 2 : length <= 0xFFFF ? 4 : 10;
    }
}
