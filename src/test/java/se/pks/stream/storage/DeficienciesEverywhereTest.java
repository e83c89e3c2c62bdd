package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.Measure;

/**
 * The deficiency views (R__07_deficiencies.sql) against a real PostgreSQL: one unit's missing day and another unit's
 * implausible month go in with plain SQL, and the test follows them up to the unit's period rows, the organisation's,
 * region's and own-vs-private rows, the scorecard, the SPC points and the projections. Every expected figure is
 * worked out by hand in the comments.
 *
 * <p>The data are {@link DeficiencyScenario}'s: u1 misses Wed 5 Mar 2025, u2's February is implausible.
 */
class DeficienciesEverywhereTest extends MigratedDatabaseTest {

    private static final String MISSING = DeficiencyScenario.MISSING;
    private static final String NEGATIVE = DeficiencyScenario.NEGATIVE;

    @BeforeEach
    void resetData() throws SQLException {
        DeficiencyScenario.load(connection);
    }

    @Test
    void oneUnitsMissingDayIsOnEveryPeriodOfTheUnitThatHoldsIt() throws SQLException {
        // Wed 5 Mar lies in the week of Mon 3 Mar, March, tertial 1, 2025, the year to date (1 Jan - 10 Mar), the
        // rolling 12 months (1 Apr 2024 - 10 Mar 2025) and the rolling 4 weeks (Mon 17 Feb - 10 Mar): 7 periods.
        assertEquals(List.of(
                        "MONTH 2025-03-01 true false 1 [" + MISSING + "]",
                        "ROLLING_12_MONTHS 2024-04-01 true false 1 [" + MISSING + "]",
                        "ROLLING_4_WEEKS 2025-02-17 true false 1 [" + MISSING + "]",
                        "TERTIAL 2025-01-01 true false 1 [" + MISSING + "]",
                        "WEEK 2025-03-03 true false 1 [" + MISSING + "]",
                        "YEAR 2025-01-01 true false 1 [" + MISSING + "]",
                        "YEAR_TO_DATE 2025-01-01 true false 1 [" + MISSING + "]"),
                strings("""
                        SELECT period_kind, period_start, incomplete, flagged, deficiency_count, deficiencies
                        FROM pks.unit_period_deficiency WHERE unit_id = 'u1' AND measure = 'first_visits'
                        ORDER BY period_kind"""));
        // The unit's own tertial row: 40 done against 50 planned, and the day that is missing.
        assertEquals(List.of("40.0 50.0 true false 1 [" + MISSING + "]"), strings("""
                SELECT actual, expected, incomplete, flagged, deficiency_count, deficiencies
                FROM pks.period_deviation_quality
                WHERE unit_id = 'u1' AND measure = 'first_visits' AND period_kind = 'TERTIAL'"""));
        // Every stored value of the unit's visits that covers the day, the stored week and month: not u2's.
        assertEquals(List.of("MONTH 2025-03-01 u1 true 1", "WEEK 2025-03-03 u1 true 1",
                        "MONTH 2025-02-01 u2 false 1", "MONTH 2025-03-01 u2 false 0",
                        "WEEK 2025-02-10 u2 false 0", "WEEK 2025-03-03 u2 false 0"),
                strings("""
                        SELECT granularity, period_start, unit_id, incomplete, deficiency_count
                        FROM pks.measure_value_quality
                        WHERE measure = 'first_visits' AND unit_id IN ('u1', 'u2')
                        ORDER BY unit_id, granularity, period_start"""));
    }

    @Test
    void theOrganisationsTertialRowCarriesTheDeficienciesOfItsUnitsPrefixedWithTheUnit() throws SQLException {
        // H1's tertial 1: actual 40 (u1, March) + 50 (u2, March) - 3 (u2, February) = 87; expected 50 + 50 (the
        // week of 3 Mar) + 50 (u2's week of 10 Feb) = 150. u1 misses a day, u2 has an implausible month: 2 units,
        // 2 deficiencies, incomplete and flagged.
        assertEquals(List.of("87.0 150.0 true true 2 2 [u1: " + MISSING + ", u2: " + NEGATIVE + "]"), strings("""
                SELECT actual, expected, incomplete, flagged, deficient_units, deficiency_count, deficiencies
                FROM pks.rollup_deviation_quality
                WHERE level = 'ORGANISATION' AND group_id = 'H1' AND period_kind = 'TERTIAL'
                  AND measure = 'first_visits' AND plan_kind = 'TARGET'"""));
        // An organisation's approval reads the same through its own units only (u3 is another organisation's).
        assertEquals(List.of("true true 2 2 [u1: " + MISSING + ", u2: " + NEGATIVE + "]"), strings("""
                SELECT incomplete, flagged, deficient_units, deficiency_count, deficiencies
                FROM pks.organisation_deficiency('H1', 'TERTIAL', '2025-01-01')
                WHERE measure = 'first_visits' AND plan_kind = 'TARGET'"""));
        // The region adds u3 (60 against 50) and no deficiency; own units are H1's units; the private clinic has
        // none. March alone has only u1's day: u2's implausible value is February's.
        assertEquals(List.of(
                        "OWNERSHIP PRIVATE 60.0 0 []",
                        "OWNERSHIP PUBLIC 87.0 2 [u1: " + MISSING + ", u2: " + NEGATIVE + "]",
                        "REGION R1 147.0 2 [u1: " + MISSING + ", u2: " + NEGATIVE + "]"),
                strings("""
                        SELECT level, group_id, actual, deficiency_count, deficiencies
                        FROM pks.rollup_deviation_quality
                        WHERE level <> 'ORGANISATION' AND period_kind = 'TERTIAL' AND measure = 'first_visits'
                        ORDER BY level, group_id"""));
        assertEquals(List.of("1 [u1: " + MISSING + "]"), strings("""
                SELECT deficiency_count, deficiencies FROM pks.rollup_deviation_quality
                WHERE level = 'ORGANISATION' AND group_id = 'H1' AND period_kind = 'MONTH'
                  AND period_start = '2025-03-01' AND measure = 'first_visits'"""));
        // The scorecard's first-visits indicator for H1's tertial is the same rollup row.
        assertEquals(List.of("PROCESS true true 2"), strings("""
                SELECT perspective, incomplete, flagged, deficiency_count FROM pks.scorecard_quality
                WHERE level = 'ORGANISATION' AND group_id = 'H1' AND period_kind = 'TERTIAL'
                  AND measure = 'first_visits'"""));
    }

