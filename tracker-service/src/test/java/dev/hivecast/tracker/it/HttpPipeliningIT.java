package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Pipelined HTTP: a client may send requests ahead of the responses, but only one is handed to
 * the tracker at a time, the next once the response before it is written to the socket, and more
 * than limits.max-pipelined-requests waiting closes the connection. So a client that never reads
 * costs at most one response: measured as every byte the tracker sends it, read after the flood
 * (what the tracker had queued for it is at most that). Before this bound, 100,000 pipelined
 * {@code GET /x} queued 13.3 MiB of 404s. On the public port and the admin port alike, while a
 * witness pair is served.
 */
@RunsAlone
class HttpPipeliningIT extends TrackerTestBase {

    private static final int FLOOD = 100_000;
    private static final int MAX_PIPELINED = 4;
    /** One 404 or /metrics response's head and body is far below this; 100,000 of them far above. */
    private static final long ONE_RESPONSE_BOUND = 64 * 1024;

    @Override
    protected String[] flags() {
        return new String[] {"--admin.port", "0", "--limits.max-pipelined-requests", String.valueOf(MAX_PIPELINED)};
    }

    /**
     * Writes {@code count} copies of {@code request} in 64 KiB writes without ever reading, until
     * done or the server closes (bounded: 30 s); returns the bytes written.
     */
    private static long flood(RawHttpConnection http, String request, int count) {
        byte[] one = request.getBytes(StandardCharsets.US_ASCII);
        int perWrite = Math.max(1, 65536 / one.length);
        byte[] batch = new byte[perWrite * one.length];
        for (int i = 0; i < perWrite; i++) {
            System.arraycopy(one, 0, batch, i * one.length, one.length);
        }
        long written = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try {
            OutputStream out = http.socket().getOutputStream();
            for (int sent = 0; sent < count && System.nanoTime() < deadline; sent += perWrite) {
                out.write(batch);
                written += batch.length;
            }
        } catch (IOException closedByServer) {
            // the point: the server hung up
        }
        return written;
    }

    private void floodWithoutReading(int port, String path) throws Exception {
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        double before = metric("tracker_upgrades_refused_total", "reason", "pipelined_requests");
        try (WitnessPair witness = WitnessPair.start(peer(), peer()); RawHttpConnection http = RawHttpConnection.connect(port)) {
            // a small receive buffer: the kernel holds little for the client either
            http.socket().setReceiveBufferSize(4096);
            long written = flood(http, request, FLOOD);
            long received = http.drain(Duration.ofSeconds(3), ONE_RESPONSE_BOUND);

            assertThat(received).as("bytes of responses sent to a client that pipelined %d bytes", written)
                    .isLessThan(ONE_RESPONSE_BOUND);
            assertThat(http.closedWithin(Duration.ofSeconds(5))).as("closed").isTrue();
            await().atMost(RunningTracker.WAIT).until(() ->
                    metric("tracker_upgrades_refused_total", "reason", "pipelined_requests") >= before + 1);
            // enough rounds that the p99 is not one round's (the flood itself lasts well under a second)
            witness.awaitRounds(150);
            witness.stopAndAssertServed();
        }
    }

    @Test
    void aHundredThousandPipelinedRequestsOnThePublicPortCostOneResponseAndAClose() throws Exception {
        floodWithoutReading(tracker.port(), "/x");
    }

    @Test
    void pipelinedMetricsRequestsOnTheAdminPortCostOneResponseAndAClose() throws Exception {
        floodWithoutReading(tracker.server().adminPort(), "/metrics");
    }

    @Test
    void requestsPipelinedWithinTheBoundAreAnsweredInOrder() throws Exception {
        try (RawHttpConnection http = RawHttpConnection.connect(tracker.server().adminPort())) {
            http.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\nGET /x HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: a\r\n\r\nGET /x HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(http.readResponse().status()).isEqualTo(200);
            assertThat(http.readResponse().status()).isEqualTo(404);
            assertThat(http.readResponse().status()).isEqualTo(200);
            assertThat(http.readResponse().status()).isEqualTo(404);
            // and the connection is still usable
            http.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(http.readResponse().status()).isEqualTo(200);
        }
    }
}
