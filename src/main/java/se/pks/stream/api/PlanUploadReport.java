package se.pks.stream.api;

import java.util.List;

/**
 * The answer to a plan file: how many rows were read, accepted (and written) and rejected, and every reason a row
 * was rejected. A row not named in {@code errors} was accepted.
 */
public record PlanUploadReport(int rows, int accepted, int rejected, List<RowError> errors) {

    /** {@code row} is the line number in the file, the header being line 1, as a spreadsheet numbers its rows. */
    public record RowError(int row, String field, String reason) {
    }
}
