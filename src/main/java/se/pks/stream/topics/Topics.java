package se.pks.stream.topics;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import se.pks.stream.model.CalendarWeek;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Feed;

/**
 * The shared public topics of pks-stream with their serdes, and with {@link OutputTopics} the single place topic names
 * are spelled. {@code kafka/topics.yaml} documents the same list for operators (a test keeps the two in step).
 *
 * <p>Event and plan values are read as raw bytes: a record that is not even JSON must still reach the rejected
 * topic with a reason, not stop the stream in a deserializer.
 */
public final class Topics {

    /** Events are the source of truth: every figure can be rebuilt from them, so they are kept forever. */
    private static final Map<String, String> KEEP_FOREVER = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
    static final Map<String, String> COMPACTED =
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    static final Map<String, String> NINETY_DAYS =
            Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(90L * 24 * 3600 * 1000));

    public static final Topic<String, byte[]> VISITS =
            new Topic<>("pks.visits.v1", Serdes.String(), Serdes.ByteArray(), KEEP_FOREVER);
    public static final Topic<String, byte[]> OPERATIONS =
            new Topic<>("pks.operations.v1", Serdes.String(), Serdes.ByteArray(), KEEP_FOREVER);
    public static final Topic<String, byte[]> BED_OCCUPANCY =
            new Topic<>("pks.bed-occupancy.v1", Serdes.String(), Serdes.ByteArray(), KEEP_FOREVER);
    public static final Topic<String, byte[]> WAITING_LIST =
            new Topic<>("pks.waiting-list.v1", Serdes.String(), Serdes.ByteArray(), KEEP_FOREVER);

    /** Read with the units API's rules: an entry written around the API must not confuse the validators. */
    public static final Topic<String, CareUnit> UNITS =
            new Topic<>("pks.units.v1", Serdes.String(), ReferenceSerdes.careUnit(), COMPACTED);
    public static final Topic<String, CalendarWeek> CALENDAR =
            new Topic<>("pks.calendar.v1", Serdes.String(), new JsonSerde<>(CalendarWeek.class), COMPACTED);
    public static final Topic<String, byte[]> PLANS =
            new Topic<>("pks.plans.v1", Serdes.String(), Serdes.ByteArray(), COMPACTED);

    public static final List<Topic<String, byte[]>> EVENT_TOPICS = List.of(VISITS, OPERATIONS, BED_OCCUPANCY, WAITING_LIST);

    /** The feed each event topic carries. */
    public static final Map<String, Feed> FEEDS = Map.of(VISITS.name(), Feed.VISITS, OPERATIONS.name(),
            Feed.OPERATIONS, BED_OCCUPANCY.name(), Feed.BED_OCCUPANCY, WAITING_LIST.name(), Feed.WAITING_LIST);

    /** The topics every deployment on a cluster shares: what providers and the region's planners write. */
    public static final List<Topic<?, ?>> SHARED =
            List.of(VISITS, OPERATIONS, BED_OCCUPANCY, WAITING_LIST, UNITS, CALENDAR, PLANS);

    /** Every topic one deployment uses: the shared ones and its own outputs. */
    public static List<Topic<?, ?>> all(final OutputTopics outputs) {
        return Stream.concat(SHARED.stream(), outputs.all().stream()).toList();
    }

    private Topics() {
    }
}
