package dev.hivecast.loadtest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The share of offers that peers received from a peer of their own network, in a window: over
 * all of this process's peers, per network, and its spread over the peers (a tracker that
 * matches by network must still give every peer some offers from outside it). Shares are NaN
 * where nothing was received.
 *
 * @param randomShare what matching at random within each swarm gives: the mean over peers of
 *                    (peers of its swarm in its network - 1) / (peers of its swarm - 1); NaN with
 *                    several renditions, whose swarms change as viewers switch
 * @param perPeer     p10, p50, p90 of each peer's own share, over the peers that received offers
 */
record NetworkShare(int networks, long offersIn, long sameNetwork, long unknownSender, double randomShare,
                    List<PerNetwork> perNetwork, double[] perPeer, int peersWithOffers, int peersWithoutOutsideOffer) {

    record PerNetwork(int network, int peers, long offersIn, long sameNetwork) {
        double share() {
            return ratio(sameNetwork, offersIn);
        }
    }

    static final double[] PERCENTILES = {10, 50, 90};

    double share() {
        return ratio(sameNetwork, offersIn);
    }

    static NetworkShare of(LoopbackNetworks nets, long firstPeer, int[] swarmOf, int renditions, NetworkTally.Counts w) {
        int n = nets.count();
        int[] peers = new int[n + 1];
        long[] in = new long[n + 1];
        long[] same = new long[n + 1];
        List<Double> shares = new ArrayList<>();
        int withoutOutside = 0;
        for (int i = 0; i < swarmOf.length; i++) {
            int k = nets.networkOf(firstPeer + i);
            peers[k]++;
            in[k] += w.offersIn()[i];
            same[k] += w.sameNetwork()[i];
            if (w.offersIn()[i] > 0) {
                shares.add(ratio(w.sameNetwork()[i], w.offersIn()[i]));
                if (w.sameNetwork()[i] == w.offersIn()[i]) {
                    withoutOutside++;
                }
            }
        }
        List<PerNetwork> perNetwork = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            perNetwork.add(new PerNetwork(k, peers[k], in[k], same[k]));
        }
        double[] sorted = shares.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] perPeer = Arrays.stream(PERCENTILES).map(p -> nearestRank(sorted, p)).toArray();
        return new NetworkShare(n, Arrays.stream(in).sum(), Arrays.stream(same).sum(), w.unknownSender(),
                renditions == 1 ? randomShare(nets, firstPeer, swarmOf) : Double.NaN, List.copyOf(perNetwork), perPeer,
                sorted.length, withoutOutside);
    }

    /** Matching at random within a swarm: a peer's senders are the swarm's other members, each as likely. */
    static double randomShare(LoopbackNetworks nets, long firstPeer, int[] swarmOf) {
        Map<Long, Integer> inSwarmAndNetwork = new HashMap<>();
        Map<Integer, Integer> inSwarm = new HashMap<>();
        for (int i = 0; i < swarmOf.length; i++) {
            inSwarmAndNetwork.merge(key(swarmOf[i], nets.networkOf(firstPeer + i)), 1, Integer::sum);
            inSwarm.merge(swarmOf[i], 1, Integer::sum);
        }
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < swarmOf.length; i++) {
            int others = inSwarm.get(swarmOf[i]) - 1;
            if (others > 0) {
                sum += (inSwarmAndNetwork.get(key(swarmOf[i], nets.networkOf(firstPeer + i))) - 1) / (double) others;
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /** The lines of the human summary. */
    String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "  offers from the same network: %s (%d of %d); random matching gives %s%n",
                percent(share()), sameNetwork, offersIn, percent(randomShare)));
        sb.append(String.format(Locale.ROOT, "    per peer (%d with offers): p10 %s, p50 %s, p90 %s; %d got no offer from outside"
                        + " their network; %d offers from ids not the generator's%n", peersWithOffers, percent(perPeer[0]),
                percent(perPeer[1]), percent(perPeer[2]), peersWithoutOutsideOffer, unknownSender));
        sb.append(String.format(Locale.ROOT, "    %-8s %-15s %6s %10s %10s %7s%n", "network", "CIDR", "peers", "offers", "same", "share"));
        for (PerNetwork p : perNetwork) {
            sb.append(String.format(Locale.ROOT, "    %-8s %-15s %6d %10d %10d %7s%n", LoopbackNetworks.siteName(p.network()),
                    LoopbackNetworks.cidr(p.network()), p.peers(), p.offersIn(), p.sameNetwork(), percent(p.share())));
        }
        return sb.toString();
    }

    /** The fields appended to the RESULT line. */
    String resultFields() {
        return String.format(Locale.ROOT, " networks=%d same_network_share=%s random_share=%s peers_without_outside_offer=%d",
                networks, fraction(share()), fraction(randomShare), peersWithoutOutsideOffer);
    }

    /** The {@code "networks"} object of the JSON line. */
    void writeJson(JsonGenerator g, String sitesFile) throws IOException {
        g.writeObjectFieldStart("networks");
        g.writeNumberField("count", networks);
        g.writeStringField("sites_file", sitesFile);
        g.writeNumberField("offers_in", offersIn);
        g.writeNumberField("same_network", sameNetwork);
        number(g, "same_network_share", share());
        number(g, "random_share", randomShare);
        g.writeNumberField("unknown_sender", unknownSender);
        g.writeObjectFieldStart("per_peer_share");
        for (int i = 0; i < PERCENTILES.length; i++) {
            number(g, "p" + (int) PERCENTILES[i], perPeer[i]);
        }
        g.writeEndObject();
        g.writeNumberField("peers_with_offers", peersWithOffers);
        g.writeNumberField("peers_without_outside_offer", peersWithoutOutsideOffer);
        g.writeArrayFieldStart("per_network");
        for (PerNetwork p : perNetwork) {
            g.writeStartObject();
            g.writeStringField("site", LoopbackNetworks.siteName(p.network()));
            g.writeStringField("cidr", LoopbackNetworks.cidr(p.network()));
            g.writeNumberField("peers", p.peers());
            g.writeNumberField("offers_in", p.offersIn());
            g.writeNumberField("same_network", p.sameNetwork());
            number(g, "share", p.share());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, Math.round(v * 1_000_000) / 1_000_000.0);
        } else {
            g.writeNullField(name);
        }
    }

    private static double nearestRank(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static long key(int swarm, int network) {
        return ((long) swarm << 32) | network;
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : part / (double) whole;
    }

    private static String percent(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f %%", 100 * v) : "n/a";
    }

    private static String fraction(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
    }
}
