package dev.hivecast.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Breaks valid frames the ways a fuzzer would: cut, flip, splice, retype, nest, inflate. */
final class FrameMutator {

    private static final String[] VALUES = {"null", "true", "false", "0", "-0", "-1", "1e999", "-1e999", "1e-999",
        "1180591620717411303424", "-1180591620717411303424", "9".repeat(999), "0." + "0".repeat(500) + "1",
        "\"\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"" + "x".repeat(70) + "\"", "[]", "{}", "[null]", "[[]]",
        "[{}]", "[{\"offer\":null}]", "[{\"offer\":{},\"offer_id\":7}]", "{\"type\":\"offer\"}", "\"\u00ff\u0100\"",
        "[" .repeat(40) + "]".repeat(40), "{\"a\":".repeat(40) + "1" + "}".repeat(40), "\"\\u0000\""};
    private static final String[] FIELDS = {"action", "info_hash", "peer_id", "to_peer_id", "event", "left",
        "numwant", "offers", "answer", "offer_id", "offer"};

    private final Random random;

    FrameMutator(Random random) {
        this.random = random;
    }

    byte[] mutate(byte[] frame) {
        byte[] result = frame;
        int rounds = random.nextInt(4) == 0 ? 2 : 1;
        for (int i = 0; i < rounds; i++) {
            result = once(result);
        }
        return result;
    }

    private byte[] once(byte[] f) {
        switch (random.nextInt(10)) {
            case 0: // truncate
                return java.util.Arrays.copyOf(f, random.nextInt(f.length + 1));
            case 1: { // flip bytes
                byte[] copy = f.clone();
                for (int n = 1 + random.nextInt(4); n > 0 && copy.length > 0; n--) {
                    copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return copy;
            }
            case 2: { // splice random bytes in
                byte[] junk = new byte[1 + random.nextInt(8)];
                random.nextBytes(junk);
                int at = random.nextInt(f.length + 1);
                byte[] out = new byte[f.length + junk.length];
                System.arraycopy(f, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(f, at, out, at + junk.length, f.length - at);
                return out;
            }
            case 3: // wrap in nesting
                int depth = random.nextInt(60);
                return ("[".repeat(depth) + new String(f, StandardCharsets.UTF_8) + "]".repeat(depth))
                        .getBytes(StandardCharsets.UTF_8);
            case 4, 5, 6: // give a known field a value of the wrong type
                return retype(f);
            default: // add a field at the front
                String s = new String(f, StandardCharsets.UTF_8);
                String field = "\"" + FIELDS[random.nextInt(FIELDS.length)] + "\":" + VALUES[random.nextInt(VALUES.length)];
                return (s.startsWith("{") ? "{" + field + "," + s.substring(1) : field + s).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Replaces the value after one occurrence of {@code "field":} with a random one, up to the next comma. */
    private byte[] retype(byte[] f) {
        String s = new String(f, StandardCharsets.UTF_8);
        String key = "\"" + FIELDS[random.nextInt(FIELDS.length)] + "\"";
        int at = s.indexOf(key);
        if (at < 0) {
            return f;
        }
        int colon = s.indexOf(':', at + key.length());
        if (colon < 0) {
            return f;
        }
        int end = s.indexOf(',', colon);
        end = end < 0 ? s.length() - 1 : end;
        return (s.substring(0, colon + 1) + VALUES[random.nextInt(VALUES.length)] + s.substring(end))
                .getBytes(StandardCharsets.UTF_8);
    }
}
