package dev.hivecast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsReportTest {

    @TempDir
    Path dir;

    @Test
    void ratiosAreOursOverEachReferenceRunOfTheSameScenario() throws Exception {
        List<MeasuredRun> runs = MeasuredRun.findAll(List.of(
                write("a-ours", "a", "ours", 40_000, 25.0, 20_000, 0.8, 2.0),
                write("a-ref", "a", "reference", 20_000, 50.0, 10_000, 1.0, 4.0),
                write("a-pcl", "a", "reference-pcl", 16_000, 62.5, 10_240, 2.0, 8.0)));
        List<ResultsReport.Ratio> ratios = ResultsReport.ratios(runs);

        assertThat(ratios).extracting(ResultsReport.Ratio::base).containsExactlyInAnyOrder("reference", "reference-pcl");
        ResultsReport.Ratio vsReference = ratios.stream().filter(r -> r.base().equals("reference")).findFirst().orElseThrow();
        assertThat(vsReference.run()).isEqualTo("ours");
        assertThat(vsReference.msgsPerCpuSecond()).isCloseTo(2.0, within(1e-9));
        assertThat(vsReference.cpuPerRelayed()).isCloseTo(0.5, within(1e-9));
        assertThat(vsReference.rssPerPeer()).isCloseTo(2.0, within(1e-9));
        assertThat(vsReference.o2aP50()).isCloseTo(0.8, within(1e-9));
        assertThat(vsReference.o2aP99()).isCloseTo(0.5, within(1e-9));
        assertThat(ResultsReport.ratioTable(ratios)).contains("| a | ours / reference | 2.00x | 0.50x | 2.00x | 0.80x | 0.50x |");
    }

    @Test
    void aScenarioWithoutAReferenceComparesWithItsFirstRun() throws Exception {
        List<MeasuredRun> runs = MeasuredRun.findAll(List.of(
                write("e-1", "e", "ours-1-node", 40_000, 25.0, 0, 1, 2),
                write("e-3", "e", "ours-3-nodes", 30_000, 33.0, 0, 1, 2)));
        assertThat(ResultsReport.ratios(runs)).singleElement()
                .satisfies(r -> assertThat(r.run() + "/" + r.base()).isEqualTo("ours-3-nodes/ours-1-node"));
    }

    @Test
    void runsWithNetworksGetATableOfTheShareOfOffersFromTheSameNetwork() throws Exception {
        Path file = dir.resolve("n/measure.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"tool\":\"measure.sh\",\"mode\":\"relay\",\"tracker\":\"ours\",\"scenario\":\"networks-10\","
                + "\"measure\":{\"peers\":600},\"generator\":{\"networks\":{\"count\":10,\"same_network_share\":0.0908,\"same_network\":3431,\"offers_in\":37806,"
                + "\"random_share\":0.0955,\"per_peer_share\":{\"p10\":0.046,\"p50\":0.089,\"p90\":null},"
                + "\"peers_with_offers\":600,\"peers_without_outside_offer\":0}}}");
        write("a-ours", "a", "ours", 40_000, 25.0, 20_000, 0.8, 2.0);
        String table = ResultsReport.networkTable(MeasuredRun.findAll(List.of(dir)));
        assertThat(table).contains("| networks-10 | ours | 10 | 9.1 % | 9.6 % | 4.6 % / 8.9 % / n/a | 0 of 600 |");
        assertThat(table.lines().filter(l -> l.startsWith("| a "))).isEmpty(); // a run without networks has no row
        assertThat(ResultsReport.networkTable(MeasuredRun.findAll(List.of(dir.resolve("a-ours"))))).isEmpty();
    }

    @Test
    void theTableShowsMissingFiguresAsNotAvailable() throws Exception {
        Path file = dir.resolve("x/measure.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"tool\":\"measure.sh\",\"mode\":\"idle\",\"tracker\":\"ours\",\"scenario\":\"b\","
                + "\"measure\":{\"peers\":10000,\"rss_per_peer_b\":\"n/a\"},\"generator\":null}");
        String table = ResultsReport.table(MeasuredRun.findAll(List.of(dir)));
        assertThat(table).contains("| b | ours | 10000 | n/a | n/a |");
        assertThat(table).contains("| n/a | n/a | n/a | n/a | n/a |"); // us/msg, us/relayed, RSS, heap: absent or "n/a"
        assertThat(ResultsReport.ratioTable(List.of(new ResultsReport.Ratio("c", "ours", "reference", 6.3, 0.16, 2.2, 0.0047, 0.0003))))
                .contains("| 6.30x | 0.16x | 2.20x | 0.0047x | 0.00030x |");
    }

    @Test
    void aRunOfSeveralGeneratorsReportsTheirSumNotTheFirstOnesShare() throws Exception {
        Path file = dir.resolve("d3/measure.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"tool\":\"measure-cluster.sh\",\"mode\":\"relay\",\"tracker\":\"ours-3-nodes\","
                + "\"scenario\":\"d3\",\"measure\":{\"generators\":3,\"peers\":55153,\"window_s\":240,"
                + "\"msgs\":1875139,\"failed_to_open\":1847},"
                + "\"generator\":{\"per_second\":{\"msgs_in_out\":2692},\"connections\":{\"failed\":0}}}");
        MeasuredRun run = MeasuredRun.findAll(List.of(dir)).get(0);
        assertThat(run.msgsPerSecond()).isCloseTo(7813.1, within(0.1));
        assertThat(run.connectFailures()).isEqualTo(1847);
    }

    @Test
    void thePlotIsAPngOfTheRequestedSize() throws Exception {
        // Never skipped: a machine without fonts fails here with how to get them (.ci/run installs them).
        assertThat(fontsRender()).as("Java2D finds no font: on Debian, apt-get install fontconfig fonts-dejavu-core")
                .isTrue();
        List<MeasuredRun> runs = MeasuredRun.findAll(List.of(
                write("a-ours", "a", "ours", 40_000, 25.0, 20_000, 0.8, 2.0),
                write("a-ref", "a", "reference", 20_000, 50.0, 10_000, 1.0, 4.0)));
        Path png = dir.resolve("plot/out.png");
        ResultsPlot.write(runs, "test", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isGreaterThan(800);
    }

    @Test
    void gridStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(ResultsPlot.niceStep(7_300)).isEqualTo(10_000);
        assertThat(ResultsPlot.niceStep(1_600)).isEqualTo(2_000);
        assertThat(ResultsPlot.niceStep(3.2)).isEqualTo(5);
    }

    /** Java2D draws text only where the JDK finds fonts; a bare headless JDK may not. */
    private static boolean fontsRender() {
        try {
            BufferedImage probe = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
            return probe.createGraphics().getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12))
                    .stringWidth("x") > 0;
        } catch (Throwable e) { // InternalError, UnsatisfiedLinkError or an NPE from the font manager
            return false;
        }
    }

    private Path write(String folder, String scenario, String tracker, double msgsPerCpuS, double usPerRelayed,
                       double rssPerPeer, double p50, double p99) throws Exception {
        Path file = dir.resolve(folder).resolve("measure.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.format(java.util.Locale.ROOT,
                "{\"tool\":\"measure.sh\",\"mode\":\"relay\",\"tracker\":\"%s\",\"scenario\":\"%s\",\"date\":\"2026-12-03T00:00:00Z\","
                        + "\"measure\":{\"peers\":1000,\"msgs_per_cpu_s\":%s,\"us_per_relayed\":%s,\"rss_per_peer_b\":%s},"
                        + "\"generator\":{\"per_second\":{\"msgs_in_out\":17000},\"latency_ms\":{\"offer_to_answer\":"
                        + "{\"p50\":%s,\"p90\":%s,\"p99\":%s,\"p99_9\":%s,\"max\":%s}}}}",
                tracker, scenario, msgsPerCpuS, usPerRelayed, rssPerPeer, p50, p50 * 1.5, p99, p99 * 2, p99 * 3));
        return file;
    }
}
