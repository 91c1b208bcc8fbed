package dev.hivecast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.IceCandidates;
import dev.hivecast.protocol.Offer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The generator's offers give the tracker's candidate reading its real work: host and srflx lines. */
class SyntheticSdpTest {

    @Test
    void offersCarryHostAndServerReflexiveCandidatesAsTheTrackerReadsThem() {
        for (String sdp : SyntheticSdp.offers(8, 1300, new SplittableRandom(1))) {
            assertThat(sdp).hasSize(1300);
            int kinds = IceCandidates.of(Offer.of("o", sdp).offer());
            assertThat(IceCandidates.Kind.HOST.in(kinds)).as(sdp).isTrue();
            assertThat(IceCandidates.Kind.SRFLX.in(kinds)).as(sdp).isTrue();
        }
    }
}
