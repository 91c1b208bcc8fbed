package dev.hivecast.tracker;

import dev.hivecast.cluster.ClusterBackend;
import dev.hivecast.cluster.ClusterBackends;
import dev.hivecast.cluster.ClusterListener;
import dev.hivecast.cluster.ClusterTls;
import dev.hivecast.cluster.EventBusSettings;
import dev.hivecast.cluster.EventBusTls;
import dev.hivecast.cluster.HazelcastBackend;
import dev.hivecast.cluster.BackendSettings;
import dev.hivecast.cluster.RedisEndpoint;
import dev.hivecast.tracker.nodes.ClusterCounters;
import dev.hivecast.tracker.nodes.ClusterEvents;
import dev.hivecast.tracker.nodes.ClusterStatus;
import dev.hivecast.tracker.nodes.ClusterView;
import dev.hivecast.tracker.nodes.NodeLink;
import dev.hivecast.tracker.nodes.PeerIdLedger;
import dev.hivecast.tracker.nodes.SharePublisher;
import dev.hivecast.tracker.config.ClusterConfig;
import dev.hivecast.tracker.config.LocalityConfig;
import dev.hivecast.tracker.swarm.SliceDirectory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires cluster mode: the backend chosen by {@code cluster.backend}, the cache of the other
 * nodes' counts, the link that carries offers and answers between nodes and the publisher of
 * this node's counts. With the local backend only the backend and the directory exist: a lone
 * node pays nothing for the cluster.
 */
final class ClusterParts {

    private static final Logger log = LoggerFactory.getLogger(ClusterParts.class);
    /**
     * How soon a swarm new on this node (or gone from it) is published: two viewers of a new
     * stream who land on different nodes meet only if each node sees the other's member when
     * routing offers. Bounded to 20 batches a second, whatever the churn.
     */
    private static final long FAST_PUBLISH_MS = 50;
    /** A cached view nobody read for this long is forgotten. */
    private static final Duration VIEW_IDLE = Duration.ofSeconds(60);

    private final ClusterConfig config;
    private final ClusterBackend backend;
    private final SliceDirectory directory;
    private final ClusterCounters counters = new ClusterCounters();
    private final ClusterView view;
    private final NodeLink link;
    private final SharePublisher publisher;
    private final ClusterEvents events;
    private Vertx vertx;
    private long publishTimer = -1;
    private long fastPublishTimer = -1;
    private long republishTimer = -1;

    private ClusterParts(ClusterConfig config, NodeLink.LocalLoops loops, int loopCount, LocalityConfig locality) {
        this.config = config;
        this.backend = ClusterBackends.create(backendSettings(config), eventBusSettings(config));
        boolean clustered = !config.isLocal();
        this.directory = new SliceDirectory(loopCount, clustered,
                clustered && config.peerIdClaims()
                        ? new PeerIdLedger(backend, loops, counters, config.peerIdClaimTimeout()) : null);
        this.view = clustered ? new ClusterView(backend, counters, config.publishInterval(),
                config.viewMaxAge(), config.readTimeout(), System::nanoTime, locality.acrossCluster())
                : null;
        this.link = clustered ? new NodeLink(NodeLink.Sender.of(backend), directory, counters, loops) : null;
        this.publisher = clustered ? new SharePublisher(directory, backend, counters,
                locality.acrossCluster() ? locality.summaryGroups() : 0) : null;
        this.events = clustered ? new ClusterEvents(view, link, publisher, counters) : null;
    }

    /** @param loops where offers and answers from other nodes go; its loops take their slots as they start */
    static ClusterParts create(ClusterConfig config, NodeLink.LocalLoops loops, int loopCount, LocalityConfig locality) {
        return new ClusterParts(config, loops, loopCount, locality);
    }

    ClusterBackend backend() {
        return backend;
    }

