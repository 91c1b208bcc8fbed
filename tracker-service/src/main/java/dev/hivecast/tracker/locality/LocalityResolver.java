package dev.hivecast.tracker.locality;

import dev.hivecast.tracker.net.IpAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the {@link Locality} of a client IP, once per connection at connect time: its IP, its
 * site (from the live {@link SiteList}), its AS and country (from the MaxMind DB files, when
 * given). Thread-safe: every loop calls it; the site list is swapped whole on reload.
 */
public final class LocalityResolver {

    /** Off: every connection is {@link Locality#NONE}, and the swarm keeps no groups. */
    public static final LocalityResolver OFF = new LocalityResolver(false, null, null);

    private final boolean enabled;
    private final MmdbLookup asns;
    private final MmdbLookup countries;
    /** Site names to their ids, hashed once per name; the same on every node and across reloads. */
    private final ConcurrentHashMap<String, Long> siteIds = new ConcurrentHashMap<>();
    private volatile SiteList sites = SiteList.EMPTY;

    /** @param asns and {@code countries} may be null, or the same lookup */
    public LocalityResolver(boolean enabled, MmdbLookup asns, MmdbLookup countries) {
        this.enabled = enabled;
        this.asns = asns;
        this.countries = countries;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Takes effect for connections made from now on; open ones keep the locality they had. */
    public void useSites(SiteList sites) {
        this.sites = sites;
    }

    public SiteList sites() {
        return sites;
    }

    /** The locality of {@code clientIp}; {@link Locality#NONE} when off or not an IP address. */
    public Locality of(String clientIp) {
        InetAddress address = enabled && clientIp != null ? IpAddresses.parse(clientIp) : null;
        if (address == null) {
            return Locality.NONE;
        }
        GroupKey[] keys = new GroupKey[LocalityLevel.SHARED];
        keys[LocalityLevel.IP.ordinal()] = new GroupKey(LocalityLevel.IP.ordinal(), ipValue(address));
        SiteList.Site site = sites.find(address);
        if (site != null) {
            long id = siteIds.computeIfAbsent(site.name(), LocalityResolver::siteId);
            keys[LocalityLevel.SITE.ordinal()] = new GroupKey(LocalityLevel.SITE.ordinal(), id);
        }
        keys[LocalityLevel.ASN.ordinal()] = asnKey(address);
        keys[LocalityLevel.COUNTRY.ordinal()] = countryKey(address);
        return new Locality(keys, site != null && site.closed());
    }

    /**
     * A site's id from its name alone (64-bit FNV-1a of its UTF-16 units), so that every node of a
     * cluster gives one site the same id: other nodes' summaries and offers name sites by it.
     */
    static long siteId(String name) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    /** IPv4 as its 32 bits; IPv6 by its /64, the block one household or office is given. */
    private static long ipValue(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ByteBuffer.wrap(b).getInt() & 0xffffffffL;
        }
        return ByteBuffer.wrap(b).getLong() ^ 0x6000_0000_0000_0000L; // never equal to an IPv4 value
    }

    private GroupKey asnKey(InetAddress address) {
        try {
            long asn = asns == null ? -1 : asns.asn(address);
            return asn < 0 ? null : new GroupKey(LocalityLevel.ASN.ordinal(), asn);
        } catch (RuntimeException e) {
            return null; // a damaged entry makes this client "anyone", never a refused connection
        }
    }

    private GroupKey countryKey(InetAddress address) {
        try {
            String iso = countries == null ? null : countries.country(address);
            if (iso == null || iso.isEmpty()) {
                return null;
            }
            long packed = 0;
            for (int i = 0; i < Math.min(iso.length(), 4); i++) {
                packed = packed << 16 | iso.charAt(i);
            }
            return new GroupKey(LocalityLevel.COUNTRY.ordinal(), packed);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
