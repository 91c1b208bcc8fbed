package dev.hivecast.tracker.locality;

import dev.hivecast.tracker.net.AddressBlocks;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The operator's sites (locality.sites): one {@code CIDR NAME} per line, IPv4 or IPv6, with a
 * third word {@code closed} for a site whose viewers are matched only among themselves; {@code #}
 * starts a comment, blank lines are ignored. Where blocks overlap the longest prefix wins, so a
 * closed office can sit inside an open campus.
 */
public final class SiteList {

    public static final SiteList EMPTY = new SiteList(List.of());

    /** One line of the file. */
    public record Site(AddressBlocks block, int prefix, String name, boolean closed) {
    }

    private final List<Site> sites;

    private SiteList(List<Site> sites) {
        this.sites = sites;
    }

    /**
     * Parses the file's text.
     *
     * @throws IllegalArgumentException naming the line and what is wrong with it
     */
    public static SiteList parse(String text) {
        List<Site> sites = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String[] words = (hash < 0 ? line : line.substring(0, hash)).trim().split("\\s+");
            if (words.length == 1 && words[0].isEmpty()) {
                continue;
            }
            String problem = problemWith(words);
            if (problem != null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + problem);
            }
            AddressBlocks block = AddressBlocks.parse(List.of(words[0]));
            int slash = words[0].indexOf('/');
            int prefix = slash < 0 ? 128 : Integer.parseInt(words[0].substring(slash + 1));
            sites.add(new Site(block, prefix, words[1], words.length == 3));
        }
        sites.sort(Comparator.comparingInt(Site::prefix).reversed());
        return new SiteList(List.copyOf(sites));
    }

    private static String problemWith(String[] words) {
        if (words.length < 2 || words.length > 3) {
            return "expected 'CIDR NAME' or 'CIDR NAME closed', got " + words.length + " words";
        }
        if (words.length == 3 && !words[2].equals("closed")) {
            return "the third word can only be 'closed', got '" + words[2] + "'";
        }
        return AddressBlocks.problemWith(words[0]);
    }

    /** The most specific site holding {@code address}, or null. */
    public Site find(InetAddress address) {
        for (Site s : sites) {
            if (s.block().contains(address)) {
                return s;
            }
        }
        return null;
    }

    public int size() {
        return sites.size();
    }
}
