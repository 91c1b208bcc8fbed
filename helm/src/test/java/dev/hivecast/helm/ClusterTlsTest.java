package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import dev.hivecast.tracker.config.ClusterConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS between pods from a cert-manager style Secret: mounted whole (renewals reach the
 * tracker, which re-reads the files), cluster.tls-*-pem and the event-bus port set by the chart.
 */
class ClusterTlsTest {

    private static final String DIR = "/etc/hivecast-cluster-tls/";
    private static final Map<String, Object> CLUSTER_TLS = Map.of("cluster.tls.secretName", "cluster-tls");
    private static final Secret SECRET = new SecretBuilder().withNewMetadata().withName("cluster-tls").endMetadata()
            .withType("kubernetes.io/tls")
            .withData(Map.of("tls.crt", base64("-----BEGIN CERTIFICATE-----\n"), "tls.key", base64("key"),
                    "ca.crt", base64("-----BEGIN CERTIFICATE-----\n")))
            .build();

    private final Chart chart = Chart.source();

    @Test
    void theSecretIsMountedWholeWhereTheConfigPointsAndTheEventBusHasItsPort() {
        Manifests manifests = chart.render(Chart.HAZELCAST_3_NODES, CLUSTER_TLS);
        TrackerPod pod = new TrackerPod(manifests, List.of(SECRET));
        ClusterConfig cluster = pod.loadConfig().cluster();

        assertThat(cluster.tlsCertPem()).isEqualTo(DIR + "tls.crt");
        assertThat(cluster.tlsKeyPem()).isEqualTo(DIR + "tls.key");
        assertThat(cluster.tlsCaPem()).isEqualTo(DIR + "ca.crt");
        assertThat(cluster.eventBusPort()).isEqualTo(5702).isEqualTo(pod.containerPort("event-bus"));
        VolumeMount mount = pod.mountHolding(DIR + "ca.crt");
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(mount.getSubPath()).as("a subPath mount never sees a renewal").isNull();
        Volume volume = pod.volume(mount.getName());
        assertThat(volume.getSecret().getSecretName()).isEqualTo("cluster-tls");
        assertThat(volume.getSecret().getItems()).extracting(KeyToPath::getKey)
                .containsExactlyInAnyOrder("tls.crt", "tls.key", "ca.crt");
        assertThat(manifests.one(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations())
                .as("a renewal must not restart every pod (and drop every viewer)")
                .allSatisfy((key, value) -> assertThat(key).doesNotContain("cluster-tls"));
    }

    @Test
    void withoutASecretTheEventBusRunsInClearOnItsPort() {
        ClusterConfig cluster = new TrackerPod(chart.render(Chart.HAZELCAST_3_NODES)).loadConfig().cluster();

        assertThat(cluster.tlsEnabled()).isFalse();
        assertThat(cluster.eventBusPort()).isEqualTo(5702);
    }

    @Test
    void theRedisBackendIsRefusedWithWhereItsTlsIs() {
        assertThatThrownBy(() -> chart.render(Chart.REDIS, CLUSTER_TLS))
                .hasMessageContaining("cluster.tls.secretName is for cluster.backend hazelcast")
                .hasMessageContaining("rediss://");
        assertThatThrownBy(() -> chart.render(Chart.HAZELCAST_3_NODES,
                Map.of("config.cluster.tls-ca-pem", "/somewhere/ca.crt")))
                .hasMessageContaining("config.cluster.tls-ca-pem is set by the chart");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
