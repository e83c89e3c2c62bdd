package se.pks.stream.topology;

import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import se.pks.stream.ingest.EventValidator;
import se.pks.stream.ingest.Validation;
import se.pks.stream.model.ProviderEvent;

/** Checks each raw event record against the contract and the unit register (a global store). */
final class EventValidationProcessor implements FixedKeyProcessor<String, byte[], Screened<ProviderEvent>> {

    private final String topic;
    private final FollowUpSettings settings;
    private final FeedCounters counters;
    private FixedKeyProcessorContext<String, Screened<ProviderEvent>> context;
    private EventValidator validator;

    EventValidationProcessor(final String topic, final FollowUpSettings settings, final FeedCounters counters) {
        this.topic = topic;
        this.settings = settings;
        this.counters = counters;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, Screened<ProviderEvent>> context) {
        this.context = context;
        this.validator = new EventValidator(UnitLookup.from(context), settings.futureTolerance());
    }

    @Override
    public void process(final FixedKeyRecord<String, byte[]> record) {
        final Validation<ProviderEvent> result =
                validator.validate(topic, record.key(), record.value(), Instant.ofEpochMilli(record.timestamp()));
        if (result instanceof Validation.Accepted<ProviderEvent> accepted) {
            context.forward(record.withValue(Screened.accept(accepted.value())));
        } else {
            final Validation.Rejected<ProviderEvent> rejected = (Validation.Rejected<ProviderEvent>) result;
            counters.rejected(topic, rejected.reasons());
            context.forward(record.withValue(Screened.reject(Rejections.of(context, record, rejected.reasons()))));
        }
    }
}
