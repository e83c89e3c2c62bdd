package se.pks.stream.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * An event on its way into the demo: its contract JSON and when it happened and was sent. Kept as a JSON tree
 * until the end so that corrections can be derived from it.
 */
record EventDraft(EventKind kind, String unitId, Instant occurredAt, Instant receivedAt, ObjectNode body) {

    EventDraft sentAt(final Instant newReceivedAt) {
        return new EventDraft(kind, unitId, occurredAt, newReceivedAt, body);
    }

    EventDraft resent(final ObjectNode newBody, final Instant newReceivedAt) {
        return new EventDraft(kind, unitId, occurredAt, newReceivedAt, newBody);
    }
}
