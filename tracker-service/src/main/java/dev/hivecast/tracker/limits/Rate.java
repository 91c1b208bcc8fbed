package dev.hivecast.tracker.limits;

/**
 * A rate limit: {@code perSecond} on average, {@code burst} at once; {@code perSecond} 0 = no limit.
 */
public record Rate(int perSecond, int burst) {

    public static final Rate UNLIMITED = new Rate(0, 0);

    public boolean isLimited() {
        return perSecond > 0;
    }
}
