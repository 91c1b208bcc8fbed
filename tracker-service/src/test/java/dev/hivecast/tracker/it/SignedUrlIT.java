package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.tracker.access.UrlTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Signed announce URLs: with access.url-secret set, an upgrade needs {@code ?token=} minted for
 * its path and not yet expired, under the current or the previous secret; anything else gets
 * HTTP 403 and no WebSocket, counted by reason. A player already connected keeps working.
 */
class SignedUrlIT extends TrackerTestBase {

    private static final String SECRET = "it-current-secret-0123456789";
    private static final String PREVIOUS = "it-previous-secret-0123456789";

    private final UrlTokens current = new UrlTokens(SECRET, "");
    private final UrlTokens previous = new UrlTokens(PREVIOUS, "");

    @Override
    protected String[] flags() {
        return new String[] {"--access.url-secret", SECRET, "--access.url-previous-secret", PREVIOUS};
    }

    @Test
    void aUrlWithAGenuineUnexpiredTokenUpgradesAndItsPlayerAnnounces() {
        Peer p = peer("/live?token=" + current.mint("/live", inSeconds(600)));

        assertThat(p.announce(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString()).getInteger("incomplete")).isEqualTo(1);
    }

    @Test
    void aTokenOfThePreviousSecretStillUpgradesDuringARotation() {
        Peer p = peer("/live/?token=" + previous.mint("/live", inSeconds(600)));

        assertThat(p.announce(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString()).getInteger("incomplete")).isEqualTo(1);
    }

    @Test
    void missingTamperedForeignExpiredOrOtherPathTokensGet403WhileAConnectedPlayerKeepsWorking() {
        String infoHash = Ids.infoHash();
        String peerId = Ids.peerId();
        Peer player = peer("/live?token=" + current.mint("/live", inSeconds(600)));
        player.announce(ClientAnnounce.started(infoHash, peerId).toString());
        double missing = refusals("token_missing");
        double invalid = refusals("token_invalid");
        double expired = refusals("token_expired");
        String genuine = current.mint("/live", inSeconds(600));

        assertThat(status("/live")).as("no token").isEqualTo(403);
        assertThat(status("/live?token=" + tamper(genuine))).as("tampered").isEqualTo(403);
        assertThat(status("/live?token=" + inSeconds(7200) + genuine.substring(genuine.indexOf('.'))))
                .as("expiry moved").isEqualTo(403);
        assertThat(status("/other?token=" + genuine)).as("another path").isEqualTo(403);
        assertThat(status("/live?token=" + new UrlTokens("a-stranger's-secret-0123", "").mint("/live", inSeconds(600))))
                .as("another secret").isEqualTo(403);
        assertThat(status("/live?token=" + current.mint("/live", inSeconds(-1)))).as("expired").isEqualTo(403);
        assertThat(clients.rejectedUpgradeStatus(tracker.port(), "/live")).as("through a WebSocket client")
                .isEqualTo(403);

        assertThat(refusals("token_missing") - missing).isEqualTo(2);
        assertThat(refusals("token_invalid") - invalid).isEqualTo(4);
        assertThat(refusals("token_expired") - expired).isEqualTo(1);
        assertThat(player.announce(ClientAnnounce.of(infoHash, peerId).toString()).getInteger("incomplete")).isEqualTo(1);
        assertThat(tracker.stats().getInteger("connections")).isEqualTo(1);
    }

    @Test
    void aUrlMintedByTheSignUrlCommandUpgrades() throws Exception {
        String announceUrl = "ws://127.0.0.1:" + tracker.port() + "/live/event-1";

        SignUrlRun withoutSecret = signUrl(announceUrl, null);
        SignUrlRun withSecret = signUrl(announceUrl, SECRET);

        assertThat(withoutSecret.exitCode()).as(withoutSecret.output()).isEqualTo(2); // usage, no URL
        assertThat(withSecret.exitCode()).as(withSecret.output()).isZero();
        String url = withSecret.output().trim();
        assertThat(url).startsWith(announceUrl + "?token=");
        Peer p = peer(url.substring(url.indexOf("/live")));
        assertThat(p.announce(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString()).getInteger("incomplete")).isEqualTo(1);
    }

    private record SignUrlRun(int exitCode, String output) {
    }

    /** Runs the SignUrl command in a JVM of its own, with the secret in its environment (or none). */
    private static SignUrlRun signUrl(String announceUrl, String secret) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.hivecast.tracker.access.SignUrl",
                announceUrl, "300")).redirectErrorStream(true);
        builder.environment().remove("TRACKER_ACCESS_URL_SECRET");
        if (secret != null) {
            builder.environment().put("TRACKER_ACCESS_URL_SECRET", secret);
        }
        Process process = builder.start();
        // Wait, then read: the output is a line or two, well inside the pipe's buffer, and a hung
        // child must fail the test after 30 s instead of blocking a read for ever.
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("SignUrl did not exit within 30 s");
        }
        return new SignUrlRun(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private int status(String path) {
        return raw(path, Map.of()).status();
    }

    private double refusals(String reason) {
        return metric("tracker_upgrades_refused_total", "reason", reason);
    }

    private static long inSeconds(long seconds) {
        return System.currentTimeMillis() / 1000 + seconds;
    }

    private static String tamper(String token) {
        char last = token.charAt(token.length() - 2);
        return token.substring(0, token.length() - 2) + (last == 'x' ? 'y' : 'x') + token.charAt(token.length() - 1);
    }
}
