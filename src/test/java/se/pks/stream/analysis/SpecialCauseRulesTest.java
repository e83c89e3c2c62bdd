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
import static se.pks.stream.analysis.WeeklySeries.weeks;

import java.util.List;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.Direction;

/**
 * Each rule with a series that triggers it and one that just misses. Limits come from the twelve baseline weeks of
 * {@link WeeklySeries#BASELINE}: centre 11, AMR 2, limits 5.68 and 16.32, two-thirds zones below 7.4533 and above
 * 14.5467.
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
        // 15 > 14.5467, 11 not, 15 again: the window 15, 11, 15 has two; only those two are marked
        assertEquals(baselineRulesThen(TWO_OF_THREE, NONE, TWO_OF_THREE), rules(chart(baselineThen(15, 11, 15))));
        // the same below: 7 < 7.4533 twice in a row
        assertEquals(baselineRulesThen(NONE, TWO_OF_THREE, TWO_OF_THREE), rules(chart(baselineThen(11, 7, 7))));
    }

    @Test
    void twoBeyondTwoThirdsButNotWithinThreeOrNotOnOneSideIsNoSignal() {
        // 15, 11, 11, 15: each window of three holds one point beyond 14.5467
        assertEquals(baselineRulesThen(NONE, NONE, NONE, NONE), rules(chart(baselineThen(15, 11, 11, 15))));
        // 15 above 14.5467 and 7 below 7.4533: two in one window, but on opposite sides
        assertEquals(baselineRulesThen(NONE, NONE, NONE), rules(chart(baselineThen(15, 7, 11))));
        // 14, 11, 14: past half way (13.66) but not two thirds of the way (14.5467) to the upper limit
        assertEquals(baselineRulesThen(NONE, NONE, NONE), rules(chart(baselineThen(14, 11, 14))));
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
