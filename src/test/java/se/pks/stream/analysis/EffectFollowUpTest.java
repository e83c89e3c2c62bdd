package se.pks.stream.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static se.pks.stream.analysis.WeeklySeries.baselineThen;
import static se.pks.stream.analysis.WeeklySeries.week;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The effect follow-up on crafted series. Every series starts with the twelve baseline weeks of {@link WeeklySeries}
 * (alternating 12 and 10 from Monday 6 January 2025): centre 11, AMR 2, limits 5.68 and 16.32. The action is done on
 * the Monday of week 12 (31 March 2025) unless told, so the weeks after are the tail.
 */
class EffectFollowUpTest {

    private static final double EPSILON = 1e-9;
    private static final LocalDate DONE_ON = week(12);

    @Test
    void sevenWeeksAboveTheOldCentreShowTheIntendedIncrease() {
        final ActionEffect effect = EffectFollowUp.assess(baselineThen(13, 14, 13, 14, 13, 14, 13), DONE_ON,
                ExpectedDirection.INCREASE);
        assertEquals(11.0, effect.baselineCentre(), EPSILON);
        assertEquals(5.68, effect.baselineLowerLimit(), EPSILON);
        assertEquals(16.32, effect.baselineUpperLimit(), EPSILON);
        assertEquals(12, effect.baselineWeeks());
        assertFalse(effect.baselineTrialLimits());
        // after: (4 * 13 + 3 * 14) / 7 = 94 / 7; six moving ranges of 1, so limits 94 / 7 -/+ 2.66
        assertEquals(94.0 / 7, effect.afterCentre(), EPSILON);
        assertEquals(94.0 / 7 - 2.66, effect.afterLowerLimit(), EPSILON);
        assertEquals(94.0 / 7 + 2.66, effect.afterUpperLimit(), EPSILON);
        assertEquals(7, effect.weeksAfter());
        assertEquals(7, effect.longestRunIntended());
        assertEquals(0, effect.longestRunOpposite());
        assertEquals(7, effect.runLength());
        assertEquals(EffectVerdict.EFFECT_SHOWN, effect.verdict());
    }

    @Test
    void theSameWeeksAreAnOppositeShiftForAnActionMeantToDecrease() {
        final ActionEffect effect = EffectFollowUp.assess(baselineThen(13, 14, 13, 14, 13, 14, 13), DONE_ON,
                ExpectedDirection.DECREASE);
        assertEquals(0, effect.longestRunIntended());
        assertEquals(7, effect.longestRunOpposite());
        assertEquals(EffectVerdict.OPPOSITE_SHIFT, effect.verdict());
    }

    @Test
    void sixWeeksAreTooEarlyToTell() {
        final ActionEffect effect = EffectFollowUp.assess(baselineThen(13, 14, 13, 14, 13, 14), DONE_ON,
                ExpectedDirection.INCREASE);
        assertEquals(6, effect.weeksAfter());
        assertEquals(6, effect.longestRunIntended());
        assertEquals(EffectVerdict.TOO_EARLY, effect.verdict());
    }

    @Test
    void weeksAlternatingAroundTheOldCentreAreNoShiftYet() {
        final ActionEffect effect = EffectFollowUp.assess(baselineThen(12, 10, 12, 10, 12, 10, 12, 10), DONE_ON,
                ExpectedDirection.INCREASE);
        assertEquals(8, effect.weeksAfter());
        assertEquals(1, effect.longestRunIntended());
        assertEquals(1, effect.longestRunOpposite());
        assertEquals(11.0, effect.afterCentre(), EPSILON);
        assertEquals(EffectVerdict.NO_SHIFT_YET, effect.verdict());
    }

