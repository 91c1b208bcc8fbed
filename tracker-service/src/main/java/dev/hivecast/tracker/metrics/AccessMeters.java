package dev.hivecast.tracker.metrics;

import dev.hivecast.tracker.access.InfoHashListReloader;
import dev.hivecast.tracker.access.InfoHashPolicy;
import dev.hivecast.tracker.access.RefusalCounters;
import dev.hivecast.tracker.access.UpgradeRefusal;
import dev.hivecast.tracker.tls.TlsReloader;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Access control and TLS, read when scraped. Registered whether or not a rule is configured, so
 * dashboards and alerts read the same series on every node (zeros where a rule is off).
 */
public final class AccessMeters {

    private AccessMeters() {
    }

    /** @param tls null when TLS is off */
    public static void register(MeterRegistry registry, RefusalCounters refusals, InfoHashPolicy policy,
                                InfoHashListReloader lists, TlsReloader tls) {
        for (UpgradeRefusal reason : UpgradeRefusal.values()) {
            FunctionCounter.builder("tracker.upgrades.refused", refusals, r -> r.count(reason))
                    .description("HTTP connections and WebSocket upgrades refused or closed before becoming a WebSocket, by reason")
                    .tag("reason", reason.label()).register(registry);
        }
        String entries = "info_hashes on each list in force (0 also when the list is not configured)";
        Gauge.builder("tracker.access.list.entries", policy, p -> Math.max(0, p.allowedCount()))
                .description(entries).tag("list", InfoHashListReloader.Kind.ALLOWLIST.label()).register(registry);
        Gauge.builder("tracker.access.list.entries", policy, InfoHashPolicy::deniedCount)
                .description(entries).tag("list", InfoHashListReloader.Kind.DENYLIST.label()).register(registry);
        for (InfoHashListReloader.Kind kind : InfoHashListReloader.Kind.values()) {
            FunctionCounter.builder("tracker.access.list.reload.failures", lists, l -> l.failures(kind))
                    .description("Reloads of an info_hash list that failed; the previous list stayed in force")
                    .tag("list", kind.label()).register(registry);
        }
        // Bound to the policy, which lives as long as the node, so the series exist without TLS too.
        String reloads = "Changed PEM files: certificate reloaded (success) or refused, the old one kept (failure)";
        FunctionCounter.builder("tracker.tls.reloads", policy, p -> tls == null ? 0 : tls.reloads())
                .description(reloads).tag("result", "success").register(registry);
        FunctionCounter.builder("tracker.tls.reloads", policy, p -> tls == null ? 0 : tls.failures())
                .description(reloads).tag("result", "failure").register(registry);
        Gauge.builder("tracker.tls.certificate.expiry.timestamp", policy, p -> tls == null ? 0 : tls.notAfterSeconds())
                .baseUnit("seconds")
                .description("When the served certificate expires, Unix time (0 without TLS)").register(registry);
    }
}
