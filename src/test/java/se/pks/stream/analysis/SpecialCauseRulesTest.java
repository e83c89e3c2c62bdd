package se.pks.stream.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static se.pks.stream.analysis.SpcRule.BEYOND_LIMIT;
import static se.pks.stream.analysis.SpcRule.NONE;
import static se.pks.stream.analysis.SpcRule.SHIFT;
import static se.pks.stream.analysis.SpcRule.TREND;
import static se.pks.stream.analysis.SpcRule.TWO_OF_THREE;
import static se.pks.stream.analysis.WeeklySeries.baselineRulesThen;
import static se.pks.stream.analysis.WeeklySeries.baselineThen;
import static se.pks.stream.analysis.WeeklySeries.rules;
import static se.pks.stream.analysis.WeeklySeries.signals;
import static se.pks.stream.analysis.WeeklySeries.weeks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.Direction;

/**
 * Each rule with a series that triggers it and one that just misses. Limits come from the twelve baseline weeks of
 * {@link WeeklySeries#BASELINE}: centre 11, AMR 2, limits 5.68 and 16.32, two-thirds zones below 7.4533 and above
 * 14.5467. Where the guidance leaves a detail open the expected marks are those of NHS England's reference
 * implementation, NHSRplotthedots 0.2.2 (R/ptd_calculate_point_type.R); its own test cases
 * (tests/testthat/test-ptd_calculate_point_type.R) are ported below as value series.
 */
class SpecialCauseRulesTest {

    private static final SpcSettings FIRST_TWELVE = SpcSettings.defaults().withBaselinePoints(12);

    private static SpcChart chart(final List<WeeklyPoint> series) {
        final SpcChart chart = SpcCalculator.chart(series, Direction.HIGHER_IS_BETTER, null, FIRST_TWELVE);
        assertEquals(11.0, chart.centre(), 1e-9);
        assertEquals(2.0, chart.averageMovingRange(), 1e-9);
        return chart;
    }

    @Test
    void pointsBeyondEitherLimitAreSpecialCauses() {
        // 17 > 16.32 and 5 < 5.68; the 11 between them keeps the two from forming a two-of-three pair
        assertEquals(baselineRulesThen(BEYOND_LIMIT, NONE, BEYOND_LIMIT), rules(chart(baselineThen(17, 11, 5))));
    }

    @Test
    void pointsJustInsideTheLimitsAreNot() {
        // 16.3 < 16.32 and 5.7 > 5.68; each is beyond its two-thirds zone but alone in its window of three
        assertEquals(baselineRulesThen(NONE, NONE, NONE, NONE), rules(chart(baselineThen(16.3, 11, 11, 5.7))));
    }

    @Test
    void sevenStrictlyRisingPointsAreATrendAndAllSevenAreMarked() {
        // 10 (last baseline week) then 8 falls; 8 < 9 < ... < 14 rises over seven points, all inside 7.4533..14.5467
        assertEquals(baselineRulesThen(TREND, TREND, TREND, TREND, TREND, TREND, TREND),
                rules(chart(baselineThen(8, 9, 10, 11, 12, 13, 14))));
    }

    @Test
    void sevenStrictlyFallingPointsAreATrendToo() {
        // 10 -> 14 rises, then 14 > 13 > ... > 8 falls over seven points
        assertEquals(baselineRulesThen(TREND, TREND, TREND, TREND, TREND, TREND, TREND),
                rules(chart(baselineThen(14, 13, 12, 11, 10, 9, 8))));
    }

    @Test
    void aTieOrOnlySixStepsUpIsNoTrend() {
        // 11, 11 is not strictly rising: runs of 4 and 4 points
        assertEquals(baselineRulesThen(NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE),
                rules(chart(baselineThen(8, 9, 10, 11, 11, 12, 13, 14))));
        // six rising points 8..13, then a fall
        assertEquals(baselineRulesThen(NONE, NONE, NONE, NONE, NONE, NONE, NONE),
                rules(chart(baselineThen(8, 9, 10, 11, 12, 13, 10))));
    }

    @Test
    void twoOfThreeBeyondTwoThirdsOnOneSideMarksTheTwo() {
        // 15 > 14.5467, 12 above the centre but not near the limit, 15 again: only the two 15s are marked
        assertEquals(baselineRulesThen(TWO_OF_THREE, NONE, TWO_OF_THREE), rules(chart(baselineThen(15, 12, 15))));
        // the same below: 10 below the centre, then 7 < 7.4533 twice
        assertEquals(baselineRulesThen(NONE, TWO_OF_THREE, TWO_OF_THREE), rules(chart(baselineThen(10, 7, 7))));
    }

