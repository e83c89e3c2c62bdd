package se.pks.stream.topology;

import java.time.ZoneId;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueStore;
import se.pks.stream.model.EventChange;
import se.pks.stream.model.EventDeletion;
import se.pks.stream.model.Feed;
import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.ProviderEvent;

/**
 * Remembers the current version of every event by provider and eventId, and turns each arrival into what it changes:
 * nothing for a resend with the same content, the old version out and the new one in for a correction, the old one
 * out for a deletion. Duplicates, corrections and deletions are also reported to the data-quality register.
 */
final class EventLedger {

    private final KeyValueStore<String, ProviderEvent> versions;
    private final FeedCounters counters;
    private final ZoneId zone;

    EventLedger(final KeyValueStore<String, ProviderEvent> versions, final FeedCounters counters, final ZoneId zone) {
        this.versions = versions;
        this.counters = counters;
        this.zone = zone;
    }

    /**
     * @param changes receives the change to the figures, if any
     * @param observed receives what the data-quality register learns, if anything
     */
    void accept(final ProviderEvent incoming, final Consumer<EventChange> changes,
                final Consumer<FeedObservation> observed) {
        final String identity = incoming.header().identity();
        final ProviderEvent current = versions.get(identity);
        if (incoming instanceof EventDeletion) {
            if (current != null) {
                versions.delete(identity);
                changes.accept(new EventChange(current, null));
                observed.accept(observe(current, FeedObservation.Outcome.DELETED));
            }
            return;
        }
        if (incoming.equals(current)) {
            observed.accept(observe(incoming, FeedObservation.Outcome.DUPLICATE));
            return;
        }
        versions.put(identity, incoming);
        changes.accept(new EventChange(current, incoming));
        if (current != null) {
            observed.accept(observe(incoming, FeedObservation.Outcome.CORRECTED));
        }
    }

    private FeedObservation observe(final ProviderEvent event, final FeedObservation.Outcome outcome) {
        final FeedObservation observation = new FeedObservation(event.header().providerId(),
                event.header().unitId(), Feed.of(event), event.header().occurredAt().atZone(zone).toLocalDate(),
                outcome, null);
        counters.observed(observation);
        return observation;
    }
}
