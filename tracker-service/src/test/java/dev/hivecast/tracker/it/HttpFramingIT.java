package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Requests that must never reach the tracker's handlers. Ambiguous framing (RFC 9112 §6.1, §6.3:
 * Content-Length with Transfer-Encoding, a Transfer-Encoding other than chunked) is what request
 * smuggling through a proxy that reuses upstream connections is made of: exactly one 400 and the
 * connection closed, so nothing after it is read as a request. WebSocket upgrades that RFC 6455
 * §4.2.1 calls invalid get 400, a version other than 13 gets 426 with the version spoken
 * (§4.4); a well-formed upgrade still gets its 101. A witness pair is served throughout.
 */
@RunsAlone
class HttpFramingIT extends TrackerTestBase {

    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(3);
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static String upgrade(String version, String headers) {
        return "GET / HTTP/" + version + "\r\n" + headers + "Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
    }

    private static final String GOOD_HEADERS = "Host: 127.0.0.1\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n";

    /** Sends {@code request}; asserts one response with {@code status}, then a close with nothing more. */
    private RawHttpConnection.Response refusedAndClosed(String request, int status) throws Exception {
        try (RawHttpConnection http = RawHttpConnection.connect(tracker.port())) {
            http.send(request);
            RawHttpConnection.Response response = http.readResponse();
            assertThat(response.status()).as(request).isEqualTo(status);
            assertThat(http.drain(CLOSE_WITHIN, 1 << 20)).as("bytes after the one response to %s", request).isZero();
            assertThat(http.closedWithin(Duration.ofMillis(100))).as("closed after %s", request).isTrue();
            return response;
        }
    }

    @Test
    void contentLengthWithTransferEncodingGetsOne400AndTheSmuggledRequestIsNeverRead() throws Exception {
        try (WitnessPair witness = WitnessPair.start(peer(), peer())) {
            double before = metric("tracker_upgrades_refused_total", "reason", "ambiguous_request");
            refusedAndClosed("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400);
            refusedAndClosed("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 6\r\n\r\n"
                    + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400);
            refusedAndClosed("POST / HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400);
            assertThat(metric("tracker_upgrades_refused_total", "reason", "ambiguous_request")).isEqualTo(before + 3);
            witness.awaitRounds(10);
            witness.stopAndAssertServed();
        }
    }

    @Test
    void aTransferEncodingOtherThanExactlyChunkedGets400AndAClose() throws Exception {
        for (String coding : new String[] {"chunked, identity", "xchunked", "identity", "gzip, chunked"}) {
            refusedAndClosed("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: " + coding + "\r\n\r\n"
                    + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400);
        }
        refusedAndClosed("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n", 400);
    }

    @Test
    void conflictingContentLengthsGet400AndAClose() throws Exception {
        refusedAndClosed("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 6\r\nContent-Length: 7\r\n\r\n"
                + "GET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400);
    }

    @Test
    void upgradesThatRfc6455CallsInvalidGet400BeforeAnyRule() throws Exception {
        double before = metric("tracker_upgrades_refused_total", "reason", "bad_handshake");
        String twoKeys = "Host: 127.0.0.1\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Key: " + KEY
                + "\r\nSec-WebSocket-Version: 13\r\n";
        String shortKey = "Host: 127.0.0.1\r\nSec-WebSocket-Key: AAAAAAAAAAA=\r\nSec-WebSocket-Version: 13\r\n";
        String emptyKey = "Host: 127.0.0.1\r\nSec-WebSocket-Key: \r\nSec-WebSocket-Version: 13\r\n";
        String noKey = "Host: 127.0.0.1\r\nSec-WebSocket-Version: 13\r\n";
        String noHost = "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n";
        refusedAndClosed(upgrade("1.1", twoKeys), 400);
        refusedAndClosed(upgrade("1.1", shortKey), 400);
        refusedAndClosed(upgrade("1.1", emptyKey), 400);
        refusedAndClosed(upgrade("1.1", noKey), 400);
        refusedAndClosed(upgrade("1.1", noHost), 400);
        refusedAndClosed(upgrade("1.0", GOOD_HEADERS), 400);
        assertThat(metric("tracker_upgrades_refused_total", "reason", "bad_handshake")).isEqualTo(before + 6);
    }

    @Test
    void anUpgradeForAnotherWebSocketVersionGets426NamingVersion13() throws Exception {
        double before = metric("tracker_upgrades_refused_total", "reason", "websocket_version");
        for (String version : new String[] {"8", "14", "13, 8"}) {
            RawHttpConnection.Response response = refusedAndClosed(upgrade("1.1",
                    "Host: 127.0.0.1\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: " + version + "\r\n"), 426);
            assertThat(response.headers()).contains("\r\nsec-websocket-version: 13\r\n");
        }
        assertThat(metric("tracker_upgrades_refused_total", "reason", "websocket_version")).isEqualTo(before + 3);
    }

    @Test
    void aWellFormedUpgradeStillGets101() throws Exception {
        try (RawHttpConnection http = RawHttpConnection.connect(tracker.port())) {
            http.send(upgrade("1.1", GOOD_HEADERS));
            assertThat(http.readResponse().status()).isEqualTo(101);
        }
    }
}
