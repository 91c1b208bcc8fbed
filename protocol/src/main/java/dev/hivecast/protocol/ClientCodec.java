package dev.hivecast.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The client's half of the wire codec, the mirror of {@link TrackerCodec}: requests to the bytes
 * of one text message, written as real clients write them ({@link RequestEncoder}), and one
 * tracker reply to a typed {@link OutMessage}. The load generator and the tests talk to the
 * tracker through it. Thread-safe; one instance serves any number of connections.
 */
public final class ClientCodec {

    private final JsonFactory jsonFactory = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    public byte[] encode(ClientAnnounce announce) {
        return RequestEncoder.announce(Objects.requireNonNull(announce, "announce"));
    }

    public byte[] encode(AnswerRequest answer) {
        return RequestEncoder.answer(Objects.requireNonNull(answer, "answer"));
    }

    /** One hash as a string, several as an array, none as a full scrape (no {@code info_hash}). */
    public byte[] encode(ScrapeRequest scrape) {
        return RequestEncoder.scrape(scrape.isFull() ? List.of() : scrape.infoHashes(), false);
    }

    /** A scrape whose {@code info_hash} is an array even for one hash, as {@code Client.scrape} sends it. */
    public byte[] encodeScrapeArray(List<InfoHash> infoHashes) {
        return RequestEncoder.scrape(List.copyOf(infoHashes), true);
    }

    /**
     * The {@code {"type":…,"sdp":…}} object of an offer or answer, to put in an {@link Offer} or
     * {@link AnswerRequest}. Build it once per SDP: a message then copies its bytes.
     */
    public static JsonSlice sessionDescription(String type, String sdp) {
        return RequestEncoder.sessionDescription(type, sdp);
    }

    /** {@link #parseReply(byte[], int, int)} of the whole array. */
    public OutMessage parseReply(byte[] frame) throws ProtocolException {
        return parseReply(frame, 0, frame.length);
    }

    /**
     * Reads one tracker-to-client message. Offers and answers come back as slices of
     * {@code frame}, which must therefore not be modified afterwards.
     *
     * @throws ProtocolException with {@link FailureReasons#INVALID_JSON} or
     *                           {@link FailureReasons#NOT_AN_OBJECT} for what is not a JSON object,
     *                           and {@link #NOT_A_REPLY} for an object that is none of the replies
     */
    public OutMessage parseReply(byte[] frame, int offset, int length) throws ProtocolException {
        Objects.checkFromIndexSize(offset, length, frame.length);
        try (JsonParser parser = jsonFactory.createParser(frame, offset, length)) {
            return new ReplyReader(parser, frame, offset).read();
        } catch (IOException | RuntimeException e) {
            throw ProtocolException.parseLevel(FailureReasons.INVALID_JSON);
        }
    }

    /** The reason {@link #parseReply} gives for valid JSON that is not a tracker reply. */
    public static final String NOT_A_REPLY = ReplyReader.NOT_A_REPLY;
}
