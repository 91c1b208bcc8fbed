package dev.hivecast.tracker.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the expensive ops endpoints cost: renderings (at most one per {@code admin.render-interval}
 * each, however many requests) and requests refused by the per-IP rate.
 */
final class OpsMeters {

    enum Page {
        METRICS("metrics"), STATS("stats");

        private final String label;

        Page(String label) {
            this.label = label;
        }
    }

    private final Counter[] renderings = new Counter[Page.values().length];
    private final Counter[] limited = new Counter[Page.values().length];

    OpsMeters(MeterRegistry registry) {
        for (Page page : Page.values()) {
            renderings[page.ordinal()] = Counter.builder("tracker.ops.renderings")
                    .description("Renderings of /metrics and of /stats (shared by the requests that waited for them)")
                    .tag("page", page.label).register(registry);
            limited[page.ordinal()] = Counter.builder("tracker.ops.rate.limited")
                    .description("Requests to /metrics and /stats refused with 429 by admin.request-rate")
                    .tag("page", page.label).register(registry);
        }
    }

    void rendered(Page page) {
        renderings[page.ordinal()].increment();
    }

    void limited(Page page) {
        limited[page.ordinal()].increment();
    }
}
