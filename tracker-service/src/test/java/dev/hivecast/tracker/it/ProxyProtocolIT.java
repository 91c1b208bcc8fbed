package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hivecast.protocol.ClientAnnounce;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * limits.proxy-protocol: behind an L4 proxy (AWS NLB, HAProxy send-proxy, nginx stream) every
 * connection starts with a PROXY header naming the client, and that address is the client IP
 * of every per-IP rule (connections, rate buckets). The header is believed only from a trusted
 * proxy, a connection without one is closed within limits.proxy-protocol-timeout, and the admin
 * port never expects one.
 *
 * <p>All sockets are loopback: the "proxy" is a socket bound to 127.0.0.2 (trusted), the
 * stranger one bound to 127.0.0.3 (not trusted); the clients exist only in the headers.
 */
class ProxyProtocolIT extends TrackerTestBase {

    private static final String PROXY = "127.0.0.2";
    private static final String STRANGER = "127.0.0.3";
    /** An L7 proxy (a CDN, say) in front of the L4 one: trusted, so its X-Forwarded-For is read. */
    private static final String L7_PROXY = "192.0.2.10";
    private static final int PER_IP = 2;
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SLACK = Duration.ofMillis(1500);

    @Override
    protected String[] flags() {
        return new String[] {"--limits.proxy-protocol", "true",
                "--limits.proxy-protocol-timeout", HEADER_TIMEOUT.toSeconds() + "s",
                "--limits.trusted-proxies", PROXY + ", 192.0.2.0/24",
                "--limits.max-connections-per-ip", String.valueOf(PER_IP),
                // a burst of one announce per allowed connection: the tests that announce once on
                // each connection stay within it
                "--limits.ip-announce-rate", "1", "--limits.ip-announce-burst", String.valueOf(PER_IP),
                "--admin.port", "0"};
    }

    private Socket socketFrom(String localAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", tracker.port()), 5_000);
        return socket;
    }

    /** An upgrade through the proxy at {@code from}, the header and the request in one write. */
    private RawWebSocket upgrade(String from, byte[] header, Map<String, String> headers) throws IOException {
        return track(RawWebSocket.handshake(socketFrom(from), header, tracker.port(), "/", headers));
    }

    private RawWebSocket upgrade(byte[] header) throws IOException {
        return upgrade(PROXY, header, Map.of());
    }

    /** Joins a fresh swarm and expects the tracker's answer: the connection is really served. */
    private static void assertServed(RawWebSocket ws) {
        assertThat(ws.status()).isEqualTo(101);
        ws.sendText(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString());
        String reply = ws.readDataFrame().text();
        assertThat(new JsonObject(reply).getInteger("incomplete")).as(reply).isEqualTo(1);
    }

    private double refused(String reason) {
        return metric("tracker_upgrades_refused_total", "reason", reason);
    }

    @Test
    void aV1HeadersSourceIsTheClientIpSoEachNamedClientHasItsOwnLimit() throws Exception {
        double before = refused("max_connections_per_ip");
        RawWebSocket first = upgrade(ProxyHeaders.v1("198.51.100.1", tracker.port()));
        assertServed(first);
        assertServed(upgrade(ProxyHeaders.v1("198.51.100.1", tracker.port())));
        assertThat(upgrade(ProxyHeaders.v1("198.51.100.1", tracker.port())).status()).isEqualTo(429);
        // the same proxy, another client: a limit of its own
        assertServed(upgrade(ProxyHeaders.v1("198.51.100.2", tracker.port())));
        assertThat(refused("max_connections_per_ip")).isEqualTo(before + 1);

        // a closed connection gives its place back to the client the header named
        first.close();
        tracker.awaitConnections(2);
        assertThat(upgrade(ProxyHeaders.v1("198.51.100.1", tracker.port())).status()).isEqualTo(101);
    }

