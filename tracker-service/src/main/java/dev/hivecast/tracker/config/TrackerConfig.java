package dev.hivecast.tracker.config;

import java.util.Objects;

/**
 * Everything the tracker is told at start-up: the top-level settings and one record per section.
 * Obtain one from {@link ConfigLoader#load}, which merges the sources and validates the result, or
 * start from {@link #defaults()}. Each setting is declared once, by its {@link Setting} annotation
 * here or in its section record; keys, flags, variables, the file, the help and the reference are
 * derived from the declarations.
 */
public record TrackerConfig(
        @Setting(value = "0.0.0.0", doc = "Address the public WebSocket/HTTP listener binds.")
        String host,
        @Setting(value = "8000", min = "0", max = "65535", doc = "Public port for WebSocket upgrades"
                + " and HTTP; 0 = any free port (the startup log prints the real one).")
        int port,
        @Setting(value = "0", min = "0", max = "1024", doc = "Signaling event loops on the public"
                + " port; 0 = one per available core.")
        int eventLoops,
        @Setting(value = "info", choices = {"trace", "debug", "info", "warn", "error"},
                doc = "Root log level: trace, debug, info, warn or error.")
        String logLevel,
        @Setting(value = "text", choices = {"text", "json"}, doc = "Format of the log lines on stdout:"
                + " text (one readable line per event) or json (one JSON object per line, with the"
                + " event's fields, for log pipelines).")
        String logFormat,
        @Setting(value = "", doc = "URL players should use, printed at start-up (e.g."
                + " wss://tracker.example.com); empty = derived from host and port as ws://HOST:PORT/.")
        String publicUrl,
        AdminConfig admin,
        AnnounceConfig announce,
        ScrapeConfig scrape,
        ConnectionConfig connection,
        LimitsConfig limits,
        AccessConfig access,
        TlsConfig tls,
        ClusterConfig cluster,
        DrainConfig drain,
        LocalityConfig locality,
        PagesConfig pages,
        InsightConfig insight) {

    public TrackerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(logFormat, "logFormat");
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
        Objects.requireNonNull(locality, "locality");
        Objects.requireNonNull(pages, "pages");
        Objects.requireNonNull(insight, "insight");
    }

    /** Every setting at its declared default. */
    public static TrackerConfig defaults() {
        return ConfigBinder.defaults();
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

    /** Signaling event loops to deploy: {@link #eventLoops}, or one per core when 0. */
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
