package dev.hivecast.tracker;

import dev.hivecast.protocol.CodecLimits;
import dev.hivecast.protocol.TrackerCodec;
import dev.hivecast.tracker.access.RefusalCounters;
import dev.hivecast.tracker.config.AccessConfig;
import dev.hivecast.tracker.config.TrackerConfig;
import dev.hivecast.tracker.insight.InsightParts;
import dev.hivecast.tracker.limits.ClientAddresses;
import dev.hivecast.tracker.metrics.AccessMeters;
import dev.hivecast.tracker.metrics.ClusterMeters;
import dev.hivecast.tracker.metrics.ClusterTlsMeters;
import dev.hivecast.tracker.locality.LocalityFiles;
import dev.hivecast.tracker.metrics.IceMeters;
import dev.hivecast.tracker.metrics.LocalityMeters;
import dev.hivecast.tracker.metrics.MetricsRegistry;
import dev.hivecast.tracker.metrics.SignalingMeters;
import dev.hivecast.tracker.net.AddressBlocks;
import dev.hivecast.tracker.ops.NodeStats;
import dev.hivecast.tracker.ops.OpsEndpoints;
import dev.hivecast.tracker.pages.PageSettings;
import dev.hivecast.tracker.pages.Pages;
import dev.hivecast.tracker.swarm.SwarmSettings;
import dev.hivecast.tracker.transport.AdminConnections;
import dev.hivecast.tracker.transport.Admission;
import dev.hivecast.tracker.transport.LoopParts;
import dev.hivecast.tracker.transport.Loops;
import dev.hivecast.tracker.transport.SignalingLoop;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: wires one tracker process from its configuration, each part built once
 * with what it needs. The signaling loops serve the public port, the ops endpoints the public or
 * admin port; then the drain. Used by {@link Main} and by the tests.
 */
public final class TrackerServer {

    private static final Logger log = LoggerFactory.getLogger(TrackerServer.class);

    private final TrackerConfig config;
    private final Vertx vertx;
    private final Loops loops;
    private final ClusterParts cluster;
    private final PrometheusMeterRegistry registry;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private int port;
    private Integer adminPort;

    private TrackerServer(TrackerConfig config, Vertx vertx, Loops loops, ClusterParts cluster,
                          PrometheusMeterRegistry registry) {
        this.config = config;
        this.vertx = vertx;
        this.loops = loops;
        this.cluster = cluster;
        this.registry = registry;
    }

    /** Starts a tracker; the future completes once it has joined its cluster and every loop listens. */
    public static Future<TrackerServer> start(TrackerConfig config) {
        int loopCount = config.eventLoopCount(Runtime.getRuntime().availableProcessors());
        Loops loops = new Loops(loopCount);
        ClusterParts cluster = ClusterParts.create(config.cluster(), loops, loopCount, config.locality());
        PrometheusMeterRegistry registry = MetricsRegistry.create();
        VertxOptions options = new VertxOptions().setEventLoopPoolSize(loopCount + 1)
                .setPreferNativeTransport(true) // epoll when its library loads, else NIO
                .setMetricsOptions(MetricsRegistry.vertxOptions(registry));
        return cluster.backend().start(options, cluster.events())
                .compose(vertx -> AccessParts.prepare(vertx, loops, config.access(), config.tls()).compose(access ->
                        LocalityFiles.prepare(vertx, config.locality()).compose(locality -> {
                    TrackerServer server = new TrackerServer(config, vertx, loops, cluster, registry);
                    return server.deploy(access, locality).onSuccess(v -> {
                        access.start(loops);
                        locality.start(config.locality().reloadInterval(config.access()));
                        cluster.startPublishing(vertx);
                    }).map(server);
                })))
                .onFailure(e -> {
                    log.error("Tracker failed to start", e);
                    cluster.backend().close();
                });
    }

