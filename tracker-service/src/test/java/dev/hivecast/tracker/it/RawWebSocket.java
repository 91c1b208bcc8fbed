package dev.hivecast.tracker.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket client written against RFC 6455 on a plain socket, for what a library client
 * hides: exact frame boundaries, several frames in one TCP write, handshake headers, a client
 * that never reads, and the server's own pings.
 */
public final class RawWebSocket implements AutoCloseable {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One frame as the server sent it. */
    public record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame; 1005 when it has none. */
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int status;
    private final Map<String, String> headers;

    private RawWebSocket(Socket socket, InputStream in, int status, Map<String, String> headers) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.status = status;
        this.headers = headers;
    }

    public static RawWebSocket connect(int port, String path) {
        return connect(port, path, Map.of(), 0);
    }

    /** A connection from {@code source} (e.g. 127.3.0.1: Linux routes all of 127.0.0.0/8 to loopback). */
    public static RawWebSocket connectFrom(String source, int port) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return handshake(socket, new byte[0], port, "/", Map.of());
        } catch (IOException e) {
            throw new AssertionError("connect from " + source + " failed", e);
        }
    }

    /**
     * @param extraHeaders   added to the upgrade request
     * @param receiveBuffer  SO_RCVBUF to ask for before connecting (0 = the system default); a small
     *                       one makes a client that stops reading fill the server's queue sooner
     */
    static RawWebSocket connect(int port, String path, Map<String, String> extraHeaders, int receiveBuffer) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return handshake(socket, new byte[0], port, path, extraHeaders);
        } catch (IOException e) {
            throw new AssertionError("raw WebSocket connect failed", e);
        }
    }

    /**
     * The upgrade on a connected socket, after {@code preamble} (a PROXY protocol header, say)
     * in the same TCP write, as a proxy sends them when the client's request is already there.
     */
    static RawWebSocket handshake(Socket socket, byte[] preamble, int port, String path,
                                  Map<String, String> extraHeaders) {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) RunningTracker.WAIT.toMillis());
            byte[] key = new byte[16];
            RANDOM.nextBytes(key);
            StringBuilder request = new StringBuilder()
                    .append("GET ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Upgrade: websocket\r\n")
                    .append("Connection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(key)).append("\r\n")
                    .append("Sec-WebSocket-Version: 13\r\n");
            extraHeaders.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            request.append("\r\n");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(preamble);
            bytes.writeBytes(request.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes.toByteArray());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            return new RawWebSocket(socket, in, status, headers);
        } catch (IOException e) {
            throw new AssertionError("raw WebSocket connect failed", e);
        }
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** A masked frame, as a client must send it. */
    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xFF);
        } else {
            f.write(0x80 | 127);
            f.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        f.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
        return f.toByteArray();
    }

    public static byte[] textFrame(String text) {
        return frame(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes in one call: several frames given together leave in one TCP segment. */
    public void write(byte[]... frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            all.writeBytes(f);
        }
        try {
            out.write(all.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new AssertionError("write failed", e);
        }
    }

    public void sendText(String text) {
        write(textFrame(text));
    }

    /** The next frame from the server, waiting at most {@code timeoutMillis}. */
    public Frame readFrame(long timeoutMillis) {
        try {
            socket.setSoTimeout((int) Math.max(1, timeoutMillis));
            int b0 = readByte();
            int b1 = readByte();
            long length = b1 & 0x7F;
            if (length == 126) {
                length = (readByte() << 8) | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte();
                }
            }
            if ((b1 & 0x80) != 0) {
                throw new AssertionError("the server sent a masked frame");
            }
            byte[] payload = in.readNBytes((int) length);
            if (payload.length != length) {
                throw new EOFException("connection closed inside a frame");
            }
            return new Frame((b0 & 0x80) != 0, (b0 >>> 4) & 0x7, b0 & 0x0F, payload);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame within " + timeoutMillis + " ms");
        } catch (IOException e) {
            throw new AssertionError("read failed", e);
        }
    }

    Frame readFrame() {
        return readFrame(RunningTracker.WAIT.toMillis());
    }

    /** The next data frame, answering nothing and skipping pings. */
    Frame readDataFrame() {
        long deadline = System.nanoTime() + RunningTracker.WAIT.toNanos();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("no data frame within " + RunningTracker.WAIT.toSeconds() + " s");
            }
            Frame f = readFrame(left);
            if (f.opcode() != PING && f.opcode() != PONG) {
                return f;
            }
        }
    }

    /** Reads until the server's close frame, skipping anything else; returns its code. */
    int awaitCloseCode() {
        long deadline = System.nanoTime() + RunningTracker.WAIT.toNanos();
        for (int frames = 0; frames < 100_000; frames++) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            Frame f = readFrame(left);
            if (f.opcode() == CLOSE) {
                return f.closeCode();
            }
        }
        throw new AssertionError("no close frame within " + RunningTracker.WAIT.toSeconds() + " s");
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed by the server");
        }
        return b;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            head.write(b);
            last4 = (last4 << 8) | b;
            if (head.size() > 16_384) {
                throw new IOException("handshake response too long");
            }
        }
        return head.toString(StandardCharsets.US_ASCII).trim();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket the server already dropped
        }
    }
}
