package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.protocol.Event;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clients other than the released browser player (docs/protocol.md#j69, #j70) and peers of both IP
 * families (docs/protocol.md#d32). The tracker listens on {@code ::}, so it takes IPv4 and IPv6 connections.
 */
class OtherClientsIT extends TrackerTestBase {

    @Override
    protected String[] flags() {
        return new String[] {"--host", "::"};
    }

    @Test
    void D32_ipv4AndIpv6PeersOfOneInfoHashShareTheSwarmAndExchangeOffersAndAnswers() {
        String swarm = Ids.infoHash();
        String v4Id = Ids.peerId();
        String v6Id = Ids.peerId();
        Peer v4 = peerAt("127.0.0.1");
        v4.announce(ClientAnnounce.started(swarm, v4Id).toString());
        Peer v6 = peerAt("[::1]");

        JsonObject reply = v6.announce(ClientAnnounce.of(swarm, v6Id).withEvent(Event.STARTED).withNumwant(5).withOffers(Sdp.offers(1)).toString());
        assertThat(reply.getInteger("incomplete")).isEqualTo(2);

        JsonObject offer = v4.next();
        assertThat(offer.getString("peer_id")).isEqualTo(v6Id);
        v4.send(AnswerRequest.of(swarm, v4Id, v6Id, offer.getString("offer_id"), Sdp.answer()).toString());
        JsonObject answer = v6.next();
        assertThat(answer.getString("peer_id")).isEqualTo(v4Id);
        assertThat(answer.getString("offer_id")).isEqualTo(offer.getString("offer_id"));
    }

    @Test
    void J69_nativePlayerClientSteadyStateReconnectAndStopAllWork() {
        String swarm = Ids.infoHash();
        String playerId = Ids.peerId();
        Peer other = member(swarm, Ids.peerId());

        // numwant 0 with no offers: a reply, nothing relayed.
        Peer player = peer();
        String steady = ClientAnnounce.of(swarm, playerId).withEvent(Event.STARTED).withNumwant(0).withOffers(List.of()).toString();
        assertThat(player.announce(steady).getInteger("incomplete")).isEqualTo(2);
        other.assertNothingReceived();

        // A 20-character alphanumeric offer_id is relayed verbatim and its answer comes back.
        String offerId = "Ab3dEf6hIj9kLm2nOp5q";
        player.announce(ClientAnnounce.of(swarm, playerId).withNumwant(5).withOffers(Sdp.offers(List.of(offerId))).toString());
        assertThat(other.next().getString("offer_id")).isEqualTo(offerId);

        // Reconnect within a second, same peer_id, old socket not yet closed: the new one takes over.
        Peer reconnected = peer();
        assertThat(reconnected.announce(steady).getInteger("incomplete")).isEqualTo(2);
        player.close();
        assertThat(other.scrape(swarm).getInteger("incomplete")).isEqualTo(2);

        // stopped on destroy.
        JsonObject stopped = reconnected.announce(ClientAnnounce.of(swarm, playerId).withEvent(Event.STOPPED).toString());
        assertThat(stopped.getInteger("incomplete")).isEqualTo(1);
    }

    @Test
    void J70_anacrolixStyleEmptyEventNullOffersAndInt64LeftGetARealReply() {
        String swarm = Ids.infoHash();
        Peer peer = peer();
        JsonObject reply = peer.request("{\"action\":\"announce\",\"info_hash\":\"" + swarm + "\",\"peer_id\":\""
                + Ids.peerId() + "\",\"event\":\"\",\"offers\":null,\"left\":9223372036854775807,"
                + "\"uploaded\":0,\"downloaded\":0,\"numwant\":50}");

        assertThat(reply.getString("failure reason")).isNull();
        assertThat(reply.getInteger("incomplete")).isEqualTo(1);
        assertThat(reply.getInteger("complete")).isZero();
    }

    @Test
    void J70_libtorrentStyleAnswerWithToPeerIdIsRelayedAndGetsNoReply() {
        String swarm = Ids.infoHash();
        String offererId = Ids.peerId();
        String answererId = Ids.peerId();
        Peer answerer = member(swarm, answererId);
        Peer offerer = peer();
        offerer.announce(ClientAnnounce.of(swarm, offererId).withEvent(Event.STARTED).withNumwant(5).withOffers(Sdp.offers(1)).toString());
        JsonObject offer = answerer.next();

        answerer.send(AnswerRequest.of(swarm, answererId, offererId, offer.getString("offer_id"), Sdp.answer()).toString());

        assertThat(offerer.next().getString("peer_id")).isEqualTo(answererId);
        answerer.assertNothingReceived();
    }
}
