package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.CODEC;
import static dev.hivecast.protocol.TestFrames.js;
import static dev.hivecast.protocol.TestFrames.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every frame of the captures of real clients against the reference tracker (protocol/src/test/resources/fixtures/README.md).
 * Client frames are parsed and checked against what jackson-databind reads from them; tracker
 * frames are rebuilt from typed data and must come out byte for byte as the reference sent them,
 * the relayed offers and answers from the slices our parser took out of the client's frame.
 */
class GoldenFixturesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Frame(int index, int conn, boolean c2s, byte[] bytes) {
    }

    private record Counts(int parsed, int rejected, int replies, int offers, int answers, int scrapes, int failures) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"bittorrent-tracker-client.jsonl", "webtorrent.jsonl", "raw-ws-probes.jsonl",
        "bittorrent-tracker-client-update.jsonl", "p2p-media-loader.jsonl", "p2p-media-loader-switching.jsonl"})
    void B9_D27_E33_G48_everyCapturedFrameParsesAndEveryReplyIsRebuiltByteForByte(String file) throws Exception {
        List<Frame> frames = read(file);
        Map<String, List<Offer>> offersByKey = new HashMap<>();
        Map<String, List<AnswerRequest>> answersByKey = new HashMap<>();
        Map<Offer, AnnounceRequest> announceOf = new HashMap<>();
        int parsed = 0;
        int rejected = 0;
        int replies = 0;
        int offers = 0;
        int answers = 0;
        int scrapes = 0;
        int failures = 0;
        for (Frame f : frames) {
            if (f.c2s()) {
                if (isRejectedByTheReference(frames, f)) {
                    checkRejected(f, replyTo(frames, f));
                    rejected++;
                    continue;
                }
                InMessage m = CODEC.parse(f.bytes(), 0, f.bytes().length);
                checkAgainstOracle(m, MAPPER.readTree(f.bytes()));
                if (m instanceof AnnounceRequest a) {
                    for (Offer o : a.offers()) {
                        offersByKey.computeIfAbsent(key(o.offerId(), a.peerId()), k -> new ArrayList<>()).add(o);
                        announceOf.put(o, a);
                    }
                } else if (m instanceof AnswerRequest a) {
                    answersByKey.computeIfAbsent(key(a.offerId(), a.peerId()), k -> new ArrayList<>()).add(a);
                }
                parsed++;
                continue;
            }
            JsonNode reply = MAPPER.readTree(f.bytes());
            if (reply.has("failure reason")) {
                assertRebuilt(f, new ErrorResponse(null, null, reply.get("failure reason").asText()));
                failures++;
            } else if (reply.has("offer")) {
                String k = key(reply.get("offer_id").asText(), peer(reply.get("peer_id")));
                List<Offer> candidates = offersByKey.getOrDefault(k, List.of());
                assertThat(candidates).as("the announce that carried offer %s", k).isNotEmpty();
                assertAnyRebuilt(f, candidates.stream().map(o -> (OutMessage) new OfferMessage(
                        announceOf.get(o).infoHash(), announceOf.get(o).peerId(), o.offerId(), o.offer())).toList());
                offers++;
            } else if (reply.has("answer")) {
                String k = key(reply.get("offer_id").asText(), peer(reply.get("peer_id")));
                List<AnswerRequest> candidates = answersByKey.getOrDefault(k, List.of());
                assertThat(candidates).as("the answer message %s", k).isNotEmpty();
                assertAnyRebuilt(f, candidates.stream().map(a -> (OutMessage) new AnswerMessage(
                        a.infoHash(), a.peerId(), a.offerId(), a.answer())).toList());
                answers++;
            } else if ("scrape".equals(reply.get("action").asText())) {
                assertRebuilt(f, scrapeResponse(reply));
                scrapes++;
            } else {
                assertRebuilt(f, new AnnounceResponse(hash(reply.get("info_hash")), reply.get("complete").asInt(),
                        reply.get("incomplete").asInt(), reply.get("interval").asInt()));
                replies++;
            }
        }
        assertThat(parsed + rejected + replies + offers + answers + scrapes + failures).isEqualTo(frames.size());
        assertThat(new Counts(parsed, rejected, replies, offers, answers, scrapes, failures))
                .isEqualTo(EXPECTED.get(file));
    }

    /** From the table in protocol/src/test/resources/fixtures/README.md#message-kinds (s2c failure reason, relayed offers, …); the rest counted once. */
    private static final Map<String, Counts> EXPECTED = Map.of(
            "bittorrent-tracker-client.jsonl", new Counts(147, 0, 42, 95, 93, 12, 0),
            "webtorrent.jsonl", new Counts(7, 0, 6, 1, 1, 0, 0),
            "raw-ws-probes.jsonl", new Counts(42, 7, 35, 0, 0, 0, 7),
            "bittorrent-tracker-client-update.jsonl", new Counts(9, 0, 6, 2, 2, 1, 0),
            "p2p-media-loader.jsonl", new Counts(6, 0, 3, 3, 3, 0, 0),
            "p2p-media-loader-switching.jsonl", new Counts(11, 0, 7, 4, 4, 0, 0));

    /** The reference answered this client frame with a failure reason. */
    private static boolean isRejectedByTheReference(List<Frame> frames, Frame f) throws IOException {
        Frame next = replyTo(frames, f);
        return next != null && MAPPER.readTree(next.bytes()).has("failure reason");
    }

    private static Frame replyTo(List<Frame> frames, Frame f) {
        for (int i = f.index() + 1; i < frames.size(); i++) {
            Frame next = frames.get(i);
            if (next.conn() == f.conn()) {
                return next.c2s() ? null : next;
            }
        }
        return null;
    }

    /** We reject what the reference rejected, with BT's text where it has one of its own. */
    private static void checkRejected(Frame f, Frame reply) throws IOException {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> CODEC.parse(f.bytes()));
        assertThat(e).as("rejection of %s", text(f.bytes())).isNotNull();
        String theirs = MAPPER.readTree(reply.bytes()).get("failure reason").asText();
        String ours = switch (theirs) {
            case "invalid info_hash", "invalid peer_id", "invalid action in WS request: frobnicate" -> theirs;
            case "Cannot set properties of null (setting 'type')" -> FailureReasons.NOT_AN_OBJECT;
            default -> FailureReasons.INVALID_JSON; // V8's JSON.parse messages
        };
        assertThat(e.reason()).isEqualTo(ours);
    }

    private static void checkAgainstOracle(InMessage m, JsonNode node) {
        String action = node.get("action").asText();
        if (m instanceof ScrapeRequest s) {
            assertThat(action).isEqualTo("scrape");
            Set<InfoHash> expected = new LinkedHashSet<>();
            JsonNode ih = node.get("info_hash");
            if (ih.isArray()) {
                ih.forEach(h -> expected.add(hash(h)));
            } else {
                expected.add(hash(ih));
            }
            assertThat(s.infoHashes()).containsExactlyElementsOf(expected);
            assertThat(s.isFull()).isFalse();
            return;
        }
        assertThat(action).isEqualTo("announce");
        if (m instanceof AnswerRequest a) {
            assertThat(a.infoHash()).isEqualTo(hash(node.get("info_hash")));
            assertThat(a.peerId()).isEqualTo(peer(node.get("peer_id")));
            assertThat(a.toPeerId()).isEqualTo(peer(node.get("to_peer_id")));
            assertThat(a.offerId()).isEqualTo(node.get("offer_id").asText());
            assertThat(text(a.answer())).isEqualTo(stringify(node.get("answer")));
            return;
        }
        AnnounceRequest a = (AnnounceRequest) m;
        assertThat(node.hasNonNull("answer")).isFalse();
        assertThat(a.infoHash()).isEqualTo(hash(node.get("info_hash")));
        assertThat(a.peerId()).isEqualTo(peer(node.get("peer_id")));
        assertThat(a.event()).isEqualTo(node.has("event") ? Event.valueOf(node.get("event").asText().toUpperCase()) : Event.UPDATE);
        assertThat(a.complete()).isEqualTo(node.path("left").isNumber() && node.get("left").asDouble() == 0);
        assertThat(a.numwant()).isEqualTo(node.path("numwant").isInt() ? node.get("numwant").asInt() : -1);
        JsonNode offers = node.path("offers");
        assertThat(a.offers()).hasSize(Math.min(offers.size(), CodecLimits.DEFAULT_MAX_OFFERS));
        for (int i = 0; i < a.offers().size(); i++) {
            assertThat(a.offers().get(i).offerId()).isEqualTo(offers.get(i).get("offer_id").asText());
            assertThat(text(a.offers().get(i).offer())).isEqualTo(stringify(offers.get(i).get("offer")));
        }
    }

    private static ScrapeResponse scrapeResponse(JsonNode reply) {
        List<ScrapeResponse.Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = reply.get("files").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            entries.add(new ScrapeResponse.Entry(Objects.requireNonNull(InfoHash.fromBinaryString(e.getKey())),
                    e.getValue().get("complete").asInt(), e.getValue().get("incomplete").asInt(),
                    e.getValue().get("downloaded").asLong()));
        }
        return new ScrapeResponse(entries, reply.get("flags").get("min_request_interval").asInt());
    }

    private static void assertRebuilt(Frame f, OutMessage message) {
        byte[] ours = CODEC.encode(message);
        assertThat(text(ours)).as("frame %d", f.index()).isEqualTo(text(f.bytes()));
        assertThat(ours).as("frame %d", f.index()).isEqualTo(f.bytes());
    }

    private static void assertAnyRebuilt(Frame f, List<OutMessage> candidates) {
        for (OutMessage m : candidates) {
            if (java.util.Arrays.equals(CODEC.encode(m), f.bytes())) {
                return;
            }
        }
        assertRebuilt(f, candidates.get(0));
    }

    /** JSON.stringify of the parsed object, longhand: it is how every client wrote its offers. */
    private static String stringify(JsonNode node) {
        if (node.isObject()) {
            List<String> members = new ArrayList<>();
            node.fields().forEachRemaining(e -> members.add(js(e.getKey()) + ":" + stringify(e.getValue())));
            return "{" + String.join(",", members) + "}";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(stringify(n)));
            return "[" + String.join(",", items) + "]";
        }
        if (node.isTextual()) {
            return js(node.asText());
        }
        if (node.isIntegralNumber() || node.isBoolean() || node.isNull()) {
            return node.toString();
        }
        return fail("no JSON.stringify spelling for " + node);
    }

    private static InfoHash hash(JsonNode n) {
        return Objects.requireNonNull(InfoHash.fromBinaryString(n.asText()), n.asText());
    }

    private static PeerId peer(JsonNode n) {
        return Objects.requireNonNull(PeerId.fromBinaryString(n.asText()), n.asText());
    }

    private static String key(String offerId, PeerId peerId) {
        return peerId.toHex() + "/" + offerId;
    }

    static List<Frame> read(String file) throws IOException {
        List<Frame> frames = new ArrayList<>();
        try (InputStream in = GoldenFixturesTest.class.getResourceAsStream("/fixtures/" + file)) {
            assertThat(in).as("fixture %s on the test classpath", file).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode n = MAPPER.readTree(line);
                if (!n.has("dir")) {
                    continue; // open and close events
                }
                byte[] bytes = n.has("frame_b64") ? Base64.getDecoder().decode(n.get("frame_b64").asText())
                        : n.get("frame").asText().getBytes(StandardCharsets.UTF_8);
                frames.add(new Frame(frames.size(), n.get("conn").asInt(), "c2s".equals(n.get("dir").asText()), bytes));
            }
        }
        return frames;
    }
}
