package dev.hivecast.tracker.it.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The tracker jar of an older commit, built by this test run from the repository's own git
 * history: the commit's tree is exported with {@code git archive} (the working tree and its
 * branches are left alone) and packaged by the same Maven with the same local repository. The jar is kept under {@code target/previous-builds/<commit>/}, so a
 * commit is built once per checkout; {@code -Dprevious.builds=DIR} keeps them elsewhere (a CI cache).
 *
 * <p>A clone without that commit (a shallow clone, a source tarball) fails with the reason and the
 * fix, never skips: a rolling-upgrade promise that is not tested is not kept.
 */
final class PreviousBuild {

    private static final Duration GIT_WAIT = Duration.ofSeconds(60);
    /** The C1 compiler only: a one-off Maven run spends most of its time warming up, not in hot loops. */
    private static final String MAVEN_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    private static final Duration BUILD_WAIT = Duration.ofMinutes(5);
    private static final String JAR = "tracker-service/target/hivecast-tracker.jar";

    private PreviousBuild() {
    }

    /** The runnable tracker jar of {@code commit} (a full 40-digit id), built now unless kept from before. */
    static Path trackerJar(String commit) {
        Path root = repositoryRoot();
        Path builds = Path.of(System.getProperty("previous.builds", "target/previous-builds"));
        requireCommit(root, commit, builds.resolve("git-check.log"));
        Path dir = builds.resolve(commit);
        Path jar = dir.resolve("hivecast-tracker.jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        long started = System.nanoTime();
        Path source = dir.resolve("source");
        try {
            deleteTree(source);
            Files.createDirectories(source);
            Path tar = dir.resolve("source.tar");
            run(root, GIT_WAIT, dir.resolve("git-archive.log"), "git", "archive", "--format=tar", "-o",
                    tar.toAbsolutePath().toString(), commit);
            run(source, GIT_WAIT, dir.resolve("tar.log"), "tar", "-xf", tar.toAbsolutePath().toString());
            Files.delete(tar);
            // Maven looks upwards for .mvn/: the export lies inside this checkout, whose own must not apply.
            Files.createDirectories(source.resolve(".mvn"));
            build(source, dir);
            Path built = dir.resolve("hivecast-tracker.jar.part");
            Files.copy(source.resolve(JAR), built, StandardCopyOption.REPLACE_EXISTING);
            Files.move(built, jar, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(source);
        } catch (IOException e) {
            throw new IllegalStateException("could not build the tracker of commit " + commit + " in " + dir, e);
        }
        System.out.printf("[previous-build] tracker of %s built in %d ms: %s%n", commit.substring(0, 12),
                (System.nanoTime() - started) / 1_000_000, jar.toAbsolutePath());
        return jar;
    }

    /** The top of the work tree this test runs in (failsafe runs from the module's folder). */
    private static Path repositoryRoot() {
        return Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    }

    private static void requireCommit(Path root, String commit, Path log) {
        try {
            run(root, GIT_WAIT, log, "git", "cat-file", "-e", commit + "^{commit}");
        } catch (IllegalStateException e) {
            throw new IllegalStateException("The mixed-version cluster test needs commit " + commit
                    + " (docs/upgrades.md) from this repository's git history, and " + root
                    + " does not have it: a shallow clone or an export without .git? Fetch the whole history"
                    + " (git fetch --unshallow) and run again. " + e.getMessage(), e);
        }
    }

    /**
     * Offline first: the outer build has just resolved nearly everything an older commit needs, and
     * asking the remote repositories about each artifact would cost more than the build. Online
     * only when something is missing.
     */
    private static void build(Path source, Path dir) {
        try {
            run(source, BUILD_WAIT, dir.resolve("build-offline.log"), mavenCommand("-o"));
        } catch (IllegalStateException offline) {
            System.out.println("[previous-build] offline build failed, trying online: " + offline.getMessage());
            run(source, BUILD_WAIT, dir.resolve("build.log"), mavenCommand());
        }
    }

    private static List<String> mavenCommand(String... more) {
        String home = System.getProperty("maven.home", "");
        String mvn = home.isEmpty() ? "mvn" : Path.of(home, "bin", "mvn").toString();
        // Only the older commit's jar is wanted, as the other node of a mixed cluster: its own
        // suite ran when it was main, and running it here would cost this suite its budget.
        List<String> command = new ArrayList<>(List.of(mvn, "-B", "-q", "-pl", "tracker-service", "-am",
                "package", "-Dmaven.test.skip=true"));
        command.addAll(List.of(more));
        String repo = System.getProperty("maven.repo.local", "");
        if (!repo.isEmpty()) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        return command;
    }

    /** Runs a command to its end with its output in {@code log}; fails with the log's tail otherwise. */
    private static void run(Path dir, Duration wait, Path log, String... command) {
        run(dir, wait, log, List.of(command));
    }

    private static void run(Path dir, Duration wait, Path log, List<String> command) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("MAVEN_OPTS", MAVEN_OPTS);
            Process process = builder.start();
            if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not end within "
                        + wait.toSeconds() + " s; log " + log.toAbsolutePath() + ":\n" + tail(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + "; log " + log.toAbsolutePath() + ":\n" + tail(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command + " in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
