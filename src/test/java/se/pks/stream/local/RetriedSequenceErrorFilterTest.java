package se.pks.stream.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

class RetriedSequenceErrorFilterTest {

    private static final String RETRIED = "Invalid sequence number for producer 1 at offset 287 in partition p-0: 89"
            + " (incoming seq. number). Expected sequence 0 for transactions v2 idempotent producer with no existing"
            + " state.";

    private final RetriedSequenceErrorFilter filter = new RetriedSequenceErrorFilter();

    private static LogRecord record(final String logger, final Throwable thrown) {
        final LogRecord record = new LogRecord(Level.SEVERE, "[ReplicaManager broker=1] Error processing append"
                + " operation on partition p-0");
        record.setLoggerName(logger);
        record.setThrown(thrown);
        return record;
    }

    @Test
    void hidesTheBrokersRetriedSequenceError() {
        assertFalse(filter.isLoggable(record("kafka.server.ReplicaManager", new OutOfOrderSequenceException(RETRIED))));
    }

    @Test
    void showsEveryOtherError() {
        assertTrue(filter.isLoggable(record("kafka.server.ReplicaManager",
                new OutOfOrderSequenceException("Out of order sequence number for producer 1: 51 (incoming seq."
                        + " number), 49 (current end sequence number)"))));
        assertTrue(filter.isLoggable(record("kafka.server.ReplicaManager", new IllegalStateException(RETRIED))));
        assertTrue(filter.isLoggable(record("se.pks.stream.sink.DatabaseSink",
                new OutOfOrderSequenceException(RETRIED))));
        assertTrue(filter.isLoggable(record("kafka.server.ReplicaManager", null)));
    }
}
