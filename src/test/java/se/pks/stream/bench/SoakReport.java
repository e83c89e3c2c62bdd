package se.pks.stream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The figures of one soak: a summary with its verdicts and a table of minutes, as markdown and CSV. The verdicts
 * compare thirds of the minutes after the warm-up, so one slow minute on a shared machine does not decide them, but a
 * steady climb does.
 */
final class SoakReport {

    private final String started;
    private final int minutes;
    private final double rate;
    private final List<SoakMonitor.Minute> watched;
    private final List<LatencyProbe.Sample> samples;
    private final SteadyLoad.Counters counters;
    private final int warmUp;
    private final Duration cpu;

    /** @param samples with times relative to the start of the load */
    SoakReport(final String started, final int minutes, final double rate, final List<SoakMonitor.Minute> watched,
            final List<LatencyProbe.Sample> samples, final SteadyLoad.Counters counters, final int warmUp,
            final Duration cpu) {
        this.started = started;
        this.minutes = minutes;
        this.rate = rate;
        this.watched = watched;
        this.samples = samples;
        this.counters = counters;
        this.warmUp = warmUp;
        this.cpu = cpu;
    }

    private LatencySummary minute(final int minute) {
        return LatencySummary.of(samples, sample -> minuteOf(sample) == minute);
    }

    /** The minute of the run (from 1) in which the event was due to be sent. */
    private static long minuteOf(final LatencyProbe.Sample sample) {
        return sample.sentNanos() / 60_000_000_000L + 1;
    }

    /**
     * The heap after collections at its lowest in the last third is at most 25 % (or 32 MiB) above the middle third's.
     * Not the first third's: Kafka Streams' record cache keeps an entry for every event until its configured size is
     * reached (about ten minutes at 250 events/s, each event being new), so the heap rightly rises for a while and then
     * stays; a leak keeps rising from the middle third to the last.
     */
    boolean heapBounded() {
        final double[] thirds = thirds(SoakMonitor.Minute::heapAfterGcMiB, true);
        return thirds == null || thirds[2] - thirds[1] <= Math.max(32, 0.25 * thirds[1]);
    }

    String heapVerdict() {
        final double[] thirds = thirds(SoakMonitor.Minute::heapAfterGcMiB, true);
        return thirds == null ? "too short to judge"
                : String.format(Locale.ROOT, "lowest heap after GC in the thirds after warm-up %.0f, %.0f and %.0f MiB"
                        + " (bounded: the last at most 25 %% or 32 MiB above the middle): %s", thirds[0], thirds[1],
                        thirds[2], heapBounded() ? "bounded" : "GROWING");
    }

    /** The mean of the minutes' highest lag in the last third is at most twice the first's plus two seconds of load. */
    boolean lagBounded() {
        return lagBounded(SoakMonitor.Minute::streamsLagMax) && lagBounded(SoakMonitor.Minute::sinkLagMax);
    }

    private boolean lagBounded(final ToDoubleFunction<SoakMonitor.Minute> lag) {
        final double[] thirds = thirds(lag, false);
        return thirds == null || thirds[2] <= 2 * thirds[0] + 2 * rate;
    }

    String lagVerdict() {
        final double[] stream = thirds(SoakMonitor.Minute::streamsLagMax, false);
        final double[] sink = thirds(SoakMonitor.Minute::sinkLagMax, false);
        return stream == null ? "too short to judge"
                : String.format(Locale.ROOT, "mean of the minutes' highest stream lag %.0f events in the first third,"
                        + " %.0f in the last; sink lag %.0f and %.0f records (bounded: last at most twice the first plus"
                        + " two seconds of load): %s", stream[0], stream[2], sink[0], sink[2],
                        lagBounded() ? "not growing" : "GROWING");
    }

    /**
     * The first, middle and last third of the minutes after the warm-up, each reduced to its lowest value (heap) or its
     * mean (lag); null with fewer than three such minutes.
     */
    private double[] thirds(final ToDoubleFunction<SoakMonitor.Minute> figure, final boolean lowest) {
        final List<Double> values = new ArrayList<>();
        for (final SoakMonitor.Minute minute : watched) {
            final double value = figure.applyAsDouble(minute);
            if (minute.minute() > warmUp && !Double.isNaN(value)) {
                values.add(value);
            }
        }
        if (values.size() < 3) {
            return null;
        }
        final int third = values.size() / 3;
        final List<List<Double>> parts = List.of(values.subList(0, third),
                values.subList(third, values.size() - third), values.subList(values.size() - third, values.size()));
        return parts.stream().mapToDouble(part -> lowest
                ? part.stream().mapToDouble(Double::doubleValue).min().orElseThrow()
                : part.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).toArray();
    }

