package se.pks.stream.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.pks.stream.ingest.PlanValidator;
import se.pks.stream.ingest.Validation;
import se.pks.stream.model.FieldError;
import se.pks.stream.model.Plan;
import se.pks.stream.topics.JsonSerde;

/**
 * Checks every row of an uploaded plan file on its own with the stream's own plan rules, so that one bad row does
 * not hold back a year of good ones: the good rows go through, the bad ones come back with their reasons.
 */
final class PlanUpload {

    /** The rows to write, in file order, and the report to answer with once they are written. */
    record Checked(List<Plan> accepted, PlanUploadReport report) {
    }

    private PlanUpload() {
    }

    static Checked check(final List<CsvRows.Row> rows, final PlanValidator validator) {
        final List<Plan> accepted = new ArrayList<>();
        final List<PlanUploadReport.RowError> errors = new ArrayList<>();
        final Map<String, Integer> rowOfKey = new HashMap<>();
        for (final CsvRows.Row row : rows) {
            final Validation<Plan> result = row.unreadable() != null
                    ? Validation.rejected("row", row.unreadable())
                    : validator.validate(json(row));
            if (result instanceof Validation.Rejected<Plan> rejected) {
                for (final FieldError reason : rejected.reasons()) {
                    errors.add(new PlanUploadReport.RowError(row.number(), reason.field(), reason.reason()));
                }
                continue;
            }
            final Plan plan = ((Validation.Accepted<Plan>) result).value();
            final Integer earlier = rowOfKey.putIfAbsent(plan.key(), row.number());
            if (earlier != null) {
                // The topic keeps one value per key; taking either silently would hide a mistake in the file.
                errors.add(new PlanUploadReport.RowError(row.number(), "key", "the same unitId, measure, planKind, "
                        + "granularity and periodStart as row " + earlier));
                continue;
            }
            accepted.add(plan);
        }
        final int rejected = rows.size() - accepted.size();
        return new Checked(accepted, new PlanUploadReport(rows.size(), accepted.size(), rejected, errors));
    }

    private static byte[] json(final CsvRows.Row row) {
        try {
            return JsonSerde.MAPPER.writeValueAsBytes(row.fields());
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("A tree of text and numbers is always JSON", e);
        }
    }
}
