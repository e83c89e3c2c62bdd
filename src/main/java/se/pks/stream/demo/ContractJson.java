package se.pks.stream.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import se.pks.stream.topics.JsonSerde;

/**
 * Writes events in the public contract v1 format, as a provider would: times as ISO-8601 with the Stockholm
 * offset of that moment ("2025-03-04T09:15:00+01:00"), not the internal format of the model records.
 */
final class ContractJson {

    private static final DateTimeFormatter OFFSET_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    private ContractJson() {
    }

    static String time(final Instant instant) {
        return instant.atZone(ProductionCalendar.ZONE).format(OFFSET_TIME);
    }

    /** The header fields every event carries, in contract order. */
    static ObjectNode header(final String eventId, final DemoUnit unit, final Instant occurredAt) {
        final ObjectNode node = JsonSerde.MAPPER.createObjectNode();
        node.put("eventId", eventId);
        node.put("providerId", unit.providerId());
        node.put("unitId", unit.id());
        node.put("occurredAt", time(occurredAt));
        return node;
    }

    /** The event with this header leaves every figure: only the header and the flag. */
    static ObjectNode deletion(final ObjectNode event) {
        final ObjectNode node = JsonSerde.MAPPER.createObjectNode();
        for (final String field : new String[] {"eventId", "providerId", "unitId", "occurredAt"}) {
            node.set(field, event.get(field));
        }
        node.put("deleted", true);
        return node;
    }
}
