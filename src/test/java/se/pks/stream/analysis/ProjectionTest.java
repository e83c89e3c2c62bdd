package se.pks.stream.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectionTest {

    private static final double EPS = 1e-9;

    /** 100 a week, except 25 a week in the summer weeks 26-33: 44 * 100 + 8 * 25 = 4600 for the year. */
    private static List<Double> planWithSummerDip() {
        final List<Double> plan = new ArrayList<>();
        for (int week = 1; week <= 52; week++) {
            plan.add(week >= 26 && week <= 33 ? 25.0 : 100.0);
        }
        return plan;
    }

    /** The plan scaled by a factor up to a week, then zeros for the future weeks. */
    private static List<Double> actualsAt(final List<Double> plan, final double factor, final int weeksElapsed) {
        final List<Double> actual = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            actual.add(i < weeksElapsed ? factor * plan.get(i) : 0.0);
        }
        return actual;
    }

    @Test
    void aUnitOnItsPlanShapeAcrossTheSummerDipProjectsItsAnnualTarget() {
        final List<Double> plan = planWithSummerDip();
        // Through week 33, the last low week: plan to date 25 * 100 + 8 * 25 = 2700, done exactly.
        final Projection projection = Projection.atRunRate(plan, actualsAt(plan, 1.0, 33), 33);

        assertEquals(2700.0, projection.planToDate(), EPS);
        assertEquals(2700.0, projection.actualToDate(), EPS);
        assertEquals(4600.0, projection.annualTarget(), EPS);
        // 2700 / 2700 * 4600 = 4600. Naive straight-line extrapolation would give 2700 / 33 * 52 = 4254.55,
        // 345.45 (7.5 %) short of the target, for a unit that has missed nothing.
        assertEquals(4600.0, projection.projected(), EPS);
        assertEquals(0.0, projection.deviation(), EPS);
        assertEquals(0.0, projection.deviationPct(), EPS);
    }

    @Test
    void aUnitAtNinetyPercentOfPlanProjectsNinetyPercentOfTheTarget() {
        final List<Double> plan = planWithSummerDip();
        final Projection projection = Projection.atRunRate(plan, actualsAt(plan, 0.9, 33), 33);

        // 0.9 * 2700 = 2430 done; 2430 / 2700 * 4600 = 4140 = 0.9 * 4600; 4140 - 4600 = -460 = -10 %
        assertEquals(2430.0, projection.actualToDate(), EPS);
        assertEquals(4140.0, projection.projected(), EPS);
        assertEquals(-460.0, projection.deviation(), EPS);
        assertEquals(-10.0, projection.deviationPct(), EPS);
    }

    @Test
    void futureWeeksAreIgnored() {
        final List<Double> plan = planWithSummerDip();
        // Week 11 already has a partial figure, but only 10 weeks are over: 10 * 120 / (10 * 100) * 4600 = 5520.
        final List<Double> actual = new ArrayList<>(Collections.nCopies(10, 120.0));
        actual.add(30.0);
        final Projection projection = Projection.atRunRate(plan, actual, 10);

        assertEquals(1200.0, projection.actualToDate(), EPS);
        assertEquals(5520.0, projection.projected(), EPS);
        // (5520 - 4600) / 4600 = 20 %
        assertEquals(20.0, projection.deviationPct(), EPS);
    }

    @Test
    void nothingPlannedYetGivesNoProjection() {
        // A unit that opens in week 3: nothing was planned in weeks 1-2.
        final List<Double> plan = new ArrayList<>(List.of(0.0, 0.0));
        plan.addAll(Collections.nCopies(50, 10.0));
        final Projection projection = Projection.atRunRate(plan, List.of(0.0, 4.0), 2);

        assertEquals(500.0, projection.annualTarget(), EPS);
        assertEquals(4.0, projection.actualToDate(), EPS);
        assertNull(projection.projected());
        assertNull(projection.deviation());
        assertNull(projection.deviationPct());
    }

    @Test
    void refusesWeeksOutsideTheYear() {
        final List<Double> plan = planWithSummerDip();
        assertThrows(IllegalArgumentException.class, () -> Projection.atRunRate(plan, plan, 0));
        assertThrows(IllegalArgumentException.class, () -> Projection.atRunRate(plan, plan, 53));
        assertThrows(IllegalArgumentException.class, () -> Projection.atRunRate(plan, List.of(1.0), 2));
    }

    @Test
    void theStandardErrorComesFromTheSpreadOfThePeriodsAroundTheRunRate() {
        // Plan 10 a period for 4 periods, 2 counted with 8 and 12: R = 20 / 20 = 1, projected 40.
        // sigma^2 = ((8 - 10)^2 / 10 + (12 - 10)^2 / 10) / (2 - 1) = 0.8; remaining plan F = 20, plan to date P = 20:
        // variance = 0.8 * 20 * (1 + 20 / 20) = 32, standard error sqrt(32) = 5.656854249;
        // interval 40 -/+ 1.96 * 5.656854249 = 28.912565672 .. 51.087434328.
        final Projection projection = Projection.atRunRate(List.of(10.0, 10.0, 10.0, 10.0),
                List.of(8.0, 12.0, 0.0, 0.0), 2);

        assertEquals(40.0, projection.projected(), EPS);
        assertEquals(5.656854249492381, projection.standardError(), EPS);
        assertEquals(28.912565671, projection.intervalLow(), 1e-8);
        assertEquals(51.087434329, projection.intervalHigh(), 1e-8);
    }

    @Test
    void aYearThatIsOverOrAUnitExactlyOnItsRateHasNoSpread() {
        // All four periods counted: nothing remains to predict.
        final Projection over = Projection.atRunRate(List.of(10.0, 10.0, 10.0, 10.0),
                List.of(8.0, 12.0, 9.0, 11.0), 4);
        assertEquals(40.0, over.projected(), EPS);
        assertEquals(0.0, over.standardError(), EPS);
        // Exactly 90 % of a changing plan every period: every period lies on the run-rate.
        final Projection steady = Projection.atRunRate(List.of(10.0, 20.0, 30.0, 40.0),
                List.of(9.0, 18.0, 0.0, 0.0), 2);
        assertEquals(90.0, steady.projected(), EPS);
        assertEquals(0.0, steady.standardError(), EPS);
    }

    @Test
    void oneCountedPeriodGivesAProjectionButNoStandardError() {
        final Projection projection = Projection.atRunRate(List.of(10.0, 10.0), List.of(12.0, 0.0), 1);
        assertEquals(24.0, projection.projected(), EPS);
        assertNull(projection.standardError());
        assertNull(projection.intervalLow());
        assertNull(projection.intervalHigh());
    }
}
