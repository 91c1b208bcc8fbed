package dev.hivecast.tracker.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** A list of CIDR blocks (IPv4 and IPv6), such as the proxies whose forwarding headers are believed. */
public final class AddressBlocks {

    public static final AddressBlocks NONE = new AddressBlocks(List.of());

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Block> blocks;

    private AddressBlocks(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** {@code 10.0.0.0/8, 192.168.1.7, fd00::/8}: a bare address is a block of one. */
    public static AddressBlocks parse(List<String> cidrs) {
        List<Block> blocks = new ArrayList<>();
        for (String cidr : cidrs) {
            String problem = problemWith(cidr);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            int slash = cidr.indexOf('/');
            InetAddress address = IpAddresses.parse(slash < 0 ? cidr : cidr.substring(0, slash));
            byte[] bytes = address.getAddress();
            int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            blocks.add(new Block(bytes, prefix));
        }
        return new AddressBlocks(List.copyOf(blocks));
    }

    /** Null when {@code cidr} is an address or address/prefix, else what is wrong with it. */
    public static String problemWith(String cidr) {
        int slash = cidr.indexOf('/');
        InetAddress address = IpAddresses.parse(slash < 0 ? cidr : cidr.substring(0, slash));
        if (address == null || cidr.startsWith("[")) {
            return "'" + cidr + "' is not an IP address or CIDR block";
        }
        if (slash < 0) {
            return null;
        }
        int bits = address.getAddress().length * 8;
        try {
            int prefix = Integer.parseInt(cidr.substring(slash + 1));
            return prefix >= 0 && prefix <= bits ? null : "'" + cidr + "' has a prefix outside 0.." + bits;
        } catch (NumberFormatException e) {
            return "'" + cidr + "' has no numeric prefix length";
        }
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Block b : blocks) {
            if (b.contains(bytes)) {
                return true;
            }
        }
        return false;
    }
}
