package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The balanced scorecard of the V8 migration against a real PostgreSQL: hand-made units, plans and monthly figures
 * go in with plain SQL; every expected figure, colour and goal text is worked out by hand in the comments.
 *
 * <p>Region R1: hospital H1 (PUBLIC) with units a and b, private clinic P1 with unit c. January 2025.
 */
class ScorecardViewTest extends MigratedDatabaseTest {

    @BeforeEach
    void resetData() throws SQLException {
        execute("TRUNCATE pks.measure_value, pks.deviation, pks.plan, pks.unit, pks.calendar_week");
        execute("DELETE FROM pks.threshold WHERE unit_id <> '*' OR year <> 0");
        execute("DELETE FROM pks.scorecard_indicator WHERE perspective NOT IN ('PATIENT', 'PROCESS', 'ECONOMY')");
        execute("DELETE FROM pks.scorecard_perspective WHERE perspective NOT IN ('PATIENT', 'PROCESS', 'ECONOMY')");
        execute("SET pks.as_of = '2025-01-31'");
        execute("""
                INSERT INTO pks.unit
                    (unit_id, name, provider_id, organisation_id, organisation_name, ownership, region_id)
                VALUES ('a', 'A', 'p-h1', 'H1', 'Hospital One', 'PUBLIC', 'R1'),
                       ('b', 'B', 'p-h1', 'H1', 'Hospital One', 'PUBLIC', 'R1'),
                       ('c', 'C', 'p-p1', 'P1', 'Private One', 'PRIVATE', 'R1')""");
    }

    @Test
    void anIndicatorHeldToItsValueIsTheGroupsShareOfAllPatientsAgainstTheThreshold() throws SQLException {
        // Patients waiting within the guarantee at the end of January: a 30 of 40, b 45 of 50, c 9 of 10.
        month("a", "guarantee_compliance", 0.75, 30, 40);
        month("b", "guarantee_compliance", 0.9, 45, 50);
        month("c", "guarantee_compliance", 0.9, 9, 10);

        // H1: (30 + 45) / (40 + 50) = 75 / 90 = 0.8333, above 0.8: GREEN (the mean of the units' shares would be
        // 0.825). The goal is the default threshold (higher is better, value, yellow 0.8, red 0.7).
        assertEquals(List.of("0.8333", "", "", "GREEN", "above 80 % (red at 70 % or below)", ""),
                scorecard("ORGANISATION", "H1", "guarantee_compliance"));
        // The region: (30 + 45 + 9) / 100 = 0.84. Private providers: 9 / 10 = 0.9.
        assertEquals("0.8400", scorecard("REGION", "R1", "guarantee_compliance").getFirst());
        assertEquals("0.9000", scorecard("OWNERSHIP", "PRIVATE", "guarantee_compliance").getFirst());

        // b's list gets worse: 35 of 50. H1 = 65 / 90 = 0.7222: above 0.7, at most 0.8: YELLOW.
        month("b", "guarantee_compliance", 0.7, 35, 50);
        assertEquals("YELLOW", scorecard("ORGANISATION", "H1", "guarantee_compliance").get(3));
        // a threshold of the year 2025 for any unit wins over the default, in the goal and in the colour
        execute("""
                INSERT INTO pks.threshold (measure, unit_id, year, direction, basis, yellow_from, red_from)
                VALUES ('guarantee_compliance', '*', 2025, 'HIGHER_IS_BETTER', 'VALUE', 0.75, 0.725)""");
        assertEquals(List.of("0.7222", "", "", "RED", "above 75 % (red at 72.5 % or below)", ""),
                scorecard("ORGANISATION", "H1", "guarantee_compliance"));
    }

