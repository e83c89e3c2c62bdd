package se.pks.stream.topology;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.FieldError;

/** Feed counters as Prometheus metrics: {@code pks_records_rejected_total{topic,field}} and the feeds' outcomes. */
final class MicrometerFeedCounters implements FeedCounters {

    private final MeterRegistry registry;

    MicrometerFeedCounters(final MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void rejected(final String topic, final List<FieldError> reasons) {
        // One count per record, tagged by its first reason's field so a dashboard can say what goes wrong most.
        final String field = reasons.isEmpty() ? "unknown" : reasons.get(0).field();
        registry.counter("pks.records.rejected", "topic", topic, "field", field).increment();
    }

    /** {@code pks_feed_records_total{provider,feed,outcome}}: ACCEPTED, ACCEPTED_LATE, REJECTED, DUPLICATE, ... */
    @Override
    public void observed(final FeedObservation observation) {
        registry.counter("pks.feed.records", "provider", observation.providerId(), "feed",
                observation.feed().name(), "outcome", observation.outcome().name()).increment();
    }
}
