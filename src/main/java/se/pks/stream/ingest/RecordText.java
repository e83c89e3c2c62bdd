package se.pks.stream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import se.pks.stream.model.FieldError;

/**
 * Turns raw record bytes into a JSON object and screens every value in it, known fields or not, for personal identity
 * numbers: such a record must be refused as a whole, whatever else is right with it.
 */
final class RecordText {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordText() {
    }

    /** The record as a JSON object, or the reasons it is not one. */
    static Validation<JsonNode> parseObject(final byte[] value) {
        if (value == null || value.length == 0) {
            return Validation.rejected("value", "is empty");
        }
        final JsonNode root;
        try {
            root = MAPPER.readTree(value);
        } catch (final IOException e) {
            return Validation.rejected("value", "is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return Validation.rejected("value", "must be a JSON object");
        }
        final List<FieldError> pins = new ArrayList<>();
        screen("", root, pins);
        return pins.isEmpty() ? new Validation.Accepted<>(root) : Validation.rejected(pins);
    }

    /** The text to put on the rejected topic: never with a personal identity number in it. */
    static String masked(final byte[] value) {
        return value == null ? null : PersonalIdentityNumbers.mask(new String(value, StandardCharsets.UTF_8));
    }

    static List<FieldError> screenKey(final String key) {
        return key != null && PersonalIdentityNumbers.containsLikely(key)
                ? List.of(personalIdentityNumber("key"))
                : List.of();
    }

    private static void screen(final String path, final JsonNode node, final List<FieldError> found) {
        if (node.isObject()) {
            final Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                final Map.Entry<String, JsonNode> field = fields.next();
                final String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (PersonalIdentityNumbers.containsLikely(field.getKey())) {
                    found.add(personalIdentityNumber(childPath));
                }
                screen(childPath, field.getValue(), found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                screen(path + "[" + i + "]", node.get(i), found);
            }
        } else if ((node.isTextual() || node.isNumber()) && PersonalIdentityNumbers.containsLikely(node.asText())) {
            found.add(personalIdentityNumber(path));
        }
    }

    private static FieldError personalIdentityNumber(final String field) {
        return new FieldError(field, "looks like a personal identity number; such data must never be sent");
    }

    private static String firstLine(final String message) {
        if (message == null) {
            return "";
        }
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
