package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clients other than the released browser player (PROTOCOL.md 9.J69, 9.J70) and peers of both IP
 * families (9.D32). The tracker listens on {@code ::}, so it takes IPv4 and IPv6 connections.
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
        v4.announce(Msg.started(swarm, v4Id));
        Peer v6 = peerAt("[::1]");

        JsonObject reply = v6.announce(Msg.announce(swarm, v6Id).event("started").numwant(5).offers(1).toString());
        assertThat(reply.getInteger("incomplete")).isEqualTo(2);

        JsonObject offer = v4.next();
        assertThat(offer.getString("peer_id")).isEqualTo(v6Id);
        v4.send(Msg.answer(swarm, v4Id, v6Id, offer.getString("offer_id")));
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
        String steady = Msg.announce(swarm, playerId).event("started").numwant(0).offers(List.of()).toString();
        assertThat(player.announce(steady).getInteger("incomplete")).isEqualTo(2);
        other.assertNothingReceived();

        // A 20-character alphanumeric offer_id is relayed verbatim and its answer comes back.
        String offerId = "Ab3dEf6hIj9kLm2nOp5q";
        player.announce(Msg.announce(swarm, playerId).numwant(5).offers(List.of(offerId)).toString());
        assertThat(other.next().getString("offer_id")).isEqualTo(offerId);

        // Reconnect within a second, same peer_id, old socket not yet closed: the new one takes over.
        Peer reconnected = peer();
        assertThat(reconnected.announce(steady).getInteger("incomplete")).isEqualTo(2);
        player.close();
        assertThat(other.scrape(swarm).getInteger("incomplete")).isEqualTo(2);

        // stopped on destroy.
        JsonObject stopped = reconnected.announce(Msg.announce(swarm, playerId).event("stopped").toString());
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
        offerer.announce(Msg.announce(swarm, offererId).event("started").numwant(5).offers(1).toString());
        JsonObject offer = answerer.next();

        answerer.send(Msg.answer(swarm, answererId, offererId, offer.getString("offer_id")));

        assertThat(offerer.next().getString("peer_id")).isEqualTo(answererId);
        answerer.assertNothingReceived();
    }
}
