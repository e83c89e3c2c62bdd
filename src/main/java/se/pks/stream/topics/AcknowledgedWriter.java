package se.pks.stream.topics;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import se.pks.stream.topics.Topic;

/**
 * Writes the region's reference data (units, plans) to its topics and returns only once every in-sync replica has
 * the records (acks=all): an API answer of "accepted" must never be lost by a broker failing right after it.
 * Idempotence keeps a retried send from writing a record twice or out of order.
 */
@Singleton
public class AcknowledgedWriter {

    private static final Logger LOG = Logger.getLogger(AcknowledgedWriter.class);
    private static final long ACK_TIMEOUT_SECONDS = 60;

    private final Producer<String, byte[]> producer;

    @Inject
    public AcknowledgedWriter(@Identifier("default-kafka-broker") final Map<String, Object> kafkaConfig) {
        final Map<String, Object> settings = new HashMap<>(kafkaConfig);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "pks-stream-api");
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    /** Writes one value, or a tombstone when {@code value} is null. */
    public <V> WriteReceipt write(final Topic<String, V> topic, final String key, final V value) {
        return writeAll(topic, List.of(new Entry<>(key, value))).getFirst();
    }

    /** Writes all entries in order and waits for every acknowledgement. */
    public <V> List<WriteReceipt> writeAll(final Topic<String, V> topic, final List<Entry<V>> entries) {
        final List<Future<RecordMetadata>> sent = new ArrayList<>(entries.size());
        for (final Entry<V> entry : entries) {
            final byte[] bytes = entry.value() == null
                    ? null : topic.valueSerde().serializer().serialize(topic.name(), entry.value());
            try {
                sent.add(producer.send(new ProducerRecord<>(topic.name(), entry.key(), bytes)));
            } catch (final KafkaException e) {
                throw notWritten(topic, e);
            }
        }
        final List<WriteReceipt> receipts = new ArrayList<>(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            receipts.add(acknowledged(topic, entries.get(i).key(), sent.get(i)));
        }
        return receipts;
    }

    /** One record to write: a key and a value, or null for a tombstone. */
    public record Entry<V>(String key, V value) {
    }

    private static WriteReceipt acknowledged(final Topic<String, ?> topic, final String key,
                                             final Future<RecordMetadata> sent) {
        try {
            final RecordMetadata metadata = sent.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new WriteReceipt(topic.name(), key, metadata.partition(), metadata.offset());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notWritten(topic, e);
        } catch (final ExecutionException | TimeoutException e) {
            throw notWritten(topic, e);
        }
    }

    private static WriteNotAcknowledgedException notWritten(final Topic<String, ?> topic, final Exception cause) {
        LOG.warnf(cause, "Write to %s not acknowledged", topic.name());
        return new WriteNotAcknowledgedException("Kafka did not acknowledge the write to " + topic.name()
                + "; some records may not have been written. Sending the same request again is safe: the topic keeps"
                + " the latest value per key", cause);
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
