package se.pks.stream.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.Deviation;
import se.pks.stream.model.Direction;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.Plan;
import se.pks.stream.model.PlanKind;

/** Every boundary is tested on both sides: a value on a bound gets the better colour. */
class StatusRuleTest {

    private static final String OPS = "operations";
    private static final String WAITING = "waiting_count";
    private static final String SHARE = "guarantee_compliance";

    /** Operations: yellow below -5 % of plan, red below -10 %. */
    private static final Threshold OPS_DEFAULT =
            Threshold.of(OPS, Direction.HIGHER_IS_BETTER, ThresholdBasis.DEVIATION_PCT, -5.0, -10.0);

    private static Status ops(final double deviationPct) {
        return new StatusRule(List.of(OPS_DEFAULT)).statusOf(OPS, "u1", 2026, null, deviationPct);
    }

    @Test
    void higherIsBetterOnDeviation() {
        assertEquals(Status.GREEN, ops(3.0));
        assertEquals(Status.GREEN, ops(-5.0));
        assertEquals(Status.YELLOW, ops(-5.001));
        assertEquals(Status.YELLOW, ops(-10.0));
        assertEquals(Status.RED, ops(-10.001));
    }

    @Test
    void lowerIsBetterIsTheMirror() {
        // More waiting than forecast is bad: yellow above +5 %, red above +10 %.
        final StatusRule rule = new StatusRule(List.of(
                Threshold.of(WAITING, Direction.LOWER_IS_BETTER, ThresholdBasis.DEVIATION_PCT, 5.0, 10.0)));
        assertEquals(Status.GREEN, rule.statusOf(WAITING, "u1", 2026, null, -20.0));
        assertEquals(Status.GREEN, rule.statusOf(WAITING, "u1", 2026, null, 5.0));
        assertEquals(Status.YELLOW, rule.statusOf(WAITING, "u1", 2026, null, 5.001));
        assertEquals(Status.YELLOW, rule.statusOf(WAITING, "u1", 2026, null, 10.0));
        assertEquals(Status.RED, rule.statusOf(WAITING, "u1", 2026, null, 10.001));
    }

    @Test
    void theNorwegianHandbookExampleOnTheValue() {
        // A share that should rise: red 0-5 %, yellow 5-10 %, green over 10 %. Exactly 10 % counts as reaching it.
        final StatusRule rule = new StatusRule(List.of(
                Threshold.of(SHARE, Direction.HIGHER_IS_BETTER, ThresholdBasis.VALUE, 10.0, 5.0)));
        assertEquals(Status.GREEN, rule.statusOf(SHARE, "u1", 2026, 10.001, null));
        assertEquals(Status.GREEN, rule.statusOf(SHARE, "u1", 2026, 10.0, null));
        assertEquals(Status.YELLOW, rule.statusOf(SHARE, "u1", 2026, 9.999, null));
        assertEquals(Status.YELLOW, rule.statusOf(SHARE, "u1", 2026, 5.0, null));
        assertEquals(Status.RED, rule.statusOf(SHARE, "u1", 2026, 4.999, null));
        assertEquals(Status.RED, rule.statusOf(SHARE, "u1", 2026, 0.0, null));
    }

    @Test
    void ambitionsStepLinearlyTowardTheFinalAmbition() {
        // 10 % in 2024 to 30 % in 2028: 20 points over 4 years, 5 points a year.
        final Ambition ambition = new Ambition(2024, 10.0, 2028, 30.0);
        assertEquals(10.0, ambition.valueFor(2023));
        assertEquals(10.0, ambition.valueFor(2024));
        assertEquals(15.0, ambition.valueFor(2025));
        assertEquals(20.0, ambition.valueFor(2026));
        assertEquals(25.0, ambition.valueFor(2027));
        assertEquals(30.0, ambition.valueFor(2028));
        assertEquals(30.0, ambition.valueFor(2031));
        assertEquals(40.0, new Ambition(2026, 40.0, 2026, 40.0).valueFor(2026));
        assertThrows(IllegalArgumentException.class, () -> new Ambition(2028, 30.0, 2024, 10.0));
    }

    @Test
    void boundsRelativeToTheYearsAmbition() {
        // Yellow below the year's ambition, red more than 5 points below it.
        final StatusRule rule = new StatusRule(List.of(
                Threshold.of(SHARE, Direction.HIGHER_IS_BETTER, ThresholdBasis.VALUE, 0.0, -5.0)
                        .relativeTo(new Ambition(2024, 10.0, 2028, 30.0))));
        // 2026: ambition 20, so green from 20, yellow from 15, red below 15
        assertEquals(Status.GREEN, rule.statusOf(SHARE, "u1", 2026, 20.0, null));
        assertEquals(Status.YELLOW, rule.statusOf(SHARE, "u1", 2026, 19.999, null));
        assertEquals(Status.YELLOW, rule.statusOf(SHARE, "u1", 2026, 15.0, null));
        assertEquals(Status.RED, rule.statusOf(SHARE, "u1", 2026, 14.999, null));
        // The same 20 % a year later (ambition 25, red below 20) is only yellow; in 2028 (red below 25) red.
        assertEquals(Status.YELLOW, rule.statusOf(SHARE, "u1", 2027, 20.0, null));
        assertEquals(Status.RED, rule.statusOf(SHARE, "u1", 2028, 24.999, null));
        assertEquals(Status.YELLOW, rule.statusOf(SHARE, "u1", 2028, 25.0, null));
    }

