package dev.hivecast.tracker.config;

import dev.hivecast.cluster.RedisEndpoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Cluster mode: how this node finds the others and shares swarms with them.
 *
 * @param backend              {@code local} (one node, in memory: the default), {@code hazelcast} or
 *                             {@code redis}
 * @param name                 nodes join only a cluster of the same name
 * @param host                 address this node binds for cluster traffic and advertises to the
 *                             others; must be reachable from them
 * @param port                 Hazelcast member port
 * @param members              TCP/IP join: comma-separated host:port of the members
 * @param kubernetesServiceDns Kubernetes join: DNS name of the headless service listing the members
 * @param heartbeat            how often nodes heart-beat each other
 * @param failureTimeout       silence after which a node is declared dead and its peers purged
 * @param offerRouting         {@code local-first} or {@code uniform}
 * @param publishIntervalMs    how often this node publishes the swarm counts that changed, in ms
 * @param viewMaxAgeMs         oldest view of the other nodes' counts a reply may use, in ms
 * @param readTimeoutMs        longest a reply waits for a directory read, in ms; then it uses the
 *                             view at hand
 * @param republishInterval    how often this node publishes all of its counts again (heals lost writes)
 * @param redisUrl             the Redis server of the {@code redis} backend
 * @param redisPassword        its AUTH password when not in the URL; empty otherwise
 * @param redisTlsTrustPem     for {@code rediss://}: PEM file of the CAs to trust; empty = the JVM's
 */
public record ClusterConfig(
        String backend,
        String name,
        String host,
        int port,
        String members,
        String kubernetesServiceDns,
        Duration heartbeat,
        Duration failureTimeout,
        String offerRouting,
        int publishIntervalMs,
        int viewMaxAgeMs,
        int readTimeoutMs,
        Duration republishInterval,
        String redisUrl,
        String redisPassword,
        String redisTlsTrustPem) {

    public static final String DEFAULT_BACKEND = "local";
    public static final String DEFAULT_NAME = "hivecast";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5701;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_FAILURE_TIMEOUT = Duration.ofSeconds(5);
    public static final String DEFAULT_OFFER_ROUTING = "local-first";
    public static final int DEFAULT_PUBLISH_INTERVAL_MS = 500;
    public static final int DEFAULT_VIEW_MAX_AGE_MS = 1500;
    public static final int DEFAULT_READ_TIMEOUT_MS = 250;
    public static final Duration DEFAULT_REPUBLISH_INTERVAL = Duration.ofSeconds(30);
    public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

    public ClusterConfig {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(kubernetesServiceDns, "kubernetesServiceDns");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(failureTimeout, "failureTimeout");
        Objects.requireNonNull(offerRouting, "offerRouting");
        Objects.requireNonNull(republishInterval, "republishInterval");
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(redisPassword, "redisPassword");
        Objects.requireNonNull(redisTlsTrustPem, "redisTlsTrustPem");
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig(DEFAULT_BACKEND, DEFAULT_NAME, DEFAULT_HOST, DEFAULT_PORT, "", "",
                DEFAULT_HEARTBEAT, DEFAULT_FAILURE_TIMEOUT, DEFAULT_OFFER_ROUTING,
                DEFAULT_PUBLISH_INTERVAL_MS, DEFAULT_VIEW_MAX_AGE_MS, DEFAULT_READ_TIMEOUT_MS,
                DEFAULT_REPUBLISH_INTERVAL, DEFAULT_REDIS_URL, "", "");
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "ClusterConfig[backend=" + backend + ", name=" + name + ", host=" + host + ", port=" + port
                + ", members=" + members + ", kubernetesServiceDns=" + kubernetesServiceDns + ", heartbeat="
                + heartbeat + ", failureTimeout=" + failureTimeout + ", offerRouting=" + offerRouting
                + ", publishIntervalMs=" + publishIntervalMs + ", viewMaxAgeMs=" + viewMaxAgeMs
                + ", readTimeoutMs=" + readTimeoutMs + ", republishInterval=" + republishInterval
                + ", redisUrl=" + RedisEndpoint.of(redisUrl).redactedUrl()
                + ", redisPassword=" + (redisPassword.isEmpty() ? "" : "***")
                + ", redisTlsTrustPem=" + redisTlsTrustPem + "]";
    }

    public boolean isLocal() {
        return DEFAULT_BACKEND.equals(backend);
    }

    /** {@link #members} split on commas, blanks dropped. */
    public List<String> memberList() {
        return Arrays.stream(members.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
    }
}
