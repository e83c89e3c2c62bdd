package se.pks.stream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.EventDeletion;
import se.pks.stream.model.EventHeader;
import se.pks.stream.model.Feed;
import se.pks.stream.model.FieldError;
import se.pks.stream.model.ProviderEvent;

/**
 * All the rules an event must pass before it may change a figure: the contract's fields, the unit register (the unit
 * exists and belongs to the sending provider), time sanity and privacy. One place, so the Kafka path and the HTTP
 * path give providers the same answers.
 */
public final class EventValidator {

    private final UnitRegister units;
    private final Duration futureTolerance;

    public EventValidator(final UnitRegister units, final Duration futureTolerance) {
        this.units = units;
        this.futureTolerance = futureTolerance;
    }

    /**
     * @param feed       the feed the record came in on (decides the event kind; topics.Topics.FEEDS maps a topic)
     * @param key        the Kafka key, which must be the unitId so a unit's events stay in order
     * @param receivedAt when the record reached Kafka; "the future" is measured from here
     */
    public Validation<ProviderEvent> validate(final Feed feed, final String key, final byte[] value,
                                              final Instant receivedAt) {
        final List<FieldError> keyProblems = RecordText.screenKey(key);
        final Validation<JsonNode> parsed = RecordText.parseObject(value);
        if (parsed instanceof Validation.Rejected<JsonNode> rejected) {
            final List<FieldError> reasons = new ArrayList<>(keyProblems);
            reasons.addAll(rejected.reasons());
            return Validation.rejected(reasons);
        }
        final FieldReader fields = new FieldReader(((Validation.Accepted<JsonNode>) parsed).value());
        keyProblems.forEach(problem -> fields.reject(problem.field(), problem.reason()));

        final EventHeader header = new EventHeader(
                fields.requiredId("eventId"),
                fields.requiredId("providerId"),
                fields.requiredId("unitId"),
                fields.requiredInstant("occurredAt"));
        final boolean deleted = fields.optionalBoolean("deleted");
        // A deletion names the event to remove; its body is not needed and not checked.
        final ProviderEvent event = deleted ? new EventDeletion(header) : EventBodyReader.read(feed, fields, header);

        checkUnit(fields, header, key);
        if (header.occurredAt() != null && receivedAt != null
                && header.occurredAt().isAfter(receivedAt.plus(futureTolerance))) {
            fields.reject("occurredAt", "is more than " + describe(futureTolerance) + " in the future");
        }
        return fields.errors().isEmpty() ? new Validation.Accepted<>(event) : Validation.rejected(fields.errors());
    }

    private void checkUnit(final FieldReader fields, final EventHeader header, final String key) {
        if (header.unitId() == null) {
            return;
        }
        if (!header.unitId().equals(key)) {
            fields.reject("key", "must equal unitId '" + header.unitId() + "', was '" + key + "'");
        }
        final CareUnit unit = units.find(header.unitId());
        if (unit == null) {
            fields.reject("unitId", "unknown unit '" + header.unitId() + "'");
        } else if (header.providerId() != null && !unit.providerId().equals(header.providerId())) {
            fields.reject("unitId", "unit '" + header.unitId() + "' belongs to another provider");
        }
    }

    private static String describe(final Duration duration) {
        return duration.toHours() % 24 == 0 ? duration.toDays() + " day(s)" : duration.toHours() + " hour(s)";
    }
}