    String markdown() {
        final LatencySummary all = LatencySummary.of(samples, sample -> true);
        final LatencySummary http = LatencySummary.of(samples, LatencyProbe.Sample::http);
        final LatencySummary kafka = LatencySummary.of(samples, sample -> !sample.http());
        final double worstMetric = watched.stream().mapToDouble(SoakMonitor.Minute::metricP99Ms)
                .filter(value -> !Double.isNaN(value)).max().orElse(Double.NaN);
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Soak started %s: %d minutes at %.0f events/s, half over HTTP and half"
                + " over Kafka (%s).%n%n", started, minutes, rate, counters));
        out.append("| figure | value |\n|---|---|\n");
        row(out, "latency, send to row visible, all events", all.toString());
        row(out, "of which sent over HTTP", http.toString());
        row(out, "of which sent over Kafka", kafka.toString());
        // The first minutes include the service's start (topics, rebalance, first transactions): reported, but the
        // target is for the steady state a region lives in.
        final LatencySummary steady = LatencySummary.of(samples, sample -> minuteOf(sample) > warmUp);
        row(out, String.format(Locale.ROOT, "after the warm-up (minutes %d to %d)", warmUp + 1, minutes),
                steady.toString());
        row(out, "p99 target < 1 s after the warm-up", steady.p99() < 1000 ? "met" : "NOT met");
        row(out, "service metric pks_end_to_end_latency_seconds p99, worst minute (bucket upper bound)",
                SoakReport.ms(worstMetric));
        row(out, "heap", heapVerdict());
        row(out, "lag", lagVerdict());
        row(out, "service CPU time over the whole run", String.format(Locale.ROOT, "%.0f s (%.0f %% of one core on"
                + " average)", cpu.toMillis() / 1000.0, cpu.toMillis() / 600.0 / minutes));
        out.append("\n| minute | events due | p50 ms | p95 ms | p99 ms | max ms | metric p99 ms (<=) | heap after GC MiB"
                + " (min) | heap used MiB (max) | stream lag (max) | sink lag (max) | service CPU % of a core |"
                + " load average |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (final SoakMonitor.Minute minute : watched) {
            final LatencySummary latency = minute(minute.minute());
            out.append(String.format(Locale.ROOT, "| %d | %,d | %s | %s | %s | %s | %s | %s | %s | %d | %d | %s | %s |%n",
                    minute.minute(), latency.count(), ms(latency.p50()), ms(latency.p95()), ms(latency.p99()),
                    ms(latency.max()), ms(minute.metricP99Ms()), format(minute.heapAfterGcMiB()),
                    format(minute.heapUsedMaxMiB()), minute.streamsLagMax(), minute.sinkLagMax(),
                    format(minute.cpuPercent()), minute.loadAverage()));
        }
        return out.toString();
    }

    String csv() {
        final StringBuilder out = new StringBuilder("minute,events,p50_ms,p95_ms,p99_ms,max_ms,metric_p99_ms,"
                + "heap_after_gc_mib,heap_used_max_mib,stream_lag_max,sink_lag_max,cpu_percent,load_average\n");
        for (final SoakMonitor.Minute minute : watched) {
            final LatencySummary latency = minute(minute.minute());
            out.append(String.format(Locale.ROOT, "%d,%d,%.1f,%.1f,%.1f,%.1f,%.0f,%.1f,%.1f,%d,%d,%.1f,%s%n",
                    minute.minute(), latency.count(), latency.p50(), latency.p95(), latency.p99(), latency.max(),
                    minute.metricP99Ms(), minute.heapAfterGcMiB(), minute.heapUsedMaxMiB(), minute.streamsLagMax(),
                    minute.sinkLagMax(), minute.cpuPercent(), minute.loadAverage()));
        }
        return out.toString();
    }

    private static String ms(final double value) {
        return Double.isInfinite(value) ? "> max bucket" : format(value);
    }

    private static String format(final double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f", value);
    }

    private static void row(final StringBuilder out, final String figure, final String value) {
        out.append("| ").append(figure).append(" | ").append(value).append(" |\n");
    }
}
