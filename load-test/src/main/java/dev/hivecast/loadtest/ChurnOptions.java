package dev.hivecast.loadtest;

import java.util.Locale;

/**
 * How a relay audience turns over during the run, for soaks: viewers leaving and new ones
 * joining at a steady rate, and reconnect storms, in which a share of the connections drop at
 * once and come back with the same peer_id, as when a load balancer in front of the tracker
 * restarts. All zero (the default) is a still audience.
 *
 * @param perSecond             viewers leaving (each replaced by a new one) per second
 * @param stormIntervalSeconds  seconds between storms, 0 = none
 * @param stormShare            share of the connections each storm drops
 * @param reconnectSpreadSeconds dropped viewers reconnect after a delay drawn from 0 to this,
 *                               as clients' retry jitter spreads them
 */
record ChurnOptions(double perSecond, int stormIntervalSeconds, double stormShare, int reconnectSpreadSeconds) {

    static final ChurnOptions NONE = new ChurnOptions(0, 0, 0.25, 5);

    boolean churns() {
        return perSecond > 0;
    }

    boolean storms() {
        return stormIntervalSeconds > 0;
    }

    boolean any() {
        return churns() || storms();
    }

    String describe() {
        return String.format(Locale.ROOT, "churn=%s/s storm-interval=%ds storm-share=%s storm-reconnect-spread=%ds",
                perSecond, stormIntervalSeconds, stormShare, reconnectSpreadSeconds);
    }
}
