package dev.hivecast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.Arrays;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackNetworksTest {

    @Test
    void networksAreEqualInSizeAndEverySwarmOfAUniformAudienceSpansEveryNetwork() {
        for (int swarms : new int[] {3, 10}) {
            LoopbackNetworks nets = new LoopbackNetworks(10, 600, 1, 1);
            int[] swarmOf = SwarmPopularity.UNIFORM.assign(600, swarms, 1);
            Map<List<Integer>, Integer> bySwarmAndNetwork = new HashMap<>();
            for (int i = 0; i < 600; i++) {
                bySwarmAndNetwork.merge(List.of(swarmOf[i], nets.networkOf(i)), 1, Integer::sum);
            }
            assertThat(bySwarmAndNetwork).hasSize(swarms * 10);
            assertThat(new HashSet<>(bySwarmAndNetwork.values())).containsExactly(600 / 10 / swarms);
        }
    }

    @Test
    void aPeersNetworkFollowsFromItsNumberSoGeneratorsSideBySideAgree() {
        LoopbackNetworks nets = new LoopbackNetworks(10, 600, 1, 1);
        int[] perNetwork = new int[11];
        for (long peer = 600; peer < 1200; peer++) { // the second generator: --first-peer 600
            assertThat(nets.networkOf(peer)).isEqualTo(nets.networkOf(peer - 600)).isBetween(1, 10);
            perNetwork[nets.networkOf(peer)]++;
        }
        assertThat(perNetwork).containsExactly(0, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60);
        // Sizes differ by at most one when P is not a multiple of N.
        LoopbackNetworks uneven = new LoopbackNetworks(3, 7, 1, 1);
        assertThat(List.of(uneven.networkOf(0), uneven.networkOf(2), uneven.networkOf(3), uneven.networkOf(6)))
                .containsExactly(1, 1, 2, 3);
    }

    @Test
    void theNetworksTakeTurnsInTheRampAndEveryTrackerLoopGetsTheSameShareOfEach() {
        for (long firstPeer : new long[] {0, 600, 250}) {
            LoopbackNetworks nets = new LoopbackNetworks(10, 600, 1, 1);
            int[] order = nets.startOrder(firstPeer);
            assertThat(Arrays.stream(order).sorted().toArray()).isEqualTo(IntStream.range(0, 600).toArray());
            int[] joined = new int[11];
            int widestSpread = 0;
            for (int t = 0; t < order.length; t++) {
                joined[nets.networkOf(firstPeer + order[t])]++;
                int[] counts = Arrays.copyOfRange(joined, 1, 11);
                widestSpread = Math.max(widestSpread, Arrays.stream(counts).max().getAsInt() - Arrays.stream(counts).min().getAsInt());
            }
            assertThat(widestSpread).as("most peers one network had over another at any time")
                    .isLessThanOrEqualTo(LoopbackNetworks.START_RUN);
            // A tracker that deals connections round-robin to L event loops, and relays within a loop first.
            for (int loops = 2; loops <= 4; loops++) {
                int[][] perLoop = new int[11][loops];
                for (int t = 0; t < order.length; t++) {
                    perLoop[nets.networkOf(firstPeer + order[t])][t % loops]++;
                }
                for (int k = 1; k <= 10; k++) {
                    assertThat(Arrays.stream(perLoop[k]).boxed()).as("network %d over %d loops", k, loops)
                            .containsOnly(60 / loops);
                }
            }
        }
        assertThat(new LoopbackNetworks(3, 7, 1, 1).startOrder(0)).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(new LoopbackNetworks(0, 4, 1, 1).startOrder(9)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void eachPeerBindsAnAddressOfItsOwnNetworkAndTheNetworksAddressesShareItsPeers() {
        LoopbackNetworks nets = new LoopbackNetworks(4, 40, 5, 2);
        Map<String, Integer> peersPerAddress = new HashMap<>();
        for (long peer = 0; peer < 40; peer++) {
            String address = nets.sourceAddress(peer);
            assertThat(address).startsWith("127." + nets.networkOf(peer) + ".0.");
            peersPerAddress.merge(address, 1, Integer::sum);
        }
        assertThat(peersPerAddress.keySet()).containsExactlyInAnyOrderElementsOf(nets.allSourceAddresses());
        assertThat(new HashSet<>(peersPerAddress.values())).containsExactly(5);
        assertThat(nets.sourceAddresses(3)).containsExactly("127.3.0.5", "127.3.0.6");
    }

    @Test
    void withoutNetworksEveryPeerBindsOneOf127000AddressesAsBefore() {
        LoopbackNetworks none = new LoopbackNetworks(0, 1000, 1, 2);
        assertThat(none.spread()).isFalse();
        assertThat(none.networkOf(7)).isZero();
        assertThat(none.allSourceAddresses()).containsExactly("127.0.0.1", "127.0.0.2");
        assertThat(Set.of(none.sourceAddress(0), none.sourceAddress(1))).containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
    }

    @Test
    void theSitesFileHasOneCidrAndNameALineForEveryNetworkAndHoldsEveryPeersAddress(@TempDir Path dir) throws Exception {
        LoopbackNetworks nets = new LoopbackNetworks(10, 600, 1, 1);
        Path file = dir.resolve("sub/networks.sites");
        Files.writeString(dir.resolve("stale"), "x");
        nets.writeSitesFile(file);
        nets.writeSitesFile(file); // rewriting (a second generator, a rerun) replaces it whole
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).startsWith("#");
        List<String> sites = lines.stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(sites).hasSize(10).contains("127.1.0.0/16 net-1", "127.3.0.0/16 net-3", "127.10.0.0/16 net-10");
        for (long peer = 0; peer < 600; peer++) {
            String[] site = sites.get(nets.networkOf(peer) - 1).split(" ");
            String prefix = site[0].substring(0, site[0].indexOf(".0.0/16") + 1);
            assertThat(nets.sourceAddress(peer)).startsWith(prefix);
            assertThat(site[1]).isEqualTo("net-" + nets.networkOf(peer));
        }
        assertThat(Files.list(file.getParent())).containsExactly(file); // no temporary file left
        assertThat(Files.getPosixFilePermissions(file)).contains(PosixFilePermission.OTHERS_READ); // a tracker of another user
    }

    @Test
    void impossibleNetworksAreRefused() {
        assertThatThrownBy(() -> new LoopbackNetworks(256, 1000, 1, 1)).hasMessageContaining("0 to 255");
        assertThatThrownBy(() -> new LoopbackNetworks(10, 9, 1, 1)).hasMessageContaining("at least as many peers");
    }
}
