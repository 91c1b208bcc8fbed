package dev.hivecast.tracker.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.tracker.it.Ids;
import dev.hivecast.tracker.it.PrometheusText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Signaling across nodes: one big swarm whose peers are spread over the three nodes, a few hundred
 * of them announcing with offers, every receiver answering. Once per offer routing on Hazelcast,
 * and on Redis with uniform routing (where two thirds of the offers cross nodes; the routing above
 * the backends does not differ): whatever node an offer goes through, it reaches exactly one other
 * peer, and the answer comes back to the offerer from that peer.
 */
@ParameterizedClass(name = "{0} backend, offer routing {1}")
@CsvSource({"hazelcast, local-first", "hazelcast, uniform", "redis, uniform"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossNodeRelayIT {

    private static final int NODES = TrackerCluster.SIZE;
    private static final int PEERS_PER_NODE = 2_000;
    private static final int SWARM = NODES * PEERS_PER_NODE;
    private static final int OFFERERS_PER_NODE = 100;
    private static final int WARM_UP_OFFERERS_PER_NODE = 20;
    private static final int OFFERS_PER_ANNOUNCE = 5;
    private static final int CONNECTS_PER_SECOND = 500;
    private static final int JOINS_IN_FLIGHT = 200;
    private static final int OFFER_ANNOUNCES_PER_SECOND = 300;
    private static final Duration EXCHANGE_WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final SharedCluster SHARED = new SharedCluster();

    /** An offer as sent: by whom, when (System.nanoTime(), just before the write). */
    private record Sent(SwarmPeer offerer, long atNanos) {
    }

    /** One announce with offers from each offerer, what was sent and the replies. */
    private record Exchange(Map<SwarmPeer, List<String>> offerIdsOf, Map<String, Sent> sent,
                            List<SwarmPeer.Reply> replies) {
    }

    @Parameter(0)
    private String backend;
    @Parameter(1)
    private String routing;
    private TrackerCluster cluster;
    private SwarmClients clients;
    private List<SwarmPeer> peers;
    private Exchange exchange;
    private Deliveries deliveries;
    private RelayTotals relayed;
    private List<PrometheusText> metricsBefore;
    private List<PrometheusText> metricsAfter;

    @BeforeParameterizedClassInvocation
    void exchangeOffersAndAnswers() {
        cluster = SHARED.cluster(backend, routing);
        clients = new SwarmClients();
        String infoHash = Ids.infoHash();
        peers = new ArrayList<>(SWARM);
        for (int i = 0; i < PEERS_PER_NODE; i++) {
            for (int node = 0; node < NODES; node++) { // interleaved: the ramp loads the nodes evenly
                peers.add(new SwarmPeer(node, infoHash, Ids.peerId(), true));
            }
        }
        long rampStart = System.nanoTime();
        clients.join(peers, cluster.ports(), CONNECTS_PER_SECOND, JOINS_IN_FLIGHT);
        long rampMs = (System.nanoTime() - rampStart) / 1_000_000;
        // Counts are cluster-wide once published and read: then every node's view holds the whole swarm.
        SwarmClients.awaitMembers(peers.subList(0, NODES), SWARM);

        // The first cross-node messages pay for connections, class loading and JIT; latency is
        // measured after a smaller exchange among other offerers has warmed those paths.
        int measured = NODES * OFFERERS_PER_NODE;
        RelayTotals beforeWarmUp = RelayTotals.of(cluster);
        Exchange warmUp = exchange(peers.subList(measured, measured + NODES * WARM_UP_OFFERERS_PER_NODE));
        awaitQuiet(warmUp, beforeWarmUp);
        RelayTotals before = RelayTotals.of(cluster);
        metricsBefore = metrics();
        exchange = exchange(peers.subList(0, measured));
        awaitQuiet(exchange, before);
        relayed = RelayTotals.of(cluster).minus(before);
        metricsAfter = metrics();
        deliveries = new Deliveries(peers);
        report(rampMs);
    }

    /** Each offerer announces with fresh offers, at a steady pace; returns once every reply is in. */
    private static Exchange exchange(List<SwarmPeer> offerers) {
        Map<SwarmPeer, List<String>> offerIdsOf = new LinkedHashMap<>();
        Map<String, Sent> sent = new HashMap<>();
        List<CompletableFuture<SwarmPeer.Reply>> replies = new ArrayList<>();
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / OFFER_ANNOUNCES_PER_SECOND;
        for (int i = 0; i < offerers.size(); i++) {
            SwarmClients.parkUntil(start + i * interval);
            SwarmPeer offerer = offerers.get(i);
            List<String> ids = new ArrayList<>();
            for (int k = 0; k < OFFERS_PER_ANNOUNCE; k++) {
                ids.add(Ids.offerId());
            }
            offerIdsOf.put(offerer, ids);
            long now = System.nanoTime();
            ids.forEach(id -> sent.put(id, new Sent(offerer, now)));
            replies.add(offerer.announceOffers(ids));
        }
        return new Exchange(offerIdsOf, sent,
                replies.stream().map(r -> SwarmClients.await(r, "reply to an announce with offers")).toList());
    }

    @AfterParameterizedClassInvocation
    void closeClients() throws Exception {
        if (clients != null) {
            clients.close();
        }
    }

    @Test
    void everyOfferIsDeliveredExactlyOnceAndNeverBackToItsOfferer() {
        List<String> problems = new ArrayList<>();
        exchange.sent().forEach((id, s) -> {
            List<Deliveries.Delivery> d = deliveries.of(id);
            if (d.size() != 1) {
                problems.add(id + " delivered " + d.size() + " times");
            } else if (d.get(0).receiver() == s.offerer()) {
                problems.add(id + " delivered back to its offerer " + s.offerer());
            } else if (!d.get(0).offer().fromPeerId().equals(s.offerer().peerId())) {
                problems.add(id + " from " + s.offerer() + " arrived with peer_id " + d.get(0).offer().fromPeerId());
            }
        });
        assertThat(problems).as("offers not delivered exactly once to another peer").isEmpty();
        // The swarm is far larger than the offers: not one is surplus, and the nodes wrote each once.
        assertThat(relayed.offersRelayed()).as("offers the nodes wrote to sockets")
                .isEqualTo(exchange.offerIdsOf().size() * OFFERS_PER_ANNOUNCE);
    }

    @Test
    void theOffersOfOneAnnounceGoToDistinctPeers() {
        List<String> problems = new ArrayList<>();
        exchange.offerIdsOf().forEach((offerer, ids) -> {
            Set<SwarmPeer> receivers = new HashSet<>();
            ids.forEach(id -> deliveries.of(id).forEach(d -> receivers.add(d.receiver())));
            if (receivers.size() != ids.size()) {
                problems.add(offerer + "'s " + ids.size() + " offers reached " + receivers.size() + " distinct peers");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyAnswerReachesItsOffererFromThePeerThatReceivedTheOffer() {
        List<String> problems = new ArrayList<>();
        exchange.offerIdsOf().forEach((offerer, ids) -> {
            ids.stream().map(id -> deliveries.problemWith(id, offerer)).filter(Objects::nonNull).forEach(problems::add);
            List<String> answered = offerer.answers().stream().map(SwarmPeer.Signal::offerId).toList();
            if (answered.size() != ids.size() || !ids.containsAll(answered)) {
                problems.add(offerer + " offered " + ids + " and was answered " + answered);
            }
        });
        assertThat(problems).isEmpty();
        assertThat(relayed.answersRelayed()).as("answers the nodes wrote to sockets").isEqualTo(exchange.sent().size());
    }

    @Test
    void noPeerIsSentAFailureOrAnythingItDidNotAskFor() {
        List<String> unexpected = peers.stream().flatMap(p -> p.unexpected().stream().map(m -> p + ": " + m)).toList();
        assertThat(unexpected).isEmpty();
    }

    @Test
    void announceRepliesCountTheWholeSwarmWhateverNodeThePeerIsOn() {
        assertThat(exchange.replies()).extracting(SwarmPeer.Reply::members).containsOnly(SWARM);
    }

    @Test
    void theShareOfOffersThatCrossNodesIsTheOneTheRoutingPromises() {
        long crossed = latencies(true).size();
        double share = (double) crossed / exchange.sent().size();
        if (routing.equals("local-first")) {
            // Every node holds far more than five other members: no offer needs another node.
            assertThat(crossed).as("offers that crossed nodes").isZero();
        } else {
            // Every other member equally likely: 4,000 of the 5,999 are on the other two nodes.
            assertThat(share).as("share of offers that crossed nodes").isBetween(0.60, 0.73);
        }
        assertThat(relayed.offersSent()).as("offers the nodes sent to other nodes").isEqualTo(crossed);
        assertThat(relayed.offersReceived()).as("offers the nodes received from other nodes").isEqualTo(crossed);
        assertThat(relayed.answersSent()).as("answers the nodes sent to other nodes").isEqualTo(crossed);
        assertThat(relayed.undeliverable()).as("messages from other nodes that found no recipient").isZero();
    }

    @Test
    void theMetricsSplitRelaysByWhereTheyWentAndCountEveryAnswer() {
        long offers = exchange.sent().size();
        long crossed = latencies(true).size();
        assertThat(grew("tracker_offers_relayed_total", "destination", "same_node")).isEqualTo(offers - crossed);
        assertThat(grew("tracker_offers_relayed_total", "destination", "other_node")).isEqualTo(crossed);
        assertThat(grew("tracker_answers_relayed_total", "destination", "same_node")).isEqualTo(offers - crossed);
        assertThat(grew("tracker_answers_relayed_total", "destination", "other_node")).isEqualTo(crossed);
        assertThat(grew("tracker_cluster_received_total", "kind", "offer")).isEqualTo(crossed);
        assertThat(grew("tracker_offers_answered_total")).as("answer rate 100 %%").isEqualTo(offers);
        assertThat(grew("tracker_offer_answer_seconds_count")).isEqualTo(offers);
        for (PrometheusText node : metricsAfter) {
            assertThat(node.value("tracker_cluster_nodes")).isEqualTo(NODES);
            assertThat(node.value("tracker_build_info", "backend", backend)).isEqualTo(1);
            assertThat(node.value("tracker_cluster_directory_publish_batches_total")).isPositive();
        }
    }

    @Test
    void everyNodeExportsTheJvmAndVertxMetricsTheDashboardsQueryAndNoPerConnectionOnes() {
        for (PrometheusText node : metricsAfter) {
            assertThat(node.types()).as("metric families of a node on %s", backend).containsKeys(
                    "jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_time_ns_total", "vertx_pool_in_use");
            assertThat(node.types().keySet()).as("Vert.x's per-connection and event-bus metrics stay off")
                    .noneMatch(name -> name.startsWith("vertx_http_") || name.startsWith("vertx_net_")
                            || name.startsWith("vertx_eventbus_"));
        }
    }

    /** How much a metric grew over the measured exchange, summed over the nodes. */
    private long grew(String name, String... labels) {
        double sum = 0;
        for (int i = 0; i < NODES; i++) {
            sum += metricsAfter.get(i).value(name, labels) - metricsBefore.get(i).value(name, labels);
        }
        return Math.round(sum);
    }

    private List<PrometheusText> metrics() {
        List<PrometheusText> all = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            all.add(cluster.metrics(i));
        }
        return all;
    }

    /** Latencies (sent to received) of the offers whose receiver is, or is not, on another node than the offerer. */
    private List<Long> latencies(boolean crossNode) {
        List<Long> latencies = new ArrayList<>();
        exchange.sent().forEach((id, s) -> deliveries.of(id).stream()
                .filter(d -> (d.receiver().node() != s.offerer().node()) == crossNode)
                .forEach(d -> latencies.add(d.offer().atNanos() - s.atNanos())));
        return latencies;
    }

    /**
     * Waits until every offer has been answered and the nodes' counters have settled: whatever one
     * node sent another has arrived. Bounded; returns either way, and the tests say what is missing.
     */
    private void awaitQuiet(Exchange e, RelayTotals before) {
        int offers = e.sent().size();
        long deadline = System.nanoTime() + EXCHANGE_WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            long answers = e.offerIdsOf().keySet().stream().mapToLong(o -> o.answers().size()).sum();
            if (answers >= offers) {
                RelayTotals d = RelayTotals.of(cluster).minus(before);
                if (d.offersRelayed() >= offers && d.answersRelayed() >= offers
                        && d.offersSent() == d.offersReceived() && d.answersSent() == d.answersReceived()) {
                    return;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private void report(long rampMs) {
        List<Long> cross = latencies(true);
        int offers = exchange.sent().size();
        System.out.printf("[cluster-it] CrossNodeRelayIT, %s backend, offer routing %s: %d peers joined in %d ms; %d offers from %d"
                        + " announces (%d/s); crossed nodes: %d (%.1f %%); nodes' /stats: offersSent %d of"
                        + " offersRelayed %d (%.1f %%); offer latency cross-node %s; same node %s%n",
                backend, routing, SWARM, rampMs, offers, exchange.offerIdsOf().size(), OFFER_ANNOUNCES_PER_SECOND,
                cross.size(), 100.0 * cross.size() / offers, relayed.offersSent(), relayed.offersRelayed(),
                relayed.offersRelayed() == 0 ? 0.0 : 100.0 * relayed.offersSent() / relayed.offersRelayed(),
                Latencies.describe(cross), Latencies.describe(latencies(false)));
    }
}