    @Test
    void aUnitWithoutThePlanOfTheRollupDoesNotLendItItsDeficiencies() throws SQLException {
        // A capacity forecast for u3 only: H1's units have no such plan, so H1 has no row, and the rows of P1 and of
        // the region (u3 alone in both) have none of u1's or u2's deficiencies.
        execute("INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) "
                + "VALUES ('u3', 'first_visits', 'CAPACITY_FORECAST', 'WEEK', '2025-03-03', 70)");
        assertEquals(List.of("ORGANISATION P1 60.0 70.0 0", "REGION R1 60.0 70.0 0"), strings("""
                SELECT level, group_id, actual, expected, deficiency_count FROM pks.rollup_deviation_quality
                WHERE plan_kind = 'CAPACITY_FORECAST' AND period_kind = 'TERTIAL' AND level <> 'OWNERSHIP'
                ORDER BY level"""));
    }

    @Test
    void anSpcPointCarriesTheDeficienciesOfItsWeek() throws SQLException {
        execute("""
                INSERT INTO pks.spc_point (unit_id, measure, week_start, value, low_production, rule, signal)
                VALUES ('u1', 'first_visits', '2025-03-03', 40, false, 'BEYOND_LIMIT', 'CONCERN'),
                       ('u1', 'first_visits', '2025-02-24', 52, false, 'NONE', 'NONE')""");
        assertEquals(List.of("2025-02-24 false 0 []", "2025-03-03 true 1 [" + MISSING + "]"), strings("""
                SELECT week_start, incomplete, deficiency_count, deficiencies FROM pks.spc_point_quality
                ORDER BY week_start"""));
    }

    @Test
    void organisationProjectionsAddTheUnitsVariances() throws SQLException {
        // u1: 1000 (standard error 30), u2: 2000 (standard error 40). H1: 3000, sqrt(30^2 + 40^2) = 50, 95 %
        // interval 3000 -/+ 1.96 * 50 = 2902 .. 3098. Annual targets 1100 + 1900 = 3000: deviation 0.
        projection("u1", 1000, 30.0, 1100);
        projection("u2", 2000, 40.0, 1900);
        assertEquals(List.of("2 3000.0 50.0 2902.0 3098.0 0.0 true true 2"), strings("""
                SELECT units, projected, standard_error, round(interval_low::numeric, 6)::float8,
                       round(interval_high::numeric, 6)::float8, deviation, incomplete, flagged, deficiency_count
                FROM pks.rollup_projection
                WHERE level = 'ORGANISATION' AND group_id = 'H1' AND measure = 'first_visits' AND year = 2025"""));
        // u3 has counted a single period: no standard error, so the region's sum has no interval; its projection
        // still adds up: 1000 + 2000 + 500.
        projection("u3", 500, null, 400);
        assertEquals(List.of("3 3500.0 null null"), strings("""
                SELECT units, projected, standard_error, interval_low FROM pks.rollup_projection
                WHERE level = 'REGION' AND measure = 'first_visits' AND year = 2025"""));
        // Each unit's projection carries its year's deficiencies.
        assertEquals(List.of("u1 [" + MISSING + "]", "u2 [" + NEGATIVE + "]", "u3 []"), strings("""
                SELECT unit_id, deficiencies FROM pks.projection_quality ORDER BY unit_id"""));
    }

    @Test
    void theStreamAndTheDatabaseAgreeOnWhichFeedEachMeasureComesFrom() throws SQLException {
        // The deviations topic labels deficiencies by Measure.feed(); the views by pks.measure_feed.
        final List<String> inJava = Arrays.stream(Measure.values())
                .map(measure -> measure.id() + " " + measure.feed()).sorted().toList();
        assertEquals(inJava, strings(
                "SELECT measure, feed FROM pks.measure_feed ORDER BY measure || ' ' || feed COLLATE \"C\""));
    }

    private void projection(final String unit, final double projected, final Double standardError,
                            final double annualTarget) throws SQLException {
        execute(("INSERT INTO pks.projection (unit_id, measure, year, weeks_elapsed, actual_to_date, plan_to_date, "
                + "annual_target, projected, standard_error) VALUES ('%s', 'first_visits', 2025, 10, 1, 1, %s, %s, %s)")
                .formatted(unit, annualTarget, projected, standardError == null ? "NULL" : standardError));
    }

    /** Each row as its columns joined by spaces; arrays as their elements in brackets. */
    private List<String> strings(final String sql) throws SQLException {
        final List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            final int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                final List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    final Object value = result.getObject(column);
                    row.add(value instanceof Array array ? Arrays.toString((Object[]) array.getArray())
                            : String.valueOf(value));
                }
                rows.add(String.join(" ", row));
            }
        }
        return rows;
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
