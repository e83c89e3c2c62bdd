package se.pks.stream.topology;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import se.pks.stream.model.Measure;

/**
 * Forms the published measures of one bucket from its component sums. A feed that has reported anything in the
 * bucket gets all its measures (counts at 0 rather than absent); a ratio whose denominator is 0 is undefined.
 */
final class MeasureDerivation {

    private MeasureDerivation() {
    }

    /** Measures that are sums or rates within the period. */
    static Map<Measure, Figure> derive(final BucketSums sums) {
        final Map<Measure, Figure> values = new LinkedHashMap<>();
        if (sums.has(Component.VISITS_FIRST) || sums.has(Component.VISITS_RETURN)
                || sums.has(Component.VISITS_EMERGENCY)) {
            values.put(Measure.FIRST_VISITS, Figure.count(sums.get(Component.VISITS_FIRST)));
            values.put(Measure.RETURN_VISITS, Figure.count(sums.get(Component.VISITS_RETURN)));
            values.put(Measure.EMERGENCY_VISITS, Figure.count(sums.get(Component.VISITS_EMERGENCY)));
        }
        if (sums.has(Component.OPERATIONS)) {
            values.put(Measure.OPERATIONS, Figure.count(sums.get(Component.OPERATIONS)));
            values.put(Measure.OPERATION_HOURS, Figure.hours(sums.get(Component.OPERATION_SECONDS)));
        }
        if (sums.has(Component.CENSUSES)) {
            final long censuses = sums.get(Component.CENSUSES);
            final long staffed = sums.get(Component.STAFFED_BEDS);
            final long occupied = sums.get(Component.OCCUPIED_BEDS);
            values.put(Measure.CARE_DAYS, Figure.count(occupied));
            values.put(Measure.STAFFED_BEDS, Figure.ratio(staffed, censuses));
            values.put(Measure.OCCUPANCY_RATE, Figure.ratio(occupied, staffed));
        }
        if (sums.has(Component.DISCHARGES)) {
            final long discharges = sums.get(Component.DISCHARGES);
            values.put(Measure.DISCHARGES, Figure.count(discharges));
            values.put(Measure.AVG_LENGTH_OF_STAY, Figure.ratio(sums.get(Component.LENGTH_OF_STAY_DAYS), discharges));
        }
        if (sums.has(Component.REFERRALS_ADDED) || sums.has(Component.REMOVALS)) {
            values.put(Measure.REFERRALS_IN, Figure.count(sums.get(Component.REFERRALS_ADDED)));
            values.put(Measure.REMOVALS, Figure.count(sums.get(Component.REMOVALS)));
        }
        if (sums.has(Component.REFERRALS_ADDED_FIRST_VISIT) || sums.has(Component.REMOVALS_FIRST_VISIT)) {
            values.put(Measure.REFERRALS_IN_FIRST_VISIT, Figure.count(sums.get(Component.REFERRALS_ADDED_FIRST_VISIT)));
            values.put(Measure.REMOVALS_FIRST_VISIT, Figure.count(sums.get(Component.REMOVALS_FIRST_VISIT)));
        }
        if (sums.has(Component.REFERRALS_ADDED_TREATMENT) || sums.has(Component.REMOVALS_TREATMENT)) {
            values.put(Measure.REFERRALS_IN_TREATMENT, Figure.count(sums.get(Component.REFERRALS_ADDED_TREATMENT)));
            values.put(Measure.REMOVALS_TREATMENT, Figure.count(sums.get(Component.REMOVALS_TREATMENT)));
        }
        return values;
    }

    private static void putList(final Map<Measure, Figure> values, final BucketSums levels, final LocalDate periodEnd,
                                final Component count, final Component since, final Measure countMeasure,
                                final Measure meanWaitMeasure) {
        final long waiting = levels.get(count);
        values.put(countMeasure, Figure.count(waiting));
        values.put(meanWaitMeasure, Figure.ratio(waiting * periodEnd.toEpochDay() - levels.get(since), waiting));
    }

    /**
     * Measures of the waiting list at the end of a period (its last day), from its levels. Compliance is the share of
     * guaranteed entries within their limit (patient-chosen waits excluded), resp. still on or before their medical
     * target date; the mean wait counts days since waitingSince over every entry on the list.
     */
    static Map<Measure, Figure> deriveLevels(final BucketSums levels, final LocalDate periodEnd) {
        final Map<Measure, Figure> values = new LinkedHashMap<>();
        final long waiting = levels.get(Component.WAITING);
        final long daysWaited = waiting * periodEnd.toEpochDay() - levels.get(Component.WAITING_SINCE_EPOCH_DAYS);
        final long guaranteed = levels.get(Component.WAITING_GUARANTEED);
        final long overLimit = levels.get(Component.WAITING_OVER_LIMIT);
        final long withTarget = levels.get(Component.WAITING_WITH_TARGET_DATE);
        final long pastTarget = levels.get(Component.WAITING_PAST_TARGET_DATE);
        values.put(Measure.WAITING_COUNT, Figure.count(waiting));
        values.put(Measure.MEAN_WAIT_DAYS, Figure.ratio(daysWaited, waiting));
        // A guarantee type's list appears once it has had an entry; a unit without one has no such figures.
        if (levels.has(Component.WAITING_FIRST_VISIT)) {
            putList(values, levels, periodEnd, Component.WAITING_FIRST_VISIT,
                    Component.WAITING_SINCE_EPOCH_DAYS_FIRST_VISIT, Measure.WAITING_COUNT_FIRST_VISIT,
                    Measure.MEAN_WAIT_DAYS_FIRST_VISIT);
        }
        if (levels.has(Component.WAITING_TREATMENT)) {
            putList(values, levels, periodEnd, Component.WAITING_TREATMENT,
                    Component.WAITING_SINCE_EPOCH_DAYS_TREATMENT, Measure.WAITING_COUNT_TREATMENT,
                    Measure.MEAN_WAIT_DAYS_TREATMENT);
        }
        values.put(Measure.WAITING_OVER_LIMIT, Figure.count(overLimit));
        values.put(Measure.GUARANTEE_COMPLIANCE, Figure.ratio(guaranteed - overLimit, guaranteed));
        values.put(Measure.MEDICAL_TARGET_COMPLIANCE, Figure.ratio(withTarget - pastTarget, withTarget));
        return values;
    }
}
