package dev.hivecast.tracker.transport;

import io.vertx.core.Context;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work other loops (and other nodes) hand to one loop. It waits here and runs before the next
 * message the loop reads ({@link #runPending}), or in a task of its own if no message comes first.
 * Why not a plain task: Netty handles an iteration's socket reads before its queued tasks, so an
 * offer another loop relayed to a peer here could be overtaken by a message that peer (or anyone)
 * sent after the offer was handed over: the peer's scrape reply would then arrive before the
 * offer. This way a loop handles what it was given in the order it was given, whether it came
 * from a socket or from another loop. One task is queued per batch, not per message, so a busy
 * loop is woken once for many hand-overs.
 */
final class HandOvers {

    private static final Logger log = LoggerFactory.getLogger(HandOvers.class);

    private final Context context;
    private final int loopIndex;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean runScheduled = new AtomicBoolean();

    HandOvers(Context context, int loopIndex) {
        this.context = context;
        this.loopIndex = loopIndex;
    }

    /** Any thread: {@code work} runs later, on the loop. */
    void add(Runnable work) {
        waiting.offer(work);
        if (runScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> runAll());
        }
    }

    /**
     * On the loop, before a message it read. Usually nothing waits: then it is one read, and the
     * shared flag is left to the queued task, which always clears it (a hand-over that finds it
     * set relies on that task).
     */
    void runPending() {
        if (!waiting.isEmpty()) {
            runAll();
        }
    }

    private void runAll() {
        runScheduled.set(false); // a hand-over from now on schedules its own run
        for (Runnable work; (work = waiting.poll()) != null; ) {
            try {
                work.run();
            } catch (RuntimeException e) {
                // A bug must cost this one hand-over, never the ones queued behind it.
                log.error("loop {}: handed-over work failed", loopIndex, e);
            }
        }
    }
}
