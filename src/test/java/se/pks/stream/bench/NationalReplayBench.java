package se.pks.stream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import se.pks.stream.demo.DemoSettings;
import se.pks.stream.demo.NationalLoad;
import se.pks.stream.local.EmbeddedDatabase;
import se.pks.stream.local.EmbeddedKafkaBroker;
import se.pks.stream.testing.Machine;
import se.pks.stream.topics.OutputTopics;

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
    /** (6): the events sent in the first seven days after the year are held back and produced as one more week. */
    private static final LocalDate WEEK_LAST_DAY = LAST_DAY.plusDays(7);
    /** Each run its own application id, and so its own state and output topics. */
    private static final String REPLAYED = "pks-bench-eos";
    private static final String STREAM_ONLY_AT_LEAST_ONCE = "pks-bench-alos-only";
    private static final String STREAM_ONLY_EXACTLY_ONCE = "pks-bench-eos-only";

    @Test
    void run() throws Exception {
        final double factor = Double.parseDouble(Machine.setting("PKS_BENCH_FACTOR", "1.0"));
        final int partitions = Integer.parseInt(Machine.setting("PKS_BENCH_PARTITIONS", "3"));
        // Fewer regions at small factors, each with a volume that keeps the total proportional to the factor.
        final int regions = Math.max(1, (int) Math.round(FULL_REGIONS * factor));
        final double scale = FULL_VOLUME * factor * FULL_REGIONS / regions;
        final Path workDir = Path.of("target/bench").toAbsolutePath();
        final Path postgresDataDir = workDir.resolve("postgres");
        Machine.emptyDirectory(workDir);
        final BenchReport report = new BenchReport(factor, regions * NationalLoad.UNITS_PER_REGION, partitions);

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(workDir.resolve("kafka"), 0, 0);
             EmbeddedDatabase database = EmbeddedDatabase.start(postgresDataDir, 0)) {
            final String bootstrap = kafka.bootstrapServers();
            final String jdbcUrl = database.jdbcUrl();
            BenchLoad.createTopics(bootstrap, partitions, REPLAYED, STREAM_ONLY_AT_LEAST_ONCE,
                    STREAM_ONLY_EXACTLY_ONCE);

            // Generated through the extra week, so that its events continue the year's (same waiting lists, same event
            // numbering); what is sent after the year is held back until the year has been replayed.
            final BenchLoad load = new BenchLoad(new DemoSettings(42L, FIRST_DAY, WEEK_LAST_DAY, scale), regions,
                    workDir, LAST_DAY.plusDays(1).atStartOfDay(ZoneId.of("Europe/Stockholm")).toInstant());
            long started = System.nanoTime();
            final BenchLoad.LoadCounts counts = load.produce(bootstrap);
            report.loaded(counts, System.nanoTime() - started);
            System.out.printf("Loaded %,d events, %,d plan rows, %d units in %.1f s%n", counts.events(),
                    counts.plans(), counts.units(), (System.nanoTime() - started) / 1e9);

            final BareConsumer.Timed bare = BareConsumer.read(bootstrap);
            assertEquals(counts.events(), bare.records(), "the bare consumer reads every event once");
            report.bare(bare);
            System.out.printf("Bare consumer: %,.0f events/s%n", bare.perSecond());

            final ServiceRun service = new ServiceRun(bootstrap, database, postgresDataDir, workDir);
            // The replayed service keeps running for the incremental week (6), after the peer and the dashboards.
            try (ServiceRun.Running running = service.start("exactly_once_v2", REPLAYED, true)) {
                final ServiceRun.Result replay = running.awaitReplay();
                report.replay(replay);
                // Each publication of a figure is a record the sink has to write: publishing by need keeps this low.
                report.published(
                        service.recordsIn(List.of(OutputTopics.of(REPLAYED).measureValues().name())));
                report.written(service.recordsWrittenByStream(REPLAYED));
                service.internalRecordsByTopic(REPLAYED).forEach((topic, records) -> System.out.printf(
                        "Written per event to %s: %.3f%n", topic, records / (double) counts.events()));
                System.out.printf("Replay: %.1f s, %,d measure values, %,d deviations, CPU service %.1f s,"
                        + " broker and harness %.1f s, PostgreSQL %.1f s%n", replay.seconds(), replay.measureValues(),
                        replay.deviations(), replay.cpu().service(), replay.cpu().harness(), replay.cpu().postgres());

                final SqlPeer.Timing sql = SqlPeer.compute(jdbcUrl, load.rawEvents(), load.plans());
                report.sql(sql);
                final SqlPeer.Differences differences = SqlPeer.compare(jdbcUrl, SqlPeer.ALL_PERIODS);
                report.differences(differences);
                printDifferences("SQL peer after the year", sql, differences);

                for (final DashboardLatency.Timed dashboard : DashboardLatency.measure(jdbcUrl, database.username(),
                                                                                       database.password())) {
                    report.dashboard(dashboard);
                    System.out.printf("Dashboard %s: %d queries reading %,d rows, p50 %.0f ms, p95 %.0f ms%n",
                            dashboard.dashboard(), dashboard.queries(), dashboard.rowsPerLoad(), dashboard.p50(),
                            dashboard.p95());
                }

                incrementalWeek(load, bootstrap, jdbcUrl, running, report);
                // (9) generated before it is timed; one region's share of the load, its year only
                final OnboardingStep onboarding = new OnboardingStep(
                        new DemoSettings(42L, FIRST_DAY, LAST_DAY, scale), load, workDir);
                final OnboardingStep.Result onboarded = onboarding.run(bootstrap, jdbcUrl, running);
                report.onboarding(onboarded);
                System.out.printf("Onboarding: %,d events, %.1f s to written, %,.0f events/s%n", onboarded.events(),
                        onboarded.increment().seconds(), onboarded.eventsPerSecond());
                printDifferences("SQL peer after onboarding, the new region", onboarded.recompute(),
                        onboarded.region());
            }

            // (4) while the replayed figures are all the topics hold: the replayed service resumes on its state, then a
            // steady load at ten and a hundred times the national peak, on units of their own (which the SQL peer
            // leaves out). PKS_BENCH_LATENCY=off skips it: quicker experiments.
            if (!"off".equals(Machine.setting("PKS_BENCH_LATENCY", "on"))) {
                for (final LatencyStep.Result latency : LatencyStep.measure(bootstrap, database, workDir,
                        REPLAYED, List.of(250.0, 2500.0), Duration.ofSeconds(60))) {
                    report.latency(latency);
                }
            }

            // (3): the stream alone, sink off, once per guarantee, each from scratch (own application id and
            // state), each until its figures and deviations are committed too, not only its input.
            // PKS_BENCH_GUARANTEES=off skips them: a quicker run while trying out an optimisation.
            if (!"off".equals(Machine.setting("PKS_BENCH_GUARANTEES", "on"))) {
                final ServiceRun.Result atLeastOnce =
                        service.replay("at_least_once", STREAM_ONLY_AT_LEAST_ONCE, false);
                final ServiceRun.Result exactlyOnce =
                        service.replay("exactly_once_v2", STREAM_ONLY_EXACTLY_ONCE, false);
                report.guarantees(exactlyOnce, atLeastOnce);
                System.out.printf("Stream only: exactly_once_v2 %.1f s, at_least_once %.1f s%n",
                        exactlyOnce.streamsSeconds(), atLeastOnce.streamsSeconds());
            }
        }
        System.out.println(report.table());
        report.write(Path.of("docs/benchmarks.md"), Path.of("docs/benchmarks.csv"));
    }

    /**
     * (6): one more week of events into the running service, timed from the first produce to its figures written,
     * against the SQL peer's full recomputation over year and week; then every figure compared again.
     */
    private static void incrementalWeek(final BenchLoad load, final String bootstrap, final String jdbcUrl,
            final ServiceRun.Running running, final BenchReport report) throws Exception {
        final CpuMeter.Snapshot cpuFrom = running.cpuNow();
        final long producedFrom = System.currentTimeMillis();
        load.produceWeek(bootstrap);
        final long produced = System.currentTimeMillis();
        final ServiceRun.Increment increment = running.awaitIncrement(producedFrom, cpuFrom);
        final SqlPeer.Timing recompute = SqlPeer.recompute(jdbcUrl, load.rawWeekEvents());
        final SqlPeer.Differences all = SqlPeer.compare(jdbcUrl, SqlPeer.ALL_PERIODS);
        final SqlPeer.Differences week = SqlPeer.compare(jdbcUrl, LAST_DAY.plusDays(1).with(DayOfWeek.MONDAY));
        report.incremental(load.weekEventCount(), produced - producedFrom, increment, recompute, week, all);
        System.out.printf("Incremental week: %,d events, %.1f s to written (SQL recomputation %.1f s)%n",
                load.weekEventCount(), increment.seconds(), recompute.seconds());
        printDifferences("SQL peer after the week, periods from the week's Monday", recompute, week);
        printDifferences("SQL peer after the week, all periods", recompute, all);
    }

    private static void printDifferences(final String title, final SqlPeer.Timing sql,
            final SqlPeer.Differences differences) {
        System.out.printf("%s: %.1f s (COPY %.1f s, SQL %.1f s)%n", title, sql.seconds(), sql.loadNanos() / 1e9,
                sql.computeNanos() / 1e9);
        for (final SqlPeer.Count count : differences.values()) {
            System.out.printf("  values %-28s differing %,d of %,d%n", count.measure(), count.differing(),
                    count.compared());
        }
        for (final SqlPeer.Count count : differences.deviations()) {
            System.out.printf("  deviations %-24s differing %,d of %,d%n", count.measure(), count.differing(),
                    count.compared());
        }
        differences.examples().forEach(example -> System.out.println("  e.g. " + example));
    }
}
