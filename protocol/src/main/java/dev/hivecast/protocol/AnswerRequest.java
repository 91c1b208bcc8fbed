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
}
