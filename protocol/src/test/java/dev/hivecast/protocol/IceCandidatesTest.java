package dev.hivecast.protocol;

import static dev.hivecast.protocol.IceCandidates.Kind.HOST;
import static dev.hivecast.protocol.IceCandidates.Kind.MDNS;
import static dev.hivecast.protocol.IceCandidates.Kind.PRFLX;
import static dev.hivecast.protocol.IceCandidates.Kind.RELAY;
import static dev.hivecast.protocol.IceCandidates.Kind.SRFLX;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivecast.protocol.IceCandidates.Kind;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ICE candidate kinds of an offer are read from its JSON bytes as relayed: the same kinds as
 * the decoded SDP says, for the offers real clients sent and for SDPs with every kind.
 */
class IceCandidatesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A browser behind a NAT with STUN and TURN: mDNS host, srflx, relay, and a prflx from a peer. */
    private static final String BROWSER_SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "a=group:BUNDLE 0\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS\r\n"
            + "m=application 51793 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 203.0.113.7\r\n"
            + "a=candidate:1467250027 1 udp 2122260223 3c1e0e1a-79b4-4b55-9d4b-3b1d5f0a5c55.local 51793 typ host"
            + " generation 0 network-id 1\r\n"
            + "a=candidate:842163049 1 udp 1686052607 203.0.113.7 51793 typ srflx raddr 0.0.0.0 rport 0"
            + " generation 0 network-id 1\r\n"
            + "a=candidate:2157334355 1 udp 33562367 198.51.100.20 61066 typ relay raddr 203.0.113.7 rport 51793"
            + " generation 0 network-id 1\r\n"
            + "a=candidate:3123445566 1 udp 1845501695 203.0.113.9 40000 typ prflx raddr 0.0.0.0 rport 0"
            + " generation 0\r\n"
            + "a=ice-ufrag:Yv7q\r\na=ice-pwd:a8kJ2m7pQ4x9Lr1bZ3c5N6d0\r\na=ice-options:trickle\r\n"
            + "a=setup:actpass\r\na=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n";

    @ParameterizedTest
    @ValueSource(strings = {"bittorrent-tracker-client.jsonl", "webtorrent.jsonl", "bittorrent-tracker-client-update.jsonl",
        "p2p-media-loader.jsonl", "p2p-media-loader-switching.jsonl"})
    void everyCapturedOfferGivesTheKindsItsDecodedSdpHas(String file) throws Exception {
        int offers = 0;
        int withCandidates = 0;
        for (GoldenFixturesTest.Frame f : GoldenFixturesTest.read(file)) {
            if (!f.c2s() || !(parseOrNull(f.bytes()) instanceof AnnounceRequest announce)) {
                continue;
            }
            for (Offer offer : announce.offers()) {
                int kinds = IceCandidates.of(offer.offer());
                assertThat(names(kinds)).as("offer %s of frame %d", offer.offerId(), f.index())
                        .isEqualTo(kindsOfDecoded(offer.offer()));
                offers++;
                withCandidates += kinds == 0 ? 0 : 1;
            }
        }
        // Recorded on loopback without STUN (fixtures/README.md): host candidates on 127.0.0.1 only.
        assertThat(offers).isPositive();
        assertThat(withCandidates).as("offers with candidates in %s", file).isPositive();
    }

    @Test
    void aBrowserOfferBehindNatHasEveryKindAndItsHostCandidateIsAnMdnsName() {
        assertThat(names(IceCandidates.of(RequestEncoder.sessionDescription("offer", BROWSER_SDP))))
                .containsExactlyInAnyOrder(MDNS, SRFLX, RELAY, PRFLX);
    }

    @Test
    void anOfferWhoseStunWasBlockedHasHostCandidatesOnly() {
        String sdp = BROWSER_SDP.replaceAll("a=candidate:[0-9]+ 1 udp [0-9]+ [0-9.]+ [0-9]+ typ (srflx|relay|prflx)[^\r]*\r\n", "")
                .replace("3c1e0e1a-79b4-4b55-9d4b-3b1d5f0a5c55.local", "192.168.1.23");
        assertThat(names(IceCandidates.of(RequestEncoder.sessionDescription("offer", sdp)))).containsExactly(HOST);
    }

    @Test
    void anOfferWithoutCandidateLinesHasNone() {
        String sdp = BROWSER_SDP.replaceAll("a=candidate:[^\r]*\r\n", "");
        assertThat(IceCandidates.of(RequestEncoder.sessionDescription("offer", sdp))).isZero();
        assertThat(IceCandidates.of(JsonSlice.of("{}"))).isZero();
        assertThat(IceCandidates.of(JsonSlice.of("{\"sdp\":\"\"}"))).isZero();
    }

    @Test
    void linesThatOnlyLookLikeCandidatesAreNotCounted() {
        // Not at the start of a line, missing typ, cut short, or an unknown kind: none is a candidate.
        String sdp = "v=0\r\nx=a=candidate:1 1 udp 1 10.0.0.1 9 typ srflx\r\n"
                + "a=candidate:1 1 udp 1 10.0.0.1 9 type relay\r\n"
                + "a=candidate:1 1 udp 1 10.0.0.1 9 typ\r\n"
                + "a=candidate:1 1 udp 1 10.0.0.1 9 typ hostess\r\n"
                + "a=candidate:1 1 udp\r\na=candidate:";
        assertThat(IceCandidates.of(RequestEncoder.sessionDescription("offer", sdp))).isZero();
    }

    @Test
    void aCandidateAtTheEndOfTheSdpWithoutALineBreakStillCounts() {
        String sdp = "v=0\r\na=candidate:1 1 udp 1 10.0.0.1 9 typ relay";
        assertThat(names(IceCandidates.of(RequestEncoder.sessionDescription("offer", sdp)))).containsExactly(RELAY);
        byte[] bare = "\"a=candidate:1 1 udp 1 10.0.0.1 9 typ srflx".getBytes(StandardCharsets.US_ASCII);
        assertThat(names(IceCandidates.of(new JsonSlice(bare, 0, bare.length)))).containsExactly(SRFLX);
    }

    @Test
    void onlyTheSliceIsRead() {
        byte[] frame = ("[\"a=candidate:1 1 udp 1 10.0.0.1 9 typ relay\","
                + "{\"sdp\":\"a=candidate:1 1 udp 1 10.0.0.1 9 typ srflx\"}]").getBytes(StandardCharsets.US_ASCII);
        int start = new String(frame, StandardCharsets.US_ASCII).indexOf('{');
        assertThat(names(IceCandidates.of(new JsonSlice(frame, start, frame.length - 1 - start))))
                .containsExactly(SRFLX);
    }

    @Test
    void readingAnOfferAllocatesNothing() {
        JsonSlice offer = RequestEncoder.sessionDescription("offer", BROWSER_SDP);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += IceCandidates.of(offer);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            sink += IceCandidates.of(offer);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isPositive();
        // A few hundred bytes of slack for the measurement itself; one byte per offer would be 20 KB.
        assertThat(allocated).isLessThan(1_000);
    }

    private static InMessage parseOrNull(byte[] frame) {
        try {
            return TestFrames.CODEC.parse(frame, 0, frame.length);
        } catch (ProtocolException e) {
            return null;
        }
    }

    private static Set<Kind> names(int kinds) {
        Set<Kind> set = EnumSet.noneOf(Kind.class);
        for (Kind k : Kind.values()) {
            if (k.in(kinds)) {
                set.add(k);
            }
        }
        return set;
    }

    /** The oracle: the SDP decoded by jackson-databind and split into lines and fields. */
    private static Set<Kind> kindsOfDecoded(JsonSlice offer) throws Exception {
        Set<Kind> set = EnumSet.noneOf(Kind.class);
        String sdp = MAPPER.readTree(offer.toString()).path("sdp").asText("");
        for (String line : sdp.split("\r\n|\n")) {
            if (!line.startsWith("a=candidate:")) {
                continue;
            }
            String[] fields = line.substring("a=candidate:".length()).split(" ");
            if (fields.length < 8 || !fields[6].equals("typ")) {
                continue;
            }
            Arrays.stream(Kind.values()).filter(k -> k != MDNS && k.label().equals(fields[7])).findFirst()
                    .ifPresent(k -> set.add(k == HOST && fields[4].endsWith(".local") ? MDNS : k));
        }
        return set;
    }
}
