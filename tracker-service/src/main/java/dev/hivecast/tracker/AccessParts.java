package dev.hivecast.tracker;

import dev.hivecast.tracker.access.InfoHashListReloader;
import dev.hivecast.tracker.access.InfoHashPolicy;
import dev.hivecast.tracker.access.OriginPolicy;
import dev.hivecast.tracker.access.SignedUrlGate;
import dev.hivecast.tracker.access.UpgradeGate;
import dev.hivecast.tracker.access.UrlTokens;
import dev.hivecast.tracker.config.AccessConfig;
import dev.hivecast.tracker.config.TlsConfig;
import dev.hivecast.tracker.tls.TlsReloader;
import dev.hivecast.tracker.transport.Loops;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Access control and TLS, ready before the loops listen: the upgrade gate (Origin, signed URLs),
 * the info_hash lists (loaded once, then polled; a change evicts refused swarms) and the
 * certificate (read once, then watched). With the defaults nothing is created but an open
 * gate and an empty list reloader.
 */
final class AccessParts {

    private final AccessConfig access;
    private final InfoHashPolicy policy = new InfoHashPolicy();
    private final UpgradeGate gate;
    private final InfoHashListReloader lists;
    private final TlsReloader tls;
    private PemKeyCertOptions tlsOptions;

    private AccessParts(Vertx vertx, Loops loops, AccessConfig access, TlsConfig tlsConfig) {
        this.access = access;
        this.gate = upgradeGate(access);
        this.lists = new InfoHashListReloader(vertx, policy, access.infoHashAllowlist(),
                access.infoHashDenylist(), loops::evictRefusedSwarms);
        this.tls = tlsConfig.enabled() ? new TlsReloader(vertx, tlsConfig) : null;
    }

    /**
     * Reads the certificate and loads the lists; fails when a list or the PEM files cannot be read.
     *
     * @param loops whose swarms a changed list evicts
     */
    static Future<AccessParts> prepare(Vertx vertx, Loops loops, AccessConfig access, TlsConfig tlsConfig) {
        AccessParts parts = new AccessParts(vertx, loops, access, tlsConfig);
        try {
            parts.tlsOptions = parts.tls == null ? null : parts.tls.initialOptions();
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        return parts.lists.loadFirst().map(parts);
    }

    /** Starts the timers, once the loops listen. */
    void start(Loops loops) {
        lists.start(access.listReloadInterval());
        if (tls != null) {
            tls.start(() -> loops.all().get(0).httpServer());
        }
    }

    /** Which info_hashes this node serves; the reloader updates it in place. */
    InfoHashPolicy policy() {
        return policy;
    }

    /** The checks made before an upgrade is accepted. */
    UpgradeGate gate() {
        return gate;
    }

    /** The certificate to serve wss:// with; null for plain ws://. */
    PemKeyCertOptions tlsOptions() {
        return tlsOptions;
    }

    InfoHashListReloader lists() {
        return lists;
    }

    /** Null when TLS is off. */
    TlsReloader tls() {
        return tls;
    }

    static UpgradeGate upgradeGate(AccessConfig access) {
        List<UpgradeGate> gates = new ArrayList<>();
        OriginPolicy origins = new OriginPolicy(AccessConfig.commaList(access.originAllowlist()),
                AccessConfig.commaList(access.originDenylist()), access.denyMissingOrigin());
        if (origins.isActive()) {
            gates.add(origins);
        }
        if (access.signedUrls()) {
            UrlTokens tokens = new UrlTokens(access.urlSecret(), access.urlPreviousSecret());
            gates.add(new SignedUrlGate(tokens, () -> System.currentTimeMillis() / 1000));
        }
        return UpgradeGate.allOf(gates);
    }
}
