package dev.hivecast.tracker.limits;

import dev.hivecast.tracker.net.AddressBlocks;
import dev.hivecast.tracker.net.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who the client is: the socket's peer, unless that peer is a trusted proxy, in which case the
 * right-most address of {@code Forwarded} (RFC 7239) or else {@code X-Forwarded-For} that is not
 * itself a trusted proxy. Right-most, because every proxy appends what it saw and only the part
 * our own proxies wrote can be believed: anything to the left of it came from the client.
 *
 * <p>Behind PROXY protocol the "socket's peer" is the source address of the PROXY header (the
 * hop the proxy saw), and the same walk starts from it: an L7 proxy in the trusted list that sits
 * in front of the L4 one has its {@code X-Forwarded-For} read; a viewer's own is ignored.
 */
public final class ClientAddresses {

    private final AddressBlocks trusted;

    public ClientAddresses(AddressBlocks trusted) {
        this.trusted = trusted;
    }

    /**
     * @param peer          the socket's remote address (an IP literal), or null
     * @param forwarded     the {@code Forwarded} header, or null
     * @param xForwardedFor the {@code X-Forwarded-For} header, or null
     * @return the client's IP address as text, or {@code peer} when it cannot be told better
     */
    public String clientOf(String peer, String forwarded, String xForwardedFor) {
        if (trusted.isEmpty() || peer == null) {
            return peer;
        }
        InetAddress peerAddress = IpAddresses.parse(peer);
        if (peerAddress == null || !trusted.contains(peerAddress)) {
            return peer;
        }
        List<String> chain = forwarded != null ? forwardedFor(forwarded)
                : xForwardedFor != null ? commaList(xForwardedFor) : List.of();
        InetAddress client = peerAddress;
        for (int i = chain.size() - 1; i >= 0; i--) {
            InetAddress hop = IpAddresses.parse(chain.get(i));
            if (hop == null) {
                break; // "unknown" or garbage: the last proxy we believe is as far as we can see
            }
            client = hop;
            if (!trusted.contains(hop)) {
                break;
            }
        }
        return client.getHostAddress();
    }

    /**
     * Whether {@code tcpPeer} (an IP literal, or null) is a trusted proxy: the only kind of peer
     * whose PROXY protocol header is believed, since anyone else could name any client in it.
     */
    public boolean isTrustedProxy(String tcpPeer) {
        InetAddress address = tcpPeer == null ? null : IpAddresses.parse(tcpPeer);
        return address != null && trusted.contains(address);
    }

    private static List<String> commaList(String header) {
        List<String> out = new ArrayList<>();
        for (String part : header.split(",")) {
            out.add(part.trim());
        }
        return out;
    }

    /** The {@code for=} values of each element, quotes removed. */
    private static List<String> forwardedFor(String header) {
        List<String> out = new ArrayList<>();
        for (String element : header.split(",")) {
            String value = null;
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                    value = pair.substring(eq + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                }
            }
            out.add(value == null ? "" : value);
        }
        return out;
    }
}
