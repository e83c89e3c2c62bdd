package se.pks.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
                + " pks.queue_status, pks.projection, pks.spc_rebase, pks.action CASCADE");
        execute("INSERT INTO pks.unit VALUES ('u1', 'Unit 1', 'p', 'o', 'Org', 'PUBLIC', 'r1', now())");
    }

    @Test
    void aLowProductionWeekStaysOutOfTheBaselineAndIsJudgedAgainstItsPlannedLevel() throws SQLException {
        // 12 normal weeks alternating 10, 12 from 6 January, then 30 in the week of 31 March, a low-production week.
        LocalDate week = LocalDate.of(2025, 1, 6);
        for (int i = 0; i < 12; i++) {
            weekly("u1", "first_visits", week, i % 2 == 0 ? 10 : 12);
            execute("INSERT INTO pks.plan VALUES ('u1', 'first_visits', 'TARGET', 'WEEK', '" + week + "', 20, now())");
            week = week.plusWeeks(1);
        }
        weekly("u1", "first_visits", week, 30);
        execute("INSERT INTO pks.calendar_week VALUES ('r1', '" + week + "', 'LOW_PRODUCTION', 'easter')");
        execute("INSERT INTO pks.plan VALUES ('u1', 'first_visits', 'TARGET', 'WEEK', '" + week + "', 12, now())");
        // The week in progress (14 April, today is the 16th) is not charted.
        weekly("u1", "first_visits", LocalDate.of(2025, 4, 14), 1);

        new SpcCharts().refresh(connection, "u1", "first_visits", TODAY);

        // Baseline: the 12 normal weeks. Centre 11; 11 moving ranges of 2, AMR 2; limits 11 +/- 5.32.
        assertEquals("11.000000 5.680000 16.320000 2.000000 false 20.000000 FAIL 13 12 2025-01-06 1", row("""
                SELECT to_char(centre, 'FM990.000000') || ' ' || to_char(lower_limit, 'FM990.000000') || ' '
                       || to_char(upper_limit, 'FM990.000000') || ' ' || to_char(average_moving_range, 'FM990.000000')
                       || ' ' || trial_limits || ' ' || to_char(target, 'FM990.000000') || ' ' || assurance || ' '
                       || points || ' ' || baseline_points || ' ' || segment_start || ' ' || segments
                FROM pks.spc_chart WHERE unit_id = 'u1' AND measure = 'first_visits'"""));
        // The target 20 lies above the upper limit: the process will consistently fail to reach it. The target is
        // the normal weeks' plan: the Easter week's 12 is not part of it.
        // The Easter week is planned at 12: 12 -/+ 5.32 = 6.68 .. 17.32, and 30 lies above.
        assertEquals("30 true 12 6.680000 17.320000 BEYOND_LIMIT IMPROVEMENT", row("""
                SELECT value || ' ' || low_production || ' ' || centre || ' ' || to_char(lower_limit, 'FM990.000000')
                       || ' ' || to_char(upper_limit, 'FM990.000000') || ' ' || rule || ' ' || signal
                FROM pks.spc_point WHERE week_start = '2025-03-31'"""));
        assertEquals("0", row("SELECT count(*) FROM pks.spc_point WHERE week_start = '2025-04-14'"));
    }

    @Test
    void aRecordedRebaseGivesTheWeeksFromItsDayTheirOwnLimits() throws SQLException {
        // Weeks 0-7 from 6 January alternate 10 and 12, weeks 8-13 (from 3 March) 20 and 22: a step up.
        stepUpOn3March(14);
        execute("INSERT INTO pks.spc_rebase (unit_id, measure, rebase_from, reason, recorded_by) "
                + "VALUES ('u1', 'first_visits', '2025-03-03', 'second theatre opened', 'planner-1')");

        new SpcCharts().refresh(connection, "u1", "first_visits", TODAY);

        // The latest segment, weeks 8-13: centre 21, five ranges of 2; six weeks give trial limits only.
        assertEquals("21 2 true 2025-03-03 2 6", row("""
                SELECT centre || ' ' || average_moving_range || ' ' || trial_limits || ' ' || segment_start || ' '
                       || segments || ' ' || baseline_points
                FROM pks.spc_chart WHERE unit_id = 'u1' AND measure = 'first_visits'"""));
        // Each week keeps its own segment's centre; the first week of a segment has no moving range.
        assertEquals(List.of("2025-02-24 11 2025-01-06 2", "2025-03-03 21 2025-03-03 null"), rows("""
                SELECT week_start || ' ' || centre || ' ' || segment_start || ' ' || coalesce(moving_range::text, 'null')
                FROM pks.spc_point WHERE week_start IN ('2025-02-24', '2025-03-03') ORDER BY week_start"""));
        // Each level is stable about its own centre: no special cause in either segment.
        assertEquals("0", row("SELECT count(*) FROM pks.spc_point WHERE rule <> 'NONE'"));
    }

    @Test
    void aDoneActionRebasesOnceItsFollowUpShowsTheShift() throws SQLException {
        // The same step, weeks 0-15; seen on 1 May the seven weeks from 3 March have all ended.
        stepUpOn3March(16);
        final LocalDate may = LocalDate.of(2025, 5, 1);
        execute("SET pks.as_of = '" + may + "'");
        execute("INSERT INTO pks.action (action_id, title, organisation_id, unit_id, measure, expected_direction, "
                + "responsible, deadline, created_by) VALUES (7, 'Second theatre', 'o', 'u1', 'first_visits', "
                + "'INCREASE', 'clinic head', '2025-03-31', 'pm-1')");

        new SpcCharts().refresh(connection, "u1", "first_visits", may);
        // Still planned: one segment, and the step shows as special causes.
        assertEquals("1", row("SELECT segments FROM pks.spc_chart"));
        assertEquals("16", row("SELECT count(*) FROM pks.spc_point WHERE rule <> 'NONE'"));

        // Done on 3 March: the eight weeks before average 11, the weeks since are all above it, a shift shown.
        execute("UPDATE pks.action SET status = 'DONE', done_on = '2025-03-03' WHERE action_id = 7");
        assertEquals("EFFECT_SHOWN", row("SELECT verdict FROM pks.action_effect"));
        new SpcCharts().refresh(connection, "u1", "first_visits", may);
        assertEquals("2 2025-03-03 21", row("SELECT segments || ' ' || segment_start || ' ' || centre FROM pks.spc_chart"));
        assertEquals("0", row("SELECT count(*) FROM pks.spc_point WHERE rule <> 'NONE'"));
    }

    private void stepUpOn3March(final int weeks) throws SQLException {
        LocalDate week = LocalDate.of(2025, 1, 6);
        for (int i = 0; i < weeks; i++) {
            weekly("u1", "first_visits", week, (i < 8 ? 10 : 20) + (i % 2 == 0 ? 0 : 2));
            week = week.plusWeeks(1);
        }
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

    private List<String> rows(final String sql) throws SQLException {
        final List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private String row(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
