package se.pks.stream.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.topics.OutputTopics;

/**
 * When a disturbed run ends with other figures than the undisturbed one, which stage lost them: the stream (the last
 * value it published on the measure-values topic is the database's) or the database sink (the topic holds the
 * undisturbed value, the table an older one). Also whether the broker purged records of an internal repartition topic
 * that the application had not committed yet, which would lose events between the two steps of the stream.
 */
final class LossDiagnosis {

    private static final Duration READ_LIMIT = Duration.ofSeconds(30);
    private static final int SHOWN = 12;

    private LossDiagnosis() {
    }

    /**
     * For the first differing measure values, the topic's last committed value (the topic's key of a figure is the
     * table's "granularity|period|unit|measure").
     *
     * @param differences as {@link FiguresSnapshot#differencesFrom} gives them
     */
    static String publishedValues(final String bootstrap, final String applicationId, final List<String> differences) {
        final String prefix = "pks.measure_value ";
        final List<String> keys = differences.stream().filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length(), line.indexOf(':'))).limit(SHOWN).toList();
        if (keys.isEmpty()) {
            return "";
        }
        final Map<String, String> onTopic = lastValues(bootstrap, OutputTopics.of(applicationId));
        return keys.stream().map(key -> "  " + key + " last published on the topic: "
                        + onTopic.getOrDefault(key, "(never)"))
                .collect(Collectors.joining("\n", "What the stream published for them (the sink lost a value if it "
                        + "differs from the table's):\n", "\n"));
    }

    /**
     * Per partition of the application's repartition topics, how far the broker's log starts past the offset the
     * application committed; empty when nothing unread was purged. Read the log starts first: committed offsets only
     * grow, so a purge up to a commit made between the two reads cannot show up here.
     */
    static Map<TopicPartition, Long> purgedUnread(final Admin admin, final String applicationId) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> committedBefore =
                admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        final Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        committedBefore.keySet().stream().filter(partition -> partition.topic().endsWith("-repartition"))
                .forEach(partition -> earliest.put(partition, OffsetSpec.earliest()));
        if (earliest.isEmpty()) {
            return Map.of();
        }
        final Map<TopicPartition, Long> starts = new HashMap<>();
        admin.listOffsets(earliest).all().get().forEach((partition, info) -> starts.put(partition, info.offset()));
        final Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        final Map<TopicPartition, Long> purged = new HashMap<>();
        starts.forEach((partition, start) -> {
            final OffsetAndMetadata offset = committed.get(partition);
            if (offset != null && start > offset.offset()) {
                purged.put(partition, start - offset.offset());
            }
        });
        return purged;
    }

    private static Map<String, String> lastValues(final String bootstrap, final OutputTopics outputs) {
        final Deserializer<MeasureValue> values = outputs.measureValues().valueSerde().deserializer();
        final Map<String, String> last = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(outputs.measureValues().name())
                    .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            final long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))
                    && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    final MeasureValue value = record.value() == null ? null
                            : values.deserialize(record.topic(), record.value());
                    last.put(record.key(), value == null ? "(deleted)"
                            : String.format("value=%s numerator=%s denominator=%s at %d@%d", value.value(),
                                    value.numerator(), value.denominator(), record.partition(), record.offset()));
                }
            }
        }
        return last;
    }
}
