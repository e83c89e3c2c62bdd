package se.pks.stream.topology;

import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import se.pks.stream.ingest.EventValidator;
import se.pks.stream.ingest.Validation;
import se.pks.stream.model.Feed;
import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.ProviderEvent;
import se.pks.stream.model.Rejection;

/** Checks each raw event record against the contract and the unit register (a global store). */
final class EventValidationProcessor implements FixedKeyProcessor<String, byte[], Screened<ProviderEvent>> {

    private final String topic;
    private final Feed feed;
    private final FollowUpSettings settings;
    private final FeedCounters counters;
    private FixedKeyProcessorContext<String, Screened<ProviderEvent>> context;
    private EventValidator validator;

    EventValidationProcessor(final String topic, final Feed feed, final FollowUpSettings settings,
                             final FeedCounters counters) {
        this.topic = topic;
        this.feed = feed;
        this.settings = settings;
        this.counters = counters;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, Screened<ProviderEvent>> context) {
        this.context = context;
        this.validator = new EventValidator(UnitLookup.from(context), settings.futureTolerance());
    }

    /**
     * A provider's Kafka headers are not part of the contract and are not screened like the value: they would travel
     * on with the record into repartition topics and outputs, so they are dropped here, at the door.
     */
    @Override
    public void process(final FixedKeyRecord<String, byte[]> received) {
        final FixedKeyRecord<String, byte[]> record = received.withHeaders(new RecordHeaders());
        final Instant receivedAt = Instant.ofEpochMilli(record.timestamp());
        final Validation<ProviderEvent> result = validator.validate(feed, record.key(), record.value(), receivedAt);
        if (result instanceof Validation.Accepted<ProviderEvent> accepted) {
            final FeedObservation observation = accepted(accepted.value(), receivedAt);
            counters.observed(observation);
            context.forward(record.withValue(Screened.accept(accepted.value(), observation)));
        } else {
            final Validation.Rejected<ProviderEvent> rejected = (Validation.Rejected<ProviderEvent>) result;
            counters.rejected(topic, rejected.reasons());
            final Rejection rejection = Rejections.of(context, record, rejected.reasons());
            final RecordOrigin origin = RecordOrigin.of(record.value(), receivedAt, settings.zone());
            final FeedObservation observation = new FeedObservation(origin.providerId(), origin.unitId(), feed,
                    origin.day(), FeedObservation.Outcome.REJECTED, rejection.reasons().getFirst().toString());
            counters.observed(observation);
            context.forward(record.withValue(Screened.reject(rejection, observation)));
        }
    }

    /** An accepted record counts as late when it arrived later after the fact than its feed allows. */
    private FeedObservation accepted(final ProviderEvent event, final Instant receivedAt) {
        final Instant occurredAt = event.header().occurredAt();
        final boolean late = receivedAt.isAfter(occurredAt.plus(settings.lateAfter().get(feed)));
        return new FeedObservation(event.header().providerId(), event.header().unitId(), feed,
                occurredAt.atZone(settings.zone()).toLocalDate(),
                late ? FeedObservation.Outcome.ACCEPTED_LATE : FeedObservation.Outcome.ACCEPTED, null);
    }
}
