package se.pks.stream.model;

import java.time.LocalDate;

/**
 * Actual against one plan row. {@code actual} is null where the measure is undefined for the period (a ratio with
 * nothing to divide, a waiting list not yet reported); {@code deviationPct} is null when nothing was expected.
 */
public record Deviation(
        Granularity granularity,
        LocalDate periodStart,
        String unitId,
        String measure,
        PlanKind planKind,
        Double actual,
        double expected,
        Double deviation,
        Double deviationPct) {

    public static Deviation of(final Plan plan, final Double actual) {
        final Double deviation = actual == null ? null : actual - plan.value();
        final Double pct = deviation == null || plan.value() == 0.0 ? null : 100.0 * deviation / plan.value();
        return new Deviation(plan.granularity(), plan.periodStart(), plan.unitId(), plan.measure(), plan.planKind(),
                actual, plan.value(), deviation, pct);
    }

    public String key() {
        return String.join("|", unitId, measure, planKind.name(), granularity.name(), periodStart.toString());
    }
}
