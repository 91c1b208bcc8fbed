package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar is what gets redistributed (the image, a release download), so it must carry the
 * licence and every NOTICE that the Apache-2.0 jars bundled in it carry (section 4(d) of the licence).
 */
class ShadedJarLicenceIT {

    private static final Path JAR = Path.of("target", "hivecast-tracker.jar");
    private static final List<String> NOTICE_NAMES = List.of("META-INF/NOTICE", "META-INF/NOTICE.txt", "META-INF/NOTICE.md");

    @Test
    void theJarCarriesTheProjectsLicenceVerbatim() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(read(jar, "META-INF/LICENSE")).isEqualTo(Files.readString(Path.of("..", "LICENSE")));
        }
    }

    @Test
    void theJarsNoticeStartsFromTheProjectsAndKeepsEveryLineOfTheBundledJarsNotices() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            String notice = read(jar, "META-INF/NOTICE");
            for (String line : Files.readAllLines(Path.of("..", "NOTICE"))) {
                assertThat(notice).contains(line);
            }
            List<URL> bundled = bundledNotices(jar);
            assertThat(bundled).as("NOTICE files of bundled jars (Hazelcast, Jackson, Commons...)").isNotEmpty();
            for (URL url : bundled) {
                try (InputStream in = url.openStream()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                        // "// NOTICE file corresponding to section 4d": a preamble, not a notice;
                        // the shade plugin leaves it out when it merges.
                        if (!line.startsWith("//")) {
                            assertThat(notice).as("a line of %s", url).contains(line.strip());
                        }
                    }
                }
            }
        }
    }

    /** NOTICE files on the test class path that come from a jar whose classes are in the shaded jar. */
    private static List<URL> bundledNotices(JarFile shaded) throws IOException {
        List<URL> found = new ArrayList<>();
        for (String name : NOTICE_NAMES) {
            for (URL url : Collections.list(ShadedJarLicenceIT.class.getClassLoader().getResources(name))) {
                if (url.getProtocol().equals("jar") && isBundled(url, shaded)) {
                    found.add(url);
                }
            }
        }
        return found;
    }

    private static boolean isBundled(URL noticeUrl, JarFile shaded) throws IOException {
        JarURLConnection connection = (JarURLConnection) noticeUrl.openConnection();
        connection.setUseCaches(false);
        try (JarFile source = connection.getJarFile()) {
            return source.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class") && !n.contains("module-info"))
                    .findFirst().map(n -> shaded.getEntry(n) != null).orElse(false);
        }
    }

    private static String read(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        assertThat(entry).as(name + " in " + JAR).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
