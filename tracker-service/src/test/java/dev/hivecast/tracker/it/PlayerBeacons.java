package dev.hivecast.tracker.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Player pages reporting their bytes for the dashboard test: one beacon every
 * {@code periodMillis} to {@code POST /beacon}, alternating a named stream and an unnamed one,
 * two thirds of the bytes from peers; at most {@code limit} beacons, so a test that forgets to
 * close it still stops.
 */
final class PlayerBeacons implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger sent = new AtomicInteger();

    private PlayerBeacons() {
    }

    static PlayerBeacons start(int port, String namedStream, long periodMillis, int limit) {
        PlayerBeacons beacons = new PlayerBeacons();
        URI uri = URI.create("http://127.0.0.1:" + port + "/beacon");
        beacons.timer.scheduleAtFixedRate(() -> beacons.send(uri, namedStream, limit), 0, periodMillis,
                TimeUnit.MILLISECONDS);
        return beacons;
    }

    private void send(URI uri, String namedStream, int limit) {
        int n = sent.getAndIncrement();
        if (n >= limit) {
            timer.shutdown();
            return;
        }
        String stream = n % 2 == 0 ? namedStream : "https://cdn.example.com/unnamed.m3u8";
        String body = "{\"stream\":\"" + stream + "\",\"p2p\":200000,\"http\":100000}";
        try {
            http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "text/plain;charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            // a beacon lost under load is what real pages see too; the next one follows
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
