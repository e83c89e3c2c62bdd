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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The peer a region would use today: the raw events loaded into PostgreSQL with COPY, the same weekly and monthly
 * figures and deviations computed with plain SQL (GROUP BY, a calendar of period ends, a join to the plans). Its
 * results stay in schema {@code bench} and are compared row by row with what pks-stream wrote.
 *
 * <p>The SQL is written from the rules in docs/DOMAIN.md, docs/event-contract.md and
 * docs/status-projection-queues.md (census of the day, length of stay in calendar days, a waiting-list entry waiting
 * from its addition up to its removal, the 90-day guarantee), not translated from the stream's code. It applies the
 * contract's ledger rules (the last version of a provider's eventId wins, a deletion removes it) but no validation:
 * the benchmark load contains no invalid records.
 *
 * <p>Its tables are ordinary logged tables on the same server and with the same durability settings as the service's
 * (fsync and synchronous commit on, every write in the write-ahead log): unlogged tables would skip the WAL the
 * service's own writes pay for, and flatter the peer.
 */
final class SqlPeer {

    /** The measure groups compared, each with its measures (every measure the stream publishes per unit). */
    static final List<Group> GROUPS = List.of(
            new Group("counts", "first_visits, return_visits, emergency_visits, operations, operation_hours, discharges"),
            new Group("bed census", "care_days, staffed_beds, occupancy_rate"),
            new Group("length of stay", "avg_length_of_stay"),
            new Group("waiting-list flows", "referrals_in, removals, referrals_in_first_visit, referrals_in_treatment, "
                    + "removals_first_visit, removals_treatment"),
            new Group("waiting-list levels", "waiting_count, waiting_count_first_visit, waiting_count_treatment, "
                    + "mean_wait_days, mean_wait_days_first_visit, mean_wait_days_treatment, waiting_over_limit, "
                    + "guarantee_compliance, medical_target_compliance"));

    /** Compares from this period start on: every period. */
    static final LocalDate ALL_PERIODS = LocalDate.of(1, 1, 1);

    /** The care guarantee's limit in days (national 0-3-90-90 rule, the service's default for both types). */
    private static final int GUARANTEE_LIMIT_DAYS = 90;

    private static final String SCHEMA = """
            DROP SCHEMA IF EXISTS bench CASCADE;
            CREATE SCHEMA bench;
            CREATE TABLE bench.raw_event (seq bigint, topic text, received_at timestamptz, body jsonb);
            CREATE TABLE bench.plan (unit_id text, measure text, plan_kind text, granularity text,
                                              period_start date, value double precision)""";

    private static final String DROP_DERIVED = """
            DROP TABLE IF EXISTS bench.current_event, bench.census_day, bench.waiting_entry, bench.contribution,
                                 bench.period_sum, bench.level, bench.measure_value, bench.deviation""";

    private static final String CURRENT_EVENTS = """
            CREATE TABLE bench.current_event AS
            SELECT seq, topic, body FROM (
                SELECT DISTINCT ON (body->>'providerId', body->>'eventId') seq, topic, body
                FROM bench.raw_event
                ORDER BY body->>'providerId', body->>'eventId', seq DESC) latest
            WHERE NOT coalesce((body->>'deleted')::boolean, false)""";

    /** A unit's census of a local day is the one taken latest that day (ties: the greatest eventId). */
    private static final String CENSUS_DAYS = """
            CREATE TABLE bench.census_day AS
            SELECT DISTINCT ON (unit_id, day) unit_id, day, staffed, occupied
            FROM (SELECT body->>'unitId' AS unit_id, body->>'eventId' AS event_id,
                         (body->>'occurredAt')::timestamptz AS taken_at,
                         ((body->>'occurredAt')::timestamptz AT TIME ZONE 'Europe/Stockholm')::date AS day,
                         (body->>'staffedBeds')::bigint AS staffed, (body->>'occupiedBeds')::bigint AS occupied
                  FROM bench.current_event WHERE topic = 'pks.bed-occupancy.v1' AND body->>'type' = 'CENSUS') c
            ORDER BY unit_id, day, taken_at DESC, event_id DESC""";

