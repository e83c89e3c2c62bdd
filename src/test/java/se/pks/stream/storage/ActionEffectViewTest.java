package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The views of the action register (V7) on a real PostgreSQL, with the crafted series of the effect follow-up's unit
 * test: twelve normal weeks alternating 12 and 10 from Monday 6 January 2025 (centre 11), the action done on Monday
 * 31 March 2025 unless told, then the weeks after. The view must reach the verdicts worked out by hand there.
 */
class ActionEffectViewTest extends MigratedDatabaseTest {

    private static final double EXACT = 1e-9;
    private static final LocalDate FIRST_WEEK = LocalDate.of(2025, 1, 6);
    private static final LocalDate DONE_ON = LocalDate.of(2025, 3, 31);

    /** One row of pks.action_effect. */
    private record Effect(Double baselineCentre, long baselineWeeks, Double afterCentre, long weeksAfter,
                          long longestIntended, long longestOpposite, String verdict) {
    }

    @BeforeEach
    void resetData() throws SQLException {
        execute("TRUNCATE pks.action CASCADE");
        execute("TRUNCATE pks.measure_value, pks.unit, pks.calendar_week");
        execute("SET pks.as_of = '2026-01-01'");
    }

    @Test
    void sevenWeeksOnTheIntendedSideShowTheEffectAndTheOppositeForTheOtherDirection() throws SQLException {
        weeks("u1", 13, 14, 13, 14, 13, 14, 13);
        final long increase = doneAction("u1", "INCREASE", DONE_ON);
        final long decrease = doneAction("u1", "DECREASE", DONE_ON);
        // after: (4 * 13 + 3 * 14) / 7 = 94 / 7
        assertEffect(new Effect(11.0, 12, 94.0 / 7, 7, 7, 0, "EFFECT_SHOWN"), effect(increase));
        assertEffect(new Effect(11.0, 12, 94.0 / 7, 7, 0, 7, "OPPOSITE_SHIFT"), effect(decrease));
    }

    @Test
    void tooEarlyNoShiftYetAndTheLatestShiftWins() throws SQLException {
        weeks("early", 13, 14, 13, 14, 13, 14);
        weeks("centre", 13, 13, 13, 11, 13, 13, 13, 13, 13, 13);
        weeks("reversed", 13, 13, 13, 13, 13, 13, 13, 9, 9, 9, 9, 9, 9, 9);
        assertEquals("TOO_EARLY", effect(doneAction("early", "INCREASE", DONE_ON)).verdict());
        // the week exactly on the old centre (11) breaks the run: 3, then 6; after (9 * 13 + 11) / 10 = 12.8
        assertEffect(new Effect(11.0, 12, 12.8, 10, 6, 0, "NO_SHIFT_YET"),
                effect(doneAction("centre", "INCREASE", DONE_ON)));
        // (7 * 13 + 7 * 9) / 14 = 11
        assertEffect(new Effect(11.0, 12, 11.0, 14, 7, 7, "OPPOSITE_SHIFT"),
                effect(doneAction("reversed", "INCREASE", DONE_ON)));
    }

    @Test
    void lowProductionWeeksAndTheWeekInProgressBelongToNeitherSide() throws SQLException {
        weeks("summer", 13, 13, 13, 2, 13, 13, 13, 13);
        unit("summer", "R-summer");
        // the fourth week after (week 15 of the series, from 21 April 2025) is a low-production week
        execute("INSERT INTO pks.calendar_week VALUES ('R-summer', '" + FIRST_WEEK.plusWeeks(15)
                + "', 'LOW_PRODUCTION', 'påsk')");
        assertEffect(new Effect(11.0, 12, 13.0, 7, 7, 0, "EFFECT_SHOWN"),
                effect(doneAction("summer", "INCREASE", DONE_ON)));

        // Done on Wednesday 2 April: the week from 31 March (30) is partly before, partly after.
        weeks("midweek", 30, 13, 13, 13, 13, 13, 13);
        assertEffect(new Effect(11.0, 12, 13.0, 6, 6, 0, "TOO_EARLY"),
                effect(doneAction("midweek", "INCREASE", DONE_ON.plusDays(2))));
    }

