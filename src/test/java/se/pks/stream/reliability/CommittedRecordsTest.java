package se.pks.stream.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.pks.stream.local.EmbeddedKafkaBroker;

/**
 * Against a real broker: one partition holding a committed transaction of three records (offsets 0-2, marker 3), an
 * aborted one of two (4-5, marker 6), then an open one. The distance to the end offset would say the reader at 3 is
 * three records behind; it has everything.
 */
class CommittedRecordsTest {

    private static final TopicPartition PARTITION = new TopicPartition("t", 0);

    @Test
    void countsOnlyTheRecordsACommittedReaderStillGets(@TempDir final Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0, 0);
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
             CommittedRecords records = new CommittedRecords(broker.bootstrapServers(), admin)) {
            admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            try (KafkaProducer<String, String> committed = producer(broker, "committed");
                 KafkaProducer<String, String> aborted = producer(broker, "aborted");
                 KafkaProducer<String, String> open = producer(broker, "open")) {
                transaction(committed, 3);
                committed.commitTransaction();
                transaction(aborted, 2);
                aborted.flush();
                aborted.abortTransaction();

                awaitEnd(admin, 7);
                assertEquals(0, records.after(Map.of(PARTITION, 3L), Map.of(PARTITION, 7L)));
                assertEquals(3, records.after(Map.of(PARTITION, 0L), Map.of(PARTITION, 7L)));
                assertEquals(1, records.after(Map.of(PARTITION, 2L), Map.of(PARTITION, 7L)));

                // An open transaction (record 7) may still be committed: the reader is not done.
                transaction(open, 1);
                open.flush();
                awaitEnd(admin, 8);
                assertEquals(1, records.after(Map.of(PARTITION, 3L), Map.of(PARTITION, 8L)));
                open.commitTransaction();
                awaitEnd(admin, 9);
                assertEquals(1, records.after(Map.of(PARTITION, 3L), Map.of(PARTITION, 9L)));
                assertEquals(0, records.after(Map.of(PARTITION, 8L), Map.of(PARTITION, 9L)));
            }
        }
    }

    private static KafkaProducer<String, String> producer(final EmbeddedKafkaBroker broker, final String id) {
        final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, id),
                new StringSerializer(), new StringSerializer());
        producer.initTransactions();
        return producer;
    }

    private static void transaction(final KafkaProducer<String, String> producer, final int count) {
        producer.beginTransaction();
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(PARTITION.topic(), PARTITION.partition(), "k", "v" + i));
        }
    }

    /**
     * A commit or abort returns before the broker has written the transaction's marker, so the end offset reaches its
     * hand-counted value a moment later.
     */
    private static void awaitEnd(final Admin admin, final long expected) throws Exception {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long end = -1;
        while (System.nanoTime() < deadline) {
            end = admin.listOffsets(Map.of(PARTITION, OffsetSpec.latest())).all().get().get(PARTITION).offset();
            if (end == expected) {
                return;
            }
            Thread.sleep(20);
        }
        assertEquals(expected, end, "end offset of " + PARTITION);
    }
}
