package se.pks.stream.topology;

/**
 * The additive parts that every measure is derived from. Parts are whole numbers (counts, seconds, beds, days), so
 * adding and later retracting them is exact, and ratios are formed from the sums only when a figure is published.
 *
 * <p>The waiting-list parts are flows of a level: +1 on the day an entry starts to count, -1 on the day it stops.
 * Summed over all periods up to one, they give the level at that period's end.
 */
public enum Component {
    VISITS_FIRST,
    VISITS_RETURN,
    VISITS_EMERGENCY,
    OPERATIONS,
    OPERATION_SECONDS,
    CENSUSES,
    STAFFED_BEDS,
    OCCUPIED_BEDS,
    DISCHARGES,
    LENGTH_OF_STAY_DAYS,
    REFERRALS_ADDED,
    /** Entries taken off a waiting list: the list's capacity in queue terms. */
    REMOVALS,
    REFERRALS_ADDED_FIRST_VISIT,
    REFERRALS_ADDED_TREATMENT,
    REMOVALS_FIRST_VISIT,
    REMOVALS_TREATMENT,
    /** Every entry on the list. */
    WAITING,
    /** Entries the care guarantee applies to: all but patient-chosen waits. */
    WAITING_GUARANTEED,
    /** Of those, entries that have waited longer than their guarantee limit. */
    WAITING_OVER_LIMIT,
    /** Guaranteed entries that have a medical target date. */
    WAITING_WITH_TARGET_DATE,
    /** Of those, entries past their medical target date. */
    WAITING_PAST_TARGET_DATE,
    /**
     * The sum of waitingSince (as epoch days) over waiting entries: with the count it gives the total days waited at
     * any period end d as count * d - sum, without visiting each entry.
     */
    WAITING_SINCE_EPOCH_DAYS,
    WAITING_FIRST_VISIT,
    WAITING_TREATMENT,
    WAITING_SINCE_EPOCH_DAYS_FIRST_VISIT,
    WAITING_SINCE_EPOCH_DAYS_TREATMENT;

    /** Whether this part is a flow of a waiting-list level rather than a sum within the period. */
    boolean isLevelFlow() {
        return ordinal() >= WAITING.ordinal();
    }
}
