package dev.hivecast.tracker.pages;

import dev.hivecast.tracker.config.AccessConfig;
import dev.hivecast.tracker.config.TrackerConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the pages are told about this tracker, rendered into each of them as JSON.
 *
 * @param announceUrl the configured {@code public-url}, or empty: the page then derives
 *                    {@code ws(s)://<its own host>/} from its address, which is right behind
 *                    an Ingress as well, where host and port seen here are not the players'
 * @param iceServers  the STUN/TURN URLs pages.ice-servers names
 * @param signedUrls  whether an upgrade needs {@code ?token=} (the self-test then asks for one)
 */
public record PageSettings(String announceUrl, List<String> iceServers, boolean signedUrls, String version) {

    public static PageSettings of(TrackerConfig config, String version) {
        return new PageSettings(config.publicUrl(), AccessConfig.commaList(config.pages().iceServers()),
                config.access().signedUrls(), version);
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("announceUrl", announceUrl)
                .put("iceServers", new JsonArray(List.copyOf(iceServers)))
                .put("signedUrls", signedUrls)
                .put("version", version);
    }
}
