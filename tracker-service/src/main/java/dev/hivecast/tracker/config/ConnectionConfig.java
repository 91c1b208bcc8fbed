package dev.hivecast.tracker.config;

import java.time.Duration;

/** The {@code connection} section: limits and keepalive of one WebSocket connection. */
public record ConnectionConfig(
        // A realistic 10-offer announce is about 14 KB; 1 KiB is a floor no client fits under.
        @Setting(value = "64KiB", min = "1KiB", max = "16MiB", size = true, doc = "Largest message"
                + " accepted; a larger one closes the connection with 1009.")
        int maxMessageSize,
        @Setting(value = "30s", min = "1s", max = "1h", doc = "Silence after which the server pings a"
                + " connection (keeps proxies from cutting it); must be shorter than"
                + " connection.idle-timeout.")
        Duration pingInterval,
        // Clients are silent between announces, so any idle close must be longer than the interval.
        @Setting(value = "6m", min = "1s", max = "1d", doc = "Time without any frame from the client"
                + " (pongs count) before the server closes the connection; must be longer than"
                + " announce.interval.")
        Duration idleTimeout,
        @Setting(value = "256KiB", min = "1KiB", max = "1GiB", size = true, doc = "Send budget of a"
                + " connection: bytes written to it and not yet sent (messages, pongs, close frame) past"
                + " which further messages to it are dropped and only the pong for the newest ping is"
                + " kept; at least connection.max-message-size.")
        int sendQueueSize,
        @Setting(value = "10s", min = "1s", max = "1h", doc = "Time a connection's send queue may stay"
                + " full, whatever filled it, before the connection is closed with 1008.")
        Duration slowConsumerTimeout,
        @Setting(value = "20", min = "1", max = "1000000", doc = "Consecutive invalid messages after"
                + " which a connection is closed with 1008.")
        int maxInvalidMessages,
        @Setting(value = "256", min = "1", max = "1000000", doc = "Offers a connection may hold"
                + " unanswered; the oldest are forgotten first.")
        int maxPendingOffers,
        @Setting(value = "5s", min = "100ms", max = "1m", doc = "Time after a close frame (sent or received)"
                + " within which the client must end the closing handshake; then the TCP connection is"
                + " dropped with whatever is still queued for it.")
        Duration closingTimeout) {


    public static ConnectionConfig defaults() {
        return ConfigBinder.defaults(ConnectionConfig.class);
    }
}
