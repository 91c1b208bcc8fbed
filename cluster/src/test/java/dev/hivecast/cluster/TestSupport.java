package dev.hivecast.cluster;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Small helpers every cluster test needs: bounded waits, free ports, fresh swarm keys. */
final class TestSupport {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private TestSupport() {
    }

    /** The result of {@code future}, waiting at most {@code timeout}. */
    static <T> T result(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the future failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the future did not complete within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static <T> T result(Future<T> future) {
        return result(future, CALL_TIMEOUT);
    }

    /** A port free on loopback right now; the caller binds it before anyone else is likely to. */
    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An info_hash no other test uses, as 40 hex digits. */
    static String newSwarm() {
        byte[] infoHash = new byte[20];
        ThreadLocalRandom.current().nextBytes(infoHash);
        return HexFormat.of().formatHex(infoHash);
    }
}
