package dev.hivecast.tracker.it;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The player side: a Vert.x of its own (never the tracker's) and one WebSocket client. */
final class Clients implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
            // Generous on the client side: the limits under test are the tracker's.
            .setMaxFrameSize(1 << 20)
            .setMaxMessageSize(1 << 20)
            .setClosingTimeout(2));
    private final WebSocketClient tlsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
            .setSsl(true).setTrustAll(true).setVerifyHost(false)
            .setMaxFrameSize(1 << 20)
            .setMaxMessageSize(1 << 20)
            .setClosingTimeout(2));

    Peer connect(int port) {
        return connect(port, "/");
    }

    Peer connect(int port, String path) {
        return connect("127.0.0.1", port, path);
    }

    /** {@code host} is a loopback address: 127.0.0.1, or [::1] (bracketed) for IPv6. */
    Peer connect(String host, int port, String path) {
        return Peer.connect(client.webSocket(), new WebSocketConnectOptions()
                .setHost(host).setPort(port).setURI(path));
    }

    /** A connection whose upgrade request carries {@code headers} (an Origin, say). */
    Peer connect(int port, String path, Map<String, String> headers) {
        return Peer.connect(client.webSocket(), withHeaders(new WebSocketConnectOptions()
                .setHost("127.0.0.1").setPort(port).setURI(path), headers));
    }

    /**
     * A {@code wss://} connection that trusts any certificate: the tests compare the certificate
     * the tracker presented with the one they wrote, which is a stricter check than a CA's.
     */
    Peer connectTls(int port, String path) {
        return Peer.connect(tlsClient.webSocket(), new WebSocketConnectOptions()
                .setHost("127.0.0.1").setPort(port).setURI(path).setSsl(true));
    }

    /** Tries an upgrade that must be refused; returns the HTTP status of the refusal. */
    int rejectedUpgradeStatus(int port, String path) {
        return rejectedUpgradeStatus(port, path, Map.of());
    }

    /** The same, with {@code headers} on the upgrade request. */
    int rejectedUpgradeStatus(int port, String path, Map<String, String> headers) {
        try {
            client.connect(withHeaders(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path),
                            headers))
                    .toCompletionStage().toCompletableFuture().get(RunningTracker.WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw new AssertionError("upgrade failed, but was not refused with a status", e.getCause());
        } catch (Exception e) {
            throw new AssertionError("upgrade neither accepted nor refused", e);
        }
        throw new AssertionError("upgrade to " + path + " was accepted");
    }

    /**
     * Vert.x sends an Origin of its own when the request has none; with {@code headers} given,
     * they are the only ones the test meant, so that default is turned off unless they name one.
     */
    private static WebSocketConnectOptions withHeaders(WebSocketConnectOptions options, Map<String, String> headers) {
        headers.forEach(options::addHeader);
        if (!headers.isEmpty() && headers.keySet().stream().noneMatch("Origin"::equalsIgnoreCase)) {
            options.setAllowOriginHeader(false);
        }
        return options;
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(RunningTracker.WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
