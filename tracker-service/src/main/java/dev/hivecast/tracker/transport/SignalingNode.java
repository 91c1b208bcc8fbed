package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.access.InfoHashPolicy;
import dev.hivecast.tracker.access.RefusalCounters;
import dev.hivecast.tracker.access.UpgradeGate;
import dev.hivecast.tracker.nodes.ClusterView;
import dev.hivecast.tracker.nodes.NodeLink;
import dev.hivecast.tracker.limits.ClientAddresses;
import dev.hivecast.tracker.limits.ClientTable;
import dev.hivecast.tracker.limits.ConnectionLimits;
import dev.hivecast.tracker.limits.LimitSettings;
import dev.hivecast.tracker.swarm.MembershipLimits;
import dev.hivecast.protocol.TrackerCodec;
import dev.hivecast.tracker.swarm.Connection;
import dev.hivecast.tracker.swarm.RemoteSwarms;
import dev.hivecast.tracker.swarm.LoopMessage;
import dev.hivecast.tracker.swarm.SliceDirectory;
import dev.hivecast.tracker.swarm.SwarmSettings;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * What the signaling event loops of one process share: the swarm directory, the codec, the
 * loops themselves (so one can hand work to another), the open connections by id (so an answer
 * from another node finds its offerer), the link to the other nodes and the draining flag.
 */
public final class SignalingNode implements NodeLink.Shards {

    private final int loops;
    private final SliceDirectory directory;
    private final RemoteSwarms remote;
    private final ClusterView clusterView;
    private final NodeLink nodeLink;
    private final ConcurrentHashMap<Long, Connection> sessions = new ConcurrentHashMap<>();
    private final SwarmSettings swarmSettings;
    private final TransportSettings transportSettings;
    private final TrackerCodec codec;
    private final AtomicReferenceArray<SignalingLoop> verticles;
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final AtomicLong nextSessionId = new AtomicLong();
    private final long startedAtMillis = System.currentTimeMillis();
    private final InfoHashPolicy infoHashPolicy = new InfoHashPolicy();
    private final RefusalCounters refusals = new RefusalCounters();
    private volatile UpgradeGate upgradeGate = UpgradeGate.OPEN;
    private volatile LimitSettings limits = LimitSettings.NONE;
    private volatile ClientTable clients = new ClientTable(LimitSettings.NONE);
    private volatile ConnectionLimits connectionLimits = new ConnectionLimits(LimitSettings.NONE, clients);
    private volatile ClientAddresses clientAddresses = new ClientAddresses(limits.trustedProxies());
    private volatile MembershipLimits membershipLimits = MembershipLimits.NONE;
    private volatile PemKeyCertOptions tlsKeyCert;
    private volatile boolean draining;
    private volatile SignalingTimings timings = SignalingTimings.NONE;
    private volatile Supplier<JsonObject> clusterStatus = () -> new JsonObject().put("backend", "local");

    /** One node alone: no cluster. */
    public SignalingNode(int loops, SwarmSettings swarmSettings, TransportSettings transportSettings, TrackerCodec codec) {
        this(new SliceDirectory(loops), null, null, swarmSettings, transportSettings, codec);
    }

    /**
     * A node of a cluster when {@code clusterView} and {@code nodeLink} are given.
     *
     * @param directory one slot per event loop
     */
    public SignalingNode(SliceDirectory directory, ClusterView clusterView, NodeLink nodeLink,
                         SwarmSettings swarmSettings, TransportSettings transportSettings, TrackerCodec codec) {
        this.loops = directory.shards();
        this.directory = directory;
        this.clusterView = clusterView;
        this.remote = clusterView == null ? RemoteSwarms.NONE : clusterView;
        this.nodeLink = nodeLink;
        this.swarmSettings = swarmSettings;
        this.transportSettings = transportSettings;
        this.codec = codec;
        this.verticles = new AtomicReferenceArray<>(loops);
    }

