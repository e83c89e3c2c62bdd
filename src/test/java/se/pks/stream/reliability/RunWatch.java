package se.pks.stream.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;

/** Watches one run from outside: progress polls, and waiting until every event has become a stored figure. */
final class RunWatch implements AutoCloseable {

    /** Polls (one a second) with every lag at zero and the tables unchanged before a run counts as finished. */
    private static final int QUIET_POLLS = 5;
    /**
     * Generous: about a minute on an idle 2-core machine, but several on a machine shared with other builds. A
     * service that hangs or loops is still caught.
     */
    static final Duration SETTLE_LIMIT = Duration.ofMinutes(15);

    private final Admin admin;
    private final CommittedRecords records;
    private final Connection db;
    private final String applicationId;
    private final long events;

    RunWatch(final Cluster cluster, final String applicationId, final long events) throws SQLException {
        this(cluster.bootstrap(), cluster.database().superuserJdbcUrl(), applicationId, events);
    }

    /**
     * @param superuserJdbcUrl the superuser: the service logs in as pks_service, and pg_stat_activity shows another
     *     role's statements and transaction ids (the crash test's kill point inside a sink transaction) only to a
     *     superuser
     */
    RunWatch(final String bootstrap, final String superuserJdbcUrl, final String applicationId, final long events)
            throws SQLException {
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
        this.records = new CommittedRecords(bootstrap, admin);
        this.db = DriverManager.getConnection(superuserJdbcUrl);
        this.applicationId = applicationId;
        this.events = events;
    }

    Progress poll() throws Exception {
        return Progress.read(admin, records, db, applicationId);
    }

    Admin admin() {
        return admin;
    }

    Connection db() {
        return db;
    }

    long events() {
        return events;
    }

    /**
     * Waits until Kafka Streams has committed every event and every internal record, the sink has stored everything
     * on its topics, and the tables have stopped changing (figures are published every second, deviations one join
     * later).
     *
     * @param running false when a service process that should be running has died
     */
    Progress awaitSettled(final Duration limit, final BooleanSupplier running) throws Exception {
        final long deadline = System.nanoTime() + limit.toNanos();
        Progress previous = null;
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            if (!running.getAsBoolean()) {
                throw new IllegalStateException("A service process died; last progress " + previous);
            }
            Thread.sleep(1000);
            final Progress now = poll();
            final boolean unchanged = previous != null && Objects.equals(now.fingerprint(), previous.fingerprint());
            quiet = now.caughtUp(events) && unchanged ? quiet + 1 : 0;
            previous = now;
            if (quiet >= QUIET_POLLS) {
                return now;
            }
        }
        throw new IllegalStateException("Not settled within " + limit + "; last progress " + previous);
    }

    @Override
    public void close() throws SQLException {
        try (admin; records) {
            db.close();
        }
    }
}
