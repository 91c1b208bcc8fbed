package dev.hivecast.tracker.locality;

import dev.hivecast.tracker.access.ListSource;
import dev.hivecast.tracker.config.LocalityConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files behind a {@link LocalityResolver}: the MaxMind DB files, opened once, and the sites
 * file, loaded before the tracker listens and then polled like the info_hash lists. A file that is
 * missing or malformed at start-up stops the start, naming the file, the line and the reason; a
 * sites file that fails to reload later is logged and counted, and the last good list stays.
 */
public final class LocalityFiles {

    private static final Logger log = LoggerFactory.getLogger(LocalityFiles.class);

    private final Vertx vertx;
    private final LocalityResolver resolver;
    private final ListSource sites;
    private final LongAdder failures = new LongAdder();
    private final AtomicBoolean polling = new AtomicBoolean();

    private LocalityFiles(Vertx vertx, LocalityResolver resolver, ListSource sites) {
        this.vertx = vertx;
        this.resolver = resolver;
        this.sites = sites;
    }

    /** Opens the databases and loads the sites; fails, naming the file, when one cannot be used. */
    public static Future<LocalityFiles> prepare(Vertx vertx, LocalityConfig config) {
        if (!config.enabled()) {
            return Future.succeededFuture(new LocalityFiles(vertx, LocalityResolver.OFF, null));
        }
        LocalityResolver resolver;
        try {
            MmdbLookup asns = config.asnDatabase().isEmpty() ? null : MmdbLookup.open(config.asnDatabase());
            MmdbLookup countries = config.countryDatabase().isEmpty() ? null
                    : config.countryDatabase().equals(config.asnDatabase()) ? asns
                    : MmdbLookup.open(config.countryDatabase());
            resolver = new LocalityResolver(true, asns, countries);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new IllegalStateException("locality: " + e.getMessage(), e));
        }
        ListSource source = config.sites().isEmpty() ? null : ListSource.of(vertx, config.sites());
        LocalityFiles files = new LocalityFiles(vertx, resolver, source);
        if (source == null) {
            return Future.succeededFuture(files);
        }
        return source.readIfChanged().map(text -> {
            files.apply(SiteList.parse(text));
            return files;
        }).recover(e -> Future.failedFuture(new IllegalStateException(
                "locality.sites " + source.describe() + ": " + e.getMessage(), e)));
    }

    public LocalityResolver resolver() {
        return resolver;
    }

    /** Failed reloads of the sites file since start. */
    public long reloadFailures() {
        return failures.sum();
    }

    /** Polls the sites file every {@code interval}; the timer lives as long as the Vert.x instance. */
    public void start(Duration interval) {
        if (sites != null) {
            vertx.setPeriodic(interval.toMillis(), id -> poll());
        }
    }

    private void poll() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        sites.readIfChanged().map(text -> {
            if (text != null) {
                apply(SiteList.parse(text));
            }
            return null;
        }).onComplete(ar -> {
            polling.set(false);
            if (ar.failed()) {
                failures.increment();
                log.atWarn().addKeyValue("source", sites.describe()).addKeyValue("cause", ar.cause().getMessage())
                        .log("locality.sites {} not reloaded, the previous sites stay in force: {}", sites.describe(),
                                ar.cause().getMessage());
            }
        });
    }

    private void apply(SiteList list) {
        resolver.useSites(list);
        log.atInfo().addKeyValue("source", sites.describe()).addKeyValue("sites", list.size())
                .log("locality.sites {}: {} sites", sites.describe(), list.size());
    }
}
