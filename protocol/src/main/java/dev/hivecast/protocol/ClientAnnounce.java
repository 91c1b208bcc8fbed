package dev.hivecast.protocol;

import java.util.List;
import java.util.Objects;

/**
 * An announce as a client writes it, every key it may send included: what the tracker reads of it
 * is an {@link AnnounceRequest}. {@link #toString()} is the frame text, for tests and logs.
 *
 * <p>Which keys appear is what tells real clients apart (the golden fixtures have all five shapes):
 * the bittorrent-tracker client always sends {@code left} and leaves {@code offers} out of
 * {@code stopped} and {@code completed}; webtorrent leaves {@code left} out of {@code stopped} and
 * sends {@code "left":null} before it has the torrent's metadata; P2P Media Loader never sends
 * {@code left}; and none of them sends an {@code event} key on the periodic re-announce.
 *
 * @param event    {@link Event#UPDATE} is written as no {@code event} key at all
 * @param numwant  {@link #NUMWANT_ABSENT} for no {@code numwant} key
 * @param left     bytes still wanted, or {@link #LEFT_ABSENT} (no key) or {@link #LEFT_NULL}
 * @param offers   null for no {@code offers} key; empty for {@code "offers":[]}
 */
public record ClientAnnounce(
        InfoHash infoHash,
        PeerId peerId,
        Event event,
        int numwant,
        long uploaded,
        long downloaded,
        long left,
        List<Offer> offers) {

    public static final int NUMWANT_ABSENT = AnnounceRequest.NUMWANT_ABSENT;
    public static final long LEFT_ABSENT = -1;
    public static final long LEFT_NULL = -2;

    public ClientAnnounce {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(event, "event");
        offers = offers == null ? null : List.copyOf(offers);
    }

    /** A re-announce with nothing but the ids: no numwant, no left, no offers, 0 transferred. */
    public static ClientAnnounce of(InfoHash infoHash, PeerId peerId) {
        return new ClientAnnounce(infoHash, peerId, Event.UPDATE, NUMWANT_ABSENT, 0, 0, LEFT_ABSENT, null);
    }

    /** {@link #of(InfoHash, PeerId)} with the ids as the 20-character binary strings clients hold. */
    public static ClientAnnounce of(String infoHash, String peerId) {
        return of(Id20.infoHash(infoHash), Id20.peerId(peerId));
    }

    /** The first announce in a swarm, without offers. */
    public static ClientAnnounce started(String infoHash, String peerId) {
        return of(infoHash, peerId).withEvent(Event.STARTED);
    }

    public ClientAnnounce withEvent(Event newEvent) {
        return new ClientAnnounce(infoHash, peerId, newEvent, numwant, uploaded, downloaded, left, offers);
    }

    public ClientAnnounce withNumwant(int newNumwant) {
        return new ClientAnnounce(infoHash, peerId, event, newNumwant, uploaded, downloaded, left, offers);
    }

    public ClientAnnounce withTransferred(long newUploaded, long newDownloaded) {
        return new ClientAnnounce(infoHash, peerId, event, numwant, newUploaded, newDownloaded, left, offers);
    }

    public ClientAnnounce withLeft(long newLeft) {
        return new ClientAnnounce(infoHash, peerId, event, numwant, uploaded, downloaded, newLeft, offers);
    }

    public ClientAnnounce withOffers(List<Offer> newOffers) {
        return new ClientAnnounce(infoHash, peerId, event, numwant, uploaded, downloaded, left, newOffers);
    }

    /** The frame as text. */
    @Override
    public String toString() {
        return Utf8.text(RequestEncoder.announce(this));
    }
}
