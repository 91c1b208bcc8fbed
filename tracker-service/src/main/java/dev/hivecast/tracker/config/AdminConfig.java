package dev.hivecast.tracker.config;

import java.util.Objects;

/**
 * Where {@code /stats}, {@code /health} and {@code /ready} are served.
 *
 * @param host address the admin listener binds; empty = the same as {@link TrackerConfig#host}
 *             (use {@link TrackerConfig#adminHost()})
 * @param port when set, the admin endpoints are served on this port only (0 = any free port);
 *             null = they are served on the public port, so one machine needs no set-up
 */
public record AdminConfig(String host, Integer port) {

    public static final String DEFAULT_HOST = "";
    public static final Integer DEFAULT_PORT = null;

    public AdminConfig {
        Objects.requireNonNull(host, "host");
    }

    public static AdminConfig defaults() {
        return new AdminConfig(DEFAULT_HOST, DEFAULT_PORT);
    }

    /** True when the admin endpoints get a listener of their own instead of the public port. */
    public boolean hasOwnPort() {
        return port != null;
    }
}
