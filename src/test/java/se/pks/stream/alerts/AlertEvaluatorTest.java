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
 * as the calendar moves on. Thresholds are the shipped defaults for first_visits: YELLOW from -5 %, RED from -10 %;
 * a shortfall is sustained beyond 3.5 standard errors over up to 26 weeks (docs/alerts-and-actions.md).
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
            statement.execute("DELETE FROM pks.alert_setting WHERE unit_id <> '*'");
            statement.execute("UPDATE pks.alert_setting SET enabled = condition IN ('STATUS')");
        }
        evaluator = new AlertEvaluator();
        evaluator.dataSource = dataSource();
    }

    @Test
    void aSustainedShortfallOpensOneAlertThatEscalatesWithItsEvidenceAndResolves() throws SQLException {
        execute("UPDATE pks.alert_setting SET enabled = condition IN ('STATUS', 'SPC', 'PROJECTION')");
        subscribe("ORGANISATION", "o1", "WARNING");
        subscribe("UNIT", "u1", "CRITICAL");
        // Weekly target 100 first visits, 80 delivered from the start: every week -20 %, RED.
        for (int week = 0; week < 20; week++) {
            plan(week, 100);
            value(week, week < 12 ? 80 : 100);
        }
        // Eleven weeks are too few to tell a shortfall from chance: nothing, however RED.
        evaluateAfterWeek(10);
        assertEquals(0, count("SELECT count(*) FROM pks.alert"));

        // Twelve weeks: 240 short of 1,200; the deviations do not vary, so the spread is the Poisson one of the plan,
        // sqrt(1,200) = 34.6: -6.9 standard errors, beyond 3.5, and the last four weeks are -20 %, RED: sustained.
        // The SPC concern of the week is listed as evidence, not raised on its own.
        execute("INSERT INTO pks.spc_point (unit_id, measure, week_start, value, centre, lower_limit, upper_limit, "
                + "low_production, rule, signal) VALUES ('u1', 'first_visits', '" + W0.plusWeeks(11) + "', 80, 100, "
                + "88, 112, false, 'BEYOND_LIMIT', 'CONCERN')");
        evaluateAfterWeek(11);
        assertEquals(List.of("OPEN WARNING 1"), alerts());
        assertEquals("STATUS|u1|first_visits", text("SELECT alert_key FROM pks.alert"));
        assertEquals("first_visits week 2025-W47: 80 against a plan of 100 (-20.0 %), RED; last four weeks -20.0 %, "
                + "RED; last 12 weeks -6.9 standard deviations of its weekly noise (beyond 3.5): a sustained deviation",
                text("SELECT summary FROM pks.alert"));
        assertEquals(List.of("STATUS (WARNING): first_visits week 2025-W47: 80 against a plan of 100 (-20.0 %), RED; "
                + "last four weeks -20.0 %, RED; last 12 weeks -6.9 standard deviations of its weekly noise (beyond "
                + "3.5): a sustained deviation", "SPC (NOTICE): first_visits week 2025-W47: SPC concern (beyond limit), value "
                + "80, centre line 100"), rows("SELECT unnest(evidence) FROM pks.alert"));
        assertEquals(1, count("SELECT count(*) FROM pks.notification"));

        // The same round again (a restart, a replay): nothing new.
        evaluateAfterWeek(11);
        assertEquals(List.of("OPEN WARNING 1"), alerts());
        assertEquals(1, count("SELECT count(*) FROM pks.notification"));

        // The year-end projection misses the annual target too: the year's plan is at risk, the same alert pages.
        execute("INSERT INTO pks.projection (unit_id, measure, year, weeks_elapsed, actual_to_date, plan_to_date, "
                + "annual_target, projected, deviation, deviation_pct) VALUES "
                + "('u1', 'first_visits', 2025, 47, 3760, 4700, 5200, 4160, -1040, -20)");
        evaluateAfterWeek(12);
        assertEquals(List.of("OPEN CRITICAL 2"), alerts());
        assertEquals(List.of("STATUS", "PROJECTION"),
                rows("SELECT split_part(e, ' ', 1) FROM pks.alert, unnest(evidence) e"));
        assertTrue(text("SELECT summary FROM pks.alert").endsWith("; the year's plan is at risk"));
        // told again to the organisation's subscriber, and for the first time to the unit's CRITICAL subscriber
        assertEquals(3, count("SELECT count(*) FROM pks.notification"));

        // Back on plan from week 12. Week 14's four weeks are 380 of 400 (-5 %, YELLOW): the last week off plan;
        // weeks 15 and 16 are clear, so the alert resolves after week 16, projection or not (on its own it is
        // evidence).
        evaluateAfterWeek(15);
        assertEquals(List.of("OPEN CRITICAL 2"), alerts());
        evaluateAfterWeek(16);
        assertEquals(List.of("RESOLVED CRITICAL 3"), alerts());
        assertEquals(List.of("1 OPEN WARNING", "2 OPEN CRITICAL", "3 RESOLVED CRITICAL"),
                rows("SELECT version || ' ' || state || ' ' || severity FROM pks.alert_change ORDER BY version"));
        evaluateAfterWeek(19);
        assertEquals(1, count("SELECT count(*) FROM pks.alert"));
    }

    @Test
    void aRedWeekOnItsOwnRaisesNothing() throws SQLException {
        // Twelve weeks exactly on plan, then 50 of 100: the week and its four weeks are RED, but -50 against the
        // spread of the weeks (sample variance 2,500 - 13 x 14.8 = 2,308 over 12, x 13 weeks = 2,500) is -1.0
        // standard errors: chance, as far as the figures can tell.
        for (int week = 0; week <= 12; week++) {
            plan(week, 100);
            value(week, week < 12 ? 100 : 50);
        }
        evaluateAfterWeek(12);
        assertEquals(List.of(), rows("SELECT summary FROM pks.alert"));
    }

    @Test
    void weeksWithoutAnyVisitsAreAShortfall() throws SQLException {
        for (int week = 0; week < 12; week++) {
            plan(week, 100);
        }
        evaluateAfterWeek(11);
        assertEquals(List.of("OPEN WARNING 1"), alerts());
        assertTrue(text("SELECT summary FROM pks.alert").startsWith("first_visits week 2025-W47: 0 against a plan"));
    }

    @Test
    void lateEventsThatBringTheWeeksBackOnPlanWithdrawTheAlert() throws SQLException {
        for (int week = 0; week < 12; week++) {
            plan(week, 100);
            value(week, 80);
        }
        evaluateAfterWeek(11);
        assertEquals(List.of("OPEN WARNING 1"), alerts());
        // The rest of the visits arrive late: 100 of 100 every week.
        execute("UPDATE pks.measure_value SET value = 100");
        evaluateAfterWeek(11);
        assertEquals(List.of("RESOLVED WARNING 2"), alerts());
        assertEquals("withdrawn: with later or corrected figures, no week since 2025-W47 meets the condition",
                text("SELECT reason FROM pks.alert_change WHERE version = 2"));
    }

    @Test
    void aSwitchedOffConditionResolvesItsAlertAndRaisesNoMore() throws SQLException {
        for (int week = 0; week < 12; week++) {
            plan(week, 100);
            value(week, 50);
        }
        evaluateAfterWeek(11);
        assertEquals(List.of("OPEN WARNING 1"), alerts());
        execute("INSERT INTO pks.alert_setting (condition, subject, unit_id, enabled) "
                + "VALUES ('STATUS', 'first_visits', 'u1', false)");
        evaluateAfterWeek(11);
        assertEquals(List.of("RESOLVED WARNING 2"), alerts());
        evaluateAfterWeek(11);
        assertEquals(1, count("SELECT count(*) FROM pks.alert"));
    }

    @Test
    void anSpcSignalOrAProjectionOnItsOwnRaisesNothing() throws SQLException {
        execute("UPDATE pks.alert_setting SET enabled = condition IN ('SPC', 'PROJECTION')");
        execute("INSERT INTO pks.spc_point (unit_id, measure, week_start, value, centre, lower_limit, upper_limit, "
                + "low_production, rule, signal) VALUES ('u1', 'operations', '" + W0 + "', 12, 30, 18, 42, false, "
                + "'BEYOND_LIMIT', 'CONCERN')");
        execute("INSERT INTO pks.projection (unit_id, measure, year, weeks_elapsed, actual_to_date, plan_to_date, "
                + "annual_target, projected, deviation, deviation_pct) VALUES "
                + "('u1', 'first_visits', 2025, 36, 3384, 3600, 5000, 4700, -300, -6)");
        evaluateAfterWeek(0);
        assertEquals(0, count("SELECT count(*) FROM pks.alert"));
    }

    @Test
    void sustainedQueuePressureAndAnOversizedQueueAreOneCriticalAlertOfTheWaitingList() throws SQLException {
        execute("UPDATE pks.alert_setting SET enabled = condition IN ('QUEUE_PRESSURE', 'QUEUE_SIZE')");
        // First-visit list: pressure 1.2 > 1 (queue 150, not more than 2 x 80); treatment list: pressure 0.9, queue
        // 170 > 2 x 80. Both hold for four weeks in a row from week 0.
        for (int week = 0; week < 4; week++) {
            queue(week, "FIRST_VISIT", 1.2, 150);
            queue(week, "TREATMENT", 0.9, 170);
        }
        // Three weeks: evidence, no alert.
        evaluateAfterWeek(2);
        assertEquals(0, count("SELECT count(*) FROM pks.alert"));
        // Four: both sustained, one problem (the unit's waiting list): the care guarantee is at risk.
        evaluateAfterWeek(3);
        assertEquals(List.of("QUEUE_PRESSURE|u1|waiting_count CRITICAL"),
                rows("SELECT alert_key || ' ' || severity FROM pks.alert"));
        assertEquals(List.of("QUEUE_PRESSURE", "QUEUE_SIZE"),
                rows("SELECT split_part(e, ' ', 1) FROM pks.alert, unnest(evidence) e"));
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

    @Test
    void aListAboveItsForecastIsSustainedOnceTheCareThatEmptiesItIsSurelyShort() throws SQLException {
        execute("INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership, "
                + "region_id) VALUES ('u2', 'Kirurgi', 'p1', 'o1', 'Norrstad sjukhus', 'PUBLIC', 'r1')");
        // Both lists are forecast at 100 and run 5 a week above it, swinging 30 either side every other week: weekly
        // changes of +65 and -55, whose spread (62.7) makes 12 weeks' growth of 60 only 60 / (62.7 * sqrt 12) = 0.3
        // standard errors. u1 performs 20 of its 25 planned first visits every week, u2 all 25.
        for (int week = 0; week <= 12; week++) {
            for (final String unit : List.of("u1", "u2")) {
                figure(unit, "waiting_count", "WAITING_FORECAST", week, 100, 100 + 5 * week + (week % 2 == 1 ? 30 : -30));
                figure(unit, "first_visits", "TARGET", week, 25, unit.equals("u1") ? 20 : 25);
            }
        }
        // Twelve weeks: u1's visits are 60 short against a Poisson spread of sqrt(300): 3.46, not yet beyond 3.5.
        evaluateAfterWeek(11);
        assertEquals(List.of(), rows("SELECT unit_id FROM pks.alert WHERE subject = 'waiting_count'"));
        // Thirteen: 65 short against sqrt(325), 3.6 standard errors, and the list's last four weeks are 52.5 % above
        // its forecast, RED: u1's list is sustained, and says why. u2's, the same list with its care at plan, is not.
        evaluateAfterWeek(12);
        assertEquals(List.of("u1 WARNING"),
                     rows("SELECT unit_id || ' ' || severity FROM pks.alert WHERE subject = 'waiting_count'"));
        final String summary = text("SELECT summary FROM pks.alert WHERE subject = 'waiting_count'");
        assertTrue(summary.contains("last four weeks +52.5 %, RED"), summary);
        assertTrue(summary.contains("grown +0.3 standard deviations of its weekly changes against the forecast over "
                                    + "the last 12 weeks"), summary);
        assertTrue(summary.contains("its removals (first_visits) short of plan by 3.6 standard deviations"), summary);
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

    private void figure(final String unit, final String measure, final String planKind, final int week,
                        final double planned, final double actual) throws SQLException {
        execute("INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) VALUES ('" + unit
                + "', '" + measure + "', '" + planKind + "', 'WEEK', '" + W0.plusWeeks(week) + "', " + planned + ")");
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) VALUES ('WEEK', '"
                + W0.plusWeeks(week) + "', '" + unit + "', '" + measure + "', " + actual + ")");
    }

    private void queue(final int week, final String guarantee, final double pressure, final long size)
            throws SQLException {
        execute("INSERT INTO pks.queue_status (unit_id, guarantee, week_start, window_weeks, limit_days, queue_size, "
                + "mean_wait_days, demand, capacity, load, target_mean_wait, target_queue_size, queue_too_big, "
                + "relief_capacity, target_capacity, pressure) VALUES ('u1', '" + guarantee + "', '" + W0.plusWeeks(week)
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
