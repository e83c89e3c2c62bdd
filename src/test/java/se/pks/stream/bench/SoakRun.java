package se.pks.stream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import se.pks.stream.local.EmbeddedDatabase;
import se.pks.stream.local.EmbeddedKafkaBroker;
import se.pks.stream.testing.Machine;
import se.pks.stream.testing.PackagedService;

/**
 * The soak (issue 8, "Load"), run by {@code ./pks-soak [minutes] [events per second]}: the packaged service against
 * an embedded broker and database, fed at a steady rate over HTTP and Kafka together for the whole time, watched
 * minute by minute. Its name does not match Surefire's test patterns, so {@code ./mvnw verify} never runs it.
 *
 * <p>It fails when an event is lost, counted twice or refused, when the heap after collections grows, or when the
 * lag grows; the latency target (p99 under a second) is reported, not asserted, because a shared machine can miss
 * it for reasons of its own. Results go to {@code target/soak/soak.md} and {@code target/soak/soak.csv}.
 */
class SoakRun {

    private static final String APPLICATION_ID = "pks-soak";
    /** Minutes at the start that do not count for the heap trend: JIT, caches and RocksDB fill up. */
    private static final int WARM_UP_MINUTES = 3;

    @Test
    void run() throws Exception {
        final int minutes = Integer.parseInt(Machine.setting("PKS_SOAK_MINUTES", "30"));
        final double rate = Double.parseDouble(Machine.setting("PKS_SOAK_RATE", "250"));
        final Path workDir = Path.of("target/soak").toAbsolutePath();
        Machine.emptyDirectory(workDir);
        final Path gcLog = workDir.resolve("gc.log");
        final List<String> options = new ArrayList<>(List.of("-Xlog:gc:file=" + gcLog));
        final String extra = System.getenv("PKS_SOAK_SERVICE_OPTS");
        if (extra != null && !extra.isBlank()) {
            options.addAll(List.of(extra.trim().split("\\s+")));
        }
        final LoadFleet fleet = new LoadFleet(24, 10);
        final LocalDate week = LocalDate.now(ZoneId.of("Europe/Stockholm")).minusWeeks(1)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        final String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(workDir.resolve("kafka"), 0, 0);
             EmbeddedDatabase database = EmbeddedDatabase.start(workDir.resolve("postgres"), 0)) {
            final String bootstrap = kafka.bootstrapServers();
            BenchLoad.createTopics(bootstrap, 3, APPLICATION_ID);
            fleet.register(bootstrap);
            try (PackagedService service = PackagedService.start(new PackagedService.Launch(APPLICATION_ID, bootstrap,
                         database, APPLICATION_ID, workDir.resolve("state"), 0, workDir.resolve("service.log"),
                         options));
                 Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                service.awaitReady(Duration.ofMinutes(5));
                fleet.awaitKnownAndIssueTokens(service, Duration.ofMinutes(5));
                final List<String> httpUnits = fleet.http().stream().flatMap(p -> p.units().stream()).toList();
                final List<String> kafkaUnits = fleet.kafka().stream().flatMap(p -> p.units().stream()).toList();
                System.out.printf("Soak: %d minutes at %.0f events/s over %d HTTP and %d Kafka units; service pid %d,"
                        + " logs in %s%n", minutes, rate, httpUnits.size(), kafkaUnits.size(), service.pid(), workDir);

                final List<SoakMonitor.Minute> watched;
                final List<LatencyProbe.Sample> samples;
                final SteadyLoad.Counters counters;
                final long overcounted;
                final boolean allVisible;
                final Duration cpu;
                try (LatencyProbe probe = new LatencyProbe(database.jdbcUrl(), week, httpUnits, kafkaUnits);
                     SteadyLoad load = new SteadyLoad(service, bootstrap, fleet, probe, week, "soak")) {
                    final AtomicReference<Exception> failed = new AtomicReference<>();
                    final long loadStart = System.nanoTime();
                    final Thread generator = Thread.ofPlatform().name("soak-generator").start(() -> {
                        try {
                            load.run(rate, Duration.ofMinutes(minutes));
                        } catch (final InterruptedException e) {
                            failed.set(e);
                        }
                    });
                    watched = new SoakMonitor(service, admin, APPLICATION_ID, gcLog).watch(minutes);
                    generator.join();
                    load.close();
                    allVisible = probe.awaitAllVisible(Duration.ofMinutes(2));
                    cpu = service.cpuTime();
                    samples = probe.samples().stream()
                            .map(sample -> new LatencyProbe.Sample(sample.sentNanos() - loadStart,
                                    sample.seenNanos() - loadStart, sample.http())).toList();
                    overcounted = probe.overcounted();
                    counters = load.counters();
                    if (failed.get() != null) {
                        throw failed.get();
                    }
                }
                final SoakReport report = new SoakReport(started, minutes, rate, watched, samples, counters,
                        WARM_UP_MINUTES, cpu);
                System.out.println(report.markdown());
                Files.writeString(workDir.resolve("soak.md"), report.markdown());
                Files.writeString(workDir.resolve("soak.csv"), report.csv());

                assertEquals(0, counters.failures(), "every event accepted: " + counters);
                assertEquals(0, overcounted, "no event counted twice");
                assertTrue(allVisible, "every event visible within 2 minutes of the end");
                assertTrue(report.heapBounded(), "heap after collections does not grow: " + report.heapVerdict());
                assertTrue(report.lagBounded(), "lag does not grow: " + report.lagVerdict());
            }
        }
    }
}
