package se.pks.stream.reliability;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records a reader in {@code read_committed} would still get from a position on. The distance to the end
 * offset is not that number on a transactional topic: every transaction leaves a marker behind its records, and a
 * transaction of a killed instance that was aborted leaves its records and an abort marker, none of which a reader
 * ever gets. So a reader that has everything can stand any number of offsets before the end.
 */
final class CommittedRecords implements AutoCloseable {

    /** Beyond this distance the reader is behind anyway; reading the gap would only slow the run down. */
    private static final long READ_AT_MOST = 5_000;
    private static final Duration READ_LIMIT = Duration.ofSeconds(10);

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;

    CommittedRecords(final String bootstrap, final Admin admin) {
        this.admin = admin;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * @param positions per partition, the position of the reader (the next offset it would read)
     * @param end per partition, the end offset (it may hold the partitions of other topics too)
     * @return the committed records from each position to the end, summed; the distance itself where it is large;
     *     at least one for a partition with a transaction still open at its end
     */
    long after(final Map<TopicPartition, Long> positions, final Map<TopicPartition, Long> end) throws Exception {
        final Map<TopicPartition, Long> toRead = new HashMap<>();
        long lag = 0;
        for (final Map.Entry<TopicPartition, Long> position : positions.entrySet()) {
            final long distance = end.getOrDefault(position.getKey(), 0L) - position.getValue();
            if (distance > READ_AT_MOST) {
                lag += distance;
            } else if (distance > 0) {
                toRead.put(position.getKey(), position.getValue());
            }
        }
        if (toRead.isEmpty()) {
            return lag;
        }
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        toRead.keySet().forEach(partition -> request.put(partition, OffsetSpec.latest()));
        final Map<TopicPartition, Long> stable = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((partition, info) -> stable.put(partition, info.offset()));
        for (final Map.Entry<TopicPartition, Long> partition : toRead.entrySet()) {
            // An open transaction: its records may still be committed.
            lag += stable.get(partition.getKey()) < end.get(partition.getKey()) ? 1 : 0;
        }
        consumer.assign(toRead.keySet());
        toRead.forEach(consumer::seek);
        final long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (toRead.keySet().stream().anyMatch(partition -> consumer.position(partition) < stable.get(partition))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not read up to the stable end of " + toRead.keySet());
            }
            for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.offset() < stable.get(new TopicPartition(record.topic(), record.partition()))) {
                    lag++;
                }
            }
        }
        return lag;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
