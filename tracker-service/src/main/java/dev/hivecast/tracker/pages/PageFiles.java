package dev.hivecast.tracker.pages;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three pages, templates read from the jar at start-up and given the {@link PageSettings};
 * a few KB each, so they are kept in memory. Their files are {@link AssetFiles}.
 */
final class PageFiles {

    /** A file ready to send, with the Content-Type it is sent under. */
    record Rendered(Buffer body, String contentType) {
    }

    static final String ROOT = "/pages/";
    private static final String SETTINGS_MARK = "<!--hivecast-settings-->";
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script type=\"importmap\">(.*?)</script>",
            Pattern.DOTALL);

    private final Map<String, Rendered> pages = new LinkedHashMap<>();
    private final StringBuilder scriptHashes = new StringBuilder();
    private final Rendered settings;

    /** @throws IllegalStateException when a file is missing from the jar (a broken build) */
    PageFiles(PageSettings settings) {
        String json = settings.toJson().encode().replace("<", "\\u003c"); // no "</script>" inside
        this.settings = new Rendered(Buffer.buffer(json), "application/json");
        for (String page : List.of("landing", "check", "demo")) {
            String html = new String(AssetFiles.read(page + ".html"), StandardCharsets.UTF_8)
                    .replace(SETTINGS_MARK, "<script type=\"application/json\" id=\"hivecast-settings\">"
                            + json + "</script>");
            hashInlineScripts(html);
            pages.put(page, new Rendered(Buffer.buffer(html), "text/html; charset=utf-8"));
        }
    }

    /** The settings alone, for the self-test embedded in another site's page. */
    Rendered settings() {
        return settings;
    }

    Rendered page(String name) {
        return pages.get(name);
    }

    /**
     * Scripts run only from this tracker, plus the import maps inline in the pages (which cannot
     * be files), by hash. The demo fetches any stream (http:, https:) and the pages open WebSockets.
     */
    String contentSecurityPolicy() {
        return "default-src 'self'; script-src 'self'" + scriptHashes + "; connect-src 'self' ws: wss: http: https:;"
                + " media-src 'self' blob: data: http: https:; worker-src 'self' blob:; img-src 'self' data:;"
                + " style-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";
    }

    private void hashInlineScripts(String html) {
        Matcher m = INLINE_SCRIPT.matcher(html);
        while (m.find()) {
            String hash = " 'sha256-" + sha256(m.group(1)) + "'";
            if (scriptHashes.indexOf(hash) < 0) {
                scriptHashes.append(hash);
            }
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
