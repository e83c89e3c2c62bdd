package se.pks.stream.demo;

import se.pks.stream.topics.Topic;
import se.pks.stream.topics.Topics;

/** The kinds of provider event the demo writes, each with the topic it goes to. */
enum EventKind {
    VISIT(Topics.VISITS),
    OPERATION(Topics.OPERATIONS),
    CENSUS(Topics.BED_OCCUPANCY),
    DISCHARGE(Topics.BED_OCCUPANCY),
    WAITING_ADDED(Topics.WAITING_LIST),
    WAITING_REMOVED(Topics.WAITING_LIST);

    private final Topic<String, byte[]> topic;

    EventKind(final Topic<String, byte[]> topic) {
        this.topic = topic;
    }

    String topic() {
        return topic.name();
    }
}
