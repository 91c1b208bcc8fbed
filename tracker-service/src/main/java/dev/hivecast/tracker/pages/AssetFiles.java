package dev.hivecast.tracker.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The pages' scripts, style sheet and player libraries, copied from the jar to a temporary
 * directory when a tracker starts, sent from there with {@code sendFile}, and deleted when its
 * Vert.x instance closes ({@code Main} ends with {@code halt}, which skips deleteOnExit). A response held in memory
 * would be copied into direct memory for every client that has not read it yet: 600 KB for
 * hls.js, for as long as limits.request-timeout, per connection. From a file, the kernel sends
 * it (or, over TLS, it is read a chunk at a time) and a client that never reads costs nothing more.
 */
final class AssetFiles {

    /** A file ready to send, with the Content-Type it is sent under. */
    record Asset(Path path, String contentType) {
    }

    static final List<String> NAMES = List.of("pages.css", "common.js", "landing.js", "check.js", "checks.js",
            "demo.js", "beacon.js", "vendor/hls.js/dist/hls.min.mjs", "vendor/hls.js/LICENSE",
            "vendor/p2p-media-loader-core/dist/p2p-media-loader-core.es.min.js", "vendor/p2p-media-loader-core/LICENSE",
            "vendor/p2p-media-loader-hlsjs/dist/p2p-media-loader-hlsjs.es.min.js", "vendor/p2p-media-loader-hlsjs/LICENSE");

    private final Path dir;
    private final Map<String, Asset> assets;

    private AssetFiles(Path dir, Map<String, Asset> assets) {
        this.dir = dir;
        this.assets = assets;
    }

    /** Every asset by name. */
    Map<String, Asset> all() {
        return assets;
    }

    /** Copies every asset to a new temporary directory (about 800 KB, a few milliseconds). */
    static AssetFiles copy() {
        try {
            Path dir = Files.createTempDirectory("hivecast-pages-");
            dir.toFile().deleteOnExit(); // the net for a JVM that exits without closing Vert.x
            Map<String, Asset> assets = new LinkedHashMap<>();
            for (String name : NAMES) {
                Path file = dir.resolve(name);
                Files.createDirectories(file.getParent());
                // deleteOnExit deletes in the reverse order of first registration: folders before their files
                Path folder = dir;
                for (Path part : dir.relativize(file.getParent())) {
                    folder = folder.resolve(part);
                    folder.toFile().deleteOnExit();
                }
                Files.write(file, read(name));
                file.toFile().deleteOnExit();
                assets.put(name, new Asset(file, contentType(name)));
            }
            return new AssetFiles(dir, Map.copyOf(assets));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the pages' files to the temporary directory", e);
        }
    }

    /** Deletes the copies; a file that cannot be deleted is left for deleteOnExit. */
    void delete() {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // nothing more to do: deleteOnExit is registered for each of them
        }
    }

    /** @throws IllegalStateException when the file is missing from the jar (a broken build) */
    static byte[] read(String name) {
        try (InputStream in = AssetFiles.class.getResourceAsStream(PageFiles.ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("The jar has no " + PageFiles.ROOT + name + ": it was built without"
                        + " the pages (the build fetches the player libraries with npm; see docs/pages.md)");
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
