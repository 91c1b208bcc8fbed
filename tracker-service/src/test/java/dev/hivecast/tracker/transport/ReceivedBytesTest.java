package dev.hivecast.tracker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A received message is parsed where Vert.x put it, and only copied when it has no array. */
class ReceivedBytesTest {

    private static final byte[] MESSAGE = "{\"action\":\"announce\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aHeapBufferIsReadInPlace() {
        byte[] backing = MESSAGE.clone();
        ReceivedBytes bytes = ReceivedBytes.of(BufferInternal.buffer(Unpooled.wrappedBuffer(backing)));

        assertThat(bytes.array()).isSameAs(backing);
        assertThat(content(bytes)).isEqualTo(MESSAGE);
    }

    @Test
    void aMessageInsideALargerArrayKeepsItsOffsetAndLength() {
        byte[] backing = ("xxxx" + new String(MESSAGE, StandardCharsets.UTF_8) + "yy").getBytes(StandardCharsets.UTF_8);
        ReceivedBytes bytes = ReceivedBytes.of(BufferInternal.buffer(
                Unpooled.wrappedBuffer(backing).readerIndex(4).writerIndex(4 + MESSAGE.length)));

        assertThat(bytes.offset()).isEqualTo(4);
        assertThat(content(bytes)).isEqualTo(MESSAGE);
    }

    @Test
    void aReassembledFragmentedMessageIsReadInPlaceUpToItsEnd() {
        Buffer whole = Buffer.buffer(4 * MESSAGE.length).appendBytes(MESSAGE, 0, 5).appendBytes(MESSAGE, 5, MESSAGE.length - 5);

        assertThat(content(ReceivedBytes.of(whole))).isEqualTo(MESSAGE);
    }

    @Test
    void aDirectBufferIsCopied() {
        ReceivedBytes bytes = ReceivedBytes.of(BufferInternal.buffer(Unpooled.directBuffer().writeBytes(MESSAGE)));

        assertThat(bytes.offset()).isZero();
        assertThat(bytes.array()).isEqualTo(MESSAGE);
    }

    private static byte[] content(ReceivedBytes bytes) {
        return Arrays.copyOfRange(bytes.array(), bytes.offset(), bytes.offset() + bytes.length());
    }
}
