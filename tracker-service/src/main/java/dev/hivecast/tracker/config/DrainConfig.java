package dev.hivecast.tracker.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Graceful shutdown on SIGTERM. Durations are whole seconds in every config source.
 *
 * @param window  time over which open sockets are closed with 1001, spread evenly so clients
 *                reconnect elsewhere without a thundering herd; 0 = all at once
 * @param timeout time after SIGTERM when the process exits even if the drain has not finished;
 *                at least {@code window}
 */
public record DrainConfig(Duration window, Duration timeout) {

    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public DrainConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(timeout, "timeout");
    }

    public static DrainConfig defaults() {
        return new DrainConfig(DEFAULT_WINDOW, DEFAULT_TIMEOUT);
    }
}
