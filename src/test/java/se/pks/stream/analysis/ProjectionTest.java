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
}
