package dev.hivecast.tracker.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

/**
 * "Did you mean" for unknown keys, flags and variables alike. Names are compared without case and
 * punctuation (so {@code peerTtl}, {@code peer_ttl} and {@code peer-ttl} are equal) by Jaro-Winkler
 * similarity, which scores swapped letters ({@code prot}) as near; a bare name such as {@code
 * --interval} also finds {@code --announce.interval}.
 */
final class Suggestions {

    /** Below this, a candidate is more likely another word than a typo of it. */
    private static final double CLOSE_ENOUGH = 0.9;
    private static final JaroWinklerSimilarity SIMILARITY = new JaroWinklerSimilarity();

    /**
     * Something the user may have meant.
     *
     * @param display how to show it: {@code --announce.interval}, {@code TRACKER_PORT}
     * @param key     the dotted key it stands for: {@code announce.interval}
     */
    record Candidate(String display, String key) {
        static Candidate of(ConfigKey key, String display) {
            return new Candidate(display, key.key());
        }
    }

    private Suggestions() {
    }

    /** The closest candidate to {@code typed} (a dotted key, flag name or env name without prefix). */
    static Optional<String> nearest(String typed, List<Candidate> candidates) {
        String input = normalize(typed);
        String inputLeaf = normalize(leaf(typed));
        Candidate best = null;
        double bestScore = 0;
        for (Candidate c : candidates) {
            double score = SIMILARITY.apply(input, normalize(c.key()));
            if (c.key().contains(".") && inputLeaf.equals(normalize(leaf(c.key())))) {
                score = Math.max(score, 0.99);
            }
            if (score > bestScore) {
                best = c;
                bestScore = score;
            }
        }
        return bestScore >= CLOSE_ENOUGH ? Optional.of(best.display()) : Optional.empty();
    }

    /**
     * The full message for an unknown name: what was wrong, the nearest candidate if one is close,
     * then every valid name.
     */
    static String unknown(String problem, String typed, List<Candidate> candidates,
            String validLabel, List<String> valid) {
        String hint = nearest(typed, candidates).map(s -> " Did you mean " + s + "?").orElse("");
        return problem + "." + hint + " " + validLabel + ": " + String.join(", ", valid) + ".";
    }

    private static String leaf(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
