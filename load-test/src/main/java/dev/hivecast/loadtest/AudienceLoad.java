package dev.hivecast.loadtest;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The load generator's main: a live audience of P viewers joining a tracker at a given rate,
 * then either holding still (idle) or signalling (relay) for a measured window. It runs the
 * phases in order on the main thread, each bounded in time; the viewers run on Vert.x event
 * loops. SIGTERM or SIGINT ends the current phase early and still prints the summary.
 */
public final class AudienceLoad {

    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long POLL_MILLIS = 20;
    private static final int SDP_VARIANTS = 64;

    private final LoadOptions options;
    private final LoadStats stats;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile int exitCode;
    private long startNanos;
    private LoadStats.Snapshot lastProgress;
    /** The audience by slot (index i of the ramp); churn replaces a slot's viewer. */
    private Viewer[] viewers;
    private AudienceChurn churn;

    private AudienceLoad(LoadOptions options) {
        this.options = options;
        this.stats = new LoadStats(NetworkTally.of(options));
    }

    public static void main(String[] args) {
        if (LoadOptions.wantsHelp(args)) {
            System.out.print(LoadOptions.HELP);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("hivecast-load-test: " + e.getMessage());
            System.exit(2);
            return;
        }
        AudienceLoad load = new AudienceLoad(options);
        Runtime.getRuntime().addShutdownHook(new Thread(load::onShutdown, "summary-on-signal"));
        int code = load.run();
        load.finish(code);
        System.exit(code);
    }

    /**
     * On SIGTERM/SIGINT (and after a normal exit): let the main thread print its summary, then
     * halt with its exit code, so a run ended by signal still exits 0.
     */
    private void onShutdown() {
        stopRequested = true;
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.flush();
        Runtime.getRuntime().halt(exitCode);
    }

    /** The result is known and printed: from here on a signal may end the process at once. */
    private void finish(int code) {
        if (finished.getCount() > 0) {
            exitCode = code;
            System.out.flush();
            finished.countDown();
        }
    }

