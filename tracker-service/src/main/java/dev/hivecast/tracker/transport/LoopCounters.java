package dev.hivecast.tracker.transport;

import dev.hivecast.protocol.Event;
import dev.hivecast.tracker.insight.OfferCandidates;
import dev.hivecast.tracker.limits.RateKind;
import dev.hivecast.tracker.limits.RateScope;
import dev.hivecast.tracker.swarm.Drop;
import dev.hivecast.tracker.swarm.Outcome;

/**
 * The counters of one event loop. Written only by that loop (so a plain increment of a
 * volatile is safe), read by anyone: /stats and the metrics registry, which reads them when it is
 * scraped, so the hot path pays one increment per outcome and nothing else.
 */
public final class LoopCounters {
    volatile long messagesIn;
    volatile long messagesOut;
    volatile long bytesIn;
    volatile long bytesOut;
    /** Relayed to a socket here, the offerer (answerer) on this node. */
    volatile long offersRelayedLocal;
    volatile long answersRelayedLocal;
    /** Relayed to a socket here on behalf of a peer on another node. */
    volatile long offersFromOtherNodes;
    volatile long answersFromOtherNodes;
    volatile long announcesStarted;
    volatile long announcesCompleted;
    volatile long announcesStopped;
    volatile long announcesUpdate;
    volatile long offersAnswered;
    volatile long offersExpired;
    volatile long offersQueueFull;
    volatile long answersQueueFull;
    volatile long membersEvicted;
    volatile long clientCloses;
    volatile long drainCloses;
    volatile long protocolCloses;
    volatile long offersNoCandidate;
    volatile long answersUnpaired;
    volatile long answersUnknownPeer;
    volatile long sendQueueDrops;
    /** With locality on, by LocalityLevel ordinal: offers relayed, answered, and their answer times. */
    final long[] offersAtLevel = new long[5];
    final long[] answeredAtLevel = new long[5];
    final long[] answerNanosAtLevel = new long[5];
    volatile long slowConsumerCloses;
    volatile long oversizeCloses;
    volatile long garbageCloses;
    volatile long idleCloses;
    volatile long connectionsOpened;
    volatile long connectionsClosed;
    volatile long expiredMembers;
    volatile long rateLimitedCloses;
    volatile long slowMessageCloses;
    /** Pongs replaced by the pong for a newer ping while the client did not read (ControlFrames). */
    volatile long pongsCoalesced;
    /** The ICE candidate kinds of the offers relayed to this loop's sockets (insight.ice-candidates). */
    final OfferCandidates offerCandidates = new OfferCandidates();
    /** What became of the loop's messages, by {@link Outcome} ordinal. */
    private final long[] outcomes = new long[Outcome.values().length];
    /** Messages over a rate, by {@link RateKind} x {@link RateScope} (kind-major). */
    private final long[] overRate = new long[RateKind.values().length * RateScope.values().length];

    void countOverRate(RateKind kind, RateScope scope) {
        overRate[kind.ordinal() * RateScope.values().length + scope.ordinal()]++;
    }

    void count(Outcome outcome) {
        outcomes[outcome.ordinal()]++;
    }

    /** Read from any thread: a stale value is fine for a counter read by scrapes. */
    public long outcome(Outcome outcome) {
        return outcomes[outcome.ordinal()];
    }

    /** Messages refused with a failure reason, whatever the reason. */
    public long refusals() {
        long sum = 0;
        for (Outcome o : Outcome.values()) {
            if (o.refused()) {
                sum += outcomes[o.ordinal()];
            }
        }
        return sum;
    }

    /** Read from any thread: a stale value is fine for a counter read by scrapes. */
    public long overRate(RateKind kind, RateScope scope) {
        return overRate[kind.ordinal() * RateScope.values().length + scope.ordinal()];
    }

    void announced(Event event) {
        switch (event) {
            case STARTED -> announcesStarted++;
            case COMPLETED -> announcesCompleted++;
            case STOPPED -> announcesStopped++;
            case UPDATE -> announcesUpdate++;
        }
    }

    void dropped(Drop reason) {
        switch (reason) {
            case OFFER_NO_CANDIDATE -> offersNoCandidate++;
            case OFFER_EXPIRED -> offersExpired++;
            case ANSWER_UNPAIRED -> answersUnpaired++;
            case ANSWER_UNKNOWN_PEER -> answersUnknownPeer++;
        }
    }

    public long messagesIn() { return messagesIn; }
    public long messagesOut() { return messagesOut; }
    public long bytesIn() { return bytesIn; }
    public long bytesOut() { return bytesOut; }
    /** Every offer written to a socket of this loop, wherever the offerer is. */
    public long offersRelayed() { return offersRelayedLocal + offersFromOtherNodes; }
    /** Every answer written to a socket of this loop, wherever the answerer is. */
    public long answersRelayed() { return answersRelayedLocal + answersFromOtherNodes; }
    public long offersRelayedLocal() { return offersRelayedLocal; }
    public long answersRelayedLocal() { return answersRelayedLocal; }
    public long offersFromOtherNodes() { return offersFromOtherNodes; }
    public long answersFromOtherNodes() { return answersFromOtherNodes; }
    public long announcesStarted() { return announcesStarted; }
    public long announcesCompleted() { return announcesCompleted; }
    public long announcesStopped() { return announcesStopped; }
    public long announcesUpdate() { return announcesUpdate; }
    public long offersAnswered() { return offersAnswered; }
    public long offersExpired() { return offersExpired; }
    public long offersQueueFull() { return offersQueueFull; }
    public long answersQueueFull() { return answersQueueFull; }
    public long membersEvicted() { return membersEvicted; }
    public long clientCloses() { return clientCloses; }
    public long drainCloses() { return drainCloses; }
    public long protocolCloses() { return protocolCloses; }
    public long offersNoCandidate() { return offersNoCandidate; }
    public long answersUnpaired() { return answersUnpaired; }
    public long answersUnknownPeer() { return answersUnknownPeer; }
    public long sendQueueDrops() { return sendQueueDrops; }
    public long slowConsumerCloses() { return slowConsumerCloses; }
    public long oversizeCloses() { return oversizeCloses; }
    public long garbageCloses() { return garbageCloses; }
    public long idleCloses() { return idleCloses; }
    public long connectionsOpened() { return connectionsOpened; }
    public long connectionsClosed() { return connectionsClosed; }
    public long expiredMembers() { return expiredMembers; }
    public long rateLimitedCloses() { return rateLimitedCloses; }
    public long slowMessageCloses() { return slowMessageCloses; }
    public long pongsCoalesced() { return pongsCoalesced; }
    public OfferCandidates offerCandidates() { return offerCandidates; }
    public long offersAtLevel(int level) { return offersAtLevel[level]; }
    public long answeredAtLevel(int level) { return answeredAtLevel[level]; }
    public long answerNanosAtLevel(int level) { return answerNanosAtLevel[level]; }
}