    @Test
    void aWeekExactlyOnTheOldCentreBreaksTheRun() {
        final ActionEffect effect = EffectFollowUp.assess(baselineThen(13, 13, 13, 11, 13, 13, 13, 13, 13, 13),
                DONE_ON, ExpectedDirection.INCREASE);
        assertEquals(10, effect.weeksAfter());
        assertEquals(6, effect.longestRunIntended());
        assertEquals(EffectVerdict.NO_SHIFT_YET, effect.verdict());
    }

    @Test
    void theWeekInProgressOnTheDayTheActionWasDoneBelongsToNeitherSide() {
        // Done on Wednesday 2 April 2025: week 12 (from 31 March) is partly before, partly after. Its 30 would pull
        // the baseline centre up to (132 + 30) / 13 if it counted, and would start the run after.
        final LocalDate wednesday = week(12).plusDays(2);
        final ActionEffect effect = EffectFollowUp.assess(baselineThen(30, 13, 13, 13, 13, 13, 13), wednesday,
                ExpectedDirection.INCREASE);
        assertEquals(11.0, effect.baselineCentre(), EPSILON);
        assertEquals(12, effect.baselineWeeks());
        assertEquals(6, effect.weeksAfter());
        assertEquals(13.0, effect.afterCentre(), EPSILON);
        assertEquals(EffectVerdict.TOO_EARLY, effect.verdict());
    }

    @Test
    void aLowProductionWeekNeitherCountsTowardsNorBreaksTheRun() {
        final List<WeeklyPoint> series = new ArrayList<>(baselineThen(13, 13, 13));
        // A summer week far below the old centre line, then four more weeks above it.
        series.add(new WeeklyPoint(week(15), 2, true));
        for (int i = 16; i < 20; i++) {
            series.add(new WeeklyPoint(week(i), 13, false));
        }
        final ActionEffect effect = EffectFollowUp.assess(series, DONE_ON, ExpectedDirection.INCREASE);
        assertEquals(7, effect.weeksAfter());
        assertEquals(7, effect.longestRunIntended());
        assertEquals(13.0, effect.afterCentre(), EPSILON);
        assertEquals(EffectVerdict.EFFECT_SHOWN, effect.verdict());
    }

    @Test
    void aLowProductionWeekBeforeTheActionIsLeftOutOfTheBaseline() {
        final List<WeeklyPoint> series = new ArrayList<>(baselineThen());
        // The twelfth week made a low-production week: (6 * 12 + 5 * 10) / 11 = 122 / 11
        series.set(11, new WeeklyPoint(week(11), 0, true));
        series.add(new WeeklyPoint(week(12), 12, false));
        final ActionEffect effect = EffectFollowUp.assess(series, DONE_ON, ExpectedDirection.INCREASE);
        assertEquals(122.0 / 11, effect.baselineCentre(), EPSILON);
        assertEquals(11, effect.baselineWeeks());
        assertEquals(1, effect.weeksAfter());
        assertEquals(1, effect.longestRunIntended());
        assertEquals(EffectVerdict.TOO_EARLY, effect.verdict());
    }

    @Test
    void aShiftThatReversesIsJudgedByTheLatestRun() {
        final ActionEffect effect = EffectFollowUp.assess(
                baselineThen(13, 13, 13, 13, 13, 13, 13, 9, 9, 9, 9, 9, 9, 9), DONE_ON, ExpectedDirection.INCREASE);
        assertEquals(7, effect.longestRunIntended());
        assertEquals(7, effect.longestRunOpposite());
        assertEquals(EffectVerdict.OPPOSITE_SHIFT, effect.verdict());
    }

    @Test
    void anActionDoneBeforeTheFirstWeekHasNoBaseline() {
        final ActionEffect effect = EffectFollowUp.assess(baselineThen(), week(0).minusDays(3),
                ExpectedDirection.DECREASE);
        assertNull(effect.baselineCentre());
        assertEquals(0, effect.baselineWeeks());
        assertEquals(12, effect.weeksAfter());
        assertEquals(EffectVerdict.NO_BASELINE, effect.verdict());
    }
}
