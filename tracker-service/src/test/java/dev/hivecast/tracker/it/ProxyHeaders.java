package dev.hivecast.tracker.it;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PROXY protocol headers as HAProxy's spec (proxy-protocol.txt) defines them: v1 is one text
 * line, v2 a binary block. Each header gets a fresh source port, as a proxy forwarding distinct
 * client connections would.
 */
final class ProxyHeaders {

    /** v2's fixed 12-byte signature, chosen by the spec never to start a valid HTTP request. */
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final int V2_PROXY = 0x21;
    private static final int V2_LOCAL = 0x20;
    private static final int TCP_OVER_IPV4 = 0x11;
    private static final int TCP_OVER_IPV6 = 0x21;
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(40_000);

    private ProxyHeaders() {
    }

    /** {@code PROXY TCP4 198.51.100.1 127.0.0.1 40001 8000\r\n} (TCP6 for an IPv6 source). */
    static byte[] v1(String source, int destinationPort) {
        boolean ipv6 = source.contains(":");
        String line = "PROXY " + (ipv6 ? "TCP6 " : "TCP4 ") + source + " " + (ipv6 ? "::1" : "127.0.0.1") + " "
                + NEXT_PORT.incrementAndGet() + " " + destinationPort + "\r\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** A v2 PROXY command for a TCP connection from {@code source} (IPv4 or IPv6). */
    static byte[] v2(String source, int destinationPort) {
        byte[] src = address(source);
        byte[] dst = address(src.length == 4 ? "127.0.0.1" : "::1");
        ByteBuffer addresses = ByteBuffer.allocate(src.length * 2 + 4)
                .put(src).put(dst).putShort((short) NEXT_PORT.incrementAndGet()).putShort((short) destinationPort);
        return v2Block(V2_PROXY, src.length == 4 ? TCP_OVER_IPV4 : TCP_OVER_IPV6, addresses.array());
    }

    /**
     * A v2 LOCAL command: the proxy's own connection, a health check (the spec: use the real
     * connection's addresses). It names no client.
     */
    static byte[] v2Local() {
        return v2Block(V2_LOCAL, 0x00, new byte[0]);
    }

    private static byte[] v2Block(int versionAndCommand, int family, byte[] addresses) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(V2_SIGNATURE);
        out.write(versionAndCommand);
        out.write(family);
        out.write(addresses.length >>> 8);
        out.write(addresses.length & 0xFF);
        out.writeBytes(addresses);
        return out.toByteArray();
    }

    private static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress(); // a literal: never a DNS look-up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
