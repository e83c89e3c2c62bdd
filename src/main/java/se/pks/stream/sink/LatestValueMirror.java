package se.pks.stream.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import se.pks.stream.topics.Topic;

/**
 * A table that mirrors the latest value per key of a compacted topic: a value is upserted, a tombstone deletes the
 * row. A batch is copied into a staging table, values and tombstones alike (column {@code gone} tells them apart), and
 * moved on by one upsert and one delete per target table. Subclasses say how a value and a key fill a staged row.
 */
abstract class LatestValueMirror<V> implements TopicMirror {

    /**
     * The two statements that move the staged rows into one target table: {@code upsert} reads the rows that are not
     * {@code gone}, {@code delete} those that are.
     */
    record Merge(String upsert, String delete) {
    }

    private final Topic<String, V> topic;
    private final StagingTable staging;
    private final Merge counted;
    private final List<Merge> alsoInto;

    /**
     * @param counted the target whose rows count as written
     * @param alsoInto further targets filled from the same staged rows, run first
     */
    LatestValueMirror(final Topic<String, V> topic, final StagingTable staging, final Merge counted,
                     final Merge... alsoInto) {
        this.topic = topic;
        this.staging = staging;
        this.counted = counted;
        this.alsoInto = List.of(alsoInto);
    }

    /** Stages a value: the staging table's columns but the last ({@code gone}). */
    abstract void stageValue(CopyRows row, V value);

    /** Stages a tombstone from its record key: the key columns, the value columns left NULL. */
    abstract void stageKey(CopyRows row, String key);

    @Override
    public Topic<String, ?> topic() {
        return topic;
    }

    @Override
    public int write(final Connection connection, final Collection<ConsumerRecord<String, byte[]>> records)
            throws SQLException {
        final CopyRows rows = new CopyRows();
        int values = 0;
        int tombstones = 0;
        for (final ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                stageKey(rows, record.key());
                rows.flag(true);
                tombstones++;
            } else {
                stageValue(rows, TopicMirror.value(topic, record));
                rows.flag(false);
                values++;
            }
            rows.endRow();
        }
        staging.fill(connection, rows);
        try (Statement statement = connection.createStatement()) {
            for (final Merge merge : alsoInto) {
                merge(statement, merge, values, tombstones);
            }
            final int written = merge(statement, counted, values, tombstones);
            staging.drop(connection);
            return written;
        }
    }

    /**
     * Runs only the statements the batch needs. Tombstones are rare, and a delete joined to a staging table the
     * planner has no statistics for is the one statement here that could be planned as a scan of the whole table.
     */
    private static int merge(final Statement statement, final Merge merge, final int values, final int tombstones)
            throws SQLException {
        return (values > 0 ? statement.executeUpdate(merge.upsert()) : 0)
                + (tombstones > 0 ? statement.executeUpdate(merge.delete()) : 0);
    }
}
