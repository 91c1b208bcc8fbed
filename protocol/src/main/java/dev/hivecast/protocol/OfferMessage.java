package dev.hivecast.protocol;

/** An offer relayed to one member of the swarm; {@code peerId} is the offerer's. */
public record OfferMessage(InfoHash infoHash, PeerId peerId, String offerId, JsonSlice offer)
        implements OutMessage {
}
