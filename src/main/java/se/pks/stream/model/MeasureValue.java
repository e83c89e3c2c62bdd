package se.pks.stream.model;

import java.time.LocalDate;

/** The actual value of one measure for one unit and period. */
public record MeasureValue(
        Granularity granularity,
        LocalDate periodStart,
        String unitId,
        String measure,
        double value) {

    public String key() {
        return new BucketKey(granularity, periodStart, unitId).measureKey(measure);
    }
}
