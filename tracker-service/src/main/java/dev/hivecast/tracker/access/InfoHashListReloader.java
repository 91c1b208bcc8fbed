package dev.hivecast.tracker.access;

import dev.hivecast.protocol.InfoHash;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an {@link InfoHashPolicy} in step with its list sources: loads them before the tracker
 * listens (a list that cannot be read stops the start, since serving without it would open or
 * close the wrong swarms), then polls them. A list that fails to load later is logged and counted,
 * and the last good one stays in force. After a change the {@code onChange} hook runs, which
 * evicts the swarms the new lists refuse.
 */
public final class InfoHashListReloader {

    private static final Logger log = LoggerFactory.getLogger(InfoHashListReloader.class);

    /** Which list; the name is the {@code list} label of the metrics. */
    public enum Kind {
        ALLOWLIST, DENYLIST;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record Watched(Kind kind, ListSource source, LongAdder failures) {
    }

    private final Vertx vertx;
    private final InfoHashPolicy policy;
    private final List<Watched> lists = new ArrayList<>();
    private final Consumer<InfoHashPolicy> onChange;
    private final AtomicBoolean polling = new AtomicBoolean();

    /** @param allowlist file or URL, or empty; the same for {@code denylist} */
    public InfoHashListReloader(Vertx vertx, InfoHashPolicy policy, String allowlist, String denylist,
                                Consumer<InfoHashPolicy> onChange) {
        this.vertx = vertx;
        this.policy = policy;
        this.onChange = onChange;
        if (!allowlist.isEmpty()) {
            lists.add(new Watched(Kind.ALLOWLIST, ListSource.of(vertx, allowlist), new LongAdder()));
        }
        if (!denylist.isEmpty()) {
            lists.add(new Watched(Kind.DENYLIST, ListSource.of(vertx, denylist), new LongAdder()));
        }
    }

    /** Loads every list once; fails, naming the list, when one cannot be read or parsed. */
    public Future<Void> loadFirst() {
        List<Future<Void>> loads = new ArrayList<>();
        for (Watched w : lists) {
            loads.add(w.source().readIfChanged()
                    .map(text -> {
                        apply(w, InfoHashListFormat.parse(text));
                        return (Void) null;
                    })
                    .recover(e -> Future.failedFuture(new IllegalStateException(
                            "info_hash " + w.kind().label() + " " + w.source().describe() + ": " + e.getMessage(), e))));
        }
        return Future.all(loads).mapEmpty();
    }

    /** Polls every {@code interval}; the timer lives as long as the Vert.x instance. */
    public void start(Duration interval) {
        if (!lists.isEmpty()) {
            vertx.setPeriodic(interval.toMillis(), id -> poll());
        }
    }

    /** Failed reloads of one list since start. */
    public long failures(Kind kind) {
        return lists.stream().filter(w -> w.kind() == kind).mapToLong(w -> w.failures().sum()).sum();
    }

    private void poll() {
        if (!polling.compareAndSet(false, true)) {
            return; // a slow URL must not pile up overlapping fetches
        }
        List<Future<Boolean>> reads = new ArrayList<>();
        for (Watched w : lists) {
            reads.add(w.source().readIfChanged().map(text -> {
                if (text == null) {
                    return false;
                }
                apply(w, InfoHashListFormat.parse(text));
                return true;
            }).recover(e -> {
                w.failures().increment();
                log.atWarn().addKeyValue("list", w.kind().label()).addKeyValue("source", w.source().describe())
                        .addKeyValue("cause", e.getMessage())
                        .log("info_hash {} {} not reloaded, the previous list stays in force: {}", w.kind().label(),
                                w.source().describe(), e.getMessage());
                return Future.succeededFuture(false);
            }));
        }
        Future.all(reads).onComplete(ar -> {
            polling.set(false);
            if (ar.succeeded() && reads.stream().anyMatch(Future::result)) {
                onChange.accept(policy);
            }
        });
    }

    private void apply(Watched w, Set<InfoHash> ids) {
        if (w.kind() == Kind.ALLOWLIST) {
            policy.allowOnly(ids);
        } else {
            policy.deny(ids);
        }
        log.atInfo().addKeyValue("list", w.kind().label()).addKeyValue("source", w.source().describe())
                .addKeyValue("entries", ids.size())
                .log("info_hash {} {}: {} entries", w.kind().label(), w.source().describe(), ids.size());
    }
}
