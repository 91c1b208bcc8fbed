package dev.hivecast.tracker.config;

/**
 * The {@code pages} section: the browser pages on the public port, {@code /} (landing page),
 * {@code /check} (self-test) and {@code /demo} (demo player). See docs/pages.md.
 */
public record PagesConfig(
        @Setting(value = "true", doc = "Serve the landing page (/), the self-test (/check), the demo player"
                + " (/demo) and their files (/pages/...) on the public port; false = all of them get HTTP 404.")
        boolean enabled,
        // /stats may have been moved to the admin port to keep these figures private; this keeps
        // the landing page from publishing them again.
        @Setting(value = "true", doc = "Show the node's live figures (connections, swarms, messages per"
                + " second, cluster nodes) on the landing page and at /pages/live.json; false = neither"
                + " shows any.")
        boolean liveFigures,
        // The defaults are P2P Media Loader 2.x's own, so the self-test gathers what players gather.
        @Setting(value = "stun:stun.l.google.com:19302,stun:global.stun.twilio.com:3478", doc = "Comma-separated"
                + " STUN URLs the self-test and the demo player give WebRTC, and the snippets show;"
                + " set them to what your players use; empty = none (viewers then only reach peers on their"
                + " own network).")
        String iceServers) {

    public static PagesConfig defaults() {
        return ConfigBinder.defaults(PagesConfig.class);
    }
}
