package dev.hivecast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    private static final String URL = "ws://127.0.0.1:8000/";

    @Test
    void defaultsAreScenarioAWithAUniformAudienceAndSeedOne() {
        LoadOptions o = LoadOptions.parse(new String[] {"--url", URL});
        assertThat(o.peers()).isEqualTo(1000);
        assertThat(o.swarms()).isEqualTo(10);
        assertThat(o.popularity()).isEqualTo(SwarmPopularity.UNIFORM);
        assertThat(o.seed()).isEqualTo(1);
        assertThat(o.renditions()).isEqualTo(1);
        assertThat(o.switchesRenditions()).isFalse();
        assertThat(o.sourceAddressList()).containsExactly("127.0.0.1");
    }

    @Test
    void popularityTakesItsParameterFromTheMatchingFlagOnly() {
        LoadOptions zipf = LoadOptions.parse(new String[] {"--url", URL, "--popularity", "zipf", "--zipf-exponent", "1.3"});
        assertThat(zipf.popularity()).isEqualTo(new SwarmPopularity(SwarmPopularity.Shape.ZIPF, 1.3));
        assertThat(LoadOptions.parse(new String[] {"--url", URL, "--popularity", "gamma"}).popularity().parameter()).isEqualTo(0.2);
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", URL, "--popularity", "zipf", "--gamma-shape", "1"}))
                .hasMessageContaining("--gamma-shape with --popularity gamma");
    }

    @Test
    void switchesNeedSeveralRenditionsAndTheRelayMode() {
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", URL, "--switch-interval", "30"}))
                .hasMessageContaining("--renditions 2 or more");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", URL, "--mode", "idle", "--renditions", "3",
                "--switch-probability", "0.1"})).hasMessageContaining("relay mode only");
        LoadOptions o = LoadOptions.parse(new String[] {"--url", URL, "--renditions", "3", "--switch-probability", "0.1"});
        assertThat(o.switchesRenditions()).isTrue();
    }

    @Test
    void severalGeneratorsTakeDisjointSourceAddressesAndPeerNumbers() {
        LoadOptions o = LoadOptions.parse(new String[] {"--url", URL, "--peers", "19000", "--first-source-address", "3",
                "--first-peer", "19000"});
        assertThat(o.sourceAddressList()).hasSize(8).startsWith("127.0.0.3").endsWith("127.0.0.10");
        assertThat(o.firstPeer()).isEqualTo(19000);
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", URL, "--source-addresses", "4", "--first-source-address", "252"}))
                .hasMessageContaining("past 127.0.0.254");
    }

    @Test
    void aLargeAudienceIsSpreadSoNoSourceAddressBindsMoreThan2500Ports() {
        // Past ~7,000 ports bound on one address, each further bind costs Linux a scan of them all.
        assertThat(LoadOptions.parse(new String[] {"--url", URL, "--peers", "2500"}).sourceAddressList()).hasSize(1);
        assertThat(LoadOptions.parse(new String[] {"--url", URL, "--peers", "2501"}).sourceAddressList()).hasSize(2);
        assertThat(LoadOptions.parse(new String[] {"--url", URL, "--peers", "19000"}).sourceAddressList()).hasSize(8);
        assertThat(LoadOptions.parse(new String[] {"--url", URL, "--peers", "19000", "--source-addresses", "2"})
                .sourceAddressList()).containsExactly("127.0.0.1", "127.0.0.2");
    }

    @Test
    void theHelpDocumentsEveryFlag() {
        for (String flag : new String[] {"--url", "--mode", "--peers", "--swarms", "--popularity", "--zipf-exponent",
                "--gamma-shape", "--seed", "--renditions", "--switch-interval", "--switch-probability", "--ramp",
                "--offers", "--interval", "--warmup", "--duration", "--source-addresses", "--first-source-address",
                "--first-peer", "--event-loops", "--offer-sdp-bytes", "--answer-sdp-bytes", "--connect-timeout",
                "--linger", "--networks", "--sites-file"}) {
            assertThat(LoadOptions.HELP).contains("  " + flag + " ");
        }
    }

    @Test
    void networksSpreadThePeersOver127K00AndTheirSourceAddressesPerNetwork() {
        LoadOptions o = LoadOptions.parse(new String[] {"--url", URL, "--peers", "600", "--swarms", "3", "--networks", "10"});
        assertThat(o.networks().count()).isEqualTo(10);
        assertThat(o.sitesFile()).hasToString("networks-10.sites");
        assertThat(o.sourceAddressList()).hasSize(10).startsWith("127.1.0.1").endsWith("127.10.0.1");
        // 2,500 peers per source address hold in each network: 19,000 over 2 networks need 4 each.
        LoadOptions big = LoadOptions.parse(new String[] {"--url", URL, "--peers", "19000", "--networks", "2",
                "--first-source-address", "3", "--sites-file", "x/y.sites"});
        assertThat(big.sourceAddressList()).containsExactly("127.1.0.3", "127.1.0.4", "127.1.0.5", "127.1.0.6",
                "127.2.0.3", "127.2.0.4", "127.2.0.5", "127.2.0.6");
        assertThat(big.sitesFile()).hasToString("x/y.sites");
        assertThat(big.describe()).contains("networks=2 sites-file=x/y.sites").contains("from 127.K.0.3");
        assertThat(LoadOptions.parse(new String[] {"--url", URL}).networks().spread()).isFalse();
    }

    @Test
    void everySwarmOfAUniformAudienceSpansEveryNodeEvenWhenSwarmsAndNodesShareAFactor() {
        String nodes = "ws://127.0.0.1:8001/,ws://127.0.0.1:8002/,ws://127.0.0.1:8003/";
        for (int swarms : new int[] {3, 6, 10, 100}) {
            LoadOptions o = LoadOptions.parse(new String[] {"--url", nodes, "--peers", "600", "--swarms", String.valueOf(swarms)});
            int[][] perSwarmAndNode = new int[swarms][3];
            for (int i = 0; i < 600; i++) {
                perSwarmAndNode[i % swarms][o.targetOf(i)]++;
            }
            for (int[] nodeCounts : perSwarmAndNode) {
                assertThat(Arrays.stream(nodeCounts).boxed()).as("%d swarms", swarms)
                        .allSatisfy(c -> assertThat(c).isBetween(600 / swarms / 3, 600 / swarms / 3 + 1));
            }
        }
        // Swarm counts coprime to the nodes keep peer i on node i mod n, as every kept cluster run had it.
        LoadOptions ten = LoadOptions.parse(new String[] {"--url", nodes, "--swarms", "10"});
        assertThat(new int[] {ten.targetOf(0), ten.targetOf(1), ten.targetOf(2), ten.targetOf(3), ten.targetOf(13)})
                .containsExactly(0, 1, 2, 0, 1);
    }

    @Test
    void networksNeedPeersToFillThemAndASitesFileNeedsNetworks() {
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", URL, "--peers", "5", "--networks", "6"}))
                .hasMessageContaining("at least as many --peers");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", URL, "--networks", "256"}))
                .hasMessageContaining("0 to 255");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", URL, "--sites-file", "a.sites"}))
                .hasMessageContaining("--networks");
    }

    @Test
    void aGeneratorLingersOnlyWhenAskedAndOnlyInRelayMode() {
        assertThat(LoadOptions.parse(new String[] {"--url", URL}).lingerSeconds()).isZero();
        assertThat(LoadOptions.parse(new String[] {"--url", URL, "--linger", "120"}).lingerSeconds()).isEqualTo(120);
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", URL, "--mode", "idle", "--linger", "5"}))
                .hasMessageContaining("relay mode");
    }

    @Test
    void theIntervalMayBeAFractionOfASecondForHeavyLoads() {
        assertThat(LoadOptions.parse(new String[] {"--url", URL, "--interval", "0.5"}).intervalMillis()).isEqualTo(500);
        assertThat(LoadOptions.parse(new String[] {"--url", URL}).intervalMillis()).isEqualTo(5000);
    }

    @Test
    void onlyLoopbackTargetsAreAccepted() {
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", "ws://192.0.2.1:8000/"})).hasMessageContaining("loopback");
    }
}
