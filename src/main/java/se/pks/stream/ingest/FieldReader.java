package se.pks.stream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import se.pks.stream.model.FieldError;

/**
 * Reads typed fields from one JSON object and collects every problem instead of stopping at the first, so a
 * provider learns all that is wrong with a record from one rejection.
 */
final class FieldReader {

    private static final int MAX_ID_LENGTH = 200;
    /** Longer than any name in a unit register; a multi-megabyte "name" would be carried into every store and table. */
    private static final int MAX_TEXT_LENGTH = 1_000;

    private final JsonNode node;
    private final List<FieldError> errors = new ArrayList<>();

    FieldReader(final JsonNode node) {
        this.node = node;
    }

    List<FieldError> errors() {
        return errors;
    }

    void reject(final String field, final String reason) {
        errors.add(new FieldError(field, reason));
    }

    String requiredText(final String field) {
        final JsonNode value = node.get(field);
        if (isAbsent(value)) {
            reject(field, "is required");
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            reject(field, "must be a non-empty string");
            return null;
        }
        if (value.asText().length() > MAX_TEXT_LENGTH) {
            reject(field, "must be at most " + MAX_TEXT_LENGTH + " characters");
            return null;
        }
        return value.asText();
    }

    /** Ids become parts of composite keys joined with '|', so they may not contain it. */
    String requiredId(final String field) {
        final String text = requiredText(field);
        if (text == null) {
            return null;
        }
        if (text.indexOf('|') >= 0) {
            reject(field, "must not contain '|'");
            return null;
        }
        if (text.length() > MAX_ID_LENGTH) {
            reject(field, "must be at most " + MAX_ID_LENGTH + " characters");
            return null;
        }
        return text;
    }

    Instant requiredInstant(final String field) {
        final String text = requiredText(field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (final DateTimeParseException e) {
            reject(field, "must be an ISO-8601 date-time with offset, e.g. 2025-03-04T09:15:00+01:00");
            return null;
        }
    }

    LocalDate requiredDate(final String field) {
        final String text = requiredText(field);
        return text == null ? null : parseDate(field, text);
    }

    LocalDate optionalDate(final String field) {
        final JsonNode value = node.get(field);
        if (isAbsent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            reject(field, "must be a date YYYY-MM-DD");
            return null;
        }
        return parseDate(field, value.asText());
    }

    private LocalDate parseDate(final String field, final String text) {
        try {
            return LocalDate.parse(text);
        } catch (final DateTimeParseException e) {
            reject(field, "must be a date YYYY-MM-DD");
            return null;
        }
    }

    <E extends Enum<E>> E requiredEnum(final String field, final Class<E> type) {
        final String text = requiredText(field);
        return text == null ? null : parseEnum(field, text, type);
    }

    <E extends Enum<E>> E optionalEnum(final String field, final Class<E> type) {
        final JsonNode value = node.get(field);
        if (isAbsent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            reject(field, "must be one of " + List.of(type.getEnumConstants()));
            return null;
        }
        return parseEnum(field, value.asText(), type);
    }

    private <E extends Enum<E>> E parseEnum(final String field, final String text, final Class<E> type) {
        for (final E constant : type.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        reject(field, "must be one of " + List.of(type.getEnumConstants()) + ", was '" + text + "'");
        return null;
    }

    Integer requiredNonNegativeInt(final String field) {
        final JsonNode value = node.get(field);
        if (isAbsent(value)) {
            reject(field, "is required");
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            reject(field, "must be an integer");
            return null;
        }
        if (value.intValue() < 0) {
            reject(field, "must not be negative, was " + value.intValue());
            return null;
        }
        return value.intValue();
    }

    Double requiredNonNegativeNumber(final String field) {
        final JsonNode value = node.get(field);
        if (isAbsent(value)) {
            reject(field, "is required");
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            reject(field, "must be a number");
            return null;
        }
        if (value.doubleValue() < 0) {
            reject(field, "must not be negative, was " + value.asText());
            return null;
        }
        return value.doubleValue();
    }

    boolean optionalBoolean(final String field) {
        final JsonNode value = node.get(field);
        if (isAbsent(value)) {
            return false;
        }
        if (!value.isBoolean()) {
            reject(field, "must be true or false");
            return false;
        }
        return value.booleanValue();
    }

    private static boolean isAbsent(final JsonNode value) {
        return value == null || value.isNull();
    }
}
