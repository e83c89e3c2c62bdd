package se.pks.stream.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Actions past their deadline that are neither DONE nor DROPPED (docs/alerts-and-actions.md). The subject is the
 * action id. An action closed since settles its alert at once; one whose deadline was moved clears like any other
 * condition.
 */
final class OverdueActionCondition implements ConditionSource {

    // Closed actions are read only while an overdue alert of theirs may still be live.
    private static final String ACTIONS = """
            SELECT a.action_id, a.organisation_id, a.unit_id, a.title, a.deadline, a.status, a.responsible
            FROM pks.action a
            WHERE (a.status IN ('PLANNED', 'IN_PROGRESS') AND a.deadline < ?)
               OR EXISTS (SELECT 1 FROM pks.alert l
                          WHERE l.condition = 'ACTION_OVERDUE' AND l.state <> 'RESOLVED'
                            AND l.subject = a.action_id::text)
            ORDER BY a.action_id""";

    @Override
    public List<ConditionPoint> read(final Connection connection, final EvaluationWindow window,
                                     final AlertSettings settings) throws SQLException {
        final List<ConditionPoint> points = new ArrayList<>();
        ConditionRows.forEach(connection, ACTIONS, row -> {
            final String action = row.getString(1);
            final String unit = row.getString(3);
            if (!settings.of(AlertCondition.ACTION_OVERDUE, action, unit).enabled()) {
                return;
            }
            final LocalDate deadline = row.getObject(5, LocalDate.class);
            final String status = row.getString(6);
            final boolean open = status.equals("PLANNED") || status.equals("IN_PROGRESS");
            final boolean overdue = open && deadline.isBefore(window.today());
            final String summary = overdue
                    ? "action " + action + " \"" + row.getString(4) + "\" (" + row.getString(7) + ") is "
                      + ChronoUnit.DAYS.between(deadline, window.today()) + " days past its deadline "
                      + deadline + ", still " + status
                    : "action " + action + " is " + (open ? "no longer overdue (deadline " + deadline + ")"
                                                          : status);
            points.add(new ConditionPoint(
                    new AlertKey(AlertCondition.ACTION_OVERDUE, unit, row.getString(2), action),
                    window.latestWeek(), overdue, Severity.WARNING, null, null, summary, !open));
        }, window.today());
        return points;
    }
}
