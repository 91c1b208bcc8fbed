package dev.hivecast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.CodecLimits;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InMessage;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.protocol.TrackerCodec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A switch is read back with the tracker's own codec: what the tracker will see, frame by frame. */
class RenditionSwitchTest {

    private final SplittableRandom random = new SplittableRandom(5);
    private final ViewerRequests frames = new ViewerRequests(SyntheticSdp.offers(4, 1300, random), SyntheticSdp.answers(4, 550, random));
    private final TrackerCodec codec = new TrackerCodec(new CodecLimits(10, 64, 1, 32));
    private final PeerId peerId = GeneratedIds.peerId(17);

    @Test
    void aSwitchIsStoppedOnTheOldInfoHashThenStartedWithFreshOffersOnTheNewOne() throws Exception {
        RenditionLadder ladder = new RenditionLadder(3, 4, 1);
        InfoHash before = ladder.infoHash();
        String[] offerIds = {GeneratedIds.offerId(random), GeneratedIds.offerId(random), GeneratedIds.offerId(random)};
        List<byte[]> switchFrames = ladder.switchFrames(frames, peerId, offerIds, random);

        assertThat(switchFrames).hasSize(2);
        AnnounceRequest stopped = announce(switchFrames.get(0));
        assertThat(stopped.event()).isEqualTo(Event.STOPPED);
        assertThat(stopped.infoHash()).isEqualTo(before);
        assertThat(stopped.peerId()).isEqualTo(peerId);
        assertThat(stopped.offers()).isEmpty();

        AnnounceRequest started = announce(switchFrames.get(1));
        assertThat(started.event()).isEqualTo(Event.STARTED);
        assertThat(started.infoHash()).isEqualTo(ladder.infoHash()).isNotEqualTo(stopped.infoHash());
        assertThat(started.peerId()).isEqualTo(stopped.peerId());
        assertThat(started.offers()).extracting(o -> o.offerId()).containsExactly(offerIds);
    }

    @Test
    void switchesStepOneLevelAtATimeAndStayOnTheLadder() {
        RenditionLadder ladder = new RenditionLadder(0, 3, 0);
        Set<Integer> visited = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int before = ladder.rung();
            ladder.switchFrames(frames, peerId, new String[0], random);
            assertThat(Math.abs(ladder.rung() - before)).isEqualTo(1);
            assertThat(ladder.rung()).isBetween(0, 2);
            assertThat(ladder.infoHash()).isEqualTo(GeneratedIds.infoHash(0, ladder.rung()));
            visited.add(ladder.rung());
        }
        assertThat(visited).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void renditionsAreDistinctSwarmsAndRenditionZeroIsThePlainSwarm() {
        assertThat(GeneratedIds.infoHash(7, 0)).isEqualTo(GeneratedIds.infoHash(7));
        Set<InfoHash> hashes = new HashSet<>();
        for (int stream = 0; stream < 50; stream++) {
            for (int r = 0; r < 4; r++) {
                assertThat(GeneratedIds.infoHash(stream, r).toBinaryString()).hasSize(20);
                hashes.add(GeneratedIds.infoHash(stream, r));
            }
        }
        assertThat(hashes).hasSize(200);
    }

    @Test
    void aSwitchProbabilityTurnsThatShareOfReannouncesIntoSwitchesReproducibly() {
        int switches = 0;
        SplittableRandom seeded = new SplittableRandom(9);
        for (int i = 0; i < 100_000; i++) {
            switches += RenditionLadder.switchAtReannounce(0.1, seeded) ? 1 : 0;
        }
        assertThat(switches).isBetween(9_700, 10_300);
        SplittableRandom again = new SplittableRandom(9);
        int replay = 0;
        for (int i = 0; i < 100_000; i++) {
            replay += RenditionLadder.switchAtReannounce(0.1, again) ? 1 : 0;
        }
        assertThat(replay).isEqualTo(switches);
        assertThat(RenditionLadder.switchAtReannounce(0, seeded)).isFalse();
    }

    @Test
    void oneRenditionHasNowhereToSwitchTo() {
        RenditionLadder ladder = new RenditionLadder(0, 1, 0);
        assertThatThrownBy(() -> ladder.switchFrames(frames, peerId, new String[0], random)).isInstanceOf(IllegalStateException.class);
    }

    private AnnounceRequest announce(byte[] frame) throws Exception {
        InMessage m = codec.parse(frame);
        assertThat(m).isInstanceOf(AnnounceRequest.class);
        return (AnnounceRequest) m;
    }
}