    /**
     * One row per referral (unit, provider, referralId) that has an addition: the latest addition and removal still
     * standing. It waits on every local day from the addition up to, not including, the removal (a removal dated
     * before the addition counts as same-day).
     */
    private static final String WAITING_ENTRIES = """
            CREATE TABLE bench.waiting_entry AS
            SELECT unit_id, guarantee, since, target_date, chosen, added_on,
                   CASE WHEN removed_on < added_on THEN added_on ELSE removed_on END AS removed_on
            FROM (SELECT unit_id, added->>'guarantee' AS guarantee, (added->>'waitingSince')::date AS since,
                         (added->>'medicalTargetDate')::date AS target_date,
                         coalesce((added->>'patientChosenWait')::boolean, false) AS chosen,
                         ((added->>'occurredAt')::timestamptz AT TIME ZONE 'Europe/Stockholm')::date AS added_on,
                         ((removed->>'occurredAt')::timestamptz AT TIME ZONE 'Europe/Stockholm')::date AS removed_on
                  FROM (SELECT body->>'unitId' AS unit_id,
                               (array_agg(body ORDER BY seq DESC) FILTER (WHERE body->>'action' = 'ADDED'))[1]
                               AS added,
                               (array_agg(body ORDER BY seq DESC) FILTER (WHERE body->>'action' = 'REMOVED'))[1]
                               AS removed
                        FROM bench.current_event WHERE topic = 'pks.waiting-list.v1'
                        GROUP BY body->>'unitId', body->>'providerId', body->>'referralId') referral
                  WHERE added IS NOT NULL) entry""";

    /** Everything summed within a period, on the local day it belongs to. Operation hours are summed in seconds. */
    private static final String CONTRIBUTIONS = """
            CREATE TABLE bench.contribution AS
            SELECT body->>'unitId' AS unit_id,
                   ((body->>'occurredAt')::timestamptz AT TIME ZONE 'Europe/Stockholm')::date AS day,
                   CASE body->>'visitType' WHEN 'FIRST' THEN 'first_visits' WHEN 'RETURN' THEN 'return_visits'
                        ELSE 'emergency_visits' END AS part,
                   1::bigint AS amount
            FROM bench.current_event WHERE topic = 'pks.visits.v1'
            UNION ALL
            SELECT body->>'unitId', ((body->>'startedAt')::timestamptz AT TIME ZONE 'Europe/Stockholm')::date,
                   p.part, CASE p.part WHEN 'operations' THEN 1
                       ELSE extract(epoch FROM (body->>'endedAt')::timestamptz
                                               - (body->>'startedAt')::timestamptz)::bigint END
            FROM bench.current_event, (VALUES ('operations'), ('operation_seconds')) p(part)
            WHERE topic = 'pks.operations.v1'
            UNION ALL
            SELECT unit_id, day, p.part,
                   CASE p.part WHEN 'discharges' THEN 1 ELSE discharged - admitted END
            FROM (SELECT body->>'unitId' AS unit_id,
                         ((body->>'dischargedAt')::timestamptz AT TIME ZONE 'Europe/Stockholm')::date AS day,
                         ((body->>'dischargedAt')::timestamptz AT TIME ZONE 'Europe/Stockholm')::date AS discharged,
                         ((body->>'admittedAt')::timestamptz AT TIME ZONE 'Europe/Stockholm')::date AS admitted
                  FROM bench.current_event WHERE topic = 'pks.bed-occupancy.v1' AND body->>'type' = 'DISCHARGE') d,
                 (VALUES ('discharges'), ('stay_days')) p(part)
            UNION ALL
            SELECT unit_id, day, p.part, CASE p.part WHEN 'censuses' THEN 1 WHEN 'staffed' THEN staffed
                                                     ELSE occupied END
            FROM bench.census_day, (VALUES ('censuses'), ('staffed'), ('occupied')) p(part)
            UNION ALL
            SELECT unit_id, added_on, p.part, 1
            FROM bench.waiting_entry,
                 LATERAL (VALUES ('referrals_in'), (CASE guarantee WHEN 'FIRST_VISIT' THEN 'referrals_in_first_visit'
                                                    ELSE 'referrals_in_treatment' END)) p(part)
            UNION ALL
            SELECT unit_id, removed_on, p.part, 1
            FROM bench.waiting_entry,
                 LATERAL (VALUES ('removals'), (CASE guarantee WHEN 'FIRST_VISIT' THEN 'removals_first_visit'
                                                ELSE 'removals_treatment' END)) p(part)
            WHERE removed_on IS NOT NULL""";

    private static final String PERIOD_SUMS = """
            CREATE TABLE bench.period_sum AS
            SELECT granularity, period_start, unit_id, part, sum(amount) AS amount
            FROM (SELECT 'WEEK' AS granularity, date_trunc('week', day)::date AS period_start, unit_id, part, amount
                  FROM bench.contribution
                  UNION ALL
                  SELECT 'MONTH', date_trunc('month', day)::date, unit_id, part, amount
                  FROM bench.contribution) periods
            GROUP BY granularity, period_start, unit_id, part""";

