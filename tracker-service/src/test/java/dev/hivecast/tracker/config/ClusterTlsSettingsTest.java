package dev.hivecast.tracker.config;

import static dev.hivecast.tracker.config.Loading.config;
import static dev.hivecast.tracker.config.Loading.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mutual TLS between nodes: three files that go together, on the backend that has an event bus. */
class ClusterTlsSettingsTest {

    @Test
    void theThreeFilesComeFromFlagsOrTheEnvironment() {
        ClusterConfig cluster = config(Map.of("TRACKER_CLUSTER_TLS_CA_PEM", "/etc/cluster-tls/ca.crt"),
                "--cluster.backend", "hazelcast", "--cluster.tls-cert-pem", "/etc/cluster-tls/tls.crt",
                "--cluster.tls-key-pem", "/etc/cluster-tls/tls.key", "--cluster.tls-reload-interval", "30s").cluster();

        assertThat(cluster.tlsEnabled()).isTrue();
        assertThat(cluster.tlsCaPem()).isEqualTo("/etc/cluster-tls/ca.crt");
        assertThat(cluster.tlsReloadInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ClusterConfig.defaults().tlsEnabled()).isFalse();
    }

    @Test
    void aFileAloneIsRefusedNamingAllThree() {
        assertThat(error("--cluster.backend", "hazelcast", "--cluster.tls-cert-pem", "tls.crt"))
                .startsWith("cluster.tls-cert-pem, cluster.tls-key-pem and cluster.tls-ca-pem must be set together");
    }

    @Test
    void theRedisBackendIsPointedAtRedisOwnTls() {
        assertThat(error("--cluster.backend", "redis", "--cluster.tls-cert-pem", "tls.crt",
                "--cluster.tls-key-pem", "tls.key", "--cluster.tls-ca-pem", "ca.crt"))
                .startsWith("cluster.tls-* is for the hazelcast backend").contains("rediss://");
    }
}
