package dev.hivecast.tracker.tls;

import dev.hivecast.tracker.config.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the PEM files' certificate on the public listener and swaps it when the files change.
 * {@link HttpServer#updateSSLOptions} only replaces the SSL context that new handshakes use:
 * connections already open keep their session, so nobody is dropped. The listener is shared by
 * every signaling loop and Vert.x forwards the update to the one real server, so one call is enough.
 *
 * <p>The files are read whole on every check (a few KB) and compared with what is served. A pair
 * caught half-way through a renewal (a new certificate, the old key) does not match, is counted
 * as a failure, and the old pair stays in service; the next check, once both files are new,
 * swaps. A new pair is served at most {@code tls.reload-interval} after it is complete. Reading
 * by path, through any symlinks, also sees a mounted Kubernetes Secret's update, which swaps a
 * {@code ..data} symlink under both files at once (KubeletVolumeReloadIT).
 */
public final class TlsReloader {

    private static final Logger log = LoggerFactory.getLogger(TlsReloader.class);

    private final Vertx vertx;
    private final TlsConfig config;
    private final LongAdder reloads = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile PemKeyPair served;
    private volatile long notAfterSeconds;
    private volatile PemKeyPair lastFailed;

    public TlsReloader(Vertx vertx, TlsConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** Reads the files for the listener's first options; fails when they are missing or not PEM. */
    public PemKeyCertOptions initialOptions() {
        try {
            PemKeyPair pair = PemKeyPair.read(config.certPem(), config.keyPem());
            pair.requireKeyMatchesCertificate(vertx);
            notAfterSeconds = pair.leaf().getNotAfter().toInstant().getEpochSecond();
            served = pair;
            return pair.options();
        } catch (Exception e) {
            throw new IllegalStateException("TLS certificate " + config.certPem() + " / key " + config.keyPem()
                    + " could not be read: " + e.getMessage(), e);
        }
    }

    /** Checks the files every {@code tls.reload-interval}; {@code server} is any of the listener's servers. */
    public void start(Supplier<HttpServer> server) {
        long every = config.reloadInterval().toMillis();
        vertx.setPeriodic(every, every, id -> check(server.get()));
    }

    private void check(HttpServer server) {
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        // Reading and checking the files (a key parse, a signature) is worker-thread work.
        vertx.<Candidate>executeBlocking(this::readCandidate, false)
                .compose(c -> c == null ? Future.succeededFuture() : swap(server, c))
                .onFailure(e -> log.warn("TLS files {} / {} not readable, the served certificate stays: {}",
                        config.certPem(), config.keyPem(), e.toString()))
                .onComplete(ar -> checking.set(false));
    }

    /** A changed pair and its expiry, or its problem; null when the files hold what is served. */
    private record Candidate(PemKeyPair pair, long notAfter, Exception problem) {
    }

    private Candidate readCandidate() throws java.io.IOException {
        PemKeyPair pair = PemKeyPair.read(config.certPem(), config.keyPem());
        if (pair.sameAs(served) || pair.sameAs(lastFailed)) {
            return null;
        }
        try {
            long notAfter = pair.leaf().getNotAfter().toInstant().getEpochSecond();
            pair.requireKeyMatchesCertificate(vertx);
            return new Candidate(pair, notAfter, null);
        } catch (Exception e) {
            return new Candidate(pair, 0, e);
        }
    }

    private Future<Void> swap(HttpServer server, Candidate c) {
        if (c.problem() != null) {
            return failed(c.pair(), c.problem());
        }
        ServerSSLOptions options = new ServerSSLOptions().setKeyCertOptions(c.pair().options());
        return server.updateSSLOptions(options, true).transform(ar -> {
            if (ar.failed()) {
                return failed(c.pair(), ar.cause());
            }
            served = c.pair();
            lastFailed = null;
            notAfterSeconds = c.notAfter();
            reloads.increment();
            log.info("TLS certificate reloaded from {}; it expires at {}", config.certPem(),
                    java.time.Instant.ofEpochSecond(c.notAfter()));
            return Future.succeededFuture();
        });
    }

    /** A bad pair is counted once, not on every tick until the files change again. */
    private Future<Void> failed(PemKeyPair pair, Throwable cause) {
        lastFailed = pair;
        failures.increment();
        log.warn("TLS files {} / {} changed but could not be used, the served certificate stays: {}",
                config.certPem(), config.keyPem(), cause.toString());
        return Future.succeededFuture();
    }

    public long reloads() {
        return reloads.sum();
    }

    public long failures() {
        return failures.sum();
    }

    /** When the served certificate expires, in Unix seconds. */
    public long notAfterSeconds() {
        return notAfterSeconds;
    }
}
