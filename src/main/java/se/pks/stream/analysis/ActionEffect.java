package se.pks.stream.analysis;

import java.time.LocalDate;

/**
 * The effect follow-up of one completed action: the measure's SPC chart re-based at the day the action was done,
 * with the limits of the weeks before (the baseline the action should move the process away from) beside those of
 * the weeks after, and the verdict.
 *
 * @param baselineWeeks normal weeks before {@code doneOn} that set the baseline centre and limits
 * @param baselineTrialLimits true when the baseline has fewer than 12 normal weeks (trial limits only)
 * @param weeksAfter normal weeks that began on or after {@code doneOn}
 * @param longestRunIntended the longest run of consecutive normal weeks after {@code doneOn} on the intended side of
 *        the baseline centre line
 * @param longestRunOpposite the same on the other side
 * @param runLength how long a run must be to count as a shift (the SPC shift rule)
 */
public record ActionEffect(LocalDate doneOn, ExpectedDirection expectedDirection,
                           Double baselineCentre, Double baselineLowerLimit, Double baselineUpperLimit,
                           int baselineWeeks, boolean baselineTrialLimits,
                           Double afterCentre, Double afterLowerLimit, Double afterUpperLimit, int weeksAfter,
                           int longestRunIntended, int longestRunOpposite, int runLength, EffectVerdict verdict) {
}
