package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The public port speaks HTTP/1.1 only: a request asking to upgrade to cleartext HTTP/2 (h2c, as
 * curl --http2 and the JDK's HttpClient ask by default) is answered over HTTP/1.1. Less protocol
 * on the public side is less to attack, and nothing the tracker serves needs HTTP/2.
 */
class Http1OnlyIT extends TrackerTestBase {

    @Test
    void aRequestAskingForH2cIsAnsweredOverHttp11() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", tracker.port()), 5_000);
            socket.setSoTimeout((int) RunningTracker.WAIT.toMillis());
            String request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));

            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();

            assertThat(statusLine).isEqualTo("HTTP/1.1 200 OK");
        }
    }
}
