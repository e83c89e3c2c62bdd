package se.pks.stream.sink;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import se.pks.stream.topics.OutputTopics;

/**
 * Writes one poll of the database sink in one transaction: the positions it reached ({@link SinkOffsets}), each
 * table's rows, and the refresh requests they cause. Each table gets its batch in one set-based write (see
 * {@link StagingTable}); a record the database refuses is found and skipped, see {@link #writeSkippingRefused}.
 */
final class BatchWriter {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);

    private final OutputTopics outputs;
    /** The tables the sink mirrors, by the topic they mirror. */
    private final Map<String, TopicMirror> tables;
    private final DataSource dataSource;
    private final MeterRegistry registry;
    private final SinkMetrics metrics;
    /** Per assigned partition, the position this sink last read from or stored in the database. */
    private final Map<TopicPartition, Long> positions;

    /** @param outputs the deployment whose figures the sink reads, besides the shared unit register and calendar */
    BatchWriter(final OutputTopics outputs, final DataSource dataSource, final MeterRegistry registry,
                final SinkMetrics metrics, final Map<TopicPartition, Long> positions) {
        this.outputs = outputs;
        this.tables = tables(outputs);
        this.dataSource = dataSource;
        this.registry = registry;
        this.metrics = metrics;
        this.positions = positions;
    }

    /** The topics the sink reads. */
    static Set<String> topics(final OutputTopics outputs) {
        return tables(outputs).keySet();
    }

    private static Map<String, TopicMirror> tables(final OutputTopics outputs) {
        return Stream.of(new UnitMirror(), new CalendarMirror(), new MeasureValueMirror(outputs.measureValues()),
                        new DeviationMirror(outputs.deviations()), new FeedQualityMirror(outputs.feedQuality()),
                        new RejectedRecordMirror(outputs.rejected()))
                .collect(Collectors.toMap(table -> table.topic().name(), Function.identity()));
    }

    void write(final ConsumerRecords<String, byte[]> records) throws SQLException {
        write(records, false);
    }

    /**
     * @param catchingUp the sink is behind: the units' usual weekly levels (pks.weekly_spread, V28) of the weeks this
     *     batch changes are left for the derived-figure rounds instead of being computed again at its commit, since a
     *     replay rewrites the same weeks many times (pks.outlier computes them from the weeks meanwhile)
     */
    void write(final ConsumerRecords<String, byte[]> records, final boolean catchingUp) throws SQLException {
        try {
            writeBatch(records, false, catchingUp);
        } catch (final SQLException | RuntimeException e) {
            if (ConnectionLoss.isCause(e)) {
                throw e;
            }
            // The database is there, so something in the batch cannot be written: find it rather than retry forever.
            LOG.warnf("Database sink could not write a batch of %d records (%s); looking for the records it refuses",
                    records.count(), e.getMessage());
            writeBatch(records, true, catchingUp);
        }
    }

    /**
     * @param skipRefused write each table's batch under a savepoint and skip (with a warning and a count) the records
     *     that fail for another reason than a lost connection, so that one bad record cannot hold up the rest
     * @param catchingUp leave the units' usual weekly levels of the changed weeks for later ({@link WeeklySpreads})
     */
    private void writeBatch(final ConsumerRecords<String, byte[]> records, final boolean skipRefused,
                            final boolean catchingUp) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (catchingUp) {
                    WeeklySpreads.leaveForLater(connection);
                }
                final Map<TopicPartition, Long> expected = new HashMap<>();
                records.partitions().forEach(partition -> expected.put(partition, positions.get(partition)));
                // First, so that the positions stay locked against another writer until this batch commits.
                SinkOffsets.claim(connection, expected);
                final RefreshRequests refreshes = new RefreshRequests(outputs);
                final Tally tally = new Tally();
                final List<ConsumerRecord<String, byte[]>> measureValues = new ArrayList<>();
                for (final String topic : records.partitions().stream().map(TopicPartition::topic).distinct().toList()) {
                    final TopicMirror table = tables.get(topic);
                    final List<ConsumerRecord<String, byte[]>> batch = batchFor(table, records.records(topic));
                    final List<ConsumerRecord<String, byte[]>> written = skipRefused
                            ? writeSkippingRefused(connection, table, batch, refreshes, tally)
                            : writeAll(connection, table, batch, refreshes, tally);
                    if (topic.equals(outputs.measureValues().name())) {
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
                tally.count(registry);
                metrics.batchWritten(records.count());
                metrics.measureValuesCommitted(measureValues, Instant.now());
            } catch (final SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private List<ConsumerRecord<String, byte[]>> writeAll(final Connection connection, final TopicMirror table,
                                                         final List<ConsumerRecord<String, byte[]>> batch,
                                                         final RefreshRequests refreshes, final Tally tally)
            throws SQLException {
        // A key too odd to note throws here, before anything is written.
        batch.forEach(refreshes::note);
        tally.written.merge(table.topic().name(), table.write(connection, batch), Integer::sum);
        return batch;
    }

    /**
     * Writes the batch under a savepoint; when the database refuses it, writes each half the same way, down to the
     * single records it refuses, which are skipped (their offsets pass with the batch). One bad record in 5,000 costs
     * about 25 small writes instead of 5,000, and every record that can be written alone is written, in order.
     * Returns the records written.
     */
    private List<ConsumerRecord<String, byte[]>> writeSkippingRefused(
            final Connection connection, final TopicMirror table, final List<ConsumerRecord<String, byte[]>> batch,
            final RefreshRequests refreshes, final Tally tally) throws SQLException {
        final Savepoint before = connection.setSavepoint();
        try {
            final List<ConsumerRecord<String, byte[]>> written = writeAll(connection, table, batch, refreshes, tally);
            connection.releaseSavepoint(before);
            return written;
        } catch (final SQLException | RuntimeException e) {
            if (ConnectionLoss.isCause(e)) {
                throw e;
            }
            // Rolling back to the savepoint also fails if the connection went meanwhile: then the batch is retried.
            connection.rollback(before);
            connection.releaseSavepoint(before);
            if (batch.size() == 1) {
                final ConsumerRecord<String, byte[]> record = batch.get(0);
                LOG.warnf("Database sink skipped record %s-%d@%d, which it cannot write: %s", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
                tally.skipped.merge(record.topic(), 1, Integer::sum);
                return List.of();
            }
        }
        final int half = batch.size() / 2;
        final List<ConsumerRecord<String, byte[]>> written =
                new ArrayList<>(writeSkippingRefused(connection, table, batch.subList(0, half), refreshes, tally));
        written.addAll(writeSkippingRefused(connection, table, batch.subList(half, batch.size()), refreshes, tally));
        return written;
    }

    /** Within one batch only the last value per key is written; older ones would be overwritten anyway. */
    private static List<ConsumerRecord<String, byte[]>> batchFor(
            final TopicMirror table, final Iterable<ConsumerRecord<String, byte[]>> records) {
        if (!table.latestPerKeyOnly()) {
            final List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
            records.forEach(all::add);
            return all;
        }
        final Map<String, ConsumerRecord<String, byte[]>> latest = new LinkedHashMap<>();
        records.forEach(record -> latest.put(record.key(), record));
        return new ArrayList<>(latest.values());
    }

    /**
     * Rows written and records skipped per topic in one transaction, counted only once it commits: a batch that is
     * rolled back and written again must not count twice.
     */
    private static final class Tally {

        final Map<String, Integer> written = new HashMap<>();
        final Map<String, Integer> skipped = new HashMap<>();

        void count(final MeterRegistry registry) {
            written.forEach((topic, rows) -> registry.counter("pks.sink.rows.written", "table", topic).increment(rows));
            skipped.forEach((topic, records) ->
                    registry.counter("pks.sink.records.skipped", "table", topic).increment(records));
        }
    }
}
