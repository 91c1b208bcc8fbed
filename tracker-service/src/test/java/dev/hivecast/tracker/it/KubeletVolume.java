package dev.hivecast.tracker.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A directory laid out as the kubelet lays out a mounted Secret or ConfigMap (its "atomic
 * writer", pkg/volume/util/atomic_writer.go): the files live in a timestamped directory
 * {@code ..2026_12_03_06_13_13.000000001}, {@code ..data} is a symlink to it, and each key is a
 * symlink {@code KEY -> ..data/KEY}. An update writes a new timestamped directory, points a new
 * symlink {@code ..data_tmp} at it, renames that over {@code ..data} (one rename: readers see
 * all old files or all new ones) and deletes the old directory. The key symlinks never change,
 * so a reader that cached what a path resolved to keeps reading the deleted directory.
 */
final class KubeletVolume {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Path dir;
    private Path current;

    private KubeletVolume(Path dir) {
        this.dir = dir;
    }

    /** A new volume in {@code dir} (created) holding {@code files} (key to content). */
    static KubeletVolume create(Path dir, Map<String, String> files) {
        KubeletVolume volume = new KubeletVolume(dir);
        try {
            Files.createDirectories(dir);
            volume.current = volume.writeTimestamped(files);
            Files.createSymbolicLink(dir.resolve("..data"), volume.current.getFileName());
            for (String key : files.keySet()) {
                Files.createSymbolicLink(dir.resolve(key), Path.of("..data", key));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return volume;
    }

    /** The kubelet's update: the same keys, new contents, swapped in by one rename. */
    void update(Map<String, String> files) {
        try {
            Path previous = current;
            current = writeTimestamped(files);
            Path temporary = dir.resolve("..data_tmp");
            Files.createSymbolicLink(temporary, current.getFileName());
            Files.move(temporary, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            deleteTree(previous);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path a container is given: the key's symlink. */
    Path file(String key) {
        return dir.resolve(key);
    }

    void delete() {
        deleteTree(dir);
    }

    private Path writeTimestamped(Map<String, String> files) throws IOException {
        String name = ".." + LocalDateTime.now().format(STAMP) + "." + String.format("%09d", SEQUENCE.incrementAndGet());
        Path timestamped = Files.createDirectory(dir.resolve(name));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(timestamped.resolve(file.getKey()), file.getValue());
        }
        return timestamped;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
