package dev.hivecast.tracker.ops;

/** The human view of /stats: the same numbers as the JSON, on one small page. */
final class StatsPage {

    private StatsPage() {
    }

    static String render(NodeStats s, RateSampler.Rates r) {
        StringBuilder rows = new StringBuilder();
        row(rows, "Version", s.version());
        row(rows, "Uptime", s.uptimeSeconds() + " s");
        row(rows, "State", s.draining() ? "draining" : "serving");
        row(rows, "Connections", s.connections());
        row(rows, "Swarms", s.swarms());
        row(rows, "Members", s.members() + " (" + s.seeders() + " seeders, " + s.leechers() + " leechers)");
        row(rows, "Relayed offers + answers /s", String.format("%.1f", r.relayed()));
        row(rows, "Announces /s", String.format("%.1f", r.announces()));
        row(rows, "Messages in /s, out /s", String.format("%.1f, %.1f", r.messagesIn(), r.messagesOut()));
        row(rows, "Offers relayed, answers relayed", s.offersRelayed() + ", " + s.answersRelayed());
        row(rows, "Dropped: send queue full", s.sendQueueDrops());
        row(rows, "Dropped: offers without candidate", s.offersNoCandidate());
        row(rows, "Dropped: answers unpaired / to unknown peer", s.answersUnpaired() + " / " + s.answersUnknownPeer());
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Hivecast tracker</title>"
                + "<meta http-equiv=\"refresh\" content=\"5\">"
                + "<style>body{font-family:sans-serif;margin:2em}td{padding:.2em 1em}td:first-child{color:#555}</style>"
                + "</head><body><h1>Hivecast tracker</h1><table>" + rows + "</table>"
                + "<p>Rates over the last " + r.windowSeconds() + " s. JSON: <code>curl /stats</code>.</p></body></html>";
    }

    private static void row(StringBuilder sb, String name, Object value) {
        sb.append("<tr><td>").append(name).append("</td><td>").append(value).append("</td></tr>");
    }
}
