package dev.hivecast.tracker.config;

import java.time.Duration;

/**
 * The {@code limits} section: what one client may cost. Connections per node and per client IP,
 * message rates per connection and per IP (token buckets: {@code *-rate} per second on average,
 * {@code *-burst} at once; a rate of 0 = no limit), swarms and peer_ids per connection, and how
 * long a request may take. Limits per IP are off by default: behind a proxy that is not listed in
 * {@code trusted-proxies} every viewer has the proxy's address, and one NAT can hold many viewers.
 */
public record LimitsConfig(
        @Setting(value = "0", min = "0", max = "10000000", doc = "TCP connections (HTTP or WebSocket) the"
                + " public port holds at once; the request of one more gets HTTP 503 (another node may take"
                + " it); 0 = no limit.")
        int maxConnections,
        @Setting(value = "0", min = "0", max = "10000000", doc = "Connections one client IP (an IPv6 /64)"
                + " holds at once, counted from the first byte (from the upgrade for a client named by a"
                + " trusted proxy); the request of one more gets HTTP 429; 0 = no limit. Behind a proxy,"
                + " list it in limits.trusted-proxies first.")
        int maxConnectionsPerIp,
        @Setting(value = "", doc = "Comma-separated addresses or CIDR blocks (10.0.0.0/8, fd00::/8) of"
                + " proxies whose Forwarded or X-Forwarded-For header names the client (the right-most"
                + " address that is not a trusted proxy); empty = the client is the socket's peer.")
        String trustedProxies,
        // Off: a PROXY header is only safe to read when a proxy that sends one is in front.
        @Setting(value = "false", doc = "Every connection to the public port starts with a PROXY protocol"
                + " header, v1 or v2 (AWS NLB, HAProxy send-proxy, nginx proxy_protocol), whose source"
                + " address is the client's; connections from outside limits.trusted-proxies are closed,"
                + " and one without a header is closed after limits.proxy-protocol-timeout. Needs"
                + " limits.trusted-proxies; set admin.port too (its listener never expects a header;"
                + " probes and Prometheus send none).")
        boolean proxyProtocol,
        // Vert.x's own default. Proxies send the header as soon as they connect (HAProxy, nginx) or
        // with the client's first bytes (which browsers send at once), so 10 s is generous.
        @Setting(value = "10s", min = "1s", max = "1h", doc = "Time a new connection has to send its whole"
                + " PROXY header; then it is closed (limits.request-timeout starts after the header).")
        Duration proxyProtocolTimeout,
        // Each request, not only a connection's first: keep-alive would otherwise let a client
        // that sent one quick request dribble the next one (or sit idle) for ever.
        @Setting(value = "10s", min = "1s", max = "1h", doc = "Time an HTTP connection has for each whole"
                + " request (line, headers, body; an upgrade or plain HTTP) from its start or its previous"
                + " response, and for each response to be written; then it is closed (slowloris, idle"
                + " keep-alive, clients that do not read).")
        Duration requestTimeout,
        // Browsers and Prometheus never pipeline; a few held requests tolerate clients that do,
        // while one request in flight keeps a client that never reads down to one response.
        @Setting(value = "4", min = "0", max = "1000", doc = "Requests an HTTP connection may send ahead"
                + " of the response to its previous one; they wait unread, one is answered at a time, and"
                + " one more closes the connection.")
        int maxPipelinedRequests,
        // Measured (NonReadersMemoryIT): with the kernel's autotuning a connection that never reads
        // had about 2.6 MB of offers accepted into its socket buffer on loopback before the
        // tracker's own queue saw any pressure. A fixed 64 KiB holds the largest message.
        @Setting(value = "64KiB", min = "0B", max = "64MiB", size = true, doc = "Kernel send buffer"
                + " (SO_SNDBUF) of each connection: what a client that does not read can make the kernel"
                + " hold before connection.send-queue-size applies; 0B = the kernel's autotuning (up to"
                + " tcp_wmem, megabytes per connection).")
        int socketSendBuffer,
        // Each fragment is a frame, so the idle timeout never cuts a message dribbled one small
        // fragment at a time; this does. Real clients send a message in one frame.
        @Setting(value = "30s", min = "1s", max = "1h", doc = "Time a message sent in fragments may take"
                + " from its first fragment to its last before the connection is closed with 1008.")
        Duration messageTimeout,
        @Setting(value = "0", min = "0", max = "1000000", doc = "Announces per second one connection may"
                + " send on average (token bucket); more get a failure reason; 0 = no limit.")
        int announceRate,
        // P2P Media Loader announces every swarm (rendition) at once after a reconnect.
        @Setting(value = "20", min = "1", max = "1000000",
                doc = "Announces one connection may send at once, above limits.announce-rate.")
        int announceBurst,
        @Setting(value = "0", min = "0", max = "1000000", doc = "Answers per second one connection may"
                + " send on average (a bucket apart from announces); 0 = no limit.")
        int answerRate,
        // A viewer joining a big swarm answers a burst of offers (at most max-pending-offers).
        @Setting(value = "100", min = "1", max = "1000000",
                doc = "Answers one connection may send at once, above limits.answer-rate.")
        int answerBurst,
        @Setting(value = "0", min = "0", max = "1000000",
                doc = "Scrapes per second one connection may send on average; 0 = no limit.")
        int scrapeRate,
        @Setting(value = "10", min = "1", max = "1000000",
                doc = "Scrapes one connection may send at once, above limits.scrape-rate.")
        int scrapeBurst,
        @Setting(value = "0", min = "0", max = "1000000", doc = "Announces per second all connections of"
                + " one client IP may send together; 0 = no limit.")
        int ipAnnounceRate,
        @Setting(value = "200", min = "1", max = "1000000",
                doc = "Announces one client IP may send at once, above limits.ip-announce-rate.")
        int ipAnnounceBurst,
        @Setting(value = "0", min = "0", max = "1000000", doc = "Answers per second all connections of"
                + " one client IP may send together; 0 = no limit.")
        int ipAnswerRate,
        @Setting(value = "1000", min = "1", max = "1000000",
                doc = "Answers one client IP may send at once, above limits.ip-answer-rate.")
        int ipAnswerBurst,
        @Setting(value = "0", min = "0", max = "1000000", doc = "Scrapes per second all connections of"
                + " one client IP may send together; 0 = no limit.")
        int ipScrapeRate,
        @Setting(value = "100", min = "1", max = "1000000",
                doc = "Scrapes one client IP may send at once, above limits.ip-scrape-rate.")
        int ipScrapeBurst,
        // A player uses one swarm per rendition (a handful) and a page a few players: 100 is far
        // above that, and far below what joining thousands of swarms to map or flood them needs.
        @Setting(value = "100", min = "0", max = "1000000", doc = "Swarms one connection may be a member"
                + " of at once; an announce joining one more gets a failure reason; 0 = no limit.")
        int maxSwarmsPerConnection,
        @Setting(value = "100", min = "0", max = "1000000", doc = "Distinct peer_ids one connection may"
                + " announce at once; an announce with one more gets a failure reason; 0 = no limit.")
        int maxPeerIdsPerConnection) {


    public static LimitsConfig defaults() {
        return ConfigBinder.defaults(LimitsConfig.class);
    }
}
