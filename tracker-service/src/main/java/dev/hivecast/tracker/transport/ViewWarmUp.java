package dev.hivecast.tracker.transport;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.InMessage;
import dev.hivecast.protocol.ScrapeRequest;
import dev.hivecast.tracker.nodes.ClusterView;
import dev.hivecast.tracker.swarm.OfferRouting;
import dev.hivecast.tracker.swarm.SliceDirectory;
import io.vertx.core.Future;
import java.util.List;

/**
 * In a cluster, an announce or scrape may need a fresh view of the other nodes' shares first (see
 * {@link ClusterView}): the counts in the reply come from it, and so do the offers' destinations
 * when they may leave this node. A lone node never waits.
 */
final class ViewWarmUp {

    private final ClusterView view;
    private final SliceDirectory directory;
    private final OfferRouting routing;
    private final SignalingLoop loop;

    /** @param view null on a lone node */
    ViewWarmUp(ClusterView view, SliceDirectory directory, OfferRouting routing, SignalingLoop loop) {
        this.view = view;
        this.directory = directory;
        this.routing = routing;
        this.loop = loop;
    }

    /** Null when the message may go on now (nearly always), else what it must wait for. */
    Future<Void> waitFor(InMessage message) {
        if (view == null) {
            return null;
        }
        if (message instanceof AnnounceRequest announce) {
            return offersMayLeaveThisNode(announce) ? view.warmForRouting(announce.infoHash())
                    : view.warm(List.of(announce.infoHash()));
        }
        return view.warm(((ScrapeRequest) message).infoHashes());
    }

    /** {@code wait}, or the view at hand once a reply has waited as long as it may. */
    Future<Void> bounded(Future<Void> wait) {
        return loop.boundedWait(wait, view.longestWait(), view::waitTimedOut);
    }

    /**
     * Whether the offers' destinations depend on the other nodes' counts, so they are wanted
     * fresh: by the same rule the swarm routes with, counting every member of the swarm on this
     * node but the announcer (who may be one of them) as able to take an offer.
     */
    private boolean offersMayLeaveThisNode(AnnounceRequest announce) {
        int wanted = OfferRouting.offersToRelay(announce);
        return wanted > 0 && !routing.keepsAll(directory.memberCount(announce.infoHash()) - 1, wanted);
    }
}
