package dev.hivecast.tracker.swarm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import org.junit.jupiter.api.Test;

class PendingOffersTest {

    private final InfoHash swarm = InfoHash.fromHex("aa".repeat(20));
    private final PeerId offerer = new PeerId(new byte[20]);
    private final PendingOffers offers = new PendingOffers(2);

    private PendingOffers.Pending pending() {
        return new PendingOffers.Pending(swarm, offerer, null, offerer, Long.MAX_VALUE);
    }

    @Test
    void whenFullTheOldestOfferIsForgottenAndTheCallerIsTold() {
        assertFalse(offers.remember("a", pending()));
        assertFalse(offers.remember("b", pending()));
        assertTrue(offers.remember("c", pending()));
        assertNull(offers.take("a", swarm, offerer, 0));
        assertNotNull(offers.take("b", swarm, offerer, 0));
    }

    @Test
    void aRepeatedOfferIdCountsAsTheNewestAndKeepsItsLatestRecord() {
        offers.remember("a", pending());
        offers.remember("b", pending());
        PendingOffers.Pending latest = pending();
        assertFalse(offers.remember("a", latest));
        offers.remember("c", pending());
        assertNull(offers.take("b", swarm, offerer, 0), "b was the oldest once a was repeated");
        assertSame(latest, offers.take("a", swarm, offerer, 0));
    }
}
