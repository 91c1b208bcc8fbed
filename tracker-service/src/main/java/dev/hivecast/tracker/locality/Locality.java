package dev.hivecast.tracker.locality;

import java.util.Arrays;

/**
 * Where a connection is, computed once when it connects: its group at each level (null where
 * unknown) and whether its site is closed, that is matched only among itself.
 */
public final class Locality {

    /** Nothing known: every other connection is "anyone". */
    public static final Locality NONE = new Locality(new GroupKey[LocalityLevel.SHARED], false);

    private final GroupKey[] keys;
    private final boolean closed;

    Locality(GroupKey[] keys, boolean closed) {
        this.keys = keys;
        this.closed = closed;
    }

    /** For tests and other nodes: the groups by level (null where unknown). */
    public static Locality of(GroupKey ip, GroupKey site, GroupKey asn, GroupKey country, boolean closed) {
        return new Locality(new GroupKey[] {ip, site, asn, country}, closed && site != null);
    }

    /** The group at {@code level} (a {@link LocalityLevel} ordinal below {@link LocalityLevel#SHARED}), or null. */
    public GroupKey key(int level) {
        return keys[level];
    }

    /** In a closed site: offers from it stay in it, and offers from outside never reach it. */
    public boolean closed() {
        return closed;
    }

    /** The closest level this and {@code other} share, {@link LocalityLevel#NONE} when none. */
    public LocalityLevel sharedWith(Locality other) {
        for (int level = 0; level < LocalityLevel.SHARED; level++) {
            GroupKey k = keys[level];
            if (k != null && k.equals(other.keys[level])) {
                return LocalityLevel.of(level);
            }
        }
        return LocalityLevel.NONE;
    }

    /** True when {@code other} may be matched with this: a closed site keeps to itself. */
    public boolean mayMeet(Locality other) {
        if (!closed && !other.closed) {
            return true;
        }
        GroupKey site = keys[LocalityLevel.SITE.ordinal()];
        return closed && other.closed && site.equals(other.keys[LocalityLevel.SITE.ordinal()]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Locality l && l.closed == closed && Arrays.equals(l.keys, keys);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keys) * 31 + (closed ? 1 : 0);
    }

    @Override
    public String toString() {
        return Arrays.toString(keys) + (closed ? " closed" : "");
    }
}
