package se.pks.stream.storage;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
import se.pks.stream.FailureStreak;
import se.pks.stream.PksConfig;
import se.pks.stream.RetryBackoff;

/**
 * Mirrors the output topics into PostgreSQL/TimescaleDB for the dashboards.
 *
 * <p>Each poll is written in one database transaction together with the offsets it reached ({@link SinkOffsets}),
 * and reading resumes from those offsets, not from Kafka's: the tables hold each committed record exactly once,
 * even across crashes. It reads only committed records of the exactly-once stream.
 *
 * <p>When the database cannot be written (down, restarting, connection lost) the sink waits and tries again with
 * exponential back-off ({@code pks.sink.first-retry-delay} doubling up to {@code pks.sink.max-retry-delay}), and the
 * readiness check is DOWN until a write or a read of its positions succeeds again. A record that can never be
 * written (not readable, or refused by the database) is skipped with a warning instead of blocking every record after
 * it; see {@link #writeOneByOne}.
 */
@ApplicationScoped
public class DatabaseSink {

    private static final Logger LOG = Logger.getLogger(DatabaseSink.class);
    private static final Duration POLL = Duration.ofMillis(500);

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
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** Per assigned partition, the position this sink last read from or stored in the database. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private SinkMetrics metrics;
    private RetryBackoff backoff;
    /** Failed attempts since the last success: drives the back-off, the readiness check and a gauge. */
    private final FailureStreak failures = new FailureStreak(LOG, "Database sink");
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    void onStart(@Observes final StartupEvent event) {
        if (!config.sink().enabled()) {
            return;
        }
        metrics = new SinkMetrics(registry, tables.keySet());
        backoff = new RetryBackoff(config.sink().firstRetryDelay(), config.sink().maxRetryDelay(),
                config.sink().retryJitter());
        registry.gauge("pks.sink.consecutive.failures", failures.counter());
        running = true;
        thread = Thread.ofPlatform().name("pks-database-sink").start(this::run);
    }

    /**
     * Lets the batch being written commit with its offsets, then stops reading: what was not written yet is read
     * again from those offsets after the restart. Called by {@link se.pks.stream.ShutdownSequence}, after Kafka Streams
     * has closed and before Quarkus closes the database pool.
     */
    public void stop(final Duration timeout) throws InterruptedException {
        running = false;
        final KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(timeout);
        }
    }

    /** True while the sink is running and its last attempt to use the database succeeded (or it is switched off). */
    public boolean healthy() {
        return !config.sink().enabled() || (thread != null && thread.isAlive() && failures.inARow() == 0);
    }

    /** Failed attempts in a row to use the database; 0 once one succeeds. */
    public int failuresInARow() {
        return failures.inARow();
    }

    /** Why the last attempt failed, while failing; null otherwise. */
    public String lastFailure() {
        return failures.lastReason();
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
                        succeeded();
                    } else if (!kafka.assignment().isEmpty()) {
                        // Holding partitions means their positions were read from the database on assignment.
                        succeeded();
                    }
                    metrics.updateLag(kafka);
                }
            } catch (final WakeupException e) {
                // Shutting down.
            } catch (final RuntimeException | SQLException e) {
                // Nothing was committed for the failed batch; after a pause we resume from the stored offsets.
                if (running) {
                    failed(e);
                } else {
                    LOG.infof("Database sink abandoned a batch at shutdown (%s); it is written after the restart",
                            FailureStreak.innermostMessage(e));
                }
            }
        }
    }

    private void succeeded() {
        failures.succeeded();
    }

    private void failed(final Exception e) {
        final Duration delay = backoff.delay(failures.inARow() + 1, ThreadLocalRandom.current().nextDouble());
        failures.failed(e, "next attempt in " + delay + " (back-off up to " + config.sink().maxRetryDelay() + ")");
        pause(delay);
    }

    private void write(final ConsumerRecords<String, byte[]> records) throws SQLException {
        try {
            writeBatch(records, false);
        } catch (final SQLException | RuntimeException e) {
            if (ConnectionLoss.isCause(e)) {
                throw e;
            }
            // The database is there, so something in the batch cannot be written: find it rather than retry forever.
            LOG.warnf("Database sink could not write a batch of %d records (%s); writing them one by one",
                    records.count(), e.getMessage());
            writeBatch(records, true);
        }
    }

    /**
     * @param oneByOne write each record under its own savepoint and skip (with a warning and a count) those that
     *     fail for another reason than a lost connection, so that one bad record cannot hold up the rest
     */
    private void writeBatch(final ConsumerRecords<String, byte[]> records, final boolean oneByOne)
            throws SQLException {
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
                    final Collection<ConsumerRecord<String, byte[]>> written = oneByOne
                            ? writeOneByOne(connection, table, batch, refreshes)
                            : batch;
                    if (!oneByOne) {
                        final int rows = table.write(connection, batch);
                        batch.forEach(refreshes::note);
                        registry.counter("pks.sink.rows.written", "table", topic).increment(rows);
                    }
                    if (SinkMetrics.isMeasureValues(topic)) {
                        measureValues.addAll(written);
                    }
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

    /** Returns the records written; the others are skipped, and their offsets pass with the batch. */
    private Collection<ConsumerRecord<String, byte[]>> writeOneByOne(
            final Connection connection, final SinkTable table,
            final Collection<ConsumerRecord<String, byte[]>> batch, final RefreshRequests refreshes)
            throws SQLException {
        final List<ConsumerRecord<String, byte[]>> written = new ArrayList<>();
        for (final ConsumerRecord<String, byte[]> record : batch) {
            final Savepoint before = connection.setSavepoint();
            try {
                // A key too odd to note throws here, before anything is written.
                refreshes.note(record);
                final int rows = table.write(connection, List.of(record));
                registry.counter("pks.sink.rows.written", "table", record.topic()).increment(rows);
                written.add(record);
            } catch (final SQLException | RuntimeException e) {
                if (ConnectionLoss.isCause(e)) {
                    throw e;
                }
                // Rolling back to the savepoint also fails if the connection went meanwhile: then the batch is retried.
                connection.rollback(before);
                LOG.warnf("Database sink skipped record %s-%d@%d, which it cannot write: %s", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
                registry.counter("pks.sink.records.skipped", "table", record.topic()).increment();
            }
            connection.releaseSavepoint(before);
        }
        return written;
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

    /** Sleeps in short steps so that a shutdown does not wait for a long back-off to end. */
    private void pause(final Duration delay) {
        final long until = System.nanoTime() + delay.toNanos();
        try {
            while (running && System.nanoTime() < until) {
                Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
