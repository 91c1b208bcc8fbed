package dev.hivecast.tracker.locality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/locality.md: a client's locality from its IP, the sites file and the MaxMind DB files. */
class LocalityLookupTest {

    @TempDir
    Path dir;

    @Test
    void theMaxMindDbFilesGiveTheAsAndTheCountry() throws IOException {
        Path db = TestMmdb.loopbackNetworks(3).write(dir.resolve("asn-country.mmdb"));
        try (MmdbLookup lookup = MmdbLookup.open(db.toString())) {
            LocalityResolver resolver = new LocalityResolver(true, lookup, lookup);
            Locality a = resolver.of("127.1.0.5");
            Locality b = resolver.of("127.1.200.9");
            Locality c = resolver.of("127.3.0.5");
            Locality d = resolver.of("127.2.0.5");

            assertThat(a.sharedWith(b)).isEqualTo(LocalityLevel.ASN);
            assertThat(a.sharedWith(c)).as("another AS, the same country").isEqualTo(LocalityLevel.COUNTRY);
            assertThat(a.sharedWith(d)).isEqualTo(LocalityLevel.NONE);
            assertThat(a.sharedWith(resolver.of("127.1.0.5"))).isEqualTo(LocalityLevel.IP);
            assertThat(a.key(LocalityLevel.ASN.ordinal())).isEqualTo(new GroupKey(LocalityLevel.ASN.ordinal(), 64501));
        }
    }

    @Test
    void anIpInNoSiteAndNoDatabaseEntryIsAnyone() throws IOException {
        Path db = TestMmdb.loopbackNetworks(2).write(dir.resolve("db.mmdb"));
        try (MmdbLookup lookup = MmdbLookup.open(db.toString())) {
            LocalityResolver resolver = new LocalityResolver(true, lookup, lookup);
            Locality outside = resolver.of("192.0.2.1");
            assertThat(outside.key(LocalityLevel.ASN.ordinal())).isNull();
            assertThat(outside.key(LocalityLevel.COUNTRY.ordinal())).isNull();
            assertThat(outside.sharedWith(resolver.of("192.0.2.2"))).isEqualTo(LocalityLevel.NONE);
            assertThat(resolver.of("2001:db8::1").sharedWith(resolver.of("2001:db8::2")))
                    .as("IPv6 in an IPv4-only database: the same /64 still counts").isEqualTo(LocalityLevel.IP);
        }
    }

    @Test
    void sitesMatchTheMostSpecificBlockAndAClosedSiteKeepsToItself() {
        LocalityResolver resolver = new LocalityResolver(true, null, null);
        resolver.useSites(SiteList.parse("""
                # campus, with a closed lab inside it
                10.0.0.0/8 campus
                10.9.0.0/16 lab closed   # no video leaves the lab

                fd00::/8 campus
                """));
        Locality campus = resolver.of("10.1.2.3");
        Locality campusV6 = resolver.of("fd00::5");
        Locality lab = resolver.of("10.9.1.1");
        Locality lab2 = resolver.of("10.9.7.7");

        assertThat(campus.sharedWith(campusV6)).isEqualTo(LocalityLevel.SITE);
        assertThat(lab.closed()).isTrue();
        assertThat(lab.sharedWith(lab2)).isEqualTo(LocalityLevel.SITE);
        assertThat(lab.mayMeet(lab2)).isTrue();
        assertThat(lab.mayMeet(campus)).isFalse();
        assertThat(campus.mayMeet(lab)).isFalse();
        assertThat(campus.mayMeet(Locality.NONE)).isTrue();
    }

    @Test
    void aMalformedSitesLineIsRefusedWithItsNumberAndReason() {
        assertThatThrownBy(() -> SiteList.parse("10.0.0.0/8 a\n10.0.0.0/33 b\n"))
                .hasMessage("line 2: '10.0.0.0/33' has a prefix outside 0..32");
        assertThatThrownBy(() -> SiteList.parse("# x\n10.0.0.0/8\n"))
                .hasMessage("line 2: expected 'CIDR NAME' or 'CIDR NAME closed', got 1 words");
        assertThatThrownBy(() -> SiteList.parse("10.0.0.0/8 a open\n"))
                .hasMessage("line 1: the third word can only be 'closed', got 'open'");
        assertThatThrownBy(() -> SiteList.parse("campus 10.0.0.0/8\n"))
                .hasMessage("line 1: 'campus' is not an IP address or CIDR block");
    }

    @Test
    void aFileThatIsNotAMaxMindDbIsRefusedNamingIt() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.mmdb"), "not a database");
        assertThatThrownBy(() -> MmdbLookup.open(bad.toString()))
                .hasMessageStartingWith(bad + ": not a readable MaxMind DB file");
        assertThatThrownBy(() -> MmdbLookup.open(dir.resolve("missing.mmdb").toString()))
                .hasMessageStartingWith(dir.resolve("missing.mmdb") + ": not a readable MaxMind DB file");
    }

    @Test
    void offTheResolverKnowsNothing() {
        assertThat(LocalityResolver.OFF.of("10.0.0.1")).isSameAs(Locality.NONE);
        assertThat(new LocalityResolver(true, null, null).of("not an ip")).isSameAs(Locality.NONE);
    }

    @Test
    void ipLocationDbCountryFieldIsRead() throws IOException {
        Path db = new TestMmdb().add("127.5.0.0/16", Map.of("country_code", "SE"))
                .write(dir.resolve("country.mmdb"));
        try (MmdbLookup lookup = MmdbLookup.open(db.toString())) {
            assertThat(lookup.country(java.net.InetAddress.getByName("127.5.1.1"))).isEqualTo("SE");
            assertThat(lookup.asn(java.net.InetAddress.getByName("127.5.1.1"))).isEqualTo(-1);
        }
    }
}
