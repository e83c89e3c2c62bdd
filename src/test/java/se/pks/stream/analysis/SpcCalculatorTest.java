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

import java.time.LocalDate;
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
    void aLowProductionWeekIsLeftOutOfTheBaselineAndJudgedAgainstItsPlannedLevel() {
        // BASELINE with a summer week of 2 after its sixth week
        final List<WeeklyPoint> series = new ArrayList<>(weeks(12, 10, 12, 10, 12, 10, 2, 12, 10, 12, 10, 12, 10));
        series.set(6, new WeeklyPoint(week(6), 2, true, 6.0));
        final SpcChart chart = chart(series, Direction.HIGHER_IS_BETTER, null);
        // twelve normal weeks: centre 132 / 12 = 11; ranges step over the summer week (10 -> 12): eleven of 2
        assertEquals(11.0, chart.centre(), EPSILON);
        assertEquals(2.0, chart.averageMovingRange(), EPSILON);
        assertFalse(chart.trialLimits());
        // 2 < 5.68 would be below the normal lower limit, but the week is planned at 6: 6 -/+ 5.32 = 0.68 .. 11.32
        final SpcPoint summer = chart.points().get(6);
        assertTrue(summer.lowProduction());
        assertEquals(6.0, summer.centre(), EPSILON);
        assertEquals(0.68, summer.lowerLimit(), EPSILON);
        assertEquals(11.32, summer.upperLimit(), EPSILON);
        assertEquals(SpcRule.NONE, summer.rule());
        assertEquals(SpcSignal.NONE, summer.signal());
        // the plotted moving ranges around it are 10 -> 2 and 2 -> 12
        assertEquals(8.0, summer.movingRange(), EPSILON);
        assertEquals(10.0, chart.points().get(7).movingRange(), EPSILON);
        // the normal weeks keep the normal limits
        assertEquals(5.68, chart.points().get(7).lowerLimit(), EPSILON);

        // planned at 8 instead: 8 - 5.32 = 2.68 > 2, short of its own plan by more than the spread: a concern
        series.set(6, new WeeklyPoint(week(6), 2, true, 8.0));
        final SpcPoint shortOfPlan = chart(series, Direction.HIGHER_IS_BETTER, null).points().get(6);
        assertEquals(SpcRule.BEYOND_LIMIT, shortOfPlan.rule());
        assertEquals(SpcSignal.CONCERN, shortOfPlan.signal());
        // without a planned level it is not judged at all
        series.set(6, new WeeklyPoint(week(6), 2, true));
        final SpcPoint unplanned = chart(series, Direction.HIGHER_IS_BETTER, null).points().get(6);
        assertEquals(SpcRule.NONE, unplanned.rule());
        assertNull(unplanned.centre());

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
    void rebasingGivesEachSegmentItsOwnLimits() {
        // BASELINE (centre 11), then from week 12 on the same pattern ten higher: 22, 20, ... (centre 21)
        final List<WeeklyPoint> series = baselineThen(22, 20, 22, 20, 22, 20, 22, 20, 22, 20, 22, 20);
        // re-based on the Friday of week 11: that week was under way, so the new segment starts with week 12
        final SpcChart chart = SpcCalculator.chart(series, Direction.HIGHER_IS_BETTER, null,
                DEFAULTS.rebasedFrom(List.of(week(12).minusDays(3))));
        // the chart's figures are the latest segment's: centre 21, eleven ranges of 2 (10 -> 22 is not one)
        assertEquals(21.0, chart.centre(), EPSILON);
        assertEquals(2.0, chart.averageMovingRange(), EPSILON);
        assertEquals(15.68, chart.lowerLimit(), EPSILON);
        assertFalse(chart.trialLimits());
        assertEquals(2, chart.segments());
        assertEquals(week(12), chart.segmentStart());
        // each week is judged against its own segment: the old weeks against centre 11, limits 5.68 .. 16.32
        final SpcPoint old = chart.points().get(11);
        assertEquals(List.of(11.0, 5.68, 16.32), List.of(old.centre(), old.lowerLimit(), old.upperLimit()));
        assertEquals(week(0), old.segmentStart());
        assertEquals(week(12), chart.points().get(12).segmentStart());
        // a segment's first week has no moving range: the jump between segments is not variation of either
        assertNull(chart.points().get(12).movingRange());
        // two segments mark nothing; one chart over all 24 weeks (centre 16, screened AMR 2, limits 10.68 .. 21.32)
        // would mark every week: the 10s and 22s beyond a limit, the 12s and 20s two of three near one
        assertEquals(Collections.nCopies(24, SpcRule.NONE), rules(chart));
        assertTrue(rules(chart(series, Direction.HIGHER_IS_BETTER, null)).stream().noneMatch(SpcRule.NONE::equals));
    }

    @Test
    void aRunDoesNotCrossARebase() {
        // BASELINE then 12, 13, 12, 13 and, re-based, 12, 13, 12: seven weeks above 11 in a row, but only four in the
        // first segment; the second segment's centre (37 / 3 = 12.33) has 13 above it and 12, 12 below it
        final List<WeeklyPoint> series = baselineThen(12, 13, 12, 13, 12, 13, 12);
        final SpcSettings rebased = FIRST_TWELVE.rebasedFrom(List.of(week(16)));
        assertEquals(Collections.nCopies(19, SpcRule.NONE),
                rules(SpcCalculator.chart(series, Direction.HIGHER_IS_BETTER, null, rebased)));
        assertEquals(SpcRule.SHIFT,
                SpcCalculator.chart(series, Direction.HIGHER_IS_BETTER, null, FIRST_TWELVE).points().get(12).rule());
    }

    @Test
    void aRebaseBeforeTheFirstOrAfterTheLastWeekChangesNothing() {
        final SpcChart chart = SpcCalculator.chart(weeks(BASELINE), Direction.HIGHER_IS_BETTER, null,
                DEFAULTS.rebasedFrom(List.of(week(0).minusWeeks(4), week(0), week(20))));
        assertEquals(1, chart.segments());
        assertEquals(11.0, chart.centre(), EPSILON);
    }

    @Test
    void aYearWithASummerAtItsPlannedLevelRaisesNoSignal() {
        // 2025: 52 weeks from 30 December 2024 (ISO week 1). Normal weeks alternate 20 and 22 (centre 21, AMR 2,
        // limits 15.68 .. 26.32); the summer weeks, ISO 27 to 32, are planned at 10 and run at 9 and 11 in turn.
        final LocalDate week1 = LocalDate.of(2024, 12, 30);
        final List<WeeklyPoint> year = new ArrayList<>();
        for (int i = 0; i < 52; i++) {
            final boolean summer = i >= 26 && i <= 31;
            year.add(summer ? new WeeklyPoint(week1.plusWeeks(i), i % 2 == 0 ? 9 : 11, true, 10.0)
                    : new WeeklyPoint(week1.plusWeeks(i), i % 2 == 0 ? 20 : 22, false));
        }
        final SpcChart chart = SpcCalculator.chart(year, Direction.HIGHER_IS_BETTER, 21.0, DEFAULTS);
        // 46 normal weeks: 23 of 20 and 23 of 22; the ranges step over the summer (week 26's 22 -> week 33's 20)
        assertEquals(21.0, chart.centre(), EPSILON);
        assertEquals(2.0, chart.averageMovingRange(), EPSILON);
        assertEquals(Collections.nCopies(52, SpcSignal.NONE), signals(chart));
        // each summer week against 10 -/+ 5.32
        assertEquals(4.68, chart.points().get(26).lowerLimit(), EPSILON);

        // judged against the normal limits instead, all six summer weeks (9, 11 < 15.68) would be concerns
        final List<WeeklyPoint> unflagged = year.stream()
                .map(point -> new WeeklyPoint(point.weekStart(), point.value(), false)).toList();
        final SpcChart asNormal = SpcCalculator.chart(unflagged, Direction.HIGHER_IS_BETTER, 21.0,
                DEFAULTS.withBaselinePoints(26));
        assertEquals(Collections.nCopies(6, SpcSignal.CONCERN), signals(asNormal).subList(26, 32));

        // a summer week of 4, below 10 - 5.32 = 4.68, is a concern: it fell short of its own plan
        year.set(28, new WeeklyPoint(week1.plusWeeks(28), 4, true, 10.0));
        final SpcChart shortWeek = SpcCalculator.chart(year, Direction.HIGHER_IS_BETTER, 21.0, DEFAULTS);
        assertEquals(SpcSignal.CONCERN, shortWeek.points().get(28).signal());
        assertEquals(1, signals(shortWeek).stream().filter(signal -> signal != SpcSignal.NONE).count());
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
        assertEquals(List.of(new SpcPoint(week(0), 7.0, null, 7.0, null, null, week(0), SpcRule.NONE, SpcSignal.NONE,
                false)), chart.points());
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
