package dev.hivecast.tracker.ops;

import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One page (the Prometheus text, the stats) rendered at most once per interval, on a worker
 * thread, for every request that asked for it meanwhile, whatever event loop it arrived on.
 *
 * <p>A request is only ever given a rendering that began after it arrived, so a client that acts
 * and then reads sees what it did (tests read a counter right after an action); the price is up to
 * one interval of waiting. A rendering already under way when a request arrives is not shared with
 * it: it joins the next one, which begins an interval after that one began, and never two at once.
 */
final class SharedRendering<T> {

    private final Vertx vertx;
    private final Callable<T> render;
    private final long intervalNanos;
    private final Runnable counted;
    /** Guarded by {@code this}, as are the two below. */
    private long lastStart = Long.MIN_VALUE / 2;
    private boolean rendering;
    /** The rendering that requests arriving now will get: scheduled, not begun. */
    private CompletableFuture<T> waiting;

    /** @param counted run once per rendering (the renderings counter) */
    SharedRendering(Vertx vertx, long intervalMillis, Callable<T> render, Runnable counted) {
        this.vertx = vertx;
        this.render = render;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.counted = counted;
    }

    /** The next rendering to begin; completes on the worker that rendered it. */
    synchronized CompletableFuture<T> next() {
        if (waiting == null) {
            waiting = new CompletableFuture<>();
            if (!rendering) {
                schedule();
            }
        }
        return waiting;
    }

    /** Called with the lock held, once per {@link #waiting}. */
    private void schedule() {
        long delayNanos = lastStart + intervalNanos - System.nanoTime();
        if (delayNanos <= 0) {
            vertx.executeBlocking(this::renderWaiting, false);
        } else {
            long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos + 999_999));
            vertx.setTimer(millis, id -> vertx.executeBlocking(this::renderWaiting, false));
        }
    }

    private Void renderWaiting() {
        CompletableFuture<T> batch;
        synchronized (this) {
            batch = waiting;
            waiting = null;
            rendering = true;
            lastStart = System.nanoTime();
        }
        try {
            counted.run();
            batch.complete(render.call());
        } catch (Throwable e) {
            batch.completeExceptionally(e);
        } finally {
            synchronized (this) {
                rendering = false;
                if (waiting != null) {
                    schedule();
                }
            }
        }
        return null;
    }
}
