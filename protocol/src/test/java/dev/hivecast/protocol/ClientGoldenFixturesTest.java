package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.CODEC;
import static dev.hivecast.protocol.TestFrames.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client side against the same captures: every request a real client sent is rebuilt byte
 * for byte by {@link ClientCodec} from what jackson-databind reads of it (the keys each client
 * sends, their order, ids and SDPs as JSON.stringify writes them), and every reply the reference
 * tracker sent reads back to a message that the tracker's encoder turns into the same bytes.
 */
class ClientGoldenFixturesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ClientCodec CLIENT = new ClientCodec();

    @ParameterizedTest
    @ValueSource(strings = {"bittorrent-tracker-client.jsonl", "webtorrent.jsonl",
        "bittorrent-tracker-client-update.jsonl", "p2p-media-loader.jsonl", "p2p-media-loader-switching.jsonl"})
    void everyRealClientRequestIsRebuiltByteForByte(String file) throws Exception {
        int rebuilt = 0;
        for (GoldenFixturesTest.Frame f : GoldenFixturesTest.read(file)) {
            if (f.c2s()) {
                assertThat(text(encode(MAPPER.readTree(f.bytes())))).as("frame %d of %s", f.index(), file)
                        .isEqualTo(text(f.bytes()));
                rebuilt++;
            }
        }
        assertThat(rebuilt).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bittorrent-tracker-client.jsonl", "webtorrent.jsonl", "raw-ws-probes.jsonl",
        "bittorrent-tracker-client-update.jsonl", "p2p-media-loader.jsonl", "p2p-media-loader-switching.jsonl"})
    void everyReferenceReplyReadsBackToWhatEncodesToItsBytes(String file) throws Exception {
        int read = 0;
        for (GoldenFixturesTest.Frame f : GoldenFixturesTest.read(file)) {
            if (!f.c2s()) {
                OutMessage m = CLIENT.parseReply(f.bytes());
                assertThat(text(CODEC.encode(m))).as("frame %d of %s", f.index(), file).isEqualTo(text(f.bytes()));
                read++;
            }
        }
        assertThat(read).isPositive();
    }

    /** The request the frame is, built from the tree as a client would build it. */
    private static byte[] encode(JsonNode n) {
        InfoHash ih = n.get("info_hash").isArray() ? null : hash(n.get("info_hash"));
        if ("scrape".equals(n.get("action").asText())) {
            if (n.get("info_hash").isArray()) {
                List<InfoHash> hashes = new ArrayList<>();
                n.get("info_hash").forEach(h -> hashes.add(hash(h)));
                return CLIENT.encodeScrapeArray(hashes);
            }
            return CLIENT.encode(new ScrapeRequest(List.of(ih), false));
        }
        PeerId peer = peer(n.get("peer_id"));
        if (n.has("answer")) {
            return CLIENT.encode(new AnswerRequest(ih, peer, peer(n.get("to_peer_id")), n.get("offer_id").asText(),
                    ClientCodec.sessionDescription(n.get("answer").get("type").asText(), n.get("answer").get("sdp").asText())));
        }
        ClientAnnounce a = ClientAnnounce.of(ih, peer)
                .withTransferred(n.get("uploaded").asLong(), n.get("downloaded").asLong());
        if (n.has("numwant")) {
            a = a.withNumwant(n.get("numwant").asInt());
        }
        if (n.has("left")) {
            a = a.withLeft(n.get("left").isNull() ? ClientAnnounce.LEFT_NULL : n.get("left").asLong());
        }
        if (n.has("event")) {
            a = a.withEvent(Event.valueOf(n.get("event").asText().toUpperCase()));
        }
        if (n.has("offers")) {
            List<Offer> offers = new ArrayList<>();
            for (JsonNode o : n.get("offers")) {
                assertThat(o.get("offer").get("type").asText()).isEqualTo("offer");
                offers.add(Offer.of(o.get("offer_id").asText(), o.get("offer").get("sdp").asText()));
            }
            a = a.withOffers(offers);
        }
        return CLIENT.encode(a);
    }

    private static InfoHash hash(JsonNode n) {
        return Objects.requireNonNull(InfoHash.fromBinaryString(n.asText()), n.asText());
    }

    private static PeerId peer(JsonNode n) {
        return Objects.requireNonNull(PeerId.fromBinaryString(n.asText()), n.asText());
    }
}
