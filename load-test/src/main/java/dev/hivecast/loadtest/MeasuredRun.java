package dev.hivecast.loadtest;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One {@code measure.json} (written by measure.sh or measure-cluster.sh): which tracker ran
 * which scenario, the tracker-side figures ({@code measure}) and the generator's JSON result
 * ({@code generator}). Missing figures read as NaN, so a table shows "n/a" rather than failing.
 */
record MeasuredRun(Path file, String scenario, String tracker, String mode, String date, JsonObject measure,
                   JsonObject generator) {

    static MeasuredRun read(Path file) {
        try {
            JsonObject o = new JsonObject(Files.readString(file));
            String scenario = o.getString("scenario", "");
            return new MeasuredRun(file, scenario.isEmpty() ? "?" : scenario, o.getString("tracker", "?"),
                    o.getString("mode", "?"), o.getString("date", ""), objectOrEmpty(o, "measure"),
                    objectOrEmpty(o, "generator"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every measure.json under the given files or folders, in scenario, then date order. */
    static List<MeasuredRun> findAll(List<Path> roots) {
        List<MeasuredRun> runs = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isRegularFile(root)) {
                runs.add(read(root));
                continue;
            }
            try (Stream<Path> files = Files.walk(root, 6)) {
                files.filter(f -> f.getFileName().toString().equals("measure.json")).sorted().forEach(f -> runs.add(read(f)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        runs.sort(Comparator.comparing(MeasuredRun::scenario).thenComparing(MeasuredRun::date));
        return runs;
    }

    /** The object under {@code key}; empty when absent or null (a generator that printed no result). */
    private static JsonObject objectOrEmpty(JsonObject o, String key) {
        JsonObject value = o.getJsonObject(key);
        return value == null ? new JsonObject() : value;
    }

    double measure(String key) {
        return number(measure.getValue(key));
    }

    int peers() {
        double p = measure("peers");
        return Double.isNaN(p) ? 0 : (int) p;
    }

    /**
     * Messages in+out per second of the window, as the generators counted them. With several
     * generators the embedded generator result is the first one's alone; the run's own sum is used.
     */
    double msgsPerSecond() {
        if (severalGenerators() && measure("window_s") > 0) {
            return measure("msgs") / measure("window_s");
        }
        JsonObject perSecond = generator.getJsonObject("per_second");
        return perSecond == null ? Double.NaN : number(perSecond.getValue("msgs_in_out"));
    }

    /** Connections the generators could not open (the tracker did not accept or upgrade them in time). */
    double connectFailures() {
        if (severalGenerators()) {
            return measure("failed_to_open"); // summed by measure-cluster.sh; absent (n/a) in older runs
        }
        JsonObject connections = generator.getJsonObject("connections");
        return connections == null ? Double.NaN : number(connections.getValue("failed"));
    }

    private boolean severalGenerators() {
        return measure("generators") > 1;
    }

    /** A latency percentile in ms: {@code which} is announce_rtt or offer_to_answer, {@code p} p50 .. max. */
    double latency(String which, String p) {
        JsonObject latency = generator.getJsonObject("latency_ms");
        JsonObject h = latency == null ? null : latency.getJsonObject(which);
        return h == null ? Double.NaN : number(h.getValue(p));
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
