package dev.hivecast.loadtest;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
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
        int lingerSeconds,
        LoopbackNetworks networks,
        Path sitesFile,
        ChurnOptions churn) {

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

    static final String HELP = GeneratorHelp.TEXT;

    static LoadOptions parse(String[] args) {
        List<URI> urls = null;
        Mode mode = Mode.RELAY;
        int peers = 1000, swarms = 10, offers = 5, warmup = 10, sources = 0, loops = 1;
        double interval = 5;
        int offerSdp = 1300, answerSdp = 550, connectTimeout = 10;
        int renditions = 1, switchInterval = 0, firstPeer = 0, firstSource = 1, linger = 0;
        double switchProbability = 0;
        int networks = 0;
        Path sitesFile = null;
        long seed = 1;
        String popularity = "uniform";
        Double zipf = null, gamma = null;
        Integer duration = null;
        double ramp = 500;
        double churnPerSecond = 0, stormShare = ChurnOptions.NONE.stormShare();
        int stormInterval = 0, reconnectSpread = ChurnOptions.NONE.reconnectSpreadSeconds();
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
                case "--networks" -> networks = intIn(flag, value, 0, LoopbackNetworks.MAX_NETWORKS);
                case "--sites-file" -> sitesFile = Path.of(value);
                case "--churn-per-second" -> churnPerSecond = doubleIn(flag, value, 0, 1000);
                case "--storm-interval" -> stormInterval = intIn(flag, value, 0, 86_400);
                case "--storm-share" -> stormShare = doubleIn(flag, value, 0.001, 1);
                case "--storm-reconnect-spread" -> reconnectSpread = intIn(flag, value, 0, 600);
                default -> throw new IllegalArgumentException("unknown flag " + flag + " (see --help)");
            }
        }
        if (urls == null) {
            throw new IllegalArgumentException("--url is required (see --help)");
        }
        urls.forEach(LoadOptions::requireLoopbackWs);
        if (sources == 0) {
            int perNetwork = (peers + Math.max(1, networks) - 1) / Math.max(1, networks);
            sources = (perNetwork + PEERS_PER_SOURCE_ADDRESS - 1) / PEERS_PER_SOURCE_ADDRESS;
        }
        if (firstSource + sources - 1 > 254) {
            String net = networks > 0 ? "127.K.0." : "127.0.0.";
            throw new IllegalArgumentException("source addresses " + net + firstSource + " .. "
                    + net + (firstSource + sources - 1) + " go past " + net + "254");
        }
        if (networks > peers) {
            throw new IllegalArgumentException("--networks " + networks + " needs at least as many --peers, not " + peers);
        }
        if (sitesFile != null && networks == 0) {
            throw new IllegalArgumentException("--sites-file goes with --networks N");
        }
        if (networks > 0 && sitesFile == null) {
            sitesFile = Path.of("networks-" + networks + ".sites");
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
        ChurnOptions churn = new ChurnOptions(churnPerSecond, stormInterval, stormShare, reconnectSpread);
        if (churn.any() && mode == Mode.IDLE) {
            throw new IllegalArgumentException("--churn-per-second and --storm-interval are for relay mode");
        }
        if (churn.churns() && networks > 0) {
            throw new IllegalArgumentException("--churn-per-second does not go with --networks (joiners' peer numbers have no network)");
        }
        int d = duration != null ? duration : mode == Mode.IDLE ? 600 : 60;
        return new LoadOptions(urls, mode, peers, swarms, ramp, mode == Mode.IDLE ? 0 : offers, interval,
                mode == Mode.IDLE ? 0 : warmup, d, sources, loops, offerSdp, answerSdp, connectTimeout,
                shape, seed, renditions, switchInterval, switchProbability, firstPeer, firstSource, linger,
                new LoopbackNetworks(networks, peers, firstSource, sources), sitesFile, churn);
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

    /** The local addresses connections are spread over: 127.K.0.A .. 127.K.0.(A+S-1) for each network K. */
    List<String> sourceAddressList() {
        return networks.allSourceAddresses();
    }

    /**
     * The URL (cluster node) this process's peer {@code index} connects to: index mod n, so that
     * with S swarms coprime to n every swarm spans every node. A uniform audience whose S shares a
     * factor with n (3 swarms on 3 nodes) would put each swarm on some of the nodes only, so it
     * takes (index / S) mod n instead.
     */
    int targetOf(int index) {
        int n = urls.size();
        boolean aligned = popularity.shape() == SwarmPopularity.Shape.UNIFORM && gcd(swarms, n) > 1;
        return (aligned ? index / swarms : index) % n;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
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

    /** One URL, or several separated by commas (the nodes of a cluster, {@link #targetOf}). */
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
                        + "source-addresses=%d(from 127.%s.0.%d) event-loops=%d offer-sdp=%dB answer-sdp=%dB "
                        + "popularity=%s seed=%d renditions=%d switch-interval=%ds switch-probability=%s first-peer=%d networks=%d%s",
                mode.name().toLowerCase(Locale.ROOT), urls, peers, swarms, rampPerSecond, offers, intervalSeconds,
                warmupSeconds, durationSeconds, sourceAddresses, networks.spread() ? "K" : "0", firstSourceAddress, eventLoops, offerSdpBytes,
                answerSdpBytes, popularity.describe(), seed, renditions, switchIntervalSeconds, switchProbability, firstPeer,
                networks.count(), sitesFile == null ? "" : " sites-file=" + sitesFile)
                + (churn.any() ? " " + churn.describe() : "");
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
