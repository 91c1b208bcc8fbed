package dev.hivecast.loadtest;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Everything the generator counts, from every event loop: message counters, failure texts,
 * and two latency histograms (microseconds). {@link #snapshot()} freezes the counters so the
 * window can be reported as a difference of two snapshots.
 */
final class LoadStats {

    /** Latencies above a minute are clamped to it; a relay that slow has failed anyway. */
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(1);

    final LongAdder connectionsOpened = new LongAdder();
    final LongAdder connectionsFailed = new LongAdder();
    final LongAdder connectionsClosed = new LongAdder();
    final LongAdder unexpectedCloses = new LongAdder();
    final LongAdder announcesSent = new LongAdder();
    final LongAdder repliesReceived = new LongAdder();
    final LongAdder offersReceived = new LongAdder();
    final LongAdder answersSent = new LongAdder();
    final LongAdder answersReceived = new LongAdder();
    final LongAdder answersUnmatched = new LongAdder();
    /** Offers a viewer stopped waiting for: each holds at most max(64, 8 K) unanswered ones. */
    final LongAdder offersForgotten = new LongAdder();
    final LongAdder failuresReceived = new LongAdder();
    final LongAdder otherReceived = new LongAdder();
    final LongAdder unparseableReceived = new LongAdder();
    final LongAdder sendsSkipped = new LongAdder();
    /** Rendition switches: each one a stopped and a started announce. */
    final LongAdder switches = new LongAdder();
    /** Churn and storms ({@link ChurnOptions}). */
    final LongAdder leaves = new LongAdder();
    final LongAdder joins = new LongAdder();
    final LongAdder drops = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder reconnectsFailed = new LongAdder();
    /** Offers for a rendition the viewer had left, not answered (P2P Media Loader has destroyed that client). */
    final LongAdder offersForOldRendition = new LongAdder();

    /** Offers by the sender's network, when the peers are spread over networks; else null. */
    private final NetworkTally networks;
    private final Map<String, LongAdder> failureReasons = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> connectErrors = new ConcurrentHashMap<>();
    private final Histogram announceRtt = new SynchronizedHistogram(MAX_MICROS, 3);
    private final Histogram offerToAnswer = new SynchronizedHistogram(MAX_MICROS, 3);

    LoadStats() {
        this(null);
    }

    LoadStats(NetworkTally networks) {
        this.networks = networks;
    }

    NetworkTally networks() {
        return networks;
    }

    /** The counters at one instant; {@code networks} is null when the peers are not spread over networks. */
    record Snapshot(long nanoTime, long cpuNanos, long open, long opened, long failed, long unexpectedCloses,
                    long announces, long replies, long offersIn, long answersOut, long answersIn,
                    long answersUnmatched, long offersForgotten, long failures, long other, long unparseable,
                    long sendsSkipped, long switches, long offersForOldRendition, NetworkTally.Counts networks) {

        /** Messages the generator sent, which is what the tracker received. */
        long sent() {
            return announces + answersOut;
        }

        /** Messages the generator received, which is what the tracker sent. */
        long received() {
            return replies + offersIn + answersIn + failures + other + unparseable;
        }

        /** Offers and answers the tracker delivered. */
        long relayed() {
            return offersIn + answersIn;
        }

        Snapshot minus(Snapshot o) {
            return new Snapshot(nanoTime - o.nanoTime, cpuNanos - o.cpuNanos, open, opened - o.opened,
                    failed - o.failed, unexpectedCloses - o.unexpectedCloses, announces - o.announces,
                    replies - o.replies, offersIn - o.offersIn, answersOut - o.answersOut, answersIn - o.answersIn,
                    answersUnmatched - o.answersUnmatched, offersForgotten - o.offersForgotten,
                    failures - o.failures, other - o.other, unparseable - o.unparseable, sendsSkipped - o.sendsSkipped,
                    switches - o.switches, offersForOldRendition - o.offersForOldRendition,
                    networks == null ? null : networks.minus(o.networks));
        }
    }

    void recordAnnounceRtt(long nanos) {
        announceRtt.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1000)));
    }

    void recordOfferToAnswer(long nanos) {
        offerToAnswer.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1000)));
    }

    void failure(String reason) {
        failuresReceived.increment();
        failureReasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void connectError(Throwable e) {
        connectionsFailed.increment();
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        connectErrors.computeIfAbsent(text, r -> new LongAdder()).increment();
    }

    /** Latencies from now on only: the window should not inherit the ramp's. */
    void resetLatencies() {
        announceRtt.reset();
        offerToAnswer.reset();
    }

    Snapshot snapshot() {
        long opened = connectionsOpened.sum();
        return new Snapshot(System.nanoTime(), ProcessCpu.nanos(), opened - connectionsClosed.sum(), opened,
                connectionsFailed.sum(), unexpectedCloses.sum(), announcesSent.sum(), repliesReceived.sum(),
                offersReceived.sum(), answersSent.sum(), answersReceived.sum(), answersUnmatched.sum(),
                offersForgotten.sum(), failuresReceived.sum(), otherReceived.sum(), unparseableReceived.sum(),
                sendsSkipped.sum(), switches.sum(), offersForOldRendition.sum(), networks == null ? null : networks.counts());
    }

    /** One progress line: totals so far and the rates since {@code previous}. */
    String progress(double elapsedSeconds, Snapshot now, Snapshot previous) {
        Snapshot d = now.minus(previous);
        double seconds = Math.max(1e-9, d.nanoTime() / 1e9);
        return String.format(Locale.ROOT,
                "[%6.1fs] open=%d failed=%d announces=%d replies=%d offers_in=%d answers_out=%d answers_in=%d "
                        + "failures=%d closes=%d | %.0f announces/s, %.0f relayed/s, %.0f msgs/s | rtt p50=%s p99=%s | cpu %.0f%% of a core",
                elapsedSeconds, now.open(), now.failed(), now.announces(), now.replies(), now.offersIn(), now.answersOut(),
                now.answersIn(), now.failures(), now.unexpectedCloses(), d.announces() / seconds, d.relayed() / seconds,
                (d.sent() + d.received()) / seconds, millis(announceRtt.getValueAtPercentile(50)),
                millis(announceRtt.getValueAtPercentile(99)), 100.0 * d.cpuNanos() / Math.max(1, d.nanoTime()));
    }

    /** The human summary, the RESULT line and the JSON line for the window {@code w}. */
    String summary(LoadOptions options, Snapshot total, Snapshot w) {
        String mode = options.mode().name().toLowerCase(Locale.ROOT);
        // Frozen copies: viewers keep recording until they are stopped, and the table, the
        // RESULT line and the JSON line must all show the same window.
        Histogram announceRtt = this.announceRtt.copy();
        Histogram offerToAnswer = this.offerToAnswer.copy();
        StringBuilder sb = new StringBuilder();
        double seconds = w.nanoTime() / 1e9;
        sb.append(String.format(Locale.ROOT, "Summary (%s; window %.1f s, whole run %.1f s)%n", mode, seconds, total.nanoTime() / 1e9));
        sb.append(String.format(Locale.ROOT, "  connections open %d (opened %d, failed to open %d, unexpected closes %d)%n",
                total.open(), total.opened(), total.failed(), total.unexpectedCloses()));
        sb.append(String.format(Locale.ROOT, "  %-26s %12s %12s%n", "", "whole run", "window"));
        row(sb, "announces sent", total.announces(), w.announces());
        row(sb, "replies received", total.replies(), w.replies());
        row(sb, "offers received", total.offersIn(), w.offersIn());
        row(sb, "answers sent", total.answersOut(), w.answersOut());
        row(sb, "answers received", total.answersIn(), w.answersIn());
        row(sb, "answers unmatched", total.answersUnmatched(), w.answersUnmatched());
        row(sb, "offers given up on", total.offersForgotten(), w.offersForgotten());
        row(sb, "failure reasons received", total.failures(), w.failures());
        row(sb, "other / unparseable", total.other() + total.unparseable(), w.other() + w.unparseable());
        row(sb, "sends skipped (closed)", total.sendsSkipped(), w.sendsSkipped());
        row(sb, "rendition switches", total.switches(), w.switches());
        row(sb, "offers for a left rendition", total.offersForOldRendition(), w.offersForOldRendition());
        if (options.churn().any()) {
            sb.append(String.format(Locale.ROOT, "  churn (whole run): left %d, joined %d; storms dropped %d, reconnected %d, gave up %d%n",
                    leaves.sum(), joins.sum(), drops.sum(), reconnects.sum(), reconnectsFailed.sum()));
        }
        new TreeMap<>(failureReasons).forEach((text, n) -> sb.append("  failure reason ").append(n.sum()).append(" x \"").append(text).append("\"\n"));
        new TreeMap<>(connectErrors).forEach((text, n) -> sb.append("  connect error ").append(n.sum()).append(" x ").append(text).append('\n'));
        sb.append(String.format(Locale.ROOT, "  window rates /s: announces %.0f, offers relayed %.0f, answers relayed %.0f, msgs in+out %.0f%n",
                w.announces() / seconds(w), w.offersIn() / seconds(w), w.answersIn() / seconds(w), (w.sent() + w.received()) / seconds(w)));
        sb.append(String.format(Locale.ROOT, "  %-22s %9s %9s %9s %9s %9s %10s%n", "latency (ms)", "p50", "p90", "p99", "p99.9", "max", "samples"));
        latencyRow(sb, "announce -> reply", announceRtt);
        latencyRow(sb, "offer -> answer back", offerToAnswer);
        NetworkShare share = networks == null || w.networks() == null ? null : networks.share(w.networks(), options.renditions());
        if (share != null) {
            sb.append(share.text());
        }
        sb.append(String.format(Locale.ROOT, "  generator CPU %.2f s in the window (%.0f%% of a core), %.2f s in all%n",
                w.cpuNanos() / 1e9, 100.0 * w.cpuNanos() / Math.max(1, w.nanoTime()), total.cpuNanos() / 1e9));
        sb.append(String.format(Locale.ROOT,
                "RESULT mode=%s window_s=%.3f open=%d opened=%d failed=%d unexpected_closes=%d announces=%d replies=%d "
                        + "offers_in=%d answers_out=%d answers_in=%d answers_unmatched=%d failures=%d other=%d "
                        + "sent=%d received=%d relayed=%d rtt_p50_ms=%s rtt_p99_ms=%s rtt_max_ms=%s "
                        + "o2a_p50_ms=%s o2a_p99_ms=%s o2a_max_ms=%s gen_cpu_s=%.3f gen_cpu_total_s=%.3f switches=%d%s%n",
                mode, seconds, total.open(), total.opened(), total.failed(), total.unexpectedCloses(), w.announces(),
                w.replies(), w.offersIn(), w.answersOut(), w.answersIn(), w.answersUnmatched(), w.failures(),
                w.other() + w.unparseable(), w.sent(), w.received(), w.relayed(),
                millis(announceRtt.getValueAtPercentile(50)), millis(announceRtt.getValueAtPercentile(99)),
                millis(announceRtt.getMaxValue()), millis(offerToAnswer.getValueAtPercentile(50)),
                millis(offerToAnswer.getValueAtPercentile(99)), millis(offerToAnswer.getMaxValue()),
                w.cpuNanos() / 1e9, total.cpuNanos() / 1e9, w.switches(), share == null ? "" : share.resultFields()));
        sb.append(ResultJson.line(options, total, w, announceRtt, offerToAnswer, share)).append('\n');
        return sb.toString();
    }

    private static double seconds(Snapshot w) {
        return Math.max(1e-9, w.nanoTime() / 1e9);
    }

    private static void latencyRow(StringBuilder sb, String name, Histogram h) {
        sb.append(String.format(Locale.ROOT, "  %-22s %9s %9s %9s %9s %9s %10d%n", name, millis(h.getValueAtPercentile(50)),
                millis(h.getValueAtPercentile(90)), millis(h.getValueAtPercentile(99)), millis(h.getValueAtPercentile(99.9)),
                millis(h.getMaxValue()), h.getTotalCount()));
    }

    private static void row(StringBuilder sb, String name, long total, long window) {
        sb.append(String.format(Locale.ROOT, "  %-26s %12d %12d%n", name, total, window));
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }
}
