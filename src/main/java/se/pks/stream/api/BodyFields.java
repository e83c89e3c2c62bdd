package se.pks.stream.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import se.pks.stream.ingest.PersonalIdentityNumbers;
import se.pks.stream.model.FieldError;
import se.pks.stream.topics.JsonSerde;

/**
 * Reads the fields of a JSON request body and gathers every mistake, so one 400 answer names all the wrong fields at
 * once instead of one per attempt. Free text is screened for personal identity numbers, which pks-stream never keeps.
 */
final class BodyFields {

    /** Longer than any date or enum constant, so a wrong one is named as such rather than as too long. */
    private static final int MAX_ENUM_OR_DATE = 100;

    private final ObjectNode body;
    private final List<FieldError> errors = new ArrayList<>();

    BodyFields(final ObjectNode body) {
        this.body = body;
    }

    static ObjectNode parse(final byte[] body) {
        try {
            return (ObjectNode) JsonSerde.MAPPER.readTree(RequestValues.jsonObject(body));
        } catch (final IOException e) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
    }

    boolean has(final String name) {
        final JsonNode node = body.get(name);
        return node != null && !node.isNull();
    }

    /** Text of at most {@code maxLength} characters; null when absent and not required. */
    String text(final String name, final boolean required, final int maxLength) {
        final JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return missing(name, required);
        }
        if (!node.isTextual()) {
            return error(name, "must be a string");
        }
        final String value = node.asText().strip();
        if (required && value.isEmpty()) {
            return error(name, "must not be empty");
        }
        if (value.length() > maxLength) {
            return error(name, "must be at most " + maxLength + " characters, was " + value.length());
        }
        if (PersonalIdentityNumbers.containsLikely(value)) {
            return error(name, "must not contain a personal identity number");
        }
        return value;
    }

    LocalDate date(final String name, final boolean required) {
        final String value = text(name, required, MAX_ENUM_OR_DATE);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (final DateTimeParseException e) {
            return error(name, "must be a date YYYY-MM-DD, was '" + value + "'");
        }
    }

    <E extends Enum<E>> E enumValue(final String name, final boolean required, final Class<E> type) {
        final String value = text(name, required, MAX_ENUM_OR_DATE);
        if (value == null) {
            return null;
        }
        for (final E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        return error(name, "must be one of " + Arrays.toString(type.getEnumConstants()) + ", was '" + value + "'");
    }

    Long wholeNumber(final String name, final boolean required) {
        final JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return missing(name, required);
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber()) {
            return error(name, "must be a whole number");
        }
        return node.asLong();
    }

    /** A finite number (whole or decimal); null when absent and not required. */
    Double number(final String name, final boolean required) {
        final JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return missing(name, required);
        }
        if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
            return error(name, "must be a number");
        }
        return node.asDouble();
    }

    /** Records a mistake found by the caller's own checks; returns null so it can stand in for the value. */
    <T> T error(final String name, final String reason) {
        errors.add(new FieldError(name, reason));
        return null;
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Answers 400 naming every wrong field, if there is any. */
    void requireValid() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private <T> T missing(final String name, final boolean required) {
        return required ? error(name, "is required") : null;
    }
}
