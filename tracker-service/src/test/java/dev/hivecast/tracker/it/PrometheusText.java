package dev.hivecast.tracker.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Prometheus text exposition format (0.0.4) as far as a test needs it: the declared type of
 * each family, and every sample with its labels and value.
 */
public final class PrometheusText {

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    public static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).trim().split(" ");
                p.types.put(parts[0], parts[1]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                p.samples.add(sample(line));
            }
        }
        return p;
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        if (brace < 0 || brace > space) {
            return new Sample(line.substring(0, space), Map.of(), Double.parseDouble(line.substring(space + 1)));
        }
        String name = line.substring(0, brace);
        Map<String, String> labels = new LinkedHashMap<>();
        int i = brace + 1;
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String key = line.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // past ="
            for (; line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\') {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        String rest = line.substring(i + 1).trim();
        return new Sample(name, labels, Double.parseDouble(rest.split(" ")[0]));
    }

    /** Family name to type ({@code counter}, {@code gauge}, {@code histogram}, {@code summary}). */
    public Map<String, String> types() {
        return types;
    }

    /** The samples of a family: its own name, and {@code _bucket}, {@code _count}, {@code _sum} of it. */
    List<Sample> family(String family) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            String n = s.name();
            if (n.equals(family) || n.equals(family + "_bucket") || n.equals(family + "_count")
                    || n.equals(family + "_sum")) {
                out.add(s);
            }
        }
        return out;
    }

    /** Label names used by a family's samples, {@code le} and {@code quantile} left out. */
    Set<String> labelNames(String family) {
        Set<String> names = new TreeSet<>();
        for (Sample s : family(family)) {
            names.addAll(s.labels().keySet());
        }
        names.remove("le");
        names.remove("quantile");
        return names;
    }

    Set<String> labelValues(String family, String label) {
        Set<String> values = new TreeSet<>();
        for (Sample s : family(family)) {
            String v = s.labels().get(label);
            if (v != null) {
                values.add(v);
            }
        }
        return values;
    }

    /** The value of the one sample with this name and these labels (a subset of its labels). */
    public double value(String name, String... labelPairs) {
        Sample found = null;
        for (Sample s : samples) {
            if (s.name().equals(name) && matches(s, labelPairs)) {
                if (found != null) {
                    throw new IllegalStateException("more than one sample " + name + " " + List.of(labelPairs));
                }
                found = s;
            }
        }
        if (found == null) {
            throw new IllegalStateException("no sample " + name + " " + List.of(labelPairs));
        }
        return found.value();
    }

    /** Sum over every sample of this name. */
    public double sum(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
    }

    private static boolean matches(Sample s, String[] labelPairs) {
        for (int k = 0; k < labelPairs.length; k += 2) {
            if (!labelPairs[k + 1].equals(s.labels().get(labelPairs[k]))) {
                return false;
            }
        }
        return true;
    }
}
