package dev.hivecast.tracker.it;

import dev.hivecast.protocol.ClientAnnounce;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One tracker per test class, started with the class's flags and stopped after its last test.
 * Every connection a test opens is closed after it, and the next test starts only once the
 * tracker has cleaned them all up, so each test sees a tracker with no connections.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TrackerTestBase {

    protected RunningTracker tracker;
    protected Clients clients;
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** Flags added to {@code --host 127.0.0.1 --port 0 --event-loops 2}. */
    protected String[] flags() {
        return new String[0];
    }

    @BeforeAll
    void startTracker() {
        tracker = RunningTracker.start(flags());
        clients = new Clients();
    }

    @AfterAll
    void stopTracker() throws Exception {
        try {
            clients.close();
        } finally {
            tracker.close();
        }
    }

    @AfterEach
    void closeConnections() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        opened.clear();
        tracker.awaitConnections(0);
    }

    protected Peer peer() {
        return peer("/");
    }

    /** Closes {@code connection} after the test, with the ones the helpers opened. */
    protected <T extends AutoCloseable> T track(T connection) {
        opened.add(connection);
        return connection;
    }

    protected Peer peer(String path) {
        Peer p = clients.connect(tracker.port(), path);
        opened.add(p);
        return p;
    }

    /** A peer connected to the tracker at {@code host}: 127.0.0.1, or [::1] for IPv6. */
    protected Peer peerAt(String host) {
        Peer p = clients.connect(host, tracker.port(), "/");
        opened.add(p);
        return p;
    }

    /** A peer that has joined the swarm with {@code started}. */
    protected Peer member(String infoHash, String peerId) {
        Peer p = peer();
        p.announce(ClientAnnounce.started(infoHash, peerId).toString());
        return p;
    }

    protected RawWebSocket raw() {
        return raw(Map.of(), 0);
    }

    /** A raw upgrade to {@code path} with exactly these headers (no Origin unless given). */
    protected RawWebSocket raw(String path, Map<String, String> headers) {
        RawWebSocket r = RawWebSocket.connect(tracker.port(), path, headers, 0);
        opened.add(r);
        return r;
    }

    /** One sample of the tracker's /metrics, e.g. {@code metric("tracker_failures_total", "reason", "x")}. */
    protected double metric(String name, String... labelPairs) {
        return PrometheusText.parse(tracker.get("/metrics").body()).value(name, labelPairs);
    }

    protected RawWebSocket raw(Map<String, String> headers, int receiveBuffer) {
        RawWebSocket r = RawWebSocket.connect(tracker.port(), "/", headers, receiveBuffer);
        opened.add(r);
        return r;
    }
}
