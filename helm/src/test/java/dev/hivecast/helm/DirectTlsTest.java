package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import dev.hivecast.tracker.config.TrackerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * wss:// served by the tracker from a kubernetes.io/tls Secret: mounted whole (the kubelet's
 * renewals reach the reloader), tls.cert-pem and tls.key-pem set by the chart, probes unchanged on
 * the plain admin port.
 */
class DirectTlsTest {

    private static final String CERT_PATH = "/etc/hivecast-tls/tls.crt";
    private static final String KEY_PATH = "/etc/hivecast-tls/tls.key";
    private static final String BACKEND_PROTOCOL = "nginx.ingress.kubernetes.io/backend-protocol";

    private final Chart chart = Chart.source();

    @Test
    void theSecretsPairIsMountedReadOnlyWhereTheConfigPointsAndTheTrackerServesWss() {
        TrackerPod pod = new TrackerPod(chart.render(Chart.ACCESS_TLS), List.of(SignedUrlSecretsTest.TLS_SECRET));

        assertThat(configured(pod, "cert-pem")).isEqualTo(CERT_PATH);
        assertThat(configured(pod, "key-pem")).isEqualTo(KEY_PATH);
        VolumeMount mount = pod.mountHolding(CERT_PATH);
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(mount.getSubPath()).as("a subPath mount never sees a renewal").isNull();
        assertThat(pod.mountHolding(KEY_PATH).getName()).isEqualTo(mount.getName());
        Volume volume = pod.volume(mount.getName());
        assertThat(volume.getSecret().getSecretName()).isEqualTo("tracker-tls");
        assertThat(volume.getSecret().getItems()).as("the pair only, not cert-manager's ca.crt")
                .extracting(KeyToPath::getKey).containsExactlyInAnyOrder("tls.crt", "tls.key");
        assertThat(pod.mountedFileText(CERT_PATH)).startsWith("-----BEGIN CERTIFICATE-----");

        TrackerConfig config = pod.loadConfig();
        assertThat(config.tls().enabled()).isTrue();
        assertThat(config.tls().reloadInterval()).as("config.tls.reload-interval is passed on")
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void probesStayPlainHttpOnTheAdminPortWhichTlsDoesNotCover() {
        TrackerPod pod = new TrackerPod(chart.render(Chart.ACCESS_TLS), List.of(SignedUrlSecretsTest.TLS_SECRET));
        TrackerConfig config = pod.loadConfig();

        assertThat(config.admin().port()).as("a port apart from the wss:// one")
                .isEqualTo(pod.containerPort("admin")).isNotEqualTo(config.port());
        Stream.of(pod.container().getStartupProbe(), pod.container().getLivenessProbe(),
                pod.container().getReadinessProbe()).map(Probe::getHttpGet).forEach(get -> {
                    assertThat(get.getPort().getStrVal()).isEqualTo("admin");
                    assertThat(get.getScheme()).isIn(null, "HTTP");
                });
    }

    @Test
    void anIngressInFrontSpeaksHttpsToThePods() {
        Map<String, Object> ingress = Map.of("tls.secretName", "tracker-tls");

        assertThat(chart.render(Chart.INGRESS_HPA_MONITORING, ingress).one(Ingress.class).getMetadata()
                .getAnnotations()).containsEntry(BACKEND_PROTOCOL, "HTTPS");
        assertThat(chart.render(Chart.INGRESS_HPA_MONITORING).one(Ingress.class).getMetadata().getAnnotations())
                .as("TLS ending at the Ingress, the usual case: plain ws:// to the pods")
                .doesNotContainKey(BACKEND_PROTOCOL);
    }

    @Test
    void withoutASecretNothingIsMountedAndThePodsServePlainWs() {
        TrackerPod pod = new TrackerPod(chart.render());

        assertThat(pod.spec().getVolumes()).extracting(Volume::getName).doesNotContain("tls");
        assertThat(pod.loadConfig().tls().enabled()).isFalse();
    }

    @Test
    void pemPathsUnderConfigAreRefusedInFavourOfTheSecret() {
        for (String key : List.of("cert-pem", "key-pem")) {
            assertThatThrownBy(() -> chart.render(Map.of("config.tls." + key, "/tmp/x.pem")))
                    .hasMessageContaining("config.tls." + key + " is set by the chart from the Secret named in tls.secretName");
        }
    }

    private static String configured(TrackerPod pod, String key) {
        return Manifests.readYaml(pod.configFileText()).path("tls").path(key).asText();
    }
}