    @Test
    void twoOfThreeNeedsAllThreePointsOnOneSideOfTheCentre() {
        // The reference requires |sum of the three points' sides| = 3 (NHSRplotthedots issue #143: "both points are
        // close to limits, but they are on opposite sides of the mean, so they should be reported as common-cause").
        // 15, 11, 15: the 11 lies on the centre line, on neither side, so no window of three is all above
        assertEquals(baselineRulesThen(NONE, NONE, NONE), rules(chart(baselineThen(15, 11, 15))));
        // 11, 7, 7: likewise below; the windows holding both 7s also hold the 11 or run past the last week
        assertEquals(baselineRulesThen(NONE, NONE, NONE), rules(chart(baselineThen(11, 7, 7))));
        // 15, 9, 15: the middle week is below the centre
        assertEquals(baselineRulesThen(NONE, NONE, NONE), rules(chart(baselineThen(15, 9, 15))));
        // 15 above 14.5467 and 7 below 7.4533: two in one window, but on opposite sides
        assertEquals(baselineRulesThen(NONE, NONE, NONE), rules(chart(baselineThen(15, 7, 11))));
    }

    @Test
    void twoBeyondTwoThirdsButNotWithinThreeIsNoSignal() {
        // 15, 12, 12, 15: all above the centre, but each window of three holds one point beyond 14.5467
        assertEquals(baselineRulesThen(NONE, NONE, NONE, NONE), rules(chart(baselineThen(15, 12, 12, 15))));
        // 14, 12, 14: past half way (13.66) but not two thirds of the way (14.5467) to the upper limit
        assertEquals(baselineRulesThen(NONE, NONE, NONE), rules(chart(baselineThen(14, 12, 14))));
    }

    @Test
    void aPointBeyondTheLimitDoesNotCountTowardsTwoOfThree() {
        // The reference's close_to_limits is "!outside_limits & beyond two thirds": 17 is beyond 16.32, so the window
        // 17, 15, 12 holds only one point near the limit and 15 is not marked
        assertEquals(baselineRulesThen(BEYOND_LIMIT, NONE, NONE), rules(chart(baselineThen(17, 15, 12))));
    }

    @Test
    void theReferencesOwnTwoOfThreeCases() {
        // ptd_two_in_three / ptd_part_of_two_in_three with every point on one side: 15 stands for a point near the
        // limit (close_to_limits 1), 12 for one above the centre but not near it (0).
        // i: c(1, 0, 0, 1, 1) gives c(0, 0, 0, 1, 1)
        assertEquals(baselineRulesThen(NONE, NONE, NONE, TWO_OF_THREE, TWO_OF_THREE),
                rules(chart(baselineThen(15, 12, 12, 15, 15))));
        // h: c(1, 0, 0, 1) gives c(0, 0, 0, 0)
        assertEquals(baselineRulesThen(NONE, NONE, NONE, NONE), rules(chart(baselineThen(15, 12, 12, 15))));
        // g: c(0, 0, 1, 0, 1, 0, 0) marks the two; here its seven points above the centre are also a shift, which
        // marks the rest (the reference's case_when gives 2 in 3 precedence over 7 points one side, as here)
        assertEquals(baselineRulesThen(SHIFT, SHIFT, TWO_OF_THREE, SHIFT, TWO_OF_THREE, SHIFT, SHIFT),
                rules(chart(baselineThen(12, 12, 15, 12, 15, 12, 12))));
    }

    @Test
    void aPointSharedByARisingAndAFallingTrendTakesTheTrendThatStartsThere() {
        // 8 .. 14 rise over seven points, 14 .. 8 fall over seven: 14 belongs to both. The reference labels a trend
        // point followed by another trend point by the step after it ("if a point is part of a trend either side, use
        // right side"), so 14 is read as falling: a concern when higher is better.
        final SpcChart chart = chart(baselineThen(8, 9, 10, 11, 12, 13, 14, 13, 12, 11, 10, 9, 8));
        assertEquals(baselineRulesThen(TREND, TREND, TREND, TREND, TREND, TREND, TREND, TREND, TREND, TREND, TREND,
                TREND, TREND), rules(chart));
        final List<SpcSignal> tail = signals(chart).subList(12, 25);
        assertEquals(Collections.nCopies(6, SpcSignal.IMPROVEMENT), tail.subList(0, 6));
        assertEquals(Collections.nCopies(7, SpcSignal.CONCERN), tail.subList(6, 13));
    }

