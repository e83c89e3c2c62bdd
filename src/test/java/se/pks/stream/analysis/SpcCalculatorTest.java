package se.pks.stream.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.pks.stream.analysis.WeeklySeries.BASELINE;
import static se.pks.stream.analysis.WeeklySeries.baselineThen;
import static se.pks.stream.analysis.WeeklySeries.rules;
import static se.pks.stream.analysis.WeeklySeries.signals;
import static se.pks.stream.analysis.WeeklySeries.week;
import static se.pks.stream.analysis.WeeklySeries.weeks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.Direction;

class SpcCalculatorTest {

    private static final double EPSILON = 1e-9;
    private static final SpcSettings DEFAULTS = SpcSettings.defaults();
    private static final SpcSettings FIRST_TWELVE = DEFAULTS.withBaselinePoints(12);

    private static SpcChart chart(final List<WeeklyPoint> series, final Direction direction, final Double target) {
        return SpcCalculator.chart(series, direction, target, DEFAULTS);
    }

    @Test
    void centreAndLimitsOfAStableSeries() {
        final SpcChart chart = chart(weeks(BASELINE), Direction.HIGHER_IS_BETTER, null);
        // centre (6 * 12 + 6 * 10) / 12 = 11; eleven ranges of 2: AMR 2; limits 11 -/+ 2.66 * 2
        assertEquals(11.0, chart.centre(), EPSILON);
        assertEquals(2.0, chart.averageMovingRange(), EPSILON);
        assertEquals(5.68, chart.lowerLimit(), EPSILON);
        assertEquals(16.32, chart.upperLimit(), EPSILON);
        assertFalse(chart.trialLimits());
        assertEquals(Collections.nCopies(12, SpcRule.NONE), rules(chart));
        assertEquals(Collections.nCopies(12, SpcSignal.NONE), signals(chart));
        assertNull(chart.points().get(0).movingRange());
        assertEquals(2.0, chart.points().get(1).movingRange(), EPSILON);
        assertEquals(week(11), chart.points().get(11).weekStart());
    }

    @Test
    void screeningDropsOneHugeMovingRangeAndRecomputesTheAverage() {
        // 10, 12, ... , 10 (eleven weeks, ten ranges of 2) then 40: one range of 30
        final List<WeeklyPoint> series = weeks(10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 40);
        // centre (6 * 10 + 5 * 12 + 40) / 12 = 160 / 12 = 13.3333
        // unscreened AMR (10 * 2 + 30) / 11 = 50 / 11 = 4.5455; 30 >= 3.267 * 4.5455 = 14.85, so it is dropped:
        // screened AMR 20 / 10 = 2, limits 160 / 12 -/+ 5.32
        final SpcChart screened = SpcCalculator.chart(series, Direction.HIGHER_IS_BETTER, null, DEFAULTS);
        assertEquals(160.0 / 12, screened.centre(), EPSILON);
        assertEquals(2.0, screened.averageMovingRange(), EPSILON);
        assertEquals(160.0 / 12 + 5.32, screened.upperLimit(), EPSILON);
        assertEquals(160.0 / 12 - 5.32, screened.lowerLimit(), EPSILON);

        final SpcChart unscreened = SpcCalculator.chart(series, Direction.HIGHER_IS_BETTER, null,
                DEFAULTS.withScreening(false));
        assertEquals(50.0 / 11, unscreened.averageMovingRange(), EPSILON);
        // 160 / 12 + 2.66 * 50 / 11 = 13.3333 + 12.0909 = 25.4242
        assertEquals(160.0 / 12 + 2.66 * 50 / 11, unscreened.upperLimit(), EPSILON);
    }

