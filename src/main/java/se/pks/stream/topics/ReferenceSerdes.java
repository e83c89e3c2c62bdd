package se.pks.stream.topics;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import se.pks.stream.ingest.UnitValidator;
import se.pks.stream.ingest.Validation;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.FieldError;
import se.pks.stream.model.MeasureValue;

/**
 * Serdes of the topics the stream reads as typed tables (the unit register, its own measure values), which refuse
 * what they cannot trust with an {@link UnreadableRecordException}: the deserialization exception handler then puts
 * the record on the rejected topic with the reason, instead of the table holding a half-empty entry. Keys stay plain
 * strings: both topics are compacted, so the broker itself refuses a record without a key, and the foreign-key join
 * with the plans sends null keys of its own through the measure values' key serde.
 */
final class ReferenceSerdes {

    private static final int MAX_ID_LENGTH = 200;

    private ReferenceSerdes() {
    }

    /**
     * The stream's own figures as it reads them back. Only pks-stream should write this topic (restrict it with
     * ACLs); this catches what a stranger or a broken tool could still put there: text that is not UTF-8 JSON, wrong
     * types, and figures without the fields that place them.
     */
    static Serde<MeasureValue> measureValue() {
        final Deserializer<MeasureValue> json = new JsonSerde<>(MeasureValue.class).deserializer();
        return Serdes.serdeFrom(new JsonSerde<>(MeasureValue.class).serializer(), (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            // Jackson would guess UTF-16 or UTF-32 from zero bytes or a byte order mark at the start and read it.
            if (bytes.length >= 2 && (bytes[0] == 0 || bytes[1] == 0 || (bytes[0] & 0xff) == 0xfe
                    || (bytes[0] & 0xff) == 0xff)) {
                throw new UnreadableRecordException(topic, List.of(new FieldError("value", "must be UTF-8 text")));
            }
            final MeasureValue value = json.deserialize(topic, bytes);
            final List<FieldError> missing = new ArrayList<>();
            requirePresent(value.granularity(), "granularity", missing);
            requirePresent(value.periodStart(), "periodStart", missing);
            requireId(value.unitId(), "unitId", missing);
            requireId(value.measure(), "measure", missing);
            if (!missing.isEmpty()) {
                throw new UnreadableRecordException(topic, missing);
            }
            return value;
        });
    }

    private static void requirePresent(final Object value, final String field, final List<FieldError> missing) {
        if (value == null) {
            missing.add(new FieldError(field, "is required"));
        }
    }

    /** Ids the stream writes are at most 200 characters, as the event contract allows. */
    private static void requireId(final String value, final String field, final List<FieldError> missing) {
        requirePresent(value, field, missing);
        if (value != null && value.length() > MAX_ID_LENGTH) {
            missing.add(new FieldError(field, "must be at most " + MAX_ID_LENGTH + " characters"));
        }
    }

    /**
     * Unit register entries, checked by the same rules as the units API; null stays null (a deleted unit). Each
     * distinct entry is parsed and checked once ({@link DecodedByContent}): the stream reads a unit for every event.
     */
    static Serde<CareUnit> careUnit() {
        final UnitValidator validator = new UnitValidator();
        return Serdes.serdeFrom(new JsonSerde<>(CareUnit.class).serializer(), new DecodedByContent<>((topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            final Validation<CareUnit> unit = validator.validateEntry(bytes);
            if (unit instanceof Validation.Rejected<CareUnit> rejected) {
                throw new UnreadableRecordException(topic, rejected.reasons());
            }
            return ((Validation.Accepted<CareUnit>) unit).value();
        }));
    }
}
