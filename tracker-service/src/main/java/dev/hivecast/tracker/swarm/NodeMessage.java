package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.Offer;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.locality.Locality;
import java.util.List;

/** Work one node hands to another over the cluster. Immutable: it is encoded and sent. */
public sealed interface NodeMessage {

    /**
     * Offers for members of the receiving node, which had too few local candidates at the origin.
     * {@code originConnection} is the offering connection on the sending node: answers go there.
     * With {@code locality} (null without), the first {@code near} offers are for members near the
     * offerer, which the receiving node published it holds (docs/locality.md#across-the-cluster).
     */
    record RemoteOffers(InfoHash infoHash, PeerId offerer, long originConnection, List<Offer> offers,
                        Locality locality, int near) implements NodeMessage {
        /** Offers for any members of the receiving node. */
        public RemoteOffers(InfoHash infoHash, PeerId offerer, long originConnection, List<Offer> offers) {
            this(infoHash, offerer, originConnection, offers, null, 0);
        }
    }

    /** An answer for connection {@code targetConnection} of the receiving node. */
    record RemoteAnswer(long targetConnection, AnswerMessage answer) implements NodeMessage {
    }
}
