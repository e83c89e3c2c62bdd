package se.pks.stream.model;

import java.time.LocalDate;

/** One planned value on {@code pks.plans.v1}: what a unit is expected to deliver, have or see in one period. */
public record Plan(
        String unitId,
        String measure,
        PlanKind planKind,
        Granularity granularity,
        LocalDate periodStart,
        double value) {

    /** The topic key: unitId|measure|planKind|granularity|periodStart. */
    public String key() {
        return String.join("|", unitId, measure, planKind.name(), granularity.name(), periodStart.toString());
    }

    public BucketKey bucket() {
        return new BucketKey(granularity, periodStart, unitId);
    }
}
