package se.pks.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.MigratedDatabaseTest;
import se.pks.stream.topics.Topics;

/**
 * The sink's consumer group was renamed, from the fixed {@code pks-stream-db-sink} to
 * {@code <application id>-db-sink}. A sink in the new group has no committed offsets in Kafka, and must still neither
 * skip nor repeat a record of the topics whose names did not change with it (the shared unit register and calendar;
 * the figure topics were renamed after the deployment too, and are read from their beginning): it resumes from the
 * positions stored in the database with the rows.
 */
class SinkGroupRenameTest extends MigratedDatabaseTest {

    private static final TopicPartition WRITTEN = new TopicPartition(Topics.UNITS.name(), 0);
    private static final TopicPartition NEVER_WRITTEN = new TopicPartition(Topics.UNITS.name(), 1);

    @Test
    void aSinkInANewGroupResumesWhereTheDatabaseSaysNotFromKafkasOffsets() throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM pks.sink_offset");
            // what the old group's sink had committed with its last batch
            statement.execute("INSERT INTO pks.sink_offset (topic, partition, next_offset)"
                    + " VALUES ('" + Topics.UNITS.name() + "', 0, 1234)");
        }
        // A new group: no committed offsets; the reset policy alone would start from the end ("latest").
        final MockConsumer<String, byte[]> consumer = new MockConsumer<>("latest");
        consumer.updateBeginningOffsets(Map.of(WRITTEN, 0L, NEVER_WRITTEN, 0L));
        consumer.updateEndOffsets(Map.of(WRITTEN, 5000L, NEVER_WRITTEN, 300L));
        consumer.assign(List.of(WRITTEN, NEVER_WRITTEN));
        final Map<TopicPartition, Long> positions = new HashMap<>();

        new SinkOffsets.Rebalance(consumer, dataSource(), positions).onPartitionsAssigned(List.of(WRITTEN,
                NEVER_WRITTEN));

        assertEquals(1234L, consumer.position(WRITTEN));
        assertEquals(0L, consumer.position(NEVER_WRITTEN));
        assertEquals(Map.of(WRITTEN, 1234L, NEVER_WRITTEN, SinkOffsets.NONE), positions);
    }
}
