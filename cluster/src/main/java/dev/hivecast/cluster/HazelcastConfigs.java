package dev.hivecast.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import java.time.Duration;
import java.util.regex.Pattern;

/** The Hazelcast member configuration of a tracker node, built in code from {@link BackendSettings}. */
final class HazelcastConfigs {

    /** The swarm directory: swarm (info_hash as 40 hex digits) to {@link SwarmShares}. */
    static final String SWARMS_MAP = "tracker.swarms";
    /** Locality summaries, per swarm and node: plain strings (docs/locality.md#across-the-cluster). */
    static final String SUMMARIES_MAP = "tracker.near";

    /** How soon a healed split brain merges. Hazelcast's defaults (300 s, then 120 s) leave two directories for minutes. */
    static final Duration MERGE_DELAY = Duration.ofSeconds(5);

    /**
     * Hazelcast waits this long for other members before forming a cluster (default 5 s); one second is
     * enough on a LAN, and members that still race each other merge after {@link #MERGE_DELAY}.
     */
    static final Duration WAIT_BEFORE_JOIN = Duration.ofSeconds(1);

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HazelcastConfigs() {
    }

    static Config forSettings(BackendSettings settings) {
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        setProperties(config, settings);
        configureNetwork(config, settings);
        config.addMapConfig(swarmsMap());
        config.addMapConfig(swarmsMap().setName(SUMMARIES_MAP));
        config.getJetConfig().setEnabled(false);
        // Hazelcast's own metrics feed its Management Center, which this service does not use;
        // collecting them every 5 s is a visible share of an idle node's CPU.
        config.getMetricsConfig().setEnabled(false);
        config.getSerializationConfig()
                .addDataSerializableFactory(DirectorySerialization.FACTORY_ID, new DirectorySerialization());
        return config;
    }

    private static void setProperties(Config config, BackendSettings settings) {
        long heartbeat = wholeSeconds(settings.heartbeat());
        long failureTimeout = Math.max(heartbeat + 1, wholeSeconds(settings.failureTimeout()));
        config.setProperty(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS.getName(), Long.toString(heartbeat));
        config.setProperty(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS.getName(), Long.toString(failureTimeout));
        config.setProperty(ClusterProperty.MERGE_FIRST_RUN_DELAY_SECONDS.getName(), Long.toString(MERGE_DELAY.toSeconds()));
        config.setProperty(ClusterProperty.MERGE_NEXT_RUN_DELAY_SECONDS.getName(), Long.toString(MERGE_DELAY.toSeconds()));
        config.setProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName(), Long.toString(WAIT_BEFORE_JOIN.toSeconds()));
        // The tracker drains and leaves the cluster itself; Hazelcast's hook would leave first, mid-drain.
        config.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");
        config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
        config.setProperty(ClusterProperty.LOGGING_TYPE.getName(), "slf4j");
    }

    private static void configureNetwork(Config config, BackendSettings settings) {
        NetworkConfig network = config.getNetworkConfig();
        // A fixed port, or fail: with auto-increment a member could take a port its peers do not list.
        network.setPort(settings.port()).setPortAutoIncrement(false);
        network.setPublicAddress(settings.host());
        if (IPV4.matcher(settings.host()).matches()) {
            // Listen on that address only (tests stay on loopback); a host name binds every interface.
            network.getInterfaces().setEnabled(true).addInterface(settings.host());
            config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (settings.kubernetesServiceDns().isEmpty()) {
            join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        } else {
            join.getTcpIpConfig().setEnabled(false);
            join.getKubernetesConfig().setEnabled(true)
                    .setProperty("service-dns", settings.kubernetesServiceDns())
                    .setProperty("service-port", Integer.toString(settings.port()));
        }
    }

    private static MapConfig swarmsMap() {
        // One synchronous backup: a directory that survives one node's death without waiting for republishes.
        return new MapConfig(SWARMS_MAP)
                .setBackupCount(1)
                .setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.BINARY);
    }

    private static long wholeSeconds(Duration duration) {
        // Hazelcast counts whole seconds: round up, so a timeout is never shorter than asked.
        return Math.max(1, duration.toSeconds() + (duration.getNano() > 0 ? 1 : 0));
    }
}
