package se.pks.stream.alerts;

/**
 * What can raise an alert. The subject of an alert says which figure it is about: a measure for the production
 * conditions, a guarantee (FIRST_VISIT, TREATMENT) for the queue conditions, a feed for the data-quality conditions,
 * an action id for an overdue action. pks.alert_setting holds each condition's threshold.
 */
public enum AlertCondition {
    /** The week's status is YELLOW or RED against the target. */
    STATUS(true),
    /** The latest SPC point carries a concern signal. */
    SPC(true),
    /** The year-end projection misses the annual target by more than the margin (percent). */
    PROJECTION(false),
    /** Waiting-list pressure above the threshold. */
    QUEUE_PRESSURE(true),
    /** The queue is larger than the threshold times its target size. */
    QUEUE_SIZE(true),
    /** Expected reports of a feed did not come. */
    FEED_MISSING(true),
    /** More than the threshold share of a feed's records was rejected. */
    FEED_REJECTED(true),
    /** An action is past its deadline and neither done nor dropped. */
    ACTION_OVERDUE(false),
    /** Figures of an approved month or tertial have changed since its approval (docs/approval.md). */
    CHANGED_AFTER_APPROVAL(false),
    /** A unit in an open benchmarking round has not answered and the deadline is near (docs/benchmarking-round.md). */
    ROUND_ANSWER_DUE(false);

    private final boolean weekly;

    AlertCondition(final boolean weekly) {
        this.weekly = weekly;
    }

    /**
     * Whether the condition is judged week by week from stored weekly figures, so that each evaluation sees every
     * week of a recent alert again, late and corrected events included; the others are judged as they stand today.
     */
    public boolean weekly() {
        return weekly;
    }
}
