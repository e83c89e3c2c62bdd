package se.pks.stream.analysis;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import se.pks.stream.model.Direction;

/**
 * Did a completed action move its measure? The unit's weekly series is split at the day the action was done: the
 * weeks before are the baseline, the weeks after are judged against the baseline's centre line with the SPC shift
 * rule (7 weeks in a row on one side). Pure arithmetic on the same chart code as the SPC charts, so an analyst can
 * check a verdict by hand on the chart.
 *
 * <p>A week that had begun but not ended on the day the action was done belongs to neither side: it is partly the
 * old process and partly the new. Low-production weeks are left out of both sides, as they are of SPC limits: a
 * summer week below the old centre line says nothing about the action, so it neither counts towards a run nor
 * breaks one.
 */
public final class EffectFollowUp {

    private static final int DAYS_PER_WEEK = 7;

    private EffectFollowUp() {
    }

    /**
     * @param series the unit's weekly values of the action's measure, in week order, ended weeks only
     * @param doneOn the day the action was done
     * @param expected which way the action was meant to move the measure
     */
    public static ActionEffect assess(final List<WeeklyPoint> series, final LocalDate doneOn,
                                      final ExpectedDirection expected) {
        Objects.requireNonNull(doneOn, "doneOn");
        Objects.requireNonNull(expected, "expected");
        final List<WeeklyPoint> before = series.stream()
                .filter(point -> !point.weekStart().plusDays(DAYS_PER_WEEK).isAfter(doneOn)).toList();
        final List<WeeklyPoint> after = series.stream()
                .filter(point -> !point.weekStart().isBefore(doneOn) && !point.lowProduction()).toList();
        final SpcChart baseline = SpcCalculator.chart(before, Direction.NEUTRAL, null, SpcSettings.defaults());
        final SpcChart since = SpcCalculator.chart(after, Direction.NEUTRAL, null, SpcSettings.defaults());
        final int baselineWeeks = (int) before.stream().filter(point -> !point.lowProduction()).count();
        final int runLength = SpecialCauses.RUN_LENGTH;
        if (baseline.centre() == null) {
            return new ActionEffect(doneOn, expected, null, null, null, 0, true, since.centre(),
                    since.lowerLimit(), since.upperLimit(), after.size(), 0, 0, runLength, EffectVerdict.NO_BASELINE);
        }
        final double centre = baseline.centre();
        final int sign = expected == ExpectedDirection.INCREASE ? 1 : -1;
        int runIntended = 0;
        int runOpposite = 0;
        int longestIntended = 0;
        int longestOpposite = 0;
        // The side of the latest qualifying run: a shift that later reverses is judged by where the process is now.
        EffectVerdict latestShift = null;
        for (final WeeklyPoint point : after) {
            final double side = Math.signum(point.value() - centre) * sign;
            // A week exactly on the centre line breaks a run, as in the SPC shift rule.
            runIntended = side > 0 ? runIntended + 1 : 0;
            runOpposite = side < 0 ? runOpposite + 1 : 0;
            longestIntended = Math.max(longestIntended, runIntended);
            longestOpposite = Math.max(longestOpposite, runOpposite);
            if (runIntended >= runLength) {
                latestShift = EffectVerdict.EFFECT_SHOWN;
            } else if (runOpposite >= runLength) {
                latestShift = EffectVerdict.OPPOSITE_SHIFT;
            }
        }
        final EffectVerdict verdict;
        if (latestShift != null) {
            verdict = latestShift;
        } else {
            verdict = after.size() < runLength ? EffectVerdict.TOO_EARLY : EffectVerdict.NO_SHIFT_YET;
        }
        return new ActionEffect(doneOn, expected, centre, baseline.lowerLimit(), baseline.upperLimit(),
                baselineWeeks, baseline.trialLimits(), since.centre(), since.lowerLimit(), since.upperLimit(),
                after.size(), longestIntended, longestOpposite, runLength, verdict);
    }
}
