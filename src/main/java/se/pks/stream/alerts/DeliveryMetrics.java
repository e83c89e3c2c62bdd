package se.pks.stream.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code pks_notifications_total{channel,outcome}} (outcome {@code delivered} or {@code failed_attempt}), and the
 * gauges {@code pks_notifications_pending} and {@code pks_notifications_stalled} (pending after the WARN number of
 * failed attempts). The gauges count the whole table, so every instance reports the same figure: take max, not sum.
 */
public final class DeliveryMetrics {

    private final MeterRegistry registry;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong stalled = new AtomicLong();

    public DeliveryMetrics(final MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("pks.notifications.pending", pending);
        registry.gauge("pks.notifications.stalled", stalled);
    }

    void attempted(final DeliveryOutcome outcome) {
        registry.counter("pks.notifications", "channel", outcome.channel().name(),
                "outcome", outcome.error() == null ? "delivered" : "failed_attempt").increment();
    }

    void waiting(final NotificationOutbox.Waiting waiting) {
        pending.set(waiting.pending());
        stalled.set(waiting.stalled());
    }
}
