package dev.hivecast.tracker.cluster;

import dev.hivecast.tracker.protocol.AnswerMessage;
import dev.hivecast.tracker.protocol.Id20;
import dev.hivecast.tracker.protocol.InfoHash;
import dev.hivecast.tracker.protocol.JsonSlice;
import dev.hivecast.tracker.protocol.Offer;
import dev.hivecast.tracker.protocol.PeerId;
import dev.hivecast.tracker.swarm.NodeMessage;
import dev.hivecast.tracker.swarm.NodeMessage.RemoteAnswer;
import dev.hivecast.tracker.swarm.NodeMessage.RemoteOffers;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a {@link NodeMessage} between nodes. Binary and versioned, so nodes of two
 * releases can share a cluster during a rolling upgrade (an unknown version is refused, not
 * misread). Ids travel as their 20 bytes: the encoder writes them in the one spelling clients
 * use, so the receiving node echoes them exactly. Offer and answer objects travel as the JSON
 * bytes the client sent, never re-encoded.
 *
 * <pre>
 * version:u8=1  type:u8  origin-node:str  (str = length:u16 then that many UTF-16 units)
 * type 1 (offers): info_hash:20 offerer:20 origin-session:i64 count:u16 { offer_id:str offer:bytes32 }*
 * type 2 (answer): target-session:i64 info_hash:20 answerer:20 offer_id:str answer:bytes32
 * </pre>
 */
public final class NodeMessageCodec {

    static final byte VERSION = 1;
    private static final byte OFFERS = 1;
    private static final byte ANSWER = 2;

    private NodeMessageCodec() {
    }

    /** A decoded message and the node that sent it. */
    public record Envelope(String fromNode, NodeMessage message) {
    }

    public static Buffer encode(String fromNode, NodeMessage message) {
        Buffer b = Buffer.buffer(256);
        b.appendByte(VERSION);
        if (message instanceof RemoteOffers o) {
            b.appendByte(OFFERS);
            appendString(b, fromNode);
            appendId(b, o.infoHash());
            appendId(b, o.offerer());
            b.appendLong(o.originSession());
            b.appendUnsignedShort(o.offers().size());
            for (Offer offer : o.offers()) {
                appendString(b, offer.offerId());
                appendJson(b, offer.offer());
            }
        } else if (message instanceof RemoteAnswer a) {
            b.appendByte(ANSWER);
            appendString(b, fromNode);
            b.appendLong(a.targetSession());
            appendId(b, a.answer().infoHash());
            appendId(b, a.answer().peerId());
            appendString(b, a.answer().offerId());
            appendJson(b, a.answer().answer());
        }
        return b;
    }

    /** @throws IllegalArgumentException for bytes that are not a message of this version */
    public static Envelope decode(Buffer b) {
        try {
            Reader r = new Reader(b);
            byte version = r.b.getByte(r.pos++);
            if (version != VERSION) {
                throw new IllegalArgumentException("node message version " + version + ", this node speaks " + VERSION);
            }
            byte type = r.b.getByte(r.pos++);
            String from = r.string();
            NodeMessage message = switch (type) {
                case OFFERS -> readOffers(r);
                case ANSWER -> readAnswer(r);
                default -> throw new IllegalArgumentException("unknown node message type " + type);
            };
            if (r.pos != b.length()) {
                throw new IllegalArgumentException((b.length() - r.pos) + " bytes after the message");
            }
            return new Envelope(from, message);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated node message", e);
        }
    }

    private static RemoteOffers readOffers(Reader r) {
        InfoHash infoHash = new InfoHash(r.id());
        PeerId offerer = new PeerId(r.id());
        long session = r.b.getLong(r.pos);
        r.pos += 8;
        int count = r.b.getUnsignedShort(r.pos);
        r.pos += 2;
        List<Offer> offers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            offers.add(new Offer(r.string(), r.json()));
        }
        return new RemoteOffers(infoHash, offerer, session, offers);
    }

    private static RemoteAnswer readAnswer(Reader r) {
        long session = r.b.getLong(r.pos);
        r.pos += 8;
        InfoHash infoHash = new InfoHash(r.id());
        PeerId answerer = new PeerId(r.id());
        String offerId = r.string();
        return new RemoteAnswer(session, new AnswerMessage(infoHash, answerer, offerId, r.json()));
    }

    private static void appendId(Buffer b, Id20 id) {
        b.appendBytes(id.toBytes());
    }

    /** UTF-16 units as they are: an offer_id is any string, lone surrogates included, echoed exactly. */
    private static void appendString(Buffer b, String s) {
        b.appendUnsignedShort(s.length());
        for (int i = 0; i < s.length(); i++) {
            b.appendUnsignedShort(s.charAt(i));
        }
    }

    private static void appendJson(Buffer b, JsonSlice json) {
        b.appendInt(json.length());
        b.appendBytes(json.bytes(), json.offset(), json.length());
    }

    private static final class Reader {
        final Buffer b;
        int pos;

        Reader(Buffer b) {
            this.b = b;
        }

        byte[] id() {
            byte[] id = b.getBytes(pos, pos + Id20.LENGTH);
            pos += Id20.LENGTH;
            return id;
        }

        String string() {
            int n = b.getUnsignedShort(pos);
            pos += 2;
            char[] chars = new char[n];
            for (int i = 0; i < n; i++, pos += 2) {
                chars[i] = (char) b.getUnsignedShort(pos);
            }
            return new String(chars);
        }

        JsonSlice json() {
            int n = b.getInt(pos);
            pos += 4;
            if (n < 0 || n > b.length() - pos) {
                throw new IndexOutOfBoundsException("json of " + n + " bytes");
            }
            byte[] bytes = b.getBytes(pos, pos + n);
            pos += n;
            return new JsonSlice(bytes, 0, n);
        }
    }
}
