package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import org.junit.jupiter.api.Test;

/**
 * A connection that keeps sending garbage, or a message over the size limit, is closed; only its
 * own peers leave, and the rest of its swarm notices nothing (docs/protocol.md#h56, #a4).
 */
class AbusiveConnectionIT extends BadInputTestBase {

    private static final int MAX_INVALID = 5;

    @Override
    protected String[] flags() {
        return new String[] {"--connection.max-invalid-messages", String.valueOf(MAX_INVALID)};
    }

    @Test
    void A4_anOversizedMessageClosesOnlyItsConnectionWith1009AndOnlyItsPeerLeaves() {
        Scene s = scene();

        s.offender().send(TransportIT.padTo(ClientAnnounce.of(s.infoHash(), s.offenderId()).withOffers(Sdp.offers(1)).toString(), 64 * 1024 + 1));

        assertThat(s.offender().awaitClose()).isEqualTo((short) 1009);
        s.bystander().assertNothingReceived();
        assertThat(s.bystander().scrape(s.infoHash()).getInteger("incomplete")).isEqualTo(1);
        assertThat(s.bystander().announce(ClientAnnounce.of(s.infoHash(), s.bystanderId()).toString()).getInteger("incomplete")).isEqualTo(1);
    }

    @Test
    void H56_maxInvalidMessagesConsecutiveGarbageMessagesCloseTheConnectionWith1008() {
        Scene s = scene();

        for (int i = 1; i <= MAX_INVALID; i++) {
            s.offender().send("garbage " + i);
            assertThat(s.offender().nextFrame()).isEqualTo("{\"failure reason\":\"invalid JSON\"}");
        }

        assertThat(s.offender().awaitClose()).isEqualTo((short) 1008);
        s.bystander().assertNothingReceived();
        assertThat(s.bystander().announce(ClientAnnounce.of(s.infoHash(), s.bystanderId()).toString()).getInteger("incomplete")).isEqualTo(1);
    }

    @Test
    void H56_aValidMessageInBetweenResetsTheGarbageCount() {
        Scene s = scene();

        for (int round = 0; round < 3; round++) {
            for (int i = 1; i < MAX_INVALID; i++) {
                s.offender().send("null");
                assertThat(s.offender().next().getString("failure reason")).isNotNull();
            }
            s.offender().announce(ClientAnnounce.of(s.infoHash(), s.offenderId()).toString());
        }

        assertThat(s.offender().isClosed()).isFalse();
        assertStateUnchanged(s);
        assertStillWorks(s);
    }
}
