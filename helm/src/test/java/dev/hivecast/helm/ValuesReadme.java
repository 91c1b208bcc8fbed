package dev.hivecast.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the chart's README.md from the comments of its values.yaml, so the two cannot disagree
 * (ChartReadmeTest fails when they do). JDK only, so it runs without Maven or the network:
 * {@code java helm/src/test/java/dev/hivecast/helm/ValuesReadme.java helm/hivecast}.
 *
 * <p>It reads the block-style YAML values.yaml is written in, not YAML at large: each key is
 * described by the comment lines right above it, and comment lines indented past "# " are examples.
 */
public final class ValuesReadme {

    private static final Pattern KEY = Pattern.compile("^([A-Za-z0-9_.-]+):(?:\\s+(.*))?$");

    /** A documented key: its dotted path, its default (null for a map of keys), its comment lines. */
    record Entry(String path, int depth, String defaultValue, boolean blockDefault, List<String> comment) {
        Entry {
            comment = List.copyOf(comment);
        }
    }

    private ValuesReadme() {
    }

    public static void main(String[] args) throws IOException {
        Path chart = Path.of(args.length > 0 ? args[0] : "helm/hivecast");
        String values = Files.readString(chart.resolve("values.yaml"));
        Files.writeString(chart.resolve("README.md"), render(values));
        System.out.println("Wrote " + chart.resolve("README.md"));
    }

    /** The whole README for this values.yaml text. */
    static String render(String valuesYaml) {
        List<String> lines = valuesYaml.replace("\r\n", "\n").lines().toList();
        StringBuilder out = new StringBuilder();
        out.append("# Hivecast tracker chart\n\n");
        out.append("<!-- Generated from values.yaml by helm/src/test/java/dev/hivecast/helm/ValuesReadme.java:\n");
        out.append("     edit the comments in values.yaml, then run\n");
        out.append("     java helm/src/test/java/dev/hivecast/helm/ValuesReadme.java helm/hivecast -->\n\n");
        appendText(out, header(lines), "");
        out.append("Deploying, scaling out, access control, WebSocket timeouts of the common load balancers"
                + " and the NetworkPolicy: [docs/kubernetes.md](../../docs/kubernetes.md).\n\n");
        out.append("```sh\nhelm install tracker helm/hivecast -n live --create-namespace \\\n"
                + "  --set image.repository=registry.example.com/hivecast/tracker\n```\n\n");
        out.append("## Values\n\n");
        out.append("Every value, in the order of [values.yaml](values.yaml), with its default.\n");
        for (Entry entry : entries(lines)) {
            appendEntry(out, entry);
        }
        return out.toString();
    }

