package dev.hivecast.tracker.insight;

import dev.hivecast.tracker.access.OriginPolicy;
import dev.hivecast.tracker.config.AccessConfig;
import dev.hivecast.tracker.config.TrackerConfig;
import dev.hivecast.tracker.limits.ClientAddresses;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * Wires the offload figures: the counts and their meters always, so every node exports the same
 * series; the beacon route only when insight.beacon is on.
 */
public final class InsightParts {

    private final TrackerConfig config;
    private final PlayerBytes bytes;
    private final AnnouncedBytes announced;

    private InsightParts(TrackerConfig config, PlayerBytes bytes) {
        this.config = config;
        this.bytes = bytes;
        this.announced = new AnnouncedBytes(bytes, config.insight().maxBytesPerReport(),
                config.limits().maxSwarmsPerConnection());
    }

    public static InsightParts create(TrackerConfig config, MeterRegistry registry) {
        PlayerBytes bytes = new PlayerBytes(new StreamLabels(AccessConfig.commaList(config.insight().streams())));
        bytes.register(registry);
        return new InsightParts(config, bytes);
    }

    /** What the signaling loops count announces with. */
    public AnnouncedBytes announced() {
        return announced;
    }

    /**
     * @param publicRouter the public port's router (without the route, /beacon answers 404)
     * @param addresses    who a request's client is, as the limits see it
     */
    public void mountBeacon(Vertx vertx, Router publicRouter, ClientAddresses addresses) {
        if (!config.insight().beacon()) {
            return;
        }
        AccessConfig access = config.access();
        // The same Origin rule as the page's WebSocket: a page that may not use the tracker is
        // not one whose figures to believe either.
        OriginPolicy origins = new OriginPolicy(AccessConfig.commaList(access.originAllowlist()),
                AccessConfig.commaList(access.originDenylist()), access.denyMissingOrigin());
        new BeaconEndpoint(vertx, config.insight(), bytes, origins, addresses).mount(publicRouter);
    }
}
