package dev.hivecast.tracker.it.cluster;

import dev.hivecast.tracker.it.HarnessPace;
import dev.hivecast.tracker.it.PrometheusText;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One tracker node: the packaged jar in a process of its own, started as an operator starts it,
 * its output in a log file under {@code target/}. Stopped by its pid: SIGTERM, then SIGKILL after
 * a grace period.
 */
final class TrackerProcess {

    private static final Pattern PLAYER_URL = Pattern.compile("Players announce to ws://127\\.0\\.0\\.1:(\\d+)/");
    /** Three JVMs booting Hazelcast at once on two cores take about 20 s; a lone restart about 5 s. */
    private static final Duration LISTEN_WAIT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;
    private int port;

    private TrackerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Launches the process; {@link #awaitListening()} waits for its WebSocket port. */
    static TrackerProcess launch(Path jar, Path log, List<String> flags) {
        return launchExactly(jar, log, HarnessPace.withHarnessPace(flags));
    }

    /** As {@link #launch}, with these flags only: a build older than the harness's flags refuses them. */
    static TrackerProcess launchExactly(Path jar, Path log, List<String> flags) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        command.addAll(classDataFlags(jar));
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(flags);
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new TrackerProcess(process, log);
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + command, e);
        }
    }

    /**
     * Maps the class-data archive the build made of the jar under test (interop/cds-archive.mjs),
     * once it exists: a start then costs half the CPU. Another jar (an older build) would not match it.
     */
    private static List<String> classDataFlags(Path jar) {
        String underTest = System.getProperty("tracker.jar", "");
        Path archive = Path.of(System.getProperty("tracker.cds", ""));
        boolean usable = !underTest.isEmpty() && Path.of(underTest).toAbsolutePath().equals(jar.toAbsolutePath())
                && Files.isRegularFile(archive);
        return usable ? List.of("-XX:SharedArchiveFile=" + archive.toAbsolutePath()) : List.of();
    }

    /** Waits for the start-up line that names the public port; returns it. */
    int awaitListening() {
        long deadline = System.nanoTime() + LISTEN_WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Matcher m = PLAYER_URL.matcher(output());
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                return port;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("node exited with " + process.exitValue() + " before it listened; log "
                        + log + ":\n" + tail());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new IllegalStateException("node did not listen within " + LISTEN_WAIT.toSeconds() + " s; log " + log
                + ":\n" + tail());
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** GET /metrics, parsed. */
    PrometheusText metrics() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/metrics of pid " + pid() + " answered " + response.statusCode());
            }
            return PrometheusText.parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("/metrics of pid " + pid() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET /stats.json. */
    JsonObject stats() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats.json"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/stats.json of pid " + pid() + " answered " + response.statusCode());
            }
            return new JsonObject(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("/stats.json of pid " + pid() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL, as a crash or the OOM killer ends a node; waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit(STOP_GRACE);
    }

    /** SIGTERM, what Kubernetes sends: the node drains. Does not wait. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; returns its exit status. */
    int awaitExit(Duration wait) {
        try {
            if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("pid " + pid() + " still running after " + wait.toSeconds() + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within the grace period. Never throws. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the log, for failure messages. */
    String tail() {
        String[] lines = output().split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }

    private String output() {
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
