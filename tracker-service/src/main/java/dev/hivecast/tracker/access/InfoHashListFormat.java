package dev.hivecast.tracker.access;

import dev.hivecast.protocol.InfoHash;
import java.util.HashSet;
import java.util.Set;

/**
 * The text of an info_hash list: one id per line, as 40 hex digits (what torrent tools print and
 * aquatic's access list uses) or as the 20-character binary string that is on the wire (P2P Media
 * Loader's info_hashes are 20 ASCII characters, so operators can paste them as they are).
 * Blank lines and lines whose first non-blank character is {@code #} are skipped (even when
 * they are 20 characters long: an indented comment must never become an id); a hex line may end
 * in a {@code #} comment. Any other line of exactly 20 characters is a binary id, spaces and all,
 * because any byte may appear in one; a binary id whose first non-blank character is {@code #}
 * must be written in hex.
 */
public final class InfoHashListFormat {

    private InfoHashListFormat() {
    }

    /**
     * @throws IllegalArgumentException naming the first line that is not an id, so an operator's
     *                                  typo fails the (re)load instead of silently changing access
     */
    public static Set<InfoHash> parse(String text) {
        Set<InfoHash> ids = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            InfoHash id = parseLine(line);
            if (id != null) {
                ids.add(id);
            } else if (!isBlankOrComment(line)) {
                throw new IllegalArgumentException("line " + (i + 1) + " is neither 40 hex digits nor a"
                        + " 20-character binary string: '" + abbreviate(line) + "'");
            }
        }
        return ids;
    }

    private static InfoHash parseLine(String line) {
        if (isBlankOrComment(line)) {
            return null;
        }
        if (line.length() == InfoHash.LENGTH) {
            return InfoHash.fromBinaryString(line);
        }
        int comment = line.indexOf('#');
        String hex = (comment < 0 ? line : line.substring(0, comment)).strip();
        return InfoHash.fromHex(hex);
    }

    private static boolean isBlankOrComment(String line) {
        String stripped = line.strip();
        return stripped.isEmpty() || stripped.startsWith("#");
    }

    private static String abbreviate(String line) {
        return line.length() <= 60 ? line : line.substring(0, 57) + "...";
    }
}
