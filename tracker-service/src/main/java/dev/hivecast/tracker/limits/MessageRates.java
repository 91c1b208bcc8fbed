package dev.hivecast.tracker.limits;

import dev.hivecast.tracker.config.LimitsConfig;

/**
 * The rate limits one connection's messages pass: its own buckets (plain fields, touched only by
 * its event loop), then its client IP's shared ones. A message is refused by the first empty
 * bucket; the IP's token is taken only when the connection's own bucket had one, so one greedy
 * connection cannot starve its IP's other connections faster than its own rate.
 */
public final class MessageRates {

    private final RateBucket[] own = new RateBucket[RateKind.values().length];
    private final ClientState client;
    /** False when no bucket applies: the caller then need not even read the clock. */
    private final boolean limited;

    public MessageRates(LimitsConfig limits, ClientState client) {
        this.client = client;
        boolean any = false;
        for (RateKind kind : RateKind.values()) {
            Rate r = kind.perConnection(limits);
            own[kind.ordinal()] = r.isLimited() ? new RateBucket(r.perSecond(), r.burst()) : null;
            any |= r.isLimited() || kind.perIp(limits).isLimited();
        }
        this.limited = any;
    }

    /** True when some rate applies to this connection's messages. */
    public boolean isLimited() {
        return limited;
    }

    /** Null when the message may go on, else whose bucket was empty. */
    public RateScope take(RateKind kind, long now) {
        RateBucket b = own[kind.ordinal()];
        if (b != null && !b.tryTake(now)) {
            return RateScope.CONNECTION;
        }
        return client.tryTake(kind, now) ? null : RateScope.IP;
    }

    public ClientState client() {
        return client;
    }
}
