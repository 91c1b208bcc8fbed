package dev.hivecast.cluster;

import static dev.hivecast.cluster.TestSupport.newSwarm;
import static dev.hivecast.cluster.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@link ClusterBackend} contract, for every backend that joins several nodes. Tests share one
 * three-node cluster (starting members is the slow part) and keep apart by using fresh swarms; the
 * test that kills a node starts its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterBackendContract {

    /** The contract's bound on declaring a node dead (the default failure timeout is below it). */
    static final Duration DEAD_NODE_DEADLINE = Duration.ofSeconds(10);

    /** How long a payload may take to arrive before the test calls it lost. */
    static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(10);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final List<TestNode> started = new ArrayList<>();
    private final Set<TestNode> killed = new HashSet<>();
    private TestNode a;
    private TestNode b;
    private TestNode c;

    /** Starts {@code count} nodes, one after the other, each joining the nodes started before. */
    protected abstract List<TestNode> startNodes(int count);

    /** Ends {@code node} as a crash would: no withdraw, no goodbye to the cluster. */
    protected abstract void kill(TestNode node);

    /** Store operations {@code node}'s publishes have issued so far. */
    protected abstract long storeWrites(TestNode node);

    /** The most store operations one publish may issue, however many swarms it carries. */
    protected abstract long storeWritesPerPublishLimit();

    /** Store operations (round trips, or calls that fan out one per member) {@code node}'s reads have issued so far. */
    protected abstract long storeReads(TestNode node);

    /** Node ids the store itself holds for {@code swarm}, before any filtering by liveness. */
    protected abstract Set<String> storedNodesOf(TestNode reader, String swarm);

    @BeforeAll
    void startCluster() {
        List<TestNode> nodes = startNodes(3);
        started.addAll(nodes);
        a = nodes.get(0);
        b = nodes.get(1);
        c = nodes.get(2);
    }

    @AfterAll
    void stopCluster() {
        for (TestNode node : started) {
            Future<Void> closed = node.backend().close();
            if (killed.contains(node)) {
                // Its member is already gone, so leaving the cluster fails (Vert.x logs it): only wait.
                result(closed.transform(ignored -> Future.<Void>succeededFuture()), CLOSE_TIMEOUT);
            } else {
                result(closed, CLOSE_TIMEOUT);
            }
        }
    }

    /** The three nodes every test shares. */
    protected final List<TestNode> clusterNodes() {
        return List.of(a, b, c);
    }

    /** Closes {@code node} with the others after the tests. */
    protected final void closeAfterTests(TestNode node) {
        started.add(node);
    }

    @BeforeEach
    void forgetEarlierEvents() {
        started.forEach(node -> node.events().clear());
    }

    /** A hold of {@code node} on one peer_id of {@code swarm}, for {@code client}. */
    private static PeerIdHold hold(TestNode node, String swarm, String peerId, long hold, String client) {
        return new PeerIdHold(swarm, peerId, node.id(), hold, client);
    }

    @Test
    void aPeerIdHeldOnOneNodeIsRefusedToAnotherClientElsewhereAndTakenOverByTheSameClient() {
        String swarm = newSwarm();
        String peerId = newSwarm(); // 40 hex digits as well
        assertThat(result(a.backend().claimPeerId(hold(a, swarm, peerId, 1, "192.0.2.1")))).isTrue();

        assertThat(result(b.backend().claimPeerId(hold(b, swarm, peerId, 7, "198.51.100.66")))).isFalse();
        assertThat(result(b.backend().claimPeerId(hold(b, swarm, peerId, 8, "192.0.2.1")))).isTrue();
        await("node a hears its hold was taken over").atMost(Duration.ofSeconds(10))
                .until(() -> a.events().peerIdsTakenOver().contains(swarm + ":" + peerId + " 1"));

        a.backend().releasePeerId(hold(a, swarm, peerId, 1, "192.0.2.1")); // too late: not a's any more
        assertThat(result(c.backend().claimPeerId(hold(c, swarm, peerId, 3, "203.0.113.9")))).isFalse();
        b.backend().releasePeerId(hold(b, swarm, peerId, 8, "192.0.2.1"));
        await("free once b released it").atMost(Duration.ofSeconds(10))
                .until(() -> result(c.backend().claimPeerId(hold(c, swarm, peerId, 4, "203.0.113.9"))));
        assertThat(b.events().peerIdsTakenOver()).isEmpty();
    }

    @Test
    void everyNodeSeesTheSameLiveNodesItselfIncluded() {
        Set<String> ids = Set.of(a.id(), b.id(), c.id());
        assertThat(ids).hasSize(3);
        for (TestNode node : List.of(a, b, c)) {
            assertThat(node.backend().liveNodes()).containsAll(ids);
        }
    }

    @Test
    void aPublishedShareIsVisibleToOtherNodes() {
        String swarm = newSwarm();
        NodeShare share = new NodeShare(2, 5, 7);

        result(a.backend().publish(Map.of(swarm, share)));

        assertThat(result(b.backend().sharesOf(swarm))).isEqualTo(Map.of(a.id(), share));
        assertThat(result(c.backend().sharesOf(swarm))).isEqualTo(Map.of(a.id(), share));
    }

    @Test
    void eachNodesShareIsReportedUnderItsOwnId() {
        String swarm = newSwarm();
        result(a.backend().publish(Map.of(swarm, new NodeShare(1, 0, 0))));
        result(b.backend().publish(Map.of(swarm, new NodeShare(0, 3, 1))));

        assertThat(result(c.backend().sharesOf(swarm))).isEqualTo(Map.of(
                a.id(), new NodeShare(1, 0, 0),
                b.id(), new NodeShare(0, 3, 1)));
    }

    @Test
    void aLaterPublishReplacesTheNodesWholeShare() {
        String swarm = newSwarm();
        result(a.backend().publish(Map.of(swarm, new NodeShare(4, 4, 4))));
        result(a.backend().publish(Map.of(swarm, new NodeShare(0, 1, 0))));

        assertThat(result(b.backend().sharesOf(swarm))).isEqualTo(Map.of(a.id(), new NodeShare(0, 1, 0)));
    }

    @Test
    void anEmptyShareRemovesTheNodeFromTheSwarm() {
        String swarm = newSwarm();
        result(a.backend().publish(Map.of(swarm, new NodeShare(1, 1, 0))));
        result(b.backend().publish(Map.of(swarm, new NodeShare(2, 0, 0))));

        result(a.backend().publish(Map.of(swarm, new NodeShare(0, 0, 9))));

        assertThat(result(c.backend().sharesOf(swarm))).isEqualTo(Map.of(b.id(), new NodeShare(2, 0, 0)));
        result(b.backend().publish(Map.of(swarm, NodeShare.NONE)));
        assertThat(result(c.backend().sharesOf(swarm))).isEmpty();
        assertThat(storedNodesOf(c, swarm)).isEmpty();
    }

    @Test
    void aNodesOwnShareIsNotReturned() {
        String swarm = newSwarm();
        result(a.backend().publish(Map.of(swarm, new NodeShare(1, 2, 3))));
        assertThat(result(a.backend().sharesOf(swarm))).isEmpty();

        result(b.backend().publish(Map.of(swarm, new NodeShare(3, 2, 1))));
        assertThat(result(a.backend().sharesOf(swarm))).isEqualTo(Map.of(b.id(), new NodeShare(3, 2, 1)));
    }

    @Test
    void aSwarmNobodyPublishedHasNoShares() {
        assertThat(result(a.backend().sharesOf(newSwarm()))).isEmpty();
    }

    @Test
    void aBatchReadGivesEachSwarmTheSharesASingleReadWould() {
        String sharedByAll = newSwarm();
        String onlyC = newSwarm();
        String onlyA = newSwarm();
        String nobodys = newSwarm();
        result(a.backend().publish(Map.of(sharedByAll, new NodeShare(1, 0, 0), onlyA, new NodeShare(0, 4, 0))));
        result(b.backend().publish(Map.of(sharedByAll, new NodeShare(0, 2, 1))));
        result(c.backend().publish(Map.of(sharedByAll, new NodeShare(3, 0, 0), onlyC, new NodeShare(0, 1, 7))));

        Map<String, Map<String, NodeShare>> read =
                result(a.backend().sharesOfEach(Set.of(sharedByAll, onlyC, onlyA, nobodys)));

        assertThat(read).isEqualTo(Map.of(
                sharedByAll, Map.of(b.id(), new NodeShare(0, 2, 1), c.id(), new NodeShare(3, 0, 0)),
                onlyC, Map.of(c.id(), new NodeShare(0, 1, 7)),
                onlyA, Map.of(),
                nobodys, Map.of()));
        for (String swarm : read.keySet()) {
            assertThat(read.get(swarm)).as(swarm).isEqualTo(result(a.backend().sharesOf(swarm)));
        }
        assertThat(result(a.backend().sharesOfEach(Set.of()))).isEmpty();
    }

    @Test
    void payloadsReachTheNamedNodeOnly() {
        String toB = "for b " + UUID.randomUUID();
        String toC = "for c " + UUID.randomUUID();

        a.backend().send(b.id(), Buffer.buffer(toB));
        a.backend().send(c.id(), Buffer.buffer(toC));

        await().atMost(DELIVERY_DEADLINE).untilAsserted(() -> {
            assertThat(b.events().received()).contains(toB);
            assertThat(c.events().received()).contains(toC);
        });
        assertThat(b.events().received()).containsExactly(toB);
        assertThat(c.events().received()).containsExactly(toC);
        assertThat(a.events().received()).isEmpty();
        assertThat(b.events().callsOffContext() + c.events().callsOffContext()).isZero();
    }

    @Test
    void aPayloadToAnUnknownNodeIsDroppedWithoutError() {
        String lost = "lost " + UUID.randomUUID();
        String next = "next " + UUID.randomUUID();

        assertThatCode(() -> a.backend().send(UUID.randomUUID().toString(), Buffer.buffer(lost)))
                .doesNotThrowAnyException();
        a.backend().send(b.id(), Buffer.buffer(next));

        await().atMost(DELIVERY_DEADLINE).untilAsserted(() -> assertThat(b.events().received()).contains(next));
        for (TestNode node : List.of(a, b, c)) {
            assertThat(node.events().received()).doesNotContain(lost);
        }
    }

    @Test
    void localitySummariesAreReadByOtherNodesReplacedRemovedAndWithdrawn() {
        String swarm = newSwarm();
        String other = newSwarm();
        String nobody = newSwarm();

        result(a.backend().publishSummaries(Map.of(swarm, "1:7:3", other, "0:1:1")));
        result(b.backend().publishSummaries(Map.of(swarm, "1:8:2")));
        result(a.backend().publishSummaries(Map.of(other, "")));
        result(b.backend().withdraw());

        assertThat(result(c.backend().summariesOfEach(Set.of(swarm, other, nobody))))
                .isEqualTo(Map.of(swarm, Map.of(a.id(), "1:7:3"), other, Map.of(), nobody, Map.of()));
        assertThat(result(a.backend().summariesOfEach(Set.of(swarm)))).as("a node's own is not returned")
                .isEqualTo(Map.of(swarm, Map.of()));
    }

    @Test
    void withdrawRemovesEveryShareOfTheNode() {
        String shared = newSwarm();
        String onlyB = newSwarm();
        String emptiedEarlier = newSwarm();
        result(b.backend().publish(Map.of(shared, new NodeShare(1, 0, 0), onlyB, new NodeShare(0, 1, 0),
                emptiedEarlier, new NodeShare(1, 1, 0))));
        result(b.backend().publish(Map.of(emptiedEarlier, NodeShare.NONE)));
        result(c.backend().publish(Map.of(shared, new NodeShare(0, 2, 0))));

        result(b.backend().withdraw());

        assertThat(result(a.backend().sharesOf(shared))).isEqualTo(Map.of(c.id(), new NodeShare(0, 2, 0)));
        assertThat(result(a.backend().sharesOf(onlyB))).isEmpty();
        assertThat(result(a.backend().sharesOf(emptiedEarlier))).isEmpty();
        assertThat(storedNodesOf(a, onlyB)).isEmpty();
    }

    @Test
    void aBatchOfManySwarmsIsPublishedInFewOperations() {
        Map<String, NodeShare> batch = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            batch.put(newSwarm(), new NodeShare(i % 3, i % 7 + 1, i));
        }
        long writesBefore = storeWrites(c);

        result(c.backend().publish(batch));

        assertThat(storeWrites(c) - writesBefore).isLessThanOrEqualTo(storeWritesPerPublishLimit());
        assertThat(readAll(a, batch.keySet()))
                .as("reads on a; nodes a saw leave: %s; live on a: %s", a.events().nodesLeft(), a.backend().liveNodes())
                .allSatisfy((swarm, shares) ->
                assertThat(shares).isEqualTo(Map.of(c.id(), batch.get(swarm))));
        long readsBefore = storeReads(b);
        Map<String, Map<String, NodeShare>> readAtOnce = result(b.backend().sharesOfEach(batch.keySet()));
        assertThat(storeReads(b) - readsBefore).as("store operations for one batch read of 5,000 swarms").isEqualTo(1);
        assertThat(readAtOnce).hasSize(batch.size()).allSatisfy((swarm, shares) ->
                assertThat(shares).isEqualTo(Map.of(c.id(), batch.get(swarm))));
        Map<String, NodeShare> emptied = new HashMap<>();
        batch.keySet().forEach(swarm -> emptied.put(swarm, NodeShare.NONE));
        result(c.backend().publish(emptied));
        assertThat(readAll(a, batch.keySet())).allSatisfy((swarm, shares) -> assertThat(shares).isEmpty());
    }

    @Test
    void aKilledNodeDisappearsFromReadsWithinTheFailureTimeout() {
        TestNode doomed = startNodes(1).get(0);
        closeAfterTests(doomed);
        String swarm = newSwarm();
        result(doomed.backend().publish(Map.of(swarm, new NodeShare(1, 1, 0))));
        result(a.backend().publish(Map.of(swarm, new NodeShare(0, 1, 0))));
        assertThat(result(b.backend().sharesOf(swarm))).containsOnlyKeys(doomed.id(), a.id());

        long killedAt = System.nanoTime();
        kill(doomed);
        killed.add(doomed);

        List<TestNode> survivors = List.of(a, b, c);
        await().atMost(DEAD_NODE_DEADLINE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            for (TestNode survivor : survivors) {
                assertThat(survivor.events().nodesLeft()).contains(doomed.id());
                assertThat(survivor.backend().liveNodes()).doesNotContain(doomed.id());
                assertThat(result(survivor.backend().sharesOf(swarm))).doesNotContainKey(doomed.id());
                assertThat(result(survivor.backend().sharesOfEach(Set.of(swarm))).get(swarm))
                        .doesNotContainKey(doomed.id());
            }
        });
        Duration declaredDead = Duration.ofNanos(System.nanoTime() - killedAt);
        await().atMost(DEAD_NODE_DEADLINE).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(storedNodesOf(b, swarm)).containsExactly(a.id()));
        Duration purged = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf("[%s] killed node gone from every survivor's reads after %d ms, purged from the store after %d ms%n",
                getClass().getSimpleName(), declaredDead.toMillis(), purged.toMillis());

        assertThat(result(c.backend().sharesOf(swarm))).isEqualTo(Map.of(a.id(), new NodeShare(0, 1, 0)));
        assertThatCode(() -> a.backend().send(doomed.id(), Buffer.buffer("to the dead"))).doesNotThrowAnyException();
        survivors.forEach(survivor -> assertThat(survivor.events().callsOffContext()).isZero());
    }

    private static Map<String, Map<String, NodeShare>> readAll(TestNode reader, Set<String> swarms) {
        List<String> keys = List.copyOf(swarms);
        List<Future<Map<String, NodeShare>>> reads = new ArrayList<>();
        keys.forEach(swarm -> reads.add(reader.backend().sharesOf(swarm)));
        result(Future.all(reads));
        Map<String, Map<String, NodeShare>> bySwarm = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            bySwarm.put(keys.get(i), reads.get(i).result());
        }
        return bySwarm;
    }
}
