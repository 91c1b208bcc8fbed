package dev.hivecast.tracker.insight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What webtorrent's announced totals add: growth per peer between its announces on one
 * connection, never a whole session twice, never more than the cap per announce.
 */
class AnnouncedBytesTest {

    private static final String NAMED = "aa".repeat(20);
    private static final InfoHash SWARM = InfoHash.fromHex(NAMED);
    private static final InfoHash OTHER_SWARM = InfoHash.fromHex("bb".repeat(20));
    private static final PeerId PEER = new PeerId("-WW0208-abcdefghijkl".getBytes());
    private static final PeerId OTHER_PEER = new PeerId("-WW0208-mnopqrstuvwx".getBytes());
    private static final long CAP = 1_000_000;

    private final PlayerBytes bytes = new PlayerBytes(new StreamLabels(List.of(NAMED.toUpperCase())));
    private final AnnouncedBytes announced = new AnnouncedBytes(bytes, CAP, 2);
    private AnnouncedBytes.Totals totals;

    private void announce(InfoHash swarm, PeerId peer, Event event, long up, long down) {
        totals = announced.observe(totals, new AnnounceRequest(swarm, peer, event, false, -1, List.of(), up, down));
    }

    private long counted(PlayerBytes.Direction d, String stream) {
        return bytes.announced(d, stream);
    }

    @Test
    void theGrowthBetweenAnnouncesIsCounted_fromZeroAtStarted_underTheNamedInfoHash() {
        announce(SWARM, PEER, Event.STARTED, 100, 4000);
        announce(SWARM, PEER, Event.UPDATE, 600, 9000);
        announce(SWARM, PEER, Event.UPDATE, 600, 9000);
        announce(SWARM, PEER, Event.STOPPED, 700, 9500);
        assertThat(counted(PlayerBytes.Direction.UPLOADED, NAMED)).isEqualTo(700);
        assertThat(counted(PlayerBytes.Direction.DOWNLOADED, NAMED)).isEqualTo(9500);
        assertThat(totals.size()).as("stopped forgets the swarm").isZero();
    }

    @Test
    void aFirstSightMidSession_aShrunkTotal_andAnotherPeerIdAreNewStartingPoints() {
        announce(SWARM, PEER, Event.UPDATE, 50_000, 50_000); // reconnected mid-download
        announce(SWARM, PEER, Event.UPDATE, 50_010, 50_020);
        announce(SWARM, PEER, Event.UPDATE, 10, 10); // restarted
        announce(SWARM, PEER, Event.UPDATE, 15, 15);
        announce(SWARM, OTHER_PEER, Event.UPDATE, 900_000, 900_000);
        assertThat(counted(PlayerBytes.Direction.UPLOADED, NAMED)).isEqualTo(15);
        assertThat(counted(PlayerBytes.Direction.DOWNLOADED, NAMED)).isEqualTo(25);
    }

    @Test
    void growthAboveTheCapIsNotCounted_soALiarMovesTheFiguresByAtMostTheCapPerAnnounce() {
        announce(OTHER_SWARM, PEER, Event.STARTED, 0, 0);
        announce(OTHER_SWARM, PEER, Event.UPDATE, CAP + 1, CAP);
        announce(OTHER_SWARM, PEER, Event.UPDATE, Long.MAX_VALUE / 2, CAP + 5);
        assertThat(counted(PlayerBytes.Direction.UPLOADED, StreamLabels.OTHER)).isZero();
        assertThat(counted(PlayerBytes.Direction.DOWNLOADED, StreamLabels.OTHER)).isEqualTo(CAP + 5);
    }

    @Test
    void announcesWithoutNumbersOrWithZerosAddNothing_andTheSwarmsFollowedAreBounded() {
        totals = announced.observe(null, new AnnounceRequest(SWARM, PEER, Event.STARTED, false, -1, List.of()));
        assertThat(totals).as("nothing reported: no state").isNull();
        announce(SWARM, PEER, Event.STARTED, 0, 0);
        announce(SWARM, PEER, Event.UPDATE, 0, 0);
        assertThat(bytes.announced(PlayerBytes.Direction.UPLOADED, NAMED)).isZero();
        announce(OTHER_SWARM, PEER, Event.STARTED, 0, 0);
        announce(InfoHash.fromHex("cc".repeat(20)), PEER, Event.STARTED, 0, 0);
        assertThat(totals.size()).isEqualTo(2);
        announce(SWARM, PEER, Event.UPDATE, 5, 5); // forgotten as the oldest: a new starting point
        assertThat(bytes.announced(PlayerBytes.Direction.UPLOADED, NAMED)).isZero();
    }
}
