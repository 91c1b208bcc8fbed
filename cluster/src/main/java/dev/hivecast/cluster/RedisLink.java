package dev.hivecast.cluster;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's two connections to Redis: one for commands (pipelined, shared by every call) and one in
 * subscribe mode for this node's channel. The Vert.x 5 client does not reconnect by itself, so when
 * either connection is lost both are dropped and opened again, with a backoff doubling from
 * {@value #FIRST_RETRY_MS} ms up to {@value #MAX_RETRY_MS} ms; calls made meanwhile fail at once.
 * A try is one TCP connect per node, so a short cap costs Redis little and brings every node
 * back within a second of Redis.
 */
final class RedisLink {

    static final long FIRST_RETRY_MS = 100;
    static final long MAX_RETRY_MS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);

    private final Vertx vertx;
    private final Redis client;
    private final String channel;
    private final Handler<Buffer> inbox;
    private final String noticeChannel;
    private final Handler<String> notices;
    private volatile Runnable onLost = () -> { };
    private volatile Runnable onReconnected = () -> { };
    /** Null while the link is down. */
    private volatile Connections current;
    private volatile boolean closing;

    private record Connections(RedisConnection commands, RedisConnection subscriber) {
    }

    /** @param inbox gets the payloads published to {@code channel} */
    RedisLink(Vertx vertx, Redis client, String channel, Handler<Buffer> inbox) {
        this(vertx, client, channel, inbox, null, null);
    }

    /** @param notices gets the messages published to {@code noticeChannel} (peer_id holds taken over) */
    RedisLink(Vertx vertx, Redis client, String channel, Handler<Buffer> inbox, String noticeChannel,
            Handler<String> notices) {
        this.vertx = vertx;
        this.client = client;
        this.channel = channel;
        this.inbox = inbox;
        this.noticeChannel = noticeChannel;
        this.notices = notices;
    }

    /** Sets what runs each time the link goes down (not on a close of our own). */
    void onLost(Runnable action) {
        this.onLost = action;
    }

    /** Sets what runs, on the event loop, each time the link is back after a loss. */
    void onReconnected(Runnable action) {
        this.onReconnected = action;
    }

    /** Opens both connections; fails when Redis cannot be reached now (no retry at start-up). */
    Future<Void> connect() {
        return open().onSuccess(connections -> current = connections).mapEmpty();
    }

    boolean isUp() {
        return current != null;
    }

    Future<Response> send(Request request) {
        Connections connections = current;
        return connections == null ? notConnected() : connections.commands().send(request);
    }

    /** Sends {@code requests} as one pipeline: one write, one round trip. */
    Future<List<Response>> batch(List<Request> requests) {
        Connections connections = current;
        return connections == null ? notConnected() : connections.commands().batch(requests);
    }

    /** Closes both connections and stops reconnecting. */
    Future<Void> close() {
        closing = true;
        Connections connections = current;
        current = null;
        return connections == null ? Future.succeededFuture() : closeBoth(connections);
    }

    private Future<Connections> open() {
        return client.connect().compose(commands -> client.connect()
                .compose(subscriber -> subscribe(subscriber).map(new Connections(commands, subscriber))
                        .onFailure(error -> subscriber.close()))
                .onFailure(error -> commands.close()))
                .onSuccess(this::watch);
    }

    private Future<Void> subscribe(RedisConnection subscriber) {
        subscriber.handler(message -> {
            // RESP2 and RESP3 both: ["message", channel, payload]; the payload bulk string is raw bytes.
            if (message.size() == 3 && "message".equals(message.get(0).toString())) {
                if (noticeChannel != null && noticeChannel.equals(message.get(1).toString())) {
                    notices.handle(message.get(2).toString());
                } else {
                    inbox.handle(message.get(2).toBuffer());
                }
            }
        });
        Future<Void> payloads = subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).mapEmpty();
        return noticeChannel == null ? payloads
                : payloads.compose(done -> subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(noticeChannel))).mapEmpty();
    }

    private void watch(Connections connections) {
        for (RedisConnection connection : List.of(connections.commands(), connections.subscriber())) {
            connection.exceptionHandler(error -> lost(connections, error));
            connection.endHandler(ended -> lost(connections, null));
        }
    }

    private void lost(Connections connections, Throwable error) {
        // Both connections report, and so does a close of our own: act once, on the current pair only.
        if (closing || current != connections) {
            return;
        }
        current = null;
        LOG.warn("Lost the connection to Redis; reconnecting", error);
        closeBoth(connections);
        onLost.run();
        retry(FIRST_RETRY_MS);
    }

    private void retry(long delayMs) {
        vertx.setTimer(delayMs, timer -> {
            if (closing) {
                return;
            }
            open().onSuccess(connections -> {
                if (closing) {
                    closeBoth(connections);
                    return;
                }
                current = connections;
                LOG.info("Reconnected to Redis");
                onReconnected.run();
            }).onFailure(error -> {
                long next = Math.min(delayMs * 2, MAX_RETRY_MS);
                LOG.debug("Could not reconnect to Redis; next try in {} ms", next, error);
                retry(next);
            });
        });
    }

    private static Future<Void> closeBoth(Connections connections) {
        return Future.join(connections.subscriber().close(), connections.commands().close()).mapEmpty();
    }

    private static <T> Future<T> notConnected() {
        return Future.failedFuture(new IllegalStateException("not connected to Redis"));
    }
}
