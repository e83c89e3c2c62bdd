package se.pks.stream.api;

import java.util.List;
import se.pks.stream.model.FieldError;

/**
 * The answer to a posted batch: what happened to each record, by its position in the body, so a provider can resend
 * exactly the records it has fixed.
 */
public record IngestReport(int records, int accepted, int rejected, List<RecordOutcome> results) {

    public enum Status { ACCEPTED, REJECTED }

    /** {@code eventId} is null when the record had no readable one (or it was not safe to repeat). */
    public record RecordOutcome(int index, String eventId, Status status, List<FieldError> reasons) {
    }

    static IngestReport of(final List<RecordOutcome> results) {
        final int accepted = (int) results.stream().filter(result -> result.status() == Status.ACCEPTED).count();
        return new IngestReport(results.size(), accepted, results.size() - accepted, List.copyOf(results));
    }
}