    @Test
    void aV2HeadersSourceIsTheClientIpForIpv4AndForIpv6ByItsSlash64() throws Exception {
        for (int i = 0; i < PER_IP; i++) {
            assertServed(upgrade(ProxyHeaders.v2("198.51.100.3", tracker.port())));
        }
        assertThat(upgrade(ProxyHeaders.v2("198.51.100.3", tracker.port())).status()).isEqualTo(429);
        assertServed(upgrade(ProxyHeaders.v2("198.51.100.4", tracker.port())));

        assertServed(upgrade(ProxyHeaders.v2("2001:db8:1:2::1", tracker.port())));
        assertServed(upgrade(ProxyHeaders.v2("2001:db8:1:2::2", tracker.port())));
        assertThat(upgrade(ProxyHeaders.v2("2001:db8:1:2::3", tracker.port())).status())
                .as("one /64 is one client").isEqualTo(429);
        assertServed(upgrade(ProxyHeaders.v1("2001:db8:1:3::1", tracker.port())));
    }

    @Test
    void theHeadersSourceOwnsThePerIpRateBucket() throws Exception {
        RawWebSocket first = upgrade(ProxyHeaders.v1("198.51.100.20", tracker.port()));
        RawWebSocket second = upgrade(ProxyHeaders.v2("198.51.100.20", tracker.port()));
        assertServed(first);
        assertServed(second); // the IP's burst of two is spent, over two connections

        // Sent back to back, so the bucket (burst 2, one more per second) cannot refill between
        // them however slow the machine was above: of three, at least one is over the limit.
        assertThat(announceBackToBack(first, 3)).anyMatch(r -> r.contains("announce rate limit exceeded"));
        // Another client behind the same proxy has a full bucket of its own: a burst of two passes.
        RawWebSocket other = upgrade(ProxyHeaders.v1("198.51.100.21", tracker.port()));
        assertThat(other.status()).isEqualTo(101);
        assertThat(announceBackToBack(other, 2)).noneMatch(r -> r.contains("rate limit"));
    }

