package dev.hivecast.loadtest;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The generator's flags, parsed and validated. Every flag has a default so that a bare
 * {@code --url} runs the standard relay scenario: 1,000 peers in 10 swarms, 5 offers each,
 * re-announcing every 5 s, measured for 60 s after a 10 s warm-up.
 */
record LoadOptions(
        List<URI> urls,
        Mode mode,
        int peers,
        int swarms,
        double rampPerSecond,
        int offers,
        double intervalSeconds,
        int warmupSeconds,
        int durationSeconds,
        int sourceAddresses,
        int eventLoops,
        int offerSdpBytes,
        int answerSdpBytes,
        int connectTimeoutSeconds,
        SwarmPopularity popularity,
        long seed,
        int renditions,
        int switchIntervalSeconds,
        double switchProbability,
        int firstPeer,
        int firstSourceAddress,
        int lingerSeconds) {

    enum Mode { IDLE, RELAY }

    /**
     * Connections per source address by default. Each connection binds its source address with
     * port 0 (and SO_REUSEADDR, Vert.x's default), and Linux then looks for a free port in one
     * parity of the lower half of the ephemeral range first: ~7,000 ports here. Past that, every
     * bind scans them all: 6.5-8 us per bind below 6,000 ports in use on an address, 1.2-2.7 ms
     * from 8,000 (docs/benchmarks.md, results folder generator-bind-cost). A generator at 16,000 peers per address
     * spent 0.4 core of kernel time binding during d3's ramp, and its connections timed out.
     * Ports in TIME_WAIT count too, for 60 s after the previous run on the same addresses, so
     * this leaves room for one run's worth of them.
     */
    static final int PEERS_PER_SOURCE_ADDRESS = 2_500;

    static final String HELP = """
            Usage: java -jar hivecast-load-test.jar --url ws://127.0.0.1:PORT/ [FLAG VALUE]...

            Opens P WebSocket connections to a WebTorrent tracker, one peer_id each, spread over
            S swarms (--popularity), and measures what the tracker gives back. Prints a progress
            line every 5 s, the line WINDOW-START when the measured window begins and WINDOW-END
            when it ends (measure.sh samples the tracker there), a summary table, one RESULT line
            of key=value pairs and one JSON line. Only loopback targets (127.0.0.0/8, ::1) are
            accepted.

            Modes:
              idle   each connection sends one `started` announce without offers, then all are held
                     until SIGTERM/SIGINT or --duration (for memory per connection). The window
                     starts once every open connection has its announce reply.
              relay  each connection announces `started` with --offers offers (numwant = offers),
                     re-announces every --interval s (random phase, no event, fresh offers), and
                     answers every offer it receives. The window starts --warmup s after the ramp
                     and lasts --duration s; then the generator closes everything and exits.

            Flags:
              --url URL[,URL...]       tracker WebSocket URL, ws:// on a loopback address (required);
                                       several (a cluster's nodes): peer i connects to URL i mod n
              --mode idle|relay        default relay
              --peers P                connections, one peer each, at most 19,000 (one process may
                                       hold 20,000 open files here); default 1000
              --swarms S               swarms (streams); 1 = one giant swarm; default 10
              --popularity SHAPE       how viewers spread over the swarms; default uniform
                                         uniform  peer i joins swarm i mod S
                                         zipf     swarm r (0-based) gets a share 1/(r+1)^s
                                         gamma    each swarm's share is a Gamma(k, 1) draw,
                                                  sorted so swarm 0 is the largest
                                       zipf and gamma sizes are exact (largest remainder), the
                                       viewers dealt to them in an order shuffled by --seed
              --zipf-exponent s        zipf's exponent; default 1.0
              --gamma-shape k          gamma's shape; default 0.2 (a few huge swarms, a long tail)
              --seed N                 seeds everything random (swarm sizes and order, offer ids,
                                       SDP texts, timer phases, switches): the same flags give
                                       the same audience against every tracker; default 1
              --renditions N           renditions (quality levels) per swarm, each its own
                                       info_hash, as P2P Media Loader has; a viewer starts on a
                                       seeded random one; default 1
              --switch-interval SEC    relay: every viewer switches rendition every SEC s (random
                                       phase); 0 = never; default 0
              --switch-probability p   relay: each re-announce is a switch instead with
                                       probability p (0..1); default 0
                                       A switch is one step up or down the ladder: `stopped` on
                                       the old info_hash, then `started` with fresh offers on the
                                       new one, on the same connection; offers still arriving
                                       for the old swarm are not answered (its client is gone).
                                       Either switch flag needs --renditions 2 or more.
              --ramp R                 new connections per second; default 500
              --offers K               offers per announce (relay); default 5
              --interval T             seconds between re-announces of one peer (relay), e.g. 0.5;
                                       default 5
              --warmup W               seconds of traffic between the ramp and the window (relay);
                                       default 10, lets both trackers' JITs settle
              --duration D             relay: seconds measured; idle: most seconds to hold after the
                                       window starts; default 60 (relay), 600 (idle)
              --source-addresses N     spread connections over 127.0.0.1 .. 127.0.0.N; 0 = one
                                       address per 2,500 peers; default 0
              --first-source-address A start the source addresses at 127.0.0.A instead of .1, so
                                       several generator processes do not share ephemeral ports;
                                       default 1
              --first-peer I           number this process's peers from I (peer_ids are unique
                                       per number), so several generators can share one tracker
                                       or cluster; default 0
              --event-loops N          generator event loops; default 1
              --offer-sdp-bytes B      size of each offer's SDP text; default 1300
              --answer-sdp-bytes B     size of each answer's SDP text; default 550
              --connect-timeout SEC    WebSocket connect + upgrade timeout; default 10
              --linger S               relay: after the window and its summary, go on signalling
                                       (unmeasured) for up to S s before closing, or until
                                       SIGTERM/SIGINT; for generators running side by side, so
                                       one that finishes first does not close its connections
                                       inside another's window; default 0
              -h, --help               print this help, then exit

            Output: progress every 5 s (totals, relayed/s, msgs/s, announce p50/p99, own CPU); at
            the end a table, a RESULT line of key=value pairs and one JSON line (starts with
            {"tool":"hivecast-load-test") with the options, counts, rates per second and the
            latency percentiles p50/p90/p99/p99.9/max in ms.

            Exit status: 0 when it ran (whatever the tracker did), 1 when it could not set up
            (no connection opened, a generated frame the codec rejects), 2 on a bad flag.
            """;

    static LoadOptions parse(String[] args) {
        List<URI> urls = null;
        Mode mode = Mode.RELAY;
        int peers = 1000, swarms = 10, offers = 5, warmup = 10, sources = 0, loops = 1;
        double interval = 5;
        int offerSdp = 1300, answerSdp = 550, connectTimeout = 10;
        int renditions = 1, switchInterval = 0, firstPeer = 0, firstSource = 1, linger = 0;
        double switchProbability = 0;
        long seed = 1;
        String popularity = "uniform";
        Double zipf = null, gamma = null;
        Integer duration = null;
        double ramp = 500;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value (see --help)");
            }
            String value = args[++i];
            switch (flag) {
                case "--url" -> urls = parseUrls(value);
                case "--mode" -> mode = parseMode(value);
                case "--peers" -> peers = intIn(flag, value, 1, 19_000);
                case "--swarms" -> swarms = intIn(flag, value, 1, 1_000_000);
                case "--ramp" -> ramp = doubleIn(flag, value, 0.1, 100_000);
                case "--offers" -> offers = intIn(flag, value, 0, 100);
                case "--interval" -> interval = doubleIn(flag, value, 0.05, 3600);
                case "--warmup" -> warmup = intIn(flag, value, 0, 3600);
                case "--duration" -> duration = intIn(flag, value, 1, 86_400);
                case "--source-addresses" -> sources = intIn(flag, value, 0, 254);
                case "--event-loops" -> loops = intIn(flag, value, 1, 64);
                case "--offer-sdp-bytes" -> offerSdp = intIn(flag, value, 200, 60_000);
                case "--answer-sdp-bytes" -> answerSdp = intIn(flag, value, 200, 60_000);
                case "--connect-timeout" -> connectTimeout = intIn(flag, value, 1, 600);
                case "--popularity" -> popularity = value;
                case "--zipf-exponent" -> zipf = doubleIn(flag, value, 0, 5);
                case "--gamma-shape" -> gamma = doubleIn(flag, value, 0.01, 100);
                case "--seed" -> seed = longOf(flag, value);
                case "--renditions" -> renditions = intIn(flag, value, 1, 16);
                case "--switch-interval" -> switchInterval = intIn(flag, value, 0, 86_400);
                case "--switch-probability" -> switchProbability = doubleIn(flag, value, 0, 1);
                case "--first-peer" -> firstPeer = intIn(flag, value, 0, 100_000_000);
                case "--first-source-address" -> firstSource = intIn(flag, value, 1, 254);
                case "--linger" -> linger = intIn(flag, value, 0, 3600);
                default -> throw new IllegalArgumentException("unknown flag " + flag + " (see --help)");
            }
        }
        if (urls == null) {
            throw new IllegalArgumentException("--url is required (see --help)");
        }
        urls.forEach(LoadOptions::requireLoopbackWs);
        if (sources == 0) {
            sources = (peers + PEERS_PER_SOURCE_ADDRESS - 1) / PEERS_PER_SOURCE_ADDRESS;
        }
        if (firstSource + sources - 1 > 254) {
            throw new IllegalArgumentException("source addresses 127.0.0." + firstSource + " .. "
                    + (firstSource + sources - 1) + " go past 127.0.0.254");
        }
        SwarmPopularity shape = SwarmPopularity.parse(popularity, zipf, gamma);
        if ((zipf != null && shape.shape() != SwarmPopularity.Shape.ZIPF)
                || (gamma != null && shape.shape() != SwarmPopularity.Shape.GAMMA)) {
            throw new IllegalArgumentException("--zipf-exponent goes with --popularity zipf, --gamma-shape with --popularity gamma");
        }
        boolean switching = switchInterval > 0 || switchProbability > 0;
        if (switching && mode == Mode.IDLE) {
            throw new IllegalArgumentException("rendition switches happen in relay mode only");
        }
        if (linger > 0 && mode == Mode.IDLE) {
            throw new IllegalArgumentException("--linger is for relay mode (idle mode holds until --duration or a signal)");
        }
        if (switching && renditions < 2) {
            throw new IllegalArgumentException("--switch-interval and --switch-probability need --renditions 2 or more");
        }
        int d = duration != null ? duration : mode == Mode.IDLE ? 600 : 60;
        return new LoadOptions(urls, mode, peers, swarms, ramp, mode == Mode.IDLE ? 0 : offers, interval,
                mode == Mode.IDLE ? 0 : warmup, d, sources, loops, offerSdp, answerSdp, connectTimeout,
                shape, seed, renditions, switchInterval, switchProbability, firstPeer, firstSource, linger);
    }

    long intervalMillis() {
        return Math.max(1, Math.round(intervalSeconds * 1000));
    }

    boolean switchesRenditions() {
        return switchIntervalSeconds > 0 || switchProbability > 0;
    }

    static boolean wantsHelp(String[] args) {
        return args.length == 0 || List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    /** 127.0.0.A .. 127.0.0.(A+N-1), the local addresses connections are spread over. */
    List<String> sourceAddressList() {
        List<String> list = new ArrayList<>(sourceAddresses);
        for (int i = firstSourceAddress; i < firstSourceAddress + sourceAddresses; i++) {
            list.add("127.0.0." + i);
        }
        return list;
    }

    /** The first tracker URL (the only one unless peers are spread over a cluster's nodes). */
    URI url() {
        return urls.get(0);
    }

    static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : 80;
    }

    static String path(URI url) {
        String p = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? p : p + "?" + url.getRawQuery();
    }

    /** One URL, or several separated by commas (the nodes of a cluster: peer i joins URL i mod n). */
    private static List<URI> parseUrls(String value) {
        List<URI> list = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                list.add(URI.create(part.trim()));
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("--url needs at least one URL");
        }
        return List.copyOf(list);
    }

    String describe() {
        return String.format(Locale.ROOT,
                "mode=%s url=%s peers=%d swarms=%d ramp=%.0f/s offers=%d interval=%ss warmup=%ds duration=%ds "
                        + "source-addresses=%d(from 127.0.0.%d) event-loops=%d offer-sdp=%dB answer-sdp=%dB "
                        + "popularity=%s seed=%d renditions=%d switch-interval=%ds switch-probability=%s first-peer=%d",
                mode.name().toLowerCase(Locale.ROOT), urls, peers, swarms, rampPerSecond, offers, intervalSeconds,
                warmupSeconds, durationSeconds, sourceAddresses, firstSourceAddress, eventLoops, offerSdpBytes,
                answerSdpBytes, popularity.describe(), seed, renditions, switchIntervalSeconds, switchProbability, firstPeer);
    }

    private static void requireLoopbackWs(URI url) {
        if (!"ws".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("--url must be ws://HOST:PORT/..., not " + url);
        }
        try {
            String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    throw new IllegalArgumentException("--url must point at a loopback address, not " + a.getHostAddress());
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in --url: " + url.getHost());
        }
    }

    private static Mode parseMode(String value) {
        return switch (value) {
            case "idle" -> Mode.IDLE;
            case "relay" -> Mode.RELAY;
            default -> throw new IllegalArgumentException("--mode is idle or relay, not " + value);
        };
    }

    private static int intIn(String flag, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " takes a whole number from " + min + " to " + max + ", not " + value);
    }

    private static long longOf(String flag, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number, not " + value);
        }
    }

    private static double doubleIn(String flag, String value, double min, double max) {
        try {
            double v = Double.parseDouble(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " takes a number from " + min + " to " + max + ", not " + value);
    }
}
