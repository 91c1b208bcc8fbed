package dev.hivecast.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node joins its cluster. The tracker's {@code cluster.*} settings map onto this.
 *
 * @param backend              {@code local} (one node, in memory), {@code hazelcast} or {@code redis}
 * @param clusterName          nodes join only a cluster of the same name
 * @param host                 address this node binds and advertises to the others (Hazelcast
 *                             member and event bus); must be reachable by the other nodes
 * @param port                 Hazelcast member port; the event bus takes any free port
 * @param members              TCP/IP join: host:port of the other members (this one may be
 *                             listed too); used when {@code kubernetesServiceDns} is empty
 * @param kubernetesServiceDns Kubernetes join: DNS name of the headless service whose A records
 *                             are the members (e.g. {@code tracker-hz.ns.svc.cluster.local})
 * @param heartbeat            how often members heart-beat each other
 * @param failureTimeout       silence after which a member is declared dead and purged
 * @param redis                the Redis server the {@code redis} backend uses; ignored by the
 *                             other backends
 */
public record BackendSettings(
        String backend,
        String clusterName,
        String host,
        int port,
        List<String> members,
        String kubernetesServiceDns,
        Duration heartbeat,
        Duration failureTimeout,
        RedisEndpoint redis) {

    public static final String LOCAL = "local";
    public static final String HAZELCAST = "hazelcast";
    public static final String REDIS = "redis";

    public BackendSettings {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(host, "host");
        members = List.copyOf(members);
        Objects.requireNonNull(kubernetesServiceDns, "kubernetesServiceDns");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(failureTimeout, "failureTimeout");
        Objects.requireNonNull(redis, "redis");
    }

    /** Settings with the {@linkplain RedisEndpoint#DEFAULT_URL default Redis URL}, for the backends that need none. */
    public BackendSettings(String backend, String clusterName, String host, int port, List<String> members,
            String kubernetesServiceDns, Duration heartbeat, Duration failureTimeout) {
        this(backend, clusterName, host, port, members, kubernetesServiceDns, heartbeat, failureTimeout,
                RedisEndpoint.of(RedisEndpoint.DEFAULT_URL));
    }

    /** These settings with {@code url} as the Redis server. */
    public BackendSettings withRedisUrl(String url) {
        return withRedis(RedisEndpoint.of(url));
    }

    /** These settings with {@code endpoint} as the Redis server. */
    public BackendSettings withRedis(RedisEndpoint endpoint) {
        return new BackendSettings(backend, clusterName, host, port, members, kubernetesServiceDns, heartbeat,
                failureTimeout, endpoint);
    }

    /** One node, in memory: what {@code java -jar} runs with no set-up. */
    public static BackendSettings local() {
        return new BackendSettings(LOCAL, "hivecast", "127.0.0.1", 5701, List.of(), "",
                Duration.ofSeconds(1), Duration.ofSeconds(5));
    }
}
