package dev.hivecast.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.Objects;

/**
 * The tracker's half of the wire codec: one WebSocket message (text or binary: the reference
 * tracker reads both as UTF-8 JSON, and so do we) to a
 * typed request, and a typed reply to the bytes of one text message.
 *
 * <p>Thread-safe and stateless apart from jackson's symbol table: one instance serves every event
 * loop. {@link #parse} never throws anything but {@link ProtocolException} for any frame content
 * (whatever the frame holds, a client only ever gets a failure reason back), and it has no size limit of its own: the transport bounds messages (64 KiB).
 */
public final class TrackerCodec {

    private final CodecLimits limits;
    private final JsonFactory jsonFactory;
    private final String tooManyScrapeHashesReason;

    public TrackerCodec() {
        this(CodecLimits.DEFAULTS);
    }

    public TrackerCodec(CodecLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.jsonFactory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .build())
                // Field names are client-chosen: canonicalise them (no String per known name) but
                // do not intern them into the JVM-wide string table.
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                // Never quote a frame in an exception message (the default since 2.16; pinned here).
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        this.tooManyScrapeHashesReason = FailureReasons.tooManyScrapeHashes(limits.maxScrapeHashes());
    }

    public CodecLimits limits() {
        return limits;
    }

    /** {@link #parse(byte[], int, int)} of the whole array. */
    public InMessage parse(byte[] frame) throws ProtocolException {
        return parse(frame, 0, frame.length);
    }

    /**
     * Parses and validates one message. {@code offer} and {@code answer} objects come back as
     * slices of {@code frame}, which must therefore not be modified afterwards.
     *
     * @throws ProtocolException for anything that is not a valid request, with the failure reason
     *                           and as much context (action, info_hash) as the frame gave
     * @throws IndexOutOfBoundsException if offset and length do not lie within {@code frame}
     */
    public InMessage parse(byte[] frame, int offset, int length) throws ProtocolException {
        Objects.checkFromIndexSize(offset, length, frame.length);
        if (!looksLikeUtf8Json(frame, offset, length)) {
            throw ProtocolException.parseLevel(FailureReasons.INVALID_JSON);
        }
        RequestFields fields;
        try (JsonParser parser = jsonFactory.createParser(frame, offset, length)) {
            fields = new RequestReader(parser, frame, offset, length, limits).read();
        } catch (IOException | RuntimeException e) {
            // IOException: jackson's syntax, constraint and end-of-input errors. RuntimeException:
            // whatever else garbage provokes (symbol-table flooding is an IllegalStateException);
            // a client must never be able to turn a frame into anything but a failure reason.
            throw ProtocolException.parseLevel(FailureReasons.INVALID_JSON);
        }
        return fields.toMessage(tooManyScrapeHashesReason);
    }

    /** The bytes of one text message; see {@link MessageEncoder} for the shapes. {@link ClientCodec} reads them back. */
    public byte[] encode(OutMessage message) {
        return MessageEncoder.encode(Objects.requireNonNull(message, "message"));
    }

    /** A relayed offer in pieces, to be written without joining them first (see {@link RelayParts}). */
    public RelayParts encodeRelay(OfferMessage message) {
        return MessageEncoder.relay(Objects.requireNonNull(message, "message"));
    }

    /** A relayed answer in pieces, to be written without joining them first (see {@link RelayParts}). */
    public RelayParts encodeRelay(AnswerMessage message) {
        return MessageEncoder.relay(Objects.requireNonNull(message, "message"));
    }

    /**
     * Strict UTF-8 without a byte-order mark, and no NUL in the first four bytes. jackson would
     * otherwise detect UTF-16 or UTF-32 from those bytes, or skip a BOM, and JSON.parse (BT) does
     * neither; its byte offsets, which the slices rely on, would no longer be UTF-8 offsets.
     */
    private static boolean looksLikeUtf8Json(byte[] b, int offset, int length) {
        if (length >= 3 && (b[offset] & 0xFF) == 0xEF && (b[offset + 1] & 0xFF) == 0xBB
                && (b[offset + 2] & 0xFF) == 0xBF) {
            return false;
        }
        for (int i = offset, end = offset + Math.min(length, 4); i < end; i++) {
            if (b[i] == 0) {
                return false;
            }
        }
        return Utf8.isValid(b, offset, length);
    }
}
