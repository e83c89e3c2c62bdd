package se.pks.stream.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * The peer a region would use today: the raw events loaded into PostgreSQL with COPY, the same weekly and monthly
 * figures and deviations computed with GROUP BY and a join to the plans. Its results stay in schema {@code bench}
 * and are compared row by row with what pks-stream wrote.
 *
 * <p>Compared measures: the plain counts and sums of one event each, {@value #COMPARED}. The peer applies the
 * contract's ledger rules (the last version of a provider's eventId wins, a deletion removes it) but no validation:
 * the benchmark load contains no invalid records.
 */
final class SqlPeer {

    static final String COMPARED =
            "first_visits, return_visits, emergency_visits, operations, operation_hours, discharges";
    private static final String COMPARED_LIST = "('first_visits', 'return_visits', 'emergency_visits', 'operations', "
            + "'operation_hours', 'discharges')";

    private static final String SCHEMA = """
            DROP SCHEMA IF EXISTS bench CASCADE;
            CREATE SCHEMA bench;
            CREATE UNLOGGED TABLE bench.raw_event (seq bigint, topic text, received_at timestamptz, body jsonb);
            CREATE UNLOGGED TABLE bench.plan (unit_id text, measure text, plan_kind text, granularity text,
                                              period_start date, value double precision)""";

    private static final String CURRENT_EVENTS = """
            CREATE UNLOGGED TABLE bench.current_event AS
            SELECT topic, body FROM (
                SELECT DISTINCT ON (body->>'providerId', body->>'eventId') topic, body
                FROM bench.raw_event
                ORDER BY body->>'providerId', body->>'eventId', seq DESC) latest
            WHERE NOT coalesce((body->>'deleted')::boolean, false)""";

    /** Operation hours are summed in seconds and divided once, as the stream does. */
    private static final String CONTRIBUTIONS = """
            CREATE UNLOGGED TABLE bench.contribution AS
            SELECT body->>'unitId' AS unit_id,
                   ((body->>'occurredAt')::timestamptz AT TIME ZONE 'Europe/Stockholm')::date AS day,
                   CASE body->>'visitType' WHEN 'FIRST' THEN 'first_visits' WHEN 'RETURN' THEN 'return_visits'
                        ELSE 'emergency_visits' END AS measure,
                   1::double precision AS amount
            FROM bench.current_event WHERE topic = 'pks.visits.v1'
            UNION ALL
            SELECT body->>'unitId', ((body->>'startedAt')::timestamptz AT TIME ZONE 'Europe/Stockholm')::date,
                   'operations', 1
            FROM bench.current_event WHERE topic = 'pks.operations.v1'
            UNION ALL
            SELECT body->>'unitId', ((body->>'startedAt')::timestamptz AT TIME ZONE 'Europe/Stockholm')::date,
                   'operation_hours',
                   extract(epoch FROM (body->>'endedAt')::timestamptz - (body->>'startedAt')::timestamptz)
            FROM bench.current_event WHERE topic = 'pks.operations.v1'
            UNION ALL
            SELECT body->>'unitId', ((body->>'dischargedAt')::timestamptz AT TIME ZONE 'Europe/Stockholm')::date,
                   'discharges', 1
            FROM bench.current_event WHERE topic = 'pks.bed-occupancy.v1' AND body->>'type' = 'DISCHARGE'""";

    private static final String FIGURES = """
            CREATE UNLOGGED TABLE bench.measure_value AS
            SELECT granularity, period_start, unit_id, measure,
                   CASE WHEN measure = 'operation_hours' THEN sum(amount) / 3600.0 ELSE sum(amount) END AS value
            FROM (SELECT 'WEEK' AS granularity, date_trunc('week', day)::date AS period_start, unit_id, measure, amount
                  FROM bench.contribution
                  UNION ALL
                  SELECT 'MONTH', date_trunc('month', day)::date, unit_id, measure, amount
                  FROM bench.contribution) periods
            GROUP BY granularity, period_start, unit_id, measure""";

    /** A count with no events in a planned period is 0, as in the stream. */
    private static final String DEVIATIONS = """
            CREATE UNLOGGED TABLE bench.deviation AS
            SELECT p.granularity, p.period_start, p.unit_id, p.measure, p.plan_kind,
                   coalesce(m.value, 0) AS actual, p.value AS expected, coalesce(m.value, 0) - p.value AS deviation
            FROM bench.plan p
            LEFT JOIN bench.measure_value m USING (granularity, period_start, unit_id, measure)
            WHERE p.measure IN """ + COMPARED_LIST;

    /**
     * Absent on one side counts as 0: the stream publishes a 0 for a visit type nobody had that week. The latency
     * step's units ({@link LoadFleet#UNIT_PREFIX}) are not part of the load the peer computes.
     */
    private static final String DIFFERING_VALUES = """
            SELECT count(*) FILTER (WHERE abs(coalesce(b.value, 0) - coalesce(s.value, 0)) > 1e-6), count(*)
            FROM bench.measure_value b
            FULL JOIN (SELECT granularity, period_start, unit_id, measure, value FROM pks.measure_value
                       WHERE unit_id NOT LIKE 'load-%' AND measure IN """ + COMPARED_LIST + """
            ) s USING (granularity, period_start, unit_id, measure)""";

    private static final String DIFFERING_DEVIATIONS = """
            SELECT count(*) FILTER (WHERE b.unit_id IS NULL OR s.unit_id IS NULL
                                       OR abs(b.actual - s.actual) > 1e-6 OR abs(b.expected - s.expected) > 1e-6
                                       OR abs(b.deviation - s.deviation) > 1e-6), count(*)
            FROM bench.deviation b
            FULL JOIN (SELECT * FROM pks.deviation WHERE measure IN """ + COMPARED_LIST + """
            ) s USING (granularity, period_start, unit_id, measure, plan_kind)""";

    private SqlPeer() {
    }

    /** Loads and computes; returns the time taken for each step. */
    static Timing compute(final String jdbcUrl, final Path rawEvents, final Path plans)
            throws SQLException, IOException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, "pks", "pks");
             Statement statement = db.createStatement()) {
            statement.execute(SCHEMA);
            final long started = System.nanoTime();
            copy(db, "bench.raw_event", rawEvents);
            copy(db, "bench.plan", plans);
            final long loaded = System.nanoTime();
            statement.execute(CURRENT_EVENTS);
            statement.execute(CONTRIBUTIONS);
            statement.execute(FIGURES);
            statement.execute(DEVIATIONS);
            final long computed = System.nanoTime();
            return new Timing(loaded - started, computed - loaded);
        }
    }

    static Differences compare(final String jdbcUrl) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, "pks", "pks");
             Statement statement = db.createStatement()) {
            final long[] values = counts(statement, DIFFERING_VALUES);
            final long[] deviations = counts(statement, DIFFERING_DEVIATIONS);
            return new Differences(values[0], values[1], deviations[0], deviations[1]);
        }
    }

    private static long[] counts(final Statement statement, final String query) throws SQLException {
        try (ResultSet row = statement.executeQuery(query)) {
            row.next();
            return new long[] {row.getLong(1), row.getLong(2)};
        }
    }

    private static void copy(final Connection db, final String table, final Path file)
            throws SQLException, IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN", reader);
        }
    }

    record Timing(long loadNanos, long computeNanos) {

        double seconds() {
            return (loadNanos + computeNanos) / 1e9;
        }
    }

    record Differences(long values, long valuesCompared, long deviations, long deviationsCompared) {
    }
}
