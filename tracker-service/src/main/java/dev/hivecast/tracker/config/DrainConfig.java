package dev.hivecast.tracker.config;

import java.time.Duration;

/** The {@code drain} section: graceful shutdown on SIGTERM. */
public record DrainConfig(
        // Spread evenly, so that clients reconnect elsewhere without a thundering herd.
        @Setting(value = "10s", min = "0s", max = "1h", doc = "Time over which open sockets are closed"
                + " with 1001 on SIGTERM, spread evenly; 0s = all at once.")
        Duration window,
        @Setting(value = "30s", min = "1s", max = "1h", doc = "Time after SIGTERM when the process exits"
                + " even if the drain has not finished; at least drain.window.")
        Duration timeout) {


    public static DrainConfig defaults() {
        return ConfigBinder.defaults(DrainConfig.class);
    }
}