    /**
     * The waiting lists at every period end (its last day), for each unit from the period of its first entry up to the
     * period of {@code :today} (the local day of the newest event received: later periods have no level yet). An
     * entry counts on day d when added_on <= d < removed_on; it is over the guarantee when d - since > the limit and
     * past its medical target when d > the target date; patient-chosen waits are outside the guarantee.
     */
    private static final String LEVELS = """
            CREATE TABLE bench.level AS
            WITH granularity(name, step) AS (VALUES ('WEEK', interval '1 week'), ('MONTH', interval '1 month')),
            period AS (
                SELECT g.name AS granularity, u.unit_id, p::date AS period_start, (p + g.step - interval '1 day')::date
                       AS period_end
                FROM (SELECT unit_id, min(added_on) AS first_day FROM bench.waiting_entry
                      WHERE removed_on IS NULL OR removed_on > added_on GROUP BY unit_id) u
                CROSS JOIN granularity g
                CROSS JOIN LATERAL generate_series(date_trunc(lower(g.name), u.first_day::timestamp),
                                                   date_trunc(lower(g.name), :today::date::timestamp), g.step) p)
            SELECT p.granularity, p.period_start, p.unit_id, count(e.unit_id) AS waiting,
                   sum(p.period_end - e.since) AS days_waited,
                   count(*) FILTER (WHERE e.guarantee = 'FIRST_VISIT') AS waiting_first_visit,
                   sum(p.period_end - e.since) FILTER (WHERE e.guarantee = 'FIRST_VISIT') AS days_waited_first_visit,
                   count(*) FILTER (WHERE e.guarantee = 'TREATMENT') AS waiting_treatment,
                   sum(p.period_end - e.since) FILTER (WHERE e.guarantee = 'TREATMENT') AS days_waited_treatment,
                   count(*) FILTER (WHERE NOT e.chosen) AS guaranteed,
                   count(*) FILTER (WHERE NOT e.chosen AND p.period_end - e.since > :limit) AS over_limit,
                   count(*) FILTER (WHERE NOT e.chosen AND e.target_date IS NOT NULL) AS with_target,
                   count(*) FILTER (WHERE NOT e.chosen AND e.target_date < p.period_end) AS past_target
            FROM period p
            LEFT JOIN bench.waiting_entry e ON e.unit_id = p.unit_id AND e.added_on <= p.period_end
                                           AND (e.removed_on IS NULL OR e.removed_on > p.period_end)
            GROUP BY p.granularity, p.period_start, p.unit_id""";

    /** A rate over nothing has no value (no row); operation hours are divided once, from the summed seconds. */
    private static final String FIGURES = """
            CREATE TABLE bench.measure_value AS
            WITH bucket AS (
                SELECT granularity, period_start, unit_id,
                       sum(amount) FILTER (WHERE part = 'censuses') AS censuses,
                       sum(amount) FILTER (WHERE part = 'staffed') AS staffed,
                       sum(amount) FILTER (WHERE part = 'occupied') AS occupied,
                       sum(amount) FILTER (WHERE part = 'discharges') AS discharges,
                       sum(amount) FILTER (WHERE part = 'stay_days') AS stay_days
                FROM bench.period_sum GROUP BY granularity, period_start, unit_id),
            figure AS (
                SELECT granularity, period_start, unit_id, part AS measure,
                       CASE part WHEN 'operation_seconds' THEN amount / 3600.0 ELSE amount END::double precision
                       AS value
                FROM bench.period_sum
                WHERE part NOT IN ('censuses', 'staffed', 'occupied', 'stay_days')
                UNION ALL
                SELECT granularity, period_start, unit_id, m.measure, m.value
                FROM bucket, LATERAL (VALUES
                    ('care_days', occupied::double precision),
                    ('staffed_beds', staffed::double precision / nullif(censuses, 0)),
                    ('occupancy_rate', occupied::double precision / nullif(staffed, 0)),
                    ('avg_length_of_stay', stay_days::double precision / nullif(discharges, 0))) m(measure, value)
                UNION ALL
                SELECT granularity, period_start, unit_id, m.measure, m.value
                FROM bench.level, LATERAL (VALUES
                    ('waiting_count', waiting::double precision),
                    ('mean_wait_days', days_waited::double precision / nullif(waiting, 0)),
                    ('waiting_count_first_visit', waiting_first_visit::double precision),
                    ('mean_wait_days_first_visit',
                     days_waited_first_visit::double precision / nullif(waiting_first_visit, 0)),
                    ('waiting_count_treatment', waiting_treatment::double precision),
                    ('mean_wait_days_treatment',
                     days_waited_treatment::double precision / nullif(waiting_treatment, 0)),
                    ('waiting_over_limit', over_limit::double precision),
                    ('guarantee_compliance', (guaranteed - over_limit)::double precision / nullif(guaranteed, 0)),
                    ('medical_target_compliance',
                     (with_target - past_target)::double precision / nullif(with_target, 0))) m(measure, value))
            SELECT granularity, period_start, unit_id,
                   CASE measure WHEN 'operation_seconds' THEN 'operation_hours' ELSE measure END AS measure, value
            FROM figure WHERE value IS NOT NULL""";

