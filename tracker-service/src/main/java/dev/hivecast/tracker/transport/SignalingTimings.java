package dev.hivecast.tracker.transport;

/**
 * Durations the signaling loops observe, handed to whoever records them (the metrics registry in
 * production, nothing in tests that do not care). Counts need no such hook: they live in
 * {@link LoopCounters} and are read when someone asks. Called on the loops' threads; an
 * implementation must not block and should not allocate.
 */
public interface SignalingTimings {

    /** What a timed message turned out to be. */
    enum MessageKind { ANNOUNCE, ANSWER, SCRAPE, INVALID }

    /**
     * One message in {@link #HANDLING_SAMPLE_EVERY}, from its bytes to the last write it caused on
     * this loop (waits for a fresh cluster view are not included).
     */
    void messageHandled(MessageKind kind, long nanos);

    /** A relayed offer was answered, {@code nanos} after it was relayed to the answerer. */
    void offerAnswered(long nanos);

    /** How late a loop ran a timer it had scheduled: time its queue made everything wait. */
    void loopDelay(long nanos);

    /** Messages timed: one in this many (a power of two), so the hot path rarely reads the clock. */
    int HANDLING_SAMPLE_EVERY = 8;

    SignalingTimings NONE = new SignalingTimings() {
        @Override
        public void messageHandled(MessageKind kind, long nanos) {
        }

        @Override
        public void offerAnswered(long nanos) {
        }

        @Override
        public void loopDelay(long nanos) {
        }
    };
}
