package dev.hivecast.tracker.nodes;

import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.Id20;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.JsonSlice;
import dev.hivecast.protocol.Offer;
import dev.hivecast.protocol.PeerId;
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
 * <p>A payload carries one message (version 1) or several for the same node (version 2: what an
 * event loop sent that node in one turn, see {@link NodeSendBatches}). One message is always
 * written as version 1, so a node that reads only version 1 still gets every relay that travels
 * alone, which is most of them below saturation.
 *
 * <pre>
 * version 1: version:u8=1  type:u8  origin-node:str  body
 * version 2: version:u8=2  origin-node:str  count:u16  { type:u8 body }*count
 * (str = length:u16 then that many UTF-16 units)
 * body of type 1 (offers): info_hash:20 offerer:20 origin-connection:i64 count:u16 { offer_id:str offer:bytes32 }*
 * body of type 2 (answer): target-connection:i64 info_hash:20 answerer:20 offer_id:str answer:bytes32
 * </pre>
 */
public final class NodeMessageCodec {

    static final byte VERSION = 1;
    static final byte BATCH_VERSION = 2;
    /** Messages per payload at most: the count is a u16. */
    public static final int MAX_MESSAGES = 0xFFFF;
    private static final byte OFFERS = 1;
    private static final byte ANSWER = 2;

    private NodeMessageCodec() {
    }

    /** The decoded messages of a payload, in the order they were sent, and the node that sent them. */
    public record Envelope(String fromNode, List<NodeMessage> messages) {
    }

    public static Buffer encode(String fromNode, NodeMessage message) {
        Buffer b = Buffer.buffer(256);
        b.appendByte(VERSION);
        b.appendByte(type(message));
        appendString(b, fromNode);
        appendBody(b, message);
        return b;
    }

    /** One payload for all of {@code messages} (1 to {@link #MAX_MESSAGES}), in their order. */
    public static Buffer encode(String fromNode, List<? extends NodeMessage> messages) {
        if (messages.isEmpty() || messages.size() > MAX_MESSAGES) {
            throw new IllegalArgumentException(messages.size() + " messages in one payload");
        }
        if (messages.size() == 1) {
            return encode(fromNode, messages.get(0));
        }
        Buffer b = Buffer.buffer(256 * messages.size());
        b.appendByte(BATCH_VERSION);
        appendString(b, fromNode);
        b.appendUnsignedShort(messages.size());
        for (NodeMessage message : messages) {
            b.appendByte(type(message));
            appendBody(b, message);
        }
        return b;
    }

    private static byte type(NodeMessage message) {
        return message instanceof RemoteOffers ? OFFERS : ANSWER;
    }

    private static void appendBody(Buffer b, NodeMessage message) {
        if (message instanceof RemoteOffers o) {
            appendId(b, o.infoHash());
            appendId(b, o.offerer());
            b.appendLong(o.originConnection());
            b.appendUnsignedShort(o.offers().size());
            for (Offer offer : o.offers()) {
                appendString(b, offer.offerId());
                appendJson(b, offer.offer());
            }
        } else if (message instanceof RemoteAnswer a) {
            b.appendLong(a.targetConnection());
            appendId(b, a.answer().infoHash());
            appendId(b, a.answer().peerId());
            appendString(b, a.answer().offerId());
            appendJson(b, a.answer().answer());
        }
    }

    /** @throws IllegalArgumentException for bytes that are not a message of this version */
    public static Envelope decode(Buffer b) {
        try {
            Reader r = new Reader(b);
            byte version = r.b.getByte(r.pos++);
            Envelope envelope = switch (version) {
                case VERSION -> readOne(r);
                case BATCH_VERSION -> readBatch(r);
                default -> throw new IllegalArgumentException("node message version " + version
                        + ", this node speaks " + VERSION + " and " + BATCH_VERSION);
            };
            if (r.pos != b.length()) {
                throw new IllegalArgumentException((b.length() - r.pos) + " bytes after the message");
            }
            return envelope;
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated node message", e);
        }
    }

    private static Envelope readOne(Reader r) {
        byte type = r.b.getByte(r.pos++);
        String from = r.string();
        return new Envelope(from, List.of(readBody(type, r)));
    }

    private static Envelope readBatch(Reader r) {
        String from = r.string();
        int count = r.b.getUnsignedShort(r.pos);
        r.pos += 2;
        if (count < 2) {
            throw new IllegalArgumentException("a batch of " + count + " node messages");
        }
        List<NodeMessage> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(readBody(r.b.getByte(r.pos++), r));
        }
        return new Envelope(from, messages);
    }

    private static NodeMessage readBody(byte type, Reader r) {
        return switch (type) {
            case OFFERS -> readOffers(r);
            case ANSWER -> readAnswer(r);
            default -> throw new IllegalArgumentException("unknown node message type " + type);
        };
    }

    private static RemoteOffers readOffers(Reader r) {
        InfoHash infoHash = new InfoHash(r.id());
        PeerId offerer = new PeerId(r.id());
        long connection = r.b.getLong(r.pos);
        r.pos += 8;
        int count = r.b.getUnsignedShort(r.pos);
        r.pos += 2;
        List<Offer> offers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            offers.add(new Offer(r.string(), r.json()));
        }
        return new RemoteOffers(infoHash, offerer, connection, offers);
    }

    private static RemoteAnswer readAnswer(Reader r) {
        long connection = r.b.getLong(r.pos);
        r.pos += 8;
        InfoHash infoHash = new InfoHash(r.id());
        PeerId answerer = new PeerId(r.id());
        String offerId = r.string();
        return new RemoteAnswer(connection, new AnswerMessage(infoHash, answerer, offerId, r.json()));
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
