package dev.hivecast.tracker.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}) and sizes ({@code
 * 512B}, {@code 64KiB}, {@code 1MiB}, {@code 1GiB}) as written in every source. A bare number is
 * refused: whether {@code 30} meant seconds or milliseconds is exactly the mistake units prevent.
 */
final class Units {

    static final String DURATION_SYNTAX = "a duration with a unit, such as 500ms, 30s, 2m, 1h or 1d";
    static final String SIZE_SYNTAX = "a size with a unit, such as 512B, 64KiB, 1MiB or 1GiB";

    private static final Pattern AMOUNT = Pattern.compile("(\\d{1,12})\\s*([a-zA-Z]+)");

    private Units() {
    }

    static Duration parseDuration(String text) {
        Matcher m = AMOUNT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("no unit");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("unknown unit");
        };
    }

    /** The largest unit that writes {@code d} exactly: {@code 2m}, {@code 90s}, {@code 1500ms}. */
    static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        long[] sizes = {86_400_000, 3_600_000, 60_000, 1000, 1};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + names[i];
            }
        }
        throw new AssertionError();
    }

    static int parseSize(String text) {
        Matcher m = AMOUNT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("no unit");
        }
        long n = Long.parseLong(m.group(1));
        long bytes = switch (m.group(2)) {
            case "B" -> n;
            case "KiB" -> n << 10;
            case "MiB" -> n << 20;
            case "GiB" -> n << 30;
            default -> throw new IllegalArgumentException("unknown unit");
        };
        return Math.toIntExact(bytes);
    }

    static String formatSize(long bytes) {
        if (bytes == 0) {
            return "0B";
        }
        String[] names = {"GiB", "MiB", "KiB"};
        for (int i = 0; i < names.length; i++) {
            long unit = 1L << (30 - 10 * i);
            if (bytes % unit == 0) {
                return bytes / unit + names[i];
            }
        }
        return bytes + "B";
    }
}
