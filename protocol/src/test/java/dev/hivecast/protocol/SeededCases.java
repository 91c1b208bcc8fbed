package dev.hivecast.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * A property checked over generated cases: hand-picked edge cases first, then {@code tries}
 * cases each drawn from a {@link Random} with its own seed, all derived from one fixed seed so
 * that every run checks the same cases and a failure reproduces. A failing case is made smaller
 * while it still fails, and the error names the seed, the case and the smallest failing form.
 *
 * <p>{@code -Dgenerated.seed=N} checks other cases than the fixed ones, {@code -Dgenerated.scale=K}
 * K times as many: for a longer hunt, not for the build.
 *
 * @param <T> the generated value
 */
final class SeededCases<T> {

    /** A check that fails by throwing. */
    interface Check<T> {
        void check(T value) throws Exception;
    }

    /** A check that fails by throwing; what it returns is tallied (a label, or null). */
    interface Property<T, R> {
        R check(T value) throws Exception;
    }

    /** How many cases gave each label. */
    record Tally<R>(int cases, Map<R, Integer> counts) {
        double percent(R label) {
            return 100.0 * counts.getOrDefault(label, 0) / cases;
        }
    }

    private static final long SEED = Long.getLong("generated.seed", 0x19_5EEDL);
    private static final int SCALE = Integer.getInteger("generated.scale", 1);

    private final String name;
    private final int tries;
    private final Function<Random, T> generator;
    private final List<T> edgeCases = new ArrayList<>();
    private Function<T, List<T>> smaller = value -> List.of();
    private Function<T, String> show = String::valueOf;

    private SeededCases(String name, int tries, Function<Random, T> generator) {
        this.name = name;
        this.tries = tries * SCALE;
        this.generator = generator;
    }

    /** {@code tries} generated values; {@code name} also sets the seed, so each property draws its own. */
    static <T> SeededCases<T> of(String name, int tries, Function<Random, T> generator) {
        return new SeededCases<>(name, tries, generator);
    }

    /** Values checked before the generated ones, in order: the smallest and the known-awkward. */
    SeededCases<T> edgeCases(List<T> values) {
        edgeCases.addAll(values);
        return this;
    }

    /** Candidates one step smaller than a value, tried in order when it fails. */
    SeededCases<T> shrinkingWith(Function<T, List<T>> candidates) {
        this.smaller = candidates;
        return this;
    }

    /** How a failing value is written in the error (the default is its toString). */
    SeededCases<T> shownAs(Function<T, String> show) {
        this.show = show;
        return this;
    }

    void check(Check<T> check) {
        tally(value -> {
            check.check(value);
            return null;
        });
    }

    /** Checks every case; the first failure throws, made as small as the shrinker can make it. */
    <R> Tally<R> tally(Property<T, R> property) {
        Map<R, Integer> counts = new LinkedHashMap<>();
        for (T value : edgeCases) {
            run(property, value, "edge case " + show.apply(value), counts);
        }
        Random seeds = new Random(SEED ^ name.hashCode());
        for (int i = 0; i < tries; i++) {
            long seed = seeds.nextLong();
            T value = generator.apply(new Random(seed));
            run(property, value, "case " + (i + 1) + " of " + tries + " (its Random seeded with " + seed
                    + "L; -Dgenerated.seed=" + SEED + ")", counts);
        }
        return new Tally<>(edgeCases.size() + tries, counts);
    }

    private <R> void run(Property<T, R> property, T value, String which, Map<R, Integer> counts) {
        R label;
        try {
            label = property.check(value);
        } catch (Throwable failure) {
            throw shrunk(property, value, which, failure);
        }
        if (label != null) {
            counts.merge(label, 1, Integer::sum);
        }
    }

    private AssertionError shrunk(Property<T, ?> property, T value, String which, Throwable failure) {
        T smallest = value;
        for (boolean shrunk = true; shrunk; ) {
            shrunk = false;
            for (T candidate : smaller.apply(smallest)) {
                Throwable f = failure(property, candidate);
                if (f != null) {
                    smallest = candidate;
                    failure = f;
                    shrunk = true;
                    break;
                }
            }
        }
        String smallestForm = smallest == value ? "" : "\nsmallest failing form:\n  " + show.apply(smallest);
        return new AssertionError(name + " fails on " + which + ":\n  " + show.apply(value) + smallestForm
                + "\nwith: " + failure, failure);
    }

    private static <T> Throwable failure(Property<T, ?> property, T value) {
        try {
            property.check(value);
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    // ---- shrinkers and views for the usual values ----

    /** The bytes with a run of them cut out: halves first, then quarters, down to single bytes. */
    static List<byte[]> withoutRuns(byte[] bytes) {
        List<byte[]> out = new ArrayList<>();
        for (int run = Math.max(1, bytes.length / 2); run >= 1; run /= 2) {
            for (int at = 0; at + run <= bytes.length; at += run) {
                byte[] cut = new byte[bytes.length - run];
                System.arraycopy(bytes, 0, cut, 0, at);
                System.arraycopy(bytes, at + run, cut, at, bytes.length - at - run);
                out.add(cut);
            }
        }
        return out;
    }

    /** The characters with a run of them cut out, as {@link #withoutRuns(byte[])}. */
    static List<String> withoutRuns(String s) {
        List<String> out = new ArrayList<>();
        for (int run = Math.max(1, s.length() / 2); run >= 1 && !s.isEmpty(); run /= 2) {
            for (int at = 0; at + run <= s.length(); at += run) {
                out.add(s.substring(0, at) + s.substring(at + run));
            }
        }
        return out;
    }

    /** The same length with one byte set to zero, for values whose length is fixed. */
    static List<byte[]> withAByteZeroed(byte[] bytes) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                byte[] copy = bytes.clone();
                copy[i] = 0;
                out.add(copy);
            }
        }
        return out;
    }

    static String hex(byte[] bytes) {
        return bytes.length + " bytes " + HexFormat.of().formatHex(bytes);
    }

    /** A frame as its bytes and, to read it, as UTF-8 text (invalid sequences shown as U+FFFD). */
    static String frame(byte[] bytes) {
        return hex(bytes) + "\n  as UTF-8: " + escaped(new String(bytes, StandardCharsets.UTF_8));
    }

    /** A Java string literal for {@code s}: what is not printable ASCII escaped. */
    static String escaped(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u%04x", (int) c));
            }
        }
        return sb.append('"').toString();
    }
}
