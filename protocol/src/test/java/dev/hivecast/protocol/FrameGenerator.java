package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.binary;
import static dev.hivecast.protocol.TestFrames.js;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

/**
 * Random valid requests, written the many ways a client may legally write them (field order,
 * whitespace, id spellings, extra fields), together with what they must parse to.
 */
final class FrameGenerator {

    /** Characters that stress an encoder: escapes, quote, backslash, DEL, Latin-1, 3-byte, pairs, lone halves. */
    private static final String[] NASTY = {"\r\n", "\"", "\\", "/", "\u007f", "\u0000", "\u001f", "\b", "\t", "\f",
        "\u0080", "\u00e9", "\u00ff", "\u0100", "\u20ac", "\u2028", "\ufffd", "\uffff", "\ud83d\ude00",
        "\ud83c\udff3\ufe0f\u200d\ud83c\udf08", "\ud800", "\udfff", "a=candidate:1 1 udp 2122260223 127.0.0.1 54400 typ host",
        " ", "v=0", "{", "}", "[", "]", ",", ":"};
    private static final String[] EXTRA_VALUES = {"null", "true", "false", "0", "-1", "1.5e300", "1e-300",
        "123456789012345678901234567890", "\"\"", "\"x\"", "[]", "{}", "[null,{\"offers\":1}]",
        "{\"action\":\"scrape\",\"info_hash\":[1]}", "\"\\ud800\"", "[[[[[[]]]]]]"};
    private static final String[] WHITESPACE = {"", "", "", " ", "\n", "\t", "\r\n  "};

    record Request(String frame, InMessage expected, List<String> offerTexts, String answerText) {
        @Override
        public String toString() {
            return frame;
        }
    }

    private final Random random;

    FrameGenerator(Random random) {
        this.random = random;
    }

    Request anyRequest() {
        return switch (random.nextInt(3)) {
            case 0 -> announce();
            case 1 -> answer();
            default -> scrape();
        };
    }

