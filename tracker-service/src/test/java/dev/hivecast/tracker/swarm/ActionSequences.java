package dev.hivecast.tracker.swarm;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Generated runs of {@link SwarmOp}s against a node, checked by a property: {@code runs} runs,
 * each a setup and a sequence drawn from a {@link Random} with its own seed, all derived from one
 * fixed seed so that every build checks the same runs and a failure reproduces. Lengths grow from
 * one step to {@code maxSteps} over the runs, so the first failure found is among the shortest;
 * it is then cut down while it still fails (runs of steps left out, halves first, then single
 * steps; the setup made simpler; each step's fields moved towards zero) and reported step by
 * step, with its seed, as a test case.
 *
 * <p>{@code -Dgenerated.seed=N} checks other runs than the fixed ones, {@code -Dgenerated.scale=K}
 * K times as many: for a longer hunt, not for the build.
 *
 * @param <S> the node's setup
 */
final class ActionSequences<S> {

    /** What one run checks: throws on a failure, returns the labels of what the run reached. */
    interface Property<S> {
        Collection<?> check(S setup, List<SwarmOp> ops);
    }

    /**
     * In how many runs of at least {@link #COUNTED_FROM} steps each label was reached: shorter
     * runs reach little, and would make a coverage check mean less.
     */
    record Coverage(int runs, Map<Object, Integer> reached) {
        static final int COUNTED_FROM = 8;

        double percent(Object label) {
            return 100.0 * reached.getOrDefault(label, 0) / runs;
        }
    }

    private static final long SEED = Long.getLong("generated.seed", 0x19_5EEDL);
    private static final int SCALE = Integer.getInteger("generated.scale", 1);

    private final String name;
    private final int runs;
    private final int maxSteps;
    private final Function<Random, S> setups;
    private final Function<Random, SwarmOp> ops;
    private Function<S, List<S>> simplerSetups = setup -> List.of();

    ActionSequences(String name, int runs, int maxSteps, Function<Random, S> setups, Function<Random, SwarmOp> ops) {
        this.name = name;
        this.runs = runs * SCALE;
        this.maxSteps = maxSteps;
        this.setups = setups;
        this.ops = ops;
    }

    /** Setups one step simpler than a failing one, tried when cutting a failure down. */
    ActionSequences<S> simplifyingSetupsWith(Function<S, List<S>> candidates) {
        this.simplerSetups = candidates;
        return this;
    }

    /** Checks every run; the first failure throws, cut down to the shortest run that still fails. */
    Coverage check(Property<S> property) {
        Map<Object, Integer> reached = new HashMap<>();
        int counted = 0;
        Random seeds = new Random(SEED ^ name.hashCode());
        for (int i = 0; i < runs; i++) {
            long seed = seeds.nextLong();
            int steps = 1 + (int) ((long) i * maxSteps / runs);
            Random random = new Random(seed);
            S setup = setups.apply(random);
            List<SwarmOp> sequence = new ArrayList<>(steps);
            for (int s = 0; s < steps; s++) {
                sequence.add(ops.apply(random));
            }
            Collection<?> labels;
            try {
                labels = property.check(setup, sequence);
            } catch (Throwable failure) {
                throw cutDown(property, setup, sequence, failure, "run " + (i + 1) + " of " + runs + " (" + steps
                        + " steps from new Random(" + seed + "L), -Dgenerated.seed=" + SEED + ")");
            }
            if (steps >= Coverage.COUNTED_FROM) {
                counted++;
                for (Object label : labels) {
                    reached.merge(label, 1, Integer::sum);
                }
            }
        }
        return new Coverage(counted, reached);
    }

    private AssertionError cutDown(Property<S> property, S setup, List<SwarmOp> sequence, Throwable failure,
                                   String which) {
        S smallestSetup = setup;
        List<SwarmOp> smallest = sequence;
        for (boolean shrunk = true; shrunk; ) {
            shrunk = false;
            List<Failing<S>> candidates = new ArrayList<>();
            for (List<SwarmOp> shorter : withoutRuns(smallest)) {
                candidates.add(new Failing<>(smallestSetup, shorter));
            }
            for (S simpler : simplerSetups.apply(smallestSetup)) {
                candidates.add(new Failing<>(simpler, smallest));
            }
            for (int s = 0; s < smallest.size(); s++) {
                for (SwarmOp simpler : simpler(smallest.get(s))) {
                    List<SwarmOp> changed = new ArrayList<>(smallest);
                    changed.set(s, simpler);
                    candidates.add(new Failing<>(smallestSetup, changed));
                }
            }
            for (Failing<S> candidate : candidates) {
                Throwable f = failure(property, candidate.setup(), candidate.sequence());
                if (f != null) {
                    smallestSetup = candidate.setup();
                    smallest = candidate.sequence();
                    failure = f;
                    shrunk = true;
                    break;
                }
            }
        }
        StringBuilder report = new StringBuilder(name).append(" fails on ").append(which)
                .append(".\nThe smallest failing run found, ").append(smallest.size()).append(" steps:\n  setup: ")
                .append(smallestSetup);
        for (int s = 0; s < smallest.size(); s++) {
            report.append(String.format("%n  %2d. %s", s + 1, smallest.get(s)));
        }
        return new AssertionError(report.append("\nwith: ").append(failure).toString(), failure);
    }

    private record Failing<S>(S setup, List<SwarmOp> sequence) {
    }

    private static <S> Throwable failure(Property<S> property, S setup, List<SwarmOp> sequence) {
        try {
            property.check(setup, sequence);
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    /** The sequence with a run of steps left out: halves first, then quarters, down to single steps. */
    private static List<List<SwarmOp>> withoutRuns(List<SwarmOp> sequence) {
        List<List<SwarmOp>> out = new ArrayList<>();
        int n = sequence.size();
        for (int run = Math.max(1, n / 2); run >= 1; run /= 2) {
            for (int at = 0; at + run <= n; at += run) {
                List<SwarmOp> cut = new ArrayList<>(sequence.subList(0, at));
                cut.addAll(sequence.subList(at + run, n));
                out.add(cut);
            }
        }
        return out;
    }

    /**
     * The step with one of its fields moved towards zero, false or the enum's first constant
     * (always towards one end, so that cutting down stops). Any such step is valid: a step's
     * indexes are taken modulo the live choices when it is applied.
     */
    static List<SwarmOp> simpler(SwarmOp op) {
        try {
            RecordComponent[] fields = op.getClass().getRecordComponents();
            Object[] values = new Object[fields.length];
            Class<?>[] types = new Class<?>[fields.length];
            for (int i = 0; i < fields.length; i++) {
                values[i] = fields[i].getAccessor().invoke(op);
                types[i] = fields[i].getType();
            }
            Constructor<?> canonical = op.getClass().getDeclaredConstructor(types);
            List<SwarmOp> out = new ArrayList<>();
            for (int i = 0; i < fields.length; i++) {
                for (Object simpler : simpler(values[i])) {
                    Object[] changed = values.clone();
                    changed[i] = simpler;
                    out.add((SwarmOp) canonical.newInstance(changed));
                }
            }
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(op + " cannot be rebuilt field by field", e);
        }
    }

    private static List<Object> simpler(Object value) {
        if (value instanceof Integer i && i != 0) {
            return i / 2 == 0 ? List.of(0) : List.of(0, i / 2);
        }
        if (value instanceof Boolean b && b) {
            return List.of(false);
        }
        if (value instanceof Enum<?> e && e.ordinal() > 0) {
            return List.of(e.getDeclaringClass().getEnumConstants()[0]);
        }
        return List.of();
    }
}
