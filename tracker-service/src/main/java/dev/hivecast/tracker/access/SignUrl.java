package dev.hivecast.tracker.access;

import java.net.URI;

/**
 * Mints a signed announce URL from the command line:
 * {@code TRACKER_ACCESS_URL_SECRET=... java -cp hivecast-tracker.jar dev.hivecast.tracker.access.SignUrl
 * wss://tracker.example.com/live 86400}. The secret comes from the same environment variable the
 * tracker reads, never from an argument, which any user of the machine could see in the process list.
 */
public final class SignUrl {

    static final String SECRET_VARIABLE = "TRACKER_ACCESS_URL_SECRET";
    static final long DEFAULT_LIFETIME_SECONDS = 86_400;

    private SignUrl() {
    }

    public static void main(String[] args) {
        String secret = System.getenv(SECRET_VARIABLE);
        if (args.length < 1 || args.length > 2 || secret == null || secret.isEmpty()) {
            System.err.println("usage: " + SECRET_VARIABLE + "=SECRET java -cp hivecast-tracker.jar "
                    + SignUrl.class.getName() + " ANNOUNCE_URL [LIFETIME_SECONDS, default "
                    + DEFAULT_LIFETIME_SECONDS + "]");
            System.exit(2);
            return;
        }
        long lifetime = args.length == 2 ? Long.parseLong(args[1]) : DEFAULT_LIFETIME_SECONDS;
        long expiresAt = System.currentTimeMillis() / 1000 + lifetime;
        System.out.println(sign(args[0], new UrlTokens(secret, ""), expiresAt));
    }

    /** {@code url} with {@code token=...} appended to its query. */
    static String sign(String url, UrlTokens tokens, long expiresAt) {
        URI uri = URI.create(url);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String token = UrlTokens.PARAMETER + "=" + tokens.mint(path, expiresAt);
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        return base + (uri.getRawQuery() == null ? "?" : "&") + token;
    }
}
