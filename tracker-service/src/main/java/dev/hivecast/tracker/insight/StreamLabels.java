package dev.hivecast.tracker.insight;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stream label a report is counted under: the operator's name for it when {@code insight.streams}
 * lists it, else {@link #OTHER}. Only the operator adds label values, so what players send can
 * never grow the number of series.
 */
public final class StreamLabels {

    public static final String OTHER = "other";

    /** Listed name, as matched, to its index; index {@code size} is {@link #OTHER}. */
    private final Map<String, Integer> indexes = new LinkedHashMap<>();
    private final List<String> labels;

    public StreamLabels(List<String> streams) {
        for (String s : streams) {
            String key = key(s);
            if (!key.isEmpty() && !key.equals(OTHER)) {
                indexes.putIfAbsent(key, indexes.size());
            }
        }
        List<String> names = new java.util.ArrayList<>(indexes.keySet());
        names.add(OTHER);
        this.labels = List.copyOf(names);
    }

    /** Every label value, the named streams first, {@link #OTHER} last. */
    public List<String> labels() {
        return labels;
    }

    /** The index into {@link #labels()} for a stream as a player or an announce names it. */
    public int indexOf(String stream) {
        return indexes.getOrDefault(key(stream), labels.size() - 1);
    }

    /**
     * A stream URL often carries a per-viewer query (a CDN token, a session id): it is left out,
     * with the fragment. An info_hash in hex is compared in lower case, as announces give it.
     */
    static String key(String stream) {
        String s = stream.trim();
        int cut = s.length();
        for (char c : new char[] {'?', '#'}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        s = s.substring(0, cut);
        return s.length() == 40 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? s.toLowerCase(Locale.ROOT) : s;
    }
}