    /** The event bus's TLS when the hazelcast backend runs with cluster TLS, else null. */
    EventBusTls eventBusTls() {
        return backend instanceof HazelcastBackend hazelcast ? hazelcast.tls() : null;
    }

    SliceDirectory directory() {
        return directory;
    }

    ClusterView view() {
        return view;
    }

    NodeLink link() {
        return link;
    }

    /** What crossed nodes; all zeros on a lone node. */
    ClusterCounters counters() {
        return counters;
    }

    /** The backend's listener; a lone node has nothing to hear. */
    ClusterListener events() {
        return events != null ? events : NOTHING_TO_HEAR;
    }

    private static final ClusterListener NOTHING_TO_HEAR = new ClusterListener() {
        @Override
        public void nodeLeft(String nodeId) {
        }

        @Override
        public void republishNeeded() {
        }

        @Override
        public void received(Buffer payload) {
        }
    };

    /** The cluster part of /stats. */
    JsonObject status() {
        return config.isLocal() ? new JsonObject().put("backend", "local") : ClusterStatus.of(backend, view, counters);
    }

    /** Once the loops listen: start publishing this node's shares and refreshing the view. */
    void startPublishing(Vertx vertx) {
        this.vertx = vertx;
        if (config.isLocal()) {
            return;
        }
        publishTimer = vertx.setPeriodic(config.publishInterval().toMillis(), id -> publisher.publishChanged());
        fastPublishTimer = vertx.setPeriodic(FAST_PUBLISH_MS, id -> publisher.publishIfSwarmsAppearedOrVanished());
        long republishMs = config.republishInterval().toMillis();
        republishTimer = vertx.setPeriodic(republishMs, republishMs, id -> publisher.republishAll());
        vertx.setPeriodic(Math.max(1, config.publishInterval().toMillis() / 2), id -> view.refreshStale());
        vertx.setPeriodic(10_000, id -> view.sweep(VIEW_IDLE));
        log.atInfo().addKeyValue("backend", backend.name()).addKeyValue("cluster", config.name())
                .addKeyValue("nodeId", backend.nodeId()).addKeyValue("liveNodes", backend.liveNodes().size())
                .addKeyValue("offerRouting", config.offerRouting())
                .log("Joined the {} cluster '{}' as node {} ({} live nodes, offer routing {})", backend.name(),
                        config.name(), backend.nodeId(), backend.liveNodes().size(), config.offerRouting());
    }

    /**
     * The first step of a drain: stop publishing (the closing sockets must not re-add this node)
     * and remove this node's counts from the directory, so the others stop routing offers here.
     */
    Future<Void> withdraw() {
        if (config.isLocal() || vertx == null) {
            return Future.succeededFuture();
        }
        vertx.cancelTimer(publishTimer);
        vertx.cancelTimer(fastPublishTimer);
        vertx.cancelTimer(republishTimer);
        return backend.withdraw()
                .timeout(config.withdrawTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .onSuccess(v -> log.info("Left the swarm directory: other nodes no longer send offers here"))
                .onFailure(e -> log.atWarn().addKeyValue("cause", e.toString())
                        .log("Could not leave the swarm directory before the drain: {}", e.toString()));
    }

    private static EventBusSettings eventBusSettings(ClusterConfig c) {
        ClusterTls tls = c.tlsEnabled() ? new ClusterTls(c.tlsCertPem(), c.tlsKeyPem(), c.tlsCaPem(), c.tlsReloadInterval())
                : ClusterTls.OFF;
        return new EventBusSettings(c.eventBusPort(), tls);
    }

    /** The backend's own input: the cluster module knows nothing of the tracker's config file. */
    private static BackendSettings backendSettings(ClusterConfig c) {
        return new BackendSettings(c.backend(), c.name(), c.host(), c.port(), c.memberList(),
                c.kubernetesServiceDns(), c.heartbeatInterval(), c.failureTimeout()).withRedis(new RedisEndpoint(c.redisUrl(), c.redisPassword(), c.redisTlsTrustPem()));
    }
}
