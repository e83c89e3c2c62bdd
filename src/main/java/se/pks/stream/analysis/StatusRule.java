package se.pks.stream.analysis;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import se.pks.stream.model.Deviation;

/**
 * Picks the threshold that applies to a figure and gives its traffic light. The most specific threshold wins
 * (unit and year, then unit, then year, then the measure's default), so a region can set one default per measure
 * and tighten or loosen it for single units or years without repeating it everywhere.
 */
public final class StatusRule {

    private final List<Threshold> thresholds;

    public StatusRule(final List<Threshold> thresholds) {
        final Set<String> seen = new HashSet<>();
        for (final Threshold threshold : thresholds) {
            final String scope = threshold.measure() + "|" + threshold.unitId() + "|" + threshold.year();
            if (!seen.add(scope)) {
                throw new IllegalArgumentException("two thresholds for the same measure, unit and year: " + scope);
            }
        }
        this.thresholds = List.copyOf(thresholds);
    }

    /**
     * @param value        the figure's value, used by VALUE thresholds
     * @param deviationPct its deviation from plan in percent, used by DEVIATION_PCT thresholds
     * @return NONE when no threshold applies or the value its basis needs is null
     */
    public Status statusOf(final String measure, final String unitId, final int year, final Double value,
                           final Double deviationPct) {
        Threshold chosen = null;
        for (final Threshold threshold : thresholds) {
            if (threshold.measure().equals(measure) && threshold.appliesTo(unitId, year)
                    && (chosen == null || threshold.specificity() > chosen.specificity())) {
                chosen = threshold;
            }
        }
        if (chosen == null) {
            return Status.NONE;
        }
        final Double basisValue = chosen.basis() == ThresholdBasis.VALUE ? value : deviationPct;
        return basisValue == null ? Status.NONE : chosen.classify(basisValue, year);
    }

    /** The status of a deviation row, in the year its period starts. */
    public Status statusOf(final Deviation deviation) {
        return statusOf(deviation.measure(), deviation.unitId(), deviation.periodStart().getYear(),
                deviation.actual(), deviation.deviationPct());
    }
}
