package dev.hivecast.tracker.it;

import java.util.concurrent.atomic.AtomicLong;

/** Fresh 20-character ASCII ids, unique within the JVM, so no two tests share a swarm. */
public final class Ids {

    private static final AtomicLong NEXT = new AtomicLong(1);

    private Ids() {
    }

    public static String infoHash() {
        return String.format("it-ih-%014d", NEXT.getAndIncrement());
    }

    /** Shaped like P2P Media Loader's: {@code -PM0203-} and twelve more characters. */
    public static String peerId() {
        return String.format("-IT0001-%012d", NEXT.getAndIncrement());
    }

    public static String offerId() {
        return String.format("it-offer-%011d", NEXT.getAndIncrement());
    }
}
