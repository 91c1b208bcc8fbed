package dev.hivecast.tracker.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A JSON value kept as the exact bytes it arrived in (a slice of the received frame), so an
 * {@code offer} or {@code answer} object is relayed without being decoded and re-encoded.
 * The backing array belongs to one received frame and is never mutated after parsing.
 */
public record JsonSlice(byte[] bytes, int offset, int length) {

    public static JsonSlice of(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return new JsonSlice(b, 0, b.length);
    }

    @Override
    public String toString() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
