package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.JsonSlice;
import dev.hivecast.protocol.Offer;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.OutMessage;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.protocol.ScrapeRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Several loops of one node, run synchronously on the test thread: messages between loops are
 * queued and delivered by {@link #settle()}, so tests see exactly what each connection was sent.
 */
final class LoopHarness {

    final SliceDirectory directory;
    final List<LoopSwarms> loops = new ArrayList<>();
    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final Map<Drop, Integer> drops = new EnumMap<>(Drop.class);
    /** Offer-to-answer times the loops reported, in nanoseconds. */
    final List<Long> answeredAfter = new ArrayList<>();
    /** Work handed from loop to loop, oldest first, with the loop it is for. */
    private final ArrayDeque<InFlight> crossLoop = new ArrayDeque<>();
    private record InFlight(int loop, LoopMessage message) {
    }
    /**
     * True: every client call settles the cross-loop work it caused, as if the other loops were
     * infinitely fast. False: the work stays in flight until {@link #deliverNext} or
     * {@link #settle()}, so that tests choose how the loops interleave.
     */
    boolean autoSettle = true;
    /** Told of every offer when it leaves its offerer's loop (delivered there, or forwarded). */
    OfferWatcher offerWatcher = (infoHash, offerer, from) -> { };
    private boolean deliveringForwardedOffers;

    interface OfferWatcher {
        void relayed(InfoHash infoHash, PeerId offerer, Connection from);
    }
    private final List<Outbox> outboxes = new ArrayList<>();
    private long nextConnectionId;

    /** Where this node's messages to other nodes go (a {@link ClusterHarness} sets it). */
    NodeMailer mailer = (nodeId, message) -> {
        throw new AssertionError("a lone node sent " + message + " to node " + nodeId);
    };

    interface NodeMailer {
        void send(String nodeId, NodeMessage message);
    }

    LoopHarness(int loopCount, SwarmSettings settings) {
        this(loopCount, settings, RemoteSwarms.NONE);
    }

    LoopHarness(int loopCount, SwarmSettings settings, RemoteSwarms remote) {
        this(loopCount, settings, remote, null);
    }

    /** A node of a cluster whose peer_id claims {@code peerIds} decides (null: a lone node). */
    LoopHarness(int loopCount, SwarmSettings settings, RemoteSwarms remote, ClusterPeerIds peerIds) {
        directory = new SliceDirectory(loopCount, true, peerIds);
        SplittableRandom seeds = new SplittableRandom(42);
        for (int i = 0; i < loopCount; i++) {
            loops.add(new LoopSwarms(i, directory, remote, settings, clock::get, seeds.split()));
            outboxes.add(new RecordingOutbox());
        }
    }

    /** Runs work another node sent to loop {@code loop}, as the transport would. */
    void receive(int loop, LoopMessage message) {
        loops.get(loop).receive(message, outboxes.get(loop));
    }

    LoopHarness(int loopCount) {
        this(loopCount, SwarmSettings.DEFAULTS);
    }

    /** A test client: one connection on one loop, with everything it was sent. */
    final class Client implements MessageWriter {
        final Connection connection;
        final List<OutMessage> received = new ArrayList<>();

        Client(int loop, String address) {
            this(loop, address, dev.hivecast.tracker.locality.Locality.NONE);
        }

        Client(int loop, String address, dev.hivecast.tracker.locality.Locality locality) {
            connection = new Connection(++nextConnectionId, address, loop,
                    SwarmSettings.DEFAULTS.connection().maxPendingOffers(), this, locality);
            loops.get(loop).open(connection);
        }

        LoopSwarms loop() {
            return loops.get(connection.loop());
        }

        Client announce(AnnounceRequest request) {
            loop().handleAnnounce(connection, request, outboxes.get(connection.loop()));
            settleIfAuto();
            return this;
        }

        Client answer(AnswerRequest request) {
            loop().handleAnswer(connection, request, outboxes.get(connection.loop()));
            settleIfAuto();
            return this;
        }

        Client scrape(ScrapeRequest request) {
            loop().handleScrape(connection, request, outboxes.get(connection.loop()));
            settleIfAuto();
            return this;
        }

        void close() {
            loop().close(connection);
            settleIfAuto();
        }

        @Override
        public boolean write(OutMessage message) {
            return received.add(message);
        }

        <T extends OutMessage> List<T> received(Class<T> type) {
            return received.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends OutMessage> T last(Class<T> type) {
            List<T> all = received(type);
            if (all.isEmpty()) {
                throw new AssertionError("no " + type.getSimpleName() + " received; got " + received);
            }
            return all.get(all.size() - 1);
        }

        void forget() {
            received.clear();
        }
    }

    Client client(int loop) {
        return new Client(loop, "10.0.0." + (nextConnectionId + 1));
    }

    Client client(int loop, String address) {
        return new Client(loop, address);
    }

    /** A client whose connection is at {@code locality}. */
    Client client(int loop, dev.hivecast.tracker.locality.Locality locality) {
        return new Client(loop, "10.0.0." + (nextConnectionId + 1), locality);
    }

    private void settleIfAuto() {
        if (autoSettle) {
            settle();
        }
    }

    /** Handles the oldest work in flight for {@code loop}; false when there is none. */
    boolean deliverNext(int loop) {
        for (var it = crossLoop.iterator(); it.hasNext(); ) {
            InFlight f = it.next();
            if (f.loop() == loop) {
                it.remove();
                run(f);
                return true;
            }
        }
        return false;
    }

    /** Whether a takeover or its handover is on its way between loops. */
    boolean takeOverInFlight() {
        return crossLoop.stream().anyMatch(f -> f.message() instanceof LoopMessage.TakeOver
                || f.message() instanceof LoopMessage.HandedOver);
    }

    /**
     * Whether a takeover of {@code previous}'s ({@code infoHash}, {@code peerId}) is under way:
     * on its way to {@code previous}'s loop, or waiting there for {@code previous}'s own takeover.
     */
    boolean takeOverUnderWay(InfoHash infoHash, PeerId peerId, Connection previous) {
        for (InFlight f : crossLoop) {
            if (f.message() instanceof LoopMessage.TakeOver t && t.previousConnection() == previous
                    && t.infoHash().equals(infoHash) && t.peerId().equals(peerId)) {
                return true;
            }
        }
        return previous.takeOverWaits(infoHash, peerId);
    }

    private void run(InFlight f) {
        deliveringForwardedOffers = f.message() instanceof LoopMessage.ForwardedOffers;
        try {
            loops.get(f.loop()).receive(f.message(), outboxes.get(f.loop()));
        } finally {
            deliveringForwardedOffers = false;
        }
    }

    /** Runs queued cross-loop work until none is left (bounded: a loop would be a bug). */
    void settle() {
        for (int i = 0; i < 10_000 && !crossLoop.isEmpty(); i++) {
            run(crossLoop.poll());
        }
        if (!crossLoop.isEmpty()) {
            throw new AssertionError("cross-loop messages never settle");
        }
    }

    void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    int drops(Drop reason) {
        return drops.getOrDefault(reason, 0);
    }

    private final class RecordingOutbox implements Outbox {
        @Override
        public void send(Connection to, OutMessage message) {
            if (message instanceof OfferMessage o && !deliveringForwardedOffers
                    && to.pendingOffers().peek(o.offerId()).origin() instanceof OfferOrigin.Local origin) {
                offerWatcher.relayed(o.infoHash(), o.peerId(), origin.connection());
            }
            if (to.isOpen()) {
                to.writer().write(message);
            }
        }

        @Override
        public void toLoop(int loop, LoopMessage message) {
            if (message instanceof LoopMessage.ForwardedOffers f && f.origin() instanceof OfferOrigin.Local origin) {
                offerWatcher.relayed(f.infoHash(), f.offerer(), origin.connection());
            }
            crossLoop.add(new InFlight(loop, message));
        }

        @Override
        public void toNode(String nodeId, NodeMessage message) {
            mailer.send(nodeId, message);
        }

        @Override
        public void dropped(Drop reason) {
            drops.merge(reason, 1, Integer::sum);
        }

        @Override
        public void offerAnswered(long nanosSinceOffer) {
            answeredAfter.add(nanosSinceOffer);
        }

        @Override
        public void offerAt(int level) {
            offersAtLevel[level]++;
        }
    }

    /** Offers relayed with locality on, by LocalityLevel ordinal. */
    final int[] offersAtLevel = new int[5];

    // ---- request builders ----

    private static final SplittableRandom ids = new SplittableRandom(7);

    static InfoHash infoHash() {
        return new InfoHash(randomBytes());
    }

    static PeerId peerId() {
        return new PeerId(randomBytes());
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[20];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ids.nextInt(256);
        }
        return b;
    }

    static List<Offer> offers(int n) {
        List<Offer> offers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            offers.add(new Offer("offer-" + ids.nextInt(1_000_000_000), JsonSlice.of("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n" + i + "\"}")));
        }
        return offers;
    }

    static AnnounceRequest started(InfoHash ih, PeerId peer) {
        return new AnnounceRequest(ih, peer, Event.STARTED, false, AnnounceRequest.NUMWANT_ABSENT, List.of());
    }

    static AnnounceRequest startedWithOffers(InfoHash ih, PeerId peer, int offers) {
        return new AnnounceRequest(ih, peer, Event.STARTED, false, offers, offers(offers));
    }

    static AnnounceRequest announce(InfoHash ih, PeerId peer, Event event, boolean complete, int numwant, List<Offer> offers) {
        return new AnnounceRequest(ih, peer, event, complete, numwant, offers);
    }

    static AnswerRequest answer(InfoHash ih, PeerId answerer, PeerId offerer, String offerId) {
        return new AnswerRequest(ih, answerer, offerer, offerId, JsonSlice.of("{\"type\":\"answer\",\"sdp\":\"v=0\"}"));
    }

    static ScrapeRequest scrape(InfoHash... hashes) {
        return new ScrapeRequest(List.of(hashes), false);
    }
}
