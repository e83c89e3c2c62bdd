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

    /** On every assignment, continue where the database says, whatever Kafka's committed offsets say. */
    record Rebalance(Consumer<?, ?> consumer, DataSource dataSource) implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            // Positions live in the database; nothing to save here.
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
                        } else {
                            consumer.seekToBeginning(List.of(partition));
                        }
                    }
                }
            } catch (final SQLException e) {
                throw new IllegalStateException("Cannot read the sink's offsets from the database", e);
            }
        }
    }
}