    /** Builds what every loop shares, registers the meters, and deploys one loop per loop index. */
    private Future<Void> deploy(AccessParts access, LocalityFiles locality) {
        RefusalCounters refusals = new RefusalCounters();
        Admission admission = new Admission(config.limits(), access.gate(), refusals);
        SignalingMeters meters = new SignalingMeters(registry, loops, cluster.directory(), admission.clients(),
                Version.current(), cluster.backend().name());
        ClusterMeters.register(registry, cluster.counters(), () -> cluster.backend().liveNodes().size());
        ClusterTlsMeters.register(registry, cluster.eventBusTls());
        AccessMeters.register(registry, refusals, access.policy(), access.lists(), access.tls());
        InsightParts insight = InsightParts.create(config, registry);
        LocalityMeters.register(registry, loops, locality::reloadFailures);
        IceMeters.register(registry, loops);
        LoopParts parts = new LoopParts(loops, admission, cluster.directory(), cluster.view(), cluster.link(),
                SwarmSettings.of(config), config.connection(), new TrackerCodec(codecLimits(config)),
                access.policy(), access.tlsOptions(), meters, locality.resolver(), insight.announced(),
                config.insight().iceCandidates());

        ClientAddresses addresses = new ClientAddresses(AddressBlocks.parse(
                AccessConfig.commaList(config.limits().trustedProxies())));
        OpsEndpoints ops = new OpsEndpoints(vertx, loops, cluster.directory(), cluster::status, Version.current(),
                registry, config.admin(), addresses);
        Router opsRouter = ops.router(vertx);
        boolean separateAdmin = config.admin().hasOwnPort();
        if (config.limits().proxyProtocol() && !separateAdmin) {
            log.warn("limits.proxy-protocol is on and admin.port is unset: /health, /ready and /metrics need a"
                    + " PROXY header too, which probes and Prometheus do not send; set admin.port");
        }
        Router publicRouter = separateAdmin ? Router.router(vertx) : opsRouter;
        long startedAt = System.currentTimeMillis();
        Pages.mount(publicRouter, vertx, config.pages(), PageSettings.of(config, Version.current()),
                () -> NodeStats.of(loops, cluster.directory(), startedAt, Version.current()),
                () -> cluster.backend().liveNodes().size(), access.gate());
        insight.mountBeacon(vertx, publicRouter, addresses);
        // Vert.x shares one listener among servers of the same Vertx on the same host and port
        // and spreads accepted connections over them (port 0 included, see SignalingLoop.SHARED_FREE_PORT).
        List<Future<String>> deployed = new ArrayList<>();
        for (int i = 0; i < loops.count(); i++) {
            deployed.add(vertx.deployVerticle(new SignalingLoop(i, parts, config.host(), config.port(), publicRouter)));
        }
        return Future.all(deployed)
                .onSuccess(v -> port = loops.all().get(0).actualPort())
                .compose(v -> separateAdmin ? listenAdmin(opsRouter, refusals) : Future.succeededFuture())
                .mapEmpty();
    }

    /** The socket layer in use: epoll when Netty's native library loaded, else Java NIO. */
    public String transport() {
        return vertx.isNativeTransportEnabled() ? "epoll" : "NIO";
    }

    private Future<HttpServer> listenAdmin(Router opsRouter, RefusalCounters refusals) {
        // HTTP/1.1 only, as on the public port: Prometheus and probes need nothing else.
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false);
        AdminConnections connections = new AdminConnections(config.admin().maxConnections(), config.limits(),
                refusals, options);
        return vertx.createHttpServer(options).connectionHandler(connections::onTcpConnection)
                .requestHandler(opsRouter).listen(config.admin().port(), config.adminHost())
                .onSuccess(s -> adminPort = s.actualPort());
    }

    public int port() {
        return port;
    }

    /** The admin port, or null when the ops endpoints share the public port. */
    public Integer adminPort() {
        return adminPort;
    }

    /** The node's signaling loops (tests look inside them). */
    public Loops loops() {
        return loops;
    }

    /** The URL players should put in their announce list. */
    public String playerUrl() {
        boolean wildcard = "0.0.0.0".equals(config.host()) || "::".equals(config.host());
        if (config.publicUrl().isEmpty() && wildcard) {
            // reachable from this machine; set public-url for others
            return (config.tls().enabled() ? "wss" : "ws") + "://127.0.0.1:" + port + "/";
        }
        return config.advertisedUrl(port);
    }

    /**
     * Readiness goes false and new upgrades are refused at once; in a cluster the node then leaves
     * the swarm directory, so the others stop sending it offers; open sockets are closed with 1001
     * spread over the drain window; then everything stops. Bounded by the drain timeout.
     */
    public Future<Void> drainAndStop() {
        if (!stopped.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        loops.startDraining();
        Duration window = config.drain().window();
        return cluster.withdraw()
                .transform(ar -> {
                    log.atInfo().addKeyValue("connections", loops.connectionCount())
                            .addKeyValue("windowSeconds", window.toSeconds())
                            .log("Draining: closing {} connections over {} s", loops.connectionCount(), window.toSeconds());
                    return loops.closeConnections(window);
                })
                .compose(v -> vertx.timer(500)) // let the last close frames leave
                .timeout(config.drain().timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .eventually(() -> cluster.backend().close())
                .mapEmpty();
    }

    /** Stops at once, without a drain (tests). */
    public Future<Void> stop() {
        stopped.set(true);
        return cluster.backend().close();
    }

    /** This node's id in its cluster. */
    public String nodeId() {
        return cluster.backend().nodeId();
    }

    static CodecLimits codecLimits(TrackerConfig c) {
        return new CodecLimits(c.announce().maxOffers(), c.announce().maxOfferIdLength(), c.scrape().maxHashes(),
                CodecLimits.DEFAULTS.maxNestingDepth());
    }
}
