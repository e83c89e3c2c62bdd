package se.pks.stream.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

/** The sink's read positions, kept in the database next to the rows they produced. */
final class SinkOffsets {

    private static final String UPSERT = """
            INSERT INTO pks.sink_offset (topic, partition, next_offset)
            SELECT * FROM unnest(?::text[], ?::integer[], ?::bigint[])
            ON CONFLICT (topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset""";
    private static final String SELECT = "SELECT next_offset FROM pks.sink_offset WHERE topic = ? AND partition = ?";
    /**
     * All of a batch's positions in one statement. The rows are locked in the order of the key (the lock is taken
     * after the sort), so two writers that claim overlapping partitions wait for each other instead of deadlocking.
     */
    private static final String LOCK = """
            SELECT topic, partition, next_offset FROM pks.sink_offset
            WHERE (topic, partition) IN (SELECT * FROM unnest(?::text[], ?::integer[]))
            ORDER BY topic, partition
            FOR UPDATE""";

    /** The position of a partition the database holds none for: the sink reads it from the beginning. */
    static final long NONE = -1;

    private SinkOffsets() {
    }

    static void store(final Connection connection, final Map<TopicPartition, Long> next) throws SQLException {
        final List<TopicPartition> partitions = List.copyOf(next.keySet());
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            bindPartitions(connection, statement, partitions);
            statement.setArray(3, connection.createArrayOf("bigint",
                    partitions.stream().map(next::get).toArray(Long[]::new)));
            statement.executeUpdate();
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
        final Map<TopicPartition, Long> stored = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
            bindPartitions(connection, statement, List.copyOf(expected.keySet()));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    stored.put(new TopicPartition(result.getString(1), result.getInt(2)), result.getLong(3));
                }
            }
        }
        for (final Map.Entry<TopicPartition, Long> entry : expected.entrySet()) {
            final long position = stored.getOrDefault(entry.getKey(), NONE);
            final Long read = entry.getValue();
            if (read == null || position != read) {
                throw new Superseded(entry.getKey(), read == null ? NONE : read, position);
            }
        }
    }

    /** Parameters 1 and 2: the partitions' topics and numbers, as arrays in the same order. */
    private static void bindPartitions(final Connection connection, final PreparedStatement statement,
                                       final List<TopicPartition> partitions) throws SQLException {
        statement.setArray(1, connection.createArrayOf("text",
                partitions.stream().map(TopicPartition::topic).toArray(String[]::new)));
        statement.setArray(2, connection.createArrayOf("integer",
                partitions.stream().map(TopicPartition::partition).toArray(Integer[]::new)));
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
