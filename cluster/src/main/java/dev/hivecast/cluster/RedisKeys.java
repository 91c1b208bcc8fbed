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

    /** String: who holds one (swarm, peer_id); {@code key} is {@code <info_hash>:<peer_id>}. */
    String peerId(String key) {
        return tag() + ":peer:" + key;
    }

    /** Prefix of the per-node sets of the peer_id keys the node holds. */
    String claimedPrefix() {
        return tag() + ":claimed:";
    }

    String claimed(String nodeId) {
        return claimedPrefix() + nodeId;
    }

    /** Set of the nodes that may hold peer_ids: what the purge of departed holders checks. */
    String claimers() {
        return tag() + ":claimers";
    }

    /** Prefix of the pub/sub channel on which a node hears that another node took one of its holds over. */
    String noticePrefix() {
        return tag() + ":peer-ids:";
    }
}
