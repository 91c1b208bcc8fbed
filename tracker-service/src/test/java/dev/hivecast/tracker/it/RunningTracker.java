package dev.hivecast.tracker.it;

import static org.awaitility.Awaitility.await;

import dev.hivecast.tracker.TrackerServer;
import dev.hivecast.tracker.config.ConfigLoader;
import dev.hivecast.tracker.config.LoadResult;
import dev.hivecast.tracker.config.TrackerConfig;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A tracker started in this JVM exactly as {@code Main} starts one: the command-line flags go
 * through {@link ConfigLoader}, so a test states its setup the way an operator would. Always
 * 127.0.0.1 and port 0.
 */
final class RunningTracker implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    /**
     * Two signaling loops whatever the machine, so that peers of one swarm land on different
     * loops and the cross-loop paths are exercised even on a one-core runner.
     */
    private static final List<String> BASE_FLAGS = List.of("--host", "127.0.0.1", "--port", "0", "--event-loops", "2");

    private final TrackerServer server;
    /** HTTP/1.1, as Prometheus and probes speak it (the JDK's default is to try HTTP/2 first). */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RunningTracker(TrackerServer server) {
        this.server = server;
    }

    static RunningTracker start(String... flags) {
        List<String> args = new ArrayList<>(BASE_FLAGS);
        args.addAll(HarnessPace.withHarnessPace(Arrays.asList(flags)));
        LoadResult result = ConfigLoader.load(args.toArray(String[]::new), Map.of());
        TrackerConfig config = ((LoadResult.Start) result).config();
        try {
            TrackerServer server = TrackerServer.start(config).toCompletionStage().toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return new RunningTracker(server);
        } catch (Exception e) {
            throw new IllegalStateException("tracker did not start with " + args, e);
        }
    }

    TrackerServer server() {
        return server;
    }

    int port() {
        return server.port();
    }

    /** The port /stats, /health and /ready are served on. */
    int opsPort() {
        return server.adminPort() == null ? server.port() : server.adminPort();
    }

    HttpResponse<String> get(int port, String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            // A deadline of our own as well: the request timeout alone once let a GET hang for minutes.
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + " on port " + port + " failed", e);
        }
    }

    HttpResponse<String> get(String path) {
        return get(opsPort(), path, null);
    }

    JsonObject stats() {
        HttpResponse<String> response = get("/stats.json");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/stats.json answered " + response.statusCode());
        }
        return new JsonObject(response.body());
    }

    /** Waits, with a deadline, until /stats satisfies the condition; returns that snapshot. */
    JsonObject awaitStats(String description, Predicate<JsonObject> condition) {
        JsonObject[] last = new JsonObject[1];
        await(description).atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            last[0] = stats();
            return condition.test(last[0]);
        });
        return last[0];
    }

    /** Closed connections are cleaned up on the tracker's loops; wait for it to catch up. */
    void awaitConnections(int expected) {
        awaitStats(expected + " open connections", s -> s.getInteger("connections") == expected);
    }

    @Override
    public void close() {
        try {
            server.stop().toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("tracker did not stop", e);
        }
    }
}
