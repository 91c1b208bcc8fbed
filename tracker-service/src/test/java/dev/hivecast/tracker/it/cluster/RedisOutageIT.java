package dev.hivecast.tracker.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.tracker.it.Ids;
import dev.hivecast.tracker.it.PrometheusText;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis of a three-node cluster is killed (SIGKILL) in the middle of the traffic, and started
 * again empty a few seconds later, as a crashed Redis without persistence is. Meanwhile each node
 * acts as a node alone: it keeps introducing its own peers to each other and sends no offer to
 * the other nodes, where it would be lost. Once Redis is back, every node publishes its counts
 * again unasked by any client, the counts are cluster-wide again, and offers cross nodes again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisOutageIT {

    private static final int PEERS_PER_NODE = 3;
    private static final int SWARM = TrackerCluster.SIZE * PEERS_PER_NODE;
    /** Rounds each node's own peers run among themselves while Redis is down. */
    private static final int ROUNDS_DURING_OUTAGE = 4;
    /** Offers per announce in the round that asks for more than a node has: twice its other peers. */
    private static final int OVER_ASKED_OFFERS = 2 * (PEERS_PER_NODE - 1);
    /**
     * The bound on counts being cluster-wide again once Redis is back: reconnect (backoff capped at
     * 1 s) + publish interval (0.5 s) + view max age (1.5 s) is 3 s; the rest is slack for two
     * shared cores.
     */
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(10);
    /** The bound on every node noticing a killed Redis: its sockets close at once, so this is slack. */
    private static final Duration NOTICE_LIMIT = Duration.ofSeconds(5);
    /**
     * Rounds (200 ms apart) of whole counts everywhere, after every node is reconnected, that end
     * the test: 2 s, longer than a view read before the republish can stay in use (0.5 s).
     */
    private static final int ROUNDS_AFTER_RECOVERY = 10;
    /** Bounds the wait for recovery: 15 s of rounds. */
    private static final int MAX_ROUNDS = 75;

    @RegisterExtension
    static final SharedCluster SHARED = new SharedCluster();

    private TrackerCluster cluster;
    private SwarmClients clients;
    private List<SwarmPeer> peers;
    private final List<OfferRounds> localRounds = new ArrayList<>();
    private final List<JsonObject> clusterStatsDuringOutage = new ArrayList<>();
    private final List<PrometheusText> metricsDuringOutage = new ArrayList<>();
    private final Map<SwarmPeer, List<String>> overAsked = new LinkedHashMap<>();
    private final List<SwarmPeer.Reply> overAskedReplies = new ArrayList<>();
    private RelayTotals crossedDuringOutage;
    /** Joined while Redis was down, on node 0, in a swarm of its own: its first announce had no directory. */
    private SwarmPeer joinedDuringOutage;
    private OfferRounds rounds;
    private RelayTotals crossedBeforeRecovery;
    private long noticedAt;
    private long restartedAt;
    private long reconnectedAt = -1;
    /** Start of the last run of rounds whose every reply counted the whole swarm. */
    private long recoveredAt;
    /** Start of the first round of that run begun after every node was reconnected. */
    private long settledAt;

    @BeforeAll
    void killRedisDuringTrafficAndStartItAgain() {
        cluster = SHARED.anyCluster(TrackerCluster.REDIS);
        clients = new SwarmClients();
        String infoHash = Ids.infoHash();
        peers = new ArrayList<>();
        for (int node = 0; node < TrackerCluster.SIZE; node++) {
            for (int i = 0; i < PEERS_PER_NODE; i++) {
                peers.add(new SwarmPeer(node, infoHash, Ids.peerId(), true));
            }
        }
        clients.join(peers, cluster.ports(), 100, 20);
        SwarmClients.awaitMembers(onePerNode(), SWARM);

        RelayTotals beforeOutage = RelayTotals.of(cluster);
        cluster.redis().kill();
        long killedAt = System.nanoTime();
        // The kill closes the nodes' sockets at once, but each node learns it on its own event loop:
        // an announce that wins that race is still served on the last whole view, as it should be.
        Awaitility.await("every node notices Redis is gone").atMost(NOTICE_LIMIT).pollInterval(Duration.ofMillis(10))
                .until(() -> IntStream.range(0, TrackerCluster.SIZE).noneMatch(i ->
                        cluster.stats(i).getJsonObject("cluster").getBoolean("storeConnected")));
        noticedAt = System.nanoTime();
        for (int node = 0; node < TrackerCluster.SIZE; node++) {
            // Each peer offers to every other peer of its node: local-first serves them all there.
            OfferRounds local = new OfferRounds(peersOn(node));
            for (int r = 0; r < ROUNDS_DURING_OUTAGE; r++) {
                local.round(null);
            }
            localRounds.add(local);
        }
        joinedDuringOutage = new SwarmPeer(0, Ids.infoHash(), Ids.peerId(), false);
        clients.join(List.of(joinedDuringOutage), cluster.ports(), 100, 1); // a refusal fails here: no reply
        IntStream.range(0, TrackerCluster.SIZE).forEach(i -> {
            clusterStatsDuringOutage.add(cluster.stats(i).getJsonObject("cluster"));
            metricsDuringOutage.add(cluster.metrics(i));
        });
        localRounds.forEach(local -> OfferRounds.awaitAnswers(local.sentInRoundsAfter(killedAt), SwarmClients.WAIT));
        askForMoreOffersThanANodeCanServe();
        crossedDuringOutage = RelayTotals.of(cluster).minus(beforeOutage);

        crossedBeforeRecovery = RelayTotals.of(cluster);
        cluster.redis().restart();
        restartedAt = System.nanoTime();
        rounds = new OfferRounds(peers);
        rounds.until(this::settled, MAX_ROUNDS, "every node reconnected, then " + ROUNDS_AFTER_RECOVERY
                + " rounds in a row counting the whole swarm on every node");
        OfferRounds.awaitAnswers(rounds.sentInRoundsAfter(settledAt - 1), SwarmClients.WAIT);
        long wrongCounts = rounds.replies().stream().filter(r -> r.members() != SWARM).count();
        System.out.printf("[cluster-it] RedisOutageIT: every node noticed the kill within %d ms%n",
                (noticedAt - killedAt) / 1_000_000);
        System.out.printf("[cluster-it] RedisOutageIT: Redis down %d ms; every node reconnected %d ms and counts"
                        + " whole again %d ms after it was back; %d of %d replies meanwhile counted less%n",
                (restartedAt - killedAt) / 1_000_000, (reconnectedAt - restartedAt) / 1_000_000,
                Math.max(0, recoveredAt - restartedAt) / 1_000_000, wrongCounts, rounds.replies().size());
    }

    /** Every peer asks for more offers than its node has other peers; the node serves what it can. */
    private void askForMoreOffersThanANodeCanServe() {
        List<CompletableFuture<SwarmPeer.Reply>> replies = new ArrayList<>();
        for (SwarmPeer peer : peers) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < OVER_ASKED_OFFERS; i++) {
                ids.add(Ids.offerId());
            }
            overAsked.put(peer, ids);
            replies.add(peer.announceOffers(ids));
        }
        replies.forEach(r -> overAskedReplies.add(SwarmClients.await(r, "reply to an announce asking too much")));
        Awaitility.await("each peer's node-mates answer its over-asked offers")
                .atMost(SwarmClients.WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> overAsked.entrySet().stream().allMatch(e -> answersTo(e.getKey(), e.getValue())
                        >= PEERS_PER_NODE - 1));
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300)); // room for a delivery that should not come
    }

    private static long answersTo(SwarmPeer offerer, List<String> offerIds) {
        return offerer.answers().stream().filter(a -> offerIds.contains(a.offerId())).count();
    }

    /**
     * Whether every node is reconnected and the rounds since then end in {@link #ROUNDS_AFTER_RECOVERY}
     * whose every reply counted the whole swarm. Views read during the outage are stale but whole,
     * and a view read between the restart and the republish is short; so the run that counts is
     * the last one, and it must reach past the reconnection.
     */
    private boolean settled() {
        if (reconnectedAt == -1 && IntStream.range(0, TrackerCluster.SIZE).allMatch(i ->
                cluster.stats(i).getJsonObject("cluster").getBoolean("storeConnected"))) {
            reconnectedAt = System.nanoTime();
        }
        if (reconnectedAt == -1) {
            return false;
        }
        List<Long> wholeRoundStarts = new ArrayList<>();
        for (int round = rounds.rounds() - 1; round >= 0; round--) {
            int r = round;
            List<OfferRounds.Reply> replies = rounds.replies().stream().filter(x -> x.round() == r).toList();
            if (replies.isEmpty() || replies.stream().anyMatch(x -> x.members() != SWARM)) {
                break;
            }
            wholeRoundStarts.add(replies.get(0).sentAtNanos());
        }
        List<Long> afterReconnect = wholeRoundStarts.stream().filter(t -> t - reconnectedAt > 0).toList();
        if (afterReconnect.size() < ROUNDS_AFTER_RECOVERY) {
            return false;
        }
        recoveredAt = wholeRoundStarts.get(wholeRoundStarts.size() - 1);
        settledAt = afterReconnect.get(afterReconnect.size() - 1);
        return true;
    }

    @AfterAll
    void closeClients() throws Exception {
        if (clients != null) {
            clients.close();
        }
    }

    @Test
    void whileRedisIsDownEveryNodeStillIntroducesItsOwnPeersToEachOther() {
        Deliveries deliveries = new Deliveries(peers);
        for (OfferRounds local : localRounds) {
            List<OfferRounds.Sent> sent = local.sentInRoundsAfter(0);
            assertThat(sent).hasSize(ROUNDS_DURING_OUTAGE * PEERS_PER_NODE * (PEERS_PER_NODE - 1));
            List<String> problems = sent.stream().map(s -> deliveries.problemWith(s.offerId(), s.offerer()))
                    .filter(Objects::nonNull).toList();
            assertThat(problems).as("offers lost or misdelivered while Redis was down").isEmpty();
            assertThat(local.replies()).as("a reply to every announce").hasSize(ROUNDS_DURING_OUTAGE * PEERS_PER_NODE);
        }
    }

    @Test
    void whileRedisIsDownANodeCountsItsOwnPeersAndSendsNoOfferToOtherNodes() {
        localRounds.forEach(local -> assertThat(local.replies()).extracting(OfferRounds.Reply::members)
                .as("counts while Redis is down").containsOnly(PEERS_PER_NODE));
        assertThat(overAskedReplies).extracting(SwarmPeer.Reply::members).containsOnly(PEERS_PER_NODE);
        assertThat(crossedDuringOutage.offersSent()).as("offers sent to other nodes during the outage").isZero();
        Deliveries deliveries = new Deliveries(peers);
        overAsked.forEach((offerer, ids) -> {
            List<Deliveries.Delivery> delivered = ids.stream().flatMap(id -> deliveries.of(id).stream()).toList();
            assertThat(delivered).as("over-asked offers of %s delivered", offerer).hasSize(PEERS_PER_NODE - 1)
                    .allSatisfy(d -> assertThat(d.receiver().node()).isEqualTo(offerer.node()))
                    .extracting(Deliveries.Delivery::receiver).doesNotHaveDuplicates().doesNotContain(offerer);
            delivered.forEach(d -> assertThat(deliveries.problemWith(d.offer().offerId(), offerer)).isNull());
        });
    }

    @Test
    void theOutageIsShownAndCountedOnEveryNode() {
        for (int node = 0; node < TrackerCluster.SIZE; node++) {
            assertThat(clusterStatsDuringOutage.get(node).getBoolean("storeConnected"))
                    .as("node %d's /stats during the outage", node).isFalse();
            JsonObject now = cluster.stats(node).getJsonObject("cluster");
            assertThat(now.getBoolean("storeConnected")).as("node %d's /stats after the outage", node).isTrue();
            assertThat(now.getJsonObject("totals").getLong("storeOutages")).as("outages on node %d", node)
                    .isPositive();
            assertThat(now.getJsonObject("totals").getLong("storeOutageMillis")).as("outage time on node %d", node)
                    .isPositive();

            PrometheusText during = metricsDuringOutage.get(node);
            assertThat(during.value("tracker_cluster_store_connected")).as("node %d's gauge during", node).isZero();
            assertThat(during.value("tracker_cluster_store_outage_seconds_total"))
                    .as("node %d's outage time, counted while it lasts", node).isPositive();
            PrometheusText after = cluster.metrics(node);
            assertThat(after.value("tracker_cluster_store_connected")).as("node %d's gauge after", node).isEqualTo(1);
            assertThat(after.value("tracker_cluster_store_outages_total")).as("node %d's outages", node)
                    .isEqualTo(now.getJsonObject("totals").getLong("storeOutages").doubleValue());
            assertThat(after.value("tracker_cluster_store_outage_seconds_total"))
                    .as("node %d's outage time after", node)
                    .isGreaterThanOrEqualTo(during.value("tracker_cluster_store_outage_seconds_total"));
        }
    }

    @Test
    void aFirstAnnounceWhileRedisIsDownGoesOnCheckedOnItsNodeOnlyAndIsCounted() {
        assertThat(joinedDuringOutage.unexpected()).isEmpty();
        assertThat(metricsDuringOutage.get(0).value("tracker_cluster_peer_id_claims_total", "verdict", "unverified"))
                .as("claims the directory could not decide on node 0").isPositive();
    }

    @Test
    void countsAreClusterWideAgainWithinTheBoundWithoutClientHelp() {
        assertThat(Duration.ofNanos(recoveredAt - restartedAt)).as("Redis back to whole counts for good")
                .isLessThanOrEqualTo(RECOVERY_LIMIT);
    }

    @Test
    void afterRecoveryOffersCrossNodesAgainAndAreAnswered() {
        List<OfferRounds.Sent> after = rounds.sentInRoundsAfter(settledAt - 1);
        assertThat(after).hasSizeGreaterThanOrEqualTo(ROUNDS_AFTER_RECOVERY * SWARM * (SWARM - 1));
        Deliveries deliveries = new Deliveries(peers);
        List<String> problems = after.stream().map(s -> deliveries.problemWith(s.offerId(), s.offerer()))
                .filter(Objects::nonNull).toList();
        assertThat(problems).as("offers lost or misdelivered after recovery").isEmpty();
        RelayTotals crossed = RelayTotals.of(cluster).minus(crossedBeforeRecovery);
        // Each announce asks for SWARM - 1 offers and its node has PEERS_PER_NODE - 1 other members.
        assertThat(crossed.offersReceived()).as("offers that crossed nodes after recovery")
                .isGreaterThanOrEqualTo((long) ROUNDS_AFTER_RECOVERY * SWARM * (SWARM - PEERS_PER_NODE));
    }

    @Test
    void noClientWasClosedOrSentAFailure() {
        assertThat(peers).noneMatch(SwarmPeer::isClosed);
        assertThat(peers.stream().flatMap(p -> p.unexpected().stream().map(m -> p + ": " + m)).toList()).isEmpty();
    }

    private List<SwarmPeer> peersOn(int node) {
        return peers.stream().filter(p -> p.node() == node).toList();
    }

    private List<SwarmPeer> onePerNode() {
        return IntStream.range(0, TrackerCluster.SIZE).mapToObj(n -> peersOn(n).get(0)).toList();
    }
}
