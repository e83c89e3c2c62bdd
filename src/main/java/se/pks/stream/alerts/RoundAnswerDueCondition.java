package se.pks.stream.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reminder of a key-figure benchmarking round (docs/benchmarking-round.md): a unit in an open round that has
 * neither confirmed nor flagged its figures once the deadline is at most the setting's threshold in days away (3 by
 * default). The subject is the round, "round 3"; one alert per round and unit, so its subscribers (the unit's and its
 * organisation's, usually the production manager) are told once when it opens, not at every round of the evaluator.
 * It settles at once when the unit answers, the round closes or the deadline passes.
 */
final class RoundAnswerDueCondition implements ConditionSource {

    private static final String SUBJECT = "round %d";

    // Answered units and closed rounds are read only while a reminder of theirs may still be live.
    private static final String UNITS = """
            SELECT r.round_id, r.region_id, r.period_kind, r.period_start, r.deadline, r.state, u.unit_id,
                   u.organisation_id, a.unit_id IS NOT NULL AS answered
            FROM pks.benchmarking_round r
            JOIN (SELECT DISTINCT round_id, unit_id, organisation_id FROM pks.benchmarking_round_figure
                  WHERE stage = 'PRELIMINARY') u ON u.round_id = r.round_id
            LEFT JOIN pks.benchmarking_round_answer a ON a.round_id = r.round_id AND a.unit_id = u.unit_id
            WHERE (r.state = 'OPEN' AND a.unit_id IS NULL AND r.deadline >= ?)
               OR EXISTS (SELECT 1 FROM pks.alert l
                          WHERE l.condition = 'ROUND_ANSWER_DUE' AND l.state <> 'RESOLVED'
                            AND l.unit_id = u.unit_id AND l.subject = 'round ' || r.round_id)
            ORDER BY r.round_id, u.unit_id""";

    @Override
    public List<ConditionPoint> read(final Connection connection, final EvaluationWindow window,
                                     final AlertSettings settings) throws SQLException {
        final List<ConditionPoint> points = new ArrayList<>();
        ConditionRows.forEach(connection, UNITS, row -> {
            final long round = row.getLong(1);
            final String subject = SUBJECT.formatted(round);
            final String unit = row.getString(7);
            final AlertSetting setting = settings.of(AlertCondition.ROUND_ANSWER_DUE, subject, unit);
            if (!setting.enabled()) {
                return;
            }
            final LocalDate deadline = row.getObject(5, LocalDate.class);
            final boolean open = row.getString(6).equals("OPEN");
            final boolean answered = row.getBoolean(9);
            final long daysLeft = ChronoUnit.DAYS.between(window.today(), deadline);
            final boolean due = open && !answered && daysLeft >= 0
                    && daysLeft <= setting.requiredThreshold(AlertCondition.ROUND_ANSWER_DUE);
            final String what = "benchmarking round " + round + " (region " + row.getString(2) + ", "
                    + row.getString(3).toLowerCase(Locale.ROOT) + " from " + row.getString(4) + ")";
            final String summary = due
                    ? "unit " + unit + " has not confirmed or flagged its key figures in " + what
                      + "; the deadline is " + deadline + (daysLeft == 0 ? " (today)" : " (in " + daysLeft + " day"
                      + (daysLeft == 1 ? "" : "s") + ")") + ": answer at /api/v1/benchmarking-rounds/" + round
                      + "/answers/" + unit
                    : answered ? "unit " + unit + " has answered " + what
                    : !open ? what + " is closed"
                    : daysLeft < 0 ? "the deadline of " + what + " has passed"
                    : "the deadline of " + what + " is " + daysLeft + " days away";
            points.add(new ConditionPoint(
                    new AlertKey(AlertCondition.ROUND_ANSWER_DUE, unit, row.getString(8), subject),
                    window.latestWeek(), due, Severity.WARNING, (double) daysLeft, setting.threshold(), summary,
                    !due && (answered || !open || daysLeft < 0)));
        }, window.today().minusDays(1));
        return points;
    }
}
