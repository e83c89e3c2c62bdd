package se.pks.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.MigratedDatabaseTest;

/**
 * The database sink's positions fence off a stale writer: an instance that was put out of the consumer group while
 * stalled, and whose partition another instance has written since, must not commit its old batch over the newer rows.
 */
class SinkOffsetsTest extends MigratedDatabaseTest {

    private static final TopicPartition VALUES = new TopicPartition("pks-stream-v2.measure-values.v1", 1);

    @BeforeEach
    void resetOffsets() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM pks.sink_offset");
        }
    }

    @Test
    void aBatchFromThePositionTheSinkReadIsAccepted() throws SQLException {
        SinkOffsets.claim(connection, Map.of(VALUES, SinkOffsets.NONE));
        SinkOffsets.store(connection, Map.of(VALUES, 120L));
        SinkOffsets.claim(connection, Map.of(VALUES, 120L));
        assertEquals(120L, stored());
    }

    @Test
    void aStalledSinkWhosePartitionAnotherInstanceWroteMeanwhileIsRefused() throws SQLException {
        // A and B both start the partition at 100; A stalls with records 100..149 in hand.
        SinkOffsets.store(connection, Map.of(VALUES, 100L));
        // B, which got the partition, writes 100..199 and commits.
        try (Connection other = dataSource().getConnection()) {
            other.setAutoCommit(false);
            SinkOffsets.claim(other, Map.of(VALUES, 100L));
            SinkOffsets.store(other, Map.of(VALUES, 200L));
            other.commit();
        }
        // A wakes up and tries to commit its batch from 100.
        connection.setAutoCommit(false);
        final SinkOffsets.Superseded refused =
                assertThrows(SinkOffsets.Superseded.class, () -> SinkOffsets.claim(connection, Map.of(VALUES, 100L)));
        connection.rollback();
        assertEquals("The stored position of pks-stream-v2.measure-values.v1-1 is 200, not 100: another instance has"
                + " taken the partition over; dropping this batch and rejoining", refused.getMessage());
        assertEquals(200L, stored());
    }

    @Test
    void aPartitionTheSinkHoldsNoPositionForIsRefused() throws SQLException {
        SinkOffsets.store(connection, Map.of(VALUES, 100L));
        final Map<TopicPartition, Long> unknown = new HashMap<>();
        unknown.put(VALUES, null);
        assertThrows(SinkOffsets.Superseded.class, () -> SinkOffsets.claim(connection, unknown));
    }

    private long stored() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT next_offset FROM pks.sink_offset")) {
            row.next();
            return row.getLong(1);
        }
    }
}