    /** Nothing happened is 0 for a count; for a rate or a level it is unknown (no actual). */
    private static final String DEVIATIONS = """
            CREATE TABLE bench.deviation AS
            SELECT p.granularity, p.period_start, p.unit_id, p.measure, p.plan_kind,
                   coalesce(m.value, CASE WHEN p.measure IN ('first_visits', 'return_visits', 'emergency_visits',
                       'operations', 'operation_hours', 'care_days', 'discharges', 'referrals_in', 'removals',
                       'referrals_in_first_visit', 'referrals_in_treatment', 'removals_first_visit',
                       'removals_treatment') THEN 0 END) AS actual,
                   p.value AS expected
            FROM bench.plan p
            LEFT JOIN bench.measure_value m USING (granularity, period_start, unit_id, measure)""";

    /**
     * Per measure: rows that differ and rows compared. Absent on one side counts as 0: the stream publishes a 0 for
     * a visit type nobody had that week, and keeps a 0 for a period whose events were all withdrawn. The latency
     * step's units ({@link LoadFleet#UNIT_PREFIX}) are not part of the load the peer computes.
     */
    private static final String DIFFERING_VALUES = """
            SELECT measure, count(*) FILTER (WHERE abs(coalesce(b.value, 0) - coalesce(s.value, 0)) > 1e-6), count(*)
            FROM bench.measure_value b
            FULL JOIN (SELECT granularity, period_start, unit_id, measure, value FROM pks.measure_value
                   WHERE unit_id NOT LIKE 'load-%') s
                USING (granularity, period_start, unit_id, measure)
            WHERE period_start >= :from::date AND unit_id LIKE :units
            GROUP BY measure""";

    private static final String DIFFERING_DEVIATIONS = """
            SELECT measure, count(*) FILTER (WHERE b.unit_id IS NULL OR s.unit_id IS NULL
                                       OR (b.actual IS NULL) <> (s.actual IS NULL)
                                       OR abs(b.actual - s.actual) > 1e-6 OR abs(b.expected - s.expected) > 1e-6
                                       OR abs((b.actual - b.expected) - s.deviation) > 1e-6), count(*)
            FROM bench.deviation b
            FULL JOIN (SELECT * FROM pks.deviation WHERE unit_id NOT LIKE 'load-%') s
                USING (granularity, period_start, unit_id, measure, plan_kind)
            WHERE period_start >= :from::date AND unit_id LIKE :units
            GROUP BY measure""";

    /** Rows that differ, for a finding's minimal example. */
    private static final String DIFFERING_EXAMPLES = """
            SELECT granularity, period_start, unit_id, measure, b.value AS peer, s.value AS stream
            FROM bench.measure_value b
            FULL JOIN (SELECT granularity, period_start, unit_id, measure, value FROM pks.measure_value
                   WHERE unit_id NOT LIKE 'load-%') s
                USING (granularity, period_start, unit_id, measure)
            WHERE period_start >= :from::date AND unit_id LIKE :units
              AND abs(coalesce(b.value, 0) - coalesce(s.value, 0)) > 1e-6
            ORDER BY measure, unit_id, granularity, period_start LIMIT 20""";

    private SqlPeer() {
    }

