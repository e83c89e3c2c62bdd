package se.pks.stream.analysis;

import java.util.List;
import se.pks.stream.model.GuaranteeType;

/**
 * Waiting-list figures from queueing theory (Fong et al. 2022, "Understanding waiting list pressures"; the formulas
 * of the NHSRwaitinglist R package), so that a list's size and wait can be judged against what its demand and
 * capacity can sustain rather than against last year's size.
 *
 * <p>Units: demand, capacity, relief and target capacity are patients per week; waits and the limit are days;
 * where a formula combines a weekly rate with the limit, the limit is converted to weeks (days / 7).
 *
 * <p>Where this follows NHSRwaitinglist rather than a literal reading of the domain guide:
 * <ul>
 *   <li>Target capacity uses the coefficients of variation of the times <em>between</em> additions and between
 *       removals (Kingman's formula, as {@code wl_referral_stats}/{@code wl_removal_stats} compute them), not of the
 *       weekly counts. Only weekly counts are at hand, and the CV of a count depends on the bucket width (Poisson
 *       arrivals at 30 a week give a weekly-count CV squared of 1/30, a daily one of 7/30), so it cannot be put into
 *       the formula as is. For a renewal process the variance of a count is about CV squared of the gaps times the
 *       mean count (Cox), so CV squared is estimated as sample variance / mean of the weekly counts. Poisson
 *       arrivals give 1, the package's default.</li>
 *   <li>Relief capacity is reported only when the queue is too big, as {@code wl_stats} does. Target capacity is
 *       reported always ({@code wl_stats} blanks it when the queue is too big): it is the level to return to once
 *       relief has worked.</li>
 *   <li>{@code calc_relief_capacity} can inflate demand by two standard errors; that is off by default in the
 *       package and not done here.</li>
 * </ul>
 */
public final class QueueFigures {

    private static final double DAYS_PER_WEEK = 7.0;

    private final QueueSettings settings;

    public QueueFigures(final QueueSettings settings) {
        this.settings = settings;
    }

    /**
     * @param weeklyAdditions entries added per week, oldest first; only the latest {@code windowWeeks} are used
     * @param weeklyRemovals  entries removed per week, aligned with the additions
     * @param queueSize       entries waiting now
     * @param meanWaitDays    mean days waited so far by those waiting, or null when not known
     */
    public QueueStatus of(final GuaranteeType guarantee, final List<Double> weeklyAdditions,
                          final List<Double> weeklyRemovals, final long queueSize, final Double meanWaitDays) {
        if (weeklyAdditions.isEmpty() || weeklyAdditions.size() != weeklyRemovals.size()) {
            throw new IllegalArgumentException("additions and removals need the same, non-zero number of weeks");
        }
        if (queueSize < 0 || meanWaitDays != null && meanWaitDays < 0.0) {
            throw new IllegalArgumentException("queue size and mean wait cannot be negative");
        }
        final int weeks = Math.min(settings.windowWeeks(), weeklyAdditions.size());
        final List<Double> additions = latest(weeklyAdditions, weeks);
        final List<Double> removals = latest(weeklyRemovals, weeks);

        final double limitDays = settings.limitDays(guarantee);
        final double limitWeeks = limitDays / DAYS_PER_WEEK;
        final double factor = settings.targetFactor();

        final double demand = mean(additions);
        final double capacity = mean(removals);
        final Double load = capacity == 0.0 ? null : demand / capacity;
        final Double cvDemand = cvOfGaps(additions, demand);
        final Double cvCapacity = cvOfGaps(removals, capacity);

        final double targetQueueSize = demand * limitWeeks / factor;
        final boolean queueTooBig = queueSize > 2.0 * targetQueueSize;
        final Double relief = queueTooBig ? demand + (queueSize - targetQueueSize) / settings.weeksToTarget() : null;
        final Double targetCapacity = cvDemand == null || cvCapacity == null ? null
                : demand + (cvDemand * cvDemand + cvCapacity * cvCapacity) / 2.0 * (factor / limitWeeks);
        final Double pressure = meanWaitDays == null ? null : 2.0 * meanWaitDays / limitDays;

        return new QueueStatus(guarantee, weeks, limitDays, queueSize, meanWaitDays, demand, capacity, load,
                cvDemand, cvCapacity, limitDays / factor, targetQueueSize, queueTooBig, relief, targetCapacity,
                pressure);
    }

    private static List<Double> latest(final List<Double> series, final int weeks) {
        final List<Double> window = series.subList(series.size() - weeks, series.size());
        for (final Double count : window) {
            if (count == null || count < 0.0) {
                throw new IllegalArgumentException("weekly counts must be present and non-negative: " + window);
            }
        }
        return window;
    }

    private static double mean(final List<Double> values) {
        double sum = 0.0;
        for (final double value : values) {
            sum += value;
        }
        return sum / values.size();
    }

    /** sqrt(sample variance / mean) of weekly counts; undefined with fewer than two weeks or no events at all. */
    private static Double cvOfGaps(final List<Double> counts, final double mean) {
        if (counts.size() < 2 || mean == 0.0) {
            return null;
        }
        double squares = 0.0;
        for (final double count : counts) {
            squares += (count - mean) * (count - mean);
        }
        return Math.sqrt(squares / (counts.size() - 1) / mean);
    }
}
