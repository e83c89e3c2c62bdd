package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Known deficiencies in a small region, for the tests of the deficiency views and of the API answers built on them.
 *
 * <p>Region R1: hospital H1 (PUBLIC) with units u1 and u2, private clinic P1 with unit u3. The as-of day is Mon 10
 * Mar 2025, so yesterday is Sun 9 Mar. u1 must send visits on working days from Mon 3 Mar and sends them on Mon 3,
 * Tue 4, Thu 6 and Fri 7: Wed 5 Mar is missing. Each unit planned 50 first visits for the week of Mon 3 Mar and did
 * 40 (u1), 50 (u2) and 60 (u3), all in March. u2 also planned 50 for the week of Mon 10 Feb, did 0 that week, and its
 * February was stored as -3: implausible. The stream's deviation of u1's week (40 against 50) is in pks.deviation.
 */
public final class DeficiencyScenario {

    public static final String MISSING = "MISSING_DATA 2025-03-05 VISITS";
    public static final String NEGATIVE = "IMPLAUSIBLE NEGATIVE 2025-02-01";

    private DeficiencyScenario() {
    }

    /** Replaces the tables' rows with the scenario's and pins the connection's as-of day to 10 Mar 2025. */
    public static void load(final Connection connection) throws SQLException {
        execute(connection, "TRUNCATE pks.feed_quality, pks.feed_rejection, pks.expected_reporting, pks.measure_value, "
                + "pks.deviation, pks.plan, pks.unit, pks.calendar_week, pks.day_off, pks.projection, pks.spc_point");
        execute(connection, "DELETE FROM pks.threshold WHERE unit_id <> '*' OR year <> 0");
        execute(connection, "SET pks.as_of = '2025-03-10'");
        execute(connection, """
                INSERT INTO pks.unit
                    (unit_id, name, provider_id, organisation_id, organisation_name, ownership, region_id)
                VALUES ('u1', 'Unit 1', 'p-h1', 'H1', 'Hospital One', 'PUBLIC', 'R1'),
                       ('u2', 'Unit 2', 'p-h1', 'H1', 'Hospital One', 'PUBLIC', 'R1'),
                       ('u3', 'Unit 3', 'p-p1', 'P1', 'Private One', 'PRIVATE', 'R1')""");
        execute(connection, "INSERT INTO pks.expected_reporting (unit_id, feed, cadence, valid_from) "
                + "VALUES ('u1', 'VISITS', 'WORKING_DAYS', '2025-03-03')");
        for (final String day : List.of("2025-03-03", "2025-03-04", "2025-03-06", "2025-03-07")) {
            execute(connection, "INSERT INTO pks.feed_quality (provider_id, unit_id, feed, day, received, accepted) "
                    + "VALUES ('p-h1', 'u1', 'VISITS', '" + day + "', 10, 10)");
        }
        // Week of Mon 3 Mar: planned 50 first visits for each unit; u1 did 40, u2 50, u3 60 (all in March).
        for (final String unit : List.of("u1", "u2", "u3")) {
            execute(connection, "INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) "
                    + "VALUES ('" + unit + "', 'first_visits', 'TARGET', 'WEEK', '2025-03-03', 50)");
        }
        value(connection, "WEEK", "2025-03-03", "u1", 40);
        value(connection, "MONTH", "2025-03-01", "u1", 40);
        value(connection, "WEEK", "2025-03-03", "u2", 50);
        value(connection, "MONTH", "2025-03-01", "u2", 50);
        value(connection, "WEEK", "2025-03-03", "u3", 60);
        value(connection, "MONTH", "2025-03-01", "u3", 60);
        // u2 also had a plan of 50 for the week of Mon 10 Feb, and its February was stored as -3.
        execute(connection, "INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) "
                + "VALUES ('u2', 'first_visits', 'TARGET', 'WEEK', '2025-02-10', 50)");
        value(connection, "WEEK", "2025-02-10", "u2", 0);
        value(connection, "MONTH", "2025-02-01", "u2", -3);
        // The stream's own deviation of u1's week, as /api/v1/deviations reads it.
        execute(connection, "INSERT INTO pks.deviation (granularity, period_start, unit_id, measure, plan_kind, actual, "
                + "expected, deviation, deviation_pct) VALUES ('WEEK', '2025-03-03', 'u1', 'first_visits', 'TARGET', "
                + "40, 50, -10, -20)");
    }

    private static void value(final Connection connection, final String granularity, final String periodStart,
                              final String unit, final double value) throws SQLException {
        execute(connection, "INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) "
                + "VALUES ('" + granularity + "', '" + periodStart + "', '" + unit + "', 'first_visits', " + value
                + ")");
    }

    private static void execute(final Connection connection, final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
