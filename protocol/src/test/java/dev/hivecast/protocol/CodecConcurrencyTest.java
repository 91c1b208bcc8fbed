package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.CODEC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One codec serves every event loop. */
class CodecConcurrencyTest {

    @Test
    void oneCodecParsesAndEncodesCorrectlyFromManyThreadsAtOnce() throws Exception {
        List<FrameGenerator.Request> requests = new ArrayList<>();
        FrameGenerator generator = new FrameGenerator(new Random(42));
        for (int i = 0; i < 200; i++) {
            requests.add(generator.anyRequest());
        }
        List<String> expected = new ArrayList<>();
        for (FrameGenerator.Request r : requests) {
            expected.add(summary(CODEC.parse(TestFrames.utf8(r.frame()))));
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<List<String>>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> {
                    List<String> seen = new ArrayList<>();
                    for (int round = 0; round < 20; round++) {
                        for (FrameGenerator.Request r : requests) {
                            seen.add(summary(CODEC.parse(TestFrames.utf8(r.frame()))));
                        }
                    }
                    return seen;
                });
            }
            for (Future<List<String>> f : pool.invokeAll(tasks)) {
                List<String> seen = f.get();
                for (int i = 0; i < seen.size(); i++) {
                    assertThat(seen.get(i)).isEqualTo(expected.get(i % requests.size()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A value-based picture of a message, slices and ids included, that survives leaving the frame. */
    private static String summary(InMessage m) {
        if (m instanceof AnnounceRequest a) {
            StringBuilder sb = new StringBuilder(a.infoHash() + " " + a.peerId() + " " + a.event() + " "
                    + a.complete() + " " + a.numwant());
            a.offers().forEach(o -> sb.append(' ').append(o.offerId()).append('=')
                    .append(TestFrames.text(CODEC.encode(new OfferMessage(a.infoHash(), a.peerId(), o.offerId(), o.offer())))));
            return sb.toString();
        }
        if (m instanceof AnswerRequest a) {
            return TestFrames.text(CODEC.encode(new AnswerMessage(a.infoHash(), a.peerId(), a.offerId(), a.answer())))
                    + " " + a.toPeerId();
        }
        return m.toString();
    }
}
