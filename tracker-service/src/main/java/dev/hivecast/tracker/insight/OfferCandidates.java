package dev.hivecast.tracker.insight;

import dev.hivecast.protocol.IceCandidates;
import dev.hivecast.protocol.JsonSlice;

/**
 * One event loop's counts of the ICE candidate kinds in the offers it relays (insight.ice-candidates):
 * per kind, the offers carrying at least one candidate of it, and the offers read, with no candidate
 * line, and without a server-reflexive one. Written by its loop only (a plain increment of a volatile
 * is safe there), read by scrapes, which may see a value a moment old.
 */
public final class OfferCandidates {

    private static final IceCandidates.Kind[] KINDS = IceCandidates.Kind.values();

    private final long[] withKind = new long[KINDS.length];
    private volatile long read;
    private volatile long withoutCandidates;
    private volatile long withoutSrflx;

    /** Counts one offer relayed to a receiver. */
    public void count(JsonSlice offer) {
        int kinds = IceCandidates.of(offer);
        read++;
        if (kinds == 0) {
            withoutCandidates++;
        } else {
            for (IceCandidates.Kind k : KINDS) {
                if (k.in(kinds)) {
                    withKind[k.ordinal()]++;
                }
            }
        }
        if (!IceCandidates.Kind.SRFLX.in(kinds)) {
            withoutSrflx++;
        }
    }

    public long withKind(IceCandidates.Kind kind) {
        return withKind[kind.ordinal()];
    }

    public long read() {
        return read;
    }

    public long withoutCandidates() {
        return withoutCandidates;
    }

    public long withoutSrflx() {
        return withoutSrflx;
    }
}
