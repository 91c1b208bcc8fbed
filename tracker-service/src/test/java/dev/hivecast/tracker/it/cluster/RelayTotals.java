package dev.hivecast.tracker.it.cluster;

import io.vertx.core.json.JsonObject;

/**
 * What the nodes' /stats say was relayed, summed over the cluster: offers and answers written to
 * sockets ({@code totals}), and those that went from one node to another ({@code cluster.totals}).
 */
record RelayTotals(long offersRelayed, long answersRelayed, long offersSent, long offersReceived,
                   long answersSent, long answersReceived, long undeliverable) {

    static RelayTotals of(TrackerCluster cluster) {
        RelayTotals sum = new RelayTotals(0, 0, 0, 0, 0, 0, 0);
        for (int i = 0; i < TrackerCluster.SIZE; i++) {
            JsonObject stats = cluster.stats(i);
            JsonObject totals = stats.getJsonObject("totals");
            JsonObject crossed = stats.getJsonObject("cluster").getJsonObject("totals");
            sum = sum.plus(new RelayTotals(totals.getLong("offersRelayed"), totals.getLong("answersRelayed"),
                    crossed.getLong("offersSent"), crossed.getLong("offersReceived"), crossed.getLong("answersSent"),
                    crossed.getLong("answersReceived"), crossed.getLong("undeliverable")));
        }
        return sum;
    }

    RelayTotals plus(RelayTotals o) {
        return new RelayTotals(offersRelayed + o.offersRelayed, answersRelayed + o.answersRelayed,
                offersSent + o.offersSent, offersReceived + o.offersReceived, answersSent + o.answersSent,
                answersReceived + o.answersReceived, undeliverable + o.undeliverable);
    }

    RelayTotals minus(RelayTotals o) {
        return new RelayTotals(offersRelayed - o.offersRelayed, answersRelayed - o.answersRelayed,
                offersSent - o.offersSent, offersReceived - o.offersReceived, answersSent - o.answersSent,
                answersReceived - o.answersReceived, undeliverable - o.undeliverable);
    }
}
