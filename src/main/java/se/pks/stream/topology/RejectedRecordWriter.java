package se.pks.stream.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import se.pks.stream.model.Rejection;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topic;

/**
 * Writes rejections of records the stream could not read at all (see {@link UnreadableRecordHandler}) to this
 * deployment's rejected topic. These happen before a record enters the exactly-once transaction, so they are written by
 * a producer of their own: after a crash such a rejection may be written twice, which the rejected-record table ignores
 * (it is keyed by the source record's topic, partition and offset).
 */
@Singleton
@Unremovable // looked up by the deserialization handler, which Kafka Streams creates, not CDI
public class RejectedRecordWriter {

    private static final Logger LOG = Logger.getLogger(RejectedRecordWriter.class);

    private final Map<String, Object> settings;
    private final MicrometerFeedCounters counters;
    private final Topic<String, Rejection> rejected;
    private Producer<String, byte[]> producer;

    @Inject
    public RejectedRecordWriter(@Identifier("default-kafka-broker") final Map<String, Object> kafkaConfig,
                                final MeterRegistry registry, final OutputTopics outputs) {
        this.settings = new HashMap<>(kafkaConfig);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "pks-stream-unreadable-records");
        this.counters = new MicrometerFeedCounters(registry);
        this.rejected = outputs.rejected();
    }

    /** The writer of the running application, or null where there is none (a topology test without Quarkus). */
    static RejectedRecordWriter ofRunningApplication() {
        final ArcContainer container = Arc.container();
        if (container == null || !container.isRunning()) {
            return null;
        }
        final InjectableInstance<RejectedRecordWriter> writer = container.select(RejectedRecordWriter.class);
        return writer.isResolvable() ? writer.get() : null;
    }

    void write(final Rejection rejection) {
        counters.rejected(rejection.topic(), rejection.reasons());
        final byte[] value = rejected.valueSerde().serializer().serialize(rejected.name(), rejection);
        producer().send(new ProducerRecord<>(rejected.name(), rejection.key(), value), (metadata, failure) -> {
            if (failure != null) {
                LOG.errorf(failure, "Could not write the rejection of %s-%d@%d to %s", rejection.topic(),
                        rejection.partition(), rejection.offset(), rejected.name());
            }
        });
    }

    /** Created on the first unreadable record: most installations never need it. */
    private synchronized Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
