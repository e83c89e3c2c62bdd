package se.pks.stream.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jboss.logging.Logger;
import se.pks.stream.model.FieldError;
import se.pks.stream.model.Rejection;
import se.pks.stream.topics.UnreadableRecordException;

/**
 * The deserialization exception handler ({@code kafka-streams.deserialization.exception.handler}): a record of a
 * topic read with a typed deserializer (the unit register) that cannot be read goes
 * to the rejected topic with the reason, like a rejected event, and the stream goes on with the next record. Event
 * and plan topics are read as bytes and validated in the topology, so they never get here.
 *
 * <p>Kafka Streams 4.1 has no dead-letter queue of its own (KIP-1034 arrives in 4.2); this is the same idea.
 */
public final class UnreadableRecordHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = Logger.getLogger(UnreadableRecordHandler.class);

    private RejectedRecordWriter writer;

    @Override
    public void configure(final Map<String, ?> configs) {
        writer = RejectedRecordWriter.ofRunningApplication();
    }

    @Override
    public DeserializationHandlerResponse handle(final ErrorHandlerContext context,
                                                 final ConsumerRecord<byte[], byte[]> record,
                                                 final Exception exception) {
        final Rejection rejection = Rejections.unreadable(record, reasons(record.topic(), exception));
        LOG.warnf("Rejected unreadable record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                rejection.reasons());
        if (writer != null) {
            writer.write(rejection);
        }
        return DeserializationHandlerResponse.CONTINUE;
    }

    private static List<FieldError> reasons(final String topic, final Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnreadableRecordException unreadable) {
                return unreadable.reasons();
            }
        }
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                // The path names the record's field: MeasureValue["value"] becomes "value".
                final String field = mapping.getPath().stream()
                        .map(reference -> reference.getFieldName() != null
                                ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                        .collect(Collectors.joining("."));
                return List.of(new FieldError(field, firstLine(mapping.getOriginalMessage())));
            }
            if (cause instanceof JsonProcessingException json) {
                return List.of(new FieldError("value", "is not valid JSON: " + firstLine(json.getOriginalMessage())));
            }
        }
        return List.of(new FieldError("value", "cannot be read as a record of " + topic + ": "
                + firstLine(exception.getMessage())));
    }

    private static String firstLine(final String message) {
        final String text = String.valueOf(message);
        final int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
