package dev.hivecast.tracker.it.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real redis-server on 127.0.0.1, without persistence, owned by its pid: the binary the build
 * takes out of embedded-redis (system property {@code redis.server}). It can be killed and started
 * again, empty, on the same port, as a Redis that crashed and was restarted by its supervisor.
 */
final class RedisServerProcess implements AutoCloseable {

    private static final Duration READY_WAIT = Duration.ofSeconds(20);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final Path binary;
    private final int port;
    private final Path log;
    private Process process;

    private RedisServerProcess(Path binary, int port, Path log) {
        this.binary = binary;
        this.port = port;
        this.log = log;
    }

    /** Starts a server on {@code port}; returns once it answers PING. */
    static RedisServerProcess start(int port, Path log) {
        RedisServerProcess redis = new RedisServerProcess(binaryUnderTest(), port, log);
        redis.launch();
        return redis;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: the server is gone at once, with everything it held. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** Starts an empty server on the same port (the previous one must be gone). */
    void restart() {
        if (isAlive()) {
            throw new IllegalStateException("redis-server pid " + process.pid() + " still runs");
        }
        launch();
    }

    /** SIGTERM, then SIGKILL if it is still there after the wait. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }

    private void launch() {
        List<String> command = List.of(binary.toString(), "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--save", "", "--appendonly", "no", "--dir", log.getParent().toString());
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + command, e);
        }
        awaitPong();
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start with " + process.exitValue() + "; see " + log);
            }
            if (answersPing()) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new IllegalStateException("redis-server did not answer PING on port " + port + " within " + READY_WAIT);
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return "+PONG\r\n".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("redis-server pid " + process.pid() + " did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while redis-server exited", e);
        }
    }

    /** The binary the build unpacked, which failsafe names in the system property {@code redis.server}. */
    private static Path binaryUnderTest() {
        String binary = System.getProperty("redis.server");
        if (binary == null || !Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException("system property redis.server must name an executable redis-server, not "
                    + binary + " (mvn verify unpacks it from embedded-redis in pre-integration-test)");
        }
        return Path.of(binary);
    }
}
