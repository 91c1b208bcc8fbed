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
 * Several shards of one node, run synchronously on the test thread: messages between shards are
 * queued and delivered by {@link #settle()}, so tests see exactly what each session was sent.
 */
final class LoopHarness {

    final SliceDirectory directory;
    final List<LoopSwarms> shards = new ArrayList<>();
    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final Map<Drop, Integer> drops = new EnumMap<>(Drop.class);
    /** Offer-to-answer times the shards reported, in nanoseconds. */
    final List<Long> answeredAfter = new ArrayList<>();
    /** Work handed from shard to shard, oldest first, with the shard it is for. */
    private final ArrayDeque<InFlight> crossShard = new ArrayDeque<>();
    private record InFlight(int shard, LoopMessage message) {
    }
    /**
     * True: every client call settles the cross-shard work it caused, as if the other loops were
     * infinitely fast. False: the work stays in flight until {@link #deliverNext} or
     * {@link #settle()}, so that tests choose how the loops interleave.
     */
    boolean autoSettle = true;
    /** Told of every offer when it leaves its offerer's shard (delivered there, or forwarded). */
    OfferWatcher offerWatcher = (infoHash, offerer, from) -> { };
    private boolean deliveringForwardedOffers;

    interface OfferWatcher {
        void relayed(InfoHash infoHash, PeerId offerer, Connection from);
    }
    private final List<Outbox> outboxes = new ArrayList<>();
    private long nextSessionId;

    /** Where this node's messages to other nodes go (a {@link ClusterHarness} sets it). */
    NodeMailer mailer = (nodeId, message) -> {
        throw new AssertionError("a lone node sent " + message + " to node " + nodeId);
    };

    interface NodeMailer {
        void send(String nodeId, NodeMessage message);
    }

    LoopHarness(int shardCount, SwarmSettings settings) {
        this(shardCount, settings, RemoteSwarms.NONE);
    }

    LoopHarness(int shardCount, SwarmSettings settings, RemoteSwarms remote) {
        directory = new SliceDirectory(shardCount, true);
        SplittableRandom seeds = new SplittableRandom(42);
        for (int i = 0; i < shardCount; i++) {
            shards.add(new LoopSwarms(i, directory, remote, settings, clock::get, seeds.split()));
            outboxes.add(new RecordingOutbox());
        }
    }

    /** Runs work another node sent to shard {@code shard}, as the transport would. */
    void receive(int shard, LoopMessage message) {
        shards.get(shard).receive(message, outboxes.get(shard));
    }

    LoopHarness(int shardCount) {
        this(shardCount, SwarmSettings.DEFAULTS);
    }

    /** A test client: one connection on one shard, with everything it was sent. */
    final class Client implements MessageWriter {
        final Connection session;
        final List<OutMessage> received = new ArrayList<>();

        Client(int shard, String address) {
            session = new Connection(++nextSessionId, address, shard, SwarmSettings.DEFAULTS.maxPendingOffers(), this);
            shards.get(shard).open(session);
        }

        LoopSwarms shard() {
            return shards.get(session.loop());
        }

        Client announce(AnnounceRequest request) {
            shard().handleAnnounce(session, request, outboxes.get(session.loop()));
            settleIfAuto();
            return this;
        }

        Client answer(AnswerRequest request) {
            shard().handleAnswer(session, request, outboxes.get(session.loop()));
            settleIfAuto();
            return this;
        }

        Client scrape(ScrapeRequest request) {
            shard().handleScrape(session, request, outboxes.get(session.loop()));
            settleIfAuto();
            return this;
        }

        void close() {
            shard().close(session);
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

    Client client(int shard) {
        return new Client(shard, "10.0.0." + (nextSessionId + 1));
    }

    Client client(int shard, String address) {
        return new Client(shard, address);
    }

    private void settleIfAuto() {
        if (autoSettle) {
            settle();
        }
    }

    /** Handles the oldest work in flight for {@code shard}; false when there is none. */
    boolean deliverNext(int shard) {
        for (var it = crossShard.iterator(); it.hasNext(); ) {
            InFlight f = it.next();
            if (f.shard() == shard) {
                it.remove();
                run(f);
                return true;
            }
        }
        return false;
    }

    /** Whether a takeover or its handover is on its way between shards. */
    boolean takeOverInFlight() {
        return crossShard.stream().anyMatch(f -> f.message() instanceof LoopMessage.TakeOver
                || f.message() instanceof LoopMessage.HandedOver);
    }

    /**
     * Whether a takeover of {@code previous}'s ({@code infoHash}, {@code peerId}) is under way:
     * on its way to {@code previous}'s shard, or waiting there for {@code previous}'s own takeover.
     */
    boolean takeOverUnderWay(InfoHash infoHash, PeerId peerId, Connection previous) {
        for (InFlight f : crossShard) {
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
            shards.get(f.shard()).receive(f.message(), outboxes.get(f.shard()));
        } finally {
            deliveringForwardedOffers = false;
        }
    }

    /** Runs queued cross-shard work until none is left (bounded: a loop would be a bug). */
    void settle() {
        for (int i = 0; i < 10_000 && !crossShard.isEmpty(); i++) {
            run(crossShard.poll());
        }
        if (!crossShard.isEmpty()) {
            throw new AssertionError("cross-shard messages never settle");
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
        public void toLoop(int shard, LoopMessage message) {
            if (message instanceof LoopMessage.ForwardedOffers f && f.origin() instanceof OfferOrigin.Local origin) {
                offerWatcher.relayed(f.infoHash(), f.offerer(), origin.connection());
            }
            crossShard.add(new InFlight(shard, message));
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
    }

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
