package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.access.RefusalCounters;
import dev.hivecast.tracker.access.UpgradeRefusal;
import dev.hivecast.tracker.config.LimitsConfig;
import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin listener's connections: a bound of their own (admin.max-connections), so probes and
 * Prometheus get in however full the public port is, and the same {@link HttpGuard} as the public
 * port's HTTP (one request in flight, limits.request-timeout, no ambiguous requests).
 */
public final class AdminConnections {

    private final int maxConnections;
    private final LimitsConfig limits;
    private final RefusalCounters refusals;
    private final HttpServerOptions options;
    private final AtomicInteger open = new AtomicInteger();

    public AdminConnections(int maxConnections, LimitsConfig limits, RefusalCounters refusals, HttpServerOptions options) {
        this.maxConnections = maxConnections;
        this.limits = limits;
        this.refusals = refusals;
        this.options = options;
    }

    /** The admin listener's connection handler. */
    public void onTcpConnection(HttpConnection connection) {
        UpgradeRefusal refusal = null;
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            refusal = UpgradeRefusal.ADMIN_MAX_CONNECTIONS;
            refusals.refused(refusal);
        }
        HttpGuard guard = new HttpGuard(refusal, limits.requestTimeout().toMillis(), limits.maxPipelinedRequests(),
                refusals);
        boolean guarded = HttpPipelines.guard(connection, options, guard);
        if (refusal != null) {
            return;
        }
        Channel channel = HttpPipelines.channelOf(connection);
        if (!guarded || channel == null) {
            open.decrementAndGet();
            return;
        }
        channel.closeFuture().addListener(f -> open.decrementAndGet());
    }

    /** Connections holding a place now. */
    public int open() {
        return open.get();
    }
}
