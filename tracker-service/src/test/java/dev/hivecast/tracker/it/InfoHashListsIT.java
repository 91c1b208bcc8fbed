package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.protocol.ScrapeRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md#h57 and #i59: info_hash allow and deny lists read from files, changed on disk while
 * the tracker runs. A refused info_hash gets {@code Info hash not allowed} with action and
 * info_hash and creates no swarm; a hash taken off the allowlist or put on the denylist loses its
 * swarm within the reload bound; players of other swarms on the same connection are untouched.
 */
class InfoHashListsIT extends TrackerTestBase {

    private static final String NOT_ALLOWED = "Info hash not allowed";
    /** access.list-reload-interval is 1 s; a change must show within a few, on a busy machine too. */
    private static final Duration RELOAD_BOUND = Duration.ofSeconds(5);

    private final Path dir = createTempDir();
    private final Path allowlist = dir.resolve("allow.txt");
    private final Path denylist = dir.resolve("deny.txt");
    private final Set<String> allowed = new LinkedHashSet<>();
    private final Set<String> denied = new LinkedHashSet<>();

    @Override
    protected String[] flags() {
        writeLists();
        return new String[] {"--access.info-hash-allowlist", allowlist.toString(),
                "--access.info-hash-denylist", denylist.toString(), "--access.list-reload-interval", "1s"};
    }

    @AfterAll
    void removeFiles() throws IOException {
        Files.deleteIfExists(allowlist);
        Files.deleteIfExists(denylist);
        Files.deleteIfExists(dir);
    }

    @Test
    void H57_anAnnounceForAHashNotOnTheAllowlistIsRefusedAndCreatesNoSwarm() {
        String listed = allowNow();
        String unlisted = Ids.infoHash();
        Peer p = peer();

        JsonObject refusal = p.request(ClientAnnounce.started(unlisted, Ids.peerId()).toString());

        assertThat(refusal).isEqualTo(new JsonObject().put("action", "announce")
                .put("failure reason", NOT_ALLOWED).put("info_hash", unlisted));
        assertThat(tracker.stats().getInteger("swarms")).isZero();
        assertThat(p.announce(ClientAnnounce.started(listed, Ids.peerId()).toString()).getInteger("incomplete"))
                .as("the same connection, another swarm").isEqualTo(1);
        assertThat(tracker.stats().getInteger("swarms")).isEqualTo(1);
    }

    @Test
    void H57_aHashOnTheDenylistIsRefusedEvenWhenAllowed() {
        String both = allowNow();
        denied.add(both);
        writeLists();
        Peer p = peer();

        await("the denylist applies").atMost(RELOAD_BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> NOT_ALLOWED.equals(p.request(ClientAnnounce.started(both, Ids.peerId()).toString()).getString("failure reason")));
        assertThat(tracker.stats().getInteger("swarms")).isZero();
    }

    @Test
    void H57_aScrapeNamingARefusedHashIsRefusedWithActionScrapeAndOthersAreServed() {
        String listed = allowNow();
        String unlisted = Ids.infoHash();
        Peer p = peer();

        JsonObject refusal = p.request(new JsonObject().put("action", "scrape")
                .put("info_hash", new JsonArray().add(listed).add(unlisted)).encode());

        assertThat(refusal).isEqualTo(new JsonObject().put("action", "scrape")
                .put("failure reason", NOT_ALLOWED).put("info_hash", unlisted));
        assertThat(p.scrape(listed).getInteger("incomplete")).isZero();
    }

    @Test
    void H57_answersForARefusedHashAreRefusedAndRepeatedRefusalsDoNotCloseTheConnection() {
        String listed = allowNow();
        String unlisted = Ids.infoHash();
        Peer p = peer();

        // More refusals in a row than connection.max-invalid-messages (20): refusals are not garbage.
        for (int i = 0; i < 25; i++) {
            JsonObject refusal = p.request(AnswerRequest.of(unlisted, Ids.peerId(), Ids.peerId(), Ids.offerId(), Sdp.answer()).toString());
            assertThat(refusal.getString("failure reason")).isEqualTo(NOT_ALLOWED);
        }

        assertThat(p.isClosed()).isFalse();
        assertThat(p.announce(ClientAnnounce.started(listed, Ids.peerId()).toString()).getInteger("incomplete")).isEqualTo(1);
    }

