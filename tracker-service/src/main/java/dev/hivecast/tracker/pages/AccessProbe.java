package dev.hivecast.tracker.pages;

import dev.hivecast.tracker.access.UpgradeGate;
import dev.hivecast.tracker.access.UpgradeRefusal;
import dev.hivecast.tracker.access.UpgradeRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code POST /pages/access?url=<announce path and query>}: what the upgrade gate (Origin lists,
 * signed URLs) would answer an upgrade to that URL from the request's Origin. A browser shows a
 * refused WebSocket only as a close with code 1006, whatever the cause; this is how the self-test
 * names it. It tells nothing an upgrade attempt would not, and costs no more than one.
 *
 * <p>POST because browsers send Origin on every POST but not on a same-origin GET; no body, so a
 * page on another site (the operator's own, with the self-test embedded) needs no preflight.
 */
final class AccessProbe {

    static final int MAX_URL_LENGTH = 2048;

    private final UpgradeGate gate;

    AccessProbe(UpgradeGate gate) {
        this.gate = gate;
    }

    void handle(RoutingContext ctx) {
        String url = ctx.request().getParam("url", "/");
        URI uri;
        try {
            uri = url.length() > MAX_URL_LENGTH ? null : new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null) {
            answer(ctx, 400, new JsonObject().put("error", "url must be an announce URL's path and query, at most "
                    + MAX_URL_LENGTH + " characters"));
            return;
        }
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        UpgradeRefusal refusal = gate.check(new UpgradeRequest(path, uri.getRawQuery(), origin,
                ctx.request().remoteAddress().hostAddress()));
        JsonObject body = new JsonObject().put("origin", origin).put("allowed", refusal == null);
        if (refusal != null) {
            body.put("reason", refusal.label()).put("status", refusal.httpStatus());
        }
        answer(ctx, 200, body);
    }

    private static void answer(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .end(body.toBuffer());
    }
}
