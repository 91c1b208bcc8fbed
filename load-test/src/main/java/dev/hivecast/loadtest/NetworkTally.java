package dev.hivecast.loadtest;

import dev.hivecast.protocol.PeerId;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, per receiving peer of this process, the offers it received and how many of them came
 * from a peer of its own loopback network ({@link LoopbackNetworks}). The sender's network is
 * read from the offer's peer_id, so offers from other generator processes of the run count too;
 * an offer whose peer_id is not a generator's counts as from an unknown sender. Viewers on any
 * event loop record; the main thread takes {@link Counts} at the window's start and end.
 */
final class NetworkTally {

    /** The counters at one instant, indexed by the receiver's position in this process (0..P-1). */
    record Counts(long[] offersIn, long[] sameNetwork, long unknownSender) {

        Counts minus(Counts o) {
            long[] in = offersIn.clone();
            long[] same = sameNetwork.clone();
            for (int i = 0; i < in.length; i++) {
                in[i] -= o.offersIn[i];
                same[i] -= o.sameNetwork[i];
            }
            return new Counts(in, same, unknownSender - o.unknownSender);
        }
    }

    private final LoopbackNetworks networks;
    private final long firstPeer;
    private final int[] swarmOf;
    private final AtomicLongArray offersIn;
    private final AtomicLongArray sameNetwork;
    private final LongAdder unknownSender = new LongAdder();

    /**
     * @param firstPeer the number of this process's first peer (--first-peer)
     * @param swarmOf   the swarm (stream) of each of this process's peers, for the share random matching gives
     */
    NetworkTally(LoopbackNetworks networks, long firstPeer, int[] swarmOf) {
        this.networks = networks;
        this.firstPeer = firstPeer;
        this.swarmOf = swarmOf;
        this.offersIn = new AtomicLongArray(swarmOf.length);
        this.sameNetwork = new AtomicLongArray(swarmOf.length);
    }

    /** The tally for a run, or null when its peers are not spread over networks. */
    static NetworkTally of(LoadOptions options) {
        if (!options.networks().spread()) {
            return null;
        }
        int[] swarmOf = options.popularity().assign(options.peers(), options.swarms(), options.seed());
        return new NetworkTally(options.networks(), options.firstPeer(), swarmOf);
    }

    /** Peer {@code receiver} (its number, as in its peer_id) was sent an offer by {@code sender}. */
    void offerReceived(long receiver, PeerId sender) {
        int index = (int) (receiver - firstPeer);
        long from = GeneratedIds.peerNumber(sender);
        if (from < 0) {
            unknownSender.increment();
            return;
        }
        offersIn.incrementAndGet(index);
        if (networks.networkOf(from) == networks.networkOf(receiver)) {
            sameNetwork.incrementAndGet(index);
        }
    }

    Counts counts() {
        long[] in = new long[offersIn.length()];
        long[] same = new long[in.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = offersIn.get(i);
            same[i] = sameNetwork.get(i);
        }
        return new Counts(in, same, unknownSender.sum());
    }

    /** The shares in a window of counts taken from this tally. */
    NetworkShare share(Counts window, int renditions) {
        return NetworkShare.of(networks, firstPeer, swarmOf, renditions, window);
    }
}
