package dev.hivecast.tracker.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.JsonSlice;
import dev.hivecast.protocol.Offer;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.locality.GroupKey;
import dev.hivecast.tracker.locality.Locality;
import dev.hivecast.tracker.swarm.NodeMessage;
import dev.hivecast.tracker.swarm.NodeMessage.RemoteAnswer;
import dev.hivecast.tracker.swarm.NodeMessage.RemoteOffers;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What one node sends another arrives as the same message, byte for byte. */
class NodeMessageCodecTest {

    /** Connection numbers at the ends of their ranges, met before the drawn ones. */
    private static final long[] SESSIONS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, Integer.MIN_VALUE};
    /** UTF-16 units a string writer trips on: quote, backslash, controls, multi-byte, surrogates paired and alone. */
    private static final char[] AWKWARD = {'"', '\\', '\u0000', '\n', '\u007f', '\u0080', '\u07ff', '\u0800',
        '\uffff', '\ud83d', '\ude00', '\ud800', '\udfff'};
    private static final int CASES = 1000;

    /**
     * Over {@value #CASES} cases from one fixed seed ({@code -Dgenerated.seed=N} draws others); the
     * strings' longest length grows with the case number, so the first case that fails is among
     * the shortest. A failing case is printed whole, with its seed.
     */
    @Test
    void offersSurviveTheTripExactly() {
        Random seeds = new Random(Long.getLong("generated.seed", 0x19_5EEDL));
        for (int i = 0; i < CASES; i++) {
            long seed = seeds.nextLong();
            Random r = new Random(seed);
            byte[] infoHash = i == 0 ? new byte[20] : bytes(r);
            byte[] offerer = i == 0 ? new byte[20] : bytes(r);
            long connection = i < SESSIONS.length ? SESSIONS[i] : r.nextLong();
            String offerId = string(r, 64 * (i + 1) / CASES);
            String sdp = string(r, 300 * (i + 1) / CASES);
            RemoteOffers sent = new RemoteOffers(new InfoHash(infoHash), new PeerId(offerer), connection,
                    List.of(new Offer(offerId, JsonSlice.of("{\"sdp\":" + quoted(sdp) + "}")), new Offer("b", JsonSlice.of("{}"))));
            String described = "case " + i + " (new Random(" + seed + "L)): info_hash " + HexFormat.of().formatHex(infoHash)
                    + ", offerer " + HexFormat.of().formatHex(offerer) + ", connection " + connection + ", offer_id "
                    + quoted(offerId) + ", sdp " + quoted(sdp);

            try {
                NodeMessageCodec.Envelope got = NodeMessageCodec.decode(NodeMessageCodec.encode("node-a", sent));

                assertThat(got.fromNode()).isEqualTo("node-a");
                assertThat(got.messages()).containsExactly(sent);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("fails on " + described, e);
            }
        }
    }

    private static byte[] bytes(Random r) {
        byte[] b = new byte[20];
        r.nextBytes(b);
        return b;
    }

    /** Up to {@code maxLength} units of all of UTF-16, a third of them awkward ones. */
    private static String string(Random r, int maxLength) {
        StringBuilder sb = new StringBuilder();
        for (int n = r.nextInt(maxLength + 1); n > 0; n--) {
            sb.append(r.nextInt(3) == 0 ? AWKWARD[r.nextInt(AWKWARD.length)] : (char) r.nextInt(Character.MAX_VALUE + 1));
        }
        return sb.toString();
    }

    @Test
    void severalMessagesForOneNodeTravelAsOnePayloadInTheirOrder() {
        List<NodeMessage> sent = List.of(answer(1, "first"), offers("o1", "o2"), answer(3, "third"));

        Buffer payload = NodeMessageCodec.encode("node-a", sent);
        NodeMessageCodec.Envelope got = NodeMessageCodec.decode(payload);

        assertThat(payload.getByte(0)).isEqualTo(NodeMessageCodec.BATCH_VERSION);
        assertThat(got.fromNode()).isEqualTo("node-a");
        assertThat(got.messages()).containsExactlyElementsOf(sent);
    }

    @Test
    void oneMessageAloneIsWrittenInTheFirstVersionSoEveryNodeCanReadIt() {
        Buffer payload = NodeMessageCodec.encode("node-a", List.of(answer(7, "only")));

        assertThat(payload.getByte(0)).isEqualTo(NodeMessageCodec.VERSION);
        assertThat(payload).isEqualTo(NodeMessageCodec.encode("node-a", answer(7, "only")));
    }

    @Test
    void aBatchCutShortOrCountingFewerThanTwoMessagesIsRefusedNotMisread() {
        Buffer good = NodeMessageCodec.encode("n", List.of(answer(1, "a"), answer(2, "b")));
        int countAt = 1 + 2 + 2; // version, then "n" as length and one UTF-16 unit
        Buffer countsOne = good.copy().setUnsignedShort(countAt, 1);
        Buffer countsThree = good.copy().setUnsignedShort(countAt, 3);
        Buffer cut = good.getBuffer(0, good.length() - 1);

        assertThatThrownBy(() -> NodeMessageCodec.decode(countsOne)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeMessageCodec.decode(countsThree)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeMessageCodec.decode(cut)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeMessageCodec.encode("n", List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static RemoteAnswer answer(long connection, String offerId) {
        return new RemoteAnswer(connection, new AnswerMessage(new InfoHash(new byte[20]), new PeerId(new byte[20]), offerId,
                JsonSlice.of("{\"type\":\"answer\"}")));
    }

    private static RemoteOffers offers(String... offerIds) {
        List<Offer> offers = new ArrayList<>();
        for (String id : offerIds) {
            offers.add(new Offer(id, JsonSlice.of("{\"type\":\"offer\",\"sdp\":\"" + id + "\"}")));
        }
        return new RemoteOffers(new InfoHash(new byte[20]), new PeerId(new byte[20]), 99, offers);
    }

    @Test
    void anOfferIdWithALoneSurrogateIsEchoedAsItCame() {
        AnswerMessage answer = new AnswerMessage(new InfoHash(new byte[20]), new PeerId(new byte[20]), "x\ud800y",
                JsonSlice.of("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}"));
        RemoteAnswer sent = new RemoteAnswer(42, answer);

        assertThat(NodeMessageCodec.decode(NodeMessageCodec.encode("n", sent)).messages()).containsExactly(sent);
    }

    @Test
    void bytesFromAnotherVersionOrCutShortAreRefusedNotMisread() {
        Buffer good = NodeMessageCodec.encode("n", new RemoteAnswer(1, new AnswerMessage(new InfoHash(new byte[20]),
                new PeerId(new byte[20]), "o", JsonSlice.of("{}"))));
        Buffer otherVersion = good.copy().setByte(0, (byte) 9);
        Buffer cut = good.getBuffer(0, good.length() - 3);

        assertThatThrownBy(() -> NodeMessageCodec.decode(otherVersion)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 9");
        assertThatThrownBy(() -> NodeMessageCodec.decode(cut)).isInstanceOf(IllegalArgumentException.class);
    }

    private static RemoteOffers nearOffers(Locality locality, int near) {
        return new RemoteOffers(new InfoHash(new byte[20]), new PeerId(new byte[20]), 5,
                List.of(new Offer("a", JsonSlice.of("{}")), new Offer("b", JsonSlice.of("{}"))), locality, near);
    }

    @Test
    void nearOffersCarryTheOfferersLocalityInVersionThreeAloneOrAmongOthers() {
        Locality everyLevel = Locality.of(new GroupKey(0, 0x7f0a0001L), new GroupKey(1, -3L), new GroupKey(2, 64500),
                new GroupKey(3, 0x4445), false);
        Locality closedSite = Locality.of(new GroupKey(0, 1), new GroupKey(1, Long.MIN_VALUE), null, null, true);
        RemoteOffers alone = nearOffers(everyLevel, 2);
        List<NodeMessage> mixed = List.of(answer(3, "x"), nearOffers(closedSite, 1),
                new RemoteOffers(new InfoHash(new byte[20]), new PeerId(new byte[20]), 6, List.of(new Offer("c", JsonSlice.of("{}")))));

        Buffer one = NodeMessageCodec.encode("node-a", alone);
        Buffer several = NodeMessageCodec.encode("node-a", mixed);

        assertThat(one.getByte(0)).isEqualTo((byte) 3);
        assertThat(NodeMessageCodec.decode(one).messages()).containsExactly(alone);
        assertThat(several.getByte(0)).isEqualTo((byte) 3);
        assertThat(NodeMessageCodec.decode(several).messages()).containsExactlyElementsOf(mixed);
    }

    @Test
    void offersWithoutLocalityStayInTheVersionsOlderNodesRead() {
        RemoteOffers plain = new RemoteOffers(new InfoHash(new byte[20]), new PeerId(new byte[20]), 5,
                List.of(new Offer("a", JsonSlice.of("{}"))));

        assertThat(NodeMessageCodec.encode("n", plain).getByte(0)).isEqualTo((byte) 1);
        assertThat(NodeMessageCodec.encode("n", List.of(plain, answer(1, "a"))).getByte(0)).isEqualTo((byte) 2);
    }

    @Test
    void nearOffersCountingMoreThanTheyHoldOrOutsideVersionThreeAreRefused() {
        Buffer good = NodeMessageCodec.encode("n", nearOffers(Locality.of(new GroupKey(0, 9), null, null, null, false), 2));
        // version, node name (u16 length + 1 unit), count, type: then the body; near:u16 follows the offers
        int nearAt = good.length() - 8 - 1 - 2;
        Buffer tooMany = good.copy().setUnsignedShort(nearAt, 3);
        Buffer inBatchOfVersionTwo = good.copy().setByte(0, (byte) 2);

        assertThat(NodeMessageCodec.decode(good).messages()).hasSize(1);
        assertThatThrownBy(() -> NodeMessageCodec.decode(tooMany)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("near offers: 3 of 2");
        assertThatThrownBy(() -> NodeMessageCodec.decode(inBatchOfVersionTwo)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(String.format("\\u%04x", (int) c));
        }
        return b.append('"').toString();
    }
}
