package dev.hivecast.tracker.config;

import java.util.ArrayList;
import java.util.List;

/** Small text helpers shared by the help, the default config file and the README table. */
final class TextWrap {

    private TextWrap() {
    }

    /** Splits {@code text} into lines of at most {@code width} characters at spaces. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** A YAML double-quoted scalar; always quoted so that {@code 0.0.0.0} or {@code on} stay text. */
    static String yamlQuote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
