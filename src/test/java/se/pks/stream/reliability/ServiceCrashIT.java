package se.pks.stream.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import se.pks.stream.testing.Machine;
import se.pks.stream.testing.PackagedService;

/**
 * Crash test (issue 8): the packaged service is killed with SIGKILL at random moments while it processes a known
 * dataset, restarted each time on the same state directory (a pod restarted on its volume), and must end with exactly
 * the figures of an undisturbed run: no event lost, none counted twice.
 *
 * <p>Kill points, drawn from a seed that is printed (rerun with {@code -Dpks.reliability.seed=...}):
 * <ol>
 *   <li>early: once Kafka Streams has committed 10-30 % of the events;</li>
 *   <li>inside a database sink transaction: once 35-55 % are committed, at the first moment a transaction of the
 *       sink holds uncommitted writes to {@code pks.measure_value}, {@code pks.deviation} or {@code pks.sink_offset}
 *       (seen in {@code pg_stat_activity}); afterwards PostgreSQL must report that transaction as aborted;</li>
 *   <li>during start-up: 2-8 s after the restart that follows (state restoration, rebalance);</li>
 *   <li>late: once 60-85 % are committed.</li>
 * </ol>
 * Run alone: {@code ./mvnw verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ServiceCrashIT}.
 */
class ServiceCrashIT {

    private static final String APPLICATION_ID = "pks-crash";
    private static final Duration POINT_LIMIT = Duration.ofMinutes(5);
    /** Sink transactions that end in the instant between seeing one and the kill: try again on the next start. */
    private static final int SINK_KILL_ATTEMPTS = 3;
    private static final String OPEN_SINK_WRITE = """
            SELECT backend_xid::text FROM pg_stat_activity
            WHERE application_name = ? AND backend_xid IS NOT NULL AND state IN ('active', 'idle in transaction')
              AND query ~* '^\\s*(INSERT INTO|DELETE FROM) pks\\.(measure_value|deviation|sink_offset)\\M'
            LIMIT 1""";

    @Test
    void killedAtRandomPointsTheServiceEndsWithTheFiguresOfAnUndisturbedRun() throws Exception {
        final UndisturbedRun.Result undisturbed = UndisturbedRun.result();
        final long seed = Long.getLong("pks.reliability.seed", System.currentTimeMillis());
        System.out.println("ServiceCrashIT seed " + seed + " (rerun with -Dpks.reliability.seed=" + seed + ")");
        final Random random = new Random(seed);
        final Dataset dataset = Dataset.get();
        final long events = dataset.eventCount();
        final Path dir = WorkDirs.fresh("crash");

        try (Cluster cluster = Cluster.start(dir, APPLICATION_ID)) {
            dataset.produceAll(cluster.bootstrap());
            final Instance instance = cluster.instance(APPLICATION_ID, dir.resolve("state"), 0, dir);
            final List<Kill> kills = new ArrayList<>();
            final long started = System.nanoTime();
            PackagedService service = instance.start(APPLICATION_ID + "-1");
            try (RunWatch watch = new RunWatch(cluster, APPLICATION_ID, events)) {
                service = killAtFraction("early", between(random, 0.10, 0.30), service, instance, watch,
                        undisturbed, kills);
                service = killInSinkTransaction(between(random, 0.35, 0.55), service, instance, watch, undisturbed,
                        kills);
                service = killAfterStart(Duration.ofMillis(2000 + random.nextInt(6000)), service, instance, watch,
                        undisturbed, kills);
                service = killAtFraction("late", between(random, 0.60, 0.85), service, instance, watch,
                        undisturbed, kills);
                final PackagedService last = service;
                final Progress settled = watch.awaitSettled(RunWatch.SETTLE_LIMIT, last::isAlive);
                final double seconds = (System.nanoTime() - started) / 1e9;
                final FiguresSnapshot figures = FiguresSnapshot.take(cluster.jdbcUrl());

                System.out.printf("Crash run: %s in %.1f s with %d kills (load average %s); undisturbed %.1f s%n",
                        settled, seconds, kills.size(), Machine.loadAverage(),
                        undisturbed.took().toMillis() / 1000.0);
                kills.forEach(kill -> System.out.println("  " + kill.describe(events)));

                final List<String> differences = figures.differencesFrom(undisturbed.figures());
                if (!differences.isEmpty()) {
                    fail(differences.size() + " rows differ from the undisturbed run:\n"
                            + String.join("\n", differences.subList(0, Math.min(200, differences.size()))));
                }
                assertEquals(undisturbed.figures().measureValues().size(), figures.measureValues().size());
                assertTrue(figures.measureValues().size() > 1000 && figures.deviations().size() > 1000,
                        "the dataset yields thousands of figures to compare");

                final long midProcessing = kills.stream().filter(kill -> kill.midProcessing(events)).count();
                assertTrue(midProcessing >= 3, "at least three kills fell while events were still unprocessed and "
                        + "figures not yet final: " + kills);
                assertTrue(kills.stream().anyMatch(kill -> "aborted".equals(kill.sinkTransaction())),
                        "one kill fell inside a sink transaction, which PostgreSQL rolled back: " + kills);
            } finally {
                if (service.isAlive()) {
                    service.terminate();
                }
            }
        }
    }

    private static PackagedService killAtFraction(final String label, final double fraction,
                                                 final PackagedService service, final Instance instance,
                                                 final RunWatch watch, final UndisturbedRun.Result undisturbed,
                                                 final List<Kill> kills) throws Exception {
        final long target = (long) Math.ceil(fraction * watch.events());
        final long deadline = System.nanoTime() + POINT_LIMIT.toNanos();
        while (watch.poll().inputCommitted() < target) {
            checkRunning(service, deadline, label);
            Thread.sleep(50);
        }
        return killAndRestart(String.format("%s (%.0f %% committed)", label, fraction * 100), service, instance,
                watch, undisturbed, kills, null);
    }

