package dev.hivecast.tracker.access;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Refused upgrades by reason, node-wide: written by any signaling loop, read when metrics are scraped. */
public final class RefusalCounters {

    private final Map<UpgradeRefusal, LongAdder> counts = new EnumMap<>(UpgradeRefusal.class);

    public RefusalCounters() {
        for (UpgradeRefusal r : UpgradeRefusal.values()) {
            counts.put(r, new LongAdder());
        }
    }

    public void refused(UpgradeRefusal reason) {
        counts.get(reason).increment();
    }

    public long count(UpgradeRefusal reason) {
        return counts.get(reason).sum();
    }
}
