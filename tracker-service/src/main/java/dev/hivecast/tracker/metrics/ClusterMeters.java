package dev.hivecast.tracker.metrics;

import dev.hivecast.tracker.nodes.ClusterCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.IntSupplier;
import java.util.function.ToLongFunction;

/**
 * What crosses nodes, read from {@link ClusterCounters} when scraped. Registered on a lone node
 * too (one live node, zeros), so the dashboards and alerts read the same series everywhere.
 */
public final class ClusterMeters {

    private ClusterMeters() {
    }

    public static void register(MeterRegistry registry, ClusterCounters counters, IntSupplier liveNodes) {
        Gauge.builder("tracker.cluster.nodes", liveNodes, s -> s.getAsInt()).strongReference(true)
                .description("Live nodes of the cluster as this node sees them (1 alone)").register(registry);
        Gauge.builder("tracker.cluster.store.connected", counters, c -> c.storeConnected() ? 1 : 0)
                .description("1 while the backend's shared store (Redis) is reachable, 0 while this node acts "
                        + "alone; always 1 for backends without one").register(registry);
        FunctionCounter.builder("tracker.cluster.store.outage.seconds", counters, ClusterCounters::storeOutageSeconds)
                .description("Seconds this node spent without its shared store, the outage going on included")
                .register(registry);
        Binder b = new Binder(registry, counters);
        b.counter("tracker.cluster.store.outages", "Times this node lost its shared store (Redis)",
                ClusterCounters::storeOutages);
        b.counter("tracker.offers.relayed", "Offers relayed, by where the receiver is: same_node as the offerer, "
                + "or sent to other_node", ClusterCounters::offersSent, "destination", "other_node");
        b.counter("tracker.answers.relayed", "Answers relayed, by where the offerer is: same_node as the answerer, "
                + "or sent to other_node", ClusterCounters::answersSent, "destination", "other_node");
        String sent = "Offers and answers this node sent to other nodes";
        b.counter("tracker.cluster.sent", sent, ClusterCounters::offersSent, "kind", "offer");
        b.counter("tracker.cluster.sent", sent, ClusterCounters::answersSent, "kind", "answer");
        String received = "Offers and answers other nodes sent to this node";
        b.counter("tracker.cluster.received", received, ClusterCounters::offersReceived, "kind", "offer");
        b.counter("tracker.cluster.received", received, ClusterCounters::answersReceived, "kind", "answer");
        b.counter("tracker.cluster.undeliverable", "Offers and answers from other nodes whose receiver was gone "
                + "on arrival", ClusterCounters::undeliverable);
        b.counter("tracker.cluster.bad.messages", "Node-to-node messages this node could not read",
                ClusterCounters::badMessages);
        b.counter("tracker.cluster.directory.publish.batches", "Batches of this node's swarm counts written to "
                + "the cluster directory", ClusterCounters::publishBatches);
        b.counter("tracker.cluster.directory.publish.failures", "Batches the directory refused or timed out",
                ClusterCounters::publishFailures);
        b.counter("tracker.cluster.directory.reads", "Reads of other nodes' counts from the directory",
                ClusterCounters::directoryReads);
        b.counter("tracker.cluster.directory.read.batches", "Directory calls those reads went out in (one per "
                + "batch of swarms)", ClusterCounters::directoryReadBatches);
        b.counter("tracker.cluster.directory.read.failures", "Directory reads that failed",
                ClusterCounters::directoryReadFailures);
        b.counter("tracker.cluster.directory.waits", "Requests that waited for a fresh directory read",
                ClusterCounters::waitsForDirectory);
        b.counter("tracker.cluster.directory.wait.timeouts", "Waits that ran out (cluster.read-timeout): the "
                + "reply went out with older counts", ClusterCounters::directoryWaitsTimedOut);
        String claims = "First announces of a peer_id in a swarm, by the cluster's verdict on who holds it: held "
                + "by the announcing connection, refused (another client's on another node), or unverified "
                + "(the directory did not answer within cluster.peer-id-claim-timeout: held, checked on this node only)";
        b.counter("tracker.cluster.peer_id.claims", claims, ClusterCounters::peerIdClaimsHeld, "verdict", "held");
        b.counter("tracker.cluster.peer_id.claims", claims, ClusterCounters::peerIdClaimsRefused, "verdict", "refused");
        b.counter("tracker.cluster.peer_id.claims", claims, ClusterCounters::peerIdClaimsUnverified,
                "verdict", "unverified");
        b.counter("tracker.cluster.nodes.lost", "Nodes declared dead, whose members were purged from every swarm",
                ClusterCounters::nodesLeft);
    }

    private record Binder(MeterRegistry registry, ClusterCounters counters) {
        void counter(String name, String description, ToLongFunction<ClusterCounters> count, String... tags) {
            FunctionCounter.builder(name, counters, c -> count.applyAsLong(c)).description(description).tags(tags)
                    .register(registry);
        }
    }
}
