package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import se.pks.stream.topology.Topic;

/**
 * A table that mirrors the latest value per key of a compacted topic: a value is upserted, a tombstone deletes the
 * row. Subclasses say how a value and a key fill their statements.
 */
abstract class LatestValueTable<V> implements SinkTable {

    private final Topic<String, V> topic;
    private final String upsert;
    private final String delete;

    LatestValueTable(final Topic<String, V> topic, final String upsert, final String delete) {
        this.topic = topic;
        this.upsert = upsert;
        this.delete = delete;
    }

    /** Fills the upsert statement's parameters from a value. */
    abstract void bindValue(PreparedStatement statement, V value) throws SQLException;

    /** Fills the delete statement's parameters from a record key. */
    abstract void bindKey(PreparedStatement statement, String key) throws SQLException;

    @Override
    public Topic<String, ?> topic() {
        return topic;
    }

    @Override
    public int write(final Connection connection, final Collection<ConsumerRecord<String, byte[]>> records)
            throws SQLException {
        try (PreparedStatement upserts = connection.prepareStatement(upsert);
             PreparedStatement deletes = connection.prepareStatement(delete)) {
            for (final ConsumerRecord<String, byte[]> record : records) {
                if (record.value() == null) {
                    bindKey(deletes, record.key());
                    deletes.addBatch();
                } else {
                    bindValue(upserts, Rows.value(topic, record));
                    upserts.addBatch();
                }
            }
            return Rows.sum(upserts.executeBatch()) + Rows.sum(deletes.executeBatch());
        }
    }
}
