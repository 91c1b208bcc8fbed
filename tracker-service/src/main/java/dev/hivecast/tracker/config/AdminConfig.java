package dev.hivecast.tracker.config;

import java.time.Duration;

/**
 * The {@code admin} section: where {@code /metrics}, {@code /stats}, {@code /health} and {@code /ready}
 * are served, and what the two expensive ones may cost.
 */
public record AdminConfig(
        @Setting(value = "", doc = "Address the admin listener binds; empty = the same as host.")
        String host,
        @Setting(value = "", min = "0", max = "65535", doc = "When set, /metrics, /stats, /health and"
                + " /ready are served on this port only (0 = any free port); unset = they are served on"
                + " the public port.")
        Integer port,
        // A Prometheus scrape renders every meter (tens of KiB); one rendering a second, shared,
        // keeps any number of requests from turning into CPU and memory on the node.
        @Setting(value = "1s", min = "100ms", max = "1m", doc = "/metrics and /stats are each rendered at"
                + " most once per this interval, off the event loops; every request waits for the next"
                + " rendering begun after it arrived (so it sees everything done before it), and all"
                + " requests waiting share that one.")
        Duration renderInterval,
        @Setting(value = "5", min = "0", max = "1000000", doc = "Requests per second one client IP (an IPv6"
                + " /64, behind limits.trusted-proxies the forwarded client) may make to /metrics, /stats"
                + " and /stats.json on average (token bucket); more get HTTP 429 with Retry-After; 0 = no"
                + " limit. /health and /ready are never limited.")
        int requestRate,
        @Setting(value = "20", min = "1", max = "1000000",
                doc = "Requests to /metrics, /stats and /stats.json one client IP may make at once, above"
                        + " admin.request-rate.")
        int requestBurst,
        // Probes and Prometheus open a few connections at a time; this bound is the admin port's
        // own, so viewers filling the public port never starve them, and vice versa.
        @Setting(value = "32", min = "1", max = "100000", doc = "TCP connections the admin listener holds"
                + " at once; the request of one more gets HTTP 503. Independent of limits.max-connections.")
        int maxConnections) {


    public static AdminConfig defaults() {
        return ConfigBinder.defaults(AdminConfig.class);
    }

    /** True when the admin endpoints get a listener of their own instead of the public port. */
    public boolean hasOwnPort() {
        return port != null;
    }
}
