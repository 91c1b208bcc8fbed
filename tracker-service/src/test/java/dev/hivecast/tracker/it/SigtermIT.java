package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md#f47 end to end: the packaged jar, as an operator runs it, drains on SIGTERM
 * (what Kubernetes and systemd send) and exits 0 within the drain timeout.
 */
class SigtermIT {

    private static final Path JAR = Path.of("target", "hivecast-tracker.jar");
    private static final Pattern PLAYER_URL = Pattern.compile("Players announce to ws://127\\.0\\.0\\.1:(\\d+)/");
    private static final int DRAIN_TIMEOUT_SECONDS = 5;

    private Process process;
    private Clients clients;

    @AfterEach
    void cleanUp() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void F47_sigtermClosesEveryConnectionWith1001AndTheProcessExits0WithinTheDrainTimeout() throws Exception {
        assertThat(JAR).as("the jar from the package phase").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-jar", JAR.toString(), "--host", "127.0.0.1", "--port", "0",
                "--drain.window", "1s", "--drain.timeout", DRAIN_TIMEOUT_SECONDS + "s")
                .redirectErrorStream(true)
                .start();
        ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(output, port), "tracker-output");
        reader.setDaemon(true);
        reader.start();
        int trackerPort = port.get(30, TimeUnit.SECONDS);

        clients = new Clients();
        List<Peer> peers = new ArrayList<>();
        String infoHash = Ids.infoHash();
        for (int i = 0; i < 3; i++) {
            Peer p = clients.connect(trackerPort);
            assertThat(p.announce(ClientAnnounce.started(infoHash, Ids.peerId()).toString()).getInteger("incomplete")).isEqualTo(i + 1);
            peers.add(p);
        }

        long signalled = System.nanoTime();
        // SIGTERM on Linux and macOS. Process.destroy() would also close our end of the output pipe.
        assertThat(process.toHandle().destroy()).isTrue();

        for (Peer p : peers) {
            assertThat(p.awaitClose()).isEqualTo((short) 1001);
        }
        assertThat(process.waitFor(DRAIN_TIMEOUT_SECONDS + 2, TimeUnit.SECONDS))
                .as("exited within the drain timeout; output:%n%s", String.join("\n", output)).isTrue();
        long exitedAfterMs = (System.nanoTime() - signalled) / 1_000_000;
        reader.join(5_000); // the rest of the output, up to EOF
        assertThat(output).as("the log").anyMatch(line -> line.contains("Drained, exiting"));
        assertThat(process.exitValue()).as("exit status; output:%n%s", String.join("\n", output)).isZero();
        assertThat(exitedAfterMs).isLessThan(DRAIN_TIMEOUT_SECONDS * 1000L + 1000);
    }

    private void readOutput(ConcurrentLinkedQueue<String> output, CompletableFuture<Integer> port) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
                Matcher m = PLAYER_URL.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (Exception e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("the tracker exited before it listened: " + output));
    }
}
