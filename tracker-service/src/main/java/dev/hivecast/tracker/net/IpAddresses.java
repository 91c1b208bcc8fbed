package dev.hivecast.tracker.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP literals from sockets and proxy headers, parsed without ever asking DNS: a header is written
 * by whoever sent the request, and {@link InetAddress#getByName} would resolve a host name in it.
 */
public final class IpAddresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

    private IpAddresses() {
    }

    /**
     * The address in {@code text} (IPv4, IPv6, IPv6 in brackets, either with a {@code :port}),
     * or null when it is none (a host name, {@code unknown}, an obfuscated {@code _id}).
     * IPv4-mapped IPv6 addresses come back as IPv4.
     */
    public static InetAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.startsWith("[")) {
            int end = t.indexOf(']');
            if (end < 0) {
                return null;
            }
            t = t.substring(1, end);
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':') && t.indexOf('.') > 0) {
            t = t.substring(0, t.indexOf(':')); // 192.0.2.1:4711
        }
        int zone = t.indexOf('%');
        if (zone >= 0) {
            t = t.substring(0, zone);
        }
        boolean v4 = IPV4.matcher(t).matches();
        if (!v4 && !(t.indexOf(':') >= 0 && IPV6.matcher(t).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(t); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The key per-IP limits count under: the IPv4 address, or the /64 of an IPv6 address, because
     * one subscriber is given a whole /64 and could otherwise take a new address per connection.
     */
    public static String clientKey(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return address.getHostAddress();
        }
        StringBuilder key = new StringBuilder(24);
        for (int i = 0; i < 8; i += 2) {
            key.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
        }
        return key.append(":/64").toString();
    }
}
