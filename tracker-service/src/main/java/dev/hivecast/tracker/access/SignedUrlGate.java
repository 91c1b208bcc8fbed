package dev.hivecast.tracker.access;

import java.util.function.LongSupplier;

/** Refuses upgrades whose URL carries no genuine, unexpired token (see {@link UrlTokens}). */
public final class SignedUrlGate implements UpgradeGate {

    private final UrlTokens tokens;
    private final LongSupplier epochSeconds;

    public SignedUrlGate(UrlTokens tokens, LongSupplier epochSeconds) {
        this.tokens = tokens;
        this.epochSeconds = epochSeconds;
    }

    @Override
    public UpgradeRefusal check(UpgradeRequest request) {
        return tokens.verify(request.path(), request.query(), epochSeconds.getAsLong());
    }
}
