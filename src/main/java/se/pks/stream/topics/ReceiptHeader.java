package se.pks.stream.topics;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The Kafka header on a published measure value that says when the newest event behind it reached Kafka (epoch
 * milliseconds, as text). The value's own record timestamp is the publication time, because figures are published
 * by a wall-clock punctuation; the header lets the database sink measure latency from the provider's delivery
 * instead.
 */
public final class ReceiptHeader {

    public static final String NAME = "pks-newest-received-at";

    private ReceiptHeader() {
    }

    public static void write(final Headers headers, final long receivedAtMs) {
        headers.remove(NAME);
        headers.add(NAME, Long.toString(receivedAtMs).getBytes(StandardCharsets.US_ASCII));
    }

    /** Empty when the record has no (readable) header, e.g. waiting-list levels or values from before it existed. */
    public static OptionalLong read(final Headers headers) {
        final Header header = headers == null ? null : headers.lastHeader(NAME);
        if (header == null || header.value() == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII)));
        } catch (final NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The newer of a stored receipt (text, possibly empty from before receipts were kept) and another. */
    public static String newer(final String stored, final long receivedAtMs) {
        if (stored == null || stored.isEmpty()) {
            return Long.toString(receivedAtMs);
        }
        try {
            return Long.toString(Math.max(Long.parseLong(stored), receivedAtMs));
        } catch (final NumberFormatException e) {
            return Long.toString(receivedAtMs);
        }
    }
}
