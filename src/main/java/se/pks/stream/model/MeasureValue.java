package se.pks.stream.model;

import java.time.LocalDate;

/**
 * The actual value of one measure for one unit and period. Rates also carry their parts (value = numerator /
 * denominator), so that organisations and regions can recompute the rate of their sum instead of averaging rates.
 */
public record MeasureValue(
        Granularity granularity,
        LocalDate periodStart,
        String unitId,
        String measure,
        double value,
        Double numerator,
        Double denominator) {

    public static MeasureValue count(final Granularity granularity, final LocalDate periodStart, final String unitId,
                                     final String measure, final double value) {
        return new MeasureValue(granularity, periodStart, unitId, measure, value, null, null);
    }

    public String key() {
        return new BucketKey(granularity, periodStart, unitId).measureKey(measure);
    }
}