    /** Loads the raw events and plans with COPY and computes everything; returns the time taken for each step. */
    static Timing compute(final String jdbcUrl, final Path rawEvents, final Path plans)
            throws SQLException, IOException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, "pks", "pks");
             Statement statement = db.createStatement()) {
            statement.execute(SCHEMA);
            final long started = System.nanoTime();
            copy(db, "bench.raw_event", rawEvents);
            copy(db, "bench.plan", plans);
            final long loaded = System.nanoTime();
            derive(statement);
            return new Timing(loaded - started, System.nanoTime() - loaded);
        }
    }

    /**
     * The peer's answer to more events (one more week, a region onboarded with its plans): COPY them next to the
     * earlier ones and recompute every figure from all of them (plain SQL has no state to update incrementally).
     */
    static Timing recompute(final String jdbcUrl, final Path moreRawEvents, final Path... morePlans)
            throws SQLException, IOException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, "pks", "pks");
             Statement statement = db.createStatement()) {
            final long started = System.nanoTime();
            copy(db, "bench.raw_event", moreRawEvents);
            for (final Path plans : morePlans) {
                copy(db, "bench.plan", plans);
            }
            final long loaded = System.nanoTime();
            statement.execute(DROP_DERIVED);
            derive(statement);
            return new Timing(loaded - started, System.nanoTime() - loaded);
        }
    }

    private static void derive(final Statement statement) throws SQLException {
        statement.execute(CURRENT_EVENTS);
        statement.execute(CENSUS_DAYS);
        statement.execute(WAITING_ENTRIES);
        statement.execute(CONTRIBUTIONS);
        statement.execute(PERIOD_SUMS);
        final String today;
        try (ResultSet row = statement.executeQuery(
                "SELECT (max(received_at) AT TIME ZONE 'Europe/Stockholm')::date FROM bench.raw_event")) {
            row.next();
            today = row.getString(1);
        }
        statement.execute(LEVELS.replace(":today", "'" + today + "'")
                .replace(":limit", Integer.toString(GUARANTEE_LIMIT_DAYS)));
        statement.execute(FIGURES);
        statement.execute(DEVIATIONS);
    }

    /** Compares every row whose period starts on or after {@code from}. */
    static Differences compare(final String jdbcUrl, final LocalDate from) throws SQLException {
        return compare(jdbcUrl, from, "%");
    }

    /** Compares the rows of the units whose id matches {@code units} (a LIKE pattern), from {@code from} on. */
    static Differences compare(final String jdbcUrl, final LocalDate from, final String units) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, "pks", "pks");
             Statement statement = db.createStatement()) {
            final String since = "'" + from + "'";
            final String matching = "'" + units + "'";
            final List<Count> values = perMeasure(statement,
                    DIFFERING_VALUES.replace(":from", since).replace(":units", matching));
            final List<Count> deviations = perMeasure(statement,
                    DIFFERING_DEVIATIONS.replace(":from", since).replace(":units", matching));
            final List<String> examples = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    DIFFERING_EXAMPLES.replace(":from", since).replace(":units", matching))) {
                while (rows.next()) {
                    examples.add(String.format("%s %s %s %s: peer %s, stream %s", rows.getString(1),
                            rows.getString(2), rows.getString(3), rows.getString(4), rows.getObject(5),
                            rows.getObject(6)));
                }
            }
            return new Differences(values, deviations, examples);
        }
    }

    private static List<Count> perMeasure(final Statement statement, final String query) throws SQLException {
        final List<Count> counts = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                counts.add(new Count(rows.getString(1), rows.getLong(2), rows.getLong(3)));
            }
        }
        return counts;
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

    /** A group of measures compared together, listed as in the documentation. */
    record Group(String name, String measures) {

        boolean contains(final String measure) {
            return List.of(measures.split(",\\s*")).contains(measure);
        }
    }

    record Count(String measure, long differing, long compared) {
    }

    /** Per measure; examples are the first differing values, if any. */
    record Differences(List<Count> values, List<Count> deviations, List<String> examples) {

        /** Differing and compared rows of a group's measures, summed. */
        long[] values(final Group group) {
            return sum(values, group);
        }

        long[] deviations(final Group group) {
            return sum(deviations, group);
        }

        /** Measures compared that are in no group (a measure the stream added since): reported, not hidden. */
        List<String> ungrouped() {
            return values.stream().map(Count::measure)
                    .filter(measure -> GROUPS.stream().noneMatch(group -> group.contains(measure))).toList();
        }

        private static long[] sum(final List<Count> counts, final Group group) {
            long differing = 0;
            long compared = 0;
            for (final Count count : counts) {
                if (group.contains(count.measure())) {
                    differing += count.differing();
                    compared += count.compared();
                }
            }
            return new long[] {differing, compared};
        }
    }
}
