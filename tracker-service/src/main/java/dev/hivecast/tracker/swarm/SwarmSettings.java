package dev.hivecast.tracker.swarm;

import dev.hivecast.tracker.config.AnnounceConfig;
import dev.hivecast.tracker.config.ConnectionConfig;
import dev.hivecast.tracker.config.LocalityConfig;
import dev.hivecast.tracker.config.ScrapeConfig;
import dev.hivecast.tracker.config.TrackerConfig;
import java.util.Locale;

/**
 * What the swarm logic reads from the configuration: the sections themselves, so that a setting
 * is read where it is declared with nothing to map, and cluster.offer-routing as the value it names.
 *
 * @param announce     intervals, time-to-lives and answer pairing (announce.*)
 * @param scrape       whether a scrape may list every swarm (scrape.allow-full)
 * @param connection   unanswered offers remembered per connection (connection.max-pending-offers)
 * @param offerRouting where offers go when the swarm spans event loops or nodes
 * @param locality     the random share of a draw with locality (locality.random-share)
 */
public record SwarmSettings(AnnounceConfig announce, ScrapeConfig scrape, ConnectionConfig connection,
                            OfferRouting offerRouting, LocalityConfig locality) {

    public static final SwarmSettings DEFAULTS = of(TrackerConfig.defaults());

    public static SwarmSettings of(TrackerConfig c) {
        OfferRouting routing = OfferRouting.valueOf(
                c.cluster().offerRouting().toUpperCase(Locale.ROOT).replace('-', '_'));
        return new SwarmSettings(c.announce(), c.scrape(), c.connection(), routing, c.locality());
    }

    public SwarmSettings withOfferRouting(OfferRouting routing) {
        return new SwarmSettings(announce, scrape, connection, routing, locality);
    }

    int intervalSeconds() {
        return (int) announce.interval().toSeconds();
    }
}
