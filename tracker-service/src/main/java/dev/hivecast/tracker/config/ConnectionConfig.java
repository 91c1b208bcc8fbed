package dev.hivecast.tracker.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and keepalive of one WebSocket connection. Durations are whole seconds in every config
 * source; sizes are bytes.
 *
 * @param maxMessageSize      largest message accepted, in bytes; a larger one closes the
 *                            connection with 1009
 * @param pingInterval        silence after which the server pings a connection, so proxies do
 *                            not cut it; shorter than {@code idleTimeout}
 * @param idleTimeout         time without any frame from the client (pongs count) before the
 *                            server closes the connection; longer than {@code announce.interval}
 *                            (PROTOCOL §9 A5: clients are silent between announces)
 * @param sendQueueBytes      bytes buffered per connection before further messages to it are
 *                            dropped; at least {@code maxMessageSize}
 * @param slowConsumerTimeout how long a connection's send queue may stay full before the
 *                            connection is closed
 * @param maxInvalidMessages  consecutive invalid messages after which a connection is closed
 *                            with 1008
 * @param maxPendingOffers    offers a connection may hold unanswered; the oldest are forgotten
 *                            first
 */
public record ConnectionConfig(
        int maxMessageSize,
        Duration pingInterval,
        Duration idleTimeout,
        int sendQueueBytes,
        Duration slowConsumerTimeout,
        int maxInvalidMessages,
        int maxPendingOffers) {

    public static final int DEFAULT_MAX_MESSAGE_SIZE = 65_536;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(360);
    public static final int DEFAULT_SEND_QUEUE_BYTES = 262_144;
    public static final Duration DEFAULT_SLOW_CONSUMER_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_INVALID_MESSAGES = 20;
    public static final int DEFAULT_MAX_PENDING_OFFERS = 256;

    public ConnectionConfig {
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(slowConsumerTimeout, "slowConsumerTimeout");
    }

    public static ConnectionConfig defaults() {
        return new ConnectionConfig(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_PING_INTERVAL,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_SEND_QUEUE_BYTES, DEFAULT_SLOW_CONSUMER_TIMEOUT,
                DEFAULT_MAX_INVALID_MESSAGES, DEFAULT_MAX_PENDING_OFFERS);
    }
}
