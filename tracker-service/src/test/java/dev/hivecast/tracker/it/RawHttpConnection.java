package dev.hivecast.tracker.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * An HTTP/1.1 client on a bare socket, for what no real client sends: pipelined, dribbled,
 * ambiguous or malformed requests. Every read waits at most {@link #READ_TIMEOUT}.
 */
final class RawHttpConnection implements AutoCloseable {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    /** A response's status, headers (one string, lower-case names) and body length. */
    record Response(int status, String headers, int bodyLength) {
    }

    private final Socket socket = new Socket();
    private final OutputStream out;
    private final InputStream in;

    private RawHttpConnection(String localAddress, int port) {
        try {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            out = socket.getOutputStream();
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RawHttpConnection connect(int port) {
        return new RawHttpConnection(null, port);
    }

    /** From another loopback address (127.0.0.2 ...): another client IP for the tracker. */
    static RawHttpConnection connectFrom(String localAddress, int port) {
        return new RawHttpConnection(localAddress, port);
    }

    Socket socket() {
        return socket;
    }

    RawHttpConnection send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** Reads one response whose body has a Content-Length (all the tracker sends). */
    Response readResponse() throws IOException {
        String head = readHead();
        int status = Integer.parseInt(head.substring(9, 12));
        String lower = head.toLowerCase(Locale.ROOT);
        int length = 0;
        int at = lower.indexOf("\r\ncontent-length:");
        if (at >= 0) {
            int end = lower.indexOf("\r\n", at + 2);
            length = Integer.parseInt(lower.substring(at + 17, end).trim());
        }
        byte[] body = in.readNBytes(length);
        return new Response(status, lower, body.length);
    }

    /**
     * Whether the server closes the connection within {@code within}, reading (and discarding)
     * what it sends meanwhile. A reset counts as closed.
     */
    boolean closedWithin(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] sink = new byte[8192];
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
                try {
                    if (in.read(sink) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // still open
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * What the server sends until it closes, goes quiet for {@code quiet}, or has sent more than
     * {@code atMost} bytes (at most 30 s in all): the byte count.
     */
    long drain(Duration quiet, long atMost) {
        long total = 0;
        byte[] sink = new byte[65536];
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try {
            socket.setSoTimeout((int) quiet.toMillis());
            for (int n; total <= atMost && System.nanoTime() < deadline && (n = in.read(sink)) >= 0; ) {
                total += n;
            }
        } catch (IOException e) {
            // quiet, or reset: what was read is the count
        }
        return total;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (head.size() < 16_384) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head.size() + " bytes of a response head");
            }
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        throw new IOException("response head over 16 KiB");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
