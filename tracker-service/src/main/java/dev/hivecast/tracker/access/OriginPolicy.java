package dev.hivecast.tracker.access;

import java.util.List;
import java.util.Locale;

/**
 * The Origin rule: the denylist first, then the allowlist when one is set, and a request with no
 * Origin header refused only when asked to. Only browsers send Origin and only browsers are bound
 * by it, so this keeps other sites' pages off the tracker; it cannot stop a script that sets
 * the header itself (signed URLs and limits are for that).
 *
 * <p>Entries are {@code scheme://host[:port]}, compared without regard to case, as browsers
 * serialise Origin in lower case; {@code https://*.example.com} matches every subdomain of
 * example.com (not example.com itself); {@code null} matches the literal Origin of sandboxed
 * frames and {@code file:} pages.
 */
public final class OriginPolicy implements UpgradeGate {

    private final List<String> allowed;
    private final List<String> denied;
    private final boolean denyMissing;

    public OriginPolicy(List<String> allowed, List<String> denied, boolean denyMissing) {
        this.allowed = lower(allowed);
        this.denied = lower(denied);
        this.denyMissing = denyMissing;
    }

    /** True when the policy can refuse anything; an inactive one is left out of the gates. */
    public boolean isActive() {
        return !allowed.isEmpty() || !denied.isEmpty() || denyMissing;
    }

    @Override
    public UpgradeRefusal check(UpgradeRequest request) {
        String origin = request.origin();
        if (origin == null || origin.isEmpty()) {
            return denyMissing ? UpgradeRefusal.ORIGIN_MISSING : null;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (matchesAny(denied, o) || (!allowed.isEmpty() && !matchesAny(allowed, o))) {
            return UpgradeRefusal.ORIGIN_NOT_ALLOWED;
        }
        return null;
    }

    private static boolean matchesAny(List<String> patterns, String origin) {
        for (String p : patterns) {
            if (matches(p, origin)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String pattern, String origin) {
        int wildcard = pattern.indexOf("://*.");
        if (wildcard < 0) {
            return pattern.equals(origin);
        }
        String scheme = pattern.substring(0, wildcard + 3);
        String suffix = pattern.substring(wildcard + 4); // ".example.com[:port]"
        return origin.startsWith(scheme) && origin.endsWith(suffix)
                && origin.length() > scheme.length() + suffix.length()
                && origin.indexOf('/', scheme.length()) < 0;
    }

    private static List<String> lower(List<String> origins) {
        return origins.stream().map(o -> o.trim().toLowerCase(Locale.ROOT)).filter(o -> !o.isEmpty()).toList();
    }
}
