package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.access.InfoHashPolicy;
import dev.hivecast.tracker.nodes.NodeLink;
import dev.hivecast.tracker.swarm.Connection;
import dev.hivecast.tracker.swarm.LoopMessage;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The signaling loops of one node, by loop index, and their open connections by id: how one loop
 * hands work to another, how an answer from another node finds its offerer, and what /stats and
 * the metrics sum over. Created empty before the loops; each loop takes its slot when it starts.
 */
public final class Loops implements NodeLink.LocalLoops {

    private final int count;
    private final AtomicReferenceArray<SignalingLoop> started;
    private final ConcurrentHashMap<Long, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicLong lastConnectionId = new AtomicLong();
    private volatile boolean draining;

    public Loops(int count) {
        this.count = count;
        this.started = new AtomicReferenceArray<>(count);
    }

    /** How many loops the node runs (some may not have started yet). */
    public int count() {
        return count;
    }

    void started(SignalingLoop loop) {
        started.set(loop.loopIndex(), loop);
    }

    SignalingLoop get(int loopIndex) {
        return started.get(loopIndex);
    }

    /** The loops started so far, by index. */
    public List<SignalingLoop> all() {
        List<SignalingLoop> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SignalingLoop loop = started.get(i);
            if (loop != null) {
                all.add(loop);
            }
        }
        return all;
    }

    long nextConnectionId() {
        return lastConnectionId.incrementAndGet();
    }

    void opened(Connection connection) {
        connections.put(connection.id(), connection);
    }

    void closed(Connection connection) {
        connections.remove(connection.id(), connection);
    }

    @Override
    public Connection connection(long connectionId) {
        return connections.get(connectionId);
    }

    /** Work that arrived from another node (the link's entry point; loops use their outbox). */
    @Override
    public void post(int loopIndex, LoopMessage message) {
        SignalingLoop loop = started.get(loopIndex);
        if (loop != null) {
            loop.postFromOtherNode(message);
        }
    }

    /** Open connections, summed over the loops. */
    public int connectionCount() {
        int sum = 0;
        for (SignalingLoop loop : all()) {
            sum += loop.swarms().connectionCount();
        }
        return sum;
    }

    /**
     * After the info_hash lists changed: every loop removes the members of the swarms the
     * policy now refuses, on its own thread. Completes when every loop has.
     */
    public Future<Void> evictRefusedSwarms(InfoHashPolicy policy) {
        List<Future<Void>> done = new ArrayList<>();
        for (SignalingLoop loop : all()) {
            done.add(loop.evict(policy));
        }
        return Future.all(done).mapEmpty();
    }

    /** From now on new upgrades are refused and /ready says so. */
    public void startDraining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    /** Closes every loop's connections over {@code window}; completes when the last close is sent. */
    public Future<Void> closeConnections(Duration window) {
        List<Future<Void>> drains = new ArrayList<>();
        for (SignalingLoop loop : all()) {
            drains.add(loop.drain(window));
        }
        return Future.all(drains).mapEmpty();
    }
}