    Request announce() {
        byte[] ih = id();
        byte[] peer = id();
        List<String> members = new ArrayList<>();
        members.add(member("action", "\"announce\""));
        members.add(member("info_hash", spell(ih)));
        members.add(member("peer_id", spell(peer)));
        Event event = Event.UPDATE;
        switch (random.nextInt(10)) {
            case 0 -> { }
            case 1 -> members.add(member("event", pick("null", "\"\"", "\"empty\"", "\"update\"", "\"paused\"")));
            default -> {
                event = Event.values()[random.nextInt(Event.values().length)];
                members.add(member("event", event == Event.UPDATE ? "\"update\"" : js(event.name().toLowerCase())));
            }
        }
        boolean complete = random.nextBoolean();
        members.add(member("left", complete ? pick("0", "0.0", "-0", "0e10") : pick("1000", "null", "\"0\"", "0.5", "1e300")));
        int numwant = random.nextInt(4) == 0 ? AnnounceRequest.NUMWANT_ABSENT : random.nextInt(100);
        if (numwant >= 0) {
            members.add(member("numwant", random.nextBoolean() ? Integer.toString(numwant) : numwant + ".0"));
        }
        List<Offer> offers = new ArrayList<>();
        List<String> offerTexts = new ArrayList<>();
        int count = random.nextInt(5) == 0 ? random.nextInt(30) : random.nextInt(6);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String offer = sdpObject("offer");
            String offerId = text(1, 64);
            items.add(object(shuffled(List.of(member("offer", offer), member("offer_id", js(offerId)),
                    member("x" + i, pick(EXTRA_VALUES))))));
            if (i < CodecLimits.DEFAULT_MAX_OFFERS) {
                offers.add(new Offer(offerId, JsonSlice.of(offer)));
                offerTexts.add(offer);
            }
        }
        if (count > 0 || random.nextBoolean()) {
            members.add(member("offers", "[" + ws() + String.join("," + ws(), items) + ws() + "]"));
        } else if (random.nextBoolean()) {
            members.add(member("offers", "null"));
        }
        addExtras(members);
        InMessage expected = new AnnounceRequest(new InfoHash(ih), new PeerId(peer), event, complete, numwant, offers);
        return new Request(object(shuffled(members)), expected, offerTexts, null);
    }

    Request answer() {
        byte[] ih = id();
        byte[] peer = id();
        byte[] to = id();
        String offerId = text(1, 64);
        String answer = sdpObject("answer");
        List<String> members = new ArrayList<>(List.of(member("action", "\"announce\""), member("info_hash", spell(ih)),
                member("peer_id", spell(peer)), member("to_peer_id", spell(to)), member("answer", answer),
                member("offer_id", js(offerId))));
        if (random.nextBoolean()) {
            members.add(member("offers", pick(EXTRA_VALUES))); // ignored in an answer
            members.add(member("event", pick(EXTRA_VALUES)));
        }
        addExtras(members);
        InMessage expected = new AnswerRequest(new InfoHash(ih), new PeerId(peer), new PeerId(to), offerId,
                JsonSlice.of(answer));
        return new Request(object(shuffled(members)), expected, List.of(), answer);
    }

    Request scrape() {
        List<String> members = new ArrayList<>(List.of(member("action", "\"scrape\"")));
        InMessage expected;
        int shape = random.nextInt(4);
        if (shape == 0) {
            if (random.nextBoolean()) {
                members.add(member("info_hash", "null"));
            }
            expected = new ScrapeRequest(List.of(), true);
        } else if (shape == 1) {
            byte[] ih = id();
            members.add(member("info_hash", spell(ih)));
            expected = new ScrapeRequest(List.of(new InfoHash(ih)), false);
        } else {
            List<byte[]> ids = new ArrayList<>();
            int count = random.nextInt(12);
            for (int i = 0; i < count; i++) {
                ids.add(!ids.isEmpty() && random.nextInt(3) == 0 ? ids.get(random.nextInt(ids.size())) : id());
            }
            LinkedHashSet<InfoHash> distinct = new LinkedHashSet<>();
            List<String> spelled = new ArrayList<>();
            for (byte[] id : ids) {
                distinct.add(new InfoHash(id));
                spelled.add(spell(id));
            }
            members.add(member("info_hash", "[" + ws() + String.join("," + ws(), spelled) + ws() + "]"));
            expected = new ScrapeRequest(List.copyOf(distinct), false);
        }
        addExtras(members);
        return new Request(object(shuffled(members)), expected, List.of(), null);
    }

    byte[] id() {
        byte[] b = new byte[Id20.LENGTH];
        random.nextBytes(b);
        if (random.nextInt(4) == 0) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (' ' + random.nextInt(95)); // ASCII, as p2p-media-loader's ids
            }
        }
        return b;
    }

    /** An id as JSON.stringify writes it, all escaped, or each character either way. */
    String spell(byte[] id) {
        int style = random.nextInt(3);
        if (style == 0) {
            return js(binary(id));
        }
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : id) {
            int c = b & 0xFF;
            boolean mustEscape = c < 0x20 || c == '"' || c == '\\';
            if (style == 1 || mustEscape || random.nextBoolean()) {
                sb.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append('"').toString();
    }

    /** {"type":…,"sdp":…} with optional extra members, in any order, with any legal spelling. */
    private String sdpObject(String type) {
        List<String> members = new ArrayList<>(List.of(member("type", js(type)), member("sdp", sdpString())));
        if (random.nextInt(3) == 0) {
            members.add(member("extra", pick(EXTRA_VALUES)));
        }
        return object(shuffled(members));
    }

    private String sdpString() {
        String sdp = text(0, 40);
        if (random.nextInt(3) > 0) {
            return js(sdp);
        }
        // A legal spelling JSON.stringify would not produce: must still be relayed untouched.
        StringBuilder sb = new StringBuilder("\"");
        for (char c : sdp.toCharArray()) {
            if (c == '/') {
                sb.append("\\/");
            } else if (c >= 0x80 || c < 0x20 || c == '"' || c == '\\') {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    String text(int minPieces, int maxChars) {
        StringBuilder sb = new StringBuilder();
        int pieces = minPieces + random.nextInt(8);
        for (int i = 0; i < pieces; i++) {
            String piece = random.nextBoolean() ? pick(NASTY) : Character.toString('a' + random.nextInt(26));
            if (sb.length() + piece.length() > maxChars) {
                break;
            }
            sb.append(piece);
        }
        if (sb.length() < minPieces) {
            sb.append('x');
        }
        return sb.toString();
    }

    private void addExtras(List<String> members) {
        String[] names = {"uploaded", "downloaded", "trackerid", "key", "ip", "port", "compact", "\u00e9t\u00e9", "",
            "padding", "Action", "INFO_HASH"};
        int extras = random.nextInt(4);
        for (int i = 0; i < extras; i++) {
            members.add(member(names[random.nextInt(names.length)] + i, pick(EXTRA_VALUES)));
        }
    }

    private String member(String name, String value) {
        return js(name) + ws() + ":" + ws() + value;
    }

    private String object(List<String> members) {
        return "{" + ws() + String.join(ws() + "," + ws(), members) + ws() + "}";
    }

    private List<String> shuffled(List<String> members) {
        List<String> copy = new ArrayList<>(members);
        Collections.shuffle(copy, random);
        return copy;
    }

    private String ws() {
        return pick(WHITESPACE);
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }
}
