package se.pks.stream.alerts;

import java.util.Map;
import java.util.Set;

/**
 * An alert's identity. One live alert per unit (or organisation, for organisation-wide actions) and problem: a
 * measure's conditions are filed under the headline measure of its feed, a waiting list's measures and queue
 * conditions under {@code waiting_count}, a feed's data-quality conditions under the feed, an overdue action under
 * its id. The text form, condition|unit|subject with the condition that opened the alert, is the Kafka
 * key on the alerts topic, as in the alert contract v1.
 */
public record AlertKey(AlertCondition condition, String unitId, String organisationId, String subject) {

    /**
     * The measure each measure's problem is filed under: a unit's figures from one feed are one problem, under the
     * measure its plan targets (pks.measure_feed): a clinic's visits under first_visits, a theatre's operations and
     * hours under operations, a ward's beds and discharges under discharges, a waiting list's measures (and its
     * first-visit and treatment variants) under waiting_count. Measures not listed are problems of their own.
     */
    private static final Map<String, String> PROBLEM_OF_MEASURE = Map.ofEntries(
            Map.entry("first_visits", "first_visits"), Map.entry("return_visits", "first_visits"),
            Map.entry("emergency_visits", "first_visits"),
            Map.entry("operations", "operations"), Map.entry("operation_hours", "operations"),
            Map.entry("care_days", "discharges"), Map.entry("staffed_beds", "discharges"),
            Map.entry("occupancy_rate", "discharges"), Map.entry("discharges", "discharges"),
            Map.entry("avg_length_of_stay", "discharges"));
    private static final Set<String> WAITING_LIST = Set.of("referrals_in", "removals", "waiting_count",
            "mean_wait_days", "waiting_over_limit", "guarantee_compliance", "medical_target_compliance");
    static final String WAITING_LIST_SUBJECT = "waiting_count";

    public String text() {
        return condition + "|" + owner() + "|" + subject;
    }

    /** The problem this key's condition is evidence of: owner|problem subject. */
    public String problem() {
        return owner() + "|" + problemSubject();
    }

    /** The subject of the problem: the feed's headline measure, {@code waiting_count}, the feed or the action id. */
    public String problemSubject() {
        return switch (condition) {
            case QUEUE_PRESSURE, QUEUE_SIZE -> WAITING_LIST_SUBJECT;
            case STATUS, SPC, PROJECTION -> waitingListMeasure(subject) ? WAITING_LIST_SUBJECT
                    : PROBLEM_OF_MEASURE.getOrDefault(subject, subject);
            case FEED_MISSING, FEED_REJECTED, ACTION_OVERDUE, CHANGED_AFTER_APPROVAL, ROUND_ANSWER_DUE -> subject;
        };
    }

    private static boolean waitingListMeasure(final String measure) {
        return WAITING_LIST.contains(measure)
                || WAITING_LIST.stream().anyMatch(list -> measure.equals(list + "_first_visit")
                                                          || measure.equals(list + "_treatment"));
    }

    private String owner() {
        return unitId == null ? "org:" + organisationId : unitId;
    }
}
