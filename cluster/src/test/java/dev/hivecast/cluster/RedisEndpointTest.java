package dev.hivecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisEndpointTest {

    @Test
    void acceptsPlainAndTlsUrlsWithOrWithoutCredentialsAndDatabase() {
        assertThat(RedisEndpoint.problemWith("redis://127.0.0.1:6379")).isNull();
        assertThat(RedisEndpoint.problemWith("redis://redis.tracker.svc:6379/2")).isNull();
        assertThat(RedisEndpoint.problemWith("rediss://:secret@cache.example.com:6380/0")).isNull();
        assertThat(RedisEndpoint.problemWith("rediss://tracker:secret@cache.example.com:6380")).isNull();
    }

    @Test
    void refusesWhatTheBackendCannotUseWithAReason() {
        assertThat(RedisEndpoint.problemWith("http://127.0.0.1:6379")).contains("redis://");
        assertThat(RedisEndpoint.problemWith("127.0.0.1:6379")).contains("redis://");
        assertThat(RedisEndpoint.problemWith("redis://")).isNotNull();
        assertThat(RedisEndpoint.problemWith("redis://127.0.0.1:6379/keys")).contains("database number");
        assertThat(RedisEndpoint.problemWith("redis://a b")).startsWith("not a URL");
    }

    @Test
    void neverShowsAPassword() {
        RedisEndpoint inUrl = RedisEndpoint.of("rediss://tracker:s3cret@cache:6380/1");
        RedisEndpoint apart = new RedisEndpoint("redis://cache:6379", "s3cret", "");

        assertThat(inUrl.redactedUrl()).isEqualTo("rediss://tracker:***@cache:6380/1");
        assertThat(RedisEndpoint.of("redis://:s3cret@cache:6379").redactedUrl()).isEqualTo("redis://:***@cache:6379");
        assertThat(RedisEndpoint.of("redis://cache:6379").redactedUrl()).isEqualTo("redis://cache:6379");
        assertThat(inUrl.toString()).doesNotContain("s3cret");
        assertThat(apart.toString()).doesNotContain("s3cret").contains("password=***");
    }

    @Test
    void tlsComesFromTheScheme() {
        assertThat(RedisEndpoint.of("rediss://cache:6380").tls()).isTrue();
        assertThat(RedisEndpoint.of("rediss://cache:6380").toOptions().getNetClientOptions().isSsl()).isTrue();
        assertThat(RedisEndpoint.of("redis://cache:6379").tls()).isFalse();
    }
}
