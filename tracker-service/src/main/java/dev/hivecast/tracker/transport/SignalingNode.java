package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.protocol.TrackerCodec;
import dev.hivecast.tracker.swarm.SwarmDirectory;
import dev.hivecast.tracker.swarm.SwarmSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the signaling event loops of one process share: the swarm directory, the codec, the
 * loops themselves (so one can hand work to another) and the draining flag.
 */
public final class SignalingNode {

    private final int loops;
    private final SwarmDirectory directory;
    private final SwarmSettings swarmSettings;
    private final TransportSettings transportSettings;
    private final TrackerCodec codec;
    private final AtomicReferenceArray<SignalingVerticle> verticles;
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final AtomicLong nextSessionId = new AtomicLong();
    private final long startedAtMillis = System.currentTimeMillis();
    private volatile boolean draining;

    public SignalingNode(int loops, SwarmSettings swarmSettings, TransportSettings transportSettings, TrackerCodec codec) {
        this.loops = loops;
        this.directory = new SwarmDirectory(loops);
        this.swarmSettings = swarmSettings;
        this.transportSettings = transportSettings;
        this.codec = codec;
        this.verticles = new AtomicReferenceArray<>(loops);
    }

    /** One verticle per event loop; deploy exactly {@link #loops()} of them. */
    public SignalingVerticle newVerticle() {
        return new SignalingVerticle(this, nextIndex.getAndIncrement());
    }

    public int loops() {
        return loops;
    }

    public SwarmDirectory directory() {
        return directory;
    }

    SwarmSettings swarmSettings() {
        return swarmSettings;
    }

    TransportSettings transportSettings() {
        return transportSettings;
    }

    TrackerCodec codec() {
        return codec;
    }

    long nextSessionId() {
        return nextSessionId.incrementAndGet();
    }

    void register(int index, SignalingVerticle verticle) {
        verticles.set(index, verticle);
    }

    SignalingVerticle verticle(int index) {
        return verticles.get(index);
    }

    public List<SignalingVerticle> verticles() {
        List<SignalingVerticle> all = new ArrayList<>(loops);
        for (int i = 0; i < loops; i++) {
            SignalingVerticle v = verticles.get(i);
            if (v != null) {
                all.add(v);
            }
        }
        return all;
    }

    public boolean isDraining() {
        return draining;
    }

    public void startDraining() {
        draining = true;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }
}
