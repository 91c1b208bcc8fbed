package dev.hivecast.tracker.insight;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import java.util.Arrays;

/**
 * The {@code uploaded} and {@code downloaded} that webtorrent clients announce (running totals
 * since the torrent started) turned into growth per peer: each handled announce adds what grew
 * since the same peer's previous announce of the same swarm on the same connection. A first
 * sight on a connection is only a starting point unless it is the {@code started} announce (a
 * client that reconnects mid-download must not count its whole session again); a total that
 * shrank is a new starting point; growth above insight.max-bytes-per-report is not counted. So a
 * client that lies moves the figures by at most that much per announce, which the announce rate
 * limits bound. Clients that send 0 (P2P Media Loader) add nothing.
 *
 * <p>One per loop, used on its thread; the state is a {@link Totals} per connection.
 */
public final class AnnouncedBytes {

    private final PlayerBytes bytes;
    private final long maxPerReport;
    private final int maxSwarms;

    /** @param maxSwarms swarms followed per connection (limits.max-swarms-per-connection; 0 = no bound) */
    public AnnouncedBytes(PlayerBytes bytes, long maxPerReport, int maxSwarms) {
        this.bytes = bytes;
        this.maxPerReport = maxPerReport;
        this.maxSwarms = maxSwarms;
    }

    /** One connection's last totals per swarm, oldest first; about 160 bytes for one swarm. */
    public static final class Totals {
        private InfoHash[] swarms = new InfoHash[1];
        private PeerId[] peers = new PeerId[1];
        private int[] streams = new int[1];
        private long[] uploaded = new long[1];
        private long[] downloaded = new long[1];
        private int size;

        private int indexOf(InfoHash swarm) {
            for (int i = 0; i < size; i++) {
                if (swarms[i].equals(swarm)) {
                    return i;
                }
            }
            return -1;
        }

        private int add(int maxSwarms) {
            if (maxSwarms > 0 && size >= maxSwarms) {
                remove(0); // the oldest: its member has most likely expired without a stopped
            }
            if (size == swarms.length) {
                int n = size * 2;
                swarms = Arrays.copyOf(swarms, n);
                peers = Arrays.copyOf(peers, n);
                streams = Arrays.copyOf(streams, n);
                uploaded = Arrays.copyOf(uploaded, n);
                downloaded = Arrays.copyOf(downloaded, n);
            }
            return size++;
        }

        private void remove(int i) {
            int tail = size - i - 1;
            System.arraycopy(swarms, i + 1, swarms, i, tail);
            System.arraycopy(peers, i + 1, peers, i, tail);
            System.arraycopy(streams, i + 1, streams, i, tail);
            System.arraycopy(uploaded, i + 1, uploaded, i, tail);
            System.arraycopy(downloaded, i + 1, downloaded, i, tail);
            swarms[--size] = null;
            peers[size] = null;
        }

        int size() {
            return size;
        }
    }

    /**
     * Counts what {@code announce}, handled for a connection, adds.
     *
     * @param totals the connection's totals so far, or null
     * @return the connection's totals from now on (null while it never reported a number)
     */
    public Totals observe(Totals totals, AnnounceRequest announce) {
        long up = announce.uploaded();
        long down = announce.downloaded();
        if (up == AnnounceRequest.NOT_REPORTED && down == AnnounceRequest.NOT_REPORTED) {
            return totals;
        }
        Totals t = totals == null ? new Totals() : totals;
        int i = t.indexOf(announce.infoHash());
        if (i < 0 || !t.peers[i].equals(announce.peerId())) {
            boolean fromZero = announce.event() == Event.STARTED;
            if (i < 0) {
                i = t.add(maxSwarms);
                t.swarms[i] = announce.infoHash();
                t.streams[i] = bytes.streams().indexOf(announce.infoHash().toHex());
            }
            t.peers[i] = announce.peerId();
            t.uploaded[i] = fromZero ? 0 : Math.max(0, up);
            t.downloaded[i] = fromZero ? 0 : Math.max(0, down);
        }
        t.uploaded[i] = grow(PlayerBytes.Direction.UPLOADED, t.streams[i], t.uploaded[i], up);
        t.downloaded[i] = grow(PlayerBytes.Direction.DOWNLOADED, t.streams[i], t.downloaded[i], down);
        if (announce.event() == Event.STOPPED) {
            t.remove(i);
        }
        return t;
    }

    /** Counts the growth from {@code last} to {@code now} when plausible; the new last total. */
    private long grow(PlayerBytes.Direction direction, int stream, long last, long now) {
        if (now == AnnounceRequest.NOT_REPORTED) {
            return last;
        }
        long growth = now - last;
        if (growth > 0 && growth <= maxPerReport) {
            bytes.announced(direction, stream, growth);
        }
        return now;
    }
}
