package se.pks.stream.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Deviation;
import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.FieldError;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.model.Ownership;
import se.pks.stream.model.Rejection;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.ReceiptHeader;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.Topics;

/** Drives the real follow-up topology in memory and keeps the latest value per output key, as a table would. */
final class FollowUpDriver implements AutoCloseable {

    static final FollowUpSettings SETTINGS = FollowUpSettings.defaults();
    private static final String APPLICATION_ID = "pks-stream-test";
    /** Named after the application id as in a deployment, so a topology writing anywhere else leaves these empty. */
    private static final OutputTopics OUTPUTS = OutputTopics.of(APPLICATION_ID);

    private final TopologyTestDriver driver;
    private final Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
    private final TestInputTopic<String, CareUnit> units;
    private final TestOutputTopic<String, MeasureValue> measureValueTopic;
    private final TestOutputTopic<String, Deviation> deviationTopic;
    private final TestOutputTopic<String, Rejection> rejectedTopic;
    private final TestOutputTopic<String, FeedQuality> feedQualityTopic;
    private final Map<String, FeedQuality> feedQuality = new HashMap<>();
    private long feedQualityRecords;
    private final Map<String, MeasureValue> measureValues = new HashMap<>();
    private final Map<String, List<Double>> publications = new HashMap<>();
    private final Map<String, OptionalLong> receipts = new HashMap<>();
    private final Map<String, Deviation> deviations = new HashMap<>();
    private final List<Rejection> rejections = new ArrayList<>();
    final RecordingCounters counters = new RecordingCounters();

    private final FollowUpSettings settings;

    FollowUpDriver(final Instant start) {
        this(start, SETTINGS);
    }

    FollowUpDriver(final Instant start, final FollowUpSettings settings) {
        this.settings = settings;
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // A directory of its own, so that parallel builds on one machine do not lock each other out.
        props.put(StreamsConfig.STATE_DIR_CONFIG, TestDirectories.temporary("pks-topology-test").toString());
        driver = new TopologyTestDriver(FollowUpTopology.topology(settings, counters, OUTPUTS), props, start);
        for (final Topic<String, byte[]> topic : List.of(Topics.VISITS, Topics.OPERATIONS, Topics.BED_OCCUPANCY,
                Topics.WAITING_LIST, Topics.PLANS)) {
            inputs.put(topic.name(), driver.createInputTopic(topic.name(), Serdes.String().serializer(),
                    Serdes.ByteArray().serializer(), start, Duration.ZERO));
        }
        units = driver.createInputTopic(Topics.UNITS.name(), Serdes.String().serializer(),
                Topics.UNITS.valueSerde().serializer());
        measureValueTopic = output(OUTPUTS.measureValues());
        deviationTopic = output(OUTPUTS.deviations());
        rejectedTopic = output(OUTPUTS.rejected());
        feedQualityTopic = output(OUTPUTS.feedQuality());
    }

    private <V> TestOutputTopic<String, V> output(final Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    void unit(final String unitId, final String providerId) {
        units.pipeInput(unitId, new CareUnit(unitId, "Unit " + unitId, providerId, "org-" + providerId,
                "Organisation " + providerId, Ownership.PUBLIC, "region-test"));
    }

    /** Sends a record as it arrives at {@code receivedAt} (the Kafka record timestamp). */
    void send(final Topic<String, byte[]> topic, final String key, final String json, final Instant receivedAt) {
        inputs.get(topic.name()).pipeInput(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                receivedAt);
    }

    /** Sends a record to any input topic by name, e.g. a provider's own topic, creating the test topic on first use. */
    void send(final String topic, final String key, final String json, final Instant receivedAt) {
        inputs.computeIfAbsent(topic, name -> driver.createInputTopic(name, Serdes.String().serializer(),
                        Serdes.ByteArray().serializer()))
                .pipeInput(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8), receivedAt);
    }

