package dev.hivecast.loadtest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The run's result as one JSON line, for scripts (measure.sh, compare.sh, the plot): the options
 * that shape the load, the window's counts and rates, and both latency distributions. It starts
 * with {@code {"tool":"hivecast-load-test"}, which is how a script finds it in the output.
 * Counts are the window's unless under {@code whole_run}; latencies are in milliseconds.
 */
final class ResultJson {

    static final String PREFIX = "{\"tool\":\"hivecast-load-test\"";

    private static final JsonFactory JSON = new JsonFactory();

    private ResultJson() {
    }

    /** @param share the offers by the sender's network, or null when the peers are not spread over networks */
    static String line(LoadOptions o, LoadStats.Snapshot total, LoadStats.Snapshot w, Histogram rtt, Histogram o2a,
                       NetworkShare share) {
        StringWriter out = new StringWriter();
        double seconds = Math.max(1e-9, w.nanoTime() / 1e9);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("tool", "hivecast-load-test");
            g.writeStringField("mode", o.mode().name().toLowerCase(Locale.ROOT));
            options(g, o);
            g.writeNumberField("window_s", round(seconds));
            g.writeObjectFieldStart("connections");
            g.writeNumberField("open", total.open());
            g.writeNumberField("opened", total.opened());
            g.writeNumberField("failed", total.failed());
            g.writeNumberField("unexpected_closes", total.unexpectedCloses());
            g.writeEndObject();
            counts(g, w);
            g.writeObjectFieldStart("per_second");
            g.writeNumberField("announces", round(w.announces() / seconds));
            g.writeNumberField("offers_relayed", round(w.offersIn() / seconds));
            g.writeNumberField("answers_relayed", round(w.answersIn() / seconds));
            g.writeNumberField("msgs_in_out", round((w.sent() + w.received()) / seconds));
            g.writeEndObject();
            g.writeObjectFieldStart("latency_ms");
            percentiles(g, "announce_rtt", rtt);
            percentiles(g, "offer_to_answer", o2a);
            g.writeEndObject();
            g.writeNumberField("generator_cpu_s", round(w.cpuNanos() / 1e9));
            g.writeNumberField("generator_cpu_cores", round(w.cpuNanos() / 1e9 / seconds));
            if (share != null) {
                // Its name only: a kept results folder holds it beside measure.json, and no machine's layout.
                share.writeJson(g, o.sitesFile().getFileName().toString());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void options(JsonGenerator g, LoadOptions o) throws IOException {
        g.writeObjectFieldStart("options");
        g.writeArrayFieldStart("urls");
        for (URI url : o.urls()) {
            g.writeString(url.toString());
        }
        g.writeEndArray();
        g.writeNumberField("peers", o.peers());
        g.writeNumberField("swarms", o.swarms());
        g.writeStringField("popularity", o.popularity().describe());
        g.writeNumberField("seed", o.seed());
        g.writeNumberField("renditions", o.renditions());
        g.writeNumberField("switch_interval_s", o.switchIntervalSeconds());
        g.writeNumberField("switch_probability", o.switchProbability());
        g.writeNumberField("offers", o.offers());
        g.writeNumberField("interval_s", o.intervalSeconds());
        g.writeNumberField("ramp_per_s", o.rampPerSecond());
        g.writeNumberField("warmup_s", o.warmupSeconds());
        g.writeNumberField("duration_s", o.durationSeconds());
        g.writeNumberField("offer_sdp_bytes", o.offerSdpBytes());
        g.writeNumberField("answer_sdp_bytes", o.answerSdpBytes());
        g.writeNumberField("first_peer", o.firstPeer());
        g.writeNumberField("networks", o.networks().count());
        g.writeEndObject();
    }

    private static void counts(JsonGenerator g, LoadStats.Snapshot w) throws IOException {
        g.writeObjectFieldStart("counts");
        g.writeNumberField("announces", w.announces());
        g.writeNumberField("replies", w.replies());
        g.writeNumberField("offers_in", w.offersIn());
        g.writeNumberField("answers_out", w.answersOut());
        g.writeNumberField("answers_in", w.answersIn());
        g.writeNumberField("answers_unmatched", w.answersUnmatched());
        g.writeNumberField("offers_given_up", w.offersForgotten());
        g.writeNumberField("failures", w.failures());
        g.writeNumberField("other", w.other() + w.unparseable());
        g.writeNumberField("sends_skipped", w.sendsSkipped());
        g.writeNumberField("switches", w.switches());
        g.writeNumberField("offers_for_left_rendition", w.offersForOldRendition());
        g.writeNumberField("sent", w.sent());
        g.writeNumberField("received", w.received());
        g.writeNumberField("relayed", w.relayed());
        g.writeEndObject();
    }

    private static void percentiles(JsonGenerator g, String name, Histogram h) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("p50", h.getValueAtPercentile(50) / 1000.0);
        g.writeNumberField("p90", h.getValueAtPercentile(90) / 1000.0);
        g.writeNumberField("p99", h.getValueAtPercentile(99) / 1000.0);
        g.writeNumberField("p99_9", h.getValueAtPercentile(99.9) / 1000.0);
        g.writeNumberField("max", h.getMaxValue() / 1000.0);
        g.writeNumberField("samples", h.getTotalCount());
        g.writeEndObject();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
