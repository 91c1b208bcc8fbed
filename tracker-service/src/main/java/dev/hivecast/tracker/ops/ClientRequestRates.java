package dev.hivecast.tracker.ops;

import dev.hivecast.tracker.limits.ClientAddresses;
import dev.hivecast.tracker.limits.RateBucket;
import dev.hivecast.tracker.net.IpAddresses;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The per-client-IP token bucket of the expensive ops endpoints ({@code admin.request-rate},
 * {@code admin.request-burst}) and of the player beacon ({@code insight.beacon-rate}). An IP is
 * forgotten once its bucket is full again, so the table holds only IPs that made a request in the
 * last burst/rate seconds, each behind a TCP connection of its own (no spoofed address gets in).
 */
public final class ClientRequestRates {

    private static final class Slot {
        private final RateBucket bucket;
        private long lastUsed;

        Slot(int rate, int burst) {
            bucket = new RateBucket(rate, burst);
        }

        synchronized boolean tryTake(long now) {
            lastUsed = now;
            return bucket.tryTake(now);
        }

        synchronized boolean idleSince(long cutoff) {
            return lastUsed < cutoff;
        }
    }

    private final int rate;
    private final int burst;
    private final ClientAddresses addresses;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    /** @param rate per second, 0 = no limit */
    public ClientRequestRates(int rate, int burst, ClientAddresses addresses) {
        this.rate = rate;
        this.burst = burst;
        this.addresses = addresses;
    }

    /** False when the request's client has used up its bucket. */
    public boolean allow(HttpServerRequest request) {
        if (rate == 0) {
            return true;
        }
        return slots.computeIfAbsent(clientKey(request), k -> new Slot(rate, burst)).tryTake(System.nanoTime());
    }

    /** Whole seconds until the client gets a token back: what {@code Retry-After} says. */
    public long retryAfterSeconds() {
        return Math.max(1, (long) Math.ceil(1.0 / Math.max(1, rate)));
    }

    /** Forgets the IPs whose bucket has refilled: keeping them would change nothing. */
    public void sweep() {
        long refill = TimeUnit.SECONDS.toNanos(1) * burst / Math.max(1, rate);
        long cutoff = System.nanoTime() - refill;
        slots.values().removeIf(slot -> slot.idleSince(cutoff));
    }

    private String clientKey(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String client = addresses.clientOf(peer, request.getHeader("Forwarded"), request.getHeader("X-Forwarded-For"));
        InetAddress address = client == null ? null : IpAddresses.parse(client);
        return address == null ? String.valueOf(client) : IpAddresses.clientKey(address);
    }
}
