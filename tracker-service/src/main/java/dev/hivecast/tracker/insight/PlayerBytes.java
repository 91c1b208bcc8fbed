package dev.hivecast.tracker.insight;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's offload counts, touched from any event loop: bytes players report per source and
 * stream label, bytes WebTorrent clients announce, and the beacons accepted and refused. Every
 * series is registered at start-up, whether or not beacons are on, so dashboards read the same
 * series on every node (zeros where nothing is reported).
 */
public final class PlayerBytes {

    /** Where a player got its bytes: the {@code source} label. */
    public enum Source {
        P2P("p2p"), HTTP("http");

        final String label;

        Source(String label) {
            this.label = label;
        }
    }

    /** What a WebTorrent client announced: the {@code direction} label. */
    public enum Direction {
        UPLOADED("uploaded"), DOWNLOADED("downloaded");

        final String label;

        Direction(String label) {
            this.label = label;
        }
    }

    private final StreamLabels streams;
    private final LongAdder[][] reported;
    private final LongAdder[][] announced;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder[] refused = adders(BeaconRefusal.values().length);

    public PlayerBytes(StreamLabels streams) {
        this.streams = streams;
        int n = streams.labels().size();
        reported = new LongAdder[][] {adders(n), adders(n)};
        announced = new LongAdder[][] {adders(n), adders(n)};
    }

    public StreamLabels streams() {
        return streams;
    }

    /** Counts an accepted beacon. */
    public void add(Beacon beacon) {
        int i = streams.indexOf(beacon.stream());
        reported[Source.P2P.ordinal()][i].add(beacon.p2p());
        reported[Source.HTTP.ordinal()][i].add(beacon.http());
        accepted.increment();
    }

    public void refused(BeaconRefusal why) {
        refused[why.ordinal()].increment();
    }

    /** Counts the growth of one peer's announced {@code uploaded} or {@code downloaded}. */
    public void announced(Direction direction, int streamIndex, long bytes) {
        announced[direction.ordinal()][streamIndex].add(bytes);
    }

    long reported(Source source, String streamLabel) {
        return reported[source.ordinal()][streams.labels().indexOf(streamLabel)].sum();
    }

    long announced(Direction direction, String streamLabel) {
        return announced[direction.ordinal()][streams.labels().indexOf(streamLabel)].sum();
    }

    long refusals(BeaconRefusal why) {
        return refused[why.ordinal()].sum();
    }

    public void register(MeterRegistry registry) {
        List<String> labels = streams.labels();
        for (int i = 0; i < labels.size(); i++) {
            for (Source s : Source.values()) {
                FunctionCounter.builder("tracker.player.bytes", reported[s.ordinal()][i], LongAdder::sum)
                        .description("Bytes players reported in beacons, by where they got them (peers or HTTP)"
                                + " and stream (named in insight.streams, else other)")
                        .tag("source", s.label).tag("stream", labels.get(i)).register(registry);
            }
            for (Direction d : Direction.values()) {
                FunctionCounter.builder("tracker.announced.bytes", announced[d.ordinal()][i], LongAdder::sum)
                        .description("Growth of uploaded and downloaded between announces of one peer, as"
                                + " WebTorrent clients report them, by stream (info_hash named in insight.streams,"
                                + " else other)")
                        .tag("direction", d.label).tag("stream", labels.get(i)).register(registry);
            }
        }
        FunctionCounter.builder("tracker.beacons.accepted", accepted, LongAdder::sum)
                .description("Player beacons counted").register(registry);
        for (BeaconRefusal r : BeaconRefusal.values()) {
            FunctionCounter.builder("tracker.beacons.refused", refused[r.ordinal()], LongAdder::sum)
                    .description("Player beacons refused with a 4xx and not counted, by reason")
                    .tag("reason", r.label()).register(registry);
        }
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