    @Test
    void aLowProductionWeekIsPlottedAndTestedButLeftOutOfTheBaseline() {
        // BASELINE with a summer week of 2 after its sixth week
        final List<WeeklyPoint> series = new ArrayList<>(weeks(12, 10, 12, 10, 12, 10, 2, 12, 10, 12, 10, 12, 10));
        series.set(6, new WeeklyPoint(week(6), 2, true));
        final SpcChart chart = chart(series, Direction.HIGHER_IS_BETTER, null);
        // twelve normal weeks: centre 132 / 12 = 11; ranges step over the summer week (10 -> 12): eleven of 2
        assertEquals(11.0, chart.centre(), EPSILON);
        assertEquals(2.0, chart.averageMovingRange(), EPSILON);
        assertFalse(chart.trialLimits());
        // 2 < 5.68: below the lower limit, which is a concern when higher is better
        final SpcPoint summer = chart.points().get(6);
        assertTrue(summer.lowProduction());
        assertEquals(SpcRule.BEYOND_LIMIT, summer.rule());
        assertEquals(SpcSignal.CONCERN, summer.signal());
        // the plotted moving ranges around it are 10 -> 2 and 2 -> 12
        assertEquals(8.0, summer.movingRange(), EPSILON);
        assertEquals(10.0, chart.points().get(7).movingRange(), EPSILON);

        // had it counted as a normal week: centre (132 + 2) / 13 = 10.3077
        final SpcChart unflagged = chart(weeks(12, 10, 12, 10, 12, 10, 2, 12, 10, 12, 10, 12, 10),
                Direction.HIGHER_IS_BETTER, null);
        assertEquals(134.0 / 13, unflagged.centre(), EPSILON);
    }

    @Test
    void limitsFromTheFirstWeeksOnlyWhenTheBaselineIsShorter() {
        // first twelve weeks give centre 11 and AMR 2; the 30 after them moves neither
        final SpcChart chart = SpcCalculator.chart(baselineThen(30), Direction.HIGHER_IS_BETTER, null, FIRST_TWELVE);
        assertEquals(11.0, chart.centre(), EPSILON);
        assertEquals(2.0, chart.averageMovingRange(), EPSILON);
        assertEquals(SpcRule.BEYOND_LIMIT, chart.points().get(12).rule());
    }

    @Test
    void rebasingComputesLimitsFromTheGivenWeekOn() {
        // BASELINE (centre 11), then from week 12 on the same pattern ten higher: 22, 20, ... (centre 21)
        final List<WeeklyPoint> series = baselineThen(22, 20, 22, 20, 22, 20, 22, 20, 22, 20, 22, 20);
        final SpcChart chart = SpcCalculator.chart(series, Direction.HIGHER_IS_BETTER, null,
                DEFAULTS.withBaselineFrom(week(12)));
        // centre 21; eleven ranges of 2 after week 12 (the jump 10 -> 22 into the new baseline is not one)
        assertEquals(21.0, chart.centre(), EPSILON);
        assertEquals(2.0, chart.averageMovingRange(), EPSILON);
        assertEquals(15.68, chart.lowerLimit(), EPSILON);
        assertFalse(chart.trialLimits());
        // the old weeks, 12 and 10, lie below 15.68
        assertEquals(SpcRule.BEYOND_LIMIT, chart.points().get(0).rule());
        assertEquals(SpcRule.NONE, chart.points().get(12).rule());
    }

    @Test
    void signalsReadByTheMeasuresDirection() {
        // 17 > 16.32 above the upper limit, 5 < 5.68 below the lower
        final List<WeeklyPoint> series = baselineThen(17, 11, 5);
        assertEquals(List.of(SpcSignal.IMPROVEMENT, SpcSignal.NONE, SpcSignal.CONCERN),
                signals(SpcCalculator.chart(series, Direction.HIGHER_IS_BETTER, null, FIRST_TWELVE)).subList(12, 15));
        assertEquals(List.of(SpcSignal.CONCERN, SpcSignal.NONE, SpcSignal.IMPROVEMENT),
                signals(SpcCalculator.chart(series, Direction.LOWER_IS_BETTER, null, FIRST_TWELVE)).subList(12, 15));
        assertEquals(List.of(SpcSignal.NEUTRAL, SpcSignal.NONE, SpcSignal.NEUTRAL),
                signals(SpcCalculator.chart(series, Direction.NEUTRAL, null, FIRST_TWELVE)).subList(12, 15));
    }

    @Test
    void aFallingTrendIsAnImprovementWhenLowerIsBetter() {
        // 10 -> 14 rises, then seven falling points 14 > 13 > ... > 8, inside 5.68..16.32
        final SpcChart chart = SpcCalculator.chart(baselineThen(14, 13, 12, 11, 10, 9, 8), Direction.LOWER_IS_BETTER,
                null, FIRST_TWELVE);
        assertEquals(Collections.nCopies(7, SpcSignal.IMPROVEMENT), signals(chart).subList(12, 19));
    }

