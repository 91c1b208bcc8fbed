package dev.hivecast.tracker.limits;

import dev.hivecast.tracker.net.AddressBlocks;
import dev.hivecast.tracker.net.IpAddresses;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client IP is the socket's peer, except behind a trusted proxy: then the right-most address
 * its headers name that is not itself a trusted proxy.
 */
class ClientAddressesTest {

    private final ClientAddresses behindIngress = new ClientAddresses(
            AddressBlocks.parse(List.of("10.0.0.0/8", "fd00::/8")));

    @Test
    void withoutTrustedProxiesHeadersAreIgnored() {
        ClientAddresses direct = new ClientAddresses(AddressBlocks.NONE);

        assertThat(direct.clientOf("203.0.113.7", "for=198.51.100.1", "198.51.100.1")).isEqualTo("203.0.113.7");
    }

    @Test
    void headersFromAPeerThatIsNotTrustedAreIgnored() {
        assertThat(behindIngress.clientOf("203.0.113.7", null, "198.51.100.1")).isEqualTo("203.0.113.7");
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedXForwardedForAddressIsTheClient() {
        // the client wrote 1.2.3.4 itself; our ingress appended what it saw: 198.51.100.1
        assertThat(behindIngress.clientOf("10.1.2.3", null, "1.2.3.4, 198.51.100.1")).isEqualTo("198.51.100.1");
        // two of our proxies in a row
        assertThat(behindIngress.clientOf("10.1.2.3", null, "1.2.3.4, 198.51.100.1, 10.9.9.9")).isEqualTo("198.51.100.1");
    }

    @Test
    void forwardedIsReadBeforeXForwardedForWithQuotesPortsAndIpv6() {
        assertThat(behindIngress.clientOf("10.1.2.3", "for=1.2.3.4, for=\"[2001:db8::1]:4711\";proto=https",
                "198.51.100.1")).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(behindIngress.clientOf("10.1.2.3", "For=198.51.100.9:1234", null)).isEqualTo("198.51.100.9");
    }

    @Test
    void aTrustedPeerWithoutHeadersOrWithGarbageIsTheClientItself() {
        assertThat(behindIngress.clientOf("10.1.2.3", null, null)).isEqualTo("10.1.2.3");
        assertThat(behindIngress.clientOf("10.1.2.3", null, "unknown")).isEqualTo("10.1.2.3");
        assertThat(behindIngress.clientOf("10.1.2.3", "for=_hidden", null)).isEqualTo("10.1.2.3");
    }

    @Test
    void onlyATrustedProxyMaySendAProxyProtocolHeader() {
        assertThat(behindIngress.isTrustedProxy("10.1.2.3")).isTrue();
        assertThat(behindIngress.isTrustedProxy("fd00::7")).isTrue();
        assertThat(behindIngress.isTrustedProxy("203.0.113.7")).isFalse();
        assertThat(behindIngress.isTrustedProxy(null)).as("no TCP peer (a domain socket)").isFalse();
        assertThat(behindIngress.isTrustedProxy("localhost")).as("never looked up").isFalse();
        assertThat(new ClientAddresses(AddressBlocks.NONE).isTrustedProxy("10.1.2.3")).isFalse();
    }

    @Test
    void behindProxyProtocolTheHeadersSourceIsThePeerTheWalkStartsFrom() {
        // an L7 proxy (trusted) in front of the L4 one: its X-Forwarded-For names the client
        assertThat(behindIngress.clientOf("10.7.7.7", null, "198.51.100.1")).isEqualTo("198.51.100.1");
        // a viewer as the header's source: its own X-Forwarded-For is not believed
        assertThat(behindIngress.clientOf("203.0.113.7", null, "198.51.100.1")).isEqualTo("203.0.113.7");
    }

    @Test
    void hostNamesInHeadersAreNeverLookedUp() {
        assertThat(IpAddresses.parse("localhost")).isNull();
        assertThat(IpAddresses.parse("example.com")).isNull();
        assertThat(behindIngress.clientOf("10.1.2.3", null, "localhost")).isEqualTo("10.1.2.3");
    }

    @Test
    void ipv4MappedIpv6IsIpv4AndIpv6CountsByItsSlash64() {
        assertThat(IpAddresses.parse("::ffff:10.1.2.3").getHostAddress()).isEqualTo("10.1.2.3");
        assertThat(IpAddresses.clientKey(IpAddresses.parse("2001:db8:1:2:aaaa::1")))
                .isEqualTo(IpAddresses.clientKey(IpAddresses.parse("2001:db8:1:2:bbbb::9")))
                .isNotEqualTo(IpAddresses.clientKey(IpAddresses.parse("2001:db8:1:3::1")));
        assertThat(IpAddresses.clientKey(IpAddresses.parse("192.0.2.1"))).isEqualTo("192.0.2.1");
    }

    @Test
    void trustedProxyBlocksMatchByPrefixAndRefuseNonsense() {
        AddressBlocks p = AddressBlocks.parse(List.of("192.168.0.0/23", "2001:db8::7"));

        assertThat(p.contains(IpAddresses.parse("192.168.1.255"))).isTrue();
        assertThat(p.contains(IpAddresses.parse("192.168.2.0"))).isFalse();
        assertThat(p.contains(IpAddresses.parse("2001:db8::7"))).isTrue();
        assertThat(p.contains(IpAddresses.parse("2001:db8::8"))).isFalse();
        assertThat(AddressBlocks.problemWith("10.0.0.0/33")).contains("prefix");
        assertThat(AddressBlocks.problemWith("ingress.local")).contains("not an IP address");
        assertThat(AddressBlocks.problemWith("10.0.0.0/x")).contains("numeric");
    }
}
