package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.swarm.Drop;

/**
 * Outcome counters of one shard. Written only by the shard's event loop (so a plain increment of a
 * volatile is safe), read by anyone: /stats now, the metrics registry later.
 */
public final class ShardCounters {
    volatile long messagesIn;
    volatile long messagesOut;
    volatile long bytesIn;
    volatile long bytesOut;
    volatile long announces;
    volatile long answers;
    volatile long scrapes;
    volatile long failures;
    volatile long offersRelayed;
    volatile long answersRelayed;
    volatile long offersNoCandidate;
    volatile long answersUnpaired;
    volatile long answersUnknownPeer;
    volatile long sendQueueDrops;
    volatile long slowConsumerCloses;
    volatile long oversizeCloses;
    volatile long garbageCloses;
    volatile long idleCloses;
    volatile long connectionsOpened;
    volatile long connectionsClosed;
    volatile long expiredMembers;

    void dropped(Drop reason) {
        switch (reason) {
            case OFFER_NO_CANDIDATE -> offersNoCandidate++;
            case ANSWER_UNPAIRED -> answersUnpaired++;
            case ANSWER_UNKNOWN_PEER -> answersUnknownPeer++;
        }
    }

    public long messagesIn() { return messagesIn; }
    public long messagesOut() { return messagesOut; }
    public long bytesIn() { return bytesIn; }
    public long bytesOut() { return bytesOut; }
    public long announces() { return announces; }
    public long answers() { return answers; }
    public long scrapes() { return scrapes; }
    public long failures() { return failures; }
    public long offersRelayed() { return offersRelayed; }
    public long answersRelayed() { return answersRelayed; }
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
}
