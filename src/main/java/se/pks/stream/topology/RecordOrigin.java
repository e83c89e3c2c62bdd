package se.pks.stream.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import se.pks.stream.ingest.PersonalIdentityNumbers;
import se.pks.stream.topics.JsonSerde;

/**
 * Who a rejected record claims to come from, read on a best-effort basis so that the data-quality register can
 * count the rejection against the provider and unit that sent it. Anything unreadable, or anything that looks like a
 * personal identity number, becomes '?'.
 */
record RecordOrigin(String providerId, String unitId, LocalDate day) {

    static final String UNKNOWN = "?";

    static RecordOrigin of(final byte[] value, final Instant receivedAt, final ZoneId zone) {
        final LocalDate receivedOn = receivedAt.atZone(zone).toLocalDate();
        final JsonNode root;
        try {
            root = value == null ? null : JsonSerde.MAPPER.readTree(value);
        } catch (final IOException e) {
            return new RecordOrigin(UNKNOWN, UNKNOWN, receivedOn);
        }
        if (root == null || !root.isObject()) {
            return new RecordOrigin(UNKNOWN, UNKNOWN, receivedOn);
        }
        return new RecordOrigin(id(root.get("providerId")), id(root.get("unitId")),
                day(root.get("occurredAt"), zone, receivedOn));
    }

    private static String id(final JsonNode node) {
        if (node == null || !node.isTextual()) {
            return UNKNOWN;
        }
        final String text = node.asText();
        return text.isBlank() || text.length() > 200 || text.indexOf('|') >= 0
                || PersonalIdentityNumbers.containsLikely(text) ? UNKNOWN : text;
    }

    private static LocalDate day(final JsonNode node, final ZoneId zone, final LocalDate fallback) {
        if (node == null || !node.isTextual()) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(node.asText()).atZoneSameInstant(zone).toLocalDate();
        } catch (final DateTimeParseException e) {
            return fallback;
        }
    }
}
