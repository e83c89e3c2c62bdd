package se.pks.stream.bench;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import se.pks.stream.local.EmbeddedDatabase;
import se.pks.stream.testing.Machine;
import se.pks.stream.testing.PackagedService;

/**
 * Benchmark step (4): end-to-end latency at a steady rate, after the replay. The replayed service is started again
 * on its own state (it resumes, it does not replay), waits until it has caught up, and then gets first visits at each
 * rate for a fixed time, half over HTTP and half over Kafka; the {@link LatencyProbe} times each from its due time
 * to its row in pks.measure_value. A short warm-up at the first rate goes first; its figures are not reported.
 */
final class LatencyStep {

    static final Duration WARM_UP = Duration.ofSeconds(15);

    /**
     * The figures of one rate. {@code metricP99Ms} is the service's own histogram (a bucket's upper bound); the
     * warm-up is a result too, so that its events are counted, but its figures mean nothing.
     */
    record Result(boolean warmUp, double rate, Duration duration, LatencySummary all, LatencySummary http,
            LatencySummary kafka, double metricP99Ms, double cpuPercent, String loadAverage,
            SteadyLoad.Counters counters, boolean allVisible, long overcounted) {
    }

    private LatencyStep() {
    }

    static List<Result> measure(final String bootstrap, final EmbeddedDatabase database, final Path workDir,
            final String applicationId, final List<Double> rates, final Duration each) throws Exception {
        final List<String> options = new ArrayList<>();
        for (final String name : List.of("PKS_BENCH_SERVICE_OPTS", "PKS_BENCH_LATENCY_OPTS")) {
            final String extra = System.getenv(name);
            if (extra != null && !extra.isBlank()) {
                options.addAll(List.of(extra.trim().replace("{app}", applicationId + "-latency").split("\\s+")));
            }
        }
        final LoadFleet fleet = new LoadFleet(24, 10);
        fleet.register(bootstrap);
        final LocalDate week = LocalDate.now(ZoneId.of("Europe/Stockholm")).minusWeeks(1)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        final List<Result> results = new ArrayList<>();
        try (PackagedService service = PackagedService.start(new PackagedService.Launch(applicationId, bootstrap,
                     database, applicationId, workDir.resolve("state-" + applicationId), 0,
                     workDir.resolve("service-" + applicationId + "-latency.log"), options));
             Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            service.awaitReady(Duration.ofMinutes(5));
            fleet.awaitKnownAndIssueTokens(service, Duration.ofMinutes(5));
            awaitCaughtUp(service, admin, applicationId);
            results.add(run(service, bootstrap, database.jdbcUrl(), fleet, week, "warm-up", rates.getFirst(), WARM_UP));
            for (final double rate : rates) {
                results.add(run(service, bootstrap, database.jdbcUrl(), fleet, week, "rate-" + (long) rate, rate, each));
            }
        }
        return results;
    }

    private static Result run(final PackagedService service, final String bootstrap, final String jdbcUrl,
            final LoadFleet fleet, final LocalDate week, final String runTag, final double rate,
            final Duration duration) throws Exception {
        final List<String> httpUnits = fleet.http().stream().flatMap(p -> p.units().stream()).toList();
        final List<String> kafkaUnits = fleet.kafka().stream().flatMap(p -> p.units().stream()).toList();
        final PrometheusText before = PrometheusText.scrape(service);
        final Duration cpuBefore = service.cpuTime();
        final long started = System.nanoTime();
        try (LatencyProbe probe = new LatencyProbe(jdbcUrl, week, httpUnits, kafkaUnits);
             SteadyLoad load = new SteadyLoad(service, bootstrap, fleet, probe, week, runTag)) {
            load.run(rate, duration);
            load.close();
            final boolean allVisible = probe.awaitAllVisible(Duration.ofMinutes(1));
            final double cpu = service.cpuTime().minus(cpuBefore).toNanos() / (double) (System.nanoTime() - started)
                    * 100;
            final PrometheusText after = PrometheusText.scrape(service);
            final double metricP99 = before == null || after == null ? Double.NaN
                    : after.histogram("pks_end_to_end_latency_seconds", "from=\"event_received\"")
                            .minus(before.histogram("pks_end_to_end_latency_seconds", "from=\"event_received\""))
                            .quantileUpperBound(0.99) * 1000;
            final List<LatencyProbe.Sample> samples = probe.samples();
            final Result result = new Result(runTag.equals("warm-up"), rate, duration,
                    LatencySummary.of(samples, sample -> true),
                    LatencySummary.of(samples, LatencyProbe.Sample::http),
                    LatencySummary.of(samples, sample -> !sample.http()), metricP99, cpu,
                    Machine.loadAverage(), load.counters(), allVisible, probe.overcounted());
            System.out.printf("Latency %s at %.0f events/s for %d s: %s (HTTP %s; Kafka %s); metric p99 <= %.0f ms;"
                    + " service CPU %.0f %% of a core; load %s; %s%n", runTag, rate, duration.toSeconds(),
                    result.all(), result.http(), result.kafka(), metricP99, cpu, result.loadAverage(),
                    result.counters());
            return result;
        }
    }

    /** Whatever the replay left unwritten must be written before latency means anything. */
    private static void awaitCaughtUp(final PackagedService service, final Admin admin, final String applicationId)
            throws Exception {
        final long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        int quiet = 0;
        while (quiet < 3) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The service did not catch up within 30 minutes");
            }
            Thread.sleep(1000);
            final PrometheusText metrics = PrometheusText.scrape(service);
            final boolean caughtUp = metrics != null && metrics.sum("pks_sink_lag_records", "") == 0
                    && ServiceRun.streamsLag(admin, applicationId) == 0;
            quiet = caughtUp ? quiet + 1 : 0;
        }
    }
}
