package se.pks.stream.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import se.pks.stream.ingest.PersonalIdentityNumbers;
import se.pks.stream.topics.JsonSerde;

/**
 * Splits a posted body into its records, each as the bytes the provider sent. Only the framing is checked here (an
 * array, or lines); whether each record is a good event is the validator's business.
 */
final class EventBatch {

    static final String JSON = "application/json";
    static final String NDJSON = "application/x-ndjson";

    private EventBatch() {
    }

    /** The body, or 413 as soon as it passes {@code maxBytes}: a huge body is not read to its end. */
    static byte[] read(final InputStream body, final int maxBytes) throws IOException {
        final byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw ProblemException.tooLarge("The body is larger than " + maxBytes + " bytes; send fewer records per"
                    + " request");
        }
        return bytes;
    }

    static List<byte[]> split(final String mediaType, final byte[] body, final int maxRecords) {
        return JSON.equals(mediaType) ? arrayElements(body, maxRecords) : lines(body, maxRecords);
    }

    private static List<byte[]> arrayElements(final byte[] body, final int maxRecords) {
        final List<byte[]> records = new ArrayList<>();
        try (JsonParser parser = JsonSerde.MAPPER.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw notAnArray();
            }
            JsonToken token = parser.nextToken();
            while (token != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw notAnArray();
                }
                final int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                final int end = (int) parser.currentLocation().getByteOffset();
                records.add(Arrays.copyOfRange(body, start, end));
                checkCount(records.size(), maxRecords);
                token = parser.nextToken();
            }
            if (parser.nextToken() != null) {
                throw ProblemException.invalid("body", "must hold nothing after the JSON array");
            }
        } catch (final IOException e) {
            // The parser quotes the text it choked on, which could be part of a personal identity number.
            throw ProblemException.invalid("body",
                    "is not valid JSON: " + PersonalIdentityNumbers.mask(firstLine(e.getMessage())));
        }
        return records;
    }

    /** One record per line; empty lines (such as a final newline) are not records. */
    private static List<byte[]> lines(final byte[] body, final int maxRecords) {
        final List<byte[]> records = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                final int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                if (end > start) {
                    records.add(Arrays.copyOfRange(body, start, end));
                    checkCount(records.size(), maxRecords);
                }
                start = i + 1;
            }
        }
        if (records.isEmpty()) {
            throw ProblemException.invalid("body", "holds no records; send one JSON object per line");
        }
        return records;
    }

    private static void checkCount(final int count, final int maxRecords) {
        if (count > maxRecords) {
            throw ProblemException.tooLarge("The body holds more than " + maxRecords + " records; send at most "
                    + maxRecords + " per request");
        }
    }

    private static ProblemException notAnArray() {
        return ProblemException.invalid("body", "must be a JSON array of event objects");
    }

    private static String firstLine(final String message) {
        if (message == null) {
            return "";
        }
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
