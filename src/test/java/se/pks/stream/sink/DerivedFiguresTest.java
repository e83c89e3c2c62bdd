package se.pks.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.analysis.QueueSettings;
import se.pks.stream.model.GuaranteeType;
import se.pks.stream.storage.MigratedDatabaseTest;
import se.pks.stream.storage.SpcCharts;

/**
 * SPC charts, projections and queue figures computed from the weekly figures in a real PostgreSQL, as the refresher
 * does after the sink has written them. Expected figures are worked by hand.
 */
class DerivedFiguresTest extends MigratedDatabaseTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 4, 16);
    private static final double EPS = 1e-6;

    @BeforeEach
    void resetData() throws SQLException {
        execute("TRUNCATE pks.measure_value, pks.plan, pks.unit, pks.calendar_week, pks.spc_point, pks.spc_chart,"
                + " pks.queue_status, pks.projection");
        execute("INSERT INTO pks.unit VALUES ('u1', 'Unit 1', 'p', 'o', 'Org', 'PUBLIC', 'r1', now())");
    }

    @Test
    void aLowProductionWeekStaysOutOfTheBaselineButIsJudgedAgainstTheLimits() throws SQLException {
        // 12 normal weeks alternating 10, 12 from 6 January, then 30 in the week of 31 March, a low-production week.
        LocalDate week = LocalDate.of(2025, 1, 6);
        for (int i = 0; i < 12; i++) {
            weekly("u1", "first_visits", week, i % 2 == 0 ? 10 : 12);
            execute("INSERT INTO pks.plan VALUES ('u1', 'first_visits', 'TARGET', 'WEEK', '" + week + "', 20, now())");
            week = week.plusWeeks(1);
        }
        weekly("u1", "first_visits", week, 30);
        execute("INSERT INTO pks.calendar_week VALUES ('r1', '" + week + "', 'LOW_PRODUCTION', 'easter')");
        // The week in progress (14 April, today is the 16th) is not charted.
        weekly("u1", "first_visits", LocalDate.of(2025, 4, 14), 1);

        new SpcCharts().refresh(connection, "u1", "first_visits", TODAY);

        // Baseline: the 12 normal weeks. Centre 11; 11 moving ranges of 2, AMR 2; limits 11 +/- 5.32.
        assertEquals("11.000000 5.680000 16.320000 2.000000 false 20.000000 FAIL 13 12", row("""
                SELECT to_char(centre, 'FM990.000000') || ' ' || to_char(lower_limit, 'FM990.000000') || ' '
                       || to_char(upper_limit, 'FM990.000000') || ' ' || to_char(average_moving_range, 'FM990.000000')
                       || ' ' || trial_limits || ' ' || to_char(target, 'FM990.000000') || ' ' || assurance || ' '
                       || points || ' ' || baseline_points
                FROM pks.spc_chart WHERE unit_id = 'u1' AND measure = 'first_visits'"""));
        // The target 20 lies above the upper limit: the process will consistently fail to reach it.
        assertEquals("30 true BEYOND_LIMIT IMPROVEMENT", row("""
                SELECT value || ' ' || low_production || ' ' || rule || ' ' || signal FROM pks.spc_point
                WHERE week_start = '2025-03-31'"""));
        assertEquals("0", row("SELECT count(*) FROM pks.spc_point WHERE week_start = '2025-04-14'"));
    }

    @Test
    void theProjectionScalesTheYearToDateByThePlansOwnShape() throws SQLException {
        // Plans: 10 a week for 6 and 13 January, 40 for 21 April (not yet ended on 16 April): 60 for the year.
        execute("INSERT INTO pks.plan VALUES ('u1', 'operations', 'TARGET', 'WEEK', '2025-01-06', 10, now()),"
                + " ('u1', 'operations', 'TARGET', 'WEEK', '2025-01-13', 10, now()),"
                + " ('u1', 'operations', 'TARGET', 'WEEK', '2025-04-21', 40, now())");
        weekly("u1", "operations", LocalDate.of(2025, 1, 6), 9);
        weekly("u1", "operations", LocalDate.of(2025, 1, 13), 6);

        new Projections().refresh(connection, "u1", "operations", TODAY);

        // 15 done of 20 planned so far: 15 / 20 * 60 = 45, 15 short of 60, -25 %.
        assertEquals("2025 2 15 20 60 45 -15 -25", row("""
                SELECT year || ' ' || weeks_elapsed || ' ' || actual_to_date || ' ' || plan_to_date || ' '
                       || annual_target || ' ' || projected || ' ' || deviation || ' ' || deviation_pct
                FROM pks.projection WHERE unit_id = 'u1' AND measure = 'operations'"""));
    }

    @Test
    void queueFiguresFollowEachListsDemandCapacityAndWait() throws SQLException {
        weekly("u1", "referrals_in_treatment", LocalDate.of(2025, 1, 6), 10);
        weekly("u1", "removals_treatment", LocalDate.of(2025, 1, 6), 8);
        weekly("u1", "waiting_count_treatment", LocalDate.of(2025, 1, 6), 100);
        weekly("u1", "mean_wait_days_treatment", LocalDate.of(2025, 1, 6), 30);
        weekly("u1", "referrals_in_treatment", LocalDate.of(2025, 1, 13), 14);
        weekly("u1", "removals_treatment", LocalDate.of(2025, 1, 13), 12);
        weekly("u1", "waiting_count_treatment", LocalDate.of(2025, 1, 13), 102);
        weekly("u1", "mean_wait_days_treatment", LocalDate.of(2025, 1, 13), 45);
        // The same unit's first-visit list, held to a 60-day limit.
        weekly("u1", "referrals_in_first_visit", LocalDate.of(2025, 1, 13), 7);
        weekly("u1", "removals_first_visit", LocalDate.of(2025, 1, 13), 7);
        weekly("u1", "waiting_count_first_visit", LocalDate.of(2025, 1, 13), 14);
        weekly("u1", "mean_wait_days_first_visit", LocalDate.of(2025, 1, 13), 30);

        new QueueStatuses(QueueSettings.defaults().withLimit(GuaranteeType.FIRST_VISIT, 60))
                .refresh(connection, "u1", TODAY);

        // Treatment, week of 13 January over both weeks: demand (10 + 14) / 2 = 12, capacity (8 + 12) / 2 = 10,
        // load 1.2; target queue 12 * (90 / 7) / 4 = 38.571429; 102 > 2 * 38.57 is too big; relief
        // 12 + (102 - 38.571429) / 26 = 14.439560; target mean wait 90 / 4 = 22.5; pressure 2 * 45 / 90 = 1.
        assertEquals("2 12 10 1.200000 38.571429 true 14.439560 22.5 1", row("""
                SELECT window_weeks || ' ' || demand || ' ' || capacity || ' ' || round(load::numeric, 6) || ' '
                       || round(target_queue_size::numeric, 6) || ' ' || queue_too_big || ' '
                       || round(relief_capacity::numeric, 6) || ' ' || target_mean_wait || ' ' || pressure
                FROM pks.queue_status WHERE unit_id = 'u1' AND guarantee = 'TREATMENT' AND week_start = '2025-01-13'"""));
        // First visit: demand 7 = capacity 7, load 1; target queue 7 * (60 / 7) / 4 = 15, 14 is not too big;
        // target mean wait 60 / 4 = 15; pressure 2 * 30 / 60 = 1.
        assertEquals("1 7 7 1 15.000000 false 15 1", row("""
                SELECT window_weeks || ' ' || demand || ' ' || capacity || ' ' || load || ' '
                       || round(target_queue_size::numeric, 6) || ' ' || queue_too_big || ' ' || target_mean_wait
                       || ' ' || pressure
                FROM pks.queue_status WHERE unit_id = 'u1' AND guarantee = 'FIRST_VISIT'"""));
        assertEquals("3", row("SELECT count(*) FROM pks.queue_status"));
    }

    private void weekly(final String unit, final String measure, final LocalDate week, final double value)
            throws SQLException {
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) VALUES ('WEEK', '"
                + week + "', '" + unit + "', '" + measure + "', " + value + ")");
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private String row(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
