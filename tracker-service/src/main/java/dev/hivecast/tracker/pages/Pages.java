package dev.hivecast.tracker.pages;

import dev.hivecast.tracker.access.UpgradeGate;
import dev.hivecast.tracker.config.PagesConfig;
import dev.hivecast.tracker.ops.NodeStats;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
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
        new Pages(new PageFiles(settings), live, new AccessProbe(gate)).addRoutes(router);
    }

    private void addRoutes(Router router) {
        page(router.route("/"), "landing");
        page(router.route("/check"), "check");
        page(router.route("/demo"), "demo");
        for (String name : PageFiles.ASSETS) {
            readable(router.route(PageFiles.ROOT + name)).handler(ctx -> send(ctx, files.asset(name), true));
        }
        readable(router.route(PageFiles.ROOT + "settings.json")).handler(ctx -> send(ctx, files.settings(), true));
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
            send(ctx, files.page(name), false);
        });
    }

    private static Route readable(Route route) {
        return route.method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    /**
     * @param shared files any site may load: the self-test's scripts are meant to be embedded in
     *               the operator's own pages, so that they run with that site's Origin
     */
    private static void send(RoutingContext ctx, PageFiles.File file, boolean shared) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, file.contentType())
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader(HttpHeaders.CACHE_CONTROL, shared ? "public, max-age=300" : "no-cache");
        if (shared) {
            ctx.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
        ctx.response().end(file.body());
    }
}
