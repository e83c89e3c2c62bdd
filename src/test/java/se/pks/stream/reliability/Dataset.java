package se.pks.stream.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import se.pks.stream.demo.DemoRecord;
import se.pks.stream.demo.DemoRegion;
import se.pks.stream.demo.DemoRegionGenerator;
import se.pks.stream.demo.DemoSettings;

/**
 * The known dataset of the reliability tests: seven weeks of the demo region at full volume (30 units, about 22,000
 * events on all four event topics) with its unit register, calendar and plans, and the demo's own noise: resends,
 * corrections, deletions, events weeks late and records the stream rejects. The generator is deterministic, so
 * every run (and every test) produces exactly the same records, with the same keys and timestamps.
 */
final class Dataset {

    static final DemoSettings SETTINGS =
            new DemoSettings(42L, LocalDate.of(2025, 1, 6), LocalDate.of(2025, 2, 23), 1.0);

    private static Dataset instance;

    private final List<DemoRecord> reference;
    private final List<DemoRecord> events;

    private Dataset(final DemoRegion region) {
        final List<DemoRecord> records = region.records();
        this.reference = records.subList(0, records.size() - region.events().size());
        this.events = region.events();
    }

    static synchronized Dataset get() {
        if (instance == null) {
            instance = new Dataset(DemoRegionGenerator.generate(SETTINGS));
        }
        return instance;
    }

    int eventCount() {
        return events.size();
    }

    /** The register, calendar and plans, which must be known before the first event. */
    void produceReference(final String bootstrap) {
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            sendAll(producer, reference);
        }
    }

    /** Events {@code from} (inclusive) to {@code to} (exclusive), in the order the providers sent them. */
    void produceEvents(final KafkaProducer<String, String> producer, final int from, final int to) {
        sendAll(producer, events.subList(from, to));
    }

    void produceAll(final String bootstrap) {
        produceReference(bootstrap);
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            produceEvents(producer, 0, events.size());
        }
    }

    /** What the events hold besides plain first versions: the cases a crash must not count twice or lose. */
    String describe() {
        final ObjectMapper json = new ObjectMapper();
        final Map<String, String> firstVersion = new HashMap<>();
        int resends = 0;
        int corrections = 0;
        int deletions = 0;
        int weekLate = 0;
        try {
            for (final DemoRecord record : events) {
                final JsonNode event = json.readTree(record.json());
                final String identity = event.path("providerId").asText() + "|" + event.path("eventId").asText();
                if (event.path("deleted").asBoolean(false)) {
                    deletions++;
                } else if (!firstVersion.containsKey(identity)) {
                    firstVersion.put(identity, record.json());
                } else if (firstVersion.get(identity).equals(record.json())) {
                    resends++;
                } else {
                    corrections++;
                }
                if (event.hasNonNull("occurredAt") && Duration.between(
                        OffsetDateTime.parse(event.get("occurredAt").asText()).toInstant(), record.receivedAt())
                        .toDays() >= 7) {
                    weekLate++;
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.format("%,d events (%,d reference records): %d resends, %d corrections, %d deletions, "
                + "%d sent a week or more late", events.size(), reference.size(), resends, corrections, deletions,
                weekLate);
    }

    static KafkaProducer<String, String> producer(final String bootstrap) {
        final Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        // Not idempotent: under load the embedded broker can lose an idempotent producer's sequence state and answer
        // OutOfOrderSequence forever. One request in flight keeps the order; a resent batch only repeats records the
        // ledger and the compacted plans already treat as duplicates.
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        // Topics are produced to right after they are created, on a machine that may be very busy.
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /**
     * Sends and waits for every acknowledgement: a record the broker never took would make this run's dataset differ
     * from the undisturbed run's, and the comparison blame the service for it (it happened, with 81 plan rows, on a
     * heavily loaded machine before this check).
     */
    private static void sendAll(final KafkaProducer<String, String> producer, final List<DemoRecord> records) {
        final List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (final DemoRecord record : records) {
            sent.add(producer.send(new ProducerRecord<>(record.topic(), null, record.receivedAt().toEpochMilli(),
                    record.key(), record.json())));
        }
        producer.flush();
        try {
            for (final Future<RecordMetadata> future : sent) {
                future.get();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while producing the dataset", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("The broker did not take a record of the dataset", e.getCause());
        }
    }
}
