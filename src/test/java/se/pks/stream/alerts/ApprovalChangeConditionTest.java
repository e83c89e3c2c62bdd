package se.pks.stream.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.MigratedDatabaseTest;

/**
 * The changed-after-approval condition compares an approved period with its live figures only when something was
 * written to it since it was last compared: unit u1's March, approved just now with 405 first visits against a target
 * of 400, published as it stood (the value row and the TARGET row).
 */
class ApprovalChangeConditionTest extends MigratedDatabaseTest {

    private static final EvaluationWindow WINDOW = EvaluationWindow.asOf(LocalDate.of(2025, 4, 10));

    @BeforeEach
    void marchApprovedJustNow() throws SQLException {
        execute("""
                ALTER TABLE pks.published_figure DISABLE TRIGGER published_figure_frozen;
                TRUNCATE pks.unit, pks.measure_value, pks.plan, pks.published_figure, pks.approval, pks.alert CASCADE;
                ALTER TABLE pks.published_figure ENABLE TRIGGER published_figure_frozen;
                INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,
                                      region_id) VALUES ('u1', 'Unit 1', 'p1', 'org-1', 'Org 1', 'PUBLIC', 'r1');
                INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value)
                    VALUES ('u1', 'first_visits', 'TARGET', 'MONTH', '2025-03-01', 400);
                INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value)
                    VALUES ('MONTH', '2025-03-01', 'u1', 'first_visits', 405);
                INSERT INTO pks.approval (level, subject_id, period_kind, period_start, period_end, organisation_id,
                                          state, version, approved_by, approved_at)
                    VALUES ('UNIT', 'u1', 'MONTH', '2025-03-01', '2025-03-31', 'org-1', 'APPROVED', 1,
                            'person:pm-1', now());
                INSERT INTO pks.published_figure (level, subject_id, period_kind, period_start, version, period_end,
                                                  measure, plan_kind, actual, expected, deviation, deviation_pct,
                                                  status, incomplete, flagged, deficiency_count, deficiencies)
                VALUES ('UNIT', 'u1', 'MONTH', '2025-03-01', 1, '2025-03-31', 'first_visits', NULL, 405, NULL, NULL,
                        NULL, 'NONE', false, false, 0, '{}'),
                       ('UNIT', 'u1', 'MONTH', '2025-03-01', 1, '2025-03-31', 'first_visits', 'TARGET', 405, 400, 5,
                        1.25, 'GREEN', false, false, 0, '{}');
                """);
    }

    @Test
    void aPeriodIsComparedAgainOnlyAfterAWriteToIt() throws SQLException {
        final ApprovalChangeCondition condition = new ApprovalChangeCondition();

        // Its values were written within five minutes of the approval: a candidate, compared, and nothing moved.
        final List<ConditionPoint> first = read(condition);
        assertEquals(1, condition.comparisons());
        assertEquals(1, first.size());
        assertFalse(first.getFirst().active());

        // Nothing written since: not compared again.
        assertEquals(List.of(), read(condition));
        assertEquals(1, condition.comparisons());

        // A late event: the sink rewrites the month's value in a new transaction.
        execute("UPDATE pks.measure_value SET value = 412, updated_at = now() WHERE unit_id = 'u1'");
        final List<ConditionPoint> afterLateEvent = read(condition);
        assertEquals(2, condition.comparisons());
        assertEquals(1, afterLateEvent.size());
        final ConditionPoint changed = afterLateEvent.getFirst();
        assertTrue(changed.active());
        // both published rows carry the actual 405: the value and its deviation from the target moved
        assertEquals(2.0, changed.value());
        assertTrue(changed.summary().contains("2 of 2 published figures changed after approval, e.g. first_visits"
                + " against TARGET: live 412.00, approved 405.00"), changed.summary());

        // A service started afresh knows nothing of earlier comparisons: it compares once more.
        final ApprovalChangeCondition restarted = new ApprovalChangeCondition();
        assertEquals(1, read(restarted).size());
        assertEquals(1, restarted.comparisons());
    }

    @Test
    void aPeriodWithALiveAlertIsComparedInEveryRoundToSettleIt() throws SQLException {
        final ApprovalChangeCondition condition = new ApprovalChangeCondition();
        read(condition);
        execute("UPDATE pks.approval SET approved_at = now() - interval '1 hour'");
        // its writes are now older than the approval's five minutes: no longer a candidate by its writes
        assertEquals(List.of(), read(condition));
        assertEquals(1, condition.comparisons());

        execute("""
                INSERT INTO pks.alert (alert_key, condition, unit_id, organisation_id, subject, severity, state,
                                       first_period, last_active_period, last_period, summary)
                VALUES ('CHANGED_AFTER_APPROVAL|u1|MONTH 2025-03-01', 'CHANGED_AFTER_APPROVAL', 'u1', 'org-1',
                        'MONTH 2025-03-01', 'WARNING', 'OPEN', '2025-04-07', '2025-04-07', '2025-04-07', 'changed')
                """);
        assertEquals(1, read(condition).size());
        assertEquals(1, read(condition).size());
        assertEquals(3, condition.comparisons());
    }

    private List<ConditionPoint> read(final ApprovalChangeCondition condition) throws SQLException {
        return condition.read(connection, WINDOW, AlertSettings.load(connection));
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
