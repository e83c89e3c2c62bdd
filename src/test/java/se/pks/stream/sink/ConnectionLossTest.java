package se.pks.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import se.pks.stream.FailureStreak;

/** Which failures the sink waits out (the database is away) and which make it look for the bad record. */
class ConnectionLossTest {

    @Test
    void aRefusedOrLostConnectionIsWaitedOut() {
        // PgJDBC: connection refused 08001, connection closed 08003; the server shutting down 57P01.
        assertTrue(ConnectionLoss.isCause(new SQLException("Connection refused", "08001")));
        assertTrue(ConnectionLoss.isCause(new SQLException("This connection has been closed.", "08003")));
        assertTrue(ConnectionLoss.isCause(new SQLException("terminating connection", "57P01")));
        assertTrue(ConnectionLoss.isCause(new SQLTransientConnectionException("pool exhausted")));
        // The rebalance listener's failure reaches the sink wrapped by the Kafka consumer.
        assertTrue(ConnectionLoss.isCause(new KafkaException("User rebalance callback throws an error",
                new IllegalStateException(new SQLException("Connection refused", "08001")))));
    }

    @Test
    void aStatementTheDatabaseRefusesIsNot() {
        // 22021: invalid byte sequence (a NUL in text); 23502: not-null violation.
        assertFalse(ConnectionLoss.isCause(new SQLException("invalid byte sequence", "22021")));
        assertFalse(ConnectionLoss.isCause(new SQLException("null value in column", "23502")));
        assertFalse(ConnectionLoss.isCause(new SerializationException("Cannot read MeasureValue")));
        assertFalse(ConnectionLoss.isCause(new NullPointerException()));
    }

    @Test
    void theInnermostMessageSaysWhatHappened() {
        assertEquals("Connection refused", FailureStreak.innermostMessage(new KafkaException(
                "User rebalance callback throws an error", new SQLException("Connection refused", "08001"))));
    }
}
