package dev.hivecast.tracker.insight;

import dev.hivecast.tracker.access.OriginPolicy;
import dev.hivecast.tracker.access.UpgradeRequest;
import dev.hivecast.tracker.config.InsightConfig;
import dev.hivecast.tracker.limits.ClientAddresses;
import dev.hivecast.tracker.ops.ClientRequestRates;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * {@code POST /beacon}: a player page's byte counts ({@link BeaconParser}), counted in
 * {@link PlayerBytes}. Checked cheapest first, before the body is read: method, Origin (the
 * access.origin-* rules, as for the page's WebSocket), the client IP's rate, Content-Type and
 * declared length; then the body, read up to insight.max-body-size. A refused beacon gets its
 * 4xx and a one-line reason and is counted by reason, never added to the totals.
 *
 * <p>It sits on the public listener, so the HTTP guard's rules (one request in flight, request
 * and response timeouts) hold for it as for every request there.
 */
public final class BeaconEndpoint {

    public static final String PATH = "/beacon";

    private final PlayerBytes bytes;
    private final OriginPolicy origins;
    private final ClientRequestRates clients;
    private final BeaconParser parser;
    private final int maxBodySize;

    public BeaconEndpoint(Vertx vertx, InsightConfig config, PlayerBytes bytes, OriginPolicy origins,
                          ClientAddresses addresses) {
        this.bytes = bytes;
        this.origins = origins;
        this.clients = new ClientRequestRates(config.beaconRate(), config.beaconBurst(), addresses);
        this.parser = new BeaconParser(config.maxBytesPerReport());
        this.maxBodySize = config.maxBodySize();
        vertx.setPeriodic(1000, id -> clients.sweep());
    }

    /** Adds the route to {@code router}, the public port's. */
    public void mount(Router router) {
        router.route(PATH).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        boolean preflight = request.method() == HttpMethod.OPTIONS;
        if (request.method() != HttpMethod.POST && !preflight) {
            refuse(request, BeaconRefusal.METHOD);
            return;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origins.check(new UpgradeRequest(PATH, null, origin, null)) != null) {
            refuse(request, BeaconRefusal.ORIGIN);
            return;
        }
        if (!clients.allow(request)) {
            refuse(request, BeaconRefusal.RATE_LIMITED);
            return;
        }
        if (preflight) {
            cors(request.response(), origin).setStatusCode(204)
                    .putHeader("Access-Control-Allow-Methods", "POST")
                    .putHeader("Access-Control-Allow-Headers", "Content-Type")
                    .putHeader("Access-Control-Max-Age", "600").end();
            return;
        }
        if (!acceptedType(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            refuse(request, BeaconRefusal.CONTENT_TYPE);
            return;
        }
        if (declaredLength(request) > maxBodySize) {
            refuse(request, BeaconRefusal.TOO_LARGE);
            return;
        }
        readBody(request, origin);
    }

    /** Reads at most {@code maxBodySize} bytes: a chunked body that grows past it is refused at once. */
    private void readBody(HttpServerRequest request, String origin) {
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBodySize) {
                refused[0] = true;
                refuse(request, BeaconRefusal.TOO_LARGE);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (!refused[0]) {
                count(request, origin, body.getBytes());
            }
        });
        request.resume(); // the router may hold the body back until a handler asks for it
    }

    private void count(HttpServerRequest request, String origin, byte[] body) {
        BeaconParser.Result result = parser.parse(body);
        if (result.refusal() != null) {
            refuse(request, result.refusal());
            return;
        }
        bytes.add(result.beacon());
        cors(request.response(), origin).setStatusCode(204).end();
    }

    private void refuse(HttpServerRequest request, BeaconRefusal why) {
        bytes.refused(why);
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(why.httpStatus()).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        switch (why) {
            case METHOD -> response.putHeader(HttpHeaders.ALLOW, "POST, OPTIONS");
            case RATE_LIMITED -> response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(clients.retryAfterSeconds()));
            case TOO_LARGE -> response.putHeader(HttpHeaders.CONNECTION, "close");
            default -> {
            }
        }
        String text = "beacon refused: " + why.label() + "\n";
        if (why == BeaconRefusal.TOO_LARGE) {
            // The rest of the body is never read, so Vert.x would hold the connection until the
            // request timeout: close it as soon as the answer is out.
            response.end(text).onComplete(ar -> request.connection().close());
        } else {
            response.end(text);
        }
    }

    /** Lets a page's fetch() read the answer; navigator.sendBeacon needs no CORS at all. */
    private static HttpServerResponse cors(HttpServerResponse response, String origin) {
        if (origin != null && !origin.isEmpty()) {
            response.putHeader("Access-Control-Allow-Origin", origin).putHeader(HttpHeaders.VARY, "Origin");
        }
        return response;
    }

    /** No type, text/plain (sendBeacon with a string) or application/json, any parameters. */
    static boolean acceptedType(String contentType) {
        if (contentType == null) {
            return true;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return type.equals("text/plain") || type.equals("application/json");
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // Netty's decoder refuses these first; never read an unknown amount
        }
    }
}
