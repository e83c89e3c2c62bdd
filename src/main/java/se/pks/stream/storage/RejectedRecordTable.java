package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import se.pks.stream.model.Rejection;
import se.pks.stream.topology.JsonSerde;
import se.pks.stream.topology.Topic;
import se.pks.stream.topology.Topics;

/**
 * Rejections into {@code pks.rejected_record}, keyed by where the record came from, so a replay adds nothing. The
 * record itself is not copied: it may hold free text, and it stays (masked) on the rejected topic.
 */
final class RejectedRecordTable implements SinkTable {

    private static final String INSERT = """
            INSERT INTO pks.rejected_record (source_topic, source_partition, source_offset, record_key, reasons,
                                             received_at)
            VALUES (?, ?, ?, ?, ?::jsonb, ?)
            ON CONFLICT (source_topic, source_partition, source_offset) DO NOTHING""";

    @Override
    public Topic<String, ?> topic() {
        return Topics.REJECTED;
    }

    /** Rejections are not keyed by identity: every record counts, so none are folded together. */
    @Override
    public boolean latestPerKeyOnly() {
        return false;
    }

    @Override
    public int write(final Connection connection, final Collection<ConsumerRecord<String, byte[]>> records)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (final ConsumerRecord<String, byte[]> record : records) {
                final Rejection rejection = Rows.value(Topics.REJECTED, record);
                insert.setString(1, rejection.topic());
                insert.setInt(2, rejection.partition());
                insert.setLong(3, rejection.offset());
                // PostgreSQL text cannot hold NUL; a provider's broken key or reason text may.
                insert.setString(4, rejection.key() == null ? null : rejection.key().replace("\u0000", ""));
                insert.setString(5, JsonSerde.MAPPER.valueToTree(rejection.reasons()).toString());
                insert.setTimestamp(6, Timestamp.from(rejection.receivedAt()));
                insert.addBatch();
            }
            return Rows.sum(insert.executeBatch());
        }
    }
}
