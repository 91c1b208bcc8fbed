package dev.hivecast.tracker;

import dev.hivecast.tracker.access.InfoHashListReloader;
import dev.hivecast.tracker.access.OriginPolicy;
import dev.hivecast.tracker.access.SignedUrlGate;
import dev.hivecast.tracker.access.UpgradeGate;
import dev.hivecast.tracker.access.UrlTokens;
import dev.hivecast.tracker.config.AccessConfig;
import dev.hivecast.tracker.config.TlsConfig;
import dev.hivecast.tracker.tls.TlsReloader;
import dev.hivecast.tracker.transport.SignalingNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires access control and TLS onto a node before its loops listen: the upgrade gates (Origin,
 * signed URLs), the info_hash lists (loaded once, then polled; a change evicts refused swarms) and
 * the certificate (read once, then watched). With the defaults nothing is created but an open
 * gate and an empty list reloader.
 */
final class AccessParts {

    private final AccessConfig access;
    private final InfoHashListReloader lists;
    private final TlsReloader tls;

    private AccessParts(Vertx vertx, SignalingNode node, AccessConfig access, TlsConfig tlsConfig) {
        this.access = access;
        this.lists = new InfoHashListReloader(vertx, node.infoHashPolicy(), access.infoHashAllowlist(),
                access.infoHashDenylist(), policy -> node.evictRefusedSwarms());
        this.tls = tlsConfig.enabled() ? new TlsReloader(vertx, tlsConfig) : null;
    }

    /** Sets the node's gate and certificate, and loads the lists; fails when a list or the PEM files cannot be read. */
    static Future<AccessParts> prepare(Vertx vertx, SignalingNode node, AccessConfig access, TlsConfig tlsConfig) {
        AccessParts parts = new AccessParts(vertx, node, access, tlsConfig);
        node.upgradeGate(upgradeGate(access));
        try {
            if (parts.tls != null) {
                node.tls(parts.tls.initialOptions());
            }
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        return parts.lists.loadFirst().map(parts);
    }

    /** Starts the timers, once the loops listen. */
    void start(SignalingNode node) {
        lists.start(access.listReloadInterval());
        if (tls != null) {
            tls.start(() -> node.verticles().get(0).httpServer());
        }
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
