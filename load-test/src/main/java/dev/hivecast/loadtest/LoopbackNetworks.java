package dev.hivecast.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How the generator's peers are spread over loopback networks, so a tracker that matches peers
 * by network (the locality sites) can be measured on one machine. Network K (1..N) is
 * 127.K.0.0/16, site {@code net-K}; its peers bind source addresses 127.K.0.A .. 127.K.0.(A+S-1).
 * With no networks (N = 0) every peer is in "network 0" and binds 127.0.0.A .. as before.
 *
 * <p>A peer's network is a function of its number alone, {@code n mod P} dealt in N contiguous
 * blocks: every process of a run that shares --peers and --networks (measure-cluster.sh numbers
 * its generators from multiples of P) agrees on every peer's network, so a receiver can tell the
 * network of an offer's sender from its peer_id, whichever process the sender runs in. Blocks
 * rather than {@code n mod N} because peer i joins swarm {@code i mod S} in a uniform audience:
 * with N = S = 10, {@code n mod N} would put each swarm in a single network.
 */
record LoopbackNetworks(int count, int peers, int firstHost, int hostsPerNetwork) {

    /** 127.K.0.0/16 for K from 1 to this. */
    static final int MAX_NETWORKS = 255;

    LoopbackNetworks {
        if (count < 0 || count > MAX_NETWORKS) {
            throw new IllegalArgumentException("networks are 0 to " + MAX_NETWORKS + ", not " + count);
        }
        if (peers < Math.max(1, count)) {
            throw new IllegalArgumentException(count + " networks need at least as many peers, not " + peers);
        }
    }

    boolean spread() {
        return count > 0;
    }

    /** Peer {@code n}'s network, 1..N (0 when not spread). */
    int networkOf(long peer) {
        if (count == 0) {
            return 0;
        }
        long slot = Math.floorMod(peer, (long) peers);
        return (int) (slot * count / peers) + 1;
    }

    /**
     * Peers of one network started one after the other in {@link #startOrder}: a multiple of 1,
     * 2, 3 and 4, so a tracker that deals connections round-robin to that many event loops gives
     * each loop the same number of every network's peers.
     */
    static final int START_RUN = 12;

    /**
     * The order in which this process starts its peers (positions 0..P-1, peer firstPeer + i):
     * the networks take turns, {@link #START_RUN} peers each. In block order network 1 joined
     * first, and while the ramp's first announces were relayed each swarm held mostly peers of
     * the networks that had joined: a run with a 3 s warm-up measured 26 % of offers from the
     * same network where random matching gives 9.5 %. One peer per turn was worse: the tracker
     * fills the slice of the sender's event loop first, and dealing connections round-robin to
     * 2 loops it gave one loop the odd networks and the other the even ones (19.4 %).
     */
    int[] startOrder(long firstPeer) {
        if (count == 0) {
            return IntStream.range(0, peers).toArray();
        }
        Integer[] order = new Integer[peers];
        long[] offset = new long[peers];
        int[] network = new int[peers];
        for (int i = 0; i < peers; i++) {
            order[i] = i;
            long slot = Math.floorMod(firstPeer + i, (long) peers);
            network[i] = networkOf(firstPeer + i);
            offset[i] = slot - ((long) (network[i] - 1) * peers + count - 1) / count; // from its block's start
        }
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> offset[i] / START_RUN)
                .thenComparingInt(i -> network[i]).thenComparingLong(i -> offset[i]));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /** The source address peer {@code n} binds: one of its network's S, spread evenly. */
    String sourceAddress(long peer) {
        return address(networkOf(peer), firstHost + (int) Math.floorMod(peer, (long) hostsPerNetwork));
    }

    /** Network K's source addresses, in the order {@link #sourceAddress} picks them. */
    List<String> sourceAddresses(int network) {
        List<String> list = new ArrayList<>(hostsPerNetwork);
        for (int h = 0; h < hostsPerNetwork; h++) {
            list.add(address(network, firstHost + h));
        }
        return list;
    }

    /** Every source address of every network, network by network. */
    List<String> allSourceAddresses() {
        List<String> list = new ArrayList<>();
        for (int k = count == 0 ? 0 : 1; k <= count; k++) {
            list.addAll(sourceAddresses(k));
        }
        return list;
    }

    static String cidr(int network) {
        return "127." + network + ".0.0/16";
    }

    static String siteName(int network) {
        return "net-" + network;
    }

    /** The locality sites file that names these networks: one {@code CIDR NAME} per line. */
    String sitesFileText() {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(count).append(" loopback networks of the Hivecast load generator (--networks ")
                .append(count).append("): peers of network K bind 127.K.0.x\n");
        for (int k = 1; k <= count; k++) {
            sb.append(cidr(k)).append(' ').append(siteName(k)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes the sites file through a temporary file and a rename, so a tracker reloading it live,
     * or a second generator writing the same file, never sees half of it.
     */
    void writeSitesFile(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path temp = Files.createTempFile(dir, absolute.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, sitesFileText(), StandardCharsets.UTF_8);
            readableByAll(temp);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A temporary file is the owner's alone, and the tracker may run as another user. */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its default permissions apply
        }
    }

    private static String address(int network, int host) {
        return "127." + network + ".0." + host;
    }

    /**
     * Writes the sites file of N networks and exits, for a tracker that must read it at start-up,
     * before the generator runs: {@code LoopbackNetworks N PATH}.
     */
    public static void main(String[] args) throws IOException {
        int n;
        try {
            n = args.length == 2 ? Integer.parseInt(args[0]) : -1;
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_NETWORKS) {
            System.err.println("usage: java -cp hivecast-load-test.jar dev.hivecast.loadtest.LoopbackNetworks N PATH"
                    + " (N from 1 to " + MAX_NETWORKS + ")");
            System.exit(2);
            return;
        }
        new LoopbackNetworks(n, n, 1, 1).writeSitesFile(Path.of(args[1]));
        System.out.println("sites file: " + args[1] + " (" + n + " networks 127.K.0.0/16, net-K)");
    }
}
