package dev.hivecast.tracker.metrics;

import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Prometheus registry per tracker process (per {@code TrackerServer} in tests, so trackers in
 * one JVM never share meters), and the Vert.x metrics options that hand it to Vert.x.
 */
public final class MetricsRegistry {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private MetricsRegistry() {
    }

    public static PrometheusMeterRegistry create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new FileDescriptorMetrics().bindTo(registry);
        return registry;
    }

    /**
     * Vert.x metrics into {@code registry}: JVM and process meters (memory, GC, threads, CPU,
     * uptime) and Vert.x's worker pools. Its per-connection domains stay off: the tracker counts
     * connections, messages and bytes itself at one increment each, where Vert.x's would update
     * meters on every socket read and write, and label HTTP metrics by request path, which any
     * client chooses (the tracker upgrades on every path).
     */
    public static MicrometerMetricsOptions vertxOptions(PrometheusMeterRegistry registry) {
        MicrometerMetricsOptions options = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setRegistryName("hivecast-tracker-" + SEQUENCE.incrementAndGet())
                .setJvmMetricsEnabled(true)
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
        for (MetricsDomain domain : MetricsDomain.values()) {
            if (domain != MetricsDomain.NAMED_POOLS) {
                options.addDisabledMetricsCategory(domain);
            }
        }
        // Vert.x looks the backend up by registry name when it starts: this makes it ours.
        BackendRegistries.setupBackend(options, registry);
        return options;
    }
}
