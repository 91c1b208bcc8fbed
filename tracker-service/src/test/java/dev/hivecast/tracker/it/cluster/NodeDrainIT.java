package dev.hivecast.tracker.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.tracker.it.Ids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rolling update's view of one node: SIGTERM while the peers on the other nodes keep announcing
 * with offers every 200 ms. The node leaves the swarm directory first, so the others stop counting
 * (and sending offers to) its peers at once, then closes its sockets with 1001 over the drain
 * window and exits; the other nodes' clients notice nothing.
 */
@ParameterizedClass(name = "{0} backend")
@ValueSource(strings = {TrackerCluster.HAZELCAST, TrackerCluster.REDIS})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeDrainIT {

    private static final int PEERS_PER_NODE = 4;
    private static final int DRAINED = 2;
    private static final int SWARM = TrackerCluster.SIZE * PEERS_PER_NODE;
    private static final int REMAINING = SWARM - PEERS_PER_NODE;
    private static final Duration LEAVE_LIMIT = Duration.ofSeconds(3);
    private static final int ROUNDS_AFTER_LEAVING = 5;
    /** Bounds the wait for the drained node's peers to leave the counts: 10 s of rounds. */
    private static final int MAX_ROUNDS = 50;

    @RegisterExtension
    static final SharedCluster SHARED = new SharedCluster();

    @Parameter
    private String backend;

    private SwarmClients clients;
    private List<SwarmPeer> remaining;
    private List<SwarmPeer> drained;
    private OfferRounds rounds;
    private long terminatedAt;
    private long leftAt;
    private List<Short> closeCodes;
    private int exitStatus;
    private long exitedAt;

    @BeforeParameterizedClassInvocation
    void drainANodeWhileTheOthersKeepOffering() {
        TrackerCluster cluster = SHARED.anyCluster(backend);
        clients = new SwarmClients();
        String infoHash = Ids.infoHash();
        List<SwarmPeer> peers = new ArrayList<>();
        for (int node = 0; node < TrackerCluster.SIZE; node++) {
            for (int i = 0; i < PEERS_PER_NODE; i++) {
                peers.add(new SwarmPeer(node, infoHash, Ids.peerId(), true));
            }
        }
        clients.join(peers, cluster.ports(), 100, 20);
        List<SwarmPeer> onePerNode = List.of(peers.get(0), peers.get(PEERS_PER_NODE), peers.get(2 * PEERS_PER_NODE));
        SwarmClients.awaitMembers(onePerNode, SWARM);
        remaining = peers.stream().filter(p -> p.node() != DRAINED).toList();
        drained = peers.stream().filter(p -> p.node() == DRAINED).toList();

        rounds = new OfferRounds(remaining);
        rounds.round(null);
        rounds.round(null);
        rounds.round(() -> {
            terminatedAt = System.nanoTime();
            cluster.node(DRAINED).terminate();
        });
        rounds.until(() -> {
            leftAt = rounds.whenAllButOneCounted(DRAINED, REMAINING, terminatedAt);
            return leftAt != -1 && rounds.roundsStartedAfter(leftAt) >= ROUNDS_AFTER_LEAVING;
        }, MAX_ROUNDS, "the drained node's peers leaving the counts, then " + ROUNDS_AFTER_LEAVING + " rounds");
        closeCodes = drained.stream().map(p -> SwarmClients.await(p.closed(), "close of " + p)).toList();
        exitStatus = cluster.node(DRAINED).awaitExit(SwarmClients.WAIT);
        exitedAt = System.nanoTime();
        OfferRounds.awaitAnswers(rounds.sentInRoundsAfter(leftAt), SwarmClients.WAIT);
        System.out.printf("[cluster-it] NodeDrainIT (" + backend + "): SIGTERM to node %d; its peers left the other nodes' counts %d ms"
                        + " later; process exited %d within %d ms (drain.window %d s)%n",
                DRAINED, (leftAt - terminatedAt) / 1_000_000, exitStatus, (exitedAt - terminatedAt) / 1_000_000,
                TrackerCluster.DRAIN_WINDOW_SECONDS);
    }

    @AfterParameterizedClassInvocation
    void closeClients() throws Exception {
        if (clients != null) {
            clients.close();
        }
    }

    @Test
    void theDrainedNodesClientsAreClosedWith1001() {
        assertThat(closeCodes).containsOnly((short) 1001);
    }

    @Test
    void theDrainedNodeExitsWithStatus0() {
        assertThat(exitStatus).isZero();
    }

    @Test
    void clientsOnTheOtherNodesAreNotClosedAndGetAReplyToEveryAnnounce() {
        assertThat(remaining).noneMatch(SwarmPeer::isClosed);
        assertThat(remaining.stream().flatMap(p -> p.unexpected().stream().map(m -> p + ": " + m)).toList()).isEmpty();
        assertThat(rounds.replies()).as("a reply to every announce of every round")
                .hasSize(rounds.rounds() * remaining.size());
    }

    @Test
    void theDrainedNodesPeersLeaveTheOtherNodesCountsWithinThreeSecondsAndStayGone() {
        assertThat(Duration.ofNanos(leftAt - terminatedAt)).as("SIGTERM to leaving the counts")
                .isLessThanOrEqualTo(LEAVE_LIMIT);
        for (OfferRounds.Reply r : rounds.replies()) {
            // Replies between the signal and the first lower count may give either count. After
            // it, judge by when the announce was sent: replies to announces sent just before, on
            // other sockets or event loops of a node, can still arrive after its first lower one.
            if (r.atNanos() - terminatedAt < 0) {
                assertThat(r.members()).as("count before SIGTERM: %s", r).isEqualTo(SWARM);
            } else if (r.sentAtNanos() - leftAt > 0) {
                assertThat(r.members()).as("count after the drained node left: %s", r).isEqualTo(REMAINING);
            }
        }
    }

    @Test
    void onceTheDrainedNodeHasLeftTheCountsEveryOfferReachesAnotherPeerAndIsAnswered() {
        List<OfferRounds.Sent> afterLeaving = rounds.sentInRoundsAfter(leftAt);
        assertThat(afterLeaving).hasSizeGreaterThanOrEqualTo(ROUNDS_AFTER_LEAVING * REMAINING * (REMAINING - 1));
        Deliveries deliveries = new Deliveries(remaining);
        List<String> problems = afterLeaving.stream()
                .map(s -> deliveries.problemWith(s.offerId(), s.offerer())).filter(Objects::nonNull).toList();
        assertThat(problems).as("offers lost or misdelivered after the drained node left the counts").isEmpty();
    }
}
