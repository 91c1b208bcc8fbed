package dev.hivecast.tracker.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.tracker.it.Ids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A node dies without a word (SIGKILL) while the peers on the other two keep announcing with
 * offers every 200 ms. The survivors carry on: their clients notice nothing, the dead node's
 * peers are purged from their counts once the backend declares it dead, and from then on every
 * offer reaches a live peer and is answered. A new process on the dead node's address rejoins.
 */
@ParameterizedClass(name = "{0} backend")
@ValueSource(strings = {TrackerCluster.HAZELCAST, TrackerCluster.REDIS})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeFailureIT {

    private static final int PEERS_PER_NODE = 4;
    private static final int VICTIM = 2;
    private static final int SWARM = TrackerCluster.SIZE * PEERS_PER_NODE;
    private static final int SURVIVORS = SWARM - PEERS_PER_NODE;
    private static final Duration PURGE_LIMIT = Duration.ofSeconds(10);
    /** Rounds of survivor traffic after the purge, to show offers keep flowing. */
    private static final int ROUNDS_AFTER_PURGE = 5;
    /** Bounds the wait for the purge: 15 s of rounds. */
    private static final int MAX_ROUNDS = 75;

    @RegisterExtension
    static final SharedCluster SHARED = new SharedCluster();

    @Parameter
    private String backend;

    private TrackerCluster cluster;
    private SwarmClients clients;
    private String infoHash;
    private List<SwarmPeer> survivors;
    private List<SwarmPeer> departed;
    private OfferRounds rounds;
    private long killedAt;
    private long purgedAt;

    @BeforeParameterizedClassInvocation
    void killANodeWhileSurvivorsKeepOffering() {
        cluster = SHARED.anyCluster(backend);
        clients = new SwarmClients();
        infoHash = Ids.infoHash();
        List<SwarmPeer> peers = new ArrayList<>();
        for (int node = 0; node < TrackerCluster.SIZE; node++) {
            for (int i = 0; i < PEERS_PER_NODE; i++) {
                peers.add(new SwarmPeer(node, infoHash, Ids.peerId(), true));
            }
        }
        clients.join(peers, cluster.ports(), 100, 20);
        List<SwarmPeer> onePerNode = List.of(peers.get(0), peers.get(PEERS_PER_NODE), peers.get(2 * PEERS_PER_NODE));
        SwarmClients.awaitMembers(onePerNode, SWARM);
        survivors = peers.stream().filter(p -> p.node() != VICTIM).toList();
        departed = peers.stream().filter(p -> p.node() == VICTIM).toList();

        rounds = new OfferRounds(survivors);
        rounds.round(null);
        rounds.round(null);
        rounds.round(() -> {
            killedAt = System.nanoTime();
            cluster.node(VICTIM).kill();
        });
        rounds.until(() -> purgedOnEverySurvivor() && rounds.roundsStartedAfter(purgedAt) >= ROUNDS_AFTER_PURGE,
                MAX_ROUNDS, "the purge of the dead node's peers, then " + ROUNDS_AFTER_PURGE + " rounds");
        OfferRounds.awaitAnswers(rounds.sentInRoundsAfter(purgedAt), SwarmClients.WAIT);
        long stalled = rounds.replies().stream().mapToLong(r -> r.atNanos() - r.sentAtNanos()).max().orElse(0);
        System.out.printf("[cluster-it] NodeFailureIT (" + backend + "): SIGKILL of node %d; its peers left the survivors' counts %d ms"
                        + " later (cluster.failure-timeout %d s); slowest announce reply meanwhile %d ms; %d rounds%n",
                VICTIM, (purgedAt - killedAt) / 1_000_000, TrackerCluster.FAILURE_TIMEOUT_SECONDS, stalled / 1_000_000,
                rounds.rounds());
    }

    private boolean purgedOnEverySurvivor() {
        purgedAt = rounds.whenAllButOneCounted(VICTIM, SURVIVORS, killedAt);
        return purgedAt != -1;
    }

    @AfterParameterizedClassInvocation
    void closeClients() throws Exception {
        if (clients != null) {
            clients.close();
        }
    }

    @Test
    void survivorsClientsAreNeitherClosedNorSentAFailure() {
        assertThat(survivors).noneMatch(SwarmPeer::isClosed);
        assertThat(survivors.stream().flatMap(p -> p.unexpected().stream().map(m -> p + ": " + m)).toList()).isEmpty();
        assertThat(rounds.replies()).as("a reply to every announce of every round")
                .hasSize(rounds.rounds() * survivors.size());
    }

    @Test
    void theDeadNodesPeersLeaveTheSurvivorsCountsWithinTenSecondsAndStayGone() {
        assertThat(Duration.ofNanos(purgedAt - killedAt)).as("SIGKILL to purge").isLessThanOrEqualTo(PURGE_LIMIT);
        for (OfferRounds.Reply r : rounds.replies()) {
            // Replies between the signal and the first lower count may give either count. After
            // it, judge by when the announce was sent: replies to announces sent just before, on
            // other sockets or event loops of a node, can still arrive after its first lower one.
            if (r.atNanos() - killedAt < 0) {
                assertThat(r.members()).as("count before the kill: %s", r).isEqualTo(SWARM);
            } else if (r.sentAtNanos() - purgedAt > 0) {
                assertThat(r.members()).as("count after the purge: %s", r).isEqualTo(SURVIVORS);
            }
        }
    }

    @Test
    void afterThePurgeEveryOfferReachesAnotherSurvivorAndIsAnsweredFromIt() {
        List<OfferRounds.Sent> afterPurge = rounds.sentInRoundsAfter(purgedAt);
        assertThat(afterPurge).hasSizeGreaterThanOrEqualTo(ROUNDS_AFTER_PURGE * SURVIVORS * (SURVIVORS - 1));
        Deliveries deliveries = new Deliveries(survivors);
        List<String> problems = afterPurge.stream()
                .map(s -> deliveries.problemWith(s.offerId(), s.offerer())).filter(Objects::nonNull).toList();
        assertThat(problems).as("offers lost or misdelivered after the purge").isEmpty();
    }

    @Test
    void theDeadNodesPeerIdsAreFreeForAnotherClientOnTheSurvivors() throws Exception {
        // The dead node never released them: the survivors must not take its entries for live holds.
        try (SwarmClients another = new SwarmClients("127.0.0.2")) {
            for (SwarmPeer gone : departed) {
                SwarmPeer claimant = new SwarmPeer(gone.node() == 0 ? 1 : 0, infoHash, gone.peerId(), false);
                SwarmClients.await(another.connect(claimant, cluster.ports()), "a claimant's connection");
                SwarmPeer.Reply reply = SwarmClients.await(claimant.start(), "the claim of " + gone.peerId());
                assertThat(reply.members()).isPositive();
                assertThat(claimant.unexpected()).as("a refusal").isEmpty();
            }
        }
    }

    @Test
    void aRestartedNodeRejoinsAndItsPeerIsSentOffersFromPeersOnTheOtherNodes() {
        long restarting = System.nanoTime();
        cluster.restart(VICTIM); // same address; returns once every node lists three live nodes
        long rejoinedMs = (System.nanoTime() - restarting) / 1_000_000;
        SwarmPeer newcomer = new SwarmPeer(VICTIM, infoHash, Ids.peerId(), true);
        clients.join(List.of(newcomer), cluster.ports(), 100, 1);
        SwarmClients.awaitMembers(List.of(survivors.get(0), survivors.get(PEERS_PER_NODE), newcomer), SURVIVORS + 1);

        // One offer per other member: every survivor's announce must reach the newcomer.
        List<String> offerIds = new ArrayList<>();
        List<CompletableFuture<SwarmPeer.Reply>> replies = new ArrayList<>();
        for (SwarmPeer s : survivors) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < SURVIVORS; i++) {
                ids.add(Ids.offerId());
            }
            offerIds.addAll(ids);
            replies.add(s.announceOffers(ids));
        }
        replies.forEach(r -> assertThat(SwarmClients.await(r, "reply").members()).isEqualTo(SURVIVORS + 1));
        Awaitility.await("the newcomer is sent one offer by each survivor and they get its answers")
                .atMost(SwarmClients.WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> newcomer.offers().size() >= SURVIVORS
                        && survivors.stream().allMatch(s -> s.answers().stream()
                                .anyMatch(a -> a.fromPeerId().equals(newcomer.peerId()))));
        System.out.printf("[cluster-it] NodeFailureIT (" + backend + "): node %d restarted and rejoined in %d ms%n", VICTIM, rejoinedMs);

        for (int node = 0; node < TrackerCluster.SIZE; node++) {
            assertThat(cluster.stats(node).getJsonObject("cluster").getInteger("liveNodes"))
                    .as("live nodes listed by node %d", node).isEqualTo(TrackerCluster.SIZE);
        }
        assertThat(newcomer.offers()).extracting(SwarmPeer.Signal::fromPeerId)
                .containsExactlyInAnyOrderElementsOf(survivors.stream().map(SwarmPeer::peerId).toList());
        Map<String, SwarmPeer> byPeerId = survivors.stream().collect(Collectors.toMap(SwarmPeer::peerId, p -> p));
        Deliveries deliveries = new Deliveries(List.of(newcomer));
        for (SwarmPeer.Signal offer : newcomer.offers()) {
            assertThat(offerIds).contains(offer.offerId());
            assertThat(deliveries.problemWith(offer.offerId(), byPeerId.get(offer.fromPeerId()))).isNull();
        }
        assertThat(newcomer.unexpected()).isEmpty();
    }
}
