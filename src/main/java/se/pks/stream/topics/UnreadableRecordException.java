package se.pks.stream.topics;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import se.pks.stream.model.FieldError;

/** A record of a reference topic that its deserializer refuses, with the reasons the rejected topic should show. */
public final class UnreadableRecordException extends SerializationException {

    private final transient List<FieldError> reasons;

    public UnreadableRecordException(final String topic, final List<FieldError> reasons) {
        super("Unreadable record on " + topic + ": " + reasons.stream().map(FieldError::toString)
                .collect(Collectors.joining("; ")));
        this.reasons = List.copyOf(reasons);
    }

    public List<FieldError> reasons() {
        return reasons;
    }
}
