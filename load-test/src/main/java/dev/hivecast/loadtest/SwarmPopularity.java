package dev.hivecast.loadtest;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How many of the P viewers watch each of the S swarms, and which viewer watches which. Live
 * audiences are not spread evenly: a few channels or events draw most viewers and a long tail
 * draws a handful each. Three shapes:
 * <ul>
 *   <li>{@code uniform}: viewer i watches swarm i mod S, the even split (and the only shape in
 *       which a cluster's node i mod n meets every swarm, see load-test/README.md);</li>
 *   <li>{@code zipf}: swarm r (0-based rank) has weight 1 / (r + 1)^s, s = {@code --zipf-exponent};</li>
 *   <li>{@code gamma}: each swarm's weight is a Gamma(k, 1) draw, k = {@code --gamma-shape}; a small
 *       k (the default 0.2, the shape aquatic's load tester uses for its torrents) gives a few
 *       huge swarms and many tiny ones. Weights are sorted, so swarm 0 is always the largest.</li>
 * </ul>
 * Swarm sizes are the weights apportioned to P viewers by largest remainder, so the shape is exact
 * rather than sampled; viewers are then dealt to swarms in an order shuffled with the seed, so the
 * big swarms fill during the whole ramp rather than first. Everything depends only on
 * (P, S, shape, parameter, seed): the same flags give the same audience against every tracker.
 */
record SwarmPopularity(Shape shape, double parameter) {

    enum Shape { UNIFORM, ZIPF, GAMMA }

    static final double DEFAULT_ZIPF_EXPONENT = 1.0;
    static final double DEFAULT_GAMMA_SHAPE = 0.2;

    static final SwarmPopularity UNIFORM = new SwarmPopularity(Shape.UNIFORM, 0);

    static SwarmPopularity parse(String shape, Double zipfExponent, Double gammaShape) {
        return switch (shape) {
            case "uniform" -> UNIFORM;
            case "zipf" -> new SwarmPopularity(Shape.ZIPF, zipfExponent != null ? zipfExponent : DEFAULT_ZIPF_EXPONENT);
            case "gamma" -> new SwarmPopularity(Shape.GAMMA, gammaShape != null ? gammaShape : DEFAULT_GAMMA_SHAPE);
            default -> throw new IllegalArgumentException("--popularity is uniform, zipf or gamma, not " + shape);
        };
    }

    /** The swarm of each viewer 0 .. peers-1. */
    int[] assign(int peers, int swarms, long seed) {
        int[] swarmOf = new int[peers];
        if (shape == Shape.UNIFORM) {
            for (int i = 0; i < peers; i++) {
                swarmOf[i] = i % swarms;
            }
            return swarmOf;
        }
        int[] sizes = sizes(peers, swarms, seed);
        for (int s = 0, i = 0; s < swarms; s++) {
            for (int n = 0; n < sizes[s]; n++) {
                swarmOf[i++] = s;
            }
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = peers - 1; i > 0; i--) { // Fisher-Yates
            int j = random.nextInt(i + 1);
            int t = swarmOf[i];
            swarmOf[i] = swarmOf[j];
            swarmOf[j] = t;
        }
        return swarmOf;
    }

    /** Viewers per swarm, summing to {@code peers}; swarm 0 the largest unless uniform. */
    int[] sizes(int peers, int swarms, long seed) {
        double[] weights = weights(swarms, seed);
        double total = Arrays.stream(weights).sum();
        int[] sizes = new int[swarms];
        double[] remainders = new double[swarms];
        int given = 0;
        for (int s = 0; s < swarms; s++) {
            double quota = peers * weights[s] / total;
            sizes[s] = (int) Math.floor(quota);
            remainders[s] = quota - sizes[s];
            given += sizes[s];
        }
        Integer[] byRemainder = new Integer[swarms];
        for (int s = 0; s < swarms; s++) {
            byRemainder[s] = s;
        }
        // Largest remainder first; ties to the lower index, so the result never depends on sort stability.
        Arrays.sort(byRemainder, (a, b) -> remainders[a] != remainders[b] ? Double.compare(remainders[b], remainders[a]) : a - b);
        for (int k = 0; given < peers; k++, given++) {
            sizes[byRemainder[k % swarms]]++;
        }
        return sizes;
    }

    /** Relative popularity of each swarm, not normalised. */
    double[] weights(int swarms, long seed) {
        double[] w = new double[swarms];
        switch (shape) {
            case UNIFORM -> Arrays.fill(w, 1);
            case ZIPF -> {
                for (int r = 0; r < swarms; r++) {
                    w[r] = Math.pow(r + 1, -parameter);
                }
            }
            case GAMMA -> {
                SplittableRandom random = new SplittableRandom(seed);
                for (int s = 0; s < swarms; s++) {
                    w[s] = gamma(parameter, random);
                }
                Arrays.sort(w);
                for (int a = 0, b = swarms - 1; a < b; a++, b--) { // descending
                    double t = w[a];
                    w[a] = w[b];
                    w[b] = t;
                }
                if (w[0] <= 0) { // every draw underflowed (a tiny shape): fall back to one swarm
                    w[0] = 1;
                }
            }
        }
        return w;
    }

    /**
     * One Gamma(shape, 1) draw: Marsaglia and Tsang's squeeze method for shape >= 1, and for
     * shape < 1 the identity Gamma(k) = Gamma(k + 1) * U^(1/k).
     */
    static double gamma(double shape, SplittableRandom random) {
        if (shape < 1) {
            double u = random.nextDouble();
            return gamma(shape + 1, random) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        for (int attempt = 0; attempt < 1_000; attempt++) { // accepts > 95 % of the time
            double x, v;
            do {
                x = normal(random);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
        return d; // unreachable in practice; the mode is a fine answer
    }

    /** A standard normal draw (Box-Muller). */
    private static double normal(SplittableRandom random) {
        double u1 = 1 - random.nextDouble(); // (0, 1]: log is finite
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** E.g. "zipf(s=1.0)": how a report names the shape. */
    String describe() {
        return switch (shape) {
            case UNIFORM -> "uniform";
            case ZIPF -> String.format(Locale.ROOT, "zipf(s=%s)", parameter);
            case GAMMA -> String.format(Locale.ROOT, "gamma(k=%s)", parameter);
        };
    }

    /** A one-line picture of the sizes: largest swarms, median, empty ones. */
    static String describeSizes(int[] swarmOf, int swarms) {
        int[] sizes = new int[swarms];
        for (int s : swarmOf) {
            sizes[s]++;
        }
        int[] sorted = sizes.clone();
        Arrays.sort(sorted);
        int empty = 0;
        for (int n : sorted) {
            empty += n == 0 ? 1 : 0;
        }
        StringBuilder top = new StringBuilder();
        for (int k = 0; k < Math.min(5, swarms); k++) {
            top.append(k == 0 ? "" : ", ").append(sorted[swarms - 1 - k]);
        }
        return String.format(Locale.ROOT, "swarm sizes: largest %s%s; median %d; smallest %d; empty %d of %d",
                top, swarms > 5 ? ", ..." : "", sorted[swarms / 2], sorted[0], empty, swarms);
    }

    static int largest(int[] swarmOf, int swarms) {
        int[] sizes = new int[swarms];
        int max = 0;
        for (int s : swarmOf) {
            max = Math.max(max, ++sizes[s]);
        }
        return max;
    }
}
