package se.pks.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.MigratedDatabaseTest;

/**
 * Year-end projections of a unit planned by month, in a real PostgreSQL: the month under way is cut at the as-of day
 * by its working days, with the days off of {@code pks.day_off}. Expected figures are worked by hand.
 *
 * <p>Unit m1 plans 100 first visits a month in 2025, 20 in July: 11 * 100 + 20 = 1120 for the year. It did 90 in
 * January, 95 in February, 100 in March and 63 in April up to Wed 23 April, the as-of day.
 */
class MonthlyProjectionTest extends MigratedDatabaseTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 4, 23);
    private static final double EPS = 1e-6;

    @BeforeEach
    void resetData() throws SQLException {
        execute("TRUNCATE pks.measure_value, pks.plan, pks.unit, pks.projection, pks.day_off");
        execute("INSERT INTO pks.unit VALUES ('m1', 'Unit M1', 'p', 'o', 'Org', 'PUBLIC', 'r1', now())");
        for (int month = 1; month <= 12; month++) {
            execute("INSERT INTO pks.plan VALUES ('m1', 'first_visits', 'TARGET', 'MONTH', '2025-%02d-01', %d, now())"
                    .formatted(month, month == 7 ? 20 : 100));
        }
        monthly("2025-01-01", 90);
        monthly("2025-02-01", 95);
        monthly("2025-03-01", 100);
        monthly("2025-04-01", 63);
    }

    @Test
    void theMonthUnderWayCountsItsWorkingDaysBeforeTheAsOfDayAndEasterOwesNothing() throws SQLException {
        execute("INSERT INTO pks.day_off VALUES ('*', '2025-04-18', 'PUBLIC_HOLIDAY', 'Långfredagen'),"
                + " ('*', '2025-04-21', 'PUBLIC_HOLIDAY', 'Annandag påsk')");

        new Projections().refresh(connection, "m1", "first_visits", TODAY);

        // April 2025 has 22 weekdays (Tue 1 - Wed 30); less Good Friday and Easter Monday, 20 working days. Before
        // the 23rd: 16 weekdays less the same two, 14. April's plan to date 100 * 14 / 20 = 70.
        // Plan to date 300 + 70 = 370, done 90 + 95 + 100 + 63 = 348, run-rate 348 / 370 = 0.94054054;
        // projected 0.94054054 * 1120 = 1053.405405, 66.594595 (5.945946 %) short.
        // sigma^2 = ((90 - 94.054054)^2 / 100 + (95 - 94.054054)^2 / 100 + (100 - 94.054054)^2 / 100
        //            + (63 - 65.837838)^2 / 70) / 3 = 0.213964; remaining plan 1120 - 370 = 750;
        // standard error sqrt(0.213964 * 750 * (1 + 750 / 370)) = 22.039874, interval 1010.207253 .. 1096.603558.
        assertEquals("2025 MONTH 4 2025-04-22 348.000000 370.000000 1120.000000 1053.405405 -66.594595 -5.945946 "
                        + "22.039874 1010.207253 1096.603558",
                row("""
                        SELECT year || ' ' || plan_granularity || ' ' || weeks_elapsed || ' ' || elapsed_through || ' '
                               || concat_ws(' ', to_char(actual_to_date, 'FM99990.000000'),
                                  to_char(plan_to_date, 'FM99990.000000'), to_char(annual_target, 'FM99990.000000'),
                                  to_char(projected, 'FM99990.000000'), to_char(deviation, 'FM99990.000000'),
                                  to_char(deviation_pct, 'FM99990.000000'), to_char(standard_error, 'FM99990.000000'),
                                  to_char(interval_low, 'FM99990.000000'), to_char(interval_high, 'FM99990.000000'))
                        FROM pks.projection WHERE unit_id = 'm1' AND measure = 'first_visits'"""));
    }

    @Test
    void withoutTheEasterDaysOffAprilIsFurtherAlongAndTheUnitLooksFurtherBehind() throws SQLException {
        new Projections().refresh(connection, "m1", "first_visits", TODAY);

        // 16 of 22 weekdays: April's plan to date 100 * 16 / 22 = 72.727273, plan to date 372.727273;
        // projected 348 / 372.727273 * 1120 = 1045.697561.
        assertEquals("372.727273 1045.697561", row("""
                SELECT to_char(plan_to_date, 'FM99990.000000') || ' ' || to_char(projected, 'FM99990.000000')
                FROM pks.projection WHERE unit_id = 'm1' AND measure = 'first_visits'"""));
    }

    @Test
    void aYearWithMonthlyPlansIsProjectedByMonthEvenWithWeeklyPlansBesideThem() throws SQLException {
        // A weekly plan of 1000 for the first week would otherwise give a very different year.
        execute("INSERT INTO pks.plan VALUES ('m1', 'first_visits', 'TARGET', 'WEEK', '2025-01-06', 1000, now())");
        new Projections().refresh(connection, "m1", "first_visits", LocalDate.of(2025, 5, 1));

        // On 1 May January to April are over: 4 months, 400 planned, 348 done; 348 / 400 * 1120 = 974.4.
        assertEquals("MONTH 4 2025-04-30 400 974.4", row("""
                SELECT plan_granularity || ' ' || weeks_elapsed || ' ' || elapsed_through || ' ' || plan_to_date
                       || ' ' || trim_scale(round(projected::numeric, 6))
                FROM pks.projection WHERE unit_id = 'm1' AND measure = 'first_visits'"""));
    }

    private void monthly(final String month, final double value) throws SQLException {
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) VALUES ('MONTH', '"
                + month + "', 'm1', 'first_visits', " + value + ")");
    }

    private String row(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
