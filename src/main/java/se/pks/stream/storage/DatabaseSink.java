package se.pks.stream.storage;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import se.pks.stream.PksConfig;

/**
 * Mirrors the output topics into PostgreSQL/TimescaleDB for the dashboards.
 *
 * <p>Each poll is written in one database transaction together with the offsets it reached ({@link SinkOffsets}),
 * and reading resumes from those offsets, not from Kafka's: the tables hold each committed record exactly once,
 * even across crashes. It reads only committed records of the exactly-once stream.
 */
@ApplicationScoped
public class DatabaseSink {

    private static final Logger LOG = Logger.getLogger(DatabaseSink.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final Map<String, SinkTable> tables = List.of(new UnitTable(), new CalendarTable(), new MeasureValueTable(),
                    new DeviationTable(), new FeedQualityTable(), new RejectedRecordTable()).stream()
            .collect(Collectors.toMap(table -> table.topic().name(), Function.identity()));

    @Inject
    DataSource dataSource;

    @Inject
    PksConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    DerivedFiguresRefresher refresher;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** Per assigned partition, the position this sink last read from or stored in the database. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private SinkMetrics metrics;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    void onStart(@Observes final StartupEvent event) {
        if (!config.sink().enabled()) {
            return;
        }
        metrics = new SinkMetrics(registry, tables.keySet());
        running = true;
        thread = Thread.ofPlatform().name("pks-database-sink").start(this::run);
    }

    void onStop(@Observes final ShutdownEvent event) throws InterruptedException {
        running = false;
        final KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(10));
        }
    }

    /** True while the sink is running (or switched off): used by the readiness check. */
    public boolean healthy() {
        return !config.sink().enabled() || (thread != null && thread.isAlive());
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties())) {
                consumer = kafka;
                positions.clear();
                kafka.subscribe(tables.keySet(), new SinkOffsets.Rebalance(kafka, dataSource, positions));
                while (running) {
                    final ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                    if (!records.isEmpty()) {
                        write(records);
                        kafka.commitAsync();
                    }
                    metrics.updateLag(kafka);
                    refresher.refreshIfDue();
                }
            } catch (final WakeupException e) {
                // Shutting down.
            } catch (final RuntimeException | SQLException e) {
                // Nothing was committed for the failed batch; after a pause we resume from the stored offsets.
                LOG.errorf(e, "Database sink failed; retrying in %s", RETRY);
                pause();
            }
        }
    }

    private void write(final ConsumerRecords<String, byte[]> records) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                final Map<TopicPartition, Long> expected = new HashMap<>();
                records.partitions().forEach(partition -> expected.put(partition, positions.get(partition)));
                // First, so that the positions stay locked against another writer until this batch commits.
                SinkOffsets.claim(connection, expected);
                final RefreshRequests refreshes = new RefreshRequests();
                final List<ConsumerRecord<String, byte[]>> measureValues = new ArrayList<>();
                for (final String topic : records.partitions().stream().map(TopicPartition::topic).distinct().toList()) {
                    final SinkTable table = tables.get(topic);
                    final Collection<ConsumerRecord<String, byte[]>> batch = batchFor(table, records.records(topic));
                    final int rows = table.write(connection, batch);
                    batch.forEach(refreshes::note);
                    if (SinkMetrics.isMeasureValues(topic)) {
                        measureValues.addAll(batch);
                    }
                    registry.counter("pks.sink.rows.written", "table", topic).increment(rows);
                }
                refreshes.store(connection);
                final Map<TopicPartition, Long> next = new HashMap<>();
                for (final TopicPartition partition : records.partitions()) {
                    final List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
                    next.put(partition, inPartition.get(inPartition.size() - 1).offset() + 1);
                }
                SinkOffsets.store(connection, next);
                connection.commit();
                positions.putAll(next);
                metrics.batchWritten(records.count());
                metrics.measureValuesCommitted(measureValues, Instant.now());
            } catch (final SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Within one batch only the last value per key is written; older ones would be overwritten anyway. */
    private static Collection<ConsumerRecord<String, byte[]>> batchFor(final SinkTable table,
                                                                       final Iterable<ConsumerRecord<String, byte[]>> records) {
        if (!table.latestPerKeyOnly()) {
            final List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
            records.forEach(all::add);
            return all;
        }
        final Map<String, ConsumerRecord<String, byte[]>> latest = new LinkedHashMap<>();
        records.forEach(record -> latest.put(record.key(), record));
        return latest.values();
    }

    private Map<String, Object> consumerProperties() {
        final Map<String, Object> properties = new HashMap<>(kafkaConfig);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.sink().groupId());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