    private static PackagedService killInSinkTransaction(final double fraction, final PackagedService first,
                                                        final Instance instance, final RunWatch watch,
                                                        final UndisturbedRun.Result undisturbed,
                                                        final List<Kill> kills) throws Exception {
        final long target = (long) Math.ceil(fraction * watch.events());
        PackagedService service = first;
        for (int attempt = 1; attempt <= SINK_KILL_ATTEMPTS; attempt++) {
            final long deadline = System.nanoTime() + POINT_LIMIT.toNanos();
            while (watch.poll().inputCommitted() < target) {
                checkRunning(service, deadline, "sink");
                Thread.sleep(50);
            }
            try (PreparedStatement open = watch.db().prepareStatement(OPEN_SINK_WRITE)) {
                open.setString(1, service.name());
                String xid = null;
                while (xid == null) {
                    checkRunning(service, deadline, "sink transaction");
                    try (ResultSet row = open.executeQuery()) {
                        xid = row.next() ? row.getString(1) : null;
                    }
                }
                service = killAndRestart(String.format("in a sink transaction (after %.0f %% committed)",
                        fraction * 100), service, instance, watch, undisturbed, kills, xid);
            }
            if ("aborted".equals(kills.getLast().sinkTransaction())) {
                break;
            }
        }
        return service;
    }

    private static PackagedService killAfterStart(final Duration uptime, final PackagedService service,
                                                 final Instance instance, final RunWatch watch,
                                                 final UndisturbedRun.Result undisturbed, final List<Kill> kills)
            throws Exception {
        while (service.uptime().compareTo(uptime) < 0) {
            checkRunning(service, Long.MAX_VALUE, "start-up");
            Thread.sleep(20);
        }
        return killAndRestart(String.format("during start-up (%.1f s after launch)", uptime.toMillis() / 1000.0),
                service, instance, watch, undisturbed, kills, null);
    }

    private static PackagedService killAndRestart(final String point, final PackagedService service,
                                                 final Instance instance, final RunWatch watch,
                                                 final UndisturbedRun.Result undisturbed, final List<Kill> kills,
                                                 final String sinkXid) throws Exception {
        service.kill();
        final Progress atKill = watch.poll();
        final FiguresSnapshot stored = FiguresSnapshot.take(instance.jdbcUrl());
        final String sinkTransaction = sinkXid == null ? null : transactionStatus(watch.db(), sinkXid);
        final Kill kill = new Kill(kills.size() + 1, point, service.pid(), service.uptime(), atKill,
                finalRows(stored, undisturbed.figures()), rowCount(undisturbed.figures()), sinkTransaction);
        kills.add(kill);
        System.out.println("Killed: " + kill.describe(watch.events()));
        return instance.start(APPLICATION_ID + "-" + (kills.size() + 1));
    }

    private static long rowCount(final FiguresSnapshot figures) {
        return figures.measureValues().size() + figures.deviations().size();
    }

    /** Rows already holding the value they end with in the undisturbed run. */
    private static long finalRows(final FiguresSnapshot stored, final FiguresSnapshot undisturbed) {
        return stored.measureValues().entrySet().stream()
                .filter(row -> row.getValue().equals(undisturbed.measureValues().get(row.getKey()))).count()
                + stored.deviations().entrySet().stream()
                .filter(row -> row.getValue().equals(undisturbed.deviations().get(row.getKey()))).count();
    }

    /** Once the killed connection is gone, PostgreSQL knows whether its transaction committed. */
    private static String transactionStatus(final Connection db, final String xid) throws Exception {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (PreparedStatement status = db.prepareStatement("SELECT pg_xact_status(?::xid8)")) {
            status.setString(1, xid);
            while (System.nanoTime() < deadline) {
                try (ResultSet row = status.executeQuery()) {
                    row.next();
                    final String state = row.getString(1);
                    if (!"in progress".equals(state)) {
                        return state;
                    }
                }
                Thread.sleep(50);
            }
        }
        return "in progress";
    }

    private static void checkRunning(final PackagedService service, final long deadline, final String point) {
        if (!service.isAlive()) {
            throw new IllegalStateException(service.name() + " died on its own before the " + point + " kill");
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("The " + point + " kill point was not reached within " + POINT_LIMIT);
        }
    }

    private static double between(final Random random, final double low, final double high) {
        return low + random.nextDouble() * (high - low);
    }

    /**
     * One kill and what the database and Kafka held at that moment.
     *
     * @param finalRows rows of the two tables that already held their final value, of {@code rows}
     * @param sinkTransaction for a kill inside a sink transaction, its fate: "aborted" when the kill fell inside it
     */
    private record Kill(int number, String point, long pid, Duration uptime, Progress progress, long finalRows,
            long rows, String sinkTransaction) {

        /**
         * Records were left to process on some stage (events not yet committed, internal topics or the database sink
         * behind) and figures left to correct: the kill interrupted real work. The sink counts as a stage because the
         * streams step can finish its input well before the database has every figure.
         */
        boolean midProcessing(final long events) {
            final boolean workLeft = progress.inputCommitted() < events || progress.internalLag() > 0
                    || progress.sinkLag() > 0;
            return progress.inputCommitted() > 0 && workLeft && finalRows < rows;
        }

        String describe(final long events) {
            return String.format("kill %d %s: pid %d after %.1f s up; %,d of %,d events committed; "
                            + "%,d of %,d rows final%s", number, point, pid, uptime.toMillis() / 1000.0,
                    progress.inputCommitted(), events, finalRows, rows,
                    sinkTransaction == null ? "" : "; sink transaction " + sinkTransaction);
        }
    }
}
