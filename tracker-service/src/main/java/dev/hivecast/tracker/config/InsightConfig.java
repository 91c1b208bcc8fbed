package dev.hivecast.tracker.config;

/**
 * The {@code insight} section: the player beacon ({@code POST /beacon} on the public port), through
 * which player pages report how many bytes they got from peers and over HTTP, and the per-stream
 * labels of {@code tracker_player_bytes_total}. Off by default: the endpoint then answers 404. Also
 * whether relayed offers are read for their ICE candidate kinds (on by default).
 */
public record InsightConfig(
        @Setting(value = "false", doc = "Accept player beacons at POST /beacon on the public port (bytes from"
                + " peers and over HTTP per stream, counted in tracker_player_bytes_total); off = 404.")
        boolean beacon,
        // Each named stream is one more label value on two series: the operator bounds the
        // cardinality, a player cannot.
        @Setting(value = "", doc = "Comma-separated stream names or URLs (matched without their query and"
                + " fragment) that get their own stream label in tracker_player_bytes_total and"
                + " tracker_announced_bytes_total (an info_hash as 40 hex digits); every other stream is"
                + " counted as other.")
        String streams,
        // The largest valid body is about 300 bytes; a little room for JSON escapes in the name.
        @Setting(value = "2KiB", min = "256B", max = "64KiB", size = true, doc = "Largest beacon body;"
                + " a larger one gets HTTP 413 and is not read further.")
        int maxBodySize,
        @Setting(value = "10", min = "1", max = "1000000", doc = "Beacons per second one client IP (an IPv6"
                + " /64, behind limits.trusted-proxies the forwarded client) may send on average (token"
                + " bucket); more get HTTP 429 with Retry-After. Players behind one NAT share it.")
        int beaconRate,
        @Setting(value = "50", min = "1", max = "1000000", doc = "Beacons one client IP may send at once,"
                + " above insight.beacon-rate.")
        int beaconBurst,
        // A report bigger than this is a bug or a lie; refusing it keeps one client from moving
        // the totals by more than this per report.
        @Setting(value = "1GiB", min = "64KiB", max = "1GiB", size = true, doc = "Largest byte count one"
                + " report may carry per source: a beacon's p2p or http, or the growth of uploaded or"
                + " downloaded between two announces of one peer; a beacon above it gets HTTP 422, an"
                + " announce's growth above it is not counted.")
        int maxBytesPerReport,
        // On by default: reading an offer costs far less than relaying it (docs/benchmarks.md), and
        // the share of viewers without a server-reflexive candidate is the first clue when P2P fails.
        @Setting(value = "true", doc = "Read which ICE candidate kinds (host, mdns, srflx, prflx, relay) each"
                + " relayed offer's SDP carries, counted in tracker_offer_candidates_total and"
                + " tracker_offers_without_srflx_total; off = no SDP is read.")
        boolean iceCandidates) {

    public static InsightConfig defaults() {
        return ConfigBinder.defaults(InsightConfig.class);
    }
}
