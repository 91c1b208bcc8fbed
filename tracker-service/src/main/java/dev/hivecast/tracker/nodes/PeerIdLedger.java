package dev.hivecast.tracker.nodes;

import dev.hivecast.cluster.ClusterBackend;
import dev.hivecast.cluster.PeerIdHold;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.swarm.ClusterPeerIds;
import dev.hivecast.tracker.swarm.LoopMessage.ClusterClaim;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's side of the binding rule: asks the backend's peer_id directory and posts its
 * verdict back to the claimant's loop.
 *
 * <p>When the directory cannot answer in time (Redis down, a Hazelcast partition migrating) the
 * claim is held, checked on this node only, counted and logged: refusing instead would turn away
 * every new viewer of every swarm for the length of an outage, in which the nodes already serve
 * their own viewers alone (docs/operating.md), while holding reopens only the cross-node window
 * that existed before the directory did, and only for claims made during the outage.
 */
public final class PeerIdLedger implements ClusterPeerIds {

    private static final Logger log = LoggerFactory.getLogger(PeerIdLedger.class);
    /** One warning per this many nanoseconds at most: an outage fails every first announce. */
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ClusterBackend backend;
    private final NodeLink.LocalLoops loops;
    private final ClusterCounters counters;
    private final long timeoutMillis;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    public PeerIdLedger(ClusterBackend backend, NodeLink.LocalLoops loops, ClusterCounters counters, Duration timeout) {
        this.backend = backend;
        this.loops = loops;
        this.counters = counters;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void claim(ClusterClaim asked) {
        backend.claimPeerId(hold(asked.infoHash(), asked.peerId(), asked.holdId(), asked.client()))
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .onComplete(verdict -> {
                    boolean held = verdict.failed() || verdict.result();
                    if (verdict.failed()) {
                        counters.peerIdClaimsUnverified.increment();
                        warn(verdict.cause());
                    } else {
                        (held ? counters.peerIdClaimsHeld : counters.peerIdClaimsRefused).increment();
                    }
                    loops.post(asked.loop(), asked.decided(held));
                });
    }

    @Override
    public void release(InfoHash infoHash, PeerId peerId, long hold, String client) {
        counters.peerIdReleases.increment();
        backend.releasePeerId(hold(infoHash, peerId, hold, client));
    }

    private PeerIdHold hold(InfoHash infoHash, PeerId peerId, long hold, String client) {
        return new PeerIdHold(infoHash.toHex(), peerId.toHex(), backend.nodeId(), hold, client == null ? "" : client);
    }

    private void warn(Throwable cause) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            log.atWarn().addKeyValue("cause", String.valueOf(cause))
                    .log("The cluster could not say who holds a peer_id ({}): first announces go on, checked "
                            + "on this node only, until it can", cause.toString());
        }
    }
}
