package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * log-format as an operator uses it: the packaged jar, started with the variable the chart sets,
 * writes JSON lines on stdout from its first start-up line to its last drain line; without it, text.
 */
class LogFormatIT {

    private static final Path JAR = Path.of("target", "hivecast-tracker.jar");

    private Process process;

    @AfterEach
    void cleanUp() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withTrackerLogFormatJsonEveryLineIsAJsonObjectWithTimeLevelLoggerMessageAndFields() throws Exception {
        // JSON escapes the slashes of the URL; the reader only needs to see the line go by.
        List<String> lines = runUntilDrained(Map.of("TRACKER_LOG_FORMAT", "json"), line -> line.contains("Players announce to"));

        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            JsonObject json = new JsonObject(line);
            assertThat(json.getLong("timestamp")).isPositive();
            assertThat(json.getString("level")).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(json.getString("loggerName")).isNotBlank();
            assertThat(json.getString("formattedMessage")).isNotBlank();
        });
        JsonObject started = lines.stream().map(JsonObject::new)
                .filter(j -> j.getString("formattedMessage").startsWith("Players announce to ")).findFirst().orElseThrow();
        assertThat(started.getString("loggerName")).isEqualTo("dev.hivecast.tracker.Main");
        JsonObject fields = fields(started);
        assertThat(fields.getString("url")).startsWith("ws://127.0.0.1:").endsWith("/");
        assertThat(fields.getString("url")).isEqualTo("ws://127.0.0.1:" + fields.getString("port") + "/");
        assertThat(fields.fieldNames()).contains("eventLoops", "transport", "nodeId", "adminPort");
        assertThat(lines).anySatisfy(line -> assertThat(new JsonObject(line).getString("formattedMessage"))
                .isEqualTo("Drained, exiting"));
    }

    @Test
    void textIsTheDefault() throws Exception {
        List<String> lines = runUntilDrained(Map.of(), line -> line.contains("Players announce to ws://127.0.0.1:"));

        assertThat(lines).isNotEmpty().noneMatch(line -> line.startsWith("{"));
        assertThat(lines).anyMatch(line -> line.matches(
                "\\d{4}-\\d\\d-\\d\\dT\\S+ INFO  \\[main] d\\.h\\.tracker\\.Main - Players announce to ws://127\\.0\\.0\\.1:\\d+/ .*"));
    }

    /** Starts the jar, waits for the line that says it listens, sends SIGTERM and returns all of stdout. */
    private List<String> runUntilDrained(Map<String, String> env, Predicate<String> listening) throws Exception {
        assertThat(JAR).as("the jar from the package phase").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toString(), "--host", "127.0.0.1", "--port", "0",
                "--admin.port", "0", "--drain.window", "0s", "--drain.timeout", "5s")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("TRACKER_"));
        builder.environment().putAll(env);
        process = builder.start();
        ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(output, listening, started), "tracker-output");
        reader.setDaemon(true);
        reader.start();
        started.get(30, TimeUnit.SECONDS);

        assertThat(process.toHandle().destroy()).isTrue(); // SIGTERM: the drain and its last line
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited; output:%n%s", String.join("\n", output)).isTrue();
        reader.join(5_000);
        return List.copyOf(output);
    }

    private void read(ConcurrentLinkedQueue<String> output, Predicate<String> listening, CompletableFuture<Void> started) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
                if (listening.test(line)) {
                    started.complete(null);
                }
            }
        } catch (Exception e) {
            started.completeExceptionally(e);
        }
        started.completeExceptionally(new IllegalStateException("the tracker exited before it listened: " + output));
    }

    /** kvpList: one single-member object per key-value pair the code logged. */
    private static JsonObject fields(JsonObject event) {
        JsonArray pairs = event.getJsonArray("kvpList");
        JsonObject merged = new JsonObject();
        for (int i = 0; i < pairs.size(); i++) {
            merged.mergeIn(pairs.getJsonObject(i));
        }
        return merged;
    }
}
