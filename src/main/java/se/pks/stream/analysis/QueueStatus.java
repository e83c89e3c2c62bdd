package se.pks.stream.analysis;

import se.pks.stream.model.GuaranteeType;

/**
 * The queue figures of one waiting list (one unit and guarantee type) at one moment. Rates are patients per week,
 * waits are days, sizes are patients. A field is null where its formula is undefined for the data at hand.
 *
 * @param guarantee             which guarantee the list is measured against
 * @param windowWeeks           how many weeks demand and capacity were measured over
 * @param limitDays             the guarantee limit (days)
 * @param queueSize             patients waiting now
 * @param meanWaitDays          mean time waited so far by those waiting (days); null when not known
 * @param demand                lambda: mean additions per week
 * @param capacity              mu: mean removals per week
 * @param load                  rho = lambda / mu; at or above 1 the list grows; null when mu is 0
 * @param cvDemand              coefficient of variation of the time between additions, estimated from the weekly
 *                              counts (see {@link QueueFigures}); null when it cannot be estimated
 * @param cvCapacity            the same for removals
 * @param targetMeanWaitDays    limit / factor (days)
 * @param targetQueueSize       lambda * limit / factor, limit in weeks (Little's law; patients)
 * @param queueTooBig           queue size above twice the target queue size
 * @param reliefCapacity        removals per week that bring the list to its target size in the configured weeks;
 *                              only when the queue is too big, else null
 * @param targetCapacity        removals per week that keep a list at its target in the long run (patients/week);
 *                              null when either coefficient of variation is unknown
 * @param pressure              2 * mean wait / limit; above 1 the list will probably miss the guarantee; null when
 *                              the mean wait is not known
 */
public record QueueStatus(
        GuaranteeType guarantee,
        int windowWeeks,
        double limitDays,
        long queueSize,
        Double meanWaitDays,
        double demand,
        double capacity,
        Double load,
        Double cvDemand,
        Double cvCapacity,
        double targetMeanWaitDays,
        double targetQueueSize,
        boolean queueTooBig,
        Double reliefCapacity,
        Double targetCapacity,
        Double pressure) {
}
