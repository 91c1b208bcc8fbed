package dev.hivecast.loadtest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The results plot, drawn with the JDK's own Java2D (headless), so it needs nothing beyond the
 * load-test jar: on top, offer-to-answer latency percentiles (p50, p90, p99, p99.9; log scale)
 * for each relay run; below, messages in+out per tracker CPU-second. One group per run, labelled
 * with its scenario and tracker, in the order of {@link MeasuredRun#findAll}.
 */
final class ResultsPlot {

    private static final String[] PERCENTILES = {"p50", "p90", "p99", "p99_9"};
    private static final String[] PERCENTILE_NAMES = {"p50", "p90", "p99", "p99.9"};
    private static final Color[] PERCENTILE_COLORS = {
        new Color(0x9ecae1), new Color(0x4292c6), new Color(0x08519c), new Color(0x08306b)};
    private static final Color[] TRACKER_COLORS = {
        new Color(0x2ca02c), new Color(0xd62728), new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b),
        new Color(0x17becf), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x1f77b4)};
    private static final int WIDTH = 1200, PANEL = 380, TOP = 50, LEFT = 90, RIGHT = 30, LABELS = 70;

    private ResultsPlot() {
    }

    static void write(List<MeasuredRun> all, String title, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<MeasuredRun> runs = all.stream().filter(r -> r.mode().equals("relay")).toList(); // idle runs relay nothing
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no relay run to plot");
        }
        int height = TOP + 2 * (PANEL + LABELS) + 40;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(title, LEFT, 30);
            latencyPanel(g, runs, TOP + 20);
            throughputPanel(g, runs, TOP + 20 + PANEL + LABELS + 20);
        } finally {
            g.dispose();
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static void latencyPanel(Graphics2D g, List<MeasuredRun> runs, int y0) {
        double max = 1, min = 1;
        for (MeasuredRun r : runs) {
            for (String p : PERCENTILES) {
                double v = r.latency("offer_to_answer", p);
                if (Double.isFinite(v) && v > 0) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        double lo = Math.pow(10, Math.floor(Math.log10(min))), hi = Math.pow(10, Math.ceil(Math.log10(max)));
        if (min / lo < 3) { // else the smallest bar is a sliver
            lo /= 10;
        }
        int plotH = PANEL - 40;
        heading(g, "offer -> answer back at the offerer, ms (log scale)", y0);
        int yBase = y0 + 20 + plotH;
        for (double d = lo; d <= hi * 1.0001; d *= 10) { // one gridline per decade
            int y = yBase - (int) Math.round(plotH * Math.log10(d / lo) / Math.log10(hi / lo));
            grid(g, y, d < 1 ? String.format(Locale.ROOT, "%.1f", d) : String.format(Locale.ROOT, "%,.0f", d));
        }
        double groupW = (WIDTH - LEFT - RIGHT) / (double) runs.size();
        double barW = Math.min(40, groupW * 0.8 / PERCENTILES.length);
        for (int i = 0; i < runs.size(); i++) {
            MeasuredRun r = runs.get(i);
            double x = LEFT + i * groupW + (groupW - barW * PERCENTILES.length) / 2;
            for (int p = 0; p < PERCENTILES.length; p++) {
                double v = r.latency("offer_to_answer", PERCENTILES[p]);
                if (!Double.isFinite(v) || v <= 0) {
                    continue;
                }
                int h = (int) Math.round(plotH * Math.log10(Math.max(v, lo) / lo) / Math.log10(hi / lo));
                g.setColor(PERCENTILE_COLORS[p]);
                g.fillRect((int) (x + p * barW), yBase - h, (int) Math.max(1, barW - 2), h);
            }
            runLabel(g, r, LEFT + i * groupW + groupW / 2, yBase, groupW);
        }
        for (int p = 0; p < PERCENTILES.length; p++) { // legend
            g.setColor(PERCENTILE_COLORS[p]);
            g.fillRect(WIDTH - RIGHT - 300 + p * 75, y0 - 8, 14, 14);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(PERCENTILE_NAMES[p], WIDTH - RIGHT - 282 + p * 75, y0 + 4);
        }
    }

    private static void throughputPanel(Graphics2D g, List<MeasuredRun> runs, int y0) {
        double max = 1;
        for (MeasuredRun r : runs) {
            double v = r.measure("msgs_per_cpu_s");
            if (Double.isFinite(v)) {
                max = Math.max(max, v);
            }
        }
        double step = niceStep(max / 5);
        double hi = Math.ceil(max * 1.08 / step) * step; // room for the value above the tallest bar
        int plotH = PANEL - 40;
        heading(g, "messages in+out per tracker CPU-second (higher is better)", y0);
        int yBase = y0 + 20 + plotH;
        for (double v = 0; v <= hi * 1.0001; v += step) {
            grid(g, yBase - (int) Math.round(plotH * v / hi), String.format(Locale.ROOT, "%,.0f", v));
        }
        double groupW = (WIDTH - LEFT - RIGHT) / (double) runs.size();
        double barW = Math.min(60, groupW * 0.6);
        List<String> trackers = runs.stream().map(MeasuredRun::tracker).distinct().toList();
        for (int i = 0; i < runs.size(); i++) {
            MeasuredRun r = runs.get(i);
            double v = r.measure("msgs_per_cpu_s");
            double cx = LEFT + i * groupW + groupW / 2;
            if (Double.isFinite(v)) {
                int h = (int) Math.round(plotH * v / hi);
                g.setColor(TRACKER_COLORS[trackers.indexOf(r.tracker()) % TRACKER_COLORS.length]);
                g.fillRect((int) (cx - barW / 2), yBase - h, (int) barW, h);
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                centered(g, String.format(Locale.ROOT, "%,.0f", v), cx, yBase - h - 4);
            }
            runLabel(g, r, cx, yBase, groupW);
        }
    }

    private static void heading(Graphics2D g, String text, int y) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(text, LEFT, y + 4);
    }

    private static void grid(Graphics2D g, int y, String label) {
        g.setColor(new Color(0xdddddd));
        g.setStroke(new BasicStroke(1));
        g.drawLine(LEFT, y, WIDTH - RIGHT, y);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
    }

    /** Scenario, tracker and peers on three lines, each in a font shrunk until it fits its group. */
    private static void runLabel(Graphics2D g, MeasuredRun r, double cx, int yBase, double width) {
        g.setColor(Color.BLACK);
        fitted(g, "(" + r.scenario() + ")", Font.BOLD, 12, cx, yBase + 15, width);
        fitted(g, r.tracker(), Font.PLAIN, 12, cx, yBase + 30, width);
        g.setColor(Color.DARK_GRAY);
        fitted(g, String.format(Locale.ROOT, "%,d peers", r.peers()), Font.PLAIN, 10, cx, yBase + 44, width);
    }

    private static void fitted(Graphics2D g, String text, int style, int size, double cx, int y, double width) {
        g.setFont(new Font(Font.SANS_SERIF, style, size));
        while (size > 6 && g.getFontMetrics().stringWidth(text) > width - 4) {
            g.setFont(new Font(Font.SANS_SERIF, style, --size));
        }
        centered(g, text, cx, y);
    }

    private static void centered(Graphics2D g, String text, double cx, int y) {
        g.drawString(text, (float) (cx - g.getFontMetrics().stringWidth(text) / 2.0), y);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double decade = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * decade >= raw) {
                return m * decade;
            }
        }
        return 10 * decade;
    }
}
