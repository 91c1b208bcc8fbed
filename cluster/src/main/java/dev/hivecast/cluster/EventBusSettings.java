package dev.hivecast.cluster;

import java.util.Objects;

/**
 * The Hazelcast backend's event bus, which carries offers and answers between nodes.
 *
 * @param port TCP port it listens on; 0 = any free port. A fixed port lets a firewall or
 *             NetworkPolicy admit it from the other nodes only.
 * @param tls  mutual TLS between nodes, or {@link ClusterTls#OFF}
 */
public record EventBusSettings(int port, ClusterTls tls) {

    public static final EventBusSettings DEFAULT = new EventBusSettings(0, ClusterTls.OFF);

    public EventBusSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("event bus port must be from 0 to 65535, got " + port);
        }
        Objects.requireNonNull(tls, "tls");
    }
}
