package se.pks.stream.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.FeedQuality;

/**
 * Counts the data-quality observations of one flush interval per provider, unit, feed and day before they cross the
 * repartition to the register, so that one partial count per register row and interval is repartitioned instead of
 * one record per event; the register adds the partial counts up.
 *
 * <p>Why nothing is lost or counted twice under exactly-once: the pending counts live in a changelogged state store,
 * not in a field. An observation's count, the punctuation that forwards it to the repartition topic and the deletion
 * of the pending entry are all writes of this task, committed in one transaction together with the input offsets. A
 * crash before that commit aborts all of them: the store is restored from its changelog to the last commit and the
 * uncommitted input is processed again. A crash after it finds the count either still pending (not yet forwarded) or
 * forwarded and deleted, never both.
 */
final class FeedQualityBatcher implements Processor<String, FeedObservation, String, FeedQuality> {

    private final Duration flushInterval;
    private ProcessorContext<String, FeedQuality> context;
    private KeyValueStore<String, FeedQuality> pending;

    FeedQualityBatcher(final Duration flushInterval) {
        this.flushInterval = flushInterval;
    }

    @Override
    public void init(final ProcessorContext<String, FeedQuality> context) {
        this.context = context;
        this.pending = context.getStateStore(StoreNames.FEED_QUALITY_PENDING);
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void process(final Record<String, FeedObservation> record) {
        final FeedObservation observation = record.value();
        final String key = observation.key();
        final FeedQuality counted = pending.get(key);
        pending.put(key, (counted == null ? FeedQuality.empty(observation) : counted).plus(observation));
    }

    private void flush(final long timestamp) {
        final List<KeyValue<String, FeedQuality>> entries = new ArrayList<>();
        try (KeyValueIterator<String, FeedQuality> iterator = pending.all()) {
            iterator.forEachRemaining(entries::add);
        }
        for (final KeyValue<String, FeedQuality> entry : entries) {
            context.forward(new Record<>(entry.key, entry.value, timestamp));
            pending.delete(entry.key);
        }
    }
}
