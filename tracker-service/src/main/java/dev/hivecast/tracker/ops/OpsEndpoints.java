package dev.hivecast.tracker.ops;

import dev.hivecast.tracker.swarm.SliceDirectory;
import dev.hivecast.tracker.transport.Loops;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * {@code GET /health} (liveness: the process answers), {@code GET /ready} (readiness: false while
 * draining, so the load balancer stops sending new players), {@code GET /stats} (JSON, or a
 * small page for a browser) and {@code GET /metrics} (Prometheus text format). Mounted on the
 * public port, or on the admin port when one is set.
 */
public final class OpsEndpoints {

    private final Loops loops;
    private final SliceDirectory directory;
    private final Supplier<JsonObject> clusterStatus;
    private final long startedAtMillis = System.currentTimeMillis();
    private final String version;
    private final RateSampler rates;
    private final PrometheusMeterRegistry registry;

    /** @param clusterStatus the cluster part of /stats */
    public OpsEndpoints(Vertx vertx, Loops loops, SliceDirectory directory, Supplier<JsonObject> clusterStatus,
                        String version, PrometheusMeterRegistry registry) {
        this.loops = loops;
        this.directory = directory;
        this.clusterStatus = clusterStatus;
        this.version = version;
        this.registry = registry;
        this.rates = new RateSampler(this::nodeStats, 10);
        rates.sample();
        vertx.setPeriodic(1000, id -> rates.sample());
        renderEveryPageOnce();
    }

    /**
     * Called before the listeners open. The first rendering of a page loads and initialises what
     * it needs (Jackson's writers, the HTML page, Prometheus' text format): 370 ms for the first
     * /stats on a 2-core machine, on the event loop that serves it, whose peers all wait for it
     * meanwhile. A load test saw one such request lift offer->answer p99.9 to 100-360 ms.
     */
    private void renderEveryPageOnce() {
        currentStats().encodePrettily();
        currentStats().encode();
        StatsPage.render(nodeStats(), rates.rates());
        registry.scrape();
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> json(ctx, 200, "{\"status\":\"UP\"}"));
        router.get("/ready").handler(this::ready);
        router.get("/stats").handler(this::stats);
        router.get("/stats.json").handler(ctx -> json(ctx, 200, currentStats().encode()));
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(registry.scrape()));
        return router;
    }

    private void ready(RoutingContext ctx) {
        if (loops.isDraining()) {
            json(ctx, 503, "{\"status\":\"DRAINING\"}");
        } else {
            json(ctx, 200, "{\"status\":\"READY\"}");
        }
    }

    private void stats(RoutingContext ctx) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains("text/html")) {
            NodeStats s = nodeStats();
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .end(StatsPage.render(s, rates.rates()));
        } else {
            json(ctx, 200, currentStats().encodePrettily());
        }
    }

    private NodeStats nodeStats() {
        return NodeStats.of(loops, directory, startedAtMillis, version);
    }

    private JsonObject currentStats() {
        return nodeStats().toJson(rates.rates()).put("cluster", clusterStatus.get());
    }

    private static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body);
    }
}
