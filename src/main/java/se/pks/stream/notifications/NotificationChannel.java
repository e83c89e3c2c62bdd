package se.pks.stream.notifications;

/** Where a subscription's notifications go: {@code pks.subscription.channel}. */
public enum NotificationChannel {
    /** Generic JSON, POSTed to the subscriber's own receiver. */
    WEBHOOK,
    /** A Slack incoming webhook. */
    SLACK,
    /** A Microsoft Teams incoming webhook (Workflows), which takes Adaptive Cards. */
    TEAMS,
    EMAIL
}
