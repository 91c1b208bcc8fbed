package dev.hivecast.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.core.net.TrustOptions;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutual TLS on the clustered event bus: each node presents its certificate and requires the
 * other's, both signed by the cluster CA. No host name is checked (Vert.x turns it off for the
 * event bus, and pods change addresses): the identity of a node is "holds a key the cluster CA
 * signed".
 *
 * <p>The event bus keeps its TLS server and client to itself and rebuilds its options through
 * JSON, which drops any key or trust manager of our own. So the bus starts with the PEM bytes, and
 * then {@link EventBusSsl} gives both ends managers that read through to what is in force: a
 * renewed certificate or CA reaches every new connection with no further call into Vert.x.
 */
public final class EventBusTls {

    private static final Logger LOG = LoggerFactory.getLogger(EventBusTls.class);

    private final ClusterTls settings;
    private final SwappableKeyManager keys;
    private final PeerCertificateCheck peers;
    private final LongAdder reloads = new LongAdder();
    private final LongAdder reloadFailures = new LongAdder();
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile PemMaterial inForce;
    private volatile PemMaterial.Files3 lastFailed;

    private EventBusTls(ClusterTls settings, PemMaterial first) {
        this.settings = settings;
        this.inForce = first;
        this.keys = new SwappableKeyManager(first.keys());
        this.peers = new PeerCertificateCheck(first.trust());
    }

    /** Reads and checks the files; fails, naming the file and the reason, when one is unusable. */
    public static EventBusTls load(ClusterTls settings) throws ClusterTlsException {
        return new EventBusTls(settings, PemMaterial.load(settings, PemMaterial.read(settings)));
    }

    /** What the event bus starts with: TLS on, the client's certificate required. */
    void configure(EventBusOptions options) {
        PemMaterial first = inForce;
        options.setSsl(true)
                .setClientAuth(ClientAuth.REQUIRED)
                .setKeyCertOptions(new PemKeyCertOptions().setCertValue(Buffer.buffer(first.cert()))
                        .setKeyValue(Buffer.buffer(first.key())))
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(first.ca())));
    }

    /** Hands the started bus our managers, then checks the files every reload interval. */
    Future<Void> install(Vertx vertx) {
        KeyCertOptions keyOptions = KeyCertOptions.wrap(keys);
        TrustOptions trustOptions = TrustOptions.wrap(peers);
        ServerSSLOptions server = new ServerSSLOptions().setClientAuth(ClientAuth.REQUIRED)
                .setKeyCertOptions(keyOptions).setTrustOptions(trustOptions);
        ClientSSLOptions client = new ClientSSLOptions().setHostnameVerificationAlgorithm("")
                .setKeyCertOptions(keyOptions).setTrustOptions(trustOptions);
        return EventBusSsl.update(vertx, server, client).onSuccess(v -> {
            long every = settings.reloadInterval().toMillis();
            vertx.setPeriodic(every, every, id -> check(vertx));
            LOG.info("Cluster event bus: mutual TLS on, certificate {} (expires {}), CA {}",
                    settings.certPem(), inForce.notAfter(), settings.caPem());
        });
    }

    private void check(Vertx vertx) {
        if (checking.compareAndSet(false, true)) {
            vertx.executeBlocking(() -> {
                reloadIfChanged();
                return null;
            }, false).onComplete(ar -> checking.set(false));
        }
    }

    /** Swaps in changed files once they pass every check; a bad set is counted and logged once. */
    void reloadIfChanged() {
        PemMaterial.Files3 files;
        try {
            files = PemMaterial.read(settings);
        } catch (ClusterTlsException e) {
            LOG.warn("{}; the cluster certificate in force stays", e.getMessage());
            return;
        }
        PemMaterial current = inForce;
        if (files.sameAs(new PemMaterial.Files3(current.cert(), current.key(), current.ca()))
                || files.sameAs(lastFailed)) {
            return;
        }
        try {
            PemMaterial next = PemMaterial.load(settings, files);
            keys.swap(next.keys());
            peers.swap(next.trust());
            inForce = next;
            lastFailed = null;
            reloads.increment();
            LOG.info("Cluster TLS files reloaded: certificate {} expires {}", settings.certPem(), next.notAfter());
        } catch (ClusterTlsException e) {
            lastFailed = files;
            reloadFailures.increment();
            LOG.warn("Cluster TLS files changed but {}; the certificate in force stays", e.getMessage());
        }
    }

    /** Handshakes refused because of the other node's certificate (missing, foreign CA, expired). */
    public long refusedPeers() {
        return peers.refused();
    }

    public long reloads() {
        return reloads.sum();
    }

    public long reloadFailures() {
        return reloadFailures.sum();
    }

    /** When this node's certificate in force expires. */
    public Instant notAfter() {
        return inForce.notAfter();
    }
}
