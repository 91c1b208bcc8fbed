package dev.hivecast.tracker.transport;

import java.time.Duration;

/**
 * What the WebSocket transport needs from the configuration.
 *
 * @param maxMessageSize      bytes; a bigger message closes the connection with 1009
 * @param pingInterval        silence after which the server pings (keeps proxies from cutting idle sockets)
 * @param idleTimeout         no frame at all from the client for this long closes it; longer than the interval
 * @param sendQueueBytes      bytes buffered per connection before messages to it are dropped
 * @param slowConsumerTimeout a send queue full for this long closes the connection
 * @param maxInvalidMessages  consecutive invalid messages after which the connection is closed (1008)
 */
public record TransportSettings(
        int maxMessageSize,
        Duration pingInterval,
        Duration idleTimeout,
        int sendQueueBytes,
        Duration slowConsumerTimeout,
        int maxInvalidMessages) {

    public static final TransportSettings DEFAULTS = new TransportSettings(
            64 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(360), 256 * 1024, Duration.ofSeconds(10), 20);
}
