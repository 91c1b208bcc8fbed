package dev.hivecast.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns measure.json files into the side-by-side table and the ratios compare.sh prints, and
 * into the PNG plot.sh draws ({@link ResultsPlot}).
 *
 * <pre>
 *   java -cp hivecast-load-test.jar dev.hivecast.loadtest.ResultsReport table [--json OUT] PATH...
 *   java -cp hivecast-load-test.jar dev.hivecast.loadtest.ResultsReport plot --png OUT [--title TEXT] PATH...
 * </pre>
 *
 * PATH is a measure.json or a folder searched for them. Ratios are taken per scenario: every
 * run against every run whose tracker name starts with "reference"; a scenario without one
 * (the cluster's 1 node against 3) takes its first run as the base.
 */
public final class ResultsReport {

    /** One ratio: {@code run}'s figure over {@code base}'s. */
    record Ratio(String scenario, String run, String base, double msgsPerCpuSecond, double cpuPerRelayed,
                 double rssPerPeer, double o2aP50, double o2aP99) {
    }

    private ResultsReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ResultsReport table [--json OUT] PATH... | plot --png OUT [--title TEXT] PATH...");
            System.exit(2);
        }
        String command = args[0];
        Path json = null, png = null;
        String title = "Hivecast load test";
        List<Path> paths = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = Path.of(args[++i]);
                case "--png" -> png = Path.of(args[++i]);
                case "--title" -> title = args[++i];
                default -> paths.add(Path.of(args[i]));
            }
        }
        List<MeasuredRun> runs = MeasuredRun.findAll(paths);
        if (runs.isEmpty()) {
            System.err.println("no measure.json under " + paths);
            System.exit(1);
        }
        if (command.equals("plot") && png != null) {
            try {
                ResultsPlot.write(runs, title, png);
            } catch (IllegalArgumentException e) {
                System.err.println("no plot: " + e.getMessage());
                System.exit(1);
            }
            System.out.println("plot: " + png);
        } else if (command.equals("table")) {
            System.out.print(table(runs));
            System.out.print(networkTable(runs));
            List<Ratio> ratios = ratios(runs);
            System.out.print(ratioTable(ratios));
            if (json != null) {
                Files.writeString(json, summaryJson(runs, ratios).encodePrettily() + "\n");
                System.out.println("summary: " + json);
            }
        } else {
            System.err.println("unknown command " + command + " (or plot without --png)");
            System.exit(2);
        }
    }

    /** Every run, one row each, as a Markdown table. */
    static String table(List<MeasuredRun> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario | tracker | peers | msgs/s | msgs per CPU-s | CPU us/msg | CPU us/relayed | RSS/peer | live heap/peer | "
                + "offer->answer p50 / p90 / p99 / p99.9 ms | announce p50 / p99 ms | failures / closes / not connected | others' CPU s |\n");
        sb.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (MeasuredRun r : runs) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s / %s / %s / %s | %s / %s | %s / %s / %s | %s |%n",
                    r.scenario(), r.tracker(), r.peers(), fmt(r.msgsPerSecond(), "%,.0f"), fmt(r.measure("msgs_per_cpu_s"), "%,.0f"),
                    fmt(r.measure("us_per_msg"), "%.1f"), fmt(r.measure("us_per_relayed"), "%.1f"), kib(r.measure("rss_per_peer_b")), kib(r.measure("heap_per_peer_b")),
                    ms(r.latency("offer_to_answer", "p50")), ms(r.latency("offer_to_answer", "p90")),
                    ms(r.latency("offer_to_answer", "p99")), ms(r.latency("offer_to_answer", "p99_9")),
                    ms(r.latency("announce_rtt", "p50")), ms(r.latency("announce_rtt", "p99")),
                    fmt(r.measure("failures"), "%.0f"), fmt(r.measure("unexpected_closes"), "%.0f"),
                    fmt(r.connectFailures(), "%.0f"), fmt(r.measure("others_cpu_s"), "%.1f")));
        }
        return sb.toString();
    }

    /**
     * The runs made with --networks, one row each: the share of offers from the same network
     * (the first generator's, with several), to put a build with locality beside one without.
     */
    static String networkTable(List<MeasuredRun> runs) {
        StringBuilder sb = new StringBuilder();
        for (MeasuredRun r : runs) {
            JsonObject n = r.generator().getJsonObject("networks");
            if (n == null) {
                continue;
            }
            if (sb.length() == 0) {
                sb.append("\nOffers from the same network (--networks)\n")
                        .append("| scenario | tracker | networks | same network | random matching | per peer p10 / p50 / p90 | peers with none from outside |\n")
                        .append("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
            }
            JsonObject perPeer = n.getJsonObject("per_peer_share", new JsonObject());
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s / %s / %s | %d of %d |%n", r.scenario(), r.tracker(),
                    n.getInteger("count", 0), pct(sameNetworkShare(n)), pct(n.getValue("random_share")),
                    pct(perPeer.getValue("p10")), pct(perPeer.getValue("p50")), pct(perPeer.getValue("p90")),
                    n.getInteger("peers_without_outside_offer", 0), n.getInteger("peers_with_offers", 0)));
        }
        return sb.toString();
    }

    /** From the counts where they are: the share itself is rounded in the JSON. */
    private static Object sameNetworkShare(JsonObject n) {
        Long same = n.getLong("same_network");
        Long in = n.getLong("offers_in");
        return same != null && in != null && in > 0 ? (Object) (same / (double) in) : n.getValue("same_network_share");
    }

    private static String pct(Object share) {
        return share instanceof Number v ? String.format(Locale.ROOT, "%.1f %%", 100 * v.doubleValue()) : "n/a";
    }

    static List<Ratio> ratios(List<MeasuredRun> runs) {
        Map<String, List<MeasuredRun>> byScenario = new LinkedHashMap<>();
        runs.forEach(r -> byScenario.computeIfAbsent(r.scenario(), s -> new ArrayList<>()).add(r));
        List<Ratio> ratios = new ArrayList<>();
        byScenario.forEach((scenario, list) -> {
            List<MeasuredRun> bases = list.stream().filter(r -> r.tracker().startsWith("reference")).toList();
            if (bases.isEmpty()) {
                bases = List.of(list.get(0));
            }
            for (MeasuredRun base : bases) {
                for (MeasuredRun run : list) {
                    if (run != base && !run.tracker().startsWith("reference")) {
                        ratios.add(new Ratio(scenario, run.tracker(), base.tracker(),
                                run.measure("msgs_per_cpu_s") / base.measure("msgs_per_cpu_s"),
                                run.measure("us_per_relayed") / base.measure("us_per_relayed"),
                                run.measure("rss_per_peer_b") / base.measure("rss_per_peer_b"),
                                run.latency("offer_to_answer", "p50") / base.latency("offer_to_answer", "p50"),
                                run.latency("offer_to_answer", "p99") / base.latency("offer_to_answer", "p99")));
                    }
                }
            }
        });
        return ratios;
    }

    static String ratioTable(List<Ratio> ratios) {
        if (ratios.isEmpty()) {
            return "(no ratios: each scenario needs two runs)\n";
        }
        StringBuilder sb = new StringBuilder("\nRatios, run / base (msgs per CPU-s: higher is better; the rest: lower is better)\n");
        sb.append("| scenario | run / base | msgs per CPU-s | CPU us per relayed | RSS per peer | offer->answer p50 | p99 |\n");
        sb.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Ratio r : ratios) {
            sb.append(String.format(Locale.ROOT, "| %s | %s / %s | %s | %s | %s | %s | %s |%n", r.scenario(), r.run(), r.base(),
                    x(r.msgsPerCpuSecond()), x(r.cpuPerRelayed()), x(r.rssPerPeer()), x(r.o2aP50()), x(r.o2aP99())));
        }
        return sb.toString();
    }

    static JsonObject summaryJson(List<MeasuredRun> runs, List<Ratio> ratios) {
        JsonArray runArray = new JsonArray();
        for (MeasuredRun r : runs) {
            runArray.add(new JsonObject().put("file", r.file().toString()).put("scenario", r.scenario())
                    .put("tracker", r.tracker()).put("mode", r.mode()).put("date", r.date())
                    .put("measure", r.measure()).put("generator", r.generator()));
        }
        JsonArray ratioArray = new JsonArray();
        for (Ratio r : ratios) {
            ratioArray.add(new JsonObject().put("scenario", r.scenario()).put("run", r.run()).put("base", r.base())
                    .put("msgs_per_cpu_s", finite(r.msgsPerCpuSecond())).put("us_per_relayed", finite(r.cpuPerRelayed()))
                    .put("rss_per_peer", finite(r.rssPerPeer())).put("o2a_p50", finite(r.o2aP50()))
                    .put("o2a_p99", finite(r.o2aP99())));
        }
        return new JsonObject().put("runs", runArray).put("ratios", ratioArray);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : null;
    }

    private static String x(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, v >= 0.1 ? "%.2fx" : v >= 0.001 ? "%.4fx" : "%.2gx", v);
    }

    private static String fmt(double v, String format) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "n/a";
    }

    private static String ms(double v) {
        return fmt(v, "%.2f");
    }

    private static String kib(double bytes) {
        return Double.isFinite(bytes) ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024) : "n/a";
    }
}
