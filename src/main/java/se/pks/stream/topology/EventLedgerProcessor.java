package se.pks.stream.topology;

import java.time.ZoneId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import se.pks.stream.model.EventChange;
import se.pks.stream.model.EventDeletion;
import se.pks.stream.model.Feed;
import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.ProviderEvent;

/**
 * Remembers the current version of every event by provider and eventId, and turns each arrival into what it changes:
 * nothing for a resend with the same content, the old version out and the new one in for a correction, the old one
 * out for a deletion. Input is keyed by event identity; output is keyed by unit, because the figures are per unit.
 * Duplicates, corrections and deletions are also reported to the data-quality register.
 */
final class EventLedgerProcessor implements Processor<String, ProviderEvent, String, LedgerOutput> {

    private final FeedCounters counters;
    private final ZoneId zone;
    private ProcessorContext<String, LedgerOutput> context;
    private KeyValueStore<String, ProviderEvent> ledger;

    EventLedgerProcessor(final FeedCounters counters, final ZoneId zone) {
        this.counters = counters;
        this.zone = zone;
    }

    @Override
    public void init(final ProcessorContext<String, LedgerOutput> context) {
        this.context = context;
        this.ledger = context.getStateStore(StoreNames.EVENT_LEDGER);
    }

    @Override
    public void process(final Record<String, ProviderEvent> record) {
        final ProviderEvent incoming = record.value();
        final ProviderEvent current = ledger.get(record.key());
        if (incoming instanceof EventDeletion) {
            if (current != null) {
                ledger.delete(record.key());
                forward(record, current, null, observe(current, FeedObservation.Outcome.DELETED));
            }
            return;
        }
        if (incoming.equals(current)) {
            context.forward(record.withKey(incoming.header().unitId())
                    .withValue(new LedgerOutput(null, observe(incoming, FeedObservation.Outcome.DUPLICATE))));
            return;
        }
        ledger.put(record.key(), incoming);
        forward(record, current, incoming,
                current == null ? null : observe(incoming, FeedObservation.Outcome.CORRECTED));
    }

    private FeedObservation observe(final ProviderEvent event, final FeedObservation.Outcome outcome) {
        final FeedObservation observation = new FeedObservation(event.header().providerId(),
                event.header().unitId(), Feed.of(event), event.header().occurredAt().atZone(zone).toLocalDate(),
                outcome, null);
        counters.observed(observation);
        return observation;
    }

    private void forward(final Record<String, ProviderEvent> record, final ProviderEvent before,
                         final ProviderEvent after, final FeedObservation observation) {
        final String beforeUnit = before == null ? null : before.header().unitId();
        final String afterUnit = after == null ? null : after.header().unitId();
        if (before == null || after == null || beforeUnit.equals(afterUnit)) {
            final String unit = beforeUnit != null ? beforeUnit : afterUnit;
            context.forward(record.withKey(unit).withValue(new LedgerOutput(new EventChange(before, after),
                    observation)));
        } else {
            // A correction that moves an event to another unit: each unit's figures hear about their own half.
            context.forward(record.withKey(beforeUnit).withValue(new LedgerOutput(new EventChange(before, null),
                    observation)));
            context.forward(record.withKey(afterUnit).withValue(new LedgerOutput(new EventChange(null, after),
                    null)));
        }
    }

}
