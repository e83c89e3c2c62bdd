package se.pks.stream.it;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.awaitility.Awaitility;
import se.pks.stream.topics.Topics;
import se.pks.stream.topology.StoreNames;

/** What the integration tests send, as a provider or the region would: JSON text on the v1 topics. */
final class ProviderFeed implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    ProviderFeed(final String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new StringSerializer(), new StringSerializer());
    }

    /** Sends a record as received by Kafka at {@code receivedAt} (its timestamp). */
    void send(final String topic, final String key, final String value, final Instant receivedAt) {
        producer.send(new ProducerRecord<>(topic, null, receivedAt.toEpochMilli(), key, value));
    }

    void unit(final String unitId, final String providerId, final String organisationId,
              final String organisationName, final String ownership, final String regionId, final Instant at) {
        send(Topics.UNITS.name(), unitId, """
                {"unitId":"%s","name":"Unit %s","providerId":"%s","organisationId":"%s","organisationName":"%s",\
                "ownership":"%s","regionId":"%s"}""".formatted(unitId, unitId, providerId, organisationId,
                organisationName, ownership, regionId), at);
    }

    void plan(final String unit, final String measure, final String kind, final String granularity,
              final String periodStart, final double value, final Instant at) {
        send(Topics.PLANS.name(), String.join("|", unit, measure, kind, granularity, periodStart), """
                {"unitId":"%s","measure":"%s","planKind":"%s","granularity":"%s","periodStart":"%s","value":%s}"""
                .formatted(unit, measure, kind, granularity, periodStart, value), at);
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }

    /** Events are only accepted for units the stream knows: wait until its register holds them. */
    static void awaitUnitsKnown(final KafkaStreams streams, final String... unitIds) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (streams.state() != KafkaStreams.State.RUNNING) {
                return false;
            }
            final ReadOnlyKeyValueStore<String, Object> units = streams.store(
                    StoreQueryParameters.fromNameAndType(StoreNames.UNITS, QueryableStoreTypes.keyValueStore()));
            for (final String unitId : unitIds) {
                if (units.get(unitId) == null) {
                    return false;
                }
            }
            return true;
        });
    }
}
