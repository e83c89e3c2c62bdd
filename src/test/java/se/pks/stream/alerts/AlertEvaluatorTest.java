package se.pks.stream.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.MigratedDatabaseTest;

/**
 * Alert evaluation against the real schema: figures are stored as the sink stores them, then evaluated week by week
 * as the calendar moves on. Thresholds are the shipped defaults for first_visits: YELLOW from -5 %, RED from -10 %.
 */
class AlertEvaluatorTest extends MigratedDatabaseTest {

    /** A Monday; week i of a scenario starts at W0 + i weeks. */
    private static final LocalDate W0 = LocalDate.of(2025, 9, 1);

    private AlertEvaluator evaluator;

    @BeforeEach
    void reset() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE pks.unit, pks.plan, pks.measure_value, pks.alert, pks.alert_change, "
                    + "pks.subscription, pks.notification, pks.spc_point, pks.queue_status, pks.projection, "
                    + "pks.feed_quality, pks.action CASCADE");
            statement.execute("INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, "
                    + "ownership, region_id) VALUES ('u1', 'Ortopedi', 'p1', 'o1', 'Norrstad sjukhus', 'PUBLIC', 'r1')");
            // Only the conditions a test is about; the shipped settings have every condition on.
            statement.execute("UPDATE pks.alert_setting SET enabled = condition IN ('STATUS')");
        }
        evaluator = new AlertEvaluator();
        evaluator.dataSource = dataSource();
    }

    @Test
    void aUnitFallingBehindOpensOneAlertThatEscalatesHoversAndResolves() throws SQLException {
        subscribe("ORGANISATION", "o1", "WARNING");
        // Weekly target 100 first visits; actuals week by week.
        final double[] actual = {100, 100, 100, 100, 85, 70, 100, 88, 100, 100};
        for (int week = 0; week < actual.length; week++) {
            plan(week, 100);
            value(week, actual[week]);
        }
        // Weeks 0-3 on plan: nothing.
        evaluateAfterWeek(3);
        assertEquals(0, count("SELECT count(*) FROM pks.alert"));

        // Week 4: 85 is -15 %, RED; weeks 1-4 are 385 against 400, -3.75 %, GREEN: a single RED week, a WARNING.
        evaluateAfterWeek(4);
        assertEquals(List.of("OPEN WARNING 1"), alerts());
        assertEquals(1, count("SELECT count(*) FROM pks.notification"));

        // The same round again (a restart, a replay): nothing new.
        evaluateAfterWeek(4);
        assertEquals(List.of("OPEN WARNING 1"), alerts());
        assertEquals(1, count("SELECT count(*) FROM pks.alert_change"));
        assertEquals(1, count("SELECT count(*) FROM pks.notification"));

        // Week 5: 70, RED; weeks 2-5 are 355 against 400, -11.25 %, RED: confirmed, CRITICAL, notified again.
        evaluateAfterWeek(5);
        assertEquals(List.of("OPEN CRITICAL 2"), alerts());
        assertEquals(2, count("SELECT count(*) FROM pks.notification"));

        // Week 6 back on plan, week 7 RED again (88, -12 %): one clear week is not enough to resolve.
        evaluateAfterWeek(6);
        evaluateAfterWeek(7);
        assertEquals(List.of("OPEN CRITICAL 2"), alerts());
        assertEquals("first_visits week 2025-W43: 88 against a plan of 100 (-12.0 %), RED, and RED over the last "
                + "four weeks", text("SELECT summary FROM pks.alert"));

        // Weeks 8 and 9 on plan: clear for two weeks after week 7, resolved.
        evaluateAfterWeek(8);
        assertEquals(List.of("OPEN CRITICAL 2"), alerts());
        evaluateAfterWeek(9);
        assertEquals(List.of("RESOLVED CRITICAL 3"), alerts());
        assertEquals(List.of("1 OPEN WARNING", "2 OPEN CRITICAL", "3 RESOLVED CRITICAL"),
                rows("SELECT version || ' ' || state || ' ' || severity FROM pks.alert_change ORDER BY version"));
        assertEquals(2, count("SELECT count(*) FROM pks.notification"));
    }

    @Test
    void aYellowWeekIsANoticeThatWarningSubscribersAreNotToldAbout() throws SQLException {
        subscribe("UNIT", "u1", "WARNING");
        subscribe("UNIT", "u1", "NOTICE");
        plan(0, 100);
        value(0, 93);
        evaluateAfterWeek(0);
        assertEquals(List.of("OPEN NOTICE 1"), alerts());
        assertEquals(List.of("NOTICE"), rows("SELECT s.min_severity FROM pks.notification n "
                + "JOIN pks.subscription s USING (subscription_id)"));
    }

    @Test
    void aWeekWithoutAnyVisitsIsRed() throws SQLException {
        plan(0, 100);
        plan(1, 100);
        value(0, 100);
        evaluateAfterWeek(1);
        assertEquals(List.of("OPEN WARNING 1"), alerts());
        assertTrue(text("SELECT summary FROM pks.alert").startsWith("first_visits week 2025-W37: 0 against a plan"));
    }

    @Test
    void lateEventsThatBringTheWeekBackOnPlanWithdrawTheAlert() throws SQLException {
        plan(0, 100);
        plan(1, 100);
        value(0, 100);
        value(1, 50);
        evaluateAfterWeek(1);
        assertEquals(List.of("OPEN WARNING 1"), alerts());
        // The rest of week 1's visits arrive late: 100 of 100.
        execute("UPDATE pks.measure_value SET value = 100 WHERE period_start = '" + W0.plusWeeks(1) + "'");
        evaluateAfterWeek(1);
        assertEquals(List.of("RESOLVED WARNING 2"), alerts());
        assertEquals("withdrawn: with later or corrected figures, no week since 2025-W37 meets the condition",
                text("SELECT reason FROM pks.alert_change WHERE version = 2"));
    }

    @Test
    void aSwitchedOffConditionResolvesItsAlertAndRaisesNoMore() throws SQLException {
        plan(0, 100);
        value(0, 50);
        evaluateAfterWeek(0);
        assertEquals(List.of("OPEN WARNING 1"), alerts());
        execute("INSERT INTO pks.alert_setting (condition, subject, unit_id, enabled) "
                + "VALUES ('STATUS', 'first_visits', 'u1', false)");
        evaluateAfterWeek(0);
        assertEquals(List.of("RESOLVED WARNING 2"), alerts());
        evaluateAfterWeek(0);
        assertEquals(1, count("SELECT count(*) FROM pks.alert"));
    }

    @Test
    void anSpcConcernSignalRaisesAWarning() throws SQLException {
        execute("UPDATE pks.alert_setting SET enabled = condition = 'SPC'");
        execute("INSERT INTO pks.spc_point (unit_id, measure, week_start, value, centre, lower_limit, upper_limit, "
                + "low_production, rule, signal) VALUES ('u1', 'operations', '" + W0 + "', 12, 30, 18, 42, false, "
                + "'BEYOND_LIMIT', 'CONCERN'), ('u1', 'discharges', '" + W0 + "', 50, 30, 18, 42, false, "
                + "'BEYOND_LIMIT', 'IMPROVEMENT')");
        evaluateAfterWeek(0);
        assertEquals(List.of("SPC|u1|operations WARNING"), rows("SELECT alert_key || ' ' || severity FROM pks.alert"));
        assertEquals("operations week 2025-W36: SPC concern (beyond limit), value 12, centre line 30",
                text("SELECT summary FROM pks.alert"));
    }

    @Test
    void aLowProductionWeekShortOfItsPlanNamesThePlannedLevel() throws SQLException {
        execute("UPDATE pks.alert_setting SET enabled = condition = 'SPC'");
        // a summer week planned at 50 (limits 50 -/+ 12) with 30
        execute("INSERT INTO pks.spc_point (unit_id, measure, week_start, value, centre, lower_limit, upper_limit, "
                + "low_production, rule, signal) VALUES ('u1', 'operations', '" + W0 + "', 30, 50, 38, 62, true, "
                + "'BEYOND_LIMIT', 'CONCERN')");
        evaluateAfterWeek(0);
        assertEquals("operations week 2025-W36: SPC concern (beyond limit), value 30, planned level of the "
                + "low-production week 50", text("SELECT summary FROM pks.alert"));
    }

    @Test
    void queuePressureAndSizeUseTheirThresholds() throws SQLException {
        execute("UPDATE pks.alert_setting SET enabled = condition IN ('QUEUE_PRESSURE', 'QUEUE_SIZE')");
        // Pressure 1.2 > 1; queue 150 is not more than 2 x 80. Treatment list: pressure 0.9, queue 170 > 2 x 80.
        queue("FIRST_VISIT", 1.2, 150);
        queue("TREATMENT", 0.9, 170);
        evaluateAfterWeek(0);
        assertEquals(List.of("QUEUE_PRESSURE|u1|FIRST_VISIT", "QUEUE_SIZE|u1|TREATMENT"),
                rows("SELECT alert_key FROM pks.alert ORDER BY alert_key"));
    }

    @Test
    void aFeedRejectingMoreThanItsShareRaisesAnAlert() throws SQLException {
        execute("UPDATE pks.alert_setting SET enabled = condition = 'FEED_REJECTED'");
        // Visits: 6 of 100 rejected (6 % > 5 %) over two days; operations: 5 of 100 (not more than 5 %).
        execute("INSERT INTO pks.feed_quality (provider_id, unit_id, feed, day, received, accepted, rejected) VALUES "
                + "('p1', 'u1', 'VISITS', '" + W0 + "', 50, 46, 4), "
                + "('p1', 'u1', 'VISITS', '" + W0.plusDays(6) + "', 50, 48, 2), "
                + "('p1', 'u1', 'OPERATIONS', '" + W0 + "', 100, 95, 5)");
        evaluateAfterWeek(0);
        assertEquals(List.of("FEED_REJECTED|u1|VISITS"), rows("SELECT alert_key FROM pks.alert"));
        assertEquals("visits week 2025-W36: 6 of 100 records rejected (6.0 %)", text("SELECT summary FROM pks.alert"));
    }

    @Test
    void aProjectionMissingTheTargetByMoreThanTheMarginRaisesAnAlert() throws SQLException {
        execute("UPDATE pks.alert_setting SET enabled = condition = 'PROJECTION'");
        // first_visits (higher is better): -6 % misses a 5 % margin; operations -4 % does not; avg_length_of_stay
        // (lower is better) +7 % misses it.
        execute("INSERT INTO pks.projection (unit_id, measure, year, weeks_elapsed, actual_to_date, plan_to_date, "
                + "annual_target, projected, deviation, deviation_pct) VALUES "
                + "('u1', 'first_visits', 2025, 36, 3384, 3600, 5000, 4700, -300, -6), "
                + "('u1', 'operations', 2025, 36, 960, 1000, 1000, 960, -40, -4), "
                + "('u1', 'avg_length_of_stay', 2025, 36, 4.3, 4, 4, 4.28, 0.28, 7)");
        evaluateAfterWeek(0);
        assertEquals(List.of("PROJECTION|u1|avg_length_of_stay", "PROJECTION|u1|first_visits"),
                rows("SELECT alert_key FROM pks.alert ORDER BY alert_key"));
    }

    @Test
    void anOverdueActionRaisesAnAlertThatItsClosingSettles() throws SQLException {
        execute("UPDATE pks.alert_setting SET enabled = condition = 'ACTION_OVERDUE'");
        // Deadline on the Friday of week 0; evaluated the Monday after, the action is 3 days overdue.
        execute("INSERT INTO pks.action (action_id, title, organisation_id, unit_id, measure, expected_direction, "
                + "responsible, deadline, created_by) VALUES (41, 'Extra evening clinics', 'o1', 'u1', 'first_visits', "
                + "'INCREASE', 'clinic head', '" + W0.plusDays(4) + "', 'pm-o1')");
        evaluateAfterWeek(0);
        assertEquals(List.of("ACTION_OVERDUE|u1|41 OPEN"), rows("SELECT alert_key || ' ' || state FROM pks.alert"));
        assertEquals("action 41 \"Extra evening clinics\" (clinic head) is 3 days past its deadline 2025-09-05, "
                + "still PLANNED", text("SELECT summary FROM pks.alert"));

        execute("UPDATE pks.action SET status = 'DONE', done_on = '" + W0.plusDays(5) + "'");
        evaluateAfterWeek(0);
        assertEquals(List.of("RESOLVED"), rows("SELECT state FROM pks.alert"));
        assertEquals("resolved: action 41 is DONE",
                text("SELECT reason FROM pks.alert_change WHERE state = 'RESOLVED'"));
    }

    private void evaluateAfterWeek(final int week) throws SQLException {
        // The Monday after the week: that week is the latest complete one.
        evaluator.evaluate(W0.plusWeeks(week + 1));
    }

    private List<String> alerts() throws SQLException {
        return rows("SELECT state || ' ' || severity || ' ' || version FROM pks.alert ORDER BY alert_id");
    }

    private void plan(final int week, final double value) throws SQLException {
        execute("INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) VALUES "
                + "('u1', 'first_visits', 'TARGET', 'WEEK', '" + W0.plusWeeks(week) + "', " + value + ")");
    }

    private void value(final int week, final double value) throws SQLException {
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) VALUES "
                + "('WEEK', '" + W0.plusWeeks(week) + "', 'u1', 'first_visits', " + value + ")");
    }

    private void queue(final String guarantee, final double pressure, final long size) throws SQLException {
        execute("INSERT INTO pks.queue_status (unit_id, guarantee, week_start, window_weeks, limit_days, queue_size, "
                + "mean_wait_days, demand, capacity, load, target_mean_wait, target_queue_size, queue_too_big, "
                + "relief_capacity, target_capacity, pressure) VALUES ('u1', '" + guarantee + "', '" + W0
                + "', 8, 90, " + size + ", 40, 10, 9, 1.1, 45, 80, false, 0, 10, " + pressure + ")");
    }

    private void subscribe(final String scope, final String scopeId, final String minSeverity) throws SQLException {
        execute("INSERT INTO pks.subscription (username, scope, scope_id, channel, target, min_severity) VALUES "
                + "('pm-o1', '" + scope + "', '" + scopeId + "', 'WEBHOOK', 'http://localhost/hook', '"
                + minSeverity + "')");
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(final String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    private String text(final String sql) throws SQLException {
        final List<String> rows = rows(sql);
        assertEquals(1, rows.size(), sql);
        return rows.getFirst();
    }

    private List<String> rows(final String sql) throws SQLException {
        final List<String> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
