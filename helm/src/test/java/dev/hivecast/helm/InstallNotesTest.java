package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What helm install prints: the URL players announce to. */
class InstallNotesTest {

    private final Chart chart = Chart.source();

    @Test
    void withAnIngressTheNotesGiveTheWssUrl() {
        String notes = chart.installNotes(Chart.INGRESS_HPA_MONITORING);

        assertThat(notes).contains("Players announce to:\n\n  wss://tracker.example.com/\n")
                .contains("announceTrackers: [\"wss://tracker.example.com/\"]")
                .contains("backend hazelcast, 3-12 pod(s)")
                .doesNotContain("refuse ws://");
    }

    @Test
    void publicUrlIsWhatTheNotesGive() {
        assertThat(chart.installNotes(Chart.SINGLE_NODE))
                .contains("  wss://tracker.example.org/\n")
                .contains("backend local, 1 pod(s)");
    }

    @Test
    void withoutIngressNorPublicUrlTheNotesSayHowToReachItAndWhyPlayersNeedWss() {
        String notes = chart.installNotes(Chart.HAZELCAST_3_NODES);

        assertThat(notes).contains("kubectl -n live port-forward svc/demo-hivecast 8000:80")
                .contains("ws://127.0.0.1:8000/")
                .contains("Players on https: pages need wss://");
    }
}