    @Test
    void thePublishedScreeningExampleOfTheReference() {
        // vignettes/deviations.Rmd, "Treatment of outlying points": 18 points, one of them 10. Published: screened
        // UPL 4.6, mean 1.94, LPL -0.72; unscreened (the Excel tool) UPL 6.95, LPL -3.06. By hand: mean 35 / 18;
        // 17 ranges 1, 1, 8, 9 and thirteen of 1, AMR 32 / 17; screening (3.267 * 32 / 17 = 6.15) drops 8 and 9,
        // AMR 1.
        final List<WeeklyPoint> series = weeks(1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1);
        final SpcChart screened = SpcCalculator.chart(series, Direction.HIGHER_IS_BETTER, null, SpcSettings.defaults());
        assertEquals(1.94, screened.centre(), 0.005);
        assertEquals(4.60, screened.upperLimit(), 0.005);
        assertEquals(-0.72, screened.lowerLimit(), 0.005);
        final SpcChart excel = SpcCalculator.chart(series, Direction.HIGHER_IS_BETTER, null,
                SpcSettings.defaults().withScreening(false));
        assertEquals(6.95, excel.upperLimit(), 0.005);
        assertEquals(-3.06, excel.lowerLimit(), 0.005);
        // in both, the fifth point alone is a special cause, an improvement
        for (final SpcChart chart : List.of(screened, excel)) {
            final List<SpcSignal> expected = new ArrayList<>(Collections.nCopies(18, SpcSignal.NONE));
            expected.set(4, SpcSignal.IMPROVEMENT);
            assertEquals(expected, signals(chart));
        }
    }

    @Test
    void sevenPointsAboveTheCentreAreAShift() {
        // all above 11 and below 14.5467, alternating so no trend; the baseline's last week (10) is below the centre
        assertEquals(baselineRulesThen(SHIFT, SHIFT, SHIFT, SHIFT, SHIFT, SHIFT, SHIFT),
                rules(chart(baselineThen(12, 13, 12, 13, 12, 13, 12))));
    }

    @Test
    void aPointOnTheCentreBreaksARun() {
        // 12, 13, 12 then 11 exactly on the centre, then 13, 12, 13: runs of three, no shift
        assertEquals(baselineRulesThen(NONE, NONE, NONE, NONE, NONE, NONE, NONE),
                rules(chart(baselineThen(12, 13, 12, 11, 13, 12, 13))));
        // six points above, then 10 below
        assertEquals(baselineRulesThen(NONE, NONE, NONE, NONE, NONE, NONE, NONE),
                rules(chart(baselineThen(12, 13, 12, 13, 12, 13, 10))));
    }

    @Test
    void aPointBeyondALimitInsideAShiftKeepsBeyondLimit() {
        // seven points above 11; the fourth, 17, is also above 16.32
        assertEquals(baselineRulesThen(SHIFT, SHIFT, SHIFT, BEYOND_LIMIT, SHIFT, SHIFT, SHIFT),
                rules(chart(baselineThen(12, 13, 12, 17, 12, 13, 12))));
    }

    @Test
    void aTrendAboveTheCentreIsATrendNotAShift() {
        // eight points above 11 and below 14.5467: a shift; the last seven, 11.5 < 12 < ... < 14.5, also a trend
        assertEquals(baselineRulesThen(SHIFT, TREND, TREND, TREND, TREND, TREND, TREND, TREND),
                rules(chart(baselineThen(13, 11.5, 12, 12.5, 13, 13.5, 14, 14.5))));
    }

    @Test
    void aTrendNeedsNoLimits() {
        // one baseline week gives a centre (1) but no moving range, so no limits; a rising run is still a trend
        final SpcChart chart = SpcCalculator.chart(weeks(1, 2, 3, 4, 5, 6, 7), Direction.HIGHER_IS_BETTER, null,
                SpcSettings.defaults().withBaselinePoints(1));
        assertEquals(List.of(TREND, TREND, TREND, TREND, TREND, TREND, TREND), rules(chart));
    }
}