    /** Everything written so far to a rejected topic other than the deployment's, e.g. a provider's. */
    List<Rejection> rejections(final String topic) {
        final Topic<String, Rejection> rejected = OUTPUTS.providerRejected("unused");
        return driver.createOutputTopic(topic, rejected.keySerde().deserializer(),
                rejected.valueSerde().deserializer()).readValuesToList();
    }

    /** Everything written so far to a data-quality topic other than the deployment's, e.g. a provider's. */
    List<FeedQuality> feedQualityRows(final String topic) {
        final Topic<String, FeedQuality> rows = OUTPUTS.feedQuality();
        return driver.createOutputTopic(topic, rows.keySerde().deserializer(), rows.valueSerde().deserializer())
                .readValuesToList();
    }

    /** The deployment's outputs, for a test that names a provider's topics. */
    static OutputTopics outputs() {
        return OUTPUTS;
    }

    /** Every topic the topology has written to. */
    java.util.Set<String> producedTopics() {
        return driver.producedTopicNames();
    }

    /** Lets the publication punctuator run, then collects everything the topology wrote. */
    void flush() {
        advanceWallClock(settings.flushInterval());
    }

    /** Moves the wall clock on (the punctuator runs for each flush interval passed), then collects the outputs. */
    void advanceWallClock(final Duration duration) {
        driver.advanceWallClockTime(duration);
        for (final TestRecord<String, MeasureValue> record : measureValueTopic.readRecordsToList()) {
            receipts.put(record.key(), ReceiptHeader.read(record.headers()));
            publications.computeIfAbsent(record.key(), key -> new ArrayList<>())
                    .add(record.value() == null ? null : record.value().value());
            if (record.value() == null) {
                measureValues.remove(record.key());
            } else {
                measureValues.put(record.key(), record.value());
            }
        }
        for (final TestRecord<String, Deviation> record : deviationTopic.readRecordsToList()) {
            if (record.value() == null) {
                deviations.remove(record.key());
            } else {
                deviations.put(record.key(), record.value());
            }
        }
        rejections.addAll(rejectedTopic.readValuesToList());
        final List<KeyValue<String, FeedQuality>> qualityRecords = feedQualityTopic.readKeyValuesToList();
        feedQualityRecords += qualityRecords.size();
        qualityRecords.forEach(record -> feedQuality.put(record.key, record.value));
    }

    /** How many records the data-quality register has written so far (every row update counts). */
    long feedQualityRecords() {
        return feedQualityRecords;
    }

    /** The data-quality register's row for provider|unit|feed|day, or null. */
    FeedQuality feedQuality(final String key) {
        return feedQuality.get(key);
    }

    /** The current value of a measure, or null when there is none. */
    Double value(final String granularity, final String periodStart, final String unit, final String measure) {
        final MeasureValue value = measureValues.get(granularity + "|" + periodStart + "|" + unit + "|" + measure);
        return value == null ? null : value.value();
    }

    /** The receipt header of the latest published value under a measure-value key; null if none was published. */
    OptionalLong receipt(final String key) {
        return receipts.get(key);
    }

    /** Every value published under a measure-value key so far, in order (null for a tombstone). */
    List<Double> publications(final String key) {
        return publications.getOrDefault(key, List.of());
    }

    Map<String, MeasureValue> measureValues() {
        return measureValues;
    }

    Deviation deviation(final String planKey) {
        return deviations.get(planKey);
    }

    Map<String, Deviation> deviations() {
        return deviations;
    }

    List<Rejection> rejections() {
        return rejections;
    }

    @Override
    public void close() {
        driver.close();
    }

    static final class RecordingCounters implements FeedCounters {
        final List<String> rejectedTopics = new ArrayList<>();
        final List<FeedObservation> observations = new ArrayList<>();

        @Override
        public void rejected(final String topic, final List<FieldError> reasons) {
            rejectedTopics.add(topic);
        }

        @Override
        public void observed(final FeedObservation observation) {
            observations.add(observation);
        }

        long count(final FeedObservation.Outcome outcome) {
            return observations.stream().filter(observation -> observation.outcome() == outcome).count();
        }
    }
}