    private int run() {
        System.out.println("AudienceLoad " + options.describe());
        ViewerRequests frames;
        try {
            SplittableRandom random = new SplittableRandom(options.seed());
            frames = new ViewerRequests(SyntheticSdp.offers(SDP_VARIANTS, options.offerSdpBytes(), random),
                    SyntheticSdp.answers(SDP_VARIANTS, options.answerSdpBytes(), random));
            FrameCheck.verify(frames, options.offers());
            writeSitesFile();
        } catch (IllegalStateException e) {
            System.err.println("hivecast-load-test: " + e.getMessage());
            finish(1);
            return 1;
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.eventLoops()).setWorkerPoolSize(2));
        try {
            return runPhases(vertx, frames);
        } finally {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                System.err.println("hivecast-load-test: Vert.x did not close within 10 s");
            }
        }
    }

    private void writeSitesFile() {
        if (options.networks().spread()) {
            try {
                options.networks().writeSitesFile(options.sitesFile());
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the sites file " + options.sitesFile() + ": " + e, e);
            }
            System.out.println("sites file: " + options.sitesFile() + " (" + options.networks().count()
                    + " networks 127.K.0.0/16, named net-K)");
        }
    }

    private int runPhases(Vertx vertx, ViewerRequests frames) {
        startNanos = System.nanoTime();
        LoadStats.Snapshot start = stats.snapshot();
        lastProgress = start;
        Viewer.Crowd crowd = new Viewer.Crowd(vertx, options, frames, stats);
        List<Context> loops = new ArrayList<>();
        for (int i = 0; i < options.eventLoops(); i++) {
            loops.add(vertx.getOrCreateContext()); // from a non-Vert.x thread: a new context each call
        }
        Map<String, WebSocketClient> clients = new HashMap<>();
        for (String address : options.sourceAddressList()) {
            clients.put(address, vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setLocalAddress(address)
                    .setMaxConnections(options.churn().any() ? 2 * options.peers() : options.peers()) // leavers close while joiners open
                    .setConnectTimeout(options.connectTimeoutSeconds() * 1000)));
        }
        List<WebSocketConnectOptions> targets = new ArrayList<>();
        for (java.net.URI url : options.urls()) {
            targets.add(new WebSocketConnectOptions()
                    .setHost(url.getHost())
                    .setPort(LoadOptions.port(url))
                    .setURI(LoadOptions.path(url))
                    .setTimeout(options.connectTimeoutSeconds() * 1000L));
        }

        ramp(crowd, loops, clients, targets);
        waitUntil(() -> stats.connectionsOpened.sum() + stats.connectionsFailed.sum() >= options.peers(),
                options.connectTimeoutSeconds() + 5);
        churn.begin(System.nanoTime());
        if (stats.connectionsOpened.sum() == 0) {
            System.err.println("hivecast-load-test: no connection to " + options.url() + " could be opened");
            LoadStats.Snapshot end = stats.snapshot();
            System.out.print(stats.summary(options, end.minus(start), end.minus(start)));
            finish(1);
            return 1;
        }
        if (options.mode() == LoadOptions.Mode.IDLE) {
            // The window starts when the tracker has taken every open viewer in.
            waitUntil(() -> stats.repliesReceived.sum() >= stats.connectionsOpened.sum(), 60);
        } else {
            waitUntil(() -> false, options.warmupSeconds());
            stats.resetLatencies();
        }
        LoadStats.Snapshot windowStart = stats.snapshot();
        System.out.printf("WINDOW-START open=%d replies=%d%n", windowStart.open(), windowStart.replies());
        System.out.flush();
        waitUntil(() -> false, options.durationSeconds());
        LoadStats.Snapshot windowEnd = stats.snapshot();
        System.out.printf("WINDOW-END open=%d%n", windowEnd.open());
        System.out.print(stats.summary(options, windowEnd.minus(start), windowEnd.minus(windowStart)));
        finish(0);
        // From here a signal ends the process at once (finish): the linger needs no other exit.
        waitUntil(() -> false, options.lingerSeconds());
        if (!stopRequested) {
            for (Viewer v : viewers) {
                if (v != null) {
                    v.stop();
                }
            }
            waitUntil(() -> stats.connectionsClosed.sum() >= stats.connectionsOpened.sum(), 10);
        }
        return 0;
    }

    /**
     * Starts one connection every 1/R seconds, round-robin over event loops, each to its peer's
     * node ({@link LoadOptions#targetOf}) from its peer's source address, networks taking turns
     * ({@link LoopbackNetworks}).
     */
    private void ramp(Viewer.Crowd crowd, List<Context> loops, Map<String, WebSocketClient> clients,
                      List<WebSocketConnectOptions> targets) {
        int[] swarmOf = options.popularity().assign(options.peers(), options.swarms(), options.seed());
        System.out.println(SwarmPopularity.describeSizes(swarmOf, options.swarms()) + " (" + options.popularity().describe()
                + ", seed " + options.seed() + (options.renditions() > 1 ? ", " + options.renditions() + " renditions each" : "") + ")");
        if (SwarmPopularity.largest(swarmOf, options.swarms()) > 1000) {
            System.out.println("note: a swarm holds more than 1000 viewers; bittorrent-tracker keeps at most its "
                    + "peersCacheLength (default 1000) peers per swarm");
        }
        SplittableRandom seeds = viewerSeeds(options.seed(), options.firstPeer());
        int[] order = options.networks().startOrder(options.firstPeer());
        viewers = new Viewer[options.peers()];
        AudienceChurn.Starter starter = (slot, peer) -> {
            Viewer viewer = new Viewer(crowd, loops.get(slot % loops.size()), peer, swarmOf[slot], seeds.nextLong());
            viewer.connect(clients.get(options.networks().sourceAddress(options.firstPeer() + slot)), targets.get(options.targetOf(slot)));
            return viewer;
        };
        churn = new AudienceChurn(options, viewers, starter, stats);
        long rampStart = System.nanoTime();
        int started = 0;
        long deadline = rampStart + (long) ((options.peers() / options.rampPerSecond() + 5) * 1e9);
        while (started < options.peers() && !stopRequested && System.nanoTime() < deadline) {
            double elapsed = (System.nanoTime() - rampStart) / 1e9;
            int due = (int) Math.min(options.peers(), Math.floor(elapsed * options.rampPerSecond()) + 1);
            for (; started < due; started++) {
                int i = order[started];
                long peer = (long) options.firstPeer() + i;
                Viewer viewer = new Viewer(crowd, loops.get(started % loops.size()), peer, swarmOf[i], seeds.nextLong());
                viewers[i] = viewer;
                viewer.connect(clients.get(options.networks().sourceAddress(peer)), targets.get(options.targetOf(i)));
            }
            pause();
        }
    }

    /**
     * Where each viewer's random stream (its offer_ids, SDP variants, timer phases) comes from. The
     * first peer number is mixed in because generators running side by side share --seed: with
     * the same streams, the k-th viewers of two generators sent the same offer_ids, and a receiver
     * holding both kept one (offer_ids key the pairing of answers), so the other's answer was
     * refused with "Could not find the offer". Real clients draw offer_ids at random. With first
     * peer 0 the streams are what they always were.
     */
    static SplittableRandom viewerSeeds(long seed, int firstPeer) {
        return new SplittableRandom((seed * 0x9E3779B97F4A7C15L + 1) ^ (firstPeer * 0xBF58476D1CE4E5B9L));
    }

    /** Waits until {@code done}, a stop request or {@code seconds}, printing progress every 5 s. */
    private void waitUntil(BooleanSupplier done, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!stopRequested && !done.getAsBoolean() && System.nanoTime() < deadline) {
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = true;
        }
        long now = System.nanoTime();
        if (churn != null) {
            churn.tick(now);
        }
        if (now - lastProgress.nanoTime() >= PROGRESS_NANOS) {
            LoadStats.Snapshot s = stats.snapshot();
            System.out.println(stats.progress((now - startNanos) / 1e9, s, lastProgress));
            lastProgress = s;
        }
    }
}