    /** The comment block at the top of the file, before the first blank line. */
    private static List<String> header(List<String> lines) {
        List<String> header = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("#")) {
                break;
            }
            header.add(commentText(line.strip()));
        }
        return header;
    }

    static List<Entry> entries(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        Deque<int[]> indents = new ArrayDeque<>();
        Deque<String> keys = new ArrayDeque<>();
        List<String> pending = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String content = line.strip();
            int indent = line.length() - line.stripLeading().length();
            if (content.isEmpty()) {
                pending.clear();
                continue;
            }
            if (content.startsWith("#")) {
                pending.add(commentText(content));
                continue;
            }
            Matcher key = KEY.matcher(content);
            if (!key.matches()) {
                throw new IllegalArgumentException("values.yaml line " + (i + 1) + " is not a key: " + line);
            }
            while (!indents.isEmpty() && indents.peek()[0] >= indent) {
                indents.pop();
                keys.removeLast();
            }
            String path = keys.isEmpty() ? key.group(1) : String.join(".", keys) + "." + key.group(1);
            String value = key.group(2) == null ? "" : key.group(2).strip();
            List<String> comment = new ArrayList<>(pending);
            pending.clear();
            int inline = value.startsWith("\"") || value.startsWith("'") ? -1 : value.indexOf(" #");
            if (inline >= 0) {
                comment.add(value.substring(inline + 2).strip());
                value = value.substring(0, inline).strip();
            }
            if (value.matches("[|>][-+0-9]*")) {
                int end = blockScalarEnd(lines, i, indent);
                entries.add(new Entry(path, keys.size(), block(lines.subList(i + 1, end)), true, comment));
                i = end - 1;
                continue;
            }
            if (!value.isEmpty()) {
                entries.add(new Entry(path, keys.size(), value, false, comment));
                continue;
            }
            int end = blockListEnd(lines, i, indent);
            if (end > i + 1) {
                entries.add(new Entry(path, keys.size(), block(lines.subList(i + 1, end)), true, comment));
                i = end - 1;
                continue;
            }
            entries.add(new Entry(path, keys.size(), null, false, comment));
            indents.push(new int[] {indent});
            keys.addLast(key.group(1));
        }
        return entries;
    }

    /** The end (exclusive) of the block list under the key at {@code start}; start + 1 if none. */
    private static int blockListEnd(List<String> lines, int start, int keyIndent) {
        int next = start + 1;
        if (next >= lines.size() || !lines.get(next).strip().startsWith("- ")) {
            return next;
        }
        int end = next;
        while (end < lines.size()) {
            String line = lines.get(end);
            int indent = line.length() - line.stripLeading().length();
            boolean item = line.strip().startsWith("- ") && indent >= keyIndent;
            if (line.isBlank() || !(indent > keyIndent || item)) {
                break;
            }
            end++;
        }
        return end;
    }

    /** The end (exclusive) of a literal or folded scalar's text, trailing blank lines left out. */
    private static int blockScalarEnd(List<String> lines, int start, int keyIndent) {
        int end = start + 1;
        int last = start + 1;
        while (end < lines.size()) {
            String line = lines.get(end);
            if (!line.isBlank() && line.length() - line.stripLeading().length() <= keyIndent) {
                break;
            }
            end++;
            if (!line.isBlank()) {
                last = end;
            }
        }
        return last;
    }

    private static String block(List<String> lines) {
        int margin = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l.isBlank() ? "" : l.substring(margin)).append('\n'));
        return text.toString();
    }

    private static String commentText(String comment) {
        String text = comment.substring(1);
        return text.startsWith(" ") ? text.substring(1) : text;
    }

    private static void appendEntry(StringBuilder out, Entry entry) {
        if (entry.defaultValue() == null && entry.comment().isEmpty() && entry.depth() > 0) {
            return;
        }
        if (entry.depth() == 0) {
            out.append(out.toString().endsWith("\n\n") ? "" : "\n").append("### `").append(entry.path()).append("`\n\n");
            appendDefault(out, entry, "");
            appendText(out, entry.comment(), "");
            return;
        }
        out.append("- `").append(entry.path()).append('`');
        if (entry.defaultValue() != null && !entry.blockDefault()) {
            out.append(" = `").append(entry.defaultValue()).append('`');
        }
        out.append('\n');
        if (entry.blockDefault()) {
            out.append('\n');
            appendDefault(out, entry, "  ");
        }
        if (!entry.comment().isEmpty()) {
            out.append(out.toString().endsWith("\n\n") ? "" : "\n");
            appendText(out, entry.comment(), "  ");
        }
    }

    private static void appendDefault(StringBuilder out, Entry entry, String indent) {
        if (entry.defaultValue() == null) {
            return;
        }
        if (entry.blockDefault()) {
            out.append(indent).append("Default:\n\n");
            appendCode(out, entry.defaultValue().lines().toList(), indent);
        } else if (entry.depth() == 0) {
            out.append("Default: `").append(entry.defaultValue()).append("`\n\n");
        }
    }

    /** Prose lines joined into paragraphs; lines indented past "# " kept as a YAML example. */
    private static void appendText(StringBuilder out, List<String> lines, String indent) {
        List<String> prose = new ArrayList<>();
        List<String> code = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("  ")) {
                flushProse(out, prose, indent);
                code.add(line);
            } else {
                if (!code.isEmpty()) {
                    appendCode(out, code, indent);
                    code.clear();
                }
                prose.add(line);
            }
        }
        flushProse(out, prose, indent);
        if (!code.isEmpty()) {
            appendCode(out, code, indent);
        }
    }

    private static void flushProse(StringBuilder out, List<String> prose, String indent) {
        if (prose.isEmpty()) {
            return;
        }
        out.append(indent).append(escape(String.join(" ", prose).strip())).append("\n\n");
        prose.clear();
    }

    private static void appendCode(StringBuilder out, List<String> code, String indent) {
        int margin = code.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        out.append(indent).append("```yaml\n");
        for (String line : code) {
            out.append(line.isBlank() ? "" : indent + line.substring(margin)).append('\n');
        }
        out.append(indent).append("```\n\n");
    }

    /** Markdown would hide {@code <fullname>} as a tag and pair the stars of {@code admin.*}. */
    private static String escape(String text) {
        return text.replace("<", "&lt;").replace("*", "\\*");
    }
}
