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

    // Periods are read while they have changed figures, and while a live alert of theirs may still need settling.
    private static final String CHANGED = """
            SELECT q.level, q.subject_id, q.organisation_id, q.period_kind, q.period_start, q.state, q.version,
                   q.approved_by, q.changed_figures, q.published_figures,
                   (SELECT f.measure || coalesce(' against ' || f.plan_kind, '') || ': live '
                           || coalesce(round(f.live_actual::numeric, 2)::text, 'none') || ', approved '
                           || coalesce(round(f.actual::numeric, 2)::text, 'none')
                    FROM pks.approved_figure f
                    WHERE f.level = q.level AND f.subject_id = q.subject_id AND f.period_kind = q.period_kind
                      AND f.period_start = q.period_start AND f.changed_after_approval
                    ORDER BY f.measure, f.plan_kind NULLS FIRST LIMIT 1)
            FROM pks.approval_quality q
            WHERE (q.state = 'APPROVED' AND q.changed_figures > 0)
               OR EXISTS (SELECT 1 FROM pks.alert l
                          WHERE l.condition = 'CHANGED_AFTER_APPROVAL' AND l.state <> 'RESOLVED'
                            AND l.organisation_id = q.organisation_id
                            AND l.unit_id IS NOT DISTINCT FROM CASE q.level WHEN 'UNIT' THEN q.subject_id END
                            AND l.subject = q.period_kind || ' ' || q.period_start)
            ORDER BY q.organisation_id, q.level, q.subject_id, q.period_start""";

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
