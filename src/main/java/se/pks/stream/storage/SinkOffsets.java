package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

/** The sink's read positions, kept in the database next to the rows they produced. */
final class SinkOffsets {

    private static final String UPSERT = """
            INSERT INTO pks.sink_offset (topic, partition, next_offset) VALUES (?, ?, ?)
            ON CONFLICT (topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset""";
    private static final String SELECT = "SELECT next_offset FROM pks.sink_offset WHERE topic = ? AND partition = ?";
    private static final String LOCK = SELECT + " FOR UPDATE";

    /** The position of a partition the database holds none for: the sink reads it from the beginning. */
    static final long NONE = -1;

    private SinkOffsets() {
    }

    static void store(final Connection connection, final Map<TopicPartition, Long> next) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            for (final Map.Entry<TopicPartition, Long> entry : next.entrySet()) {
                statement.setString(1, entry.getKey().topic());
                statement.setInt(2, entry.getKey().partition());
                statement.setLong(3, entry.getValue());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /**
     * Locks the stored positions of a batch's partitions until the transaction ends, and checks that they are still
     * the ones this sink read them from. A sink that was put out of its consumer group while it was stalled (a long
     * pause, a database call that hung past {@code max.poll.interval.ms}) does not know yet that another instance now
     * writes its partitions; without this check its late commit would put older figures over newer ones and move the
     * stored position back.
     *
     * <p>A partition without a row yet cannot be locked; two writers of its very first batch write the same records
     * from the beginning, which the upserts make harmless.
     *
     * @param expected per partition, the position this sink last read or stored ({@link #NONE}: no row; null: not
     *     known to this sink, which is treated as superseded)
     * @throws Superseded when another writer has stored a different position since
     */
    static void claim(final Connection connection, final Map<TopicPartition, Long> expected) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
            for (final Map.Entry<TopicPartition, Long> entry : expected.entrySet()) {
                statement.setString(1, entry.getKey().topic());
                statement.setInt(2, entry.getKey().partition());
                try (ResultSet result = statement.executeQuery()) {
                    final long stored = result.next() ? result.getLong(1) : NONE;
                    final Long read = entry.getValue();
                    if (read == null || stored != read) {
                        throw new Superseded(entry.getKey(), read == null ? NONE : read, stored);
                    }
                }
            }
        }
    }

    /** Another instance has written the partition since this sink last did: its batch is stale. */
    static final class Superseded extends IllegalStateException {

        Superseded(final TopicPartition partition, final long expected, final long stored) {
            super("The stored position of " + partition + " is " + stored + ", not " + expected
                    + ": another instance has taken the partition over; dropping this batch and rejoining");
        }
    }

    /**
     * On every assignment, continue where the database says, whatever Kafka's committed offsets say, and remember
     * that position in {@code positions} for {@link #claim}.
     */
    record Rebalance(Consumer<?, ?> consumer, DataSource dataSource, Map<TopicPartition, Long> positions)
            implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            // Positions live in the database; nothing to save here, only to forget.
            partitions.forEach(positions::remove);
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement statement = connection.prepareStatement(SELECT)) {
                for (final TopicPartition partition : partitions) {
                    statement.setString(1, partition.topic());
                    statement.setInt(2, partition.partition());
                    try (ResultSet result = statement.executeQuery()) {
                        if (result.next()) {
                            consumer.seek(partition, result.getLong(1));
                            positions.put(partition, result.getLong(1));
                        } else {
                            consumer.seekToBeginning(List.of(partition));
                            positions.put(partition, NONE);
                        }
                    }
                }
            } catch (final SQLException e) {
                throw new IllegalStateException("Cannot read the sink's offsets from the database", e);
            }
        }
    }
}
