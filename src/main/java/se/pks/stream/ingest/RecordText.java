package se.pks.stream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
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
        final Validation<String> text = utf8(value);
        if (text instanceof Validation.Rejected<String> notText) {
            return Validation.rejected(notText.reasons());
        }
        final JsonNode root;
        try {
            root = MAPPER.readTree(((Validation.Accepted<String>) text).value());
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

    /**
     * The contract asks for UTF-8. Read from raw bytes, Jackson would guess UTF-16 or UTF-32 and accept them, and its
     * error for Latin-1 bytes would not say what is wrong; decoding first gives every record the same strict rule.
     */
    private static Validation<String> utf8(final byte[] value) {
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        final ByteBuffer in = ByteBuffer.wrap(value);
        final CharBuffer out = CharBuffer.allocate(value.length);
        final CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            return Validation.rejected("value", "must be UTF-8 text; byte " + in.position() + " (0x"
                    + Integer.toHexString(value[in.position()] & 0xff) + ") is not valid UTF-8 (Latin-1 or UTF-16?)");
        }
        decoder.flush(out);
        out.flip();
        final String text = out.toString();
        if (text.indexOf('\u0000') >= 0) {
            return Validation.rejected("value", "must be UTF-8 text; it contains NUL characters (UTF-16 or binary?)");
        }
        // A byte order mark is not JSON, but some Windows tools write one: tolerated, as before.
        return new Validation.Accepted<>(text.startsWith("\uFEFF") ? text.substring(1) : text);
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
