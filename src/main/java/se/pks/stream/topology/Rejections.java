package se.pks.stream.topology;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import se.pks.stream.ingest.PersonalIdentityNumbers;
import se.pks.stream.model.FieldError;
import se.pks.stream.model.Rejection;

/** Builds the rejected-topic record for an input record, pointing back at where it came from. */
final class Rejections {

    private Rejections() {
    }

    static Rejection of(final ProcessingContext context, final FixedKeyRecord<String, byte[]> record,
                        final List<FieldError> reasons) {
        final RecordMetadata source = context.recordMetadata().orElseThrow();
        final String text = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        // A reason may quote the value it refuses (an unknown unit id), and a field path is a JSON key: mask both.
        final List<FieldError> maskedReasons = reasons.stream()
                .map(reason -> new FieldError(PersonalIdentityNumbers.mask(reason.field()),
                        PersonalIdentityNumbers.mask(reason.reason())))
                .toList();
        return new Rejection(source.topic(), source.partition(), source.offset(), maskedKey(record.key()),
                text == null ? null : PersonalIdentityNumbers.mask(text), maskedReasons,
                Instant.ofEpochMilli(record.timestamp()));
    }

    /** The rejected topic must not carry a personal identity number in its key either. */
    static String maskedKey(final String key) {
        return key == null ? null : PersonalIdentityNumbers.mask(key);
    }
}
