package se.pks.stream.local;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;

/**
 * Keeps one harmless error of the embedded broker off the console. With Kafka's transactions version 2 a broker
 * refuses a transactional producer's batch numbered above 0 on a partition where that producer's first batch has not
 * been appended yet, and logs it as an ERROR; the producer gets a retriable error and sends again in order
 * (KAFKA-18202). In the local run the broker shares the console with the service, and dozens of these lines in the
 * first seconds read like a failure to someone trying the service out. A real broker runs in its own process, so in
 * production this filter never sees one; every other broker error still shows. The producer's warnings that it
 * retries such a batch are kept off too.
 */
@LoggingFilter(name = "retried-sequence-errors")
public final class RetriedSequenceErrorFilter implements Filter {

    private static final String LOGGER = "kafka.server.ReplicaManager";
    private static final String RETRIED = "Expected sequence 0 for transactions v2 idempotent producer";

    /**
     * The producer's side of the same retry, and of a batch sent while the broker still ends the task's previous
     * transaction: a warning that it sends again, with billions of attempts left. A batch that finally fails is
     * reported by Kafka Streams as an error, which this filter never hides.
     */
    private static final String PRODUCER = "org.apache.kafka.clients.producer.internals.Sender";
    private static final Pattern PRODUCER_RETRY =
            Pattern.compile("Got error produce response .* retrying \\(\\d+ attempts left\\)\\. Error: "
                    + "(OUT_OF_ORDER_SEQUENCE_NUMBER|CONCURRENT_TRANSACTIONS)");

    /** The message as shown, whether the logging bridge formatted it already or left its arguments beside it. */
    private static String text(final LogRecord record) {
        String text = record.getMessage();
        final Object[] parameters = record.getParameters();
        if (parameters != null) {
            for (final Object parameter : parameters) {
                text = text.replaceFirst("\\{}", Matcher.quoteReplacement(String.valueOf(parameter)));
            }
        }
        return text;
    }

    @Override
    public boolean isLoggable(final LogRecord record) {
        final Throwable thrown = record.getThrown();
        if (PRODUCER.equals(record.getLoggerName()) && record.getMessage() != null
                && PRODUCER_RETRY.matcher(text(record)).find()) {
            return false;
        }
        return !(LOGGER.equals(record.getLoggerName())
                && thrown instanceof OutOfOrderSequenceException
                && thrown.getMessage() != null && thrown.getMessage().contains(RETRIED));
    }
}