    /** One verticle per event loop; deploy exactly {@link #loops()} of them. */
    public SignalingLoop newVerticle() {
        return new SignalingLoop(this, nextIndex.getAndIncrement());
    }

    public int loops() {
        return loops;
    }

    public SliceDirectory directory() {
        return directory;
    }

    RemoteSwarms remoteSwarms() {
        return remote;
    }

    /** The cache of other nodes' counts, or null on a lone node. */
    ClusterView clusterView() {
        return clusterView;
    }

    /** The link to other nodes, or null on a lone node. */
    NodeLink nodeLink() {
        return nodeLink;
    }

    void opened(Connection session) {
        sessions.put(session.id(), session);
    }

    void closed(Connection session) {
        sessions.remove(session.id(), session);
    }

    @Override
    public Connection session(long sessionId) {
        return sessions.get(sessionId);
    }

    /** Work that arrived from another node (the link's entry point; shards use their outbox). */
    @Override
    public void post(int shard, LoopMessage message) {
        SignalingLoop v = verticles.get(shard);
        if (v != null) {
            v.postFromOtherNode(message);
        }
    }

    /** Which info_hashes this node serves; the reloader updates it in place. */
    public InfoHashPolicy infoHashPolicy() {
        return infoHashPolicy;
    }

    /** Upgrades refused by the gate, by reason. */
    public RefusalCounters refusals() {
        return refusals;
    }

    UpgradeGate upgradeGate() {
        return upgradeGate;
    }

    /** The checks made before an upgrade is accepted; set before the loops are deployed. */
    public void upgradeGate(UpgradeGate gate) {
        this.upgradeGate = gate;
    }

    /** What one client may cost (connections, rates, swarms); set before the loops are deployed. */
    public void limits(LimitSettings settings) {
        this.limits = settings;
        this.clients = new ClientTable(settings);
        this.connectionLimits = new ConnectionLimits(settings, clients);
        this.clientAddresses = new ClientAddresses(settings.trustedProxies());
        this.membershipLimits = new MembershipLimits(settings.maxSwarmsPerConnection(),
                settings.maxPeerIdsPerConnection());
    }

    LimitSettings limits() {
        return limits;
    }

    /** Per-IP state; its sweep forgets idle IPs. */
    public ClientTable clients() {
        return clients;
    }

    public ConnectionLimits connectionLimits() {
        return connectionLimits;
    }

    ClientAddresses clientAddresses() {
        return clientAddresses;
    }

    MembershipLimits membershipLimits() {
        return membershipLimits;
    }

    /** The certificate to serve wss:// with; null (the default) for plain ws://. Set before deploying. */
    public void tls(PemKeyCertOptions keyCert) {
        this.tlsKeyCert = keyCert;
    }

    PemKeyCertOptions tls() {
        return tlsKeyCert;
    }

    /**
     * After the info_hash lists changed: every loop removes the members of the swarms the
     * policy now refuses, on its own thread. Completes when every loop has.
     */
    public Future<Void> evictRefusedSwarms() {
        List<Future<Void>> done = new ArrayList<>();
        for (SignalingLoop v : verticles()) {
            done.add(v.evict(infoHashPolicy));
        }
        return Future.all(done).mapEmpty();
    }

    /** Where the loops report durations; set before the loops are deployed. */
    public void timings(SignalingTimings timings) {
        this.timings = timings;
    }

    SignalingTimings timings() {
        return timings;
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

    void register(int index, SignalingLoop verticle) {
        verticles.set(index, verticle);
    }

    SignalingLoop verticle(int index) {
        return verticles.get(index);
    }

    public List<SignalingLoop> verticles() {
        List<SignalingLoop> all = new ArrayList<>(loops);
        for (int i = 0; i < loops; i++) {
            SignalingLoop v = verticles.get(i);
            if (v != null) {
                all.add(v);
            }
        }
        return all;
    }

    /** The cluster part of /stats. */
    public JsonObject clusterStatus() {
        return clusterStatus.get();
    }

    public void clusterStatus(Supplier<JsonObject> status) {
        this.clusterStatus = status;
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
