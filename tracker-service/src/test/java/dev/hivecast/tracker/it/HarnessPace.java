package dev.hivecast.tracker.it;

import java.util.ArrayList;
import java.util.List;

/**
 * How fast the test harness itself may read /metrics and /stats. The defaults (one rendering a
 * second, shared; 5 requests a second per client IP) bound what a real client can cost, but the
 * harness reads after every action and polls while it waits: at the defaults each read waited up
 * to a second and the suite took minutes longer. So trackers under test render every 100 ms and do
 * not rate-limit the harness, unless the test sets either itself (ExpensiveEndpointsIT sets the
 * defaults, which are what it tests).
 */
public final class HarnessPace {

    private HarnessPace() {
    }

    public static List<String> withHarnessPace(List<String> flags) {
        boolean chosen = flags.stream().anyMatch(f -> f.startsWith("--admin.render-interval")
                || f.startsWith("--admin.request-rate") || f.startsWith("--admin.request-burst"));
        List<String> all = new ArrayList<>(flags);
        if (!chosen) {
            all.addAll(List.of("--admin.render-interval", "100ms", "--admin.request-rate", "0"));
        }
        return all;
    }
}
