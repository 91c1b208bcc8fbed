package dev.hivecast.cluster;

/**
 * The names of one cluster's keys and channels in Redis. Every name carries the hash tag
 * {@code {clusterName}}, so on a Redis Cluster they would all share one slot and the pipelines and
 * scripts that touch several of them would stay legal.
 */
record RedisKeys(String clusterName) {

    private String tag() {
        return "{" + clusterName + "}";
    }

    /** Sorted set of live node ids, scored by the time (Redis clock, ms) their liveness expires. */
    String liveNodes() {
        return tag() + ":nodes";
    }

    /** Set of every node id that has beaten and not yet been purged: what the departed-node sweep checks. */
    String knownNodes() {
        return tag() + ":known";
    }

    /** Pub/sub channel of one node; also the name of its liveness key. */
    String nodeChannel(String nodeId) {
        return tag() + ":node:" + nodeId;
    }

    /** Prefix of the per-swarm hashes (field = node id, value = its counts). */
    String swarmPrefix() {
        return tag() + ":swarm:";
    }

    /** Prefix of the per-node sets of the swarms the node holds a share of. */
    String heldPrefix() {
        return tag() + ":held:";
    }

    /** Prefix of the per-swarm hashes of locality summaries (field = node id, value = its summary). */
    String nearPrefix() {
        return tag() + ":near:";
    }
}
