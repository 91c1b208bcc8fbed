package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivecast.tracker.config.ConfigException;
import dev.hivecast.tracker.config.TrackerConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ConfigMap holds a config the tracker's own loader accepts, with the pod's environment. */
class TrackerConfigInConfigMapTest {

    private final Chart chart = Chart.source();

    @ParameterizedTest
    @ValueSource(strings = {Chart.SINGLE_NODE, Chart.HAZELCAST_3_NODES, Chart.REDIS,
            Chart.INGRESS_HPA_MONITORING, Chart.ACCESS_TLS,
            Chart.GATEWAY_EXTENSIONS})
    void trackerAcceptsTheConfigItsPodStartsWith(String scenario) {
        TrackerPod pod = new TrackerPod(chart.render(scenario), List.of(SignedUrlSecretsTest.TLS_SECRET));

        TrackerConfig config = pod.loadConfig();

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(pod.containerPort("ws"));
        assertThat(config.admin().port()).isEqualTo(pod.containerPort("admin"));
    }

    @Test
    void defaultValuesStartOnePodWithInMemorySwarms() {
        TrackerConfig config = new TrackerPod(chart.render()).loadConfig();

        assertThat(config.cluster().backend()).isEqualTo("local");
        assertThat(config.publicUrl()).isEmpty();
    }

    @Test
    void settingsUnderConfigReachTheTrackerAndPublicUrlIsPassedOn() {
        TrackerPod pod = new TrackerPod(chart.render(Chart.SINGLE_NODE,
                Map.of("config.announce.interval", "90s")));

        TrackerConfig config = pod.loadConfig();

        assertThat(config.announce().interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.connection().pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.publicUrl()).isEqualTo("wss://tracker.example.org/");
    }

    @Test
    void hazelcastNodesAdvertiseThePodIpAndJoinAClusterNamedAfterTheRelease() {
        TrackerConfig config = new TrackerPod(chart.render(Chart.HAZELCAST_3_NODES)).loadConfig();

        assertThat(config.cluster().backend()).isEqualTo("hazelcast");
        assertThat(config.cluster().host()).isEqualTo(TrackerPod.POD_IP);
        assertThat(config.cluster().name()).isEqualTo("demo-hivecast");
        assertThat(config.cluster().offerRouting()).isEqualTo("local-first");
    }

    @Test
    void redisUrlComesFromASecretNotTheConfigMap() {
        Manifests manifests = chart.render(Chart.REDIS);
        TrackerPod pod = new TrackerPod(manifests);

        TrackerConfig config = pod.loadConfig();

        String url = "redis://:s3cret@redis-master.data.svc.cluster.local:6379/0";
        assertThat(config.cluster().backend()).isEqualTo("redis");
        assertThat(config.cluster().redisUrl()).isEqualTo(url);
        assertThat(config.cluster().host()).isEqualTo(TrackerPod.POD_IP);
        assertThat(manifests.one(Secret.class).getStringData()).containsEntry("redis-url", url);
        assertThat(manifests.all(ConfigMap.class))
                .allSatisfy(cm -> assertThat(cm.getData().values()).noneMatch(v -> v.contains("s3cret")));
    }

    @Test
    void redisUrlMayComeFromASecretTheOperatorManages() {
        Manifests manifests = chart.renderWithValues("""
                replicaCount: 2
                cluster:
                  backend: redis
                  redis:
                    existingSecret: my-redis
                    existingSecretKey: url
                """);

        assertThat(manifests.all(Secret.class)).isEmpty();
        var ref = new TrackerPod(manifests).container().getEnv().stream()
                .filter(v -> v.getName().equals("TRACKER_CLUSTER_REDIS_URL")).findFirst()
                .orElseThrow().getValueFrom().getSecretKeyRef();
        assertThat(ref.getName()).isEqualTo("my-redis");
        assertThat(ref.getKey()).isEqualTo("url");
    }

    @Test
    void redisWithoutAUrlIsRefused() {
        assertThatThrownBy(() -> chart.renderWithValues("""
                replicaCount: 2
                cluster:
                  backend: redis
                """)).hasMessageContaining("cluster.backend redis needs cluster.redis.url");
    }

    @Test
    void ingressHostBecomesThePublicWssUrl() {
        TrackerConfig config = new TrackerPod(chart.render(Chart.INGRESS_HPA_MONITORING)).loadConfig();

        assertThat(config.publicUrl()).isEqualTo("wss://tracker.example.com/");
    }

    @Test
    void keysTheChartOwnsAreRefusedUnderConfig() {
        assertThatThrownBy(() -> chart.render(Map.of("config.port", 9999)))
                .hasMessageContaining("config.port is set by the chart");
        assertThatThrownBy(() -> chart.render(Map.of("config.cluster.backend", "redis")))
                .hasMessageContaining("config.cluster.backend is set by the chart");
        assertThatThrownBy(() -> chart.render(Map.of("config.drain.window", "3s")))
                .hasMessageContaining("config.drain is set by the chart");
    }

    @Test
    void aMisspeltTrackerSettingIsCaughtByTheLoaderNotAtDeployTime() {
        TrackerPod pod = new TrackerPod(chart.render(Map.of("config.announce.intervall", "60s")));

        assertThatThrownBy(pod::loadConfig).isInstanceOf(ConfigException.class)
                .hasMessageContaining("announce.intervall");
    }

    @Test
    void aDurationWithoutItsUnitIsCaughtByTheLoaderWithTheUnitSyntax() {
        TrackerPod pod = new TrackerPod(chart.render(Map.of("config.announce.interval", 90)));

        assertThatThrownBy(pod::loadConfig).isInstanceOf(ConfigException.class)
                .hasMessageContaining("announce.interval").hasMessageContaining("expected a duration with a unit");
    }

    @Test
    void editingTheConfigChangesThePodTemplateSoPodsRoll() {
        String before = checksum(chart.render());
        String after = checksum(chart.render(Map.of("config.announce.max-offers", 10)));

        assertThat(before).isNotBlank();
        assertThat(after).isNotEqualTo(before);
        assertThat(checksum(chart.render())).isEqualTo(before);
    }

    private static String checksum(Manifests manifests) {
        return new TrackerPod(manifests).deployment().getSpec().getTemplate().getMetadata()
                .getAnnotations().get("checksum/config");
    }
}
