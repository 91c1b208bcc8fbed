package dev.hivecast.tracker.it.cluster;

import dev.hivecast.tracker.it.Ids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Steady traffic in one swarm, as players keep it up: every {@link #PERIOD} each offerer announces
 * with one fresh offer per other offerer (numwant as many), and the peers answer what they are
 * sent. Each round waits for all its announce replies; replies and offers are kept with their
 * times for the assertions.
 */
final class OfferRounds {

    static final Duration PERIOD = Duration.ofMillis(200);

    /** One announce reply: who announced, in which round, when it was sent and answered, the count it gave. */
    record Reply(SwarmPeer peer, int round, long sentAtNanos, long atNanos, int members) {
    }

    /** One offer sent, in which round. */
    record Sent(String offerId, SwarmPeer offerer, int round) {
    }

    private final List<SwarmPeer> offerers;
    private final List<Reply> replies = new ArrayList<>();
    private final Map<String, Sent> sent = new LinkedHashMap<>();
    private final List<Long> roundStarts = new ArrayList<>();
    private long nextAt = System.nanoTime();

    OfferRounds(List<SwarmPeer> offerers) {
        this.offerers = List.copyOf(offerers);
    }

    /** One round; {@code meanwhile} runs right after its announces were sent, before the replies are awaited. */
    void round(Runnable meanwhile) {
        SwarmClients.parkUntil(nextAt);
        int round = roundStarts.size();
        long start = System.nanoTime();
        roundStarts.add(start);
        nextAt = start + PERIOD.toNanos();
        List<CompletableFuture<SwarmPeer.Reply>> pending = new ArrayList<>();
        for (SwarmPeer offerer : offerers) {
            List<String> offerIds = new ArrayList<>();
            for (int i = 0; i < offerers.size() - 1; i++) {
                String id = Ids.offerId();
                offerIds.add(id);
                sent.put(id, new Sent(id, offerer, round));
            }
            pending.add(offerer.announceOffers(offerIds));
        }
        if (meanwhile != null) {
            meanwhile.run();
        }
        for (int i = 0; i < offerers.size(); i++) {
            SwarmPeer.Reply r = SwarmClients.await(pending.get(i), "reply to " + offerers.get(i) + ", round " + round);
            replies.add(new Reply(offerers.get(i), round, start, r.atNanos(), r.members()));
        }
    }

    /** Rounds until {@code done} holds after one; fails after {@code maxRounds}. */
    void until(BooleanSupplier done, int maxRounds, String what) {
        for (int i = 0; i < maxRounds; i++) {
            round(null);
            if (done.getAsBoolean()) {
                return;
            }
        }
        throw new AssertionError(what + " did not happen within " + maxRounds + " rounds");
    }

    /** Rounds started after {@code nanos}. */
    long roundsStartedAfter(long nanos) {
        return roundStarts.stream().filter(t -> t - nanos > 0).count();
    }

    List<Reply> replies() {
        return List.copyOf(replies);
    }

    int rounds() {
        return roundStarts.size();
    }

    /** When the first reply on {@code node} after {@code afterNanos} counted {@code members}; -1 if none did. */
    long firstReplyCounting(int node, int members, long afterNanos) {
        return replies.stream()
                .filter(r -> r.peer().node() == node && r.atNanos() - afterNanos > 0 && r.members() == members)
                .mapToLong(Reply::atNanos).min().orElse(-1);
    }

    /**
     * When every node but {@code except} had counted {@code members} in a reply after
     * {@code afterNanos}: the latest of their first such replies. -1 while one has not.
     */
    long whenAllButOneCounted(int except, int members, long afterNanos) {
        long last = afterNanos;
        for (int node = 0; node < TrackerCluster.SIZE; node++) {
            if (node != except) {
                long first = firstReplyCounting(node, members, afterNanos);
                if (first == -1) {
                    return -1;
                }
                last = Math.max(last, first);
            }
        }
        return last;
    }

    /** Offers of the rounds started after {@code nanos}. */
    List<Sent> sentInRoundsAfter(long nanos) {
        return sent.values().stream().filter(s -> roundStarts.get(s.round()) - nanos > 0).toList();
    }

    /**
     * Waits, at most {@code wait}, until each offer has been answered back to its offerer. Returns
     * either way: the tests say what is missing.
     */
    static void awaitAnswers(Collection<Sent> offers, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() - deadline < 0 && !offers.stream().allMatch(OfferRounds::answered)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    static boolean answered(Sent s) {
        return s.offerer().answers().stream().anyMatch(a -> a.offerId().equals(s.offerId()));
    }
}
