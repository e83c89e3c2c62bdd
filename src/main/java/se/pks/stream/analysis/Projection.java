package se.pks.stream.analysis;

import java.util.List;

/**
 * Where a unit will end the year if it goes on as it has so far. The year-to-date outcome is scaled by the plan's own
 * weekly shape, not by the number of weeks gone: a unit exactly on plan through a summer dip projects exactly its
 * annual target, where straight-line extrapolation of the weeks so far would read the dip as a shortfall.
 *
 * <p>projected = actual to date / plan to date * plan for the year. The annual target is the sum of the weekly plan.
 * The periods may be weeks, months, or a month cut at the as-of day (its plan then pro rata by working days): the
 * arithmetic is the same.
 *
 * <p>How sure the projection is: each period's actual is taken as the run-rate R times its plan plus a random
 * error whose variance is proportional to the plan, sigma^2 * plan (counts: a period planned twice as big varies
 * twice as much, as a Poisson count does). sigma^2 is estimated from the periods so far, sum((a - R p)^2 / p) / (n -
 * 1) over the n counted periods with a plan. The year-end value is what was done plus R times the remaining plan F,
 * and its error has two parts: the remaining periods' own variation, sigma^2 F, and the error of R itself,
 * sigma^2 / (plan to date), times F^2. standard error = sqrt(sigma^2 F (1 + F / plan to date)); the 95 % prediction
 * interval is projected -/+ 1.96 standard errors. This is the prediction variance of the ratio estimator under that
 * model (Royall 1970); it is 0 once the year is over and unknown (null) with fewer than two planned periods counted.
 *
 * @param weeksElapsed  periods of the year that are over (1 = only the first week)
 * @param actualToDate  sum of the actuals of those weeks
 * @param planToDate    sum of the plan of those weeks
 * @param annualTarget  sum of the plan of every week of the year
 * @param projected     expected year-end value; null when nothing was planned up to now (no run-rate to scale)
 * @param deviation     projected - annual target; null when there is no projection
 * @param deviationPct  100 * deviation / annual target; null when there is no projection (the annual target is
 *                      then positive, since it includes the plan to date)
 * @param standardError of the projected value; null when there is no projection or fewer than two planned periods
 *                      were counted
 */
public record Projection(
        int weeksElapsed,
        double actualToDate,
        double planToDate,
        double annualTarget,
        Double projected,
        Double deviation,
        Double deviationPct,
        Double standardError) {

    /** Standard normal quantile of 97.5 %: projected -/+ this many standard errors is a 95 % interval. */
    public static final double Z_95 = 1.96;

    /** Lower end of the 95 % prediction interval; null without a standard error. */
    public Double intervalLow() {
        return standardError == null ? null : projected - Z_95 * standardError;
    }

    /** Upper end of the 95 % prediction interval; null without a standard error. */
    public Double intervalHigh() {
        return standardError == null ? null : projected + Z_95 * standardError;
    }

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
            return new Projection(weeksElapsed, actualToDate, planToDate, annualTarget, null, null, null, null);
        }
        final double rate = actualToDate / planToDate;
        final double projected = rate * annualTarget;
        final double deviation = projected - annualTarget;
        return new Projection(weeksElapsed, actualToDate, planToDate, annualTarget, projected, deviation,
                100.0 * deviation / annualTarget,
                standardError(weeklyPlan, weeklyActual, weeksElapsed, rate, annualTarget - planToDate, planToDate));
    }

    /** sqrt(sigma^2 F (1 + F / P)), sigma^2 from the counted periods with a plan; null with fewer than two. */
    private static Double standardError(final List<Double> plan, final List<Double> actual, final int elapsed,
                                        final double rate, final double remainingPlan, final double planToDate) {
        double weightedSquares = 0.0;
        int planned = 0;
        for (int i = 0; i < elapsed; i++) {
            final double p = plan.get(i);
            if (p > 0.0) {
                final double error = actual.get(i) - rate * p;
                weightedSquares += error * error / p;
                planned++;
            }
        }
        if (planned < 2) {
            return null;
        }
        final double variancePerPlanned = weightedSquares / (planned - 1);
        return Math.sqrt(variancePerPlanned * remainingPlan * (1.0 + remainingPlan / planToDate));
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
