package se.pks.stream.notifications;

import java.time.LocalDate;

/**
 * A claimed notification with everything its message needs: the alert as it stands now, the change that was
 * notified (its severity and reason), the subscription's channel and target, and the unit's names from the
 * register (the unit id stands in for them while the unit is not registered).
 *
 * @param attempts delivery attempts made before this one
 * @param severity the severity the notified change gave the alert
 * @param state the alert's state when the message is sent
 * @param change why the alert changed (from {@code pks.alert_change}), null if that row is gone
 */
public record PendingNotification(long notificationId, int attempts, NotificationChannel channel, String target,
                                  long alertId, int alertVersion, String alertKey, String condition, String subject,
                                  String severity, String state, String change, String summary, Double value,
                                  Double threshold, LocalDate firstPeriod, LocalDate lastPeriod, String unitId,
                                  String unitName, String organisationId, String organisationName,
                                  String regionId) {

    /** Without the target: a Slack or Teams webhook address is itself the secret that lets anyone post. */
    @Override
    public String toString() {
        return "PendingNotification[" + notificationId + ", " + channel + ", alert " + alertId + " v" + alertVersion
                + ", attempts " + attempts + "]";
    }
}
