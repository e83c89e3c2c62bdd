package se.pks.stream.alerts;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
     * Comparing an approved period with its live figures costs as much as computing them, a few milliseconds for a
     * unit and seconds for an organisation, and the approvals pile up month after month. So a round compares only the
     * approved periods that can have moved: those with a stored value or a plan of their unit (or of a unit of their
     * organisation) written since the approval (or in the minutes before it, by a sink transaction that committed
     * after it), and those whose alert is still live, to settle it. A value or plan deleted outright (every event of
     * a month withdrawn) leaves no such trace: the public API flags the figure, but no alert is raised for it.
     *
     * Those writes are counted and their times summed (the writes' fingerprint): a period compared before with the
     * same fingerprint has had no write since, so it cannot have moved and is not compared again. Without that, a
     * period approved minutes after its last write was compared in every round for five minutes: the demo's hundreds
     * of approvals made each round of the tests' 5 s take 10 to 20 s of database time. Any write changes the
     * fingerprint (a new row adds to the count, a rewritten row gets its transaction's time), including a transaction
     * that began before a comparison and committed after it. The fingerprints are kept in memory: after a restart
     * every candidate is compared once again.
     */
    private static final String CANDIDATES = """
            SELECT a.level, a.subject_id, a.organisation_id, a.period_kind, a.period_start, a.state, a.version,
                   a.approved_by, w.writes, w.stamp::text,
                   EXISTS (SELECT 1 FROM pks.alert l
                           WHERE l.condition = 'CHANGED_AFTER_APPROVAL' AND l.state <> 'RESOLVED'
                             AND l.organisation_id = a.organisation_id
                             AND l.unit_id IS NOT DISTINCT FROM CASE a.level WHEN 'UNIT' THEN a.subject_id END
                             AND l.subject = a.period_kind || ' ' || a.period_start) AS alerted
            FROM pks.approval a
            CROSS JOIN LATERAL (
                SELECT count(*) AS writes, coalesce(sum(extract(epoch FROM t.updated_at)), 0) AS stamp
                FROM (SELECT v.updated_at FROM pks.measure_value v
                      JOIN pks.unit u ON u.unit_id = v.unit_id
                      -- a re-opened period is compared only to settle its alert, whatever was written
                      WHERE a.state = 'APPROVED' AND v.granularity = 'MONTH' AND v.updated_at > a.approved_at - interval '5 minutes'
                        AND v.period_start BETWEEN a.period_start AND a.period_end
                        AND (v.unit_id = a.subject_id
                             OR (a.level = 'ORGANISATION' AND u.organisation_id = a.subject_id))
                      UNION ALL
                      SELECT p.updated_at FROM pks.plan p
                      JOIN pks.unit u ON u.unit_id = p.unit_id
                      WHERE a.state = 'APPROVED' AND p.updated_at > a.approved_at - interval '5 minutes'
                        AND p.period_start BETWEEN a.period_start - 6 AND a.period_end
                        AND (p.unit_id = a.subject_id
                             OR (a.level = 'ORGANISATION' AND u.organisation_id = a.subject_id))) t
            ) AS w
            -- a region's approval raises no alert of its own: its changes are its organisations' (docs/approval.md)
            WHERE a.level <> 'REGION'
            ORDER BY a.organisation_id, a.level, a.subject_id, a.period_start""";
    private static final String COMPARISON = """
            SELECT count(*) FILTER (WHERE changed_after_approval) AS changed, count(*) AS published,
                   min(measure || coalesce(' against ' || plan_kind, '') || ': live '
                       || coalesce(round(live_actual::numeric, 2)::text, 'none') || ', approved '
                       || coalesce(round(actual::numeric, 2)::text, 'none'))
                       FILTER (WHERE changed_after_approval) AS example
            FROM pks.approved_figure
            WHERE level = ? AND subject_id = ? AND period_kind = ? AND period_start = ?::date""";

    /** The approved period as compared: a new version or a re-opening makes it another one. */
    private record Candidate(String level, String subjectId, String organisationId, String periodKind,
                             String periodStart, String state, int version, String approvedBy) {
    }

    /** The writes' fingerprint of each candidate at its last comparison. */
    private final Map<Candidate, String> compared = new HashMap<>();
    private long comparisons;

    @Override
    public List<ConditionPoint> read(final Connection connection, final EvaluationWindow window,
                                     final AlertSettings settings) throws SQLException {
        final Map<Candidate, String> due = new LinkedHashMap<>();
        final Set<Candidate> seen = new HashSet<>();
        ConditionRows.forEach(connection, CANDIDATES, row -> {
            final Candidate candidate = new Candidate(row.getString(1), row.getString(2), row.getString(3),
                    row.getString(4), row.getString(5), row.getString(6), row.getInt(7), row.getString(8));
            final boolean alerted = row.getBoolean(11);
            final String fingerprint = row.getLong(9) + " " + row.getString(10);
            if (row.getLong(9) > 0 || alerted) {
                seen.add(candidate);
                if (alerted || !fingerprint.equals(compared.get(candidate))) {
                    due.put(candidate, fingerprint);
                }
            }
        });
        // forget the periods that are no longer candidates (their five minutes are over, or they were re-opened)
        compared.keySet().retainAll(seen);
        final List<ConditionPoint> points = new ArrayList<>();
        for (final Map.Entry<Candidate, String> entry : due.entrySet()) {
            final Candidate candidate = entry.getKey();
            comparisons++;
            ConditionRows.forEach(connection, COMPARISON, row -> point(candidate, row, settings, window)
                    .ifPresent(points::add), candidate.level(), candidate.subjectId(), candidate.periodKind(),
                    candidate.periodStart());
            compared.put(candidate, entry.getValue());
        }
        return points;
    }

    /** How many approved periods this condition has compared with their live figures (for tests). */
    long comparisons() {
        return comparisons;
    }

    private static Optional<ConditionPoint> point(final Candidate candidate, final ResultSet row,
                                                  final AlertSettings settings, final EvaluationWindow window)
            throws SQLException {
        final boolean unitLevel = candidate.level().equals("UNIT");
        final String unit = unitLevel ? candidate.subjectId() : null;
        final String subject = SUBJECT.formatted(candidate.periodKind(), candidate.periodStart());
        if (!settings.of(AlertCondition.CHANGED_AFTER_APPROVAL, subject, unit).enabled()) {
            return Optional.empty();
        }
        final boolean approved = candidate.state().equals("APPROVED");
        final long changed = row.getLong(1);
        final boolean active = approved && changed > 0;
        final String what = (unitLevel ? "unit " : "organisation ") + candidate.subjectId() + "'s approved "
                + candidate.periodKind().toLowerCase(Locale.ROOT) + " from " + candidate.periodStart();
        final String summary = active
                ? what + " (version " + candidate.version() + " by " + candidate.approvedBy() + "): " + changed
                  + " of " + row.getLong(2) + " published figures changed after approval, e.g. " + row.getString(3)
                  + "; re-open it and approve it again to publish the new figures"
                : what + (approved ? " matches its published figures again" : " was re-opened");
        return Optional.of(new ConditionPoint(
                new AlertKey(AlertCondition.CHANGED_AFTER_APPROVAL, unit, candidate.organisationId(), subject),
                window.latestWeek(), active, Severity.WARNING, (double) changed, null, summary, !active));
    }
}
