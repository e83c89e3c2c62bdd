package se.pks.stream.demo;

import java.util.SplittableRandom;

/** The few random distributions the demo needs, on a seeded generator so that a seed gives one region. */
final class Draws {

    /** Above this mean the normal approximation is close enough and much cheaper than Knuth's product method. */
    private static final double KNUTH_LIMIT = 30.0;

    private Draws() {
    }

    /** A Poisson count with the given mean: how many of something happen on a day. */
    static int poisson(final SplittableRandom random, final double mean) {
        if (mean <= 0.0) {
            return 0;
        }
        if (mean > KNUTH_LIMIT) {
            return (int) Math.max(0L, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        final double limit = Math.exp(-mean);
        int count = 0;
        double product = random.nextDouble();
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }

    static boolean chance(final SplittableRandom random, final double probability) {
        return random.nextDouble() < probability;
    }

    /** A positive value around {@code median}, skewed to the right as durations are. */
    static double logNormal(final SplittableRandom random, final double median, final double sigma) {
        return median * Math.exp(sigma * random.nextGaussian());
    }
}
