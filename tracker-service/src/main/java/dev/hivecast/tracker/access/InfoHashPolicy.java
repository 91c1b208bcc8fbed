package dev.hivecast.tracker.access;

import dev.hivecast.tracker.protocol.InfoHash;
import java.util.Set;

/**
 * Which info_hashes this node serves, read on every announce and scrape by every event loop. The
 * lists are immutable sets swapped whole on a reload, so a reader never locks and never sees half
 * a list.
 */
public final class InfoHashPolicy {

    /**
     * The {@code failure reason} for a refused info_hash: aquatic's text, the only tracker with an
     * access list whose wording clients and operators may already know.
     */
    public static final String NOT_ALLOWED = "Info hash not allowed";

    /** null = no allowlist configured (every hash passes it); a new policy serves every info_hash. */
    private volatile Set<InfoHash> allowed;
    private volatile Set<InfoHash> denied = Set.of();

    public boolean allows(InfoHash infoHash) {
        Set<InfoHash> allow = allowed;
        return (allow == null || allow.contains(infoHash)) && !denied.contains(infoHash);
    }

    /** Replaces the allowlist; an empty set refuses every info_hash. */
    public void allowOnly(Set<InfoHash> infoHashes) {
        allowed = Set.copyOf(infoHashes);
    }

    public void deny(Set<InfoHash> infoHashes) {
        denied = Set.copyOf(infoHashes);
    }

    /** Entries of the allowlist, or -1 when there is none. */
    public int allowedCount() {
        Set<InfoHash> allow = allowed;
        return allow == null ? -1 : allow.size();
    }

    public int deniedCount() {
        return denied.size();
    }
}
