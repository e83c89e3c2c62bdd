package se.pks.stream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.Topics;

/**
 * The bare limit: one plain consumer reading the event topics from the beginning and parsing every value as JSON,
 * with nothing else done. No pipeline that reads and parses the same records can be faster on the same machine.
 */
final class BareConsumer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BareConsumer() {
    }

    /** Reads every event record once; returns how many were read and how long it took. */
    static Timed read(final String bootstrap) {
        final long started = System.nanoTime();
        long records = 0;
        long checksum = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 52_428_800,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 10_485_760),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final Topic<String, byte[]> topic : Topics.EVENT_TOPICS) {
                for (final PartitionInfo info : consumer.partitionsFor(topic.name())) {
                    partitions.add(new TopicPartition(info.topic(), info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!reachedEnd(consumer, end)) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    final JsonNode parsed = parse(record.value());
                    // Use the parse result, so that the JIT cannot drop the work.
                    checksum += parsed.size();
                    records++;
                }
            }
        }
        return new Timed(records, System.nanoTime() - started, checksum);
    }

    private static boolean reachedEnd(final KafkaConsumer<byte[], byte[]> consumer,
            final Map<TopicPartition, Long> end) {
        for (final Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            if (consumer.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode parse(final byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Timed(long records, long nanos, long checksum) {

        double perSecond() {
            return records / (nanos / 1e9);
        }
    }
}
