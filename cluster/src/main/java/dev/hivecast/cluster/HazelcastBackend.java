package dev.hivecast.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many nodes joined by Hazelcast. The swarm directory is the partitioned map
 * {@value HazelcastConfigs#SWARMS_MAP} (one synchronous backup); payloads travel over the Vert.x
 * clustered event bus, to one consumer per node at {@code tracker.node.<nodeId>}. Who holds each
 * peer_id of each swarm is in {@link HazelcastPeerIds}.
 *
 * <p><b>Failure timeout</b>: a member that stops heart-beating is declared dead once it has been
 * silent for {@link BackendSettings#failureTimeout()} (rounded up to whole seconds; Hazelcast checks
 * once per heartbeat, so up to one heartbeat later). A member whose process died, so that its
 * connections are refused, is declared dead sooner, within about a second. The oldest surviving
 * member then purges its shares from the map.
 *
 * <p>Vert.x HA must stay off: its HA manager and this backend would compete for the cluster
 * manager's single node listener.
 */
public final class HazelcastBackend implements ClusterBackend {

    static final String NODE_ADDRESS_PREFIX = "tracker.node.";

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastBackend.class);

    private final BackendSettings settings;
    private final EventBusSettings eventBus;
    private volatile EventBusTls tls;
    private volatile Joined joined;

    /** What exists once the node is in the cluster. */
    private record Joined(Vertx vertx, HazelcastClusterManager manager, ShareDirectory directory,
                          HazelcastSummaries summaries, HazelcastPeerIds peerIds) {
    }

    public HazelcastBackend(BackendSettings settings) {
        this(settings, EventBusSettings.DEFAULT);
    }

    /** @param eventBus the port and TLS of the event bus that carries offers and answers */
    public HazelcastBackend(BackendSettings settings, EventBusSettings eventBus) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.eventBus = Objects.requireNonNull(eventBus, "eventBus");
    }

    @Override
    public Future<Vertx> start(VertxOptions options, ClusterListener listener) {
        if (options.isHAEnabled()) {
            return Future.failedFuture(new IllegalArgumentException(
                    "Vert.x HA is not supported with the hazelcast cluster backend: turn VertxOptions.haEnabled off"));
        }
        if (eventBus.tls().enabled()) {
            try {
                tls = EventBusTls.load(eventBus.tls());
            } catch (ClusterTlsException e) {
                return Future.failedFuture(new IllegalStateException(e.getMessage(), e));
            }
        }
        HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastConfigs.forSettings(settings));
        VertxOptions clustered = new VertxOptions(options);
        // The copy turns the caller's metrics options (Micrometer's, with our registry and the
        // categories we turned off) into plain MetricsOptions: Vert.x then ran every category,
        // event-bus messages included, into a registry nobody scrapes, and /metrics lost jvm_*.
        clustered.setMetricsOptions(options.getMetricsOptions());
        clustered.getEventBusOptions()
                .setHost(settings.host())
                .setClusterPublicHost(settings.host())
                .setPort(eventBus.port());
        EventBusTls eventBusTls = tls;
        if (eventBusTls != null) {
            eventBusTls.configure(clustered.getEventBusOptions());
        }
        return Vertx.builder().with(clustered).withClusterManager(manager).buildClustered()
                .compose(vertx -> (eventBusTls == null ? Future.<Void>succeededFuture() : eventBusTls.install(vertx))
                        .compose(installed -> listen(vertx, manager, listener))
                        .recover(error -> vertx.close().transform(closed -> Future.failedFuture(error))));
    }

    private Future<Vertx> listen(Vertx vertx, HazelcastClusterManager manager, ClusterListener listener) {
        HazelcastInstance hazelcast = manager.getHazelcastInstance();
        String self = manager.getNodeId();
        joined = new Joined(vertx, manager, new ShareDirectory(vertx, hazelcast, self),
                new HazelcastSummaries(vertx, hazelcast, self),
                new HazelcastPeerIds(vertx, hazelcast, self, manager::getNodes));
        NodeInbox inbox = new NodeInbox(NODE_ADDRESS_PREFIX + self, HazelcastPeerIds.NOTICE_ADDRESS_PREFIX + self, listener);
        return vertx.deployVerticle(inbox).map(deployed -> {
            HazelcastEvents events = new HazelcastEvents(inbox.context(), listener, this::purgeIfOldest);
            manager.nodeListener(events);
            hazelcast.getLifecycleService().addLifecycleListener(events);
            return vertx;
        });
    }

    /** One survivor purges: the oldest member, which every member agrees on without talking. */
    private void purgeIfOldest(String departedNodeId) {
        Joined node = joined;
        Member oldest = node.manager().getHazelcastInstance().getCluster().getMembers().iterator().next();
        if (oldest.localMember()) {
            node.vertx().executeBlocking(() -> {
                node.summaries().purge(departedNodeId);
                return null;
            }, false).onFailure(error -> LOG.debug("Could not purge the summaries of departed node {}", departedNodeId, error));
            node.directory().purge(departedNodeId)
                    .onFailure(error -> LOG.warn("Could not purge the shares of departed node {}; "
                            + "reads skip them anyway", departedNodeId, error));
            node.peerIds().purge(departedNodeId)
                    .onFailure(error -> LOG.warn("Could not purge the peer_id holds of departed node {}; "
                            + "claims treat them as free anyway", departedNodeId, error));
        }
    }

    @Override
    public String nodeId() {
        return started().manager().getNodeId();
    }

    @Override
    public Set<String> liveNodes() {
        return Set.copyOf(started().manager().getNodes());
    }

    private boolean isLive(String nodeId) {
        return started().manager().getNodes().contains(nodeId);
    }

    @Override
    public Future<Void> publish(Map<String, NodeShare> shares) {
        return started().directory().publish(shares);
    }

    @Override
    public Future<Map<String, NodeShare>> sharesOf(String swarm) {
        return sharesOfEach(Set.of(swarm)).map(bySwarm -> bySwarm.get(swarm));
    }

    @Override
    public Future<Map<String, Map<String, NodeShare>>> sharesOfEach(Set<String> swarms) {
        String self = nodeId();
        List<String> live = started().manager().getNodes();
        return started().directory().readEach(swarms, node -> !node.equals(self) && live.contains(node));
    }

    @Override
    public Future<Void> publishSummaries(Map<String, String> summaries) {
        return started().summaries().publish(summaries);
    }

    @Override
    public Future<Map<String, Map<String, String>>> summariesOfEach(Set<String> swarms) {
        String self = nodeId();
        Set<String> others = new HashSet<>(started().manager().getNodes());
        others.remove(self);
        return started().summaries().readEach(swarms, others);
    }

    @Override
    public void send(String nodeId, Buffer payload) {
        // A node not in the member list has no consumer; skip the event bus's registry lookup.
        if (isLive(nodeId)) {
            started().vertx().eventBus().send(NODE_ADDRESS_PREFIX + nodeId, payload);
        }
    }

    @Override
    public Future<Boolean> claimPeerId(PeerIdHold claimant) {
        return started().peerIds().claim(claimant);
    }

    @Override
    public void releasePeerId(PeerIdHold hold) {
        started().peerIds().release(hold);
    }

    @Override
    public Future<Void> withdraw() {
        return Future.join(started().directory().withdraw(), started().summaries().withdraw()).mapEmpty();
    }

    @Override
    public Future<Void> close() {
        Joined node = joined;
        return node == null ? Future.succeededFuture() : node.vertx().close();
    }

    /** The event bus's TLS once started with it, else null. */
    public EventBusTls tls() {
        return tls;
    }

    @Override
    public String name() {
        return BackendSettings.HAZELCAST;
    }

    /** For tests: the member, to terminate it as a crash would. */
    HazelcastInstance hazelcastInstance() {
        return started().manager().getHazelcastInstance();
    }

    /** For tests: calls this node's directory reads have sent. */
    long directoryReadOperations() {
        return started().directory().readOperations();
    }

    /** For tests: entry-processor calls this node's directory writes have sent. */
    long directoryWriteOperations() {
        return started().directory().writeOperations();
    }

    private Joined started() {
        Joined node = joined;
        if (node == null) {
            throw new IllegalStateException("the hazelcast cluster backend is not started");
        }
        return node;
    }
}
