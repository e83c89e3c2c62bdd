package se.pks.stream.analysis;

import java.util.List;

/**
 * Where a unit will end the year if it goes on as it has so far. The year-to-date outcome is scaled by the plan's own
 * weekly shape, not by the number of weeks gone: a unit exactly on plan through a summer dip projects exactly its
 * annual target, where straight-line extrapolation of the weeks so far would read the dip as a shortfall.
 *
 * <p>projected = actual to date / plan to date * plan for the year. The annual target is the sum of the weekly plan.
 *
 * @param weeksElapsed  weeks of the year that are over (1 = only the first week)
 * @param actualToDate  sum of the actuals of those weeks
 * @param planToDate    sum of the plan of those weeks
 * @param annualTarget  sum of the plan of every week of the year
 * @param projected     expected year-end value; null when nothing was planned up to now (no run-rate to scale)
 * @param deviation     projected - annual target; null when there is no projection
 * @param deviationPct  100 * deviation / annual target; null when there is no projection (the annual target is
 *                      then positive, since it includes the plan to date)
 */
public record Projection(
        int weeksElapsed,
        double actualToDate,
        double planToDate,
        double annualTarget,
        Double projected,
        Double deviation,
        Double deviationPct) {

    /**
     * @param weeklyPlan   the plan of every week of the year, first week first (52 or 53 values)
     * @param weeklyActual actuals, first week first; values after {@code weeksElapsed} are future and ignored
     * @param weeksElapsed how many weeks are over
     */
    public static Projection atRunRate(final List<Double> weeklyPlan, final List<Double> weeklyActual,
                                       final int weeksElapsed) {
        if (weeksElapsed < 1 || weeksElapsed > weeklyPlan.size() || weeksElapsed > weeklyActual.size()) {
            throw new IllegalArgumentException("weeksElapsed " + weeksElapsed + " needs that many plan and actual weeks");
        }
        final double annualTarget = sum(weeklyPlan, weeklyPlan.size());
        final double planToDate = sum(weeklyPlan, weeksElapsed);
        final double actualToDate = sum(weeklyActual, weeksElapsed);
        if (planToDate == 0.0) {
            return new Projection(weeksElapsed, actualToDate, planToDate, annualTarget, null, null, null);
        }
        final double projected = actualToDate / planToDate * annualTarget;
        final double deviation = projected - annualTarget;
        return new Projection(weeksElapsed, actualToDate, planToDate, annualTarget, projected, deviation,
                100.0 * deviation / annualTarget);
    }

    private static double sum(final List<Double> values, final int count) {
        double sum = 0.0;
        for (int i = 0; i < count; i++) {
            final Double value = values.get(i);
            if (value == null || value < 0.0) {
                throw new IllegalArgumentException("week " + (i + 1) + " needs a non-negative value: " + value);
            }
            sum += value;
        }
        return sum;
    }
}
