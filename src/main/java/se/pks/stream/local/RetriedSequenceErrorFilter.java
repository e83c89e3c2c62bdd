package se.pks.stream.local;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;

/**
 * Keeps one harmless error of the embedded broker off the console. With Kafka's transactions version 2 a broker
 * refuses a transactional producer's batch numbered above 0 on a partition where that producer's first batch has not
 * been appended yet, and logs it as an ERROR; the producer gets a retriable error and sends again in order
 * (KAFKA-18202). In the local run the broker shares the console with the service, and dozens of these lines in the
 * first seconds read like a failure to someone trying the service out. A real broker runs in its own process, so in
 * production this filter never sees one; every other broker error still shows.
 */
@LoggingFilter(name = "retried-sequence-errors")
public final class RetriedSequenceErrorFilter implements Filter {

    private static final String LOGGER = "kafka.server.ReplicaManager";
    private static final String RETRIED = "Expected sequence 0 for transactions v2 idempotent producer";

    @Override
    public boolean isLoggable(final LogRecord record) {
        final Throwable thrown = record.getThrown();
        return !(LOGGER.equals(record.getLoggerName())
                && thrown instanceof OutOfOrderSequenceException
                && thrown.getMessage() != null && thrown.getMessage().contains(RETRIED));
    }
}
