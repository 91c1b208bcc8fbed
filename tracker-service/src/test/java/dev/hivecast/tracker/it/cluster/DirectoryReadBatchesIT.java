package dev.hivecast.tracker.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.tracker.it.Ids;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A node that needs the other nodes' counts of many swarms reads them in a few directory calls, not
 * one per swarm, and each swarm still gets its own counts: hundreds of swarms, each with a
 * different number of members on node 1, are announced to on node 0 all at once, then kept in use.
 */
class DirectoryReadBatchesIT {

    private static final int SWARMS = 300;
    private static final int MOST_RESIDENTS = 4;
    private static final int JOINS_PER_SECOND = 1_000;
    private static final int JOINS_IN_FLIGHT = 300;
    /** How long the swarms stay in use after the burst, scraped every {@link #SCRAPE_PAUSE}. */
    private static final Duration STEADY = Duration.ofSeconds(3);
    private static final Duration SCRAPE_PAUSE = Duration.ofMillis(200);
    /** The refresh takes every stale view at once: 300 per call here, at worst a few calls per round. */
    private static final int MIN_SWARMS_PER_CALL = 20;

    @RegisterExtension
    static final SharedCluster SHARED = new SharedCluster();

    @ParameterizedTest(name = "{0} backend")
    @ValueSource(strings = {TrackerCluster.HAZELCAST, TrackerCluster.REDIS})
    void aBurstOfAnnouncesToManySwarmsIsServedByFewReadsAndCountsEachSwarmRight(String backend) throws Exception {
        TrackerCluster cluster = SHARED.anyCluster(backend);
        try (SwarmClients clients = new SwarmClients()) {
            List<SwarmPeer> residents = new ArrayList<>();
            List<SwarmPeer> newcomers = new ArrayList<>();
            for (int k = 0; k < SWARMS; k++) {
                String infoHash = Ids.infoHash();
                for (int r = 0; r < residentsOf(k); r++) {
                    residents.add(new SwarmPeer(1, infoHash, Ids.peerId(), false));
                }
                newcomers.add(new SwarmPeer(0, infoHash, Ids.peerId(), false));
            }
            clients.join(residents, cluster.ports(), JOINS_PER_SECOND, JOINS_IN_FLIGHT);
            List<CompletableFuture<SwarmPeer>> connected = new ArrayList<>();
            newcomers.forEach(peer -> connected.add(clients.connect(peer, cluster.ports())));
            connected.forEach(c -> SwarmClients.await(c, "a newcomer's connection"));
            JsonObject before = cluster.stats(0).getJsonObject("cluster").getJsonObject("totals");

            List<CompletableFuture<SwarmPeer.Reply>> replies = new ArrayList<>();
            newcomers.forEach(peer -> replies.add(peer.start())); // all at once: the reads pile up
            replies.forEach(r -> SwarmClients.await(r, "a newcomer's first reply"));

            JsonObject after = cluster.stats(0).getJsonObject("cluster").getJsonObject("totals");
            long reads = after.getLong("directoryReads") - before.getLong("directoryReads");
            long batches = after.getLong("directoryReadBatches") - before.getLong("directoryReadBatches");
            System.out.printf("[%s] %d newcomers' first announces: %d swarm reads in %d directory calls%n",
                    backend, SWARMS, reads, batches);
            assertThat(reads).as("swarms read").isGreaterThanOrEqualTo(SWARMS);
            assertThat(batches).as("directory calls for %d swarm reads", reads).isPositive().isLessThan(reads);

            // Each swarm has its own member count: a read landing on the wrong swarm would show.
            Awaitility.await("every newcomer's scrape counts its swarm's residents and itself")
                    .atMost(SwarmClients.WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                        for (int k = 0; k < SWARMS; k++) {
                            int members = SwarmClients.await(newcomers.get(k).scrapeMembers(), "a scrape");
                            assertThat(members).as("members of swarm %d", k).isEqualTo(residentsOf(k) + 1);
                        }
                    });

            // In use, every view is kept fresh by the background refresh, many swarms per call.
            JsonObject steadyBefore = cluster.stats(0).getJsonObject("cluster").getJsonObject("totals");
            long steadyEnd = System.nanoTime() + STEADY.toNanos();
            while (System.nanoTime() < steadyEnd) {
                List<CompletableFuture<Integer>> scrapes = new ArrayList<>();
                newcomers.forEach(peer -> scrapes.add(peer.scrapeMembers()));
                scrapes.forEach(sc -> SwarmClients.await(sc, "a scrape"));
                Thread.sleep(SCRAPE_PAUSE.toMillis());
            }
            JsonObject steadyAfter = cluster.stats(0).getJsonObject("cluster").getJsonObject("totals");
            long steadyReads = steadyAfter.getLong("directoryReads") - steadyBefore.getLong("directoryReads");
            long steadyBatches = steadyAfter.getLong("directoryReadBatches") - steadyBefore.getLong("directoryReadBatches");
            System.out.printf("[%s] %d swarms in use for %d s: %d swarm reads in %d directory calls%n",
                    backend, SWARMS, STEADY.toSeconds(), steadyReads, steadyBatches);
            assertThat(steadyReads).as("swarm reads while in use").isGreaterThanOrEqualTo(SWARMS);
            assertThat(steadyBatches * MIN_SWARMS_PER_CALL).as("directory calls for %d swarm reads", steadyReads)
                    .isLessThanOrEqualTo(steadyReads);
        }
    }

    private static int residentsOf(int swarm) {
        return swarm % MOST_RESIDENTS + 1;
    }
}
