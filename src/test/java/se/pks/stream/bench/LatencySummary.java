package se.pks.stream.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.function.Predicate;

/** Nearest-rank percentiles of a set of latencies, in milliseconds (NaN when there are none). */
record LatencySummary(int count, double p50, double p95, double p99, double max) {

    static LatencySummary of(final Collection<LatencyProbe.Sample> samples,
            final Predicate<LatencyProbe.Sample> which) {
        final double[] millis = samples.stream().filter(which).mapToDouble(LatencyProbe.Sample::latencyMillis)
                .sorted().toArray();
        if (millis.length == 0) {
            return new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new LatencySummary(millis.length, rank(millis, 0.50), rank(millis, 0.95), rank(millis, 0.99),
                millis[millis.length - 1]);
    }

    private static double rank(final double[] sorted, final double quantile) {
        return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%,d events: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms", count, p50,
                p95, p99, max);
    }
}
