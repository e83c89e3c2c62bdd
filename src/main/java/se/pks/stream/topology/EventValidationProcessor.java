package se.pks.stream.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import se.pks.stream.ingest.EventValidator;
import se.pks.stream.ingest.Validation;
import se.pks.stream.model.Feed;
import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.FieldError;
import se.pks.stream.model.ProviderEvent;
import se.pks.stream.model.Rejection;
import se.pks.stream.topics.ProviderTopics;
import se.pks.stream.topics.Topics;

/**
 * Checks each raw event record against the contract and the unit register (a global store).
 *
 * <p>On the providers' own topics ({@link ProviderTopics}) the topic decides the provider: a record naming another
 * provider is rejected, and every record, accepted or not, is counted in the data-quality register of the topic's
 * provider, never of the provider a record claims to be (that provider did not send it).
 */
final class EventValidationProcessor implements FixedKeyProcessor<String, byte[], Screened<ProviderEvent>> {

    /**
     * What a record's source topic tells: the feed, the topic the counters name (the shared topic of the kind, so
     * that the metrics do not grow a series per provider) and, for a provider's own topic, the provider.
     */
    private record Source(Feed feed, String counterTopic, String boundProvider) {
    }

    /** The one source of a shared topic; null when reading the providers' topics. */
    private final Source shared;
    private final FollowUpSettings settings;
    private final FeedCounters counters;
    /** Provider topic -> what it tells: one entry per provider topic this task reads, looked up per record. */
    private final Map<String, Source> providerTopics = new HashMap<>();
    private FixedKeyProcessorContext<String, Screened<ProviderEvent>> context;
    private EventValidator validator;

    private EventValidationProcessor(final Source shared, final FollowUpSettings settings,
                                     final FeedCounters counters) {
        this.shared = shared;
        this.settings = settings;
        this.counters = counters;
    }

    /** Reads one shared event topic, where the record's providerId says whose it is. */
    static EventValidationProcessor sharedTopic(final String topic, final Feed feed, final FollowUpSettings settings,
                                                final FeedCounters counters) {
        return new EventValidationProcessor(new Source(feed, topic, null), settings, counters);
    }

    /** Reads the providers' own event topics of every kind ({@link ProviderTopics#EVENT_TOPICS}). */
    static EventValidationProcessor providerTopics(final FollowUpSettings settings, final FeedCounters counters) {
        return new EventValidationProcessor(null, settings, counters);
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
        final Source source = shared != null ? shared : providerTopic();
        final Instant receivedAt = Instant.ofEpochMilli(record.timestamp());
        final Validation<ProviderEvent> result =
                validator.validate(source.feed(), record.key(), record.value(), receivedAt);
        final String boundProvider = source.boundProvider();
        if (boundProvider != null) {
            ProviderTopicHeader.mark(record.headers());
        }
        if (result instanceof Validation.Accepted<ProviderEvent> accepted
                && (boundProvider == null || boundProvider.equals(accepted.value().header().providerId()))) {
            final FeedObservation observation = accepted(accepted.value(), source.feed(), receivedAt);
            counters.observed(observation);
            context.forward(record.withValue(Screened.accept(accepted.value(), observation)));
        } else {
            final RecordOrigin origin = RecordOrigin.of(record.value(), receivedAt, settings.zone());
            final List<FieldError> reasons = reasons(result, boundProvider, origin.providerId());
            counters.rejected(source.counterTopic(), reasons);
            final Rejection rejection = Rejections.of(context, record, reasons);
            final FeedObservation observation = new FeedObservation(
                    boundProvider == null ? origin.providerId() : boundProvider, origin.unitId(), source.feed(),
                    origin.day(), FeedObservation.Outcome.REJECTED, rejection.reasons().getFirst().toString());
            counters.observed(observation);
            context.forward(record.withValue(Screened.reject(rejection, observation)));
        }
    }

    /** What the provider topic the current record came from tells, worked out once per topic. */
    private Source providerTopic() {
        final String topic = context.recordMetadata().orElseThrow().topic();
        Source source = providerTopics.get(topic);
        if (source == null) {
            final String counterTopic = ProviderTopics.sharedTopicOf(topic).name();
            source = new Source(Topics.FEEDS.get(counterTopic), counterTopic, ProviderTopics.providerOf(topic));
            providerTopics.put(topic, source);
        }
        return source;
    }

    /**
     * Why the record is refused: naming another provider than the topic's comes first, since it alone decides that
     * the record can never be accepted there.
     */
    private static List<FieldError> reasons(final Validation<ProviderEvent> result, final String boundProvider,
                                            final String claimed) {
        if (!(result instanceof Validation.Rejected<ProviderEvent> rejected)) {
            return List.of(binding(boundProvider, claimed));
        }
        final List<FieldError> contract = rejected.reasons();
        // Without a readable providerId the contract's own reason says what is missing.
        if (boundProvider == null || boundProvider.equals(claimed) || RecordOrigin.UNKNOWN.equals(claimed)) {
            return contract;
        }
        final List<FieldError> reasons = new ArrayList<>(contract.size() + 1);
        reasons.add(binding(boundProvider, claimed));
        reasons.addAll(contract);
        return reasons;
    }

    private static FieldError binding(final String boundProvider, final String claimed) {
        return new FieldError("providerId", "names provider '" + claimed + "', but the record was written to the "
                + "topic of provider '" + boundProvider + "', whose records must name '" + boundProvider + "'");
    }

    /** An accepted record counts as late when it arrived later after the fact than its feed allows. */
    private FeedObservation accepted(final ProviderEvent event, final Feed feed, final Instant receivedAt) {
        final Instant occurredAt = event.header().occurredAt();
        final boolean late = receivedAt.isAfter(occurredAt.plus(settings.lateAfter().get(feed)));
        return new FeedObservation(event.header().providerId(), event.header().unitId(), feed,
                occurredAt.atZone(settings.zone()).toLocalDate(),
                late ? FeedObservation.Outcome.ACCEPTED_LATE : FeedObservation.Outcome.ACCEPTED, null);
    }
}
