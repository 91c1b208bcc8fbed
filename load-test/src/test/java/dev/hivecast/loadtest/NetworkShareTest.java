package dev.hivecast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hivecast.protocol.PeerId;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NetworkShareTest {

    private static final String URL = "ws://127.0.0.1:8000/";

    @Test
    void anOffersSenderIsReadBackFromItsPeerIdAndOtherClientsAreNotTheGenerators() {
        for (long n : new long[] {0, 1, 61, 62, 599, 19_000_123, Long.MAX_VALUE / 2}) {
            assertThat(GeneratedIds.peerNumber(GeneratedIds.peerId(n))).isEqualTo(n);
        }
        assertThat(GeneratedIds.peerNumber(PeerId.fromBinaryString("-WW0208-abcdefghijkl"))).isEqualTo(-1);
        assertThat(GeneratedIds.peerNumber(PeerId.fromBinaryString("-HC0100-abcdefghij!l"))).isEqualTo(-1);
    }

    @Test
    void theShareIsOffersFromTheReceiversOwnNetworkOverallPerNetworkAndPerPeerInTheWindow() {
        // 6 peers in one swarm, networks 1 = {0,1,2}, 2 = {3,4,5}.
        NetworkTally tally = new NetworkTally(new LoopbackNetworks(2, 6, 1, 1), 0, new int[6]);
        tally.offerReceived(0, id(5)); // before the window: not counted
        NetworkTally.Counts start = tally.counts();
        tally.offerReceived(0, id(1));
        tally.offerReceived(0, id(2));
        tally.offerReceived(0, id(3));
        tally.offerReceived(0, id(1));
        tally.offerReceived(3, id(4));
        tally.offerReceived(4, id(0));
        tally.offerReceived(4, PeerId.fromBinaryString("-WW0208-abcdefghijkl")); // another client
        NetworkShare share = tally.share(tally.counts().minus(start), 1);

        assertThat(share.offersIn()).isEqualTo(6);
        assertThat(share.sameNetwork()).isEqualTo(4);
        assertThat(share.share()).isCloseTo(4 / 6.0, within(1e-9));
        assertThat(share.unknownSender()).isEqualTo(1);
        assertThat(share.perNetwork()).containsExactly(new NetworkShare.PerNetwork(1, 3, 4, 3),
                new NetworkShare.PerNetwork(2, 3, 2, 1));
        // Peers 0 (3 of 4), 3 (1 of 1) and 4 (0 of 1) received offers; only 3 none from outside.
        assertThat(share.peersWithOffers()).isEqualTo(3);
        assertThat(share.peersWithoutOutsideOffer()).isEqualTo(1);
        assertThat(share.perPeer()).containsExactly(0.0, 0.75, 1.0);
        assertThat(share.randomShare()).isCloseTo(2 / 5.0, within(1e-9)); // 2 of the 5 others are in its network
    }

    @Test
    void offersFromAnotherGeneratorsPeersCountByTheNetworkTheirNumberGivesThem() {
        // This process holds peers 4..7 (--first-peer 4) of two processes of 4 peers in 2 networks.
        NetworkTally tally = new NetworkTally(new LoopbackNetworks(2, 4, 1, 1), 4, new int[4]);
        tally.offerReceived(4, id(1)); // peer 1 of the other process: network 1, as peer 4 is
        tally.offerReceived(4, id(2)); // network 2
        tally.offerReceived(7, id(3)); // network 2, as peer 7 is
        NetworkShare share = tally.share(tally.counts(), 1);
        assertThat(share.sameNetwork()).isEqualTo(2);
        assertThat(share.offersIn()).isEqualTo(3);
        assertThat(share.unknownSender()).isZero();
    }

    @Test
    void randomMatchingGivesTheShareOfSwarmMatesInTheSameNetwork() {
        // The run: 10 networks, 600 peers, 3 swarms: 19 of a peer's 199 swarm mates share its network.
        LoopbackNetworks nets = new LoopbackNetworks(10, 600, 1, 1);
        assertThat(NetworkShare.randomShare(nets, 0, SwarmPopularity.UNIFORM.assign(600, 3, 1)))
                .isCloseTo(19 / 199.0, within(1e-9));
        NetworkTally.Counts nothing = new NetworkTally.Counts(new long[600], new long[600], 0);
        NetworkShare renditions = NetworkShare.of(nets, 0, new int[600], 2, nothing);
        assertThat(renditions.randomShare()).isNaN(); // swarms change as viewers switch
        assertThat(renditions.share()).isNaN();
        assertThat(renditions.perPeer()).containsOnly(Double.NaN);
    }

    @Test
    void theSummaryTheResultLineAndTheJsonLineGiveTheShares() {
        LoadOptions options = LoadOptions.parse(new String[] {"--url", URL, "--peers", "20", "--swarms", "1",
                "--networks", "2", "--sites-file", "target/two.sites"});
        LoadStats stats = new LoadStats(NetworkTally.of(options));
        LoadStats.Snapshot start = stats.snapshot();
        stats.networks().offerReceived(0, id(1));
        stats.networks().offerReceived(0, id(15));
        stats.networks().offerReceived(12, id(11));
        LoadStats.Snapshot end = stats.snapshot();
        String summary = stats.summary(options, end.minus(start), end.minus(start));

        assertThat(summary).contains("offers from the same network: 66.7 % (2 of 3); random matching gives 47.4 %")
                .contains("net-2    127.2.0.0/16        10          1          1 100.0 %");
        assertThat(summary).contains(" networks=2 same_network_share=0.6667 random_share=0.4737 peers_without_outside_offer=1");
        String json = Arrays.stream(summary.split("\n")).filter(l -> l.startsWith(ResultJson.PREFIX)).findFirst().orElseThrow();
        JsonObject networks = new JsonObject(json).getJsonObject("networks");
        assertThat(networks.getDouble("same_network_share")).isEqualTo(0.666667);
        assertThat(networks.getString("sites_file")).isEqualTo("two.sites");
        assertThat(networks.getJsonArray("per_network").getJsonObject(0).getString("cidr")).isEqualTo("127.1.0.0/16");
        assertThat(networks.getJsonObject("per_peer_share").getDouble("p50")).isEqualTo(0.5);
        assertThat(new JsonObject(json).getJsonObject("options").getInteger("networks")).isEqualTo(2);
    }

    @Test
    void withoutNetworksTheReportIsAsBefore() {
        LoadOptions options = LoadOptions.parse(new String[] {"--url", URL});
        LoadStats stats = new LoadStats(NetworkTally.of(options));
        assertThat(stats.networks()).isNull();
        LoadStats.Snapshot s = stats.snapshot();
        String summary = stats.summary(options, s.minus(s), s.minus(s));
        assertThat(summary).doesNotContain("same network").doesNotContain("\"networks\":{");
    }

    private static PeerId id(long peer) {
        return GeneratedIds.peerId(peer);
    }
}
