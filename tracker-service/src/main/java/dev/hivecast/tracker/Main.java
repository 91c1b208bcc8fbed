package dev.hivecast.tracker;

import dev.hivecast.tracker.config.ConfigException;
import dev.hivecast.tracker.config.ConfigLoader;
import dev.hivecast.tracker.config.LoadResult;
import dev.hivecast.tracker.config.TrackerConfig;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/** Reads the configuration, starts the tracker, and drains it on SIGTERM. Only wiring here. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        TrackerConfig config;
        try {
            LoadResult result = ConfigLoader.load(args, System.getenv());
            if (result instanceof LoadResult.PrintAndExit print) {
                System.out.print(print.text());
                return;
            }
            config = ((LoadResult.Start) result).config();
        } catch (ConfigException e) {
            System.err.println("hivecast-tracker: " + e.getMessage());
            System.exit(2);
            return;
        }
        LogSetup.apply(config);
        TrackerServer server;
        try {
            server = TrackerServer.start(config).toCompletionStage().toCompletableFuture()
                    .get(config.cluster().joinTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.atError().addKeyValue("cause", rootCause(e).toString()).log("Could not start: {}", rootCause(e).toString());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drain(server, config), "drain"));
        String ops = server.adminPort() == null ? "on the same port" : "on admin port " + server.adminPort();
        // The same facts as fields for json logs; the text line is what the interop harness reads.
        LoggingEventBuilder started = log.atInfo().addKeyValue("url", server.playerUrl())
                .addKeyValue("port", server.port()).addKeyValue("eventLoops", server.loops().count())
                .addKeyValue("transport", server.transport()).addKeyValue("nodeId", server.nodeId());
        if (server.adminPort() != null) {
            started = started.addKeyValue("adminPort", server.adminPort());
        }
        started.log("Players announce to {} ({} event loops over {}; /metrics, /stats, /health, /ready {})",
                server.playerUrl(), server.loops().count(), server.transport(), ops);
    }

    private static void drain(TrackerServer server, TrackerConfig config) {
        try {
            long limit = config.drain().timeout().toMillis() + 5_000;
            server.drainAndStop().toCompletionStage().toCompletableFuture().get(limit, TimeUnit.MILLISECONDS);
            log.info("Drained, exiting");
            // After SIGTERM the JVM exits with 143 (128 + 15) however well the drain went, and
            // supervisors (systemd, Kubernetes Jobs, restartPolicy OnFailure) count 143 a failure.
            // Nothing is left to run: the tracker is stopped and the log is written synchronously.
            Runtime.getRuntime().halt(0);
        } catch (Exception e) {
            log.atWarn().addKeyValue("cause", rootCause(e).toString())
                    .log("Drain did not finish cleanly: {}", rootCause(e).toString());
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
