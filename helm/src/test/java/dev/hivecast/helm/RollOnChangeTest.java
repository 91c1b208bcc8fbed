package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A pod reads its ConfigMap and the Secrets behind its environment when it starts: a change to any
 * of those the chart renders must change the pod template, or the pods keep the old values. The
 * info_hash lists are the exception on purpose: the tracker re-reads them in place.
 */
class RollOnChangeTest {

    private static final String REDIS = """
            replicaCount: 2
            cluster:
              backend: redis
              redis:
                url: redis://redis.data.svc.cluster.local:6379/0
                password: %s
            """;

    private final Chart chart = Chart.source();

    @Test
    void aNewRedisPasswordRollsThePods() {
        String before = annotation(chart.renderWithValues(REDIS.formatted("first-password")), "checksum/redis-secret");
        String after = annotation(chart.renderWithValues(REDIS.formatted("second-password")), "checksum/redis-secret");

        assertThat(before).isNotBlank();
        assertThat(after).isNotBlank().isNotEqualTo(before);
    }

    @Test
    void aNewRedisUrlRollsThePods() {
        String before = annotation(chart.render(Chart.REDIS), "checksum/redis-secret");
        String after = annotation(chart.render(Chart.REDIS, Map.of("cluster.redis.url",
                "redis://redis-2.data.svc.cluster.local:6379/0")), "checksum/redis-secret");

        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void noRedisChecksumWithoutTheChartsRedisSecret() {
        assertThat(annotations(chart.render())).doesNotContainKey("checksum/redis-secret");
        assertThat(annotations(chart.renderWithValues("""
                replicaCount: 2
                cluster:
                  backend: redis
                  redis:
                    existingSecret: redis-conn
                """))).doesNotContainKey("checksum/redis-secret");
    }

    @Test
    void everyObjectThePodReadsAtStartIsHashed() {
        Map<String, String> annotations = annotations(chart.render(Chart.ACCESS_TLS));
        assertThat(annotations).containsKeys("checksum/config", "checksum/access-secret");
        assertThat(annotations(chart.render(Chart.REDIS_TLS))).containsKeys("checksum/config", "checksum/redis-secret");
    }

    @Test
    void editingAnInfoHashListRestartsNoPod() {
        Map<String, String> before = annotations(chart.render(Map.of("access.infoHashLists.denylist",
                "0123456789abcdef0123456789abcdef01234567\n")));
        Map<String, String> after = annotations(chart.render(Map.of("access.infoHashLists.denylist",
                "89abcdef0123456789abcdef0123456789abcdef\n")));

        assertThat(after).isEqualTo(before);
    }

    private static String annotation(Manifests manifests, String key) {
        return annotations(manifests).get(key);
    }

    private static Map<String, String> annotations(Manifests manifests) {
        return new TrackerPod(manifests).deployment().getSpec().getTemplate().getMetadata().getAnnotations();
    }
}
