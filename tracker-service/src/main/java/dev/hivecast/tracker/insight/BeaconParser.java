package dev.hivecast.tracker.insight;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads a beacon body, {@code {"stream":"...","p2p":N,"http":N}}, strictly: one object, each of
 * the three fields exactly once, byte counts as JSON integers from 0 to the plausibility cap.
 * Other fields are skipped, so a page may send more without being refused by an older tracker.
 */
public final class BeaconParser {

    private static final JsonFactory JSON = new JsonFactory();

    /** Either a beacon or why there is none. */
    public record Result(Beacon beacon, BeaconRefusal refusal) {
        static Result refused(BeaconRefusal why) {
            return new Result(null, why);
        }
    }

    private final long maxBytesPerReport;

    public BeaconParser(long maxBytesPerReport) {
        this.maxBytesPerReport = maxBytesPerReport;
    }

    public Result parse(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Result.refused(BeaconRefusal.MALFORMED);
            }
            Result result = fields(p);
            if (result.refusal() == null && p.nextToken() != null) {
                return Result.refused(BeaconRefusal.MALFORMED); // something after the object
            }
            return result;
        } catch (IOException e) {
            return Result.refused(BeaconRefusal.MALFORMED);
        }
    }

    private Result fields(JsonParser p) throws IOException {
        String stream = null;
        long p2p = -1;
        long http = -1;
        BeaconRefusal implausible = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "stream" -> {
                    if (stream != null || value != JsonToken.VALUE_STRING) {
                        return Result.refused(BeaconRefusal.BAD_FIELD);
                    }
                    stream = p.getText();
                    if (stream.isEmpty() || stream.length() > Beacon.MAX_STREAM_LENGTH) {
                        return Result.refused(BeaconRefusal.BAD_FIELD);
                    }
                }
                case "p2p", "http" -> {
                    if (value != JsonToken.VALUE_NUMBER_INT || ("p2p".equals(name) ? p2p : http) != -1) {
                        return Result.refused(BeaconRefusal.BAD_FIELD);
                    }
                    long n = count(p);
                    if (n < 0) {
                        implausible = BeaconRefusal.IMPLAUSIBLE;
                        n = 0; // still a field seen: a repeat of it is a bad field, not a second chance
                    }
                    if ("p2p".equals(name)) {
                        p2p = n;
                    } else {
                        http = n;
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            return Result.refused(BeaconRefusal.MALFORMED);
        }
        if (stream == null || p2p == -1 || http == -1) {
            return Result.refused(BeaconRefusal.BAD_FIELD);
        }
        return implausible != null ? Result.refused(implausible) : new Result(new Beacon(stream, p2p, http), null);
    }

    /** The integer under the parser, or -1 when it is negative, beyond a long, or above the cap. */
    private long count(JsonParser p) throws IOException {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return -1;
        }
        long n = p.getLongValue();
        return n < 0 || n > maxBytesPerReport ? -1 : n;
    }
}
