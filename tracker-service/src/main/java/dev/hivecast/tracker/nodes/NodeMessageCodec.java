package dev.hivecast.tracker.nodes;

import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.Id20;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.JsonSlice;
import dev.hivecast.protocol.Offer;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.locality.GroupKey;
import dev.hivecast.tracker.locality.Locality;
import dev.hivecast.tracker.locality.LocalityLevel;
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
 * <p>Version 3 is version 2 that may hold one message and offers with the offerer's locality
 * (type 3), for members near it on the receiving node. It goes only to nodes that publish a
 * locality summary of the swarm, which proves they read it (docs/upgrades.md).
 *
 * <pre>
 * version 1: version:u8=1  type:u8  origin-node:str  body
 * version 2: version:u8=2  origin-node:str  count:u16  { type:u8 body }*count
 * version 3: version:u8=3  origin-node:str  count:u16  { type:u8 body }*count   (count from 1; types 1, 2, 3)
 * (str = length:u16 then that many UTF-16 units)
 * body of type 1 (offers): info_hash:20 offerer:20 origin-connection:i64 count:u16 { offer_id:str offer:bytes32 }*
 * body of type 2 (answer): target-connection:i64 info_hash:20 answerer:20 offer_id:str answer:bytes32
 * body of type 3 (near offers): body of type 1  near:u16  levels:u8  { group:i64 }*
 *   (levels: bit i set = a group at LocalityLevel i follows, closest first; bit 7 = a closed site)
 * </pre>
 */
public final class NodeMessageCodec {

    static final byte VERSION = 1;
    static final byte BATCH_VERSION = 2;
    static final byte NEAR_VERSION = 3;
    /** Messages per payload at most: the count is a u16. */
    public static final int MAX_MESSAGES = 0xFFFF;
    private static final byte OFFERS = 1;
    private static final byte ANSWER = 2;
    private static final byte NEAR_OFFERS = 3;
    private static final int CLOSED = 0x80;

    private NodeMessageCodec() {
    }

    /** The decoded messages of a payload, in the order they were sent, and the node that sent them. */
    public record Envelope(String fromNode, List<NodeMessage> messages) {
    }

    public static Buffer encode(String fromNode, NodeMessage message) {
        if (type(message) == NEAR_OFFERS) {
            return encode(fromNode, List.of(message));
        }
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
        boolean near = messages.stream().anyMatch(m -> type(m) == NEAR_OFFERS);
        if (messages.size() == 1 && !near) {
            return encode(fromNode, messages.get(0));
        }
        Buffer b = Buffer.buffer(256 * messages.size());
        b.appendByte(near ? NEAR_VERSION : BATCH_VERSION);
        appendString(b, fromNode);
        b.appendUnsignedShort(messages.size());
        for (NodeMessage message : messages) {
            b.appendByte(type(message));
            appendBody(b, message);
        }
        return b;
    }

    private static byte type(NodeMessage message) {
        if (message instanceof RemoteOffers o) {
            return o.locality() == null ? OFFERS : NEAR_OFFERS;
        }
        return ANSWER;
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
            if (o.locality() != null) {
                appendLocality(b, o.near(), o.locality());
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
                case BATCH_VERSION -> readBatch(r, 2, false);
                case NEAR_VERSION -> readBatch(r, 1, true);
                default -> throw new IllegalArgumentException("node message version " + version
                        + ", this node speaks " + VERSION + " to " + NEAR_VERSION);
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
        return new Envelope(from, List.of(readBody(type, r, false)));
    }

    private static Envelope readBatch(Reader r, int least, boolean near) {
        String from = r.string();
        int count = r.b.getUnsignedShort(r.pos);
        r.pos += 2;
        if (count < least) {
            throw new IllegalArgumentException("a batch of " + count + " node messages");
        }
        List<NodeMessage> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(readBody(r.b.getByte(r.pos++), r, near));
        }
        return new Envelope(from, messages);
    }

    private static NodeMessage readBody(byte type, Reader r, boolean near) {
        return switch (type) {
            case OFFERS -> readOffers(r);
            case ANSWER -> readAnswer(r);
            case NEAR_OFFERS -> {
                if (!near) {
                    throw new IllegalArgumentException("near offers outside a version " + NEAR_VERSION + " payload");
                }
                yield readNear(readOffers(r), r);
            }
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

    private static RemoteOffers readNear(RemoteOffers o, Reader r) {
        int near = r.b.getUnsignedShort(r.pos);
        int levels = r.b.getUnsignedByte(r.pos + 2);
        r.pos += 3;
        if (near > o.offers().size() || (levels & ~CLOSED) >= 1 << LocalityLevel.SHARED) {
            throw new IllegalArgumentException("near offers: " + near + " of " + o.offers().size()
                    + ", levels " + Integer.toBinaryString(levels));
        }
        GroupKey[] keys = new GroupKey[LocalityLevel.SHARED];
        for (int level = 0; level < LocalityLevel.SHARED; level++) {
            if ((levels & 1 << level) != 0) {
                keys[level] = new GroupKey(level, r.b.getLong(r.pos));
                r.pos += 8;
            }
        }
        Locality locality = Locality.of(keys[0], keys[1], keys[2], keys[3], (levels & CLOSED) != 0);
        return new RemoteOffers(o.infoHash(), o.offerer(), o.originConnection(), o.offers(), locality, near);
    }

    private static void appendLocality(Buffer b, int near, Locality locality) {
        b.appendUnsignedShort(near);
        int levels = locality.closed() ? CLOSED : 0;
        for (int level = 0; level < LocalityLevel.SHARED; level++) {
            levels |= locality.key(level) == null ? 0 : 1 << level;
        }
        b.appendUnsignedByte((short) levels);
        for (int level = 0; level < LocalityLevel.SHARED; level++) {
            if (locality.key(level) != null) {
                b.appendLong(locality.key(level).value());
            }
        }
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
