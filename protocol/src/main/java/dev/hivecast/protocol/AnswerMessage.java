package dev.hivecast.protocol;

/** An answer relayed to the offerer; {@code peerId} is the answerer's bound peer_id. */
public record AnswerMessage(InfoHash infoHash, PeerId peerId, String offerId, JsonSlice answer)
        implements OutMessage {
}
