package dev.hivecast.tracker.locality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hivecast.tracker.config.LocalityConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/locality.md#the-sites-file: a changed file is used; a broken one is counted and the last good one stays. */
class SitesReloadTest {

    @TempDir
    Path dir;

    @Test
    void aChangedSitesFileIsUsedAndABrokenOneKeepsTheLastGoodSites() throws Exception {
        Path sites = Files.writeString(dir.resolve("sites.txt"), "10.0.0.0/8 campus\n");
        Vertx vertx = Vertx.vertx();
        try {
            LocalityFiles files = LocalityFiles.prepare(vertx, new LocalityConfig(true, sites.toString(), "", "", 0.2, 8))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            LocalityResolver resolver = files.resolver();
            files.start(Duration.ofMillis(50));
            assertThat(resolver.of("10.1.1.1").key(LocalityLevel.SITE.ordinal())).isNotNull();

            Files.writeString(sites, "10.0.0.0/8 campus\n192.168.0.0/16 office\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> resolver.sites().size() == 2);
            SiteList good = resolver.sites();

            Files.writeString(sites, "10.0.0.0/8 campus\n192.168.0.0/16\n# now broken, and longer\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> files.reloadFailures() >= 1);
            assertThat(resolver.sites()).isSameAs(good);
            assertThat(resolver.of("192.168.1.1").key(LocalityLevel.SITE.ordinal())).isNotNull();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
