package se.pks.stream.model;

import java.time.Instant;

/** Fields every provider event carries. {@code eventId} is unique per provider; a resend with it is a correction. */
public record EventHeader(String eventId, String providerId, String unitId, Instant occurredAt) {

    /** The identity under which corrections and deletions find the earlier version. */
    public String identity() {
        return providerId + "|" + eventId;
    }
}
