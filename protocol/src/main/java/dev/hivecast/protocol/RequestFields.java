package dev.hivecast.protocol;

import static dev.hivecast.protocol.ErrorResponse.ACTION_ANNOUNCE;
import static dev.hivecast.protocol.ErrorResponse.ACTION_SCRAPE;

import java.util.List;

/**
 * What one frame said, field by field, before validation. Clients send the fields in any order
 * (BTc puts {@code action} after {@code event}, {@code info_hash} after {@code action}), so the
 * whole object is read first; only then is it known which fields matter and which failure, with
 * how much context, to report. A repeated key overwrites the earlier one, as in JSON.parse.
 */
final class RequestFields {

    enum Action { MISSING, ANNOUNCE, SCRAPE, OTHER }

    /** What {@code info_hash} was: announces need {@link #ID}, scrapes take any but {@link #INVALID}. */
    enum InfoHashShape { ABSENT, NULL, ID, LIST, INVALID }

    Action action = Action.MISSING;
    /** The action as JavaScript's {@code String(params.action)} prints it (BT's message). */
    String actionText = "undefined";

    InfoHashShape infoHashShape = InfoHashShape.ABSENT;
    InfoHash infoHash;
    List<InfoHash> infoHashes;
    boolean tooManyInfoHashes;

    /** Null when absent or not a valid binary string: BT reports both the same way. */
    PeerId peerId;
    PeerId toPeerId;

    Event event = Event.UPDATE;
    boolean eventInvalid;
    boolean complete;
    int numwant = AnnounceRequest.NUMWANT_ABSENT;
    long uploaded = AnnounceRequest.NOT_REPORTED;
    long downloaded = AnnounceRequest.NOT_REPORTED;

    List<Offer> offers = List.of();
    /** The failure reason of the first bad {@code offers} item, or null. */
    String offersError;

    /** {@code answer} present and not null: the message is an answer, whatever else it carries. */
    boolean answerPresent;
    /** The answer object, or null when {@code answer} was not an object. */
    JsonSlice answer;
    /** The top-level {@code offer_id} (answers only), or null when absent or invalid. */
    String offerId;

    InMessage toMessage(String tooManyScrapeHashesReason) throws ProtocolException {
        switch (action) {
            case ANNOUNCE:
                return answerPresent ? toAnswer() : toAnnounce();
            case SCRAPE:
                return toScrape(tooManyScrapeHashesReason);
            default:
                throw ProtocolException.parseLevel(FailureReasons.INVALID_ACTION_PREFIX + actionText);
        }
    }

    private InfoHash requireAnnounceInfoHash() throws ProtocolException {
        if (infoHashShape != InfoHashShape.ID) {
            throw new ProtocolException(FailureReasons.INVALID_INFO_HASH, ACTION_ANNOUNCE, null);
        }
        if (peerId == null) {
            throw new ProtocolException(FailureReasons.INVALID_PEER_ID, ACTION_ANNOUNCE, infoHash);
        }
        return infoHash;
    }

    private AnnounceRequest toAnnounce() throws ProtocolException {
        InfoHash ih = requireAnnounceInfoHash();
        if (eventInvalid) {
            throw new ProtocolException(FailureReasons.INVALID_EVENT, ACTION_ANNOUNCE, ih);
        }
        if (offersError != null) {
            throw new ProtocolException(offersError, ACTION_ANNOUNCE, ih);
        }
        return new AnnounceRequest(ih, peerId, event, complete, numwant, offers, uploaded, downloaded);
    }

    // BT checks to_peer_id only (parse-websocket.js); the other two keep garbage from being relayed.
    private AnswerRequest toAnswer() throws ProtocolException {
        InfoHash ih = requireAnnounceInfoHash();
        if (toPeerId == null) {
            throw new ProtocolException(FailureReasons.INVALID_TO_PEER_ID, ACTION_ANNOUNCE, ih);
        }
        if (answer == null) {
            throw new ProtocolException(FailureReasons.INVALID_ANSWER, ACTION_ANNOUNCE, ih);
        }
        if (offerId == null) {
            throw new ProtocolException(FailureReasons.INVALID_OFFER_ID, ACTION_ANNOUNCE, ih);
        }
        return new AnswerRequest(ih, peerId, toPeerId, offerId, answer);
    }

    private ScrapeRequest toScrape(String tooManyReason) throws ProtocolException {
        switch (infoHashShape) {
            case ABSENT:
            case NULL:
                // A full scrape in BT; whether to allow it is the engine's policy, not the codec's.
                return new ScrapeRequest(List.of(), true);
            case ID:
                return new ScrapeRequest(List.of(infoHash), false);
            case LIST:
                if (tooManyInfoHashes) {
                    throw new ProtocolException(tooManyReason, ACTION_SCRAPE, null);
                }
                return new ScrapeRequest(infoHashes, false);
            default:
                throw new ProtocolException(FailureReasons.INVALID_INFO_HASH, ACTION_SCRAPE, null);
        }
    }
}