    @Test
    void I59_takingAHashOffTheAllowlistEvictsItsSwarmWithinTheBoundAndLeavesOtherSwarmsAlone() {
        String evicted = allowNow();
        String kept = allowNow();
        String sharedPeer = Ids.peerId();
        Peer a = peer();
        a.announce(ClientAnnounce.started(evicted, sharedPeer).toString());
        a.announce(ClientAnnounce.started(kept, sharedPeer).toString());
        Peer b = member(evicted, Ids.peerId());
        tracker.awaitStats("3 members in 2 swarms", s -> s.getInteger("members") == 3 && s.getInteger("swarms") == 2);
        double evictedBefore = metric("tracker_members_evicted_total");
        double refusedBefore = metric("tracker_failures_total", "reason", "info_hash_not_allowed");
        int connectionsBefore = tracker.stats().getInteger("connections");

        long written = System.nanoTime();
        allowed.remove(evicted);
        writeLists();
        JsonObject stats = tracker.awaitStats("the evicted swarm gone",
                s -> s.getInteger("swarms") == 1 && s.getInteger("members") == 1);
        long goneAfterMillis = (System.nanoTime() - written) / 1_000_000;

        assertThat(goneAfterMillis).isLessThan(RELOAD_BOUND.toMillis());
        assertThat(stats.getInteger("connections")).as("nobody was disconnected").isEqualTo(connectionsBefore);
        assertThat(metric("tracker_members_evicted_total") - evictedBefore).isEqualTo(2);
        assertThat(a.announce(ClientAnnounce.of(kept, sharedPeer).toString()).getInteger("incomplete"))
                .as("the other swarm on the same connection").isEqualTo(1);
        assertThat(b.request(ClientAnnounce.of(evicted, Ids.peerId()).toString()).getString("failure reason"))
                .isEqualTo(NOT_ALLOWED);
        assertThat(metric("tracker_failures_total", "reason", "info_hash_not_allowed") - refusedBefore).isEqualTo(1);
        System.out.printf("InfoHashListsIT: swarm evicted %d ms after the allowlist was written%n", goneAfterMillis);
    }

    @Test
    void I59_puttingAHashOnTheDenylistEvictsItsSwarmAndTakingItOffServesItAgain() {
        String infoHash = allowNow();
        Peer a = member(infoHash, Ids.peerId());
        member(infoHash, Ids.peerId());
        tracker.awaitStats("2 members", s -> s.getInteger("members") == 2);

        denied.add(infoHash);
        writeLists();
        tracker.awaitStats("the denied swarm gone", s -> s.getInteger("swarms") == 0 && s.getInteger("members") == 0);

        denied.remove(infoHash);
        writeLists();
        String peerId = Ids.peerId();
        await("served again").atMost(RELOAD_BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> a.request(ClientAnnounce.started(infoHash, peerId).toString()).getString("failure reason") == null);
        assertThat(tracker.stats().getInteger("members")).isEqualTo(1);
    }

    @Test
    void aListThatNoLongerParsesIsNotAppliedTheLastGoodOneStaysAndTheFailureIsCounted() {
        String listed = allowNow();
        double failuresBefore = metric("tracker_access_list_reload_failures_total", "list", "allowlist");
        Peer a = member(listed, Ids.peerId());

        write(allowlist, String.join("\n", hexLines(allowed)) + "\nthis line is a typo\n");
        await("the failed reload is counted").atMost(RELOAD_BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> metric("tracker_access_list_reload_failures_total", "list", "allowlist") > failuresBefore);

        assertThat(tracker.stats().getInteger("members")).as("nothing evicted").isEqualTo(1);
        assertThat(a.announce(ClientAnnounce.of(listed, Ids.peerId()).toString()).getString("failure reason")).isNull();
        assertThat(metric("tracker_access_list_entries", "list", "allowlist")).isEqualTo(allowed.size());
        writeLists();
    }

    /** A fresh info_hash, put on the allowlist and in force when this returns. */
    private String allowNow() {
        String infoHash = Ids.infoHash();
        allowed.add(infoHash);
        writeLists();
        Peer probe = peer();
        await("the allowlist holds " + infoHash).atMost(RELOAD_BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> probe.request(ScrapeRequest.of(infoHash).toString()).getString("failure reason") == null);
        return infoHash;
    }

    /** The allowlist mixes both spellings: even entries hex, odd ones the 20 characters as they are. */
    private void writeLists() {
        List<String> lines = new ArrayList<>();
        lines.add("# written by InfoHashListsIT");
        int i = 0;
        for (String id : allowed) {
            lines.add(i++ % 2 == 0 ? hex(id) + "  # stream " + i : id);
        }
        write(allowlist, String.join("\n", lines) + "\n");
        write(denylist, String.join("\n", hexLines(denied)) + "\n");
    }

    private static List<String> hexLines(Set<String> ids) {
        return ids.stream().map(InfoHashListsIT::hex).toList();
    }

    private static String hex(String binaryId) {
        return HexFormat.of().formatHex(binaryId.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Replaced whole, the way editors and ConfigMap updates do, so no half-written list is read. */
    private static void write(Path file, String content) {
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".new");
            Files.writeString(temporary, content);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("lists-it");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
