package dev.hivecast.cluster;

import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A tracker node in a JVM of its own, for the test that freezes one: joins the cluster, publishes
 * one share, prints {@code READY <nodeId>} and waits until its standard input closes.
 *
 * <p>Arguments: cluster name, host, port, swarm, then the members to join.
 */
public final class FrozenNodeMain {

    static final String READY = "READY ";

    private FrozenNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> members = Arrays.asList(args).subList(4, args.length);
        BackendSettings settings = new BackendSettings(BackendSettings.HAZELCAST, args[0], args[1],
                Integer.parseInt(args[2]), members, "", Duration.ofSeconds(1), Duration.ofSeconds(5));
        HazelcastBackend backend = new HazelcastBackend(settings);
        TestSupport.result(backend.start(new VertxOptions(), new RecordingListener()), Duration.ofSeconds(60));
        TestSupport.result(backend.publish(Map.of(args[3], new NodeShare(1, 0, 0))));
        System.out.println(READY + backend.nodeId());
        System.out.flush();
        while (System.in.read() >= 0) {
            // The test ends this process; reading keeps it alive until then.
        }
        System.exit(0);
    }
}
