package se.pks.stream.notifications;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The words and figures every channel shows for one notification, so that an e-mail, a Slack post and a Teams card
 * say the same thing: a title with severity, unit and condition, the alert's summary, a few facts, the dashboard
 * link, and the identifiers a receiver de-duplicates on.
 */
public record AlertMessage(PendingNotification notification, String dashboardUrl) {

    /** E.g. {@code [CRITICAL] Ortopedmottagning: first_visits off plan}. */
    public String title() {
        return "[" + notification.severity() + "] " + notification.unitName() + ": " + conditionText();
    }

    /** What the condition means, in the subscriber's terms, with the alert's subject (measure, list or feed). */
    public String conditionText() {
        final String subject = notification.subject();
        return switch (notification.condition()) {
            case "STATUS" -> subject + " off plan";
            case "SPC" -> subject + ": special-cause signal (SPC)";
            case "PROJECTION" -> subject + ": year-end projection misses the annual target";
            case "QUEUE_PRESSURE" -> "waiting list " + subject + ": pressure above the limit";
            case "QUEUE_SIZE" -> "waiting list " + subject + ": queue too big";
            case "FEED_MISSING" -> "feed " + subject + ": reports missing";
            case "FEED_REJECTED" -> "feed " + subject + ": records rejected";
            case "ACTION_OVERDUE" -> "action " + subject + " overdue";
            case "CHANGED_AFTER_APPROVAL" -> subject + ": figures changed after approval";
            case "ROUND_ANSWER_DUE" -> "benchmarking " + subject + ": confirm or flag the unit's key figures";
            default -> notification.condition() + " " + subject;
        };
    }

    /** Label and value pairs shown under the summary, in order; a value or threshold the alert lacks is left out. */
    public Map<String, String> facts() {
        final Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Unit", notification.unitName() + " (" + notification.unitId() + ")");
        facts.put("Organisation", notification.organisationName());
        facts.put("Severity", notification.severity());
        facts.put("State", notification.state());
        if (notification.value() != null) {
            facts.put("Value", number(notification.value()));
        }
        if (notification.threshold() != null) {
            facts.put("Threshold", number(notification.threshold()));
        }
        facts.put("Periods", notification.firstPeriod().equals(notification.lastPeriod())
                ? "week of " + notification.firstPeriod()
                : "weeks of " + notification.firstPeriod() + " to " + notification.lastPeriod());
        facts.put("Alert", notification.alertId() + " (" + notification.alertKey() + ")");
        return facts;
    }

    /** The same for every attempt of this notification, and different for every other notification. */
    public String idempotencyKey() {
        return "pks-notification-" + notification.notificationId();
    }

    /** An RFC 5322 message id that stays the same across resends, so a mail system can drop duplicates. */
    public String messageId(final String domain) {
        return "<" + idempotencyKey() + "." + notification.alertId() + "@" + domain + ">";
    }

    /** Up to two decimals, no exponent, no trailing zeros: -12.5, 0.07, 3. */
    static String number(final double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
