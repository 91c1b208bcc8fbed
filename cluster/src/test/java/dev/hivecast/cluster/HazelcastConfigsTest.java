package dev.hivecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HazelcastConfigsTest {

    private static BackendSettings settings(List<String> members, String kubernetesServiceDns) {
        return new BackendSettings(BackendSettings.HAZELCAST, "tracker-prod", "10.1.2.3", 5801, members,
                kubernetesServiceDns, Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    @Test
    void membersJoinOverTcpIpWithTheListedMembersAndNeverByMulticast() {
        Config config = HazelcastConfigs.forSettings(settings(List.of("10.1.2.4:5801", "10.1.2.5:5801"), ""));

        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.1.2.4:5801", "10.1.2.5:5801");
    }

    @Test
    void aKubernetesServiceDnsNameSwitchesToKubernetesDiscovery() {
        Config config = HazelcastConfigs.forSettings(settings(List.of("ignored:5801"), "tracker-hz.ns.svc.cluster.local"));

        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
        assertThat(join.getKubernetesConfig().getProperty("service-dns")).isEqualTo("tracker-hz.ns.svc.cluster.local");
        assertThat(join.getKubernetesConfig().getProperty("service-port")).isEqualTo("5801");
    }

    @Test
    void theMemberBindsAndAdvertisesTheConfiguredHostAndPortOnly() {
        Config config = HazelcastConfigs.forSettings(settings(List.of(), ""));

        assertThat(config.getClusterName()).isEqualTo("tracker-prod");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
        assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
        assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("10.1.2.3");
        assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.1.2.3");
        assertThat(config.getProperty(ClusterProperty.SOCKET_BIND_ANY.getName())).isEqualTo("false");
    }

    @Test
    void failureDetectionFollowsTheHeartbeatAndFailureTimeoutRoundedUpToSeconds() {
        BackendSettings settings = new BackendSettings(BackendSettings.HAZELCAST, "c", "127.0.0.1", 5701, List.of(),
                "", Duration.ofMillis(500), Duration.ofMillis(3_200));

        Config config = HazelcastConfigs.forSettings(settings);

        assertThat(config.getProperty(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS.getName())).isEqualTo("1");
        assertThat(config.getProperty(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS.getName())).isEqualTo("4");
        assertThat(config.getProperty(ClusterProperty.MERGE_FIRST_RUN_DELAY_SECONDS.getName())).isEqualTo("5");
        assertThat(config.getProperty(ClusterProperty.MERGE_NEXT_RUN_DELAY_SECONDS.getName())).isEqualTo("5");
    }

    @Test
    void theTrackerNotHazelcastDecidesWhenTheMemberShutsDown() {
        Config config = HazelcastConfigs.forSettings(settings(List.of(), ""));

        assertThat(config.getProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName())).isEqualTo("false");
        assertThat(config.getProperty(ClusterProperty.PHONE_HOME_ENABLED.getName())).isEqualTo("false");
        assertThat(config.getProperty(ClusterProperty.LOGGING_TYPE.getName())).isEqualTo("slf4j");
    }

    @Test
    void theSwarmDirectoryKeepsOneSynchronousBackupInBinaryForm() {
        MapConfig swarms = HazelcastConfigs.forSettings(settings(List.of(), "")).getMapConfig(HazelcastConfigs.SWARMS_MAP);

        assertThat(swarms.getBackupCount()).isEqualTo(1);
        assertThat(swarms.getAsyncBackupCount()).isZero();
        assertThat(swarms.getInMemoryFormat()).isEqualTo(InMemoryFormat.BINARY);
    }

    @Test
    void theDirectoryTypesAreRegisteredForIdentifiedSerialization() {
        Config config = HazelcastConfigs.forSettings(settings(List.of(), ""));

        assertThat(config.getSerializationConfig().getDataSerializableFactories())
                .containsKey(DirectorySerialization.FACTORY_ID);
    }
}
