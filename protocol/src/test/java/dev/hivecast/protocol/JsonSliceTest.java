package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.AWKWARD_ID;
import static dev.hivecast.protocol.TestFrames.PEER;
import static dev.hivecast.protocol.TestFrames.announce;
import static dev.hivecast.protocol.TestFrames.parseAnnounce;
import static dev.hivecast.protocol.TestFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSliceTest {

    @Test
    void slicesCompareByTheirBytesSoParsedMessagesCompareByValue() throws Exception {
        AnnounceRequest a = parseAnnounce(announce(AWKWARD_ID, PEER,
                ",\"event\":\"started\",\"offers\":[{\"offer\":{\"sdp\":\"v=0\\r\\n\"},\"offer_id\":\"o\"}]"));
        assertThat(a).isEqualTo(new AnnounceRequest(new InfoHash(AWKWARD_ID), new PeerId(PEER), Event.STARTED, false,
                AnnounceRequest.NUMWANT_ABSENT, List.of(new Offer("o", JsonSlice.of("{\"sdp\":\"v=0\\r\\n\"}"))), 0, 0));
        assertThat(a.offers().get(0).offer().hashCode()).isEqualTo(JsonSlice.of("{\"sdp\":\"v=0\\r\\n\"}").hashCode());
    }

    @Test
    void slicesOfDifferentBytesDiffer() {
        byte[] b = utf8("{}{ }");
        assertThat(new JsonSlice(b, 0, 2)).isNotEqualTo(new JsonSlice(b, 2, 3)).isEqualTo(JsonSlice.of("{}"));
    }

    @Test
    void aSliceMustLieWithinItsArray() {
        assertThatThrownBy(() -> new JsonSlice(new byte[3], 2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
