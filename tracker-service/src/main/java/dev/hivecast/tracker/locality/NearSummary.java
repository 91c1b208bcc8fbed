package dev.hivecast.tracker.locality;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What one node publishes of its part of one swarm for the other nodes' draws: its largest
 * locality groups, at most {@code perLevel} of each level, with their member counts. A group
 * outside the top is simply not known elsewhere, so offers for it stay random (docs/locality.md).
 * Travels as a short string, a plain value old nodes never read.
 */
public record NearSummary(List<Entry> entries) {

    /** Nothing published: the node holds no group, or does not publish summaries. */
    public static final NearSummary EMPTY = new NearSummary(List.of());

    /** One group and how many of the swarm's members on that node are in it. */
    public record Entry(GroupKey key, int count) {
    }

    /** Largest first; ties go to the smaller value, so every node keeps the same ones. */
    private static final Comparator<Entry> ORDER = Comparator.comparingInt(Entry::count).reversed()
            .thenComparingLong(e -> e.key().value());

    public NearSummary {
        entries = List.copyOf(entries);
    }

    /** The top {@code perLevel} groups of each level among {@code counts} (groups with no member are left out). */
    public static NearSummary of(Map<GroupKey, Integer> counts, int perLevel) {
        List<List<Entry>> byLevel = new ArrayList<>();
        for (int level = 0; level < LocalityLevel.SHARED; level++) {
            byLevel.add(new ArrayList<>());
        }
        counts.forEach((key, count) -> {
            if (count > 0 && key.level() >= 0 && key.level() < LocalityLevel.SHARED) {
                byLevel.get(key.level()).add(new Entry(key, count));
            }
        });
        List<Entry> kept = new ArrayList<>();
        for (List<Entry> level : byLevel) {
            level.sort(ORDER);
            kept.addAll(level.subList(0, Math.min(perLevel, level.size())));
        }
        return kept.isEmpty() ? EMPTY : new NearSummary(kept);
    }

    /** Members in {@code key}'s group as published; 0 when not among the top. */
    public int count(GroupKey key) {
        for (Entry e : entries) {
            if (e.key().equals(key)) {
                return e.count();
            }
        }
        return 0;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** {@code level:value:count} per group, comma-separated; empty for {@link #EMPTY}. */
    public String encode() {
        StringBuilder s = new StringBuilder(entries.size() * 16);
        for (Entry e : entries) {
            if (!s.isEmpty()) {
                s.append(',');
            }
            s.append(e.key().level()).append(':').append(e.key().value()).append(':').append(e.count());
        }
        return s.toString();
    }

    /** @throws IllegalArgumentException for text {@link #encode} did not write */
    public static NearSummary decode(String text) {
        if (text == null || text.isEmpty()) {
            return EMPTY;
        }
        List<Entry> entries = new ArrayList<>();
        for (String group : text.split(",", -1)) {
            String[] parts = group.split(":", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("near summary group '" + group + "' is not level:value:count");
            }
            try {
                int level = Integer.parseInt(parts[0]);
                int count = Integer.parseInt(parts[2]);
                if (level < 0 || level >= LocalityLevel.SHARED || count < 0) {
                    throw new IllegalArgumentException("near summary group '" + group + "' is out of range");
                }
                entries.add(new Entry(new GroupKey(level, Long.parseLong(parts[1])), count));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("near summary group '" + group + "' is not numeric", e);
            }
        }
        return new NearSummary(entries);
    }
}
