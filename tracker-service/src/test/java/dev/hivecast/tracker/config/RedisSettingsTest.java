package dev.hivecast.tracker.config;

import static dev.hivecast.tracker.config.Loading.config;
import static dev.hivecast.tracker.config.Loading.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the redis backend is pointed at its Redis, and how a wrong pointer is refused without showing secrets. */
class RedisSettingsTest {

    @TempDir
    Path dir;

    @Test
    void urlPasswordAndTrustedCasComeFromAnySourceThePasswordBestFromTheEnvironment() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        ClusterConfig cluster = config(Map.of("TRACKER_CLUSTER_REDIS_PASSWORD", "from-a-secret"),
                "--cluster.backend", "redis", "--cluster.redis-url", "rediss://cache.example.com:6380/1",
                "--cluster.redis-tls-trust-pem", ca.toString()).cluster();

        assertThat(cluster.redisUrl()).isEqualTo("rediss://cache.example.com:6380/1");
        assertThat(cluster.redisPassword()).isEqualTo("from-a-secret");
        assertThat(cluster.redisTlsTrustPem()).isEqualTo(ca.toString());
        assertThat(cluster.toString()).doesNotContain("from-a-secret");
    }

    @Test
    void aPasswordInsideTheUrlNeverShowsInTheConfigsText() {
        ClusterConfig cluster = config("--cluster.redis-url", "redis://:hunter2@cache:6379/0").cluster();

        assertThat(cluster.redisUrl()).contains("hunter2");
        assertThat(cluster.toString()).doesNotContain("hunter2").contains("redisUrl=***");
    }

    @Test
    void aUrlTheBackendCannotUseIsRefusedWithoutShowingItsPassword() {
        assertThat(error("--cluster.redis-url", "127.0.0.1:6379"))
                .startsWith("cluster.redis-url must start with redis:// (or rediss:// for TLS), got 127.0.0.1:6379");
        assertThat(error("--cluster.redis-url", "redis://:hunter2@cache:6379/keys"))
                .contains("the path can only be a database number").contains("redis://:***@cache")
                .doesNotContain("hunter2");
    }

    @Test
    void trustedCasNeedATlsUrlAndAReadableFile() {
        assertThat(error("--cluster.redis-url", "redis://cache:6379", "--cluster.redis-tls-trust-pem",
                dir.resolve("ca.pem").toString()))
                .startsWith("cluster.redis-tls-trust-pem is set, so cluster.redis-url must be a rediss:// URL");
        assertThat(error("--cluster.redis-url", "rediss://cache:6380", "--cluster.redis-tls-trust-pem",
                dir.resolve("missing.pem").toString()))
                .startsWith("cluster.redis-tls-trust-pem names no readable file: ");
    }
}
