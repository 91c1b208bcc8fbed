package dev.hivecast.tracker.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Signed announce URLs: what a token proves, and everything that makes one worthless. */
class UrlTokensTest {

    private static final String SECRET = "current-secret-0123456789";
    private static final String OLD_SECRET = "previous-secret-0123456789";
    private static final long NOW = 1_800_000_000L;

    private final UrlTokens tokens = new UrlTokens(SECRET, "");

    @Test
    void aTokenMintedForAPathIsAcceptedOnThatPathUntilItExpires() {
        String token = tokens.mint("/live", NOW + 60);

        assertThat(tokens.verify("/live", "token=" + token, NOW)).isNull();
        assertThat(tokens.verify("/live", "token=" + token, NOW + 60)).as("the expiry second itself").isNull();
    }

    @Test
    void aTokenPastItsExpiryIsRefusedAsExpired() {
        String token = tokens.mint("/live", NOW - 1);

        assertThat(tokens.verify("/live", "token=" + token, NOW)).isEqualTo(UpgradeRefusal.TOKEN_EXPIRED);
    }

    @Test
    void aUrlWithoutTokenIsRefusedAsMissing() {
        assertThat(tokens.verify("/live", null, NOW)).isEqualTo(UpgradeRefusal.TOKEN_MISSING);
        assertThat(tokens.verify("/live", "", NOW)).isEqualTo(UpgradeRefusal.TOKEN_MISSING);
        assertThat(tokens.verify("/live", "tokens=1.abc&x=token", NOW)).isEqualTo(UpgradeRefusal.TOKEN_MISSING);
    }

    @Test
    void aLaterExpiryWrittenOverAGenuineTokenIsRefusedAsInvalid() {
        String token = tokens.mint("/live", NOW + 60);
        String mac = token.substring(token.indexOf('.') + 1);

        assertThat(tokens.verify("/live", "token=" + (NOW + 86_400) + "." + mac, NOW))
                .isEqualTo(UpgradeRefusal.TOKEN_INVALID);
    }

    @Test
    void aTokenWithOneMacCharacterChangedIsRefusedAsInvalid() {
        String token = tokens.mint("/live", NOW + 60);
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(tokens.verify("/live", "token=" + tampered, NOW)).isEqualTo(UpgradeRefusal.TOKEN_INVALID);
    }

    @Test
    void aTokenForOnePathIsRefusedOnAnother() {
        String token = tokens.mint("/live/event-1", NOW + 60);

        assertThat(tokens.verify("/live/event-2", "token=" + token, NOW)).isEqualTo(UpgradeRefusal.TOKEN_INVALID);
    }

    @Test
    void trailingSlashesDoNotChangeThePath_theBittorrentTrackerClientStripsOne() {
        String token = tokens.mint("/announce/", NOW + 60);

        assertThat(tokens.verify("/announce", "token=" + token, NOW)).isNull();
        assertThat(tokens.verify("/", "token=" + tokens.mint("", NOW + 60), NOW)).isNull();
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefusedAsInvalid() {
        String foreign = new UrlTokens("some-other-secret-0123456789", "").mint("/live", NOW + 60);

        assertThat(tokens.verify("/live", "token=" + foreign, NOW)).isEqualTo(UpgradeRefusal.TOKEN_INVALID);
    }

    @Test
    void duringARotationTokensOfThePreviousSecretStayValidAndNewOnesUseTheCurrentOne() {
        String oldToken = new UrlTokens(OLD_SECRET, "").mint("/live", NOW + 60);
        UrlTokens rotated = new UrlTokens(SECRET, OLD_SECRET);

        assertThat(rotated.verify("/live", "token=" + oldToken, NOW)).isNull();
        assertThat(rotated.mint("/live", NOW + 60)).isEqualTo(tokens.mint("/live", NOW + 60));
        assertThat(tokens.verify("/live", "token=" + oldToken, NOW))
                .as("once the previous secret is dropped").isEqualTo(UpgradeRefusal.TOKEN_INVALID);
    }

    @Test
    void malformedTokensAreRefusedAsInvalidWithoutThrowing() {
        for (String bad : new String[] {"", ".", "abc", "123", "123.", ".abc", "-5.abc", "12x.abc",
                "1234567890123.abc", "123.!!!", "123.a b", "99999999999999999999.abc"}) {
            assertThat(tokens.verify("/live", "token=" + bad, NOW)).as(bad).isEqualTo(UpgradeRefusal.TOKEN_INVALID);
        }
    }

    @Test
    void twoTokenParametersAreRefusedAsInvalidEvenIfOneIsGenuine() {
        String token = tokens.mint("/live", NOW + 60);

        assertThat(tokens.verify("/live", "token=" + token + "&token=" + token, NOW))
                .isEqualTo(UpgradeRefusal.TOKEN_INVALID);
    }

    @Test
    void otherQueryParametersAreIgnored() {
        String token = tokens.mint("/live", NOW + 60);

        assertThat(tokens.verify("/live", "stream=1&token=" + token + "&x", NOW)).isNull();
    }

    @Test
    void theFormatIsTheDocumentedOne_soAnyLanguageCanMintTokens() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal(("hivecast-v1\n/live\n" + (NOW + 60)).getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.mint("/live/", NOW + 60))
                .isEqualTo((NOW + 60) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(expected));
    }

    @Test
    void theReadmesTestVectorHolds() {
        assertThat(new UrlTokens("doc-check-secret-0123456789", "").mint("/live", 1_893_456_000L))
                .isEqualTo("1893456000.sq-OeVLOBynycsENaa5DH6SUf7TKhRSeOul3idBPy_k");
    }

    @Test
    void signUrlAppendsTheTokenToTheAnnounceUrl() {
        long expiry = NOW + 3600;

        assertThat(SignUrl.sign("wss://tracker.example.com/live", tokens, expiry))
                .isEqualTo("wss://tracker.example.com/live?token=" + tokens.mint("/live", expiry));
        assertThat(SignUrl.sign("wss://tracker.example.com/live?stream=1", tokens, expiry))
                .isEqualTo("wss://tracker.example.com/live?stream=1&token=" + tokens.mint("/live", expiry));
        assertThat(SignUrl.sign("wss://tracker.example.com", tokens, expiry))
                .isEqualTo("wss://tracker.example.com?token=" + tokens.mint("", expiry));
    }
}
