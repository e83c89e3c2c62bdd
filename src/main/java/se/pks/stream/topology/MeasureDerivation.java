package se.pks.stream.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import se.pks.stream.model.Measure;

/**
 * Forms the published measures of one bucket from its component sums. A feed that has reported anything in the
 * bucket gets all its measures (counts at 0 rather than absent); a ratio whose denominator is 0 is undefined (null).
 * The waiting list's length is a level over time and is derived elsewhere ({@link UnitFiguresProcessor}).
 */
final class MeasureDerivation {

    private static final double SECONDS_PER_HOUR = 3600.0;

    private MeasureDerivation() {
    }

    static Map<Measure, Double> derive(final BucketSums sums) {
        final Map<Measure, Double> values = new LinkedHashMap<>();
        if (sums.has(Component.VISITS_FIRST) || sums.has(Component.VISITS_RETURN)
                || sums.has(Component.VISITS_EMERGENCY)) {
            values.put(Measure.FIRST_VISITS, (double) sums.get(Component.VISITS_FIRST));
            values.put(Measure.RETURN_VISITS, (double) sums.get(Component.VISITS_RETURN));
            values.put(Measure.EMERGENCY_VISITS, (double) sums.get(Component.VISITS_EMERGENCY));
        }
        if (sums.has(Component.OPERATIONS)) {
            values.put(Measure.OPERATIONS, (double) sums.get(Component.OPERATIONS));
            values.put(Measure.OPERATION_HOURS, sums.get(Component.OPERATION_SECONDS) / SECONDS_PER_HOUR);
        }
        if (sums.has(Component.CENSUSES)) {
            final long censuses = sums.get(Component.CENSUSES);
            final long staffed = sums.get(Component.STAFFED_BEDS);
            final long occupied = sums.get(Component.OCCUPIED_BEDS);
            values.put(Measure.CARE_DAYS, (double) occupied);
            values.put(Measure.STAFFED_BEDS, ratio(staffed, censuses));
            values.put(Measure.OCCUPANCY_RATE, ratio(occupied, staffed));
        }
        if (sums.has(Component.DISCHARGES)) {
            final long discharges = sums.get(Component.DISCHARGES);
            values.put(Measure.DISCHARGES, (double) discharges);
            values.put(Measure.AVG_LENGTH_OF_STAY, ratio(sums.get(Component.LENGTH_OF_STAY_DAYS), discharges));
        }
        if (sums.has(Component.REFERRALS_ADDED)) {
            values.put(Measure.REFERRALS_IN, (double) sums.get(Component.REFERRALS_ADDED));
        }
        return values;
    }

    private static Double ratio(final long numerator, final long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }
}
