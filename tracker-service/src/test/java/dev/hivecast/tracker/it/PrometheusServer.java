package dev.hivecast.tracker.it;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Prometheus (Debian's {@code prometheus} package, 2.42), started by the test on
 * 127.0.0.1 with its own free port and storage directory, and stopped by its process handle.
 * The system service the package installs is never touched.
 */
final class PrometheusServer implements AutoCloseable {

    static final String HOW_TO_INSTALL = "The dashboard and alert tests need Prometheus 2.42's prometheus and "
            + "promtool on the PATH. On Debian 12: sudo apt-get update && sudo apt-get install -y prometheus "
            + "(.ci/run does this; the package's own service is not used, the test starts its own server).";

    private static final int PORT_ATTEMPTS = 3;

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The path of an executable on the PATH; fails the test (never skips it) when it is missing. */
    static Path binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(name + " not found. " + HOW_TO_INSTALL);
    }

    /**
     * Another target, scraped every second with its own labels kept (honor_labels), as
     * kube-prometheus-stack scrapes kube-state-metrics and the kubelet's cAdvisor.
     */
    record OtherJob(String name, String target) {
    }

    /**
     * Scrapes {@code target} (host:port, path /metrics) every second as job {@code job}, adding
     * {@code targetLabels} the way a ServiceMonitor adds namespace and pod, and loads {@code ruleFiles}.
     */
    static PrometheusServer start(Path dir, String job, String target, String targetLabels, List<Path> ruleFiles)
            throws IOException {
        return start(dir, job, target, targetLabels, ruleFiles, List.of());
    }

    /** The same, scraping {@code others} too. */
    static PrometheusServer start(Path dir, String job, String target, String targetLabels, List<Path> ruleFiles,
            List<OtherJob> others) throws IOException {
        // A free port can be taken by another process before Prometheus binds it: try a new one then.
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnFreePort(dir, job, target, targetLabels, ruleFiles, others);
            } catch (PortTaken e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw new IllegalStateException("Prometheus found its port taken " + PORT_ATTEMPTS + " times", e);
                }
            }
        }
    }

    private static PrometheusServer startOnFreePort(Path dir, String job, String target, String targetLabels,
            List<Path> ruleFiles, List<OtherJob> others) throws IOException {
        int port = freePort();
        Path config = dir.resolve("prometheus.yml");
        String rules = ruleFiles.stream().map(p -> "  - " + p.toAbsolutePath().normalize())
                .collect(Collectors.joining("\n"));
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                %s
                scrape_configs:
                  - job_name: %s
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['%s']
                        labels: {%s}
                """.formatted(rules, job, target, targetLabels) + others.stream().map(o -> """
                  - job_name: %s
                    honor_labels: true
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['%s']
                """.formatted(o.name(), o.target())).collect(Collectors.joining()));
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary("prometheus").toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, log, port);
        try {
            await("Prometheus ready on 127.0.0.1:" + port).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            String tail = server.logTail();
                            throw tail.contains("address already in use") ? new PortTaken(tail)
                                    : new IllegalStateException("Prometheus exited: " + tail);
                        }
                        return server.status("/-/ready") == 200;
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** An instant query; the API's whole answer ({@code status}, {@code data} or {@code error}). */
    JsonObject query(String expr) {
        return get("/api/v1/query?query=" + encode(expr));
    }

    /** A range query over the last {@code seconds}, one point every {@code step} seconds, as Grafana runs panels. */
    JsonObject queryRange(String expr, long seconds, long step) {
        long end = System.currentTimeMillis() / 1000;
        return get("/api/v1/query_range?query=" + encode(expr) + "&start=" + (end - seconds) + "&end=" + end
                + "&step=" + step);
    }

    /** The result list of a successful query, or an exception with Prometheus's error. */
    JsonArray result(JsonObject answer, String expr) {
        if (!"success".equals(answer.getString("status"))) {
            throw new IllegalStateException("Prometheus refused " + expr + ": " + answer.getString("errorType")
                    + ": " + answer.getString("error"));
        }
        return answer.getJsonObject("data").getJsonArray("result");
    }

    JsonObject get(String pathAndQuery) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new JsonObject(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(2)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static final class PortTaken extends RuntimeException {
        PortTaken(String logTail) {
            super(logTail);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** SIGTERM to our own process only, then SIGKILL if it has not exited within 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
