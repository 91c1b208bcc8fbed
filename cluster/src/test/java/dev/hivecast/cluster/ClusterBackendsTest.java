package dev.hivecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterBackendsTest {

    private static BackendSettings withBackend(String backend) {
        return new BackendSettings(backend, "hivecast", "127.0.0.1", 5701, List.of(), "",
                Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    @Test
    void localIsTheInMemorySingleNode() {
        assertThat(ClusterBackends.create(BackendSettings.local()))
                .isInstanceOf(LocalBackend.class)
                .extracting(ClusterBackend::name).isEqualTo("local");
    }

    @Test
    void hazelcastIsCreatedWithoutJoiningAnything() {
        assertThat(ClusterBackends.create(withBackend("hazelcast")))
                .isInstanceOf(HazelcastBackend.class)
                .extracting(ClusterBackend::name).isEqualTo("hazelcast");
    }

    @Test
    void redisIsCreatedWithoutConnectingToAnything() {
        assertThat(ClusterBackends.create(withBackend("redis")))
                .isInstanceOf(RedisBackend.class)
                .extracting(ClusterBackend::name).isEqualTo("redis");
    }

    @Test
    void anUnknownBackendIsRejectedWithTheChoices() {
        assertThatThrownBy(() -> ClusterBackends.create(withBackend("zookeeper")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("zookeeper", "local", "hazelcast", "redis");
    }
}
