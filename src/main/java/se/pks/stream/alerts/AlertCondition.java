package se.pks.stream.alerts;

/**
 * What can raise an alert. The subject of an alert says which figure it is about: a measure for the production
 * conditions, a guarantee (FIRST_VISIT, TREATMENT) for the queue conditions, a feed for the data-quality conditions,
 * an action id for an overdue action. pks.alert_setting holds each condition's threshold.
 */
public enum AlertCondition {
    /** The week's status is YELLOW or RED against the target. */
    STATUS,
    /** The latest SPC point carries a concern signal. */
    SPC,
    /** The year-end projection misses the annual target by more than the margin (percent). */
    PROJECTION,
    /** Waiting-list pressure above the threshold. */
    QUEUE_PRESSURE,
    /** The queue is larger than the threshold times its target size. */
    QUEUE_SIZE,
    /** Expected reports of a feed did not come. */
    FEED_MISSING,
    /** More than the threshold share of a feed's records was rejected. */
    FEED_REJECTED,
    /** An action is past its deadline and neither done nor dropped. */
    ACTION_OVERDUE
}
