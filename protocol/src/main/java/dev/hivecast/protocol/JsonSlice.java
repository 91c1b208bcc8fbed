package dev.hivecast.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A JSON value kept as the exact bytes it arrived in (a slice of the received frame), so an
 * {@code offer} or {@code answer} object is relayed without being decoded and re-encoded.
 * The backing array belongs to one received frame and is never mutated after parsing.
 *
 * <p>Two slices are equal when their bytes are, wherever they live: a parsed offer equals
 * {@code JsonSlice.of} of the same text, so messages carrying slices compare by value.
 */
public record JsonSlice(byte[] bytes, int offset, int length) {

    public JsonSlice {
        Objects.checkFromIndexSize(offset, length, bytes.length);
    }

    public static JsonSlice of(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return new JsonSlice(b, 0, b.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonSlice other
                && Arrays.equals(bytes, offset, offset + length, other.bytes, other.offset, other.offset + other.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = 31 * h + bytes[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
