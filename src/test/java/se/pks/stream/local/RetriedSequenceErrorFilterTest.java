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
    void hidesTheProducersRetriesOfTheSameBatch() {
        for (final String error : new String[] {"OUT_OF_ORDER_SEQUENCE_NUMBER", "CONCURRENT_TRANSACTIONS"}) {
            assertFalse(filter.isLoggable(producerWarning("[Producer clientId=p-1, transactionalId=t-1] Got error"
                    + " produce response with correlation id 62 on topic-partition p-0, retrying (2147483646 attempts"
                    + " left). Error: " + error)), error);
        }
        assertTrue(filter.isLoggable(producerWarning("[Producer clientId=p-1] Got error produce response with"
                + " correlation id 9 on topic-partition p-0, retrying (2147483646 attempts left). Error:"
                + " NOT_LEADER_OR_FOLLOWER")));
        assertTrue(filter.isLoggable(producerWarning("[Producer clientId=p-1] Received invalid metadata error")));
        // as slf4j hands it over unformatted, its arguments beside it
        final LogRecord unformatted = producerWarning("[Producer clientId={}] Got error produce response with"
                + " correlation id {} on topic-partition {}, retrying ({} attempts left). Error: {}");
        unformatted.setParameters(new Object[] {"p-1", 62, "p-0", 2147483646, "OUT_OF_ORDER_SEQUENCE_NUMBER"});
        assertFalse(filter.isLoggable(unformatted));
    }

    private static LogRecord producerWarning(final String message) {
        final LogRecord record = new LogRecord(Level.WARNING, message);
        record.setLoggerName("org.apache.kafka.clients.producer.internals.Sender");
        return record;
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
