package se.pks.stream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;

/**
 * Actual against one plan row. {@code actual} is null where the measure is undefined for the period (a ratio with
 * nothing to divide, a waiting list not yet reported); {@code deviationPct} is null when nothing was expected.
 *
 * <p>What the stream knows about the data behind the figure (docs/data-quality.md, "On the deviations topic"):
 * {@code feedRecords} counts the records of the measure's feed for the unit over the period's days, {@code
 * deficiencies} lists the days with rejected records ("REJECTED 2025-01-07 VISITS") and a period whose events mostly
 * came late ("LATE_REPORTING 2025-01-06 VISITS"), {@code deficiencyCount} is their number. All three are left out
 * (null) where the stream does not know them, and so are absent from records written before they existed.
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
        Double deviationPct,
        @JsonInclude(JsonInclude.Include.NON_NULL) FeedRecords feedRecords,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer deficiencyCount,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> deficiencies) {

    /** A deviation without what the stream knows of its data. */
    public Deviation(final Granularity granularity, final LocalDate periodStart, final String unitId,
                     final String measure, final PlanKind planKind, final Double actual, final double expected,
                     final Double deviation, final Double deviationPct) {
        this(granularity, periodStart, unitId, measure, planKind, actual, expected, deviation, deviationPct, null,
                null, null);
    }

    /** The same deviation with what the stream knows of the records behind it. */
    public Deviation withQuality(final FeedRecords records, final List<String> labels) {
        return new Deviation(granularity, periodStart, unitId, measure, planKind, actual, expected, deviation,
                deviationPct, records, labels.size(), List.copyOf(labels));
    }

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
