package se.pks.stream.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.Topics;

/** The feeds a provider can post to over HTTP, by their URL path segment, and the event topic each one feeds. */
enum EventFeedPath {
    VISITS("visits", Topics.VISITS, List.of("visitType", "contactMode"), Set.of(), Set.of()),
    OPERATIONS("operations", Topics.OPERATIONS, List.of("startedAt", "endedAt", "priority"), Set.of(), Set.of()),
    BED_OCCUPANCY("bed-occupancy", Topics.BED_OCCUPANCY,
            List.of("type", "staffedBeds", "occupiedBeds", "admittedAt", "dischargedAt"),
            Set.of("staffedBeds", "occupiedBeds"), Set.of()),
    WAITING_LIST("waiting-list", Topics.WAITING_LIST, List.of("referralId", "action", "guarantee", "waitingSince",
            "medicalTargetDate", "patientChosenWait", "removalReason"), Set.of(), Set.of("patientChosenWait"));

    private final String segment;
    private final Topic<String, byte[]> topic;
    private final CsvRows.Columns csvColumns;

    EventFeedPath(final String segment, final Topic<String, byte[]> topic, final List<String> fields,
                  final Set<String> integers, final Set<String> booleans) {
        this.segment = segment;
        this.topic = topic;
        final List<String> optional = new ArrayList<>(fields);
        optional.add("deleted");
        final Set<String> flags = new HashSet<>(booleans);
        flags.add("deleted");
        // Every event's header must be a column; the feed's own fields and deleted may be left out when unused.
        this.csvColumns = new CsvRows.Columns(List.of("eventId", "providerId", "unitId", "occurredAt"),
                List.copyOf(optional), Set.of(), integers, Set.copyOf(flags));
    }

    Topic<String, byte[]> topic() {
        return topic;
    }

    /** The contract's field names of this feed, which are also the columns of its CSV format. */
    CsvRows.Columns csvColumns() {
        return csvColumns;
    }

    static EventFeedPath of(final String segment) {
        return Arrays.stream(values()).filter(feed -> feed.segment.equals(segment)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("No event feed '" + segment
                        + "'; the feeds are visits, operations, bed-occupancy and waiting-list"));
    }
}
