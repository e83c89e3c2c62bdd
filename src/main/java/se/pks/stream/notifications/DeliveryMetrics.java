package se.pks.stream.notifications;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code pks_notifications_total{channel,outcome}} (outcome {@code delivered} or {@code failed_attempt}), and the
 * gauges {@code pks_notifications_pending} and {@code pks_notifications_stalled} (pending after the WARN number of
 * failed attempts). The gauges count the whole table, so every instance reports the same figure: take max, not sum.
 */
public final class DeliveryMetrics {

    private static final String DELIVERED = "delivered";
    private static final String FAILED_ATTEMPT = "failed_attempt";

    private final MeterRegistry registry;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong stalled = new AtomicLong();

    public DeliveryMetrics(final MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("pks.notifications.pending", pending);
        registry.gauge("pks.notifications.stalled", stalled);
        // Registered at zero, so that a rate or an alert rule has a series before the first notification.
        for (final NotificationChannel channel : NotificationChannel.values()) {
            for (final String outcome : new String[] {DELIVERED, FAILED_ATTEMPT}) {
                counter(channel, outcome);
            }
        }
    }

    void attempted(final DeliveryOutcome outcome) {
        counter(outcome.channel(), outcome.error() == null ? DELIVERED : FAILED_ATTEMPT).increment();
    }

    private Counter counter(final NotificationChannel channel, final String outcome) {
        return registry.counter("pks.notifications", "channel", channel.name(), "outcome", outcome);
    }

    void waiting(final NotificationOutbox.Waiting waiting) {
        pending.set(waiting.pending());
        stalled.set(waiting.stalled());
    }
}