    @Test
    void onlyDoneActionsOnOneUnitWithABaselineAreJudged() throws SQLException {
        weeks("u1", 13, 13);
        final Effect none = effect(doneAction("u1", "INCREASE", FIRST_WEEK.minusDays(3)));
        assertNull(none.baselineCentre());
        assertEquals("NO_BASELINE", none.verdict());
        assertEquals(14, none.weeksAfter());
        execute("""
                INSERT INTO pks.action (title, organisation_id, unit_id, measure, expected_direction, responsible,
                                        deadline, status, created_by)
                VALUES ('open', 'org', 'u1', 'first_visits', 'INCREASE', 'r', '2025-06-30', 'IN_PROGRESS', 't'),
                       ('whole organisation', 'org', NULL, 'first_visits', 'INCREASE', 'r', '2025-06-30', 'PLANNED',
                        't')""");
        execute("UPDATE pks.action SET status = 'DONE', done_on = '2025-03-31' WHERE title = 'whole organisation'");
        assertEquals(1, count("SELECT count(*) FROM pks.action_effect"));
    }

    @Test
    void anOpenActionPastItsDeadlineIsOverdueFromTheDayAfter() throws SQLException {
        execute("""
                INSERT INTO pks.action (title, organisation_id, unit_id, measure, expected_direction, responsible,
                                        deadline, status, done_on, created_by)
                VALUES ('due yesterday', 'org', 'u1', 'operations', 'INCREASE', 'r', '2025-12-31', 'PLANNED', NULL,
                        't'),
                       ('due today', 'org', 'u1', 'operations', 'INCREASE', 'r', '2026-01-01', 'IN_PROGRESS', NULL,
                        't'),
                       ('done late', 'org', 'u1', 'operations', 'INCREASE', 'r', '2025-06-30', 'DONE', '2025-12-01',
                        't'),
                       ('dropped', 'org', 'u1', 'operations', 'INCREASE', 'r', '2025-06-30', 'DROPPED', NULL, 't'),
                       ('long overdue', 'org', NULL, 'operations', 'INCREASE', 'r', '2025-11-01', 'IN_PROGRESS', NULL,
                        't')""");
        final List<String> overdue = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT title || ' ' || days_overdue FROM pks.overdue_action ORDER BY days_overdue DESC")) {
            while (rows.next()) {
                overdue.add(rows.getString(1));
            }
        }
        // 1 November to 1 January is 30 + 31 = 61 days
        assertEquals(List.of("long overdue 61", "due yesterday 1"), overdue);
    }

    /** The twelve baseline weeks of {@code unitId}, then {@code after} from the week of DONE_ON on. */
    private void weeks(final String unitId, final double... after) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value)
                VALUES ('WEEK', ?, ?, 'first_visits', ?)""")) {
            for (int i = 0; i < 12 + after.length; i++) {
                insert.setObject(1, FIRST_WEEK.plusWeeks(i));
                insert.setString(2, unitId);
                insert.setDouble(3, i < 12 ? (i % 2 == 0 ? 12 : 10) : after[i - 12]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void unit(final String unitId, final String regionId) throws SQLException {
        execute("INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership, "
                + "region_id) VALUES ('" + unitId + "', 'n', 'p', 'org', 'o', 'PUBLIC', '" + regionId + "')");
    }

    private long doneAction(final String unitId, final String direction, final LocalDate doneOn) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO pks.action (title, organisation_id, unit_id, measure, expected_direction, responsible,
                                        deadline, status, done_on, created_by)
                VALUES ('t', 'org', ?, 'first_visits', ?, 'klinikchef', '2025-06-30', 'DONE', ?, 'test')
                RETURNING action_id""")) {
            insert.setString(1, unitId);
            insert.setString(2, direction);
            insert.setObject(3, doneOn);
            try (ResultSet key = insert.executeQuery()) {
                key.next();
                return key.getLong(1);
            }
        }
    }

    private Effect effect(final long actionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT baseline_centre, baseline_weeks, after_centre, weeks_after, longest_run_intended,
                       longest_run_opposite, verdict
                FROM pks.action_effect WHERE action_id = ?""")) {
            select.setLong(1, actionId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new Effect(row.getObject(1, Double.class), row.getLong(2), row.getObject(3, Double.class),
                        row.getLong(4), row.getLong(5), row.getLong(6), row.getString(7));
            }
        }
    }

    /** Centres within floating-point noise of avg(), everything else exactly. */
    private static void assertEffect(final Effect expected, final Effect actual) {
        assertEquals(expected.baselineCentre(), actual.baselineCentre(), EXACT);
        assertEquals(expected.afterCentre(), actual.afterCentre(), EXACT);
        assertEquals(expected, new Effect(expected.baselineCentre(), actual.baselineWeeks(), expected.afterCentre(),
                actual.weeksAfter(), actual.longestIntended(), actual.longestOpposite(), actual.verdict()));
    }

    private long count(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
