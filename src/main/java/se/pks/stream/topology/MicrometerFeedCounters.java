package se.pks.stream.topology;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import se.pks.stream.model.FieldError;

/** Feed counters as Prometheus metrics: {@code pks_records_rejected_total{topic,field}} and friends. */
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

    @Override
    public void duplicate(final String kind) {
        registry.counter("pks.events.duplicates", "kind", kind).increment();
    }

    @Override
    public void corrected(final String kind) {
        registry.counter("pks.events.corrections", "kind", kind).increment();
    }

    @Override
    public void deleted(final String kind) {
        registry.counter("pks.events.deletions", "kind", kind).increment();
    }
}
