package dev.hivecast.tracker.pages;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * The pages and their files, read from the jar once at start-up. The three pages are templates
 * that receive the {@link PageSettings}; the player libraries under {@code vendor/} are put in the
 * jar by the build (docs/pages.md says which versions).
 */
final class PageFiles {

    /** A file ready to send, with the Content-Type it is sent under. */
    record File(Buffer body, String contentType) {
    }

    static final String ROOT = "/pages/";
    static final List<String> ASSETS = List.of("pages.css", "common.js", "landing.js", "check.js", "checks.js",
            "demo.js", "beacon.js", "vendor/hls.js/dist/hls.min.mjs", "vendor/hls.js/LICENSE",
            "vendor/p2p-media-loader-core/dist/p2p-media-loader-core.es.min.js", "vendor/p2p-media-loader-core/LICENSE",
            "vendor/p2p-media-loader-hlsjs/dist/p2p-media-loader-hlsjs.es.min.js", "vendor/p2p-media-loader-hlsjs/LICENSE");
    private static final String SETTINGS_MARK = "<!--hivecast-settings-->";
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script type=\"importmap\">(.*?)</script>",
            Pattern.DOTALL);

    private final Map<String, File> assets = new LinkedHashMap<>();
    private final Map<String, File> pages = new LinkedHashMap<>();
    private final StringBuilder scriptHashes = new StringBuilder();
    private final File settings;

    /** @throws IllegalStateException when a file is missing from the jar (a broken build) */
    PageFiles(PageSettings settings) {
        for (String name : ASSETS) {
            assets.put(name, new File(Buffer.buffer(read(name)), contentType(name)));
        }
        String json = settings.toJson().encode().replace("<", "\\u003c"); // no "</script>" inside
        this.settings = new File(Buffer.buffer(json), "application/json");
        for (String page : List.of("landing", "check", "demo")) {
            String html = new String(read(page + ".html"), StandardCharsets.UTF_8)
                    .replace(SETTINGS_MARK, "<script type=\"application/json\" id=\"hivecast-settings\">"
                            + json + "</script>");
            hashInlineScripts(html);
            pages.put(page, new File(Buffer.buffer(html), "text/html; charset=utf-8"));
        }
    }

    File asset(String name) {
        return assets.get(name);
    }

    /** The settings alone, for the self-test embedded in another site's page. */
    File settings() {
        return settings;
    }

    File page(String name) {
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

    private static byte[] read(String name) {
        try (InputStream in = PageFiles.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("The jar has no " + ROOT + name + ": it was built without the"
                        + " pages (the build fetches the player libraries with npm; see docs/pages.md)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".js") || name.endsWith(".mjs")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/plain; charset=utf-8";
    }
}