    private static List<String> announceBackToBack(RawWebSocket ws, int count) {
        for (int i = 0; i < count; i++) {
            ws.sendText(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString());
        }
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            replies.add(ws.readDataFrame().text());
        }
        return replies;
    }

    @Test
    void aHeaderFromASourceThatIsNotATrustedProxyIsNotBelieved() throws Exception {
        double before = refused("proxy_not_trusted");
        try (Socket stranger = socketFrom(STRANGER)) {
            byte[] header = ProxyHeaders.v1("198.51.100.5", tracker.port());

            assertThat(closedBeforeAnyResponse(stranger, header)).as("closed without a 101").isTrue();
        }
        await().atMost(RunningTracker.WAIT).until(() -> refused("proxy_not_trusted") == before + 1);
        assertThat(tracker.stats().getInteger("connections")).isZero();
    }

    @Test
    void aConnectionThatSendsNoHeaderIsClosedWithinTheTimeout() throws Exception {
        try (Socket silent = socketFrom(PROXY)) {
            silent.setSoTimeout((int) (HEADER_TIMEOUT.plus(SLACK).plus(SLACK)).toMillis());
            long started = System.nanoTime();

            assertThat(silent.getInputStream().read()).as("end of stream: closed by the tracker").isEqualTo(-1);
            Duration closedAfter = Duration.ofNanos(System.nanoTime() - started);
            assertThat(closedAfter).isGreaterThanOrEqualTo(HEADER_TIMEOUT.minusMillis(50))
                    .isLessThan(HEADER_TIMEOUT.plus(SLACK));
        }
    }

    @Test
    void aHeaderDribbledAByteAtATimeIsCutAtTheTimeoutCountedFromTheConnect() throws Exception {
        byte[] header = ProxyHeaders.v1("198.51.100.9", tracker.port()); // ~47 bytes: ~9 s at this pace
        try (Socket slow = socketFrom(PROXY)) {
            slow.setSoTimeout(200); // the read that waits for the tracker is the pace between bytes
            long started = System.nanoTime();
            Duration closedAfter = null;
            for (int i = 0; i < header.length - 2 && closedAfter == null; i++) {
                if (hungUpAfterWriting(slow, header[i])) {
                    closedAfter = Duration.ofNanos(System.nanoTime() - started);
                }
            }

            assertThat(closedAfter).as("closed before the header was complete").isNotNull()
                    .isGreaterThanOrEqualTo(HEADER_TIMEOUT.minusMillis(50))
                    .isLessThan(HEADER_TIMEOUT.plus(SLACK));
        }
    }

    /** Writes one byte and waits one pace for the tracker: true when it has hung up. */
    private static boolean hungUpAfterWriting(Socket socket, byte b) {
        try {
            socket.getOutputStream().write(b);
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void aRequestWithoutAHeaderIsClosedAtOnceAndCounted() throws Exception {
        double before = refused("proxy_header_invalid");
        try (Socket direct = socketFrom(PROXY)) {
            long started = System.nanoTime();

            assertThat(closedBeforeAnyResponse(direct, new byte[0])).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HEADER_TIMEOUT);
        }
        await().atMost(RunningTracker.WAIT).until(() -> refused("proxy_header_invalid") == before + 1);
    }

    @Test
    void xForwardedForIsReadOnlyWhenTheHeadersSourceIsItselfATrustedProxy() throws Exception {
        // a trusted L7 proxy in front: the clients it names count apart
        Map<String, String> viaL7 = Map.of("X-Forwarded-For", "198.51.100.6");
        for (int i = 0; i < PER_IP; i++) {
            assertServed(upgrade(PROXY, ProxyHeaders.v1(L7_PROXY, tracker.port()), viaL7));
        }
        assertThat(upgrade(PROXY, ProxyHeaders.v1(L7_PROXY, tracker.port()), viaL7).status()).isEqualTo(429);
        assertServed(upgrade(PROXY, ProxyHeaders.v1(L7_PROXY, tracker.port()), Map.of("X-Forwarded-For", "198.51.100.7")));

        // a viewer's own X-Forwarded-For: ignored, it is the header's source that counts
        for (int i = 0; i < PER_IP; i++) {
            assertServed(upgrade(PROXY, ProxyHeaders.v2("198.51.100.8", tracker.port()),
                    Map.of("X-Forwarded-For", "203.0.113." + i)));
        }
        assertThat(upgrade(PROXY, ProxyHeaders.v2("198.51.100.8", tracker.port()),
                Map.of("X-Forwarded-For", "203.0.113.99")).status()).isEqualTo(429);
    }

    @Test
    void aLocalCommandIsTheProxysOwnConnectionAndIsServedAsTheProxy() throws Exception {
        // what an NLB or HAProxy health check sends: no client named, the TCP peer is the client
        for (int i = 0; i < PER_IP; i++) {
            assertServed(upgrade(ProxyHeaders.v2Local()));
        }
        assertThat(upgrade(ProxyHeaders.v2Local()).status()).isEqualTo(429);
    }

    @Test
    void theAdminPortNeedsNoHeaderWhileThePublicPortDoes() throws Exception {
        assertThat(tracker.server().adminPort()).isNotNull().isNotEqualTo(tracker.port());
        for (String path : new String[] {"/health", "/ready", "/metrics"}) {
            assertThat(tracker.get(tracker.server().adminPort(), path, null).statusCode()).isEqualTo(200);
        }
        try (Socket direct = socketFrom(PROXY)) {
            byte[] get = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            direct.getOutputStream().write(get);
            direct.setSoTimeout((int) RunningTracker.WAIT.toMillis());
            assertThat(direct.getInputStream().read()).isEqualTo(-1);
        }
    }

    /**
     * Writes {@code preamble} and an upgrade request in one go; true when the tracker hangs up
     * without sending a byte (a reset counts as a hang-up).
     */
    private boolean closedBeforeAnyResponse(Socket socket, byte[] preamble) throws IOException {
        String upgrade = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        byte[] request = upgrade.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[preamble.length + request.length];
        System.arraycopy(preamble, 0, all, 0, preamble.length);
        System.arraycopy(request, 0, all, preamble.length, request.length);
        socket.setSoTimeout((int) RunningTracker.WAIT.toMillis());
        try {
            socket.getOutputStream().write(all);
            InputStream in = socket.getInputStream();
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