    @Test
    void aPlannedIndicatorIsTheRollupAgainstPlanWithTheGoalInPerCentOfPlan() throws SQLException {
        // First visits in January against the monthly TARGET: a 90 of 100, b 100 of 100, c 50 of 40.
        plannedMonth("a", "first_visits", 90, 100);
        plannedMonth("b", "first_visits", 100, 100);
        plannedMonth("c", "first_visits", 50, 40);

        // H1: 190 against 200 = -5 %: a boundary takes the worse colour, YELLOW.
        assertEquals(List.of("190.0000", "200.0000", "-5.0000", "YELLOW", "above plan -5 % (red at -10 % or below)",
                "TARGET"), scorecard("ORGANISATION", "H1", "first_visits"));
        // Private: 50 against 40 = +25 %, GREEN. The region: 240 against 240 = 0 %.
        assertEquals("GREEN", scorecard("OWNERSHIP", "PRIVATE", "first_visits").get(3));
        assertEquals("0.0000", scorecard("REGION", "R1", "first_visits").get(2));

        // Waiting lists are held to their forecast, lower is better: the goal reads so.
        execute("""
                INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value)
                VALUES ('a', 'waiting_count', 'WAITING_FORECAST', 'MONTH', '2025-01-01', 100)""");
        month("a", "waiting_count", 108, null, null);
        // 108 against 100 = +8 %: at least +5, under +10: YELLOW
        assertEquals(List.of("108.0000", "100.0000", "8.0000", "YELLOW", "below plan +5 % (red at +10 % or above)",
                "WAITING_FORECAST"), scorecard("ORGANISATION", "H1", "waiting_count"));
    }

    @Test
    void aPerspectiveTheRegionAddsShowsWithItsIndicatorsAndNoGoalWithoutAThreshold() throws SQLException {
        execute("""
                INSERT INTO pks.scorecard_perspective (perspective, position, title, description)
                VALUES ('HEALTH', 0, 'Health', 'Acute care')""");
        execute("""
                INSERT INTO pks.scorecard_indicator (perspective, measure, plan_kind, position)
                VALUES ('HEALTH', 'emergency_visits', NULL, 1)""");
        month("a", "emergency_visits", 12, null, null);
        month("c", "emergency_visits", 3, null, null);

        // counts add up over units: 12 + 3; emergency visits have no threshold: no goal, NONE
        final List<String> region = scorecard("REGION", "R1", "emergency_visits");
        assertEquals(List.of("15.0000", "", "", "NONE", "", ""), region);
        assertEquals(List.of("HEALTH"), column("""
                SELECT DISTINCT perspective FROM pks.scorecard WHERE measure = 'emergency_visits'"""));
        assertNull(value("SELECT pks.threshold_goal('emergency_visits', '*', 2025)"));
    }

    /** actual, expected, deviation_pct (four decimals, empty when null), status, goal and plan kind for January. */
    private List<String> scorecard(final String level, final String group, final String measure) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT to_char(actual, 'FM99990.0000'), to_char(expected, 'FM99990.0000'),
                            to_char(deviation_pct, 'FM99990.0000'), status, coalesce(goal, ''), coalesce(plan_kind, '')
                     FROM pks.scorecard
                     WHERE level = '%s' AND group_id = '%s' AND measure = '%s' AND period_kind = 'MONTH'
                       AND period_start = '2025-01-01'""".formatted(level, group, measure))) {
            final List<String> row = new ArrayList<>();
            if (result.next()) {
                for (int column = 1; column <= 6; column++) {
                    final String text = result.getString(column);
                    row.add(text == null ? "" : text);
                }
            }
            assertEquals(false, result.next(), "one row for " + level + " " + group + " " + measure);
            return row;
        }
    }

    private void month(final String unit, final String measure, final double value, final Integer numerator,
            final Integer denominator) throws SQLException {
        execute("""
                INSERT INTO pks.measure_value
                    (granularity, period_start, unit_id, measure, value, numerator, denominator)
                VALUES ('MONTH', '2025-01-01', '%s', '%s', %s, %s, %s)
                ON CONFLICT (granularity, period_start, unit_id, measure) DO UPDATE
                SET value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator"""
                .formatted(unit, measure, value, numerator, denominator));
    }

    private void plannedMonth(final String unit, final String measure, final double actual, final double plan)
            throws SQLException {
        execute("""
                INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value)
                VALUES ('%s', '%s', 'TARGET', 'MONTH', '2025-01-01', %s)""".formatted(unit, measure, plan));
        month(unit, measure, actual, null, null);
    }

    private List<String> column(final String sql) throws SQLException {
        final List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }

    private String value(final String sql) throws SQLException {
        final List<String> values = column(sql);
        return values.isEmpty() ? null : values.getFirst();
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
