package se.pks.stream.topics;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import se.pks.stream.model.AlertChange;
import se.pks.stream.model.CalendarWeek;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Deviation;
import se.pks.stream.model.Feed;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.model.Rejection;

/**
 * Every public topic of pks-stream with its serdes: the single place topic names are spelled. {@code kafka/topics.yaml}
 * documents the same list for operators (a test keeps the two in step).
 *
 * <p>Event and plan values are read as raw bytes: a record that is not even JSON must still reach the rejected
 * topic with a reason, not stop the stream in a deserializer.
 */
public final class Topics {

    /** Events are the source of truth: every figure can be rebuilt from them, so they are kept forever. */
    private static final Map<String, String> KEEP_FOREVER = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
    private static final Map<String, String> COMPACTED =
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    private static final Map<String, String> NINETY_DAYS =
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

    public static final Topic<String, MeasureValue> MEASURE_VALUES =
            new Topic<>("pks.measure-values.v1", Serdes.String(), ReferenceSerdes.measureValue(),
                    COMPACTED);
    public static final Topic<String, Deviation> DEVIATIONS =
            new Topic<>("pks.deviations.v1", Serdes.String(), new JsonSerde<>(Deviation.class), COMPACTED);
    public static final Topic<String, FeedQuality> FEED_QUALITY =
            new Topic<>("pks.feed-quality.v1", Serdes.String(), new JsonSerde<>(FeedQuality.class), COMPACTED);
    public static final Topic<String, Rejection> REJECTED =
            new Topic<>("pks.rejected.v1", Serdes.String(), new JsonSerde<>(Rejection.class), NINETY_DAYS);

    public static final Topic<String, AlertChange> ALERTS =
            new Topic<>("pks.alerts.v1", Serdes.String(), new JsonSerde<>(AlertChange.class), COMPACTED);

    public static final List<Topic<String, byte[]>> EVENT_TOPICS = List.of(VISITS, OPERATIONS, BED_OCCUPANCY, WAITING_LIST);

    /** The feed each event topic carries. */
    public static final Map<String, Feed> FEEDS = Map.of(VISITS.name(), Feed.VISITS, OPERATIONS.name(),
            Feed.OPERATIONS, BED_OCCUPANCY.name(), Feed.BED_OCCUPANCY, WAITING_LIST.name(), Feed.WAITING_LIST);

    public static final List<Topic<?, ?>> ALL =
            List.of(VISITS, OPERATIONS, BED_OCCUPANCY, WAITING_LIST, UNITS, CALENDAR, PLANS, MEASURE_VALUES, DEVIATIONS,
                    FEED_QUALITY, REJECTED, ALERTS);

    private Topics() {
    }
}
