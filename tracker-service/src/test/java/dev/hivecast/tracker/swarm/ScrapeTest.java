package dev.hivecast.tracker.swarm;

import static dev.hivecast.tracker.swarm.LoopHarness.announce;
import static dev.hivecast.tracker.swarm.LoopHarness.infoHash;
import static dev.hivecast.tracker.swarm.LoopHarness.peerId;
import static dev.hivecast.tracker.swarm.LoopHarness.scrape;
import static dev.hivecast.tracker.swarm.LoopHarness.started;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.protocol.ScrapeRequest;
import dev.hivecast.protocol.ScrapeResponse;
import dev.hivecast.tracker.config.Configs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/protocol.md#g-scrape: scrape replies. */
class ScrapeTest {

    private final LoopHarness node = new LoopHarness(2);
    private final InfoHash swarm = infoHash();

    @Test
    void G48_G49_eachRequestedHashGetsItsCountsAndUnknownHashesGetZeros() {
        node.client(0).announce(announce(swarm, peerId(), Event.STARTED, true, -1, List.of()));
        node.client(1).announce(started(swarm, peerId()));
        InfoHash unknown = infoHash();

        var scraper = node.client(0).scrape(scrape(swarm, unknown));

        List<ScrapeResponse.Entry> files = scraper.last(ScrapeResponse.class).files();
        assertThat(files).extracting(ScrapeResponse.Entry::infoHash).containsExactly(swarm, unknown);
        assertThat(files.get(0).complete()).isEqualTo(1);
        assertThat(files.get(0).incomplete()).isEqualTo(1);
        assertThat(files.get(1)).isEqualTo(new ScrapeResponse.Entry(unknown, 0, 0, 0));
    }

    @Test
    void G50_aFullScrapeIsRefusedByDefault() {
        var scraper = node.client(0).scrape(new ScrapeRequest(List.of(), true));

        ErrorResponse error = scraper.last(ErrorResponse.class);
        assertThat(error.action()).isEqualTo("scrape");
        assertThat(error.reason()).isEqualTo("Full scrapes are not allowed");
    }

    @Test
    void G50_aFullScrapeListsEverySwarmWhenAllowed() {
        LoopHarness open = new LoopHarness(2, SwarmSettings.of(Configs.parse("--scrape.allow-full=true")));
        InfoHash second = infoHash();
        open.client(0).announce(started(swarm, peerId()));
        open.client(1).announce(started(second, peerId()));

        var scraper = open.client(0).scrape(new ScrapeRequest(List.of(), true));

        assertThat(scraper.last(ScrapeResponse.class).files()).extracting(ScrapeResponse.Entry::infoHash)
                .containsExactlyInAnyOrder(swarm, second);
    }

    @Test
    void G49_anEmptyArrayOfHashesIsRefusedRatherThanAnsweredWithNoFiles() {
        var scraper = node.client(0).scrape(new ScrapeRequest(List.of(), false));

        ErrorResponse error = scraper.last(ErrorResponse.class);
        assertThat(error.action()).isEqualTo("scrape");
        assertThat(error.reason()).isEqualTo("invalid info_hash");
    }

    @Test
    void G53_downloadedCountsCompletionsSeen() {
        PeerId leecher = peerId();
        var client = node.client(0).announce(started(swarm, leecher));
        client.announce(announce(swarm, leecher, Event.COMPLETED, true, -1, List.of()));
        node.client(1).announce(announce(swarm, peerId(), Event.STARTED, true, -1, List.of()));

        client.scrape(scrape(swarm));

        assertThat(client.last(ScrapeResponse.class).files().get(0).downloaded()).isEqualTo(1);
    }

    /**
     * docs/protocol.md#scrape-decisions: a `completed` from a peer that is not a member joins it as
     * a seeder, as the reference treats it as a start; only a member seen incomplete that turns
     * complete is a download. So leaving and coming back `completed` cannot raise the count.
     */
    @Test
    void G53_stoppedAndCompletedAgainIsNotANewDownload() {
        // keeps the swarm, and its count, alive: a loop forgets its part of the count when its last member goes
        node.client(0).announce(started(swarm, peerId()));
        PeerId peer = peerId();
        var client = node.client(0).announce(started(swarm, peer));
        client.announce(announce(swarm, peer, Event.COMPLETED, true, -1, List.of()));
        for (int cycle = 0; cycle < 50; cycle++) {
            client.announce(announce(swarm, peer, Event.STOPPED, true, -1, List.of()));
            client.announce(announce(swarm, peer, Event.COMPLETED, true, -1, List.of()));
        }

        client.scrape(scrape(swarm));

        ScrapeResponse.Entry entry = client.last(ScrapeResponse.class).files().get(0);
        assertThat(entry.complete()).isEqualTo(1);
        assertThat(entry.incomplete()).isEqualTo(1);
        assertThat(entry.downloaded()).isEqualTo(1);
    }

    /** Turning complete again after leaving incomplete is seen as it happens, so it is counted. */
    @Test
    void G53_aMemberSeenIncompleteThatCompletesIsCountedEachTime() {
        node.client(0).announce(started(swarm, peerId()));
        PeerId peer = peerId();
        var client = node.client(0).announce(started(swarm, peer));
        client.announce(announce(swarm, peer, Event.COMPLETED, true, -1, List.of()));
        client.announce(announce(swarm, peer, Event.STOPPED, true, -1, List.of()));
        client.announce(started(swarm, peer));
        client.announce(announce(swarm, peer, Event.COMPLETED, true, -1, List.of()));

        client.scrape(scrape(swarm));

        assertThat(client.last(ScrapeResponse.class).files().get(0).downloaded()).isEqualTo(2);
    }

    @Test
    void G54_aConnectionThatOnlyScrapesHoldsNoPeerState() {
        var scraper = node.client(0).scrape(scrape(swarm));
        scraper.close();

        assertThat(scraper.connection.membershipCount()).isZero();
        assertThat(node.directory.swarmCount()).isZero();
        assertThat(node.loops.get(0).connectionCount()).isZero();
    }
}
