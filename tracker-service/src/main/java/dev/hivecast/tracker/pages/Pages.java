package dev.hivecast.tracker.pages;

import dev.hivecast.tracker.access.UpgradeGate;
import dev.hivecast.tracker.config.PagesConfig;
import dev.hivecast.tracker.ops.NodeStats;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Puts the pages on the public router: {@code /}, {@code /check}, {@code /demo}, their files under
 * {@code /pages/}, {@code /pages/live.json} and {@code /pages/access}. With {@code pages.enabled}
 * off nothing is added, so every one of them gets the router's 404. WebSocket upgrades never reach
 * the router, so {@code /} stays an announce URL as well.
 */
public final class Pages {

    private final PageFiles files;
    private final LiveFigures live;
    private final AccessProbe access;

    private Pages(PageFiles files, LiveFigures live, AccessProbe access) {
        this.files = files;
        this.live = live;
        this.access = access;
    }

    /**
     * @param stats        the node's figures, for the live view
     * @param clusterNodes the nodes of this node's cluster, itself included
     * @param gate         the upgrade gate the WebSocket upgrades go through
     */
    public static void mount(Router router, Vertx vertx, PagesConfig config, PageSettings settings,
                             Supplier<NodeStats> stats, IntSupplier clusterNodes, UpgradeGate gate) {
        if (!config.enabled()) {
            return;
        }
        LiveFigures live = null;
        if (config.liveFigures()) {
            live = new LiveFigures(stats, clusterNodes);
            live.start(vertx);
        }
        AssetFiles assets = AssetFiles.copy();
        new Pages(new PageFiles(settings), live, new AccessProbe(gate)).addRoutes(router, assets);
        // Undeployed when Vert.x closes: the public way to run something then.
        vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> stop() {
                return vertx.executeBlocking(() -> {
                    assets.delete();
                    return null;
                });
            }
        });
    }

    private void addRoutes(Router router, AssetFiles assets) {
        page(router.route("/"), "landing");
        page(router.route("/check"), "check");
        page(router.route("/demo"), "demo");
        assets.all().forEach((name, asset) -> readable(router.route(PageFiles.ROOT + name))
                .handler(ctx -> sendAsset(ctx, asset)));
        readable(router.route(PageFiles.ROOT + "settings.json")).handler(ctx -> {
            shared(ctx);
            send(ctx, files.settings());
        });
        if (live != null) {
            readable(router.route(PageFiles.ROOT + "live.json")).handler(ctx -> ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(live.json()));
        }
        router.post(PageFiles.ROOT + "access").handler(access::handle);
    }

    private void page(Route route, String name) {
        readable(route).handler(ctx -> {
            ctx.response().putHeader("Content-Security-Policy", files.contentSecurityPolicy());
            ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            send(ctx, files.page(name));
        });
    }

    private static Route readable(Route route) {
        return route.method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    private static void send(RoutingContext ctx, PageFiles.Rendered file) {
        headers(ctx, file.contentType()).end(file.body());
    }

    private static void sendAsset(RoutingContext ctx, AssetFiles.Asset asset) {
        shared(ctx);
        headers(ctx, asset.contentType()).sendFile(asset.path().toString());
    }

    /**
     * Files any site may load, for a while: the self-test's scripts are meant to be embedded in
     * the operator's own pages, so that they run with that site's Origin.
     */
    private static void shared(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=300");
    }

    private static HttpServerResponse headers(RoutingContext ctx, String contentType) {
        return ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
    }
}