    @Test
    void assuranceFromWhereTheTargetLiesAgainstTheLimits() {
        // limits 5.68 and 16.32
        final List<WeeklyPoint> series = weeks(BASELINE);
        assertEquals(Assurance.PASS, chart(series, Direction.HIGHER_IS_BETTER, 5.0).assurance());
        assertEquals(Assurance.FAIL, chart(series, Direction.HIGHER_IS_BETTER, 17.0).assurance());
        assertEquals(Assurance.HIT_OR_MISS, chart(series, Direction.HIGHER_IS_BETTER, 11.0).assurance());
        assertEquals(Assurance.PASS, chart(series, Direction.LOWER_IS_BETTER, 17.0).assurance());
        assertEquals(Assurance.FAIL, chart(series, Direction.LOWER_IS_BETTER, 5.0).assurance());
        assertEquals(Assurance.HIT_OR_MISS, chart(series, Direction.LOWER_IS_BETTER, 16.32).assurance());
        assertEquals(Assurance.NONE, chart(series, Direction.HIGHER_IS_BETTER, null).assurance());
        assertEquals(Assurance.NONE, chart(series, Direction.NEUTRAL, 17.0).assurance());
    }

    @Test
    void fewerThanTwelveBaselineWeeksGiveTrialLimits() {
        final SpcChart eleven = chart(weeks(12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12), Direction.NEUTRAL, null);
        assertTrue(eleven.trialLimits());
        // trial limits are still limits: centre (6 * 12 + 5 * 10) / 11 = 122 / 11, ten ranges of 2
        assertEquals(122.0 / 11, eleven.centre(), EPSILON);
        assertEquals(122.0 / 11 + 5.32, eleven.upperLimit(), EPSILON);
        assertFalse(chart(weeks(BASELINE), Direction.NEUTRAL, null).trialLimits());
    }

    @Test
    void anEmptySeriesGivesAnEmptyChart() {
        final SpcChart chart = chart(List.of(), Direction.HIGHER_IS_BETTER, 10.0);
        assertNull(chart.centre());
        assertNull(chart.averageMovingRange());
        assertNull(chart.lowerLimit());
        assertNull(chart.upperLimit());
        assertTrue(chart.trialLimits());
        assertEquals(Assurance.NONE, chart.assurance());
        assertTrue(chart.points().isEmpty());
    }

    @Test
    void aSinglePointGivesACentreButNoLimits() {
        final SpcChart chart = chart(weeks(7), Direction.HIGHER_IS_BETTER, 10.0);
        assertEquals(7.0, chart.centre(), EPSILON);
        assertNull(chart.averageMovingRange());
        assertNull(chart.upperLimit());
        assertTrue(chart.trialLimits());
        assertEquals(Assurance.NONE, chart.assurance());
        assertEquals(List.of(new SpcPoint(week(0), 7.0, null, SpcRule.NONE, SpcSignal.NONE, false)), chart.points());
    }

    @Test
    void aFlatBaselineHasLimitsOnTheCentre() {
        // baseline 5, 5, 5: centre 5, ranges 0 and 0, AMR 0 (screening has nothing to drop), limits 5 and 5
        final SpcChart chart = SpcCalculator.chart(weeks(5, 5, 5, 6), Direction.HIGHER_IS_BETTER, null,
                DEFAULTS.withBaselinePoints(3));
        assertEquals(0.0, chart.averageMovingRange(), EPSILON);
        assertEquals(5.0, chart.lowerLimit(), EPSILON);
        assertEquals(5.0, chart.upperLimit(), EPSILON);
        // 5 is on the limits, not beyond them; 6 is beyond
        assertEquals(List.of(SpcRule.NONE, SpcRule.NONE, SpcRule.NONE, SpcRule.BEYOND_LIMIT), rules(chart));
    }

    @Test
    void weeksOutOfOrderAreRefused() {
        final List<WeeklyPoint> series = List.of(new WeeklyPoint(week(1), 1, false), new WeeklyPoint(week(0), 2, false));
        assertThrows(IllegalArgumentException.class, () -> chart(series, Direction.NEUTRAL, null));
    }
}
