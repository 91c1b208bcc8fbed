package dev.hivecast.tracker.metrics;

import dev.hivecast.cluster.EventBusTls;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Mutual TLS between nodes (cluster.tls-*). Registered without it too, at zero, so that an alert
 * on refused nodes or an expiring certificate reads the same series on every node.
 */
public final class ClusterTlsMeters {

    private ClusterTlsMeters() {
    }

    /** @param tls the event bus's TLS, or null when cluster TLS is off */
    public static void register(MeterRegistry registry, EventBusTls tls) {
        Holder holder = new Holder(tls);
        FunctionCounter.builder("tracker.cluster.tls.refused", holder, read(EventBusTls::refusedPeers))
                .description("Node-to-node TLS handshakes refused because of the other node's certificate"
                        + " (none, expired, another CA); no relay passes such a connection").register(registry);
        String reloads = "Changed cluster TLS files: swapped in for new connections (success), or refused and"
                + " the files in force kept (failure)";
        FunctionCounter.builder("tracker.cluster.tls.reloads", holder, read(EventBusTls::reloads))
                .description(reloads).tag("result", "success").register(registry);
        FunctionCounter.builder("tracker.cluster.tls.reloads", holder, read(EventBusTls::reloadFailures))
                .description(reloads).tag("result", "failure").register(registry);
        Gauge.builder("tracker.cluster.tls.certificate.expiry.timestamp", holder,
                        read(t -> t.notAfter().getEpochSecond()))
                .baseUnit("seconds").strongReference(true)
                .description("When this node's cluster certificate expires, Unix time (0 without cluster TLS)")
                .register(registry);
    }

    private static ToDoubleFunction<Holder> read(java.util.function.ToLongFunction<EventBusTls> value) {
        return h -> h.tls == null ? 0 : value.applyAsLong(h.tls);
    }

    /** Meters hold their object weakly by default; this one lives as long as the registry's functions. */
    private record Holder(EventBusTls tls) {
    }
}
