package se.pks.stream.topology;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import se.pks.stream.ingest.PersonalIdentityNumbers;
import se.pks.stream.model.FieldError;
import se.pks.stream.model.Rejection;

/**
 * Builds the rejected-topic record for an input record, pointing back at where it came from. The copy of the
 * record it carries is cut short: a rejection of a record near Kafka's size limit would otherwise exceed the limit
 * itself (the copy is JSON-escaped, and the key comes on top), and a write that fails stops the stream.
 */
final class Rejections {

    /** Characters of the rejected value kept on the rejected topic; enough to recognise any real record. */
    static final int MAX_VALUE_CHARS = 16_384;
    /** Characters of the rejected key kept: real keys are ids of at most a few hundred characters. */
    static final int MAX_KEY_CHARS = 1_024;

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private Rejections() {
    }

    /** A record the stream could not even read (a reference topic's deserializer refused it). */
    static Rejection unreadable(final ConsumerRecord<byte[], byte[]> record, final List<FieldError> reasons) {
        final String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return new Rejection(record.topic(), record.partition(), record.offset(), maskedKey(key),
                maskedValue(record.value()), masked(reasons), Instant.ofEpochMilli(record.timestamp()));
    }

    static Rejection of(final ProcessingContext context, final FixedKeyRecord<String, byte[]> record,
                        final List<FieldError> reasons) {
        final RecordMetadata source = context.recordMetadata().orElseThrow();
        return new Rejection(source.topic(), source.partition(), source.offset(), maskedKey(record.key()),
                maskedValue(record.value()), masked(reasons), Instant.ofEpochMilli(record.timestamp()));
    }

    /** The rejected topic must not carry a personal identity number in its key either. */
    static String maskedKey(final String key) {
        return key == null ? null : PersonalIdentityNumbers.mask(printable(shortened(key, MAX_KEY_CHARS)));
    }

    /**
     * Control characters of a binary key become '?': PostgreSQL's text and jsonb cannot hold NUL, and the key is
     * stored (and quoted in reasons) in the rejected-record table.
     */
    private static String printable(final String text) {
        return text == null ? null : CONTROL.matcher(text).replaceAll("?");
    }

    private static String maskedValue(final byte[] value) {
        if (value == null) {
            return null;
        }
        // Cut before masking, so that a huge value costs no more than a normal one; a number cut in two at the end
        // could escape the mask, hence the margin that is masked and then dropped.
        final String text = new String(value, 0, Math.min(value.length, 4 * MAX_VALUE_CHARS + 64),
                StandardCharsets.UTF_8);
        if (text.length() <= MAX_VALUE_CHARS && value.length <= 4 * MAX_VALUE_CHARS + 64) {
            return PersonalIdentityNumbers.mask(text);
        }
        final String masked = PersonalIdentityNumbers.mask(text.substring(0, Math.min(text.length(),
                MAX_VALUE_CHARS + 32)));
        return masked.substring(0, Math.min(masked.length(), MAX_VALUE_CHARS))
                + "... (cut; " + value.length + " bytes in all)";
    }

    /** A reason may quote the value it refuses (an unknown unit id), and a field path is a JSON key: mask both. */
    private static List<FieldError> masked(final List<FieldError> reasons) {
        return reasons.stream()
                .map(reason -> new FieldError(
                        PersonalIdentityNumbers.mask(printable(shortened(reason.field(), MAX_KEY_CHARS))),
                        PersonalIdentityNumbers.mask(printable(shortened(reason.reason(), MAX_KEY_CHARS)))))
                .toList();
    }

    private static String shortened(final String text, final int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max) + "... (cut)";
    }
}
