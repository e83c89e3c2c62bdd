package se.pks.stream.topology;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import se.pks.stream.ingest.PlanValidator;
import se.pks.stream.ingest.Validation;
import se.pks.stream.model.Plan;
import se.pks.stream.topics.Topics;

/** Checks plan rows; tombstones pass through, since deleting a plan row needs nothing but its key. */
final class PlanValidationProcessor implements FixedKeyProcessor<String, byte[], Screened<Plan>> {

    private final FeedCounters counters;
    private FixedKeyProcessorContext<String, Screened<Plan>> context;
    private PlanValidator validator;

    PlanValidationProcessor(final FeedCounters counters) {
        this.counters = counters;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, Screened<Plan>> context) {
        this.context = context;
        this.validator = new PlanValidator(UnitLookup.from(context));
    }

    /** Headers are dropped at the door, as for events (EventValidationProcessor): nobody screens them. */
    @Override
    public void process(final FixedKeyRecord<String, byte[]> received) {
        final FixedKeyRecord<String, byte[]> record = received.withHeaders(new RecordHeaders());
        if (record.value() == null) {
            context.forward(record.withValue(Screened.accept(null)));
            return;
        }
        final Validation<Plan> result = validator.validate(record.key(), record.value());
        if (result instanceof Validation.Accepted<Plan> accepted) {
            context.forward(record.withValue(Screened.accept(accepted.value())));
        } else {
            final Validation.Rejected<Plan> rejected = (Validation.Rejected<Plan>) result;
            counters.rejected(Topics.PLANS.name(), rejected.reasons());
            context.forward(record.withValue(Screened.reject(Rejections.of(context, record, rejected.reasons()))));
        }
    }
}
