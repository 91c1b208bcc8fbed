package dev.hivecast.protocol;

/**
 * {@code action: "announce"} carrying an {@code answer}: the WebRTC answer of {@code peerId} to the
 * offer {@code offerId} that {@code toPeerId} sent. The protocol calls it an announce, but it gets
 * no announce reply (reference tracker: "Skip sending update back for 'answer' announce messages").
 */
public record AnswerRequest(
        InfoHash infoHash,
        PeerId peerId,
        PeerId toPeerId,
        String offerId,
        JsonSlice answer) implements InMessage {

    /** With the ids as the 20-character binary strings clients hold. */
    public static AnswerRequest of(String infoHash, String peerId, String toPeerId, String offerId, JsonSlice answer) {
        return new AnswerRequest(Id20.infoHash(infoHash), Id20.peerId(peerId), Id20.peerId(toPeerId), offerId, answer);
    }

    /** The frame as a client sends it ({@link ClientCodec}), as text. */
    @Override
    public String toString() {
        return Utf8.text(RequestEncoder.answer(this));
    }
}
