package se.pks.stream.model;

import java.time.LocalDate;

/**
 * What happened to one record of a feed, for the data-quality register: counted per provider, unit, feed and the
 * local day the event occurred. {@code reason} is set for a rejection ("field: reason").
 */
public record FeedObservation(String providerId, String unitId, Feed feed, LocalDate day, Outcome outcome,
                              String reason) {

    /** The register's key: provider|unit|feed|day. */
    public String key() {
        return String.join("|", providerId, unitId, feed.name(), day.toString());
    }

    public enum Outcome {
        ACCEPTED,
        ACCEPTED_LATE,
        REJECTED,
        DUPLICATE,
        CORRECTED,
        DELETED
    }
}
