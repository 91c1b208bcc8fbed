package dev.hivecast.tracker.config;


/** The {@code admin} section: where {@code /metrics}, {@code /stats}, {@code /health} and {@code /ready} are served. */
public record AdminConfig(
        @Setting(value = "", doc = "Address the admin listener binds; empty = the same as host.")
        String host,
        @Setting(value = "", min = "0", max = "65535", doc = "When set, /metrics, /stats, /health and"
                + " /ready are served on this port only (0 = any free port); unset = they are served on"
                + " the public port.")
        Integer port,
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
