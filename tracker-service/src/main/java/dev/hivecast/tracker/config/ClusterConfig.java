package dev.hivecast.tracker.config;

import dev.hivecast.cluster.RedisEndpoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code cluster} section of the tracker's configuration: which backend, how this node finds
 * the others, and how often it publishes its shares. The cluster module knows none of this; the
 * tracker hands it a {@code BackendSettings} built from the joining part.
 */
public record ClusterConfig(
        @Setting(value = "local", choices = {"local", "hazelcast", "redis"}, doc = "Where swarms live:"
                + " local (this process only; no set-up), hazelcast (shared by every node of the cluster)"
                + " or redis (shared through the Redis at cluster.redis-url).")
        String backend,
        @Setting(value = "hivecast", doc = "Cluster name: nodes join only a cluster of the same name.")
        String name,
        @Setting(value = "127.0.0.1", doc = "Address this node binds for cluster traffic and advertises to"
                + " the other nodes; must be reachable from them (the pod IP on Kubernetes).")
        String host,
        @Setting(value = "5701", min = "1", max = "65535", doc = "Hazelcast member port of this node.")
        int port,
        // Relays between nodes travel on this port, not the Hazelcast one: a firewall must admit both.
        @Setting(value = "0", min = "0", max = "65535", doc = "Hazelcast backend: port of the event bus that"
                + " carries offers and answers between nodes; 0 = any free port. Fix it where a firewall or"
                + " NetworkPolicy admits node-to-node traffic by port (the chart sets 5702).")
        int eventBusPort,
        @Setting(value = "", doc = "TCP/IP join: comma-separated host:port of the cluster's nodes (this"
                + " one may be listed).")
        String members,
        @Setting(value = "", doc = "Kubernetes join instead of cluster.members: DNS name of the headless"
                + " service whose addresses are the nodes (e.g. tracker-hz.default.svc.cluster.local).")
        String kubernetesServiceDns,
        @Setting(value = "1s", min = "1s", max = "1m", doc = "Time between heartbeats among nodes.")
        Duration heartbeatInterval,
        @Setting(value = "5s", min = "2s", max = "10m", doc = "Time without heartbeats after which a node is"
                + " declared dead and its peers are purged from every swarm; longer than"
                + " cluster.heartbeat-interval.")
        Duration failureTimeout,
        @Setting(value = "local-first", choices = {"local-first", "uniform"}, doc = "local-first: offers go"
                + " to members on this node when it has enough, the rest to other nodes; uniform: to"
                + " members anywhere in the cluster, equally likely. With locality on, this routes the"
                + " offers locality does not give to near members on this node.")
        String offerRouting,
        @Setting(value = "500ms", min = "50ms", max = "1m",
                doc = "Time between publications of this node's changed swarm counts.")
        Duration publishInterval,
        @Setting(value = "1500ms", min = "100ms", max = "1m", doc = "Oldest view of other nodes' counts a"
                + " reply may use; counts are cluster-wide within cluster.publish-interval +"
                + " cluster.view-max-age.")
        Duration viewMaxAge,
        // A stalled node must not stall replies.
        @Setting(value = "250ms", min = "10ms", max = "10s", doc = "Longest a reply waits for a read of the"
                + " cluster directory; then it goes out with the counts at hand.")
        Duration readTimeout,
        // Only first announces of a (swarm, peer_id) wait; past this they go on as on a lone node.
        @Setting(value = "1s", min = "10ms", max = "10s", doc = "Longest the first announce of a peer_id in"
                + " a swarm waits for the cluster to say whether a connection on another node holds it; past"
                + " it, or with the directory unreachable, the announce goes on, checked on this node only,"
                + " and is counted in tracker_cluster_peer_id_claims_total{verdict=\"unverified\"}.")
        Duration peerIdClaimTimeout,
        // An escape hatch: the claims' cost under frequent rendition switches is not yet known at a load
        // the cluster sustains (docs/benchmarks.md), and an operator must be able to trade it back.
        @Setting(value = "true", doc = "Ask the cluster, at the first announce of a peer_id in a swarm, whether a"
                + " connection on another node holds it (refused if so; docs/cluster.md#peer_ids-across-nodes);"
                + " false = each node applies the binding rule to its own connections only, and a thief on"
                + " another node is not refused.")
        boolean peerIdClaims,
        @Setting(value = "30s", min = "1s", max = "1h", doc = "Time between publications of all of this"
                + " node's counts (heals lost writes).")
        Duration republishInterval,
        @Setting(value = "5s", min = "100ms", max = "1m", doc = "Longest a draining node waits for the"
                + " cluster directory to forget it (so that other nodes stop sending it offers) before it"
                + " closes its sockets anyway.")
        Duration withdrawTimeout,
        // A start that waits on unreachable members or Redis must end, so that the orchestrator
        // restarts the process; a CPU-starved start (a throttled pod) must not end too soon.
        @Setting(value = "60s", min = "5s", max = "10m", doc = "Longest the start may take, joining the"
                + " cluster included; past it the process exits with an error instead of waiting on.")
        Duration joinTimeout,
        @Setting(value = RedisEndpoint.DEFAULT_URL, doc = "Redis server of the redis backend (standalone):"
                + " redis://[[user]:password@]host:port[/db], or rediss://... for TLS.", secret = true)
        String redisUrl,
        @Setting(value = "", doc = "Redis AUTH password, instead of one in cluster.redis-url (set it from a"
                + " secret, as TRACKER_CLUSTER_REDIS_PASSWORD); never logged.", secret = true)
        String redisPassword,
        @Setting(value = "", doc = "For a rediss:// URL: PEM file of the CA certificates to trust; empty ="
                + " the JVM's default CAs. The server's host name is always verified.")
        String redisTlsTrustPem,
        // Offers and answers cross nodes on the event bus; these three turn mutual TLS on for it.
        @Setting(value = "", doc = "Hazelcast backend: PEM file of this node's certificate chain (leaf first),"
                + " signed by cluster.tls-ca-pem; when set, offers and answers between nodes travel over"
                + " mutual TLS; empty = in clear.")
        String tlsCertPem,
        @Setting(value = "", doc = "PEM file of the private key of cluster.tls-cert-pem (PKCS#8, or PKCS#1"
                + " RSA).")
        String tlsKeyPem,
        @Setting(value = "", doc = "PEM file of the CA certificates a node's certificate must chain to; a"
                + " node without one (missing, expired, another CA) can neither send nor receive relays.")
        String tlsCaPem,
        @Setting(value = "1m", min = "1s", max = "1d", doc = "Time between checks of the three cluster.tls-*"
                + " files for a change; new node-to-node connections then use the new files.")
        Duration tlsReloadInterval) {


    public static ClusterConfig defaults() {
        return ConfigBinder.defaults(ClusterConfig.class);
    }

    /** Never shows a secret setting. */
    @Override
    public String toString() {
        return ConfigBinder.describe(this);
    }

    public boolean isLocal() {
        return "local".equals(backend);
    }

    public boolean tlsEnabled() {
        return !tlsCertPem.isEmpty();
    }

    /** {@link #members} split on commas, blanks dropped. */
    public List<String> memberList() {
        return Arrays.stream(members.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
    }
}
