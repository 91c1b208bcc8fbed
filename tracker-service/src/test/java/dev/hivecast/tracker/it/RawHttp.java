package dev.hivecast.tracker.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One keep-alive HTTP/1.1 connection on a plain socket, bound to a loopback address of the test's
 * choosing (127.0.0.x), so that one test can be many client IPs. One request at a time; every read
 * has a deadline.
 */
final class RawHttp implements AutoCloseable {

    /** A response; {@code headers} have lower-case names. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        // Buffered: a response's headers are read a byte at a time, and a flood test's clients
        // should spend the shared CPU on requests, not on one read call per byte.
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    /** A connection from {@code localAddress} (e.g. 127.0.0.23) to the tracker on 127.0.0.1. */
    static RawHttp connect(String localAddress, int port) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            return new RawHttp(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one request and reads its whole response (no body is read for {@code HEAD}). */
    Response exchange(String method, String path) {
        send(method, path);
        return "HEAD".equals(method) ? receiveHead() : receive();
    }

    /** Sends one request with a {@code text/plain} body (as {@code navigator.sendBeacon} does) and reads its response. */
    Response exchange(String method, String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
        return receive();
    }

    /** Sends one request without waiting for its response. */
    void send(String method, String path) {
        try {
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    /** The next response, body included. */
    Response receive() {
        return read(false);
    }

    private Response receiveHead() {
        return read(true);
    }

    /** What arrives after a response until the server closes or the wait ends: nothing, if it keeps to HTTP. */
    int bytesUntilQuiet(int millis) {
        try {
            socket.setSoTimeout(millis);
            return in.read() < 0 ? 0 : 1 + in.available();
        } catch (java.net.SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response read(boolean head) {
        try {
            return readResponse(head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response readResponse(boolean head) throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Response(status, headers, in.readNBytes(length));
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (b != '\r') {
                bytes.write(b);
            }
            if (bytes.size() > 16_384) {
                throw new IOException("header line too long");
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
