package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hivecast.tracker.config.TrackerConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Redis backend's credentials: URL and AUTH password reach the tracker as environment
 * variables from Secrets (the chart's or the operator's), never through the ConfigMap; the CA
 * bundle for rediss:// is mounted read-only where cluster.redis-tls-trust-pem points.
 */
class RedisCredentialsTest {

    private static final String PASSWORD = "pa55-w0rd";
    private static final String TRUST_PEM_PATH = "/etc/hivecast-redis-tls/ca.pem";
    /** Only its readability is checked by the tracker's loader; the content is carried through. */
    private static final String CA_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIBszCCAVmgAwIBAgIUHivecastTestCaNotARealCertificate0wCgYIKoZIzj0E
            -----END CERTIFICATE-----
            """;
    /** The operator's Secret of the CA, as cert-manager writes one: the CA beside a key pair. */
    private static final Secret OPERATOR_CA_SECRET = new SecretBuilder()
            .withNewMetadata().withName("redis-ca").endMetadata()
            .withData(Map.of("ca.crt", base64(CA_PEM), "tls.crt", base64("not this"), "tls.key", base64("nor this")))
            .build();

    private final Chart chart = Chart.source();

    @Test
    void passwordGivenAsAValueReachesTheTrackerFromTheChartsSecretAndNowhereElse() {
        Manifests manifests = chart.render(Chart.REDIS_TLS);
        TrackerPod pod = new TrackerPod(manifests, List.of(OPERATOR_CA_SECRET));

        EnvVar variable = env(pod, "TRACKER_CLUSTER_REDIS_PASSWORD").orElseThrow();
        assertThat(variable.getValue()).as("no literal value in the pod spec").isNull();
        SecretKeySelector ref = variable.getValueFrom().getSecretKeyRef();
        assertThat(ref.getName()).isEqualTo("demo-hivecast-redis");
        assertThat(ref.getKey()).isEqualTo("redis-password");
        assertThat(manifests.get(Secret.class, "demo-hivecast-redis").getStringData())
                .containsEntry("redis-password", PASSWORD);
        assertThat(pod.loadConfig().cluster().redisPassword()).isEqualTo(PASSWORD);
        assertThat(manifests.all(ConfigMap.class)).allSatisfy(cm ->
                assertThat(cm.getData().values()).noneMatch(v -> v.contains(PASSWORD)));
        assertThat(json(pod.deployment())).doesNotContain(PASSWORD);
    }

    @Test
    void passwordMayComeFromASecretTheOperatorManagesAndTheChartThenStoresNone() {
        Secret operatorSecret = new SecretBuilder().withNewMetadata().withName("redis-auth").endMetadata()
                .withData(Map.of("password", base64(PASSWORD))).build();
        Manifests manifests = chart.renderWithValues("""
                replicaCount: 2
                cluster:
                  backend: redis
                  redis:
                    url: redis://redis-master.data.svc.cluster.local:6379/0
                    existingPasswordSecret: redis-auth
                    existingPasswordSecretKey: password
                """);
        TrackerPod pod = new TrackerPod(manifests, List.of(operatorSecret));

        SecretKeySelector ref = env(pod, "TRACKER_CLUSTER_REDIS_PASSWORD").orElseThrow()
                .getValueFrom().getSecretKeyRef();
        assertThat(ref.getName()).isEqualTo("redis-auth");
        assertThat(ref.getKey()).isEqualTo("password");
        assertThat(manifests.one(Secret.class).getStringData()).containsOnlyKeys("redis-url");
        assertThat(pod.loadConfig().cluster().redisPassword()).isEqualTo(PASSWORD);
    }

    @Test
    void urlAndPasswordBothFromTheOperatorsSecretsLeaveTheChartWithoutASecret() {
        Manifests manifests = chart.renderWithValues("""
                replicaCount: 2
                cluster:
                  backend: redis
                  redis:
                    existingSecret: redis-conn
                    existingPasswordSecret: redis-conn
                """);

        assertThat(manifests.all(Secret.class)).isEmpty();
        assertThat(env(new TrackerPod(manifests), "TRACKER_CLUSTER_REDIS_PASSWORD").orElseThrow()
                .getValueFrom().getSecretKeyRef().getKey()).isEqualTo("redis-password");
    }

    @Test
    void withoutAPasswordThereIsNoPasswordVariable() {
        TrackerPod pod = new TrackerPod(chart.render(Chart.REDIS));

        assertThat(env(pod, "TRACKER_CLUSTER_REDIS_PASSWORD")).isEmpty();
        assertThat(pod.loadConfig().cluster().redisPassword()).isEmpty();
    }

    @Test
    void aPasswordIsIgnoredByTheOtherBackends() {
        Manifests manifests = chart.render(Chart.HAZELCAST_3_NODES, Map.of("cluster.redis.password", PASSWORD));

        assertThat(manifests.all(Secret.class)).isEmpty();
        assertThat(env(new TrackerPod(manifests), "TRACKER_CLUSTER_REDIS_PASSWORD")).isEmpty();
    }

    @Test
    void caBundleFromASecretIsMountedReadOnlyWhereTheConfigPointsAndTheTrackerAcceptsIt() {
        Manifests manifests = chart.render(Chart.REDIS_TLS);
        TrackerPod pod = new TrackerPod(manifests, List.of(OPERATOR_CA_SECRET));

        String configured = Manifests.readYaml(pod.configFileText()).path("cluster")
                .path("redis-tls-trust-pem").asText();
        assertThat(configured).isEqualTo(TRUST_PEM_PATH);
        VolumeMount mount = pod.mountHolding(configured);
        assertThat(mount.getReadOnly()).isTrue();
        Volume volume = pod.volume(mount.getName());
        assertThat(volume.getSecret().getSecretName()).isEqualTo("redis-ca");
        assertThat(volume.getSecret().getItems()).as("only the CA, not the key pair beside it")
                .extracting(KeyToPath::getKey).containsExactly("ca.crt");
        assertThat(pod.mountedFileText(configured)).isEqualTo(CA_PEM);

        TrackerConfig config = pod.loadConfig();
        assertThat(config.cluster().redisUrl()).startsWith("rediss://");
        assertThat(config.cluster().redisTlsTrustPem()).isNotEmpty();
    }

    @Test
    void caBundleMayComeFromAConfigMapUnderAnyKey() {
        ConfigMap bundle = new ConfigMapBuilder().withNewMetadata().withName("corp-ca-bundle").endMetadata()
                .withData(Map.of("root-certs.pem", CA_PEM)).build();
        Manifests manifests = chart.render(Chart.REDIS_TLS, Map.of(
                "cluster.redis.tlsTrust.secretName", "",
                "cluster.redis.tlsTrust.configMapName", "corp-ca-bundle",
                "cluster.redis.tlsTrust.key", "root-certs.pem"));
        TrackerPod pod = new TrackerPod(manifests, List.of(bundle));

        Volume volume = pod.volume(pod.mountHolding(TRUST_PEM_PATH).getName());
        assertThat(volume.getConfigMap().getName()).isEqualTo("corp-ca-bundle");
        assertThat(pod.mountedFileText(TRUST_PEM_PATH)).isEqualTo(CA_PEM);
        assertThat(pod.loadConfig().cluster().redisTlsTrustPem()).isNotEmpty();
    }

    @Test
    void withoutACaBundleNothingIsMountedAndTheJvmsCasAreTrusted() {
        TrackerPod pod = new TrackerPod(chart.render(Chart.REDIS));

        assertThat(pod.spec().getVolumes()).extracting(Volume::getName).containsExactlyInAnyOrder("config", "tmp");
        assertThat(pod.loadConfig().cluster().redisTlsTrustPem()).isEmpty();
    }

    @Test
    void credentialsUnderConfigAreRefusedBecauseTheConfigMapIsPlainText() {
        assertThatThrownBy(() -> chart.render(Chart.REDIS, Map.of("config.cluster.redis-password", PASSWORD)))
                .hasMessageContaining("config.cluster.redis-password is set by the chart from a Secret")
                .hasMessageContaining("plain text");
        assertThatThrownBy(() -> chart.render(Chart.REDIS, Map.of("config.cluster.redis-url", "redis://x:6379")))
                .hasMessageContaining("config.cluster.redis-url is set by the chart from a Secret");
        assertThatThrownBy(() -> chart.render(Chart.REDIS_TLS,
                Map.of("config.cluster.redis-tls-trust-pem", "/tmp/ca.pem")))
                .hasMessageContaining("config.cluster.redis-tls-trust-pem is set by the chart");
    }

    @Test
    void eachCredentialComesFromOnePlace() {
        assertThatThrownBy(() -> chart.render(Chart.REDIS_TLS, Map.of("cluster.redis.existingPasswordSecret", "x")))
                .hasMessageContaining("cluster.redis.password and cluster.redis.existingPasswordSecret are both set");
        assertThatThrownBy(() -> chart.render(Chart.REDIS, Map.of("cluster.redis.existingSecret", "x")))
                .hasMessageContaining("cluster.redis.url and cluster.redis.existingSecret are both set");
        assertThatThrownBy(() -> chart.render(Chart.REDIS_TLS, Map.of("cluster.redis.tlsTrust.configMapName", "x")))
                .hasMessageContaining("tlsTrust.secretName and cluster.redis.tlsTrust.configMapName are both set");
    }

    @Test
    void aCaBundleForAPlainRedisUrlIsRefusedAsTheTrackerWouldRefuseIt() {
        assertThatThrownBy(() -> chart.render(Chart.REDIS, Map.of("cluster.redis.tlsTrust.secretName", "redis-ca")))
                .hasMessageContaining("cluster.redis.tlsTrust is set but cluster.redis.url is not a rediss:// URL");
    }

    private static Optional<EnvVar> env(TrackerPod pod, String name) {
        return pod.container().getEnv().stream().filter(v -> v.getName().equals(name)).findFirst();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(HasMetadata object) {
        try {
            return JsonMapper.builder().build().writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
