package dev.hivecast.tracker.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may cost: connections per node and per client IP, message rates per connection
 * and per IP (token buckets: {@code *-rate} per second on average, {@code *-burst} at once; a rate
 * of 0 = no limit), swarms and peer_ids per connection, and how long an upgrade request may take.
 * Limits per IP are off by default: behind a proxy that is not listed in {@code trustedProxies}
 * every viewer has the proxy's address, and one NAT can hold many viewers.
 *
 * @param maxConnections          WebSocket connections this node holds at once; more get HTTP 503; 0 = no limit
 * @param maxConnectionsPerIp     connections one client IP (an IPv6 /64) holds at once; more get HTTP 429; 0 = no limit
 * @param trustedProxies          comma-separated addresses or CIDR blocks of proxies whose
 *                                {@code Forwarded} / {@code X-Forwarded-For} name the client
 * @param proxyProtocol           every connection to the public port starts with a PROXY protocol
 *                                header (v1 or v2) naming the client; only trusted proxies may send one
 * @param proxyProtocolTimeout    a connection whose PROXY header is not complete this long after it connected is closed
 * @param upgradeTimeout          a connection whose upgrade request is not complete by then is closed (slowloris)
 * @param socketSendBuffer        SO_SNDBUF of each connection, in bytes; 0 = the kernel's autotuning
 * @param messageTimeout          a message sent in fragments must be complete this long after its first fragment
 * @param announceRate            announces per second one connection may send on average; 0 = no limit
 * @param announceBurst           announces one connection may send at once
 * @param answerRate              answers per second one connection may send on average; 0 = no limit
 * @param answerBurst             answers one connection may send at once
 * @param scrapeRate              scrapes per second one connection may send on average; 0 = no limit
 * @param scrapeBurst             scrapes one connection may send at once
 * @param ipAnnounceRate          announces per second all connections of one client IP may send; 0 = no limit
 * @param ipAnnounceBurst         announces one client IP may send at once
 * @param ipAnswerRate            answers per second all connections of one client IP may send; 0 = no limit
 * @param ipAnswerBurst           answers one client IP may send at once
 * @param ipScrapeRate            scrapes per second all connections of one client IP may send; 0 = no limit
 * @param ipScrapeBurst           scrapes one client IP may send at once
 * @param maxSwarmsPerConnection  swarms one connection may be a member of at once; 0 = no limit
 * @param maxPeerIdsPerConnection distinct peer_ids one connection may announce at once; 0 = no limit
 */
public record LimitsConfig(
        int maxConnections,
        int maxConnectionsPerIp,
        String trustedProxies,
        boolean proxyProtocol,
        Duration proxyProtocolTimeout,
        Duration upgradeTimeout,
        int socketSendBuffer,
        Duration messageTimeout,
        int announceRate,
        int announceBurst,
        int answerRate,
        int answerBurst,
        int scrapeRate,
        int scrapeBurst,
        int ipAnnounceRate,
        int ipAnnounceBurst,
        int ipAnswerRate,
        int ipAnswerBurst,
        int ipScrapeRate,
        int ipScrapeBurst,
        int maxSwarmsPerConnection,
        int maxPeerIdsPerConnection) {

    public static final int DEFAULT_MAX_CONNECTIONS = 0;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 0;
    public static final Duration DEFAULT_UPGRADE_TIMEOUT = Duration.ofSeconds(10);
    /** Off: a PROXY header is only safe to read when a proxy that sends one is in front. */
    public static final boolean DEFAULT_PROXY_PROTOCOL = false;
    /**
     * Vert.x's own default. Proxies send the header as soon as they connect (HAProxy, nginx) or
     * with the client's first bytes (which browsers send at once), so 10 s is generous.
     */
    public static final Duration DEFAULT_PROXY_PROTOCOL_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Measured (NonReadersMemoryIT): with the kernel's autotuning a connection that never reads
     * had about 2.6 MB of offers accepted into its socket buffer on loopback (tcp_wmem allows up
     * to 4 MiB) before the tracker's own queue saw any pressure: kernel memory an attacker gets
     * per connection. A fixed 64 KiB holds the largest message; signaling needs no more.
     */
    public static final int DEFAULT_SOCKET_SEND_BUFFER = 65_536;
    /**
     * Each fragment of a message is a frame, so the idle timeout never cuts a message dribbled one
     * small fragment at a time; this does. Real clients send a message in one frame.
     */
    public static final Duration DEFAULT_MESSAGE_TIMEOUT = Duration.ofSeconds(30);
    /** Rates are off by default; the bursts apply once a rate is set. */
    public static final int DEFAULT_RATE = 0;
    /** P2P Media Loader announces every swarm (rendition) at once after a reconnect. */
    public static final int DEFAULT_ANNOUNCE_BURST = 20;
    /** A viewer joining a big swarm answers a burst of offers (at most max-pending-offers of them). */
    public static final int DEFAULT_ANSWER_BURST = 100;
    public static final int DEFAULT_SCRAPE_BURST = 10;
    public static final int DEFAULT_IP_ANNOUNCE_BURST = 200;
    public static final int DEFAULT_IP_ANSWER_BURST = 1000;
    public static final int DEFAULT_IP_SCRAPE_BURST = 100;
    /**
     * A player uses one swarm per rendition (a handful) and a page a few players: 100 is far above
     * that, and far below what joining thousands of swarms to map or flood them needs.
     */
    public static final int DEFAULT_MAX_SWARMS_PER_CONNECTION = 100;
    public static final int DEFAULT_MAX_PEER_IDS_PER_CONNECTION = 100;

    public LimitsConfig {
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(proxyProtocolTimeout, "proxyProtocolTimeout");
        Objects.requireNonNull(upgradeTimeout, "upgradeTimeout");
        Objects.requireNonNull(messageTimeout, "messageTimeout");
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_IP, "", DEFAULT_PROXY_PROTOCOL,
                DEFAULT_PROXY_PROTOCOL_TIMEOUT, DEFAULT_UPGRADE_TIMEOUT,
                DEFAULT_SOCKET_SEND_BUFFER, DEFAULT_MESSAGE_TIMEOUT,
                DEFAULT_RATE, DEFAULT_ANNOUNCE_BURST, DEFAULT_RATE, DEFAULT_ANSWER_BURST, DEFAULT_RATE,
                DEFAULT_SCRAPE_BURST, DEFAULT_RATE, DEFAULT_IP_ANNOUNCE_BURST, DEFAULT_RATE, DEFAULT_IP_ANSWER_BURST,
                DEFAULT_RATE, DEFAULT_IP_SCRAPE_BURST, DEFAULT_MAX_SWARMS_PER_CONNECTION,
                DEFAULT_MAX_PEER_IDS_PER_CONNECTION);
    }
}
