package dev.hivecast.tracker.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for unknown keys, flags and variables. Names are compared without case and
 * punctuation (so {@code peerTtl}, {@code peer_ttl} and {@code peer-ttl} are equal), by edit
 * distance; a bare leaf such as {@code --interval} also finds {@code --announce.interval}.
 */
final class Suggestions {

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
        int threshold = Math.max(1, input.length() / 3);
        Candidate best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Candidate c : candidates) {
            int d = distance(input, normalize(c.key()));
            if (c.key().contains(".") && inputLeaf.equals(normalize(leaf(c.key())))) {
                d = Math.min(d, 1);
            }
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= threshold
                ? Optional.of(best.display()) : Optional.empty();
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

    /** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
                        && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
