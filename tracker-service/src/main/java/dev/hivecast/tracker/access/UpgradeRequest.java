package dev.hivecast.tracker.access;

/**
 * What a WebSocket upgrade carries that access rules look at, copied out of the handshake so the
 * rules stay plain code.
 *
 * @param path          the request path, without the query
 * @param query         the raw query string without {@code ?}, or null
 * @param origin        the Origin header, or null when absent
 * @param remoteAddress the peer's IP address as the socket sees it (the proxy's, behind one); the
 *                      per-IP limits will read the client's address from trusted proxy headers
 */
public record UpgradeRequest(String path, String query, String origin, String remoteAddress) {
}
