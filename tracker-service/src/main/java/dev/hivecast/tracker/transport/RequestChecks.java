package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.access.UpgradeRefusal;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * What makes a request unfit to be handed to Vert.x at all, checked before any access rule or
 * limit: framing that RFC 9112 calls ambiguous, and WebSocket upgrades that RFC 6455 calls invalid.
 * Conflicting Content-Lengths are not checked here: Netty's decoder already fails those, and
 * Vert.x answers them with 400 and a close.
 */
final class RequestChecks {

    private static final int KEY_BYTES = 16;

    private RequestChecks() {
    }

    /** Why {@code request} must be refused and its connection closed, or null when it may go on. */
    static UpgradeRefusal problem(HttpRequest request) {
        HttpHeaders headers = request.headers();
        if (ambiguousFraming(headers)) {
            return UpgradeRefusal.AMBIGUOUS_REQUEST;
        }
        return isUpgrade(headers) ? handshakeProblem(request) : null;
    }

    /**
     * RFC 9112 §6.1 and §6.3: a request with both Content-Length and Transfer-Encoding, or with a
     * Transfer-Encoding whose final coding is not chunked, cannot be framed the same way by every
     * hop. Only exactly {@code chunked} is accepted: no other coding has any use on this server.
     * (The decoder Vert.x uses is made to keep the Content-Length that Netty would drop, see
     * {@link StrictRequestDecoder}, so that the pair is seen here.)
     */
    private static boolean ambiguousFraming(HttpHeaders headers) {
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (codings.isEmpty()) {
            return false;
        }
        return headers.contains(HttpHeaderNames.CONTENT_LENGTH) || codings.size() > 1
                || !codings.get(0).trim().equalsIgnoreCase("chunked");
    }

    /** What Vert.x would take for a WebSocket upgrade: an {@code Upgrade: websocket} header. */
    private static boolean isUpgrade(HttpHeaders headers) {
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    /** RFC 6455 §4.2.1: 400 for a malformed handshake; §4.4: 426 for a version other than 13. */
    private static UpgradeRefusal handshakeProblem(HttpRequest request) {
        HttpHeaders headers = request.headers();
        HttpVersion version = request.protocolVersion();
        boolean http11OrLater = version.majorVersion() > 1 || version.majorVersion() == 1 && version.minorVersion() >= 1;
        List<String> keys = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if (!http11OrLater || hosts.size() != 1 || hosts.get(0).isBlank() || keys.size() != 1 || !isKey(keys.get(0))) {
            return UpgradeRefusal.BAD_HANDSHAKE;
        }
        List<String> versions = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        if (versions.size() != 1 || !versions.get(0).trim().equals("13")) {
            return UpgradeRefusal.WEBSOCKET_VERSION;
        }
        return null;
    }

    private static boolean isKey(String key) {
        try {
            return Base64.getDecoder().decode(key.trim()).length == KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
