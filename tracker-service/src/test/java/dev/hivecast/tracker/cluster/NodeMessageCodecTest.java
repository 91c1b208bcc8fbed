package dev.hivecast.tracker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivecast.tracker.protocol.AnswerMessage;
import dev.hivecast.tracker.protocol.InfoHash;
import dev.hivecast.tracker.protocol.JsonSlice;
import dev.hivecast.tracker.protocol.Offer;
import dev.hivecast.tracker.protocol.PeerId;
import dev.hivecast.tracker.swarm.NodeMessage.RemoteAnswer;
import dev.hivecast.tracker.swarm.NodeMessage.RemoteOffers;
import io.vertx.core.buffer.Buffer;
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
        assertThat(got.message()).isEqualTo(sent);
    }

    @Test
    void anOfferIdWithALoneSurrogateIsEchoedAsItCame() {
        AnswerMessage answer = new AnswerMessage(new InfoHash(new byte[20]), new PeerId(new byte[20]), "x\ud800y",
                JsonSlice.of("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}"));
        RemoteAnswer sent = new RemoteAnswer(42, answer);

        assertThat(NodeMessageCodec.decode(NodeMessageCodec.encode("n", sent)).message()).isEqualTo(sent);
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
