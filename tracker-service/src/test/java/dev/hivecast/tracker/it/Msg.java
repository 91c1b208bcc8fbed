package dev.hivecast.tracker.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Client messages, with the fields real clients send (fixtures README, "Field sets and order"). */
public final class Msg {

    private Msg() {
    }

    public static Announce announce(String infoHash, String peerId) {
        return new Announce(infoHash, peerId);
    }

    public static String started(String infoHash, String peerId) {
        return announce(infoHash, peerId).event("started").toString();
    }

    public static String scrape(String infoHash) {
        return new JsonObject().put("action", "scrape").put("info_hash", infoHash).encode();
    }

    /** An answer in the shape all three real clients send. */
    public static String answer(String infoHash, String peerId, String toPeerId, String offerId) {
        return new JsonObject()
                .put("action", "announce")
                .put("info_hash", infoHash)
                .put("peer_id", peerId)
                .put("to_peer_id", toPeerId)
                .put("answer", new JsonObject().put("type", "answer").put("sdp", sdp(200)))
                .put("offer_id", offerId)
                .encode();
    }

    /** An SDP-like text of exactly {@code length} characters, CRLF line ends included. */
    public static String sdp(int length) {
        StringBuilder sb = new StringBuilder("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n");
        while (sb.length() < length) {
            sb.append("a=candidate:1 1 udp 2122260223 127.0.0.1 54321 typ host\r\n");
        }
        sb.setLength(length);
        return sb.toString();
    }

    /** An announce; the field order is the P2P Media Loader one. */
    public static final class Announce {
        private final String infoHash;
        private final String peerId;
        private Object numwant;
        private String event;
        private Object left;
        private boolean leftSet;
        private List<String> offerIds;
        private int sdpLength = 668;

        private Announce(String infoHash, String peerId) {
            this.infoHash = infoHash;
            this.peerId = peerId;
        }

        public Announce event(String event) {
            this.event = event;
            return this;
        }

        public Announce numwant(Object numwant) {
            this.numwant = numwant;
            return this;
        }

        public Announce left(Object left) {
            this.left = left;
            this.leftSet = true;
            return this;
        }

        public Announce offers(List<String> offerIds) {
            this.offerIds = offerIds;
            return this;
        }

        /** {@code count} offers with fresh offer_ids. */
        public Announce offers(int count) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add(Ids.offerId());
            }
            return offers(ids);
        }

        public Announce sdpLength(int length) {
            this.sdpLength = length;
            return this;
        }

        public JsonObject json() {
            JsonObject o = new JsonObject();
            if (numwant != null) {
                o.put("numwant", numwant);
            }
            o.put("uploaded", 0).put("downloaded", 0);
            if (leftSet) {
                o.put("left", left);
            }
            if (event != null) {
                o.put("event", event);
            }
            o.put("action", "announce").put("info_hash", infoHash).put("peer_id", peerId);
            if (offerIds != null) {
                JsonArray offers = new JsonArray();
                for (String id : offerIds) {
                    offers.add(new JsonObject()
                            .put("offer", new JsonObject().put("type", "offer").put("sdp", sdp(sdpLength)))
                            .put("offer_id", id));
                }
                o.put("offers", offers);
            }
            return o;
        }

        @Override
        public String toString() {
            return json().encode();
        }
    }
}
