package dev.hivecast.tracker.access;

/**
 * What a WebSocket upgrade carries that access rules look at, copied out of the handshake so the
 * rules stay plain code.
 *
 * @param path          the request path, without the query
 * @param query         the raw query string without {@code ?}, or null
 * @param origin        the Origin header, or null when absent
 * @param remoteAddress the client's IP address: the socket's peer, or, when that peer is one of
 *                      {@code limits.trusted-proxies}, the address its forwarding headers name
 */
public record UpgradeRequest(String path, String query, String origin, String remoteAddress) {
}
