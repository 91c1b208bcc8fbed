package dev.hivecast.tracker.ops;

import dev.hivecast.tracker.config.AdminConfig;
import dev.hivecast.tracker.limits.ClientAddresses;
import dev.hivecast.tracker.ops.OpsMeters.Page;
import dev.hivecast.tracker.swarm.SliceDirectory;
import dev.hivecast.tracker.transport.Loops;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code GET /health} (liveness: the process answers), {@code GET /ready} (readiness: false while
 * draining, so the load balancer stops sending new players), {@code GET /stats} (JSON, or a
 * small page for a browser) and {@code GET /metrics} (Prometheus text format). Mounted on the
 * public port, or on the admin port when one is set.
 *
 * <p>The probes are answered at once, to {@code HEAD} as well, and never limited. {@code /metrics}
 * and {@code /stats} are rendered off the event loops and shared ({@link SharedRendering}), and
 * each client IP may ask for them at {@code admin.request-rate}: no number of requests turns into
 * more than one rendering per interval, nor stalls the players on the same event loop.
 */
public final class OpsEndpoints {

    private static final String JSON = "application/json";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Loops loops;
    private final SliceDirectory directory;
    private final Supplier<JsonObject> clusterStatus;
    private final long startedAtMillis = System.currentTimeMillis();
    private final String version;
    private final RateSampler rates;
    private final PrometheusMeterRegistry registry;
    private final OpsMeters meters;
    private final ClientRequestRates clients;
    private final SharedRendering<Buffer> metrics;
    private final SharedRendering<StatsBodies> stats;

    /**
     * @param clusterStatus the cluster part of /stats
     * @param addresses     who a request's client is (the same trusted proxies as the public port)
     */
    public OpsEndpoints(Vertx vertx, Loops loops, SliceDirectory directory, Supplier<JsonObject> clusterStatus,
                        String version, PrometheusMeterRegistry registry, AdminConfig admin, ClientAddresses addresses) {
        this.loops = loops;
        this.directory = directory;
        this.clusterStatus = clusterStatus;
        this.version = version;
        this.registry = registry;
        this.meters = new OpsMeters(registry);
        this.clients = new ClientRequestRates(admin.requestRate(), admin.requestBurst(), addresses);
        long interval = admin.renderInterval().toMillis();
        this.metrics = new SharedRendering<>(vertx, interval, () -> Buffer.buffer(registry.scrape()),
                () -> meters.rendered(Page.METRICS));
        this.stats = new SharedRendering<>(vertx, interval, this::renderStats, () -> meters.rendered(Page.STATS));
        this.rates = new RateSampler(this::nodeStats, 10);
        rates.sample();
        vertx.setPeriodic(1000, id -> {
            rates.sample();
            clients.sweep();
        });
        renderEveryPageOnce();
    }

    /**
     * Called before the listeners open. The first rendering of a page loads and initialises what
     * it needs (Jackson's writers, the HTML page, Prometheus' text format): 370 ms for the first
     * /stats on a 2-core machine; a load test once saw it lift offer->answer p99.9 to 100-360 ms.
     */
    private void renderEveryPageOnce() {
        renderStats();
        registry.scrape();
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route("/health").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(ctx -> json(ctx, 200, "{\"status\":\"UP\"}"));
        router.route("/ready").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::ready);
        router.get("/stats").handler(this::stats);
        router.get("/stats.json").handler(ctx -> serve(ctx, Page.STATS, stats, StatsBodies::json, JSON));
        router.get("/metrics").handler(ctx -> serve(ctx, Page.METRICS, metrics, body -> body, PROMETHEUS_TEXT));
        return router;
    }

    private void ready(RoutingContext ctx) {
        if (loops.isDraining()) {
            json(ctx, 503, "{\"status\":\"DRAINING\"}");
        } else {
            json(ctx, 200, "{\"status\":\"READY\"}");
        }
    }

    /** Refuses an over-rate client at once; else answers, on the request's own loop, with the next rendering. */
    private <T> void serve(RoutingContext ctx, Page page, SharedRendering<T> rendering, Function<T, Buffer> body,
                           String contentType) {
        if (!clients.allow(ctx.request())) {
            meters.limited(page);
            ctx.response().setStatusCode(429)
                    .putHeader(HttpHeaders.RETRY_AFTER, Long.toString(clients.retryAfterSeconds()))
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end();
            return;
        }
        Context context = Vertx.currentContext();
        rendering.next().whenComplete((value, error) -> context.runOnContext(v -> {
            if (ctx.response().closed() || ctx.response().ended()) {
                return; // the client left while it waited
            }
            if (error != null) {
                ctx.fail(error);
                return;
            }
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(body.apply(value));
        }));
    }

    private void stats(RoutingContext ctx) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains("text/html")) {
            serve(ctx, Page.STATS, stats, StatsBodies::html, "text/html; charset=utf-8");
        } else {
            serve(ctx, Page.STATS, stats, StatsBodies::prettyJson, JSON);
        }
    }

    private StatsBodies renderStats() {
        NodeStats s = nodeStats();
        RateSampler.Rates r = rates.rates();
        JsonObject json = s.toJson(r).put("cluster", clusterStatus.get());
        return new StatsBodies(Buffer.buffer(json.encode()), Buffer.buffer(json.encodePrettily()),
                Buffer.buffer(StatsPage.render(s, r)));
    }

    private NodeStats nodeStats() {
        return NodeStats.of(loops, directory, startedAtMillis, version);
    }

    private static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body);
    }
}