    @Test
    void theMostSpecificThresholdWins() {
        // Listed most specific first, to show that order does not matter.
        final StatusRule rule = new StatusRule(List.of(
                Threshold.of(OPS, Direction.HIGHER_IS_BETTER, ThresholdBasis.DEVIATION_PCT, -1.0, -2.0)
                        .forUnit("u1").forYear(2026),
                Threshold.of(OPS, Direction.HIGHER_IS_BETTER, ThresholdBasis.DEVIATION_PCT, -8.0, -15.0)
                        .forUnit("u1"),
                Threshold.of(OPS, Direction.HIGHER_IS_BETTER, ThresholdBasis.DEVIATION_PCT, -3.0, -6.0)
                        .forYear(2026),
                OPS_DEFAULT));
        // The same -4 % under each: default (-5/-10) green, year (-3/-6) yellow, unit (-8/-15) green,
        // unit and year (-1/-2) red.
        assertEquals(Status.GREEN, rule.statusOf(OPS, "u2", 2025, null, -4.0));
        assertEquals(Status.YELLOW, rule.statusOf(OPS, "u2", 2026, null, -4.0));
        assertEquals(Status.GREEN, rule.statusOf(OPS, "u1", 2025, null, -4.0));
        assertEquals(Status.RED, rule.statusOf(OPS, "u1", 2026, null, -4.0));
    }

    @Test
    void noneWhenNothingApplies() {
        final StatusRule rule = new StatusRule(List.of(OPS_DEFAULT,
                Threshold.of(SHARE, Direction.HIGHER_IS_BETTER, ThresholdBasis.VALUE, 10.0, 5.0)));
        assertEquals(Status.NONE, rule.statusOf("first_visits", "u1", 2026, 10.0, -50.0));
        // The operations threshold reads the deviation, which is missing (nothing was planned)
        assertEquals(Status.NONE, rule.statusOf(OPS, "u1", 2026, 10.0, null));
        // The share threshold reads the value, which is missing
        assertEquals(Status.NONE, rule.statusOf(SHARE, "u1", 2026, null, -50.0));
        // A threshold narrowed to another unit or year does not apply
        final StatusRule narrow = new StatusRule(List.of(OPS_DEFAULT.forUnit("u2").forYear(2025)));
        assertEquals(Status.NONE, narrow.statusOf(OPS, "u1", 2025, null, -50.0));
        assertEquals(Status.NONE, narrow.statusOf(OPS, "u2", 2026, null, -50.0));
        assertEquals(Status.RED, narrow.statusOf(OPS, "u2", 2025, null, -50.0));
    }

    @Test
    void aDeviationRowIsJudgedInTheYearItsPeriodStarts() {
        final StatusRule rule = new StatusRule(List.of(OPS_DEFAULT,
                Threshold.of(OPS, Direction.HIGHER_IS_BETTER, ThresholdBasis.DEVIATION_PCT, 0.0, -5.0).forYear(2026)));
        // 37 done against 40 planned: -3, -7.5 %. Default (-5/-10): yellow; the 2026 threshold (0/-5): red.
        final Plan plan2025 = new Plan("u1", OPS, PlanKind.TARGET, Granularity.WEEK, LocalDate.of(2025, 3, 3), 40.0);
        final Plan plan2026 = new Plan("u1", OPS, PlanKind.TARGET, Granularity.WEEK, LocalDate.of(2026, 3, 2), 40.0);
        assertEquals(Status.YELLOW, rule.statusOf(Deviation.of(plan2025, 37.0)));
        assertEquals(Status.RED, rule.statusOf(Deviation.of(plan2026, 37.0)));
        // Nothing planned: no percentage, no status
        final Plan zero = new Plan("u1", OPS, PlanKind.TARGET, Granularity.WEEK, LocalDate.of(2026, 3, 2), 0.0);
        assertEquals(Status.NONE, rule.statusOf(Deviation.of(zero, 3.0)));
    }

    @Test
    void equalBoundsLeaveNoYellowBand() {
        final StatusRule rule = new StatusRule(List.of(
                Threshold.of(OPS, Direction.HIGHER_IS_BETTER, ThresholdBasis.DEVIATION_PCT, 0.0, 0.0)));
        assertEquals(Status.GREEN, rule.statusOf(OPS, "u1", 2026, null, 0.0));
        assertEquals(Status.RED, rule.statusOf(OPS, "u1", 2026, null, -0.001));
    }

    @Test
    void refusesThresholdsThatCannotBeRead() {
        assertThrows(IllegalArgumentException.class, () ->
                Threshold.of("care_days", Direction.NEUTRAL, ThresholdBasis.VALUE, 1.0, 2.0));
        // Red may not start on the better side of yellow
        assertThrows(IllegalArgumentException.class, () ->
                Threshold.of(OPS, Direction.HIGHER_IS_BETTER, ThresholdBasis.DEVIATION_PCT, -10.0, -5.0));
        assertThrows(IllegalArgumentException.class, () ->
                Threshold.of(WAITING, Direction.LOWER_IS_BETTER, ThresholdBasis.DEVIATION_PCT, 10.0, 5.0));
        assertThrows(IllegalArgumentException.class, () ->
                OPS_DEFAULT.relativeTo(new Ambition(2024, 10.0, 2028, 30.0)));
        assertThrows(IllegalArgumentException.class, () ->
                new StatusRule(List.of(OPS_DEFAULT.forUnit("u1"), OPS_DEFAULT.forUnit("u1"))));
    }
}
