package se.pks.stream.api;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import se.pks.stream.model.Measure;
import se.pks.stream.storage.PlanBasis;
import se.pks.stream.topics.JsonSerde;

/** Parses request bodies, path and query parameters, answering a wrong one with a 400 that names it. */
final class RequestValues {

    private RequestValues() {
    }

    /**
     * The validators call a record that is not JSON a bad "value" (the Kafka record's value); over HTTP that would
     * read as the plan's own {@code value} field, so a body that is not a JSON object is named as the body.
     */
    static byte[] jsonObject(final byte[] body) {
        if (!isJsonObject(body)) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        return body;
    }

    private static boolean isJsonObject(final byte[] body) {
        if (body == null || body.length == 0) {
            return false;
        }
        try {
            return JsonSerde.MAPPER.readTree(body).isObject();
        } catch (final IOException e) {
            return false;
        }
    }

    /** Null when the parameter was not given: an absent filter matches everything. */
    static <E extends Enum<E>> E optionalEnum(final String name, final String value, final Class<E> type) {
        return value == null ? null : requiredEnum(name, value, type);
    }

    static <E extends Enum<E>> E requiredEnum(final String name, final String value, final Class<E> type) {
        for (final E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw ProblemException.invalid(name, "must be one of " + Arrays.toString(type.getEnumConstants())
                + ", was '" + value + "'");
    }

    /**
     * Which plan figures are compared with: {@code current} (the default: the plan after every revision) or {@code
     * adopted} (the plan the board adopted for the year, docs/plans-and-units-api.md).
     */
    static PlanBasis planBasis(final String value) {
        if (value == null || value.equals("current")) {
            return PlanBasis.CURRENT;
        }
        if (value.equals("adopted")) {
            return PlanBasis.ADOPTED;
        }
        throw ProblemException.invalid("plan", "must be current or adopted, was '" + value + "'");
    }

    /** true or false; {@code false} when not given. Taken as text, so that a wrong value is named in the answer. */
    static boolean optionalBoolean(final String name, final String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ProblemException.invalid(name, "must be true or false, was '" + value + "'");
    }

    static LocalDate optionalDate(final String name, final String value) {
        return value == null ? null : requiredDate(name, value);
    }

    static LocalDate requiredDate(final String name, final String value) {
        try {
            return LocalDate.parse(value);
        } catch (final DateTimeParseException e) {
            throw ProblemException.invalid(name, "must be a date YYYY-MM-DD, was '" + value + "'");
        }
    }

    /**
     * A whole number from {@code min} to {@code max}, or {@code defaultValue} when not given. Taken as text, because
     * JAX-RS answers a query parameter it cannot convert with a bare 404 that names nothing.
     */
    static int optionalInt(final String name, final String value, final int defaultValue, final int min,
                           final int max) {
        if (value == null) {
            return defaultValue;
        }
        final int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (final NumberFormatException e) {
            throw ProblemException.invalid(name, "must be a whole number, was '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw ProblemException.invalid(name, "must be between " + min + " and " + max + ", was " + parsed);
        }
        return parsed;
    }

    static String knownMeasure(final String name, final String value) {
        if (Measure.byId(value).isEmpty()) {
            throw ProblemException.invalid(name, "unknown measure '" + value + "'");
        }
        return value;
    }

    static int limit(final Integer limit, final int defaultLimit, final int maxLimit) {
        return range("limit", limit, defaultLimit, maxLimit);
    }

    /** A whole number from 1 to {@code max}, or {@code defaultValue} when not given. */
    static int range(final String name, final Integer value, final int defaultValue, final int max) {
        if (value == null) {
            return defaultValue;
        }
        if (value < 1 || value > max) {
            throw ProblemException.invalid(name, "must be between 1 and " + max + ", was " + value);
        }
        return value;
    }
}
