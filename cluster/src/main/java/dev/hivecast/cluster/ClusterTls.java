package dev.hivecast.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * Mutual TLS on the Hazelcast backend's event bus, where offers and answers travel between nodes.
 * Off when {@link #certPem} is empty. The tracker's {@code cluster.tls-*} settings map onto this.
 *
 * @param certPem        PEM file of this node's certificate chain, leaf first
 * @param keyPem         PEM file of its private key
 * @param caPem          PEM file of the CA certificates a peer's certificate must chain to
 * @param reloadInterval time between checks of the three files for a change
 */
public record ClusterTls(String certPem, String keyPem, String caPem, Duration reloadInterval) {

    public static final ClusterTls OFF = new ClusterTls("", "", "", Duration.ofMinutes(1));

    public ClusterTls {
        Objects.requireNonNull(certPem, "certPem");
        Objects.requireNonNull(keyPem, "keyPem");
        Objects.requireNonNull(caPem, "caPem");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
    }

    public boolean enabled() {
        return !certPem.isEmpty();
    }
}
