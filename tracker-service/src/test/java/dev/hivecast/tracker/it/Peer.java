package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ScrapeRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One player connection through Vert.x's WebSocket client: everything the tracker sends is
 * queued in arrival order and read with a deadline. Handlers are set before the upgrade, so not
 * even a message that follows the 101 at once can be missed.
 */
final class Peer implements AutoCloseable {

    /** Close code recorded when the connection ended without a close frame. */
    static final short NO_CLOSE_FRAME = 1006;

    private final WebSocket socket;
    private final LinkedBlockingQueue<String> inbox;
    private final LinkedBlockingQueue<Buffer> pongs;
    private final CompletableFuture<Short> closed;
    private volatile long closedAtNanos;

    private Peer(WebSocket socket, LinkedBlockingQueue<String> inbox, LinkedBlockingQueue<Buffer> pongs,
                 CompletableFuture<Short> closed) {
        this.socket = socket;
        this.inbox = inbox;
        this.pongs = pongs;
        this.closed = closed;
    }

    static Peer connect(ClientWebSocket ws, WebSocketConnectOptions options) {
        LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Buffer> pongs = new LinkedBlockingQueue<>();
        CompletableFuture<Short> closed = new CompletableFuture<>();
        Peer[] self = new Peer[1];
        ws.textMessageHandler(inbox::add);
        ws.binaryMessageHandler(b -> inbox.add(b.toString(StandardCharsets.UTF_8)));
        ws.pongHandler(pongs::add);
        ws.exceptionHandler(e -> { });
        ws.closeHandler(v -> {
            if (self[0] != null) {
                self[0].closedAtNanos = System.nanoTime();
            }
            Short code = ws.closeStatusCode();
            closed.complete(code == null ? NO_CLOSE_FRAME : code);
        });
        try {
            WebSocket socket = ws.connect(options).toCompletionStage().toCompletableFuture()
                    .get(RunningTracker.WAIT.toSeconds(), TimeUnit.SECONDS);
            self[0] = new Peer(socket, inbox, pongs, closed);
            return self[0];
        } catch (Exception e) {
            throw new AssertionError("could not connect to " + options.getURI(), e);
        }
    }

    void send(String message) {
        await(socket.writeTextMessage(message).toCompletionStage().toCompletableFuture(), "send");
    }

    void sendBinary(String message) {
        await(socket.writeBinaryMessage(Buffer.buffer(message.getBytes(StandardCharsets.UTF_8)))
                .toCompletionStage().toCompletableFuture(), "send");
    }

    void sendFrame(WebSocketFrame frame) {
        await(socket.writeFrame(frame).toCompletionStage().toCompletableFuture(), "send frame");
    }

    void ping(String payload) {
        await(socket.writePing(Buffer.buffer(payload)).toCompletionStage().toCompletableFuture(), "ping");
    }

    /** The next message the tracker sent, as received. */
    String nextFrame() {
        try {
            String message = inbox.poll(RunningTracker.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + RunningTracker.WAIT.toSeconds() + " s"
                        + (closed.isDone() ? " (connection closed with " + closed.getNow(null) + ")" : ""));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    JsonObject next() {
        return new JsonObject(nextFrame());
    }

    /** Sends a message and returns the next one received. */
    JsonObject request(String message) {
        send(message);
        return next();
    }

    /** Announces and checks that the reply is a counts reply for that info_hash. */
    JsonObject announce(String message) {
        JsonObject reply = request(message);
        assertThat(reply.getString("failure reason")).as("failure reason of %s", reply).isNull();
        assertThat(reply.containsKey("complete")).as("counts reply: %s", reply).isTrue();
        assertThat(reply.getString("info_hash")).isEqualTo(new JsonObject(message).getString("info_hash"));
        return reply;
    }

    /** complete and incomplete of one swarm, from a scrape on this connection. */
    JsonObject scrape(String infoHash) {
        JsonObject reply = request(ScrapeRequest.of(infoHash).toString());
        assertThat(reply.getString("action")).as("scrape reply: %s", reply).isEqualTo("scrape");
        return reply.getJsonObject("files").getJsonObject(infoHash);
    }

    /**
     * Everything the tracker had sent this peer before now: a scrape is sent and the messages
     * received before its reply are returned. The tracker handles one connection's messages in
     * order on one loop, and work handed over from another loop (a relayed offer or answer) was
     * queued there before this scrape was even sent, so whatever the tracker did earlier that
     * concerns this peer arrives before the scrape reply.
     */
    List<JsonObject> receivedBeforeBarrier() {
        List<JsonObject> before = new ArrayList<>();
        for (String frame : framesBeforeBarrier()) {
            before.add(new JsonObject(frame));
        }
        return before;
    }

    /** {@link #receivedBeforeBarrier()}, each message exactly as received. */
    List<String> framesBeforeBarrier() {
        String barrier = Ids.infoHash();
        send(ScrapeRequest.of(barrier).toString());
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String frame = nextFrame();
            JsonObject m = new JsonObject(frame);
            if ("scrape".equals(m.getString("action")) && m.getJsonObject("files") != null
                    && m.getJsonObject("files").containsKey(barrier)) {
                return before;
            }
            before.add(frame);
        }
        throw new AssertionError("no barrier reply after 10000 messages");
    }

    /** Asserts that the tracker has sent this peer nothing since its last read. */
    void assertNothingReceived() {
        assertThat(receivedBeforeBarrier()).as("messages the tracker sent this peer").isEmpty();
    }

    /** The certificate chain the tracker presented on this (wss://) connection. */
    List<java.security.cert.Certificate> peerCertificates() {
        try {
            return socket.peerCertificates();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new AssertionError("no certificate on this connection", e);
        }
    }

    Buffer nextPong() {
        try {
            Buffer pong = pongs.poll(RunningTracker.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (pong == null) {
                throw new AssertionError("no pong within " + RunningTracker.WAIT.toSeconds() + " s");
            }
            return pong;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for the tracker to close this connection; returns the close code it sent. */
    short awaitClose() {
        return await(closed, "close");
    }

    boolean isClosed() {
        return closed.isDone();
    }

    long closedAtNanos() {
        return closedAtNanos;
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.close();
            try {
                closed.get(RunningTracker.WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                // The tracker may already be gone; nothing left to clean up on this side.
            }
        }
    }

    void close(short code) {
        socket.close(code);
        awaitClose();
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(RunningTracker.WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + RunningTracker.WAIT.toSeconds() + " s");
        } catch (Exception e) {
            throw new AssertionError(what + " failed", e);
        }
    }
}
