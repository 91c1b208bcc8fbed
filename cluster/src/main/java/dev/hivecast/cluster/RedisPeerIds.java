package dev.hivecast.cluster;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.function.Function;

/**
 * The Redis peer_id directory: per held (swarm, peer_id) a string
 * {@code {cluster}:peer:<info_hash>:<peer_id>} = {@code <node> <hold> <client>}; per node a set
 * {@code {cluster}:claimed:<node>} of its keys, and the set {@code {cluster}:claimers} of nodes that
 * may hold any, so a departed node's holds can be purged without a scan. New keys only: older
 * nodes never read them (docs/upgrades.md). Each operation is one script, so a claim is decided
 * atomically, on the Redis clock, in one round trip.
 */
final class RedisPeerIds {

    /**
     * KEYS[1] the hold's key, KEYS[2] the live nodes, KEYS[3] this node's claimed set, KEYS[4] the
     * claimers; ARGV[1] node, ARGV[2] hold, ARGV[3] client, ARGV[4] the notice channel prefix,
     * ARGV[5] the key without its prefix (what the notice carries).
     * Refused (0) only while a live other node holds it for another client; a same-client holder on
     * a live other node hears that it was taken over.
     */
    private static final String CLAIM_SCRIPT = """
            local held = redis.call('GET', KEYS[1])
            if held then
              local node, hold, client = string.match(held, '^(%S+) (%S+) (.*)$')
              if node and node ~= ARGV[1] then
                local time = redis.call('TIME')
                local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
                local expiry = redis.call('ZSCORE', KEYS[2], node)
                if expiry and tonumber(expiry) >= now then
                  if client ~= ARGV[3] then
                    return 0
                  end
                  redis.call('PUBLISH', ARGV[4] .. node, ARGV[5] .. ' ' .. hold)
                end
              end
            end
            redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. ARGV[2] .. ' ' .. ARGV[3])
            redis.call('SADD', KEYS[3], KEYS[1])
            redis.call('SADD', KEYS[4], ARGV[1])
            return 1
            """;

    /** KEYS[1] the hold's key, KEYS[2] this node's claimed set; ARGV[1] the value prefix of the hold. */
    private static final String RELEASE_SCRIPT = """
            local held = redis.call('GET', KEYS[1])
            if held and string.sub(held, 1, string.len(ARGV[1])) == ARGV[1] then
              redis.call('DEL', KEYS[1])
              redis.call('SREM', KEYS[2], KEYS[1])
            end
            return 0
            """;

    /**
     * KEYS[1] the claimers, KEYS[2] the live nodes; ARGV[1] the claimed-set prefix. Each claimer
     * that is not live loses the holds still its own, then is forgotten.
     */
    private static final String PURGE_SCRIPT = """
            for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              if not redis.call('ZSCORE', KEYS[2], node) then
                for _, key in ipairs(redis.call('SMEMBERS', ARGV[1] .. node)) do
                  local held = redis.call('GET', key)
                  if held and string.sub(held, 1, string.len(node) + 1) == node .. ' ' then
                    redis.call('DEL', key)
                  end
                end
                redis.call('DEL', ARGV[1] .. node)
                redis.call('SREM', KEYS[1], node)
              end
            end
            return 0
            """;

    private final RedisKeys keys;
    private final String nodeId;
    private final Function<Request, Future<Response>> send;

    RedisPeerIds(RedisKeys keys, String nodeId, Function<Request, Future<Response>> send) {
        this.keys = keys;
        this.nodeId = nodeId;
        this.send = send;
    }

    Future<Boolean> claim(PeerIdHold claimant) {
        Request claim = Request.cmd(Command.EVAL).arg(CLAIM_SCRIPT).arg(4)
                .arg(keys.peerId(claimant.key())).arg(keys.liveNodes()).arg(keys.claimed(nodeId))
                .arg(keys.claimers())
                .arg(nodeId).arg(claimant.hold()).arg(claimant.client()).arg(keys.noticePrefix())
                .arg(claimant.key());
        return send.apply(claim).map(reply -> reply.toLong() == 1L);
    }

    void release(PeerIdHold hold) {
        send.apply(Request.cmd(Command.EVAL).arg(RELEASE_SCRIPT).arg(2)
                .arg(keys.peerId(hold.key())).arg(keys.claimed(nodeId)).arg(hold.valuePrefix()));
    }

    /** Run with the share purge: the holds of departed nodes, which claims treat as free already. */
    Future<Void> purgeDeparted() {
        return send.apply(Request.cmd(Command.EVAL).arg(PURGE_SCRIPT).arg(2)
                .arg(keys.claimers()).arg(keys.liveNodes()).arg(keys.claimedPrefix())).mapEmpty();
    }
}
