package dev.hivecast.tracker.access;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.InMessage;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.ScrapeRequest;
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

    /**
     * The first info_hash of the request that is refused (an announce's, an answer's, or any of a
     * scrape's), or null when the request may go on. A full scrape names none: it lists only
     * swarms that exist, and refused ones are evicted.
     */
    public InfoHash firstRefused(InMessage message) {
        if (message instanceof AnnounceRequest a) {
            return allows(a.infoHash()) ? null : a.infoHash();
        }
        if (message instanceof AnswerRequest a) {
            return allows(a.infoHash()) ? null : a.infoHash();
        }
        if (message instanceof ScrapeRequest scrape) {
            for (InfoHash h : scrape.infoHashes()) {
                if (!allows(h)) {
                    return h;
                }
            }
        }
        return null;
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
