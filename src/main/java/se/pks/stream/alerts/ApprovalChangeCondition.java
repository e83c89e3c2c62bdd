package se.pks.stream.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Approved periods whose figures have moved since their approval (docs/approval.md): a late event, a correction or a
 * changed plan made a live figure differ from the published one. The approver of the unit or organisation hears of it
 * through their subscriptions, since only a new approval publishes the new figures. The subject is the period,
 * "MONTH 2025-03-01"; an organisation's period is an organisation-wide alert (no unit). Re-opening the period, or
 * approving it again, settles the alert at once.
 */
final class ApprovalChangeCondition implements ConditionSource {

    private static final String SUBJECT = "%s %s";

    /*
     * Comparing an approved period with its live figures costs as much as computing them, a few milliseconds per
     * period, and the approvals pile up month after month. So a round compares only the approved periods that can
     * have moved: those with a stored value or a plan of their unit (or of a unit of their organisation) written since
     * the approval (or in the minutes before it, by a sink transaction that committed after it), and those whose alert
     * is still live, to settle it. A value or plan deleted outright (every event
     * of a month withdrawn) leaves no such trace: the public API flags the figure, but no alert is raised for it.
     */
    private static final String CHANGED = """
            WITH candidate AS (
                SELECT a.level, a.subject_id, a.organisation_id, a.period_kind, a.period_start, a.state, a.version,
                       a.approved_by
                FROM pks.approval a
                -- a region's approval raises no alert of its own: its changes are its organisations' (docs/approval.md)
                WHERE a.level <> 'REGION' AND ((a.state = 'APPROVED'
                       AND (EXISTS (SELECT 1 FROM pks.measure_value v
                                    JOIN pks.unit u ON u.unit_id = v.unit_id
                                    WHERE v.granularity = 'MONTH' AND v.updated_at > a.approved_at - interval '5 minutes'
                                      AND v.period_start BETWEEN a.period_start AND a.period_end
                                      AND (v.unit_id = a.subject_id
                                           OR (a.level = 'ORGANISATION' AND u.organisation_id = a.subject_id)))
                            OR EXISTS (SELECT 1 FROM pks.plan p
                                       JOIN pks.unit u ON u.unit_id = p.unit_id
                                       WHERE p.updated_at > a.approved_at - interval '5 minutes'
                                         AND p.period_start BETWEEN a.period_start - 6 AND a.period_end
                                         AND (p.unit_id = a.subject_id
                                              OR (a.level = 'ORGANISATION' AND u.organisation_id = a.subject_id)))))
                   OR EXISTS (SELECT 1 FROM pks.alert l
                              WHERE l.condition = 'CHANGED_AFTER_APPROVAL' AND l.state <> 'RESOLVED'
                                AND l.organisation_id = a.organisation_id
                                AND l.unit_id IS NOT DISTINCT FROM CASE a.level WHEN 'UNIT' THEN a.subject_id END
                                AND l.subject = a.period_kind || ' ' || a.period_start))
            )
            SELECT c.level, c.subject_id, c.organisation_id, c.period_kind, c.period_start, c.state, c.version,
                   c.approved_by, f.changed, f.published, f.example
            FROM candidate c
            CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE changed_after_approval) AS changed, count(*) AS published,
                       min(measure || coalesce(' against ' || plan_kind, '') || ': live '
                           || coalesce(round(live_actual::numeric, 2)::text, 'none') || ', approved '
                           || coalesce(round(actual::numeric, 2)::text, 'none'))
                           FILTER (WHERE changed_after_approval) AS example
                FROM pks.approved_figure
                WHERE level = c.level AND subject_id = c.subject_id AND period_kind = c.period_kind
                  AND period_start = c.period_start
            ) AS f
            ORDER BY c.organisation_id, c.level, c.subject_id, c.period_start""";

    @Override
    public List<ConditionPoint> read(final Connection connection, final EvaluationWindow window,
                                     final AlertSettings settings) throws SQLException {
        final List<ConditionPoint> points = new ArrayList<>();
        ConditionRows.forEach(connection, CHANGED, row -> {
            final boolean unitLevel = row.getString(1).equals("UNIT");
            final String unit = unitLevel ? row.getString(2) : null;
            final String subject = SUBJECT.formatted(row.getString(4), row.getString(5));
            if (!settings.of(AlertCondition.CHANGED_AFTER_APPROVAL, subject, unit).enabled()) {
                return;
            }
            final boolean approved = row.getString(6).equals("APPROVED");
            final long changed = row.getLong(9);
            final boolean active = approved && changed > 0;
            final String what = (unitLevel ? "unit " : "organisation ") + row.getString(2) + "'s approved "
                    + row.getString(4).toLowerCase(Locale.ROOT) + " from " + row.getString(5);
            final String summary = active
                    ? what + " (version " + row.getInt(7) + " by " + row.getString(8) + "): " + changed + " of "
                      + row.getLong(10) + " published figures changed after approval, e.g. " + row.getString(11)
                      + "; re-open it and approve it again to publish the new figures"
                    : what + (approved ? " matches its published figures again" : " was re-opened");
            points.add(new ConditionPoint(
                    new AlertKey(AlertCondition.CHANGED_AFTER_APPROVAL, unit, row.getString(3), subject),
                    window.latestWeek(), active, Severity.WARNING, (double) changed, null, summary, !active));
        });
        return points;
    }
}
