package se.pks.stream.notifications;

import java.time.Duration;

/**
 * What one attempt came to: delivered ({@code error} null), or failed with a short reason and the wait before the
 * next attempt.
 */
public record DeliveryOutcome(long notificationId, NotificationChannel channel, int attempts, String error,
                              Duration retryIn) {

    static DeliveryOutcome delivered(final PendingNotification notification) {
        return new DeliveryOutcome(notification.notificationId(), notification.channel(),
                notification.attempts() + 1, null, null);
    }

    static DeliveryOutcome failed(final PendingNotification notification, final String error,
                                  final Duration retryIn) {
        return new DeliveryOutcome(notification.notificationId(), notification.channel(),
                notification.attempts() + 1, error, retryIn);
    }
}
