package se.pks.stream.api;

import java.util.Arrays;
import se.pks.stream.topology.Topic;
import se.pks.stream.topology.Topics;

/** The feeds a provider can post to over HTTP, by their URL path segment, and the event topic each one feeds. */
enum EventFeedPath {
    VISITS("visits", Topics.VISITS),
    OPERATIONS("operations", Topics.OPERATIONS),
    BED_OCCUPANCY("bed-occupancy", Topics.BED_OCCUPANCY),
    WAITING_LIST("waiting-list", Topics.WAITING_LIST);

    private final String segment;
    private final Topic<String, byte[]> topic;

    EventFeedPath(final String segment, final Topic<String, byte[]> topic) {
        this.segment = segment;
        this.topic = topic;
    }

    Topic<String, byte[]> topic() {
        return topic;
    }

    static EventFeedPath of(final String segment) {
        return Arrays.stream(values()).filter(feed -> feed.segment.equals(segment)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("No event feed '" + segment
                        + "'; the feeds are visits, operations, bed-occupancy and waiting-list"));
    }
}
