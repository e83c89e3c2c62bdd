package se.pks.stream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import se.pks.stream.demo.DemoSettings;
import se.pks.stream.demo.NationalLoad;
import se.pks.stream.local.EmbeddedDatabase;
import se.pks.stream.local.EmbeddedKafkaBroker;
import se.pks.stream.topology.Topics;

/**
 * The benchmark harness (issue 7), run by {@code ./pks-bench [factor]}. Its name does not match Surefire's test
 * patterns, so {@code ./mvnw verify} never runs it; it is a JUnit class only to reuse the test classpath.
 *
 * <p>One run on one machine, against one embedded broker and one embedded PostgreSQL: generate and load the national
 * load, read it with a bare consumer, replay it through the packaged service, compute the same figures in plain SQL,
 * compare, and write the table to {@code docs/benchmarks.md} and {@code docs/benchmarks.csv}.
 */
class NationalReplayBench {

    /** Factor 1.0: 34 regions of 30 units (1,020) and about ten million events in one year. */
    private static final int FULL_REGIONS = 34;
    /** Demo volume per unit that gives about ten million events a year over 1,020 units. */
    private static final double FULL_VOLUME = 2.3;
    private static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(2025, 12, 31);

    @Test
    void run() throws Exception {
        final double factor = Double.parseDouble(setting("PKS_BENCH_FACTOR", "1.0"));
        final int partitions = Integer.parseInt(setting("PKS_BENCH_PARTITIONS", "3"));
        // Fewer regions at small factors, each with a volume that keeps the total proportional to the factor.
        final int regions = Math.max(1, (int) Math.round(FULL_REGIONS * factor));
        final double scale = FULL_VOLUME * factor * FULL_REGIONS / regions;
        final Path workDir = Path.of("target/bench").toAbsolutePath();
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        final BenchReport report = new BenchReport(factor, regions * NationalLoad.UNITS_PER_REGION, partitions);

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(workDir.resolve("kafka"), 0, 0);
             EmbeddedDatabase database = EmbeddedDatabase.start(workDir.resolve("postgres"), 0)) {
            final String bootstrap = kafka.bootstrapServers();
            final String jdbcUrl = database.jdbcUrl();
            BenchLoad.createTopics(bootstrap, partitions);

            final BenchLoad load = new BenchLoad(new DemoSettings(42L, FIRST_DAY, LAST_DAY, scale), regions, workDir);
            long started = System.nanoTime();
            final BenchLoad.LoadCounts counts = load.produce(bootstrap);
            report.loaded(counts, System.nanoTime() - started);
            System.out.printf("Loaded %,d events, %,d plan rows, %d units in %.1f s%n", counts.events(),
                    counts.plans(), counts.units(), (System.nanoTime() - started) / 1e9);

            final BareConsumer.Timed bare = BareConsumer.read(bootstrap);
            assertEquals(counts.events(), bare.records(), "the bare consumer reads every event once");
            report.bare(bare);
            System.out.printf("Bare consumer: %,.0f events/s%n", bare.perSecond());

            final ServiceRun service = new ServiceRun(bootstrap, jdbcUrl, workDir);
            final ServiceRun.Result replay = service.replay("exactly_once_v2", "pks-bench-eos", true);
            report.replay(replay);
            // A publication per changed figure and flush interval: what the sink, the deviation join and the read-back
            // table have to handle, so a slower replay (more flushes per event) also costs more per event.
            report.published(service.recordsIn(List.of(Topics.MEASURE_VALUES.name())));
            System.out.printf("Replay: %.1f s, %,d measure values, %,d deviations%n", replay.seconds(),
                    replay.measureValues(), replay.deviations());

            final SqlPeer.Timing sql = SqlPeer.compute(jdbcUrl, load.rawEvents(), load.plans());
            report.sql(sql);
            final SqlPeer.Differences differences = SqlPeer.compare(jdbcUrl);
            report.differences(differences);
            System.out.printf("SQL peer: %.1f s; differing rows %d of %d values, %d of %d deviations%n",
                    sql.seconds(), differences.values(), differences.valuesCompared(), differences.deviations(),
                    differences.deviationsCompared());

            for (final DashboardLatency.Timed dashboard : DashboardLatency.measure(jdbcUrl, database.username(),
                                                                                   database.password())) {
                report.dashboard(dashboard);
                System.out.printf("Dashboard %s: %d queries reading %,d rows, p50 %.0f ms, p95 %.0f ms%n",
                        dashboard.dashboard(), dashboard.queries(), dashboard.rowsPerLoad(), dashboard.p50(),
                        dashboard.p95());
            }

            // (3): the stream alone, sink off, once per guarantee, each from scratch (own application id and
            // state). The topology also reads pks.measure-values.v1, which every earlier run has filled, so the later
            // run has more to read: exactly-once goes last, which makes its ratio a lower bound.
            // PKS_BENCH_GUARANTEES=off skips them: a quicker run while trying out an optimisation.
            if (!"off".equals(setting("PKS_BENCH_GUARANTEES", "on"))) {
                final ServiceRun.Result atLeastOnce = service.replay("at_least_once", "pks-bench-alos-only", false);
                final ServiceRun.Result exactlyOnce = service.replay("exactly_once_v2", "pks-bench-eos-only", false);
                report.guarantees(exactlyOnce, atLeastOnce);
                System.out.printf("Stream only: exactly_once_v2 %.1f s, at_least_once %.1f s%n",
                        exactlyOnce.streamsSeconds(), atLeastOnce.streamsSeconds());
            }
        }
        System.out.println(report.table());
        report.write(Path.of("docs/benchmarks.md"), Path.of("docs/benchmarks.csv"));
    }

    private static String setting(final String name, final String fallback) {
        final String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void deleteRecursively(final Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
