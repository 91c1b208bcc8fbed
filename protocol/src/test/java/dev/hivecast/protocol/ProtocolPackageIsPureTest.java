package dev.hivecast.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * STYLE "Shape of the code" 1: the wire protocol is a pure part, shared by the server and the
 * load test, with jackson-core as its only dependency.
 */
class ProtocolPackageIsPureTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/hivecast/protocol");

    @Test
    void protocolPackageUsesNothingFromVertxOrNetty() throws IOException {
        List<Path> files = sources();
        assertThat(files).as("sources under %s", SOURCES.toAbsolutePath()).isNotEmpty();
        for (Path file : files) {
            String source = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(source).as(file.toString()).doesNotContain("io.vertx").doesNotContain("io.netty");
        }
    }

    @Test
    void protocolPackageUsesOnlyTheJdkAndJacksonCore() throws IOException {
        for (Path file : sources()) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.startsWith("import ")) {
                    String imported = l.substring("import ".length()).replace("static ", "");
                    assertThat(imported).as("%s: %s", file.getFileName(), l)
                            .matches(i -> i.startsWith("java.") || i.startsWith("com.fasterxml.jackson.core.")
                                    || i.startsWith("dev.hivecast.protocol."), "a JDK, jackson-core or protocol import");
                }
            }
        }
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            return walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }
}
