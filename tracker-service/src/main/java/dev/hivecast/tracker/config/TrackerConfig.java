package dev.hivecast.tracker.config;

import java.util.Objects;

/**
 * Everything the tracker is told at start-up. Obtain one from {@link ConfigLoader#load}, which
 * merges the sources and validates the result, or start from {@link #defaults()}.
 *
 * @param host       address the public WebSocket/HTTP listener binds
 * @param port       public port for WebSocket upgrades and HTTP; 0 = any free port (the startup
 *                   log prints the real one)
 * @param eventLoops signaling event loops (verticle instances on the public port); 0 = one per
 *                   available core, see {@link #eventLoopCount(int)}
 * @param logLevel   root log level, lower case: trace, debug, info, warn or error
 * @param publicUrl  URL players should use, printed at start-up (e.g. {@code
 *                   wss://tracker.example.com}); empty = derived from host and port, see {@link
 *                   #advertisedUrl(int)}
 * @param admin      where the operational endpoints are served
 * @param announce   announce handling and offer relaying
 * @param scrape     scrape handling
 * @param connection per-connection limits and keepalive
 * @param limits     what one client may cost: connections per node and IP, message rates, swarms
 * @param access     who may use the tracker: info_hash lists, Origin lists, signed URLs
 * @param tls        wss:// served directly from PEM files
 * @param cluster    cluster mode (the default is one node, in memory)
 * @param drain      graceful shutdown on SIGTERM
 */
public record TrackerConfig(
        String host,
        int port,
        int eventLoops,
        String logLevel,
        String publicUrl,
        AdminConfig admin,
        AnnounceConfig announce,
        ScrapeConfig scrape,
        ConnectionConfig connection,
        LimitsConfig limits,
        AccessConfig access,
        TlsConfig tls,
        ClusterConfig cluster,
        DrainConfig drain) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8000;
    public static final int DEFAULT_EVENT_LOOPS = 0;
    public static final String DEFAULT_LOG_LEVEL = "info";
    public static final String DEFAULT_PUBLIC_URL = "";

    public TrackerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(announce, "announce");
        Objects.requireNonNull(scrape, "scrape");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(drain, "drain");
    }

    /** Every setting at its default. */
    public static TrackerConfig defaults() {
        return new TrackerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_EVENT_LOOPS, DEFAULT_LOG_LEVEL,
                DEFAULT_PUBLIC_URL, AdminConfig.defaults(), AnnounceConfig.defaults(),
                ScrapeConfig.defaults(), ConnectionConfig.defaults(), LimitsConfig.defaults(), AccessConfig.defaults(),
                TlsConfig.defaults(), ClusterConfig.defaults(),
                DrainConfig.defaults());
    }

    /**
     * Checks ranges and cross-field rules, as the loader does; for configs built in code.
     *
     * @return this config
     * @throws ConfigException listing every rule broken
     */
    public TrackerConfig validate() {
        ConfigValidator.requireValid(this);
        return this;
    }

    /** The address the admin listener binds: {@code admin.host}, or {@link #host} when empty. */
    public String adminHost() {
        return admin.host().isEmpty() ? host : admin.host();
    }

    /** Signaling verticle instances to deploy: {@link #eventLoops}, or one per core when 0. */
    public int eventLoopCount(int availableProcessors) {
        return eventLoops > 0 ? eventLoops : Math.max(1, availableProcessors);
    }

    /**
     * The URL to print for players: {@link #publicUrl} when set, else {@code ws://host:port/} ({@code wss://} with TLS) with
     * the port actually bound (which differs from {@link #port} when that is 0).
     */
    public String advertisedUrl(int boundPort) {
        if (!publicUrl.isEmpty()) {
            return publicUrl;
        }
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (tls.enabled() ? "wss://" : "ws://") + h + ":" + boundPort + "/";
    }
}
