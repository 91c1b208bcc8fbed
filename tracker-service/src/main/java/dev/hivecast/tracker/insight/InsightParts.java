package dev.hivecast.tracker.insight;

import dev.hivecast.tracker.access.OriginPolicy;
import dev.hivecast.tracker.config.AccessConfig;
import dev.hivecast.tracker.config.TrackerConfig;
import dev.hivecast.tracker.limits.ClientAddresses;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/** Wires the offload figures: the counts and their meters always, the beacon route when insight.beacon is on. */
public final class InsightParts {

    private InsightParts() {
    }

    /**
     * @param publicRouter the public port's router (without the route, /beacon answers 404)
     * @param addresses    who a request's client is, as the limits see it
     * @return the counts, which the announce path adds to as well
     */
    public static PlayerBytes start(Vertx vertx, TrackerConfig config, MeterRegistry registry, Router publicRouter,
                                    ClientAddresses addresses) {
        PlayerBytes bytes = new PlayerBytes(new StreamLabels(AccessConfig.commaList(config.insight().streams())));
        bytes.register(registry);
        if (config.insight().beacon()) {
            AccessConfig access = config.access();
            // The same Origin rule as the page's WebSocket: a beacon from a page that may not
            // use the tracker is not one to believe either.
            OriginPolicy origins = new OriginPolicy(AccessConfig.commaList(access.originAllowlist()),
                    AccessConfig.commaList(access.originDenylist()), access.denyMissingOrigin());
            new BeaconEndpoint(vertx, config.insight(), bytes, origins, addresses).mount(publicRouter);
        }
        return bytes;
    }
}
