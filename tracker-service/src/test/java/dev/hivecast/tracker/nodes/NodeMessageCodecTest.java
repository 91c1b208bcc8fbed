package dev.hivecast.tracker.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.JsonSlice;
import dev.hivecast.protocol.Offer;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.swarm.NodeMessage;
import dev.hivecast.tracker.swarm.NodeMessage.RemoteAnswer;
import dev.hivecast.tracker.swarm.NodeMessage.RemoteOffers;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** What one node sends another arrives as the same message, byte for byte. */
class NodeMessageCodecTest {

    @Property(tries = 200)
    void offersSurviveTheTripExactly(@ForAll @Size(20) byte[] infoHash, @ForAll @Size(20) byte[] offerer,
                                     @ForAll long session, @ForAll @StringLength(max = 64) String offerId,
                                     @ForAll @StringLength(max = 300) String sdp) {
        RemoteOffers sent = new RemoteOffers(new InfoHash(infoHash), new PeerId(offerer), session,
                List.of(new Offer(offerId, JsonSlice.of("{\"sdp\":" + quoted(sdp) + "}")), new Offer("b", JsonSlice.of("{}"))));

        NodeMessageCodec.Envelope got = NodeMessageCodec.decode(NodeMessageCodec.encode("node-a", sent));

        assertThat(got.fromNode()).isEqualTo("node-a");
        assertThat(got.messages()).containsExactly(sent);
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

    private static RemoteAnswer answer(long session, String offerId) {
        return new RemoteAnswer(session, new AnswerMessage(new InfoHash(new byte[20]), new PeerId(new byte[20]), offerId,
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

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(String.format("\\u%04x", (int) c));
        }
        return b.append('"').toString();
    }
}
