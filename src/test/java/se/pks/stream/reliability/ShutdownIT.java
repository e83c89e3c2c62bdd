package se.pks.stream.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import se.pks.stream.testing.PackagedService;
import se.pks.stream.testing.Stopping;

/**
 * Issue 22: the packaged service, sent SIGTERM while it works through a backlog, stops in order within its limit
 * (20 s, PksMain), with exit status 0 and neither an ERROR nor a stack trace in what it logs meanwhile; started again
 * on the same state, it ends with exactly the figures of an undisturbed run, as after the crash test's SIGKILLs.
 * The local run has its own test ({@link LocalRunShutdownIT}).
 *
 * <p>Run alone: {@code ./mvnw verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ShutdownIT}.
 */
class ShutdownIT {

    private static final String APPLICATION_ID = "pks-shutdown";
    /** The service halts itself at 20 s; the limit here leaves room for a JVM that exits a moment late. */
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Duration LOAD_LIMIT = Duration.ofMinutes(5);
    /**
     * The share of the events committed by the first step when the stop comes; another share with {@code
     * -Dpks.shutdown-it.stop-at=0.05}, e.g. to stop before the follow-up step has published much.
     */
    private static final double STOP_AT = Double.parseDouble(System.getProperty("pks.shutdown-it.stop-at", "0.4"));

    @Test
    void stoppedUnderLoadTheServiceExitsCleanlyInTimeAndKeepsExactFigures() throws Exception {
        final UndisturbedRun.Result undisturbed = UndisturbedRun.result();
        final Dataset dataset = Dataset.get();
        final Path dir = WorkDirs.fresh("shutdown");
        try (Cluster cluster = Cluster.start(dir, APPLICATION_ID)) {
            dataset.produceAll(cluster.bootstrap());
            final Instance instance = cluster.instance(APPLICATION_ID, dir.resolve("state"), 0, dir);
            try (RunWatch watch = new RunWatch(cluster, APPLICATION_ID, dataset.eventCount())) {
                final PackagedService busy = instance.start(APPLICATION_ID + "-1");
                awaitCommitted(watch, busy, Math.round(dataset.eventCount() * STOP_AT));
                final Progress atStop = watch.poll();
                assertStopsCleanly(busy);
                final Map<TopicPartition, Long> purged;
                try (Admin admin = cluster.admin()) {
                    purged = LossDiagnosis.purgedUnread(admin, APPLICATION_ID);
                }
                // Work left on some stage: the streams step can finish its input well before the internal topic and
                // the database sink have every figure, and a stop there interrupts real work too.
                assertTrue(atStop.inputCommitted() < dataset.eventCount() || atStop.internalLag() > 0
                                || atStop.sinkLag() > 0,
                        "the stop fell while records were still to process on some stage: " + atStop);

                final PackagedService restarted = instance.start(APPLICATION_ID + "-2");
                final Progress settled = watch.awaitSettled(RunWatch.SETTLE_LIMIT, restarted::isAlive);
                final FiguresSnapshot figures = FiguresSnapshot.take(cluster.jdbcUrl());
                System.out.printf("Shutdown run: stopped at %s, settled at %s%n", atStop, settled);
                final List<String> differences = figures.differencesFrom(undisturbed.figures());
                if (!differences.isEmpty()) {
                    Files.write(dir.resolve("differences.txt"), differences);
                    fail(differences.size() + " rows differ from the undisturbed run:\n"
                            + String.join("\n", differences.subList(0, Math.min(200, differences.size()))) + "\n"
                            + LossDiagnosis.publishedValues(cluster.bootstrap(), APPLICATION_ID, differences)
                            + "Repartition records purged before they were committed, at the stop: " + purged);
                }
                assertEquals(Map.of(), purged, "the broker purged repartition records the stream had not committed");
                assertEquals(undisturbed.figures().measureValues().size(), figures.measureValues().size());
                assertTrue(figures.measureValues().size() > 1000, "thousands of figures were compared");
                // Idle this time: nothing to finish, so the stop must be quicker still.
                assertStopsCleanly(restarted);
            }
        }
    }

    private static void assertStopsCleanly(final PackagedService service) throws Exception {
        final long logged = Stopping.size(service.log());
        final Duration took = service.terminateWithin(LIMIT);
        final List<String> lines = Stopping.linesFrom(service.log(), logged);
        System.out.printf("%s stopped in %.1f s after SIGTERM, exit %d, %d lines of log:%n  %s%n", service.name(),
                took.toMillis() / 1000.0, service.exitValue(), lines.size(), String.join("\n  ", lines));
        assertEquals(0, service.exitValue(), "an orderly shutdown exits with 0; see " + service.log());
        assertEquals(List.of(), Stopping.errorsAndStackTraces(lines), "no ERROR or stack trace while stopping");
    }

    private static void awaitCommitted(final RunWatch watch, final PackagedService service, final long target)
            throws Exception {
        final long deadline = System.nanoTime() + LOAD_LIMIT.toNanos();
        while (watch.poll().inputCommitted() < target) {
            service.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(target + " events not committed within " + LOAD_LIMIT);
            }
            Thread.sleep(100);
        }
    }
}
