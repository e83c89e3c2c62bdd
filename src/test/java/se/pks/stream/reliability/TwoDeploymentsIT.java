package se.pks.stream.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import se.pks.stream.local.EmbeddedDatabase;
import se.pks.stream.testing.Machine;
import se.pks.stream.testing.PackagedService;

/**
 * Two deployments on one Kafka cluster, each with its own application id and its own database (issue 15): production
 * works through the dataset and is left running; then staging starts beside it, as a new application id does during an
 * upgrade, and replays the same events from the beginning.
 *
 * <p>Staging's replay publishes every figure again, many of them half counted on the way. While it runs, production's
 * database must not change at all: not a figure, not a deviation, not a stored sink position. When the deployments
 * shared their output topics, production's sink read staging's half-counted figures into production's tables, and its
 * positions moved with every batch staging wrote. At the end both databases hold exactly the figures of an undisturbed
 * run, every row of them, not a share.
 *
 * <p>Run alone: {@code ./mvnw verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=TwoDeploymentsIT}.
 */
class TwoDeploymentsIT {

    private static final String PRODUCTION = "pks-production";
    private static final String STAGING = "pks-staging";
    /** Reads of production's database a second apart that must agree before it counts as at rest. */
    private static final int QUIET_READS = 3;
    private static final Duration REST_LIMIT = Duration.ofMinutes(2);
    private static final String POSITIONS =
            "SELECT topic || '-' || partition, next_offset FROM pks.sink_offset";

    @Test
    void eachDeploymentReadsOnlyItsOwnFiguresIntoItsOwnDatabase() throws Exception {
        final UndisturbedRun.Result undisturbed = UndisturbedRun.result();
        final Dataset dataset = Dataset.get();
        final Path dir = WorkDirs.fresh("two-deployments");
        try (Cluster cluster = Cluster.start(dir, PRODUCTION, STAGING);
             EmbeddedDatabase stagingDatabase = EmbeddedDatabase.startTemporary();
             RunWatch productionWatch = new RunWatch(cluster, PRODUCTION, dataset.eventCount());
             RunWatch stagingWatch = new RunWatch(cluster.bootstrap(), stagingDatabase.superuserJdbcUrl(), STAGING,
                     dataset.eventCount())) {
            dataset.produceAll(cluster.bootstrap());
            // Stopped before the broker and the databases go, so that they stop in order and quickly.
            final List<PackagedService> started = new ArrayList<>();
            try {
                final PackagedService production = start(cluster.instance(PRODUCTION,
                        dir.resolve("state-production"), 0, dir), started);
                final Progress productionSettled =
                        productionWatch.awaitSettled(RunWatch.SETTLE_LIMIT, production::isAlive);
                assertSameFigures(undisturbed.figures(), FiguresSnapshot.take(cluster.jdbcUrl()),
                        "production, alone");
                final DatabaseState productionAlone = atRest(productionWatch.db());

                final long stagingLaunched = System.nanoTime();
                final PackagedService staging = start(cluster.instance(STAGING, stagingDatabase,
                        dir.resolve("state-staging"), 0, dir), started);
                final List<String> changes = new ArrayList<>();
                final Progress stagingSettled = stagingWatch.awaitSettled(RunWatch.SETTLE_LIMIT,
                        () -> production.isAlive() && staging.isAlive()
                                && unchanged(productionWatch.db(), productionAlone, changes));
                System.out.printf("Two deployments: production %s; staging %s, settled in %.1f s beside it (load"
                                + " average %s)%n", productionSettled, stagingSettled,
                        (System.nanoTime() - stagingLaunched) / 1e9, Machine.loadAverage());

                assertEquals(List.of(), changes, "production's database changed while staging replayed beside it");
                assertEquals(productionAlone, DatabaseState.read(productionWatch.db()),
                        "production's database after staging settled");
                assertSameFigures(undisturbed.figures(), FiguresSnapshot.take(stagingDatabase.jdbcUrl()), "staging");
                assertSameFigures(undisturbed.figures(), FiguresSnapshot.take(cluster.jdbcUrl()),
                        "production, after staging's replay");
            } finally {
                for (final PackagedService service : started) {
                    service.terminate();
                }
            }
        }
    }

    private static PackagedService start(final Instance instance, final List<PackagedService> started)
            throws Exception {
        final PackagedService service = instance.start(instance.applicationId());
        started.add(service);
        return service;
    }

    /**
     * The settled run's last writes may still be landing on the topics the settle check does not watch (feed quality,
     * rejections): waits until the database has stopped changing.
     */
    private static DatabaseState atRest(final Connection db) throws Exception {
        final long deadline = System.nanoTime() + REST_LIMIT.toNanos();
        DatabaseState last = DatabaseState.read(db);
        int agreeing = 1;
        while (agreeing < QUIET_READS) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Production's database still changing after " + REST_LIMIT);
            }
            Thread.sleep(1000);
            final DatabaseState now = DatabaseState.read(db);
            agreeing = now.equals(last) ? agreeing + 1 : 1;
            last = now;
        }
        return last;
    }

    /**
     * Called by the staging watch about once a second: notes the first moment production's database differs from
     * {@code expected}, and keeps the run going, so that the test reports how it differed rather than a timeout.
     */
    private static boolean unchanged(final Connection db, final DatabaseState expected, final List<String> changes) {
        if (changes.isEmpty()) {
            try {
                final DatabaseState now = DatabaseState.read(db);
                if (!now.equals(expected)) {
                    changes.add("before " + expected + ", then " + now);
                }
            } catch (final SQLException e) {
                changes.add("could not read production's database: " + e.getMessage());
            }
        }
        return true;
    }

    private static void assertSameFigures(final FiguresSnapshot expected, final FiguresSnapshot actual,
                                          final String which) {
        final List<String> differences = actual.differencesFrom(expected);
        assertEquals(List.of(), differences.subList(0, Math.min(50, differences.size())),
                which + ": " + differences.size() + " rows differ from the undisturbed run (first 50 shown)");
    }

    /** What a deployment's sink has done to its database: the figure tables' fingerprint and its stored positions. */
    private record DatabaseState(String figures, Map<String, Long> positions) {

        static DatabaseState read(final Connection db) throws SQLException {
            final Map<String, Long> positions = new TreeMap<>();
            try (Statement statement = db.createStatement()) {
                try (ResultSet rows = statement.executeQuery(POSITIONS)) {
                    while (rows.next()) {
                        positions.put(rows.getString(1), rows.getLong(2));
                    }
                }
                try (ResultSet row = statement.executeQuery(Progress.FINGERPRINT)) {
                    row.next();
                    return new DatabaseState(row.getString(3), positions);
                }
            }
        }

        @Override
        public String toString() {
            return "figures " + figures + ", sink positions " + positions;
        }
    }
}
