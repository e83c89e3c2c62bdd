package se.pks.stream.topology;

/**
 * The additive parts that every measure is derived from. Parts are whole numbers (counts, seconds, beds, days), so
 * adding and later retracting them is exact, and ratios are formed from the sums only when a figure is published.
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
    /** +1 when an entry joins a waiting list, -1 when it leaves: summed over time it gives the list's length. */
    WAITING_NET
}
